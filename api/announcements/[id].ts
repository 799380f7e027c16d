import { ops } from '../../core/contracts/api'
import { method, route } from '../_lib/http'

export default route({
  GET: method(ops.getAnnouncement, async ({ input, ctx, claims }) => ctx.db.rpc('announcement_get', { p_id: input.id }, claims!)),
})
