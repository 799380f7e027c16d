import { ops } from '../../core/contracts/api'
import { forward, method, route, sqlArgs } from '../_lib/http'

export default route({
  GET: forward(ops.listRewards, 'rewards_list'),
  POST: method(ops.createReward, async ({ input: { perPersonLimit, ...rest }, ctx, claims }) =>
    ctx.db.rpc('reward_create', { ...sqlArgs(rest), p_per_person_limit: perPersonLimit?.count, p_limit_period: perPersonLimit?.period }, claims!),
  ),
})
