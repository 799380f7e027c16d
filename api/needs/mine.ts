import { ops } from '../../core/contracts/api'
import type { Need } from '../../core/contracts/needs'
import { method, route } from '../_lib/http'

export default route({
  GET: method(ops.listMyNeeds, async ({ ctx, claims }) => ({ items: await ctx.db.rpc<Need[]>('needs_mine', {}, claims!) })),
})
