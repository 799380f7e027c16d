import { ops } from '../../core/contracts/api'
import { method, route } from '../_lib/http'

export default route({
  GET: method(ops.getMeeting, async ({ input, ctx, claims }) => ctx.db.rpc('meeting_get', { p_id: input.id }, claims!)),
  PATCH: method(ops.updateMeeting, async ({ input, ctx, claims }) =>
    ctx.db.rpc('meeting_update', {
      p_id: input.id, p_title: input.title, p_form: input.form, p_starts_at: input.startsAt, p_place: input.place,
      p_capacity: input.capacity, p_topic_ids: input.topicIds, p_ends_at: input.endsAt,
    }, claims!),
  ),
})
