import { ops } from '../../core/contracts/api'
import type { Topic } from '../../core/contracts/deliberation'
import { method, route } from '../_lib/http'

export default route({
  GET: method(ops.listTopics, async ({ input, ctx, claims }) => ({ items: await ctx.db.rpc<Topic[]>('topics_list', { p_community_id: input.communityId }, claims!) })),
  POST: method(ops.createTopic, async ({ input, ctx, claims }) =>
    ctx.db.rpc('topic_create', { p_title: input.title, p_description: input.description, p_need_id: input.needId }, claims!),
  ),
})
