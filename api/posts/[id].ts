import { ops } from '../../core/contracts/api'
import { method, route } from '../_lib/http'

export default route({
  GET: method(ops.getPost, async ({ input, ctx, claims }) => ctx.db.rpc('post_get', { p_id: input.id }, claims!)),
})
