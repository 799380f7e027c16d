import { ops } from '../../../core/contracts/api'
import { method, route } from '../../_lib/http'

export default route({
  POST: method(ops.archiveReward, async ({ input, ctx, claims }) => ctx.db.rpc('reward_archive', { p_id: input.id }, claims!)),
})
