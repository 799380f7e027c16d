import { ops } from '../../core/contracts/api'
import { forward, route } from '../_lib/http'

export default route({
  GET: forward(ops.listMeetings, 'meetings_list'),
  POST: forward(ops.createMeeting, 'meeting_create'),
})
