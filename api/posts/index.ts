import { ops } from '../../core/contracts/api'
import { forward, route } from '../_lib/http'

export default route({
  GET: forward(ops.listPosts, 'posts_list'),
  POST: forward(ops.createPost, 'post_create'),
})
