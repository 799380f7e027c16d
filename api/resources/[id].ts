import { ops } from '../../core/contracts/api'
import { method, route, sqlArgs } from '../_lib/http'

export default route({
  PATCH: method(ops.updateResource, async ({ input, ctx, claims }) =>
    // a null partner type clears it; left out, it stays
    ctx.db.rpc('resource_update', { ...sqlArgs(input), p_clear_partner_type: input.partnerType === null }, claims!),
  ),
})
