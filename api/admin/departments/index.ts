import { ops } from '../../../core/contracts/api'
import type { Department } from '../../../core/contracts/departments'
import { method, route } from '../../_lib/http'

export default route({
  GET: method(ops.listDepartments, async ({ input, ctx, claims }) =>
    ctx.db.rpc<{ items: Department[] }>('departments_list', { p_street_id: input.streetId, p_include_archived: input.includeArchived }, claims!),
  ),
  POST: method(ops.createDepartment, async ({ input, ctx, claims }) =>
    ctx.db.rpc<Department>('department_create', {
      p_street_id: input.streetId, p_name: input.name, p_contact_name: input.contactName, p_contact_phone: input.contactPhone,
    }, claims!),
  ),
})
