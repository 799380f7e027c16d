import { ops } from '../../../../core/contracts/api'
import { method, route } from '../../../_lib/http'

export default route({
  POST: method(ops.changeRoles, async ({ input, ctx, claims }) =>
    ctx.db.rpc('member_roles_change', {
      p_profile_id: input.profileId,
      p_community_id: input.communityId,
      p_add: input.add,
      p_remove: input.remove,
      p_grid_id: input.gridId,
    }, claims!),
  ),
})
