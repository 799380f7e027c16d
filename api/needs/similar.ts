import { ops } from '../../core/contracts/api'
import type { SimilarNeed } from '../../core/contracts/needs'
import { method, route } from '../_lib/http'

export default route({
  GET: method(ops.similarNeeds, async ({ input, ctx, claims }) => ({
    items: await ctx.db.rpc<SimilarNeed[]>('needs_similar', { p_micro_grid_id: input.microGridId, p_title: input.title }, claims!),
  })),
})
