import { ops } from '../../core/contracts/api'
import { statsInstants, statsPeriod } from '../../core/contracts/stats'
import { shapeOverview, type RawOverview } from '../../core/stats/overview'
import { method, route } from '../_lib/http'

export default route({
  GET: method(ops.statsOverview, async ({ input, ctx, claims }) => {
    const period = statsPeriod(input)
    const { start, end } = statsInstants(period)
    const raw = await ctx.db.rpc<RawOverview>('stats_overview', {
      p_community_id: input.communityId ?? null, p_street_id: input.streetId ?? null, p_from: start, p_to: end,
    }, claims!)
    return shapeOverview(raw, period)
  }),
})
