import { ops } from '../../../core/contracts/api'
import { method, route } from '../../_lib/http'

export default route({
  POST: method(ops.cancelMeeting, async ({ input, ctx, claims }) => ctx.db.rpc('meeting_cancel', { p_id: input.id, p_reason: input.reason }, claims!)),
})
