import { ops } from '../../core/contracts/api'
import { forward, route } from '../_lib/http'

export default route({
  GET: forward(ops.listTopics, 'topics_list'),
  POST: forward(ops.createTopic, 'topic_create'),
})
