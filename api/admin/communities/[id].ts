import { ops } from '../../../core/contracts/api'
import type { Community } from '../../../core/contracts/admin'
import { method, route } from '../../_lib/http'

export default route({
  PATCH: method(ops.updateCommunity, async ({ input, ctx, claims }) =>
    ctx.db
      .rpc<Community>('community_update', {
        p_id: input.id, p_name: input.name, p_scale: input.scale, p_function: input.function,
        p_subtype: input.subtype, p_branch_secretary_leads_grid: input.branchSecretaryLeadsGrid,
        // null clears the phone: SQL reads '' as "clear" and null as "leave it"
        p_service_phone: input.servicePhone === null ? '' : input.servicePhone, p_ref_prefix: input.refPrefix,
      }, claims!),
  ),
})
