import { ops } from '../../core/contracts/api'
import { method, route } from '../_lib/http'

export default route({
  GET: method(ops.listMeetings, async ({ input, ctx, claims }) =>
    ctx.db.rpc('meetings_list', { p_community_id: input.communityId, p_cursor: input.cursor, p_limit: input.limit }, claims!),
  ),
  POST: method(ops.createMeeting, async ({ input, ctx, claims }) =>
    ctx.db.rpc('meeting_create', {
      p_title: input.title, p_form: input.form, p_starts_at: input.startsAt, p_place: input.place, p_capacity: input.capacity,
      p_topic_ids: input.topicIds ?? [], p_ends_at: input.endsAt,
    }, claims!),
  ),
})
