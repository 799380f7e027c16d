import { ops } from '../../../core/contracts/api'
import { method, route } from '../../_lib/http'

export default route({
  POST: method(ops.resolveShiftClose, async ({ input, ctx, claims }) =>
    ctx.db.rpc('shift_close_resolve', { p_id: input.id, p_approve: input.approve, p_minutes: input.minutes ?? null, p_reason: input.reason ?? null }, claims!),
  ),
})
