import { ops } from '../../../../core/contracts/api'
import { method, route } from '../../../_lib/http'

export default route({
  POST: method(ops.suspendMember, async ({ input, ctx, claims }) =>
    ctx.db.rpc('member_suspend', {
      p_profile_id: input.profileId,
      p_suspend: input.suspend,
      p_reason: input.reason,
    }, claims!),
  ),
})
