import { ops } from '../../../core/contracts/api'
import { method, route } from '../../_lib/http'

export default route({
  GET: method(ops.listProposals, async ({ input, ctx, claims }) =>
    ctx.db.rpc('matching_proposals', { p_community_id: input.communityId, p_cursor: input.cursor, p_limit: input.limit }, claims!),
  ),
})
