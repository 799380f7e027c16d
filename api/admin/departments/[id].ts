import { ops } from '../../../core/contracts/api'
import type { Department } from '../../../core/contracts/departments'
import { method, route } from '../../_lib/http'

export default route({
  PATCH: method(ops.updateDepartment, async ({ input, ctx, claims }) =>
    ctx.db.rpc<Department>('department_update', {
      p_id: input.id, p_name: input.name, p_contact_name: input.contactName, p_contact_phone: input.contactPhone,
      p_archived: input.archived,
    }, claims!),
  ),
})
