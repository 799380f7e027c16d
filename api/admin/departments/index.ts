import { ops } from '../../../core/contracts/api'
import { forward, route } from '../../_lib/http'

export default route({
  GET: forward(ops.listDepartments, 'departments_list'),
  POST: forward(ops.createDepartment, 'department_create'),
})
