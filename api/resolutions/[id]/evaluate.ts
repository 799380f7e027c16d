import { ops } from '../../../core/contracts/api'
import { method, route } from '../../_lib/http'

export default route({
  POST: method(ops.evaluateResolution, async ({ input, ctx, claims }) =>
    ctx.db.rpc('resolution_evaluate', { p_id: input.id, p_rating: input.rating, p_comment: input.comment }, claims!),
  ),
})
