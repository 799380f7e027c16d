import { ops } from '../../../core/contracts/api'
import type { PartyOrg } from '../../../core/contracts/admin'
import { method, route } from '../../_lib/http'

export default route({
  // secretaryId: absent keeps the secretary, null clears it
  PATCH: method(ops.updatePartyOrg, async ({ input, ctx, claims }) =>
    ctx.db.rpc<PartyOrg>('party_org_update', {
      p_id: input.id, p_name: input.name,
      p_secretary_id: input.secretaryId ?? undefined, p_set_secretary: input.secretaryId !== undefined,
    }, claims!),
  ),
})
