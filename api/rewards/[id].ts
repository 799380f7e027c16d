import { ops } from '../../core/contracts/api'
import { method, route } from '../_lib/http'

export default route({
  PATCH: method(ops.updateReward, async ({ input, ctx, claims }) =>
    ctx.db.rpc('reward_update', {
      p_id: input.id, p_title: input.title, p_description: input.description, p_price_beans: input.priceBeans,
      // null removes the limit or the end date; left out leaves them as they are
      p_set_limit: input.perPersonLimit !== undefined,
      p_per_person_limit: input.perPersonLimit?.count, p_limit_period: input.perPersonLimit?.period,
      p_set_valid_until: input.validUntil !== undefined, p_valid_until: input.validUntil ?? undefined,
      p_min_credit_level: input.minCreditLevel,
    }, claims!),
  ),
})
