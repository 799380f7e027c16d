import { ops } from '../../../core/contracts/api'
import { method, route } from '../../_lib/http'

export default route({
  POST: method(ops.acceptAction, async ({ input, ctx, claims }) => ctx.db.rpc('action_accept', { p_id: input.id }, claims!)),
})
