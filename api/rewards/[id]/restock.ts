import { ops } from '../../../core/contracts/api'
import { method, route } from '../../_lib/http'

export default route({
  POST: method(ops.restockReward, async ({ input, ctx, claims }) => ctx.db.rpc('reward_restock', { p_id: input.id, p_add: input.add }, claims!)),
})
