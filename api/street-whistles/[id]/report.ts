import { ops } from '../../../core/contracts/api'
import type { StreetWhistle } from '../../../core/contracts/departments'
import { method, route } from '../../_lib/http'

export default route({
  POST: method(ops.reportStreetWhistle, async ({ input, ctx, claims }) =>
    ctx.db.rpc<StreetWhistle>('street_whistle_report', {
      p_id: input.id, p_attendee: input.attendee, p_arrive_at: input.arriveAt, p_department_id: input.departmentId, p_note: input.note,
    }, claims!),
  ),
})
