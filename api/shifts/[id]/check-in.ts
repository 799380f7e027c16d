import { ops } from '../../../core/contracts/api'
import { method, route } from '../../_lib/http'

// The distance is computed in SQL from the post's position; the device only reports where it is.
export default route({
  POST: method(ops.checkIn, async ({ input, ctx, claims }) => ctx.db.rpc('shift_check_in', { p_id: input.id, p_lat: input.lat, p_lng: input.lng }, claims!)),
})
