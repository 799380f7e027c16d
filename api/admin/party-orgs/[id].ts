import { ops } from '../../../core/contracts/api'
import { method, route, sqlArgs } from '../../_lib/http'

export default route({
  // secretaryId: absent keeps the secretary, null clears it
  PATCH: method(ops.updatePartyOrg, async ({ input, ctx, claims }) =>
    ctx.db.rpc('party_org_update', { ...sqlArgs(input), p_set_secretary: input.secretaryId !== undefined }, claims!),
  ),
})
