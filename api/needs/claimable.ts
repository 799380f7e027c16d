import { ops } from '../../core/contracts/api'
import type { z } from 'zod'
import type { ZClaimableNeed } from '../../core/contracts/services'
import { method, route } from '../_lib/http'

export default route({
  GET: method(ops.listClaimable, async ({ ctx, claims }) => ({ items: await ctx.db.rpc<z.infer<typeof ZClaimableNeed>[]>('needs_claimable', {}, claims!) })),
})
