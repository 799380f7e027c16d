import { ops } from '../../core/contracts/api'
import { forward, route } from '../_lib/http'

export default route({
  GET: forward(ops.getService, 'service_get'),
})
