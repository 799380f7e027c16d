import { ops } from '../../core/contracts/api'
import type { Redemption } from '../../core/contracts/beans'
import { method, route } from '../_lib/http'

export default route({
  GET: method(ops.myRedemptions, async ({ ctx, claims }) => ({ items: await ctx.db.rpc<Redemption[]>('redemptions_mine', {}, claims!) })),
})
