import { ops } from '../../../core/contracts/api'
import { method, route } from '../../_lib/http'

export default route({
  POST: method(ops.cancelRedemption, async ({ input, ctx, claims }) => ctx.db.rpc('redemption_cancel', { p_id: input.id }, claims!)),
})
