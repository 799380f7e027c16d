import { ops } from '../../core/contracts/api'
import { method, route } from '../_lib/http'

export default route({
  GET: method(ops.listStreets, async ({ ctx, claims }) => ctx.db.rpc('streets_list', {}, claims!)),
})
