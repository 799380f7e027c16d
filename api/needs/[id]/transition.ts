import { ops } from '../../../core/contracts/api'
import { method, route } from '../../_lib/http'

export default route({
  POST: method(ops.transitionNeed, async ({ input, ctx, claims }) =>
    ctx.db.rpc('need_transition', { p_id: input.id, p_to: input.to, p_note: input.note, p_photos: input.photos }, claims!),
  ),
})
