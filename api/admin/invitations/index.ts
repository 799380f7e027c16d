import { ops } from '../../../core/contracts/api'
import type { Invitation } from '../../../core/contracts/admin'
import { forward, method, route, sqlArgs } from '../../_lib/http'
import { pageCodes } from '../../_lib/qr'

export default route({
  GET: forward(ops.listInvitations, 'invitations_list'),
  POST: method(ops.createInvitation, async ({ input, ctx, claims }) => {
    const inv = await ctx.db.rpc<Invitation>('invitation_create', sqlArgs(input), claims!)
    // the page that accepts it, with the code filled in
    return { ...inv, ...(await pageCodes(ctx, 'packageJoin/pages/accept/index', { code: inv.code }, `i=${inv.code}`)) }
  }),
})
