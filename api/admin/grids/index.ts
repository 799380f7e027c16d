import { ops } from '../../../core/contracts/api'
import type { Grid } from '../../../core/contracts/admin'
import { householdWarnings } from '../../../core/admin/households'
import { method, route, sqlArgs } from '../../_lib/http'

export default route({
  POST: method(ops.createGrid, async ({ input, ctx, claims }) => {
    const g = await ctx.db.rpc<Omit<Grid, 'warnings'>>('grid_create', sqlArgs(input), claims!)
    return { ...g, warnings: householdWarnings('grid', g.households, g.kind) }
  }),
})
