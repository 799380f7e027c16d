import { ops } from '../../../core/contracts/api'
import { method, route } from '../../_lib/http'

export default route({
  POST: method(ops.archiveResource, async ({ input, ctx, claims }) => ctx.db.rpc('resource_archive', { p_id: input.id }, claims!)),
})
