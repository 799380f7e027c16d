import { ops } from '../../../core/contracts/api'
import { method, route } from '../../_lib/http'

export default route({
  POST: method(ops.commentMeeting, async ({ input, ctx, claims }) => ctx.db.rpc('meeting_comment', { p_id: input.id, p_body: input.body }, claims!)),
})
