import { ops } from '../../core/contracts/api'
import type { Whistle } from '../../core/contracts/volunteers'
import { method, route } from '../_lib/http'

export default route({
  GET: method(ops.listWhistles, async ({ input, ctx, claims }) =>
    ctx.db.rpc<{ items: Whistle[]; nextCursor: string | null }>('whistles_list', {
      p_community_id: input.communityId, p_cursor: input.cursor, p_limit: input.limit,
    }, claims!),
  ),
  POST: method(ops.createWhistle, async ({ input, ctx, claims }) =>
    ctx.db.rpc('whistle_create', {
      p_title: input.title, p_category: input.category ?? null, p_description: input.description, p_place: input.place,
      p_lat: input.lat ?? null, p_lng: input.lng ?? null, p_starts_at: input.startsAt, p_headcount: input.headcount,
    }, claims!),
  ),
})
