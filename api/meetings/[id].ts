import { ops } from '../../core/contracts/api'
import { method, route } from '../_lib/http'

export default route({
  GET: method(ops.getMeeting, async ({ input, ctx, claims }) => ctx.db.rpc('meeting_get', { p_id: input.id }, claims!)),
})
