import { ops } from '../../../core/contracts/api'
import { method, route } from '../../_lib/http'

export default route({
  POST: method(ops.pinAnnouncement, async ({ input, ctx, claims }) =>
    ctx.db.rpc('announcement_pin', { p_id: input.id, p_pinned: input.pinned }, claims!),
  ),
})
