import { ops } from '../../../../core/contracts/api'
import { method, route } from '../../../_lib/http'

export default route({
  POST: method(ops.acceptProposal, async ({ input, ctx, claims }) => ctx.db.rpc('matching_accept', { p_id: input.id }, claims!)),
})
