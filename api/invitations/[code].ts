import { ops } from '../../core/contracts/api'
import { method, route } from '../_lib/http'

export default route({
  GET: method(ops.getInvitation, async ({ input, ctx, claims }) => ctx.db.rpc('invitation_preview', { p_code: input.code }, claims!)),
})
