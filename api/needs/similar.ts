import { ops } from '../../core/contracts/api'
import type { SimilarNeed } from '../../core/contracts/needs'
import { decodeSimilarCursor, encodeSimilarCursor } from '../../core/needs/cursor'
import type { SqlPage } from '../../core/pagination'
import { method, route, sqlArgs } from '../_lib/http'

export default route({
  GET: method(ops.similarNeeds, async ({ input: { cursor, ...rest }, ctx, claims }) => {
    const after = cursor ? decodeSimilarCursor(cursor) : null
    const page = await ctx.db.rpc<SqlPage<SimilarNeed>>('needs_similar', {
      ...sqlArgs(rest), p_after_similarity: after?.similarity, p_after_created_at: after?.createdAt, p_after_id: after?.id,
    }, claims!)
    const last = page.items[page.items.length - 1]
    return { items: page.items, nextCursor: page.hasMore && last ? encodeSimilarCursor(last) : null }
  }),
})
