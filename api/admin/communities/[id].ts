import { ops } from '../../../core/contracts/api'
import { method, route, sqlArgs } from '../../_lib/http'

export default route({
  PATCH: method(ops.updateCommunity, async ({ input, ctx, claims }) =>
    ctx.db.rpc('community_update', {
      ...sqlArgs(input),
      // null clears the phone: SQL reads '' as "clear" and null as "leave it"
      p_service_phone: input.servicePhone === null ? '' : input.servicePhone,
    }, claims!),
  ),
})
