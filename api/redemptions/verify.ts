import { ops } from '../../core/contracts/api'
import { method, route } from '../_lib/http'

export default route({
  POST: method(ops.verifyRedemption, async ({ input, ctx, claims }) => ctx.db.rpc('redemption_verify', { p_code: input.code }, claims!)),
})
