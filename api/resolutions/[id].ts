import { ops } from '../../core/contracts/api'
import { method, route } from '../_lib/http'

export default route({
  GET: method(ops.getResolution, async ({ input, ctx, claims }) => ctx.db.rpc('resolution_get', { p_id: input.id }, claims!)),
})
