import { ops } from '../../../core/contracts/api'
import { method, route } from '../../_lib/http'

export default route({
  POST: method(ops.createMotion, async ({ input, ctx, claims }) =>
    ctx.db.rpc('motion_create', {
      p_meeting_id: input.id, p_title: input.title, p_options: input.options, p_voters: input.voters, p_quorum: input.quorum,
      p_threshold: input.threshold, p_closes_at: input.closesAt, p_hide_results: input.hideResults,
    }, claims!),
  ),
})
