import { ops } from '../../core/contracts/api'
import { method, route } from '../_lib/http'

export default route({
  GET: method(ops.listTopics, async ({ input, ctx, claims }) =>
    ctx.db.rpc('topics_list', { p_community_id: input.communityId, p_cursor: input.cursor, p_limit: input.limit }, claims!),
  ),
  POST: method(ops.createTopic, async ({ input, ctx, claims }) =>
    ctx.db.rpc('topic_create', { p_title: input.title, p_description: input.description, p_need_id: input.needId }, claims!),
  ),
})
