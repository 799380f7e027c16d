import { ops } from '../../../core/contracts/api'
import type { Proposal } from '../../../core/contracts/services'
import { method, route } from '../../_lib/http'

export default route({
  GET: method(ops.listProposals, async ({ input, ctx, claims }) => ({
    items: await ctx.db.rpc<Proposal[]>('matching_proposals', { p_community_id: input.communityId }, claims!),
  })),
})
