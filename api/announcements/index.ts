import { ops } from '../../core/contracts/api'
import { method, route } from '../_lib/http'

export default route({
  GET: method(ops.listAnnouncements, async ({ input, ctx, claims }) =>
    ctx.db.rpc('announcements_list', {
      p_community_id: input.communityId, p_manage: input.manage ?? false, p_cursor: input.cursor, p_limit: input.limit,
    }, claims!),
  ),
  POST: method(ops.createAnnouncement, async ({ input, ctx, claims }) =>
    ctx.db.rpc('announcement_create', {
      p_scope: input.scope,
      p_title: input.title,
      p_body: input.body,
      p_community_id: input.communityId,
      p_grid_id: input.gridId,
      p_street_id: input.streetId,
      p_images: input.images ?? [],
      p_pinned: input.pinned,
      p_expires_at: input.expiresAt,
    }, claims!),
  ),
})
