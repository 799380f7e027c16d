import { ops } from '../../../core/contracts/api'
import { method, route } from '../../_lib/http'

export default route({
  POST: method(ops.acceptInvitation, async ({ input, ctx, claims }) => ctx.db.rpc('invitation_accept', { p_code: input.code }, claims!)),
})
