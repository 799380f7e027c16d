import { ops } from '../../../../core/contracts/api'
import type { Community, Grid, MicroGrid } from '../../../../core/contracts/admin'
import { householdWarnings } from '../../../../core/admin/households'
import { method, route, sqlArgs } from '../../../_lib/http'

type Row<T> = Omit<T, 'warnings'>

export default route({
  GET: method(ops.communityStructure, async ({ input, ctx, claims }) => {
    const s = await ctx.db.rpc<{ community: Community; grids: (Row<Grid> & { microGrids: Row<MicroGrid>[] })[] }>(
      'community_structure', sqlArgs(input), claims!,
    )
    return {
      community: s.community,
      grids: s.grids.map((g) => ({
        ...g,
        warnings: householdWarnings('grid', g.households, g.kind),
        microGrids: g.microGrids.map((m) => ({ ...m, warnings: householdWarnings('micro_grid', m.households) })),
      })),
    }
  }),
})
