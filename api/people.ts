import { ops } from '../core/contracts/api'
import { method, route } from './_lib/http'

export default route({
  GET: method(ops.listPeople, async ({ input, ctx, claims }) =>
    ctx.db.rpc('people_search', { p_community_id: input.communityId, p_q: input.q, p_role: input.role }, claims!),
  ),
})
