import { ops } from '../../../core/contracts/api'
import { method, route } from '../../_lib/http'

export default route({
  POST: method(ops.claimSlot, async ({ input, ctx, claims }) => ctx.db.rpc('shift_claim', { p_post_id: input.id, p_slot_id: input.slotId }, claims!)),
})
