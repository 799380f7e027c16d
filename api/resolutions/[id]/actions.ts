import { ops } from '../../../core/contracts/api'
import { method, route } from '../../_lib/http'

export default route({
  POST: method(ops.addAction, async ({ input, ctx, claims }) =>
    ctx.db.rpc('resolution_action_add', { p_id: input.id, p_title: input.title, p_owner_id: input.ownerId, p_due_at: input.dueAt }, claims!),
  ),
})
