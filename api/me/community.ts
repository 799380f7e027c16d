import { ops } from '../../core/contracts/api'
import { method, route } from '../_lib/http'

export default route({
  POST: method(ops.joinCommunity, async ({ input, ctx, claims }) =>
    ctx.db.rpc('community_join', { p_community_id: input.communityId, p_micro_grid_id: input.microGridId ?? null }, claims!),
  ),
})
