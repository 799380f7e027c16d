import { ops } from '../../../core/contracts/api'
import { forward, route } from '../../_lib/http'

export default route({
  PATCH: forward(ops.updateDepartment, 'department_update'),
})
