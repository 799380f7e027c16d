import { ops } from '../../../core/contracts/api'
import type { Invitation } from '../../../core/contracts/admin'
import { method, route } from '../../_lib/http'
import { pageCodes } from '../../_lib/qr'

export default route({
  GET: method(ops.listInvitations, async ({ input, ctx, claims }) =>
    ctx.db.rpc('invitations_list', { p_community_id: input.communityId, p_cursor: input.cursor }, claims!),
  ),
  POST: method(ops.createInvitation, async ({ input, ctx, claims }) => {
    const inv = await ctx.db.rpc<Invitation>('invitation_create', {
      p_community_id: input.communityId,
      p_role: input.role,
      p_grid_id: input.gridId,
      p_unit_name: input.unitName,
      p_partner_type: input.partnerType,
    }, claims!)
    // the page that accepts it, with the code filled in
    return { ...inv, ...(await pageCodes(ctx, 'packageJoin/pages/accept/index', { code: inv.code }, `i=${inv.code}`)) }
  }),
})
