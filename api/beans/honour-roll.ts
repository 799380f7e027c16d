import { ops } from '../../core/contracts/api'
import { method, route } from '../_lib/http'

export default route({
  GET: method(ops.honourRoll, async ({ input, ctx, claims }) => ({
    items: await ctx.db.rpc<{ displayName: string; beans: number }[]>('honour_roll', { p_community_id: input.communityId, p_month: `${input.month}-01` }, claims!),
  })),
})
