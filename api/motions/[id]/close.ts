import { ops } from '../../../core/contracts/api'
import { method, route } from '../../_lib/http'

export default route({
  POST: method(ops.closeMotion, async ({ input, ctx, claims }) => ctx.db.rpc('motion_close', { p_id: input.id }, claims!)),
})
