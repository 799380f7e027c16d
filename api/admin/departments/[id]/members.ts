import { ops } from '../../../../core/contracts/api'
import type { Department } from '../../../../core/contracts/departments'
import { method, route } from '../../../_lib/http'

export default route({
  POST: method(ops.changeDepartmentMembers, async ({ input, ctx, claims }) =>
    ctx.db.rpc<Department>('department_members_change', { p_id: input.id, p_add: input.add, p_remove: input.remove }, claims!),
  ),
})
