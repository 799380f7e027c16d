import { ops } from '../../core/contracts/api'
import type { Shift } from '../../core/contracts/volunteers'
import { method, route } from '../_lib/http'

export default route({
  GET: method(ops.listShifts, async ({ input, ctx, claims }) => ({ items: await ctx.db.rpc<Shift[]>('shifts_list', { p_scope: input.scope }, claims!) })),
})
