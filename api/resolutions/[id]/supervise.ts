import { ops } from '../../../core/contracts/api'
import { method, route } from '../../_lib/http'

export default route({
  POST: method(ops.superviseResolution, async ({ input, ctx, claims }) => ctx.db.rpc('resolution_supervise', { p_id: input.id, p_note: input.note }, claims!)),
})
