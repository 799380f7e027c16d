import { ops } from '../../core/contracts/api'
import { forward, route } from '../_lib/http'

export default route({
  GET: forward(ops.listAnnouncements, 'announcements_list'),
  POST: forward(ops.createAnnouncement, 'announcement_create'),
})
