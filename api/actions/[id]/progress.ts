import { ops } from '../../../core/contracts/api'
import { method, route } from '../../_lib/http'

export default route({
  POST: method(ops.actionProgress, async ({ input, ctx, claims }) =>
    ctx.db.rpc('action_progress_add', { p_id: input.id, p_note: input.note, p_percent: input.percent }, claims!),
  ),
})
