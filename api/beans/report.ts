import { ops } from '../../core/contracts/api'
import { method, route } from '../_lib/http'

export default route({
  GET: method(ops.beansReport, async ({ input, ctx, claims }) =>
    ctx.db.rpc('beans_report', { p_community_id: input.communityId, p_month: `${input.month}-01` }, claims!),
  ),
})
