import { ops } from '../../core/contracts/api'
import type { SimilarNeed } from '../../core/contracts/needs'
import { decodeSimilarCursor, encodeSimilarCursor } from '../../core/needs/cursor'
import type { SqlPage } from '../../core/needs/page'
import { method, route } from '../_lib/http'

export default route({
  GET: method(ops.similarNeeds, async ({ input, ctx, claims }) => {
    const after = input.cursor ? decodeSimilarCursor(input.cursor) : null
    const page = await ctx.db.rpc<SqlPage<SimilarNeed>>('needs_similar', {
      p_micro_grid_id: input.microGridId, p_title: input.title,
      p_after_similarity: after?.similarity, p_after_created_at: after?.createdAt, p_after_id: after?.id, p_limit: input.limit,
    }, claims!)
    const last = page.items[page.items.length - 1]
    return { items: page.items, nextCursor: page.hasMore && last ? encodeSimilarCursor(last) : null }
  }),
})
