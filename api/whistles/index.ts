import { ops } from '../../core/contracts/api'
import { forward, route } from '../_lib/http'

export default route({
  GET: forward(ops.listWhistles, 'whistles_list'),
  POST: forward(ops.createWhistle, 'whistle_create'),
})
