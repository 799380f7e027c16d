import { ops } from '../../../core/contracts/api'
import { forward, method, route, sqlArgs } from '../../_lib/http'

export default route({
  GET: forward(ops.listAdminCommunities, 'admin_communities_list'),
  POST: method(ops.createCommunity, async ({ input, ctx, claims }) =>
    // an empty phone is no phone
    ctx.db.rpc('community_create', { ...sqlArgs(input), p_service_phone: input.servicePhone || undefined }, claims!),
  ),
})
