import { ops } from '../../../core/contracts/api'
import { method, route } from '../../_lib/http'

export default route({
  POST: method(ops.checkInMeeting, async ({ input, ctx, claims }) => ctx.db.rpc('meeting_check_in', { p_id: input.id, p_code: input.code }, claims!)),
})
