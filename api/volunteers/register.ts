import { ops } from '../../core/contracts/api'
import { method, route } from '../_lib/http'

export default route({
  POST: method(ops.registerVolunteer, async ({ input, ctx, claims }) =>
    ctx.db.rpc('volunteer_register', {
      p_kind: input.kind, p_work_unit: input.workUnit, p_party_org: input.partyOrg, p_skills: input.skills,
      p_micro_grid_id: input.microGridId, p_intro: input.intro,
    }, claims!),
  ),
})
