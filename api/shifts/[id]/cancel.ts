import { ops } from '../../../core/contracts/api'
import { method, route } from '../../_lib/http'

export default route({
  POST: method(ops.cancelShift, async ({ input, ctx, claims }) => ctx.db.rpc('shift_cancel', { p_id: input.id }, claims!)),
})
