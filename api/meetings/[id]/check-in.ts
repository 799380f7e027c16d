import { ops } from '../../../core/contracts/api'
import { throwIfRefused } from '../../_lib/db/errors'
import { method, route, sqlArgs } from '../../_lib/http'

// A wrong code is answered with {"refused": ...} so that its count against the attempt limit commits; it becomes a
// 400 (or the 429 with Retry-After once the limit is reached) here.
export default route({
  POST: method(ops.checkInMeeting, async ({ input, ctx, claims }) =>
    throwIfRefused(await ctx.db.rpc('meeting_check_in', sqlArgs(input), claims!)),
  ),
})
