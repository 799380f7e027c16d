import { ops } from '../../core/contracts/api'
import { forward, route } from '../_lib/http'

export default route({
  GET: forward(ops.getMeeting, 'meeting_get'),
  PATCH: forward(ops.updateMeeting, 'meeting_update'),
})
