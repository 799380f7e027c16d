import { ops } from '../../core/contracts/api'
import type { Redemption } from '../../core/contracts/beans'
import { method, route } from '../_lib/http'

export default route({
  GET: method(ops.myRedemptions, async ({ input, ctx, claims }) =>
    ctx.db.rpc<{ items: Redemption[]; nextCursor: string | null }>('redemptions_mine', { p_cursor: input.cursor, p_limit: input.limit }, claims!),
  ),
})
