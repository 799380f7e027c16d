import { ops } from '../../../core/contracts/api'
import { method, route } from '../../_lib/http'

export default route({
  GET: method(ops.getSlaRules, async ({ input, ctx, claims }) => ctx.db.rpc('sla_rules_get', { p_community_id: input.communityId }, claims!)),
  PUT: method(ops.setSlaRule, async ({ input, ctx, claims }) =>
    ctx.db.rpc('sla_rule_set', { p_community_id: input.communityId, p_severity: input.severity, p_minutes: input.minutes, p_goal: input.goal }, claims!),
  ),
})
