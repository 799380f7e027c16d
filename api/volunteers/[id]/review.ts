import { ops } from '../../../core/contracts/api'
import { method, route } from '../../_lib/http'

export default route({
  POST: method(ops.reviewVolunteer, async ({ input, ctx, claims }) =>
    ctx.db.rpc('volunteer_review', { p_id: input.id, p_approve: input.approve, p_reason: input.reason }, claims!),
  ),
})
