import { ops } from '../../core/contracts/api'
import { method, route, sqlArgs } from '../_lib/http'

export default route({
  GET: method(ops.beansReport, async ({ input, ctx, claims }) =>
    ctx.db.rpc('beans_report', { ...sqlArgs(input), p_month: `${input.month}-01` }, claims!),
  ),
})
