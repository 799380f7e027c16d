import { ops } from '../../core/contracts/api'
import { method, route } from '../_lib/http'

export default route({
  GET: method(ops.listAudit, async ({ input, ctx, claims }) =>
    ctx.db.rpc('audit_list', { p_community_id: input.communityId, p_street_id: input.streetId, p_cursor: input.cursor }, claims!),
  ),
})
