import { ops } from '../../core/contracts/api'
import type { ServiceProject } from '../../core/contracts/services'
import { method, route } from '../_lib/http'

export default route({
  GET: method(ops.listServices, async ({ input, ctx, claims }) => ({
    items: await ctx.db.rpc<ServiceProject[]>('services_list', { p_community_id: input.communityId, p_status: input.status }, claims!),
  })),
})
