import { ops } from '../../core/contracts/api'
import type { Resource } from '../../core/contracts/services'
import { decodeCursor, encodeCursor } from '../../core/pagination'
import { method, route } from '../_lib/http'

export default route({
  GET: method(ops.listResources, async ({ input, ctx, claims }) => {
    const after = input.cursor ? decodeCursor(input.cursor) : null
    const page = await ctx.db.rpc<{ items: Resource[]; hasMore: boolean }>('resources_list', {
      p_category: input.category,
      p_community_id: input.communityId,
      p_mine: input.mine,
      p_after_created_at: after?.createdAt,
      p_after_id: after?.id,
      p_limit: input.limit,
    }, claims!)
    const last = page.items[page.items.length - 1]
    return { items: page.items, nextCursor: page.hasMore && last ? encodeCursor({ createdAt: last.createdAt, id: last.id }) : null }
  }),
  POST: method(ops.createResource, async ({ input, ctx, claims }) =>
    ctx.db.rpc('resource_create', {
      p_title: input.title, p_description: input.description, p_kind: input.kind, p_partner_type: input.partnerType ?? null,
      p_categories: input.categories, p_capacity: input.capacity, p_period: input.period,
      p_community_ids: input.communityIds, p_grid_ids: input.gridIds, p_availability: input.availability,
      p_contact_name: input.contactName, p_contact_phone: input.contactPhone,
    }, claims!),
  ),
})
