import { ops } from '../../../core/contracts/api'
import { forward, route } from '../../_lib/http'

// The distance is computed in SQL from the post's position; the device only reports where it is.
export default route({
  POST: forward(ops.checkIn, 'shift_check_in'),
})
