import QRCode from 'qrcode'
import { ops } from '../../../core/contracts/api'
import type { Invitation } from '../../../core/contracts/admin'
import { method, route } from '../../_lib/http'

/** The mini-program page that accepts an invitation; its QR code opens it with the code filled in. */
const acceptLink = (code: string) => `/packageJoin/pages/accept/index?code=${encodeURIComponent(code)}`

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
    const link = acceptLink(inv.code)
    const qrSvg = await QRCode.toString(link, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' })
    return { ...inv, qrSvg, link }
  }),
})
