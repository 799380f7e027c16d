import { ops } from '../../../../core/contracts/api'
import type { Community } from '../../../../core/contracts/admin'
import { method, route } from '../../../_lib/http'

export default route({
  POST: method(ops.archiveCommunity, async ({ input, ctx, claims }) =>
    ctx.db.rpc<Community>('community_archive', { p_id: input.id, p_reason: input.reason }, claims!),
  ),
})
