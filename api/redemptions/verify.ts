import { ops } from '../../core/contracts/api'
import { throwIfRefused } from '../_lib/db/errors'
import { method, route, sqlArgs } from '../_lib/http'

// A wrong code is counted against the attempt limits, so the database answers it as a refusal that commits.
export default route({
  POST: method(ops.verifyRedemption, async ({ input, ctx, claims }) =>
    throwIfRefused(await ctx.db.rpc('redemption_verify', sqlArgs(input), claims!)),
  ),
})
