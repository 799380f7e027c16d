import { ops } from '../../core/contracts/api'
import { method, route, sqlArgs } from '../_lib/http'

export default route({
  PATCH: method(ops.updateReward, async ({ input: { perPersonLimit, validUntil, ...rest }, ctx, claims }) =>
    ctx.db.rpc('reward_update', {
      ...sqlArgs(rest),
      // null removes the limit or the end date; left out leaves them as they are
      p_set_limit: perPersonLimit !== undefined, p_per_person_limit: perPersonLimit?.count, p_limit_period: perPersonLimit?.period,
      p_set_valid_until: validUntil !== undefined, p_valid_until: validUntil ?? undefined,
    }, claims!),
  ),
})
