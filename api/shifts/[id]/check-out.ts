import { ops } from '../../../core/contracts/api'
import { method, route } from '../../_lib/http'

export default route({
  POST: method(ops.checkOut, async ({ input, ctx, claims }) =>
    ctx.db.rpc('shift_check_out', { p_id: input.id, p_lat: input.lat, p_lng: input.lng, p_notes: input.notes, p_photos: input.photos ?? [] }, claims!),
  ),
})
