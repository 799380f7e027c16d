import { ops } from '../../../core/contracts/api'
import { method, route } from '../../_lib/http'

export default route({
  POST: method(ops.withdrawMeeting, async ({ input, ctx, claims }) => ctx.db.rpc('meeting_withdraw', { p_id: input.id }, claims!)),
})
