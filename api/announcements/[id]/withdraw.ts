import { ops } from '../../../core/contracts/api'
import { method, route } from '../../_lib/http'

export default route({
  POST: method(ops.withdrawAnnouncement, async ({ input, ctx, claims }) => ctx.db.rpc('announcement_withdraw', { p_id: input.id }, claims!)),
})
