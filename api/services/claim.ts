import { ops } from '../../core/contracts/api'
import { method, route } from '../_lib/http'

export default route({
  POST: method(ops.claimService, async ({ input, ctx, claims }) =>
    ctx.db.rpc('service_claim', { p_need_id: input.needId, p_resource_id: input.resourceId }, claims!),
  ),
})
