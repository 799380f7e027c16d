import { ops } from '../../../core/contracts/api'
import { method, route } from '../../_lib/http'

export default route({
  GET: method(ops.listMicroGrids, async ({ input, ctx, claims }) =>
    ctx.db.rpc('micro_grids_of', { p_community_id: input.communityId }, claims!),
  ),
})
