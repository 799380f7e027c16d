import { ops } from '../../../core/contracts/api'
import { method, route } from '../../_lib/http'

export default route({
  POST: method(ops.confirmService, async ({ input, ctx, claims }) => ctx.db.rpc('service_confirm', { p_id: input.id }, claims!)),
})
