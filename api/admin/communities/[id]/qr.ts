import { ops } from '../../../../core/contracts/api'
import type { CommunityStructure } from '../../../../core/contracts/admin'
import { method, route, sqlArgs } from '../../../_lib/http'
import { pageCodes } from '../../../_lib/qr'

export default route({
  GET: method(ops.communityQr, async ({ input, ctx, claims }) => {
    // the structure read checks that the caller manages this community (staff of it or its street admin)
    const { community } = await ctx.db.rpc<CommunityStructure>('community_structure', sqlArgs(input), claims!)
    // the join page with the community chosen (居民入驻 from a poster or a screen at the community office)
    const codes = await pageCodes(ctx, 'packageJoin/pages/join/index', { community: community.code }, `c=${community.code}`)
    return { communityId: community.id, name: community.name, code: community.code, ...codes }
  }),
})
