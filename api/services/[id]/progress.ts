import { ops } from '../../../core/contracts/api'
import { method, route } from '../../_lib/http'

export default route({
  POST: method(ops.progressService, async ({ input, ctx, claims }) =>
    ctx.db.rpc('service_progress_add', { p_id: input.id, p_note: input.note, p_percent: input.percent }, claims!),
  ),
})
