import { ops } from '../../core/contracts/api'
import { forward, route } from '../_lib/http'

export default route({
  GET: forward(ops.getPost, 'post_get'),
  PATCH: forward(ops.updatePost, 'post_update'),
})
