import { ops } from '../../../core/contracts/api'
import type { Grid } from '../../../core/contracts/admin'
import { householdWarnings } from '../../../core/admin/households'
import { method, route, sqlArgs } from '../../_lib/http'

export default route({
  PATCH: method(ops.updateGrid, async ({ input, ctx, claims }) => {
    const g = await ctx.db.rpc<Omit<Grid, 'warnings'>>('grid_update', sqlArgs(input), claims!)
    return { ...g, warnings: householdWarnings('grid', g.households, g.kind) }
  }),
})
