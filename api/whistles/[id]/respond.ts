import { ops } from '../../../core/contracts/api'
import { method, route } from '../../_lib/http'

export default route({
  POST: method(ops.respondWhistle, async ({ input, ctx, claims }) => ctx.db.rpc('whistle_respond', { p_id: input.id }, claims!)),
})
