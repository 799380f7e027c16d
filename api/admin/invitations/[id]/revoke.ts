import { ops } from '../../../../core/contracts/api'
import { method, route } from '../../../_lib/http'

export default route({
  POST: method(ops.revokeInvitation, async ({ input, ctx, claims }) => ctx.db.rpc('invitation_revoke', { p_id: input.id }, claims!)),
})
