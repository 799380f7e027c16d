import { ops } from '../../../core/contracts/api'
import { method, route } from '../../_lib/http'

export default route({
  POST: method(ops.triageNeed, async ({ input, ctx, claims }) =>
    ctx.db.rpc('need_triage', {
      p_id: input.id, p_track: input.track, p_severity: input.severity,
      p_handler_id: input.handlerId, p_department: input.department, p_note: input.note,
      p_department_id: input.departmentId,
    }, claims!),
  ),
})
