import { ops } from '../../core/contracts/api'
import { method, route } from '../_lib/http'

export default route({
  GET: method(ops.getPost, async ({ input, ctx, claims }) => ctx.db.rpc('post_get', { p_id: input.id }, claims!)),
  PATCH: method(ops.updatePost, async ({ input, ctx, claims }) =>
    ctx.db.rpc('post_update', {
      p_id: input.id, p_title: input.title, p_description: input.description, p_place: input.place, p_lat: input.lat, p_lng: input.lng,
      p_radius_m: input.radiusM, p_bean_rate_per_hour: input.beanRatePerHour, p_slots: input.slots, p_add_slots: input.addSlots, p_category: input.category,
    }, claims!),
  ),
})
