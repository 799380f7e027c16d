import { ops } from '../../../core/contracts/api'
import type { MicroGrid } from '../../../core/contracts/admin'
import { householdWarnings } from '../../../core/admin/households'
import { method, route, sqlArgs } from '../../_lib/http'

export default route({
  PATCH: method(ops.updateMicroGrid, async ({ input, ctx, claims }) => {
    const m = await ctx.db.rpc<Omit<MicroGrid, 'warnings'>>('micro_grid_update', sqlArgs(input), claims!)
    return { ...m, warnings: householdWarnings('micro_grid', m.households) }
  }),
})
