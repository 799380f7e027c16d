import { ops } from '../../../core/contracts/api'
import type { Community } from '../../../core/contracts/admin'
import { method, route } from '../../_lib/http'

export default route({
  GET: method(ops.listAdminCommunities, async ({ input, ctx, claims }) =>
    ctx.db.rpc<{ items: Community[] }>('admin_communities_list', { p_street_id: input.streetId, p_include_archived: input.includeArchived }, claims!),
  ),
  POST: method(ops.createCommunity, async ({ input, ctx, claims }) =>
    ctx.db
      .rpc<Community>('community_create', {
        p_street_id: input.streetId, p_name: input.name, p_scale: input.scale, p_function: input.function,
        p_subtype: input.subtype, p_branch_secretary_leads_grid: input.branchSecretaryLeadsGrid,
        p_service_phone: input.servicePhone || undefined, p_ref_prefix: input.refPrefix,
      }, claims!),
  ),
})
