import { ops } from '../../core/contracts/api'
import { forward, route } from '../_lib/http'

// The cursor is opaque here: the SQL function encodes it and refuses a forged one naming `cursor`.
export default route({
  GET: forward(ops.listCommunities, 'communities_search'),
})
