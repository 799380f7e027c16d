import { ops } from '../../../core/contracts/api'
import type { PartyOrg } from '../../../core/contracts/admin'
import { method, route } from '../../_lib/http'

export default route({
  GET: method(ops.listPartyOrgs, async ({ input, ctx, claims }) =>
    ctx.db.rpc<{ items: PartyOrg[] }>('party_orgs_list', { p_street_id: input.streetId, p_community_id: input.communityId }, claims!),
  ),
  POST: method(ops.createPartyOrg, async ({ input, ctx, claims }) =>
    ctx.db.rpc<PartyOrg>('party_org_create', {
      p_level: input.level, p_name: input.name, p_parent_id: input.parentId, p_street_id: input.streetId,
      p_community_id: input.communityId, p_grid_id: input.gridId, p_micro_grid_id: input.microGridId,
      p_secretary_id: input.secretaryId,
    }, claims!),
  ),
})
