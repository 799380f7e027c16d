import { ops } from '../../../core/contracts/api'
import { method, route } from '../../_lib/http'

export default route({
  POST: method(ops.routeNeed, async ({ input, ctx, claims }) =>
    ctx.db.rpc('need_route', { p_id: input.id, p_department_id: input.departmentId, p_note: input.note }, claims!),
  ),
})
