import { ops } from '../../core/contracts/api'
import type { ServiceProject } from '../../core/contracts/services'
import { decodeCursor, encodeCursor } from '../../core/pagination'
import { method, route } from '../_lib/http'

export default route({
  GET: method(ops.listServices, async ({ input, ctx, claims }) => {
    const after = input.cursor ? decodeCursor(input.cursor) : null
    const page = await ctx.db.rpc<{ items: ServiceProject[]; hasMore: boolean }>('services_list', {
      p_community_id: input.communityId,
      p_status: input.status,
      p_after_created_at: after?.createdAt,
      p_after_id: after?.id,
      p_limit: input.limit,
    }, claims!)
    const last = page.items[page.items.length - 1]
    return { items: page.items, nextCursor: page.hasMore && last ? encodeCursor({ createdAt: last.createdAt, id: last.id }) : null }
  }),
})
