import { ops } from '../../core/contracts/api'
import { forward, paged, route } from '../_lib/http'

export default route({
  GET: paged(ops.listStreetWhistles, 'street_whistles_list'),
  POST: forward(ops.createStreetWhistle, 'street_whistle_create'),
})
