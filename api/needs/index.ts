import { ops } from '../../core/contracts/api'
import type { Need } from '../../core/contracts/needs'
import { decodeCursor, encodeCursor } from '../../core/pagination'
import { method, route } from '../_lib/http'

export default route({
  POST: method(ops.createNeed, async ({ input, ctx, claims }) =>
    ctx.db.rpc('need_create', {
      p_title: input.title,
      p_description: input.description,
      p_category: input.category,
      p_micro_grid_id: input.microGridId ?? null,
    }, claims!),
  ),
  GET: method(ops.listNeeds, async ({ input, ctx, claims }) => {
    const after = input.cursor ? decodeCursor(input.cursor) : null
    const page = await ctx.db.rpc<{ items: Need[]; hasMore: boolean }>('needs_list', {
      p_status: input.status ?? null,
      p_after_created_at: after?.createdAt ?? null,
      p_after_id: after?.id ?? null,
      p_limit: input.limit,
    }, claims!)
    const last = page.items[page.items.length - 1]
    return { items: page.items, nextCursor: page.hasMore && last ? encodeCursor({ createdAt: last.createdAt, id: last.id }) : null }
  }),
})
