import { ops } from '../../../core/contracts/api'
import { method, route } from '../../_lib/http'

export default route({
  GET: method(ops.listMembers, async ({ input, ctx, claims }) =>
    ctx.db.rpc('members_list', {
      p_community_id: input.communityId,
      p_q: input.q,
      p_role: input.role,
      p_cursor: input.cursor,
    }, claims!),
  ),
})
