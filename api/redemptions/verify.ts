import { ops } from '../../core/contracts/api'
import { throwIfRefused } from '../_lib/db/errors'
import { method, route } from '../_lib/http'

// A wrong code is counted against the attempt limits, so the database answers it as a refusal that commits.
export default route({
  POST: method(ops.verifyRedemption, async ({ input, ctx, claims }) =>
    throwIfRefused(await ctx.db.rpc('redemption_verify', { p_code: input.code, p_reward_id: input.rewardId ?? null }, claims!)),
  ),
})
