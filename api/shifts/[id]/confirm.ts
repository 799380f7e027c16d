import { ops } from '../../../core/contracts/api'
import { method, route } from '../../_lib/http'

export default route({
  POST: method(ops.confirmShift, async ({ input, ctx, claims }) =>
    ctx.db.rpc('shift_confirm', { p_id: input.id, p_approve: input.approve, p_reason: input.reason ?? null, p_minutes: input.minutes ?? null }, claims!),
  ),
})
