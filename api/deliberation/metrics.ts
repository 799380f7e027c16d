import { ops } from '../../core/contracts/api'
import { method, route } from '../_lib/http'

export default route({
  GET: method(ops.deliberationMetrics, async ({ input, ctx, claims }) => {
    const [year, q] = input.quarter.split('Q').map(Number)
    const start = `${year}-${String((q - 1) * 3 + 1).padStart(2, '0')}-01`
    return ctx.db.rpc('deliberation_metrics', { p_street_id: input.streetId, p_quarter_start: start }, claims!)
  }),
})
