import { ops } from '../../../core/contracts/api'
import { method, route } from '../../_lib/http'

export default route({
  POST: method(ops.cancelPost, async ({ input, ctx, claims }) => ctx.db.rpc('post_cancel', { p_id: input.id, p_reason: input.reason }, claims!)),
})
