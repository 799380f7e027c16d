import { ops } from '../../../core/contracts/api'
import { method, route } from '../../_lib/http'

export default route({
  POST: method(ops.minutesMeeting, async ({ input, ctx, claims }) => ctx.db.rpc('meeting_minutes', { p_id: input.id, p_minutes: input.minutes }, claims!)),
})
