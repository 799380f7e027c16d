import { ops } from '../../../core/contracts/api'
import { method, route } from '../../_lib/http'

export default route({
  POST: method(ops.registerMeeting, async ({ input, ctx, claims }) => ctx.db.rpc('meeting_register', { p_id: input.id, p_seat: input.seat }, claims!)),
})
