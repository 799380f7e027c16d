import { ops } from '../../../core/contracts/api'
import { method, route, sqlArgs } from '../../_lib/http'

export default route({
  POST: method(ops.followNeed, async ({ input, ctx, claims }) => ctx.db.rpc('need_follow', { ...sqlArgs(input), p_follow: true }, claims!)),
  DELETE: method(ops.unfollowNeed, async ({ input, ctx, claims }) => ctx.db.rpc('need_follow', { ...sqlArgs(input), p_follow: false }, claims!)),
})
