import { ops } from '../../../core/contracts/api'
import { forward, route } from '../../_lib/http'

export default route({
  GET: forward(ops.getSlaRules, 'sla_rules_get'),
  PUT: forward(ops.setSlaRule, 'sla_rule_set'),
})
