import { ops } from '../../core/contracts/api'
import { method, paged, route, sqlArgs } from '../_lib/http'

export default route({
  GET: paged(ops.listResources, 'resources_list'),
  POST: method(ops.createResource, async ({ input, ctx, claims }) =>
    // the SQL function has no default for the partner type
    ctx.db.rpc('resource_create', { ...sqlArgs(input), p_partner_type: input.partnerType ?? null }, claims!),
  ),
})
