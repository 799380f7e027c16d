import { ops } from '../../core/contracts/api'
import { method, route, sqlArgs } from '../_lib/http'

export default route({
  GET: method(ops.honourRoll, async ({ input, ctx, claims }) =>
    ctx.db.rpc('honour_roll', { ...sqlArgs(input), p_month: `${input.month}-01` }, claims!),
  ),
})
