import { ops } from '../../../core/contracts/api'
import { forward, route } from '../../_lib/http'

export default route({
  POST: forward(ops.closeMotion, 'motion_close'),
})
