import { ops } from '../../../core/contracts/api'
import { method, route } from '../../_lib/http'

export default route({
  POST: method(ops.cosignTopic, async ({ input, ctx, claims }) => ctx.db.rpc('topic_cosign', { p_id: input.id }, claims!)),
})
