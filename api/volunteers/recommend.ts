import { ops } from '../../core/contracts/api'
import { method, route } from '../_lib/http'

export default route({
  POST: method(ops.recommendTalent, async ({ input, ctx, claims }) =>
    ctx.db.rpc('volunteer_recommend', { p_profile_id: input.profileId, p_reason: input.reason, p_skills: input.skills }, claims!),
  ),
})
