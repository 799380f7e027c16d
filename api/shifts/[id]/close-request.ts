import { ops } from '../../../core/contracts/api'
import { method, route } from '../../_lib/http'

export default route({
  POST: method(ops.requestShiftClose, async ({ input, ctx, claims }) =>
    ctx.db.rpc('shift_close_request', { p_id: input.id, p_minutes: input.minutes, p_note: input.note }, claims!),
  ),
})
