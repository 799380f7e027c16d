import { ops } from '../../../core/contracts/api'
import { method, route } from '../../_lib/http'

export default route({
  POST: method(ops.voteMotion, async ({ input, ctx, claims }) => ctx.db.rpc('motion_vote', { p_id: input.id, p_option_id: input.optionId }, claims!)),
})
