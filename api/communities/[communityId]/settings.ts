import { ops } from '../../../core/contracts/api'
import { method, route } from '../../_lib/http'

export default route({
  GET: method(ops.getCommunitySettings, async ({ input, ctx, claims }) =>
    ctx.db.rpc('community_settings_get', { p_community_id: input.communityId }, claims!),
  ),
  PUT: method(ops.putCommunitySettings, async ({ input, ctx, claims }) =>
    ctx.db.rpc('community_settings_put', {
      p_community_id: input.communityId, p_cosign_threshold: input.cosignThreshold, p_yearly_target_hours: input.yearlyTargetHours,
      p_bean_rules: input.beanRules, p_sla: input.sla, p_need_loop: input.needLoop,
    }, claims!),
  ),
})
