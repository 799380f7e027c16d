import { ops } from '../../core/contracts/api'
import { method, route } from '../_lib/http'

export default route({
  GET: method(ops.volunteerMe, async ({ ctx, claims }) => ctx.db.rpc('volunteer_me', {}, claims!)),
})
