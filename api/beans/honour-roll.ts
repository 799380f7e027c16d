import { ops } from '../../core/contracts/api'
import { method, route } from '../_lib/http'

export default route({
  GET: method(ops.honourRoll, async ({ input, ctx, claims }) =>
    ctx.db.rpc<{ items: { displayName: string; beans: number }[]; nextCursor: string | null }>('honour_roll', {
      p_community_id: input.communityId, p_month: `${input.month}-01`, p_cursor: input.cursor, p_limit: input.limit,
    }, claims!),
  ),
})
