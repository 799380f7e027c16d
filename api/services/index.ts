import { ops } from '../../core/contracts/api'
import { paged, route } from '../_lib/http'

export default route({ GET: paged(ops.listServices, 'services_list') })
