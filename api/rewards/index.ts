import { ops } from '../../core/contracts/api'
import type { Reward } from '../../core/contracts/beans'
import { method, route } from '../_lib/http'

export default route({
  GET: method(ops.listRewards, async ({ input, ctx, claims }) =>
    ctx.db.rpc<{ items: Reward[]; nextCursor: string | null }>('rewards_list', {
      p_community_id: input.communityId, p_cursor: input.cursor, p_limit: input.limit,
    }, claims!),
  ),
  POST: method(ops.createReward, async ({ input, ctx, claims }) =>
    ctx.db.rpc('reward_create', {
      p_title: input.title, p_price_beans: input.priceBeans, p_stock: input.stock, p_description: input.description,
      p_per_person_limit: input.perPersonLimit?.count, p_limit_period: input.perPersonLimit?.period,
      p_valid_until: input.validUntil, p_min_credit_level: input.minCreditLevel,
    }, claims!),
  ),
})
