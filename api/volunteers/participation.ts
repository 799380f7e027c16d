import { ops } from '../../core/contracts/api'
import { method, route } from '../_lib/http'

export default route({
  GET: method(ops.participation, async ({ input, ctx, claims }) => ctx.db.rpc('participation_bands', { p_community_id: input.communityId }, claims!)),
})
