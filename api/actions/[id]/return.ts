import { ops } from '../../../core/contracts/api'
import { method, route } from '../../_lib/http'

export default route({
  POST: method(ops.returnAction, async ({ input, ctx, claims }) =>
    ctx.db.rpc('action_return', { p_id: input.id, p_reason: input.reason }, claims!),
  ),
})
