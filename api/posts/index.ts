import { ops } from '../../core/contracts/api'
import type { Post } from '../../core/contracts/volunteers'
import { method, route } from '../_lib/http'

export default route({
  GET: method(ops.listPosts, async ({ input, ctx, claims }) =>
    ctx.db.rpc<{ items: Post[]; nextCursor: string | null }>('posts_list', {
      p_community_id: input.communityId, p_category: input.category, p_from: input.from, p_cursor: input.cursor, p_limit: input.limit,
    }, claims!),
  ),
  POST: method(ops.createPost, async ({ input, ctx, claims }) =>
    ctx.db.rpc('post_create', {
      p_title: input.title, p_category: input.category, p_description: input.description, p_place: input.place,
      p_lat: input.lat, p_lng: input.lng, p_radius_m: input.radiusM, p_bean_rate_per_hour: input.beanRatePerHour, p_slots: input.slots,
    }, claims!),
  ),
})
