import { ops } from '../../core/contracts/api'
import type { NeedFull } from '../../core/contracts/needs'
import { method, route } from '../_lib/http'

export default route({
  GET: method(ops.listMyNeeds, async ({ ctx, claims }) => ({ items: await ctx.db.rpc<NeedFull[]>('needs_mine', {}, claims!) })),
})
