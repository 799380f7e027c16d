import QRCode from 'qrcode'
import { ops } from '../../../core/contracts/api'
import type { Redemption } from '../../../core/contracts/beans'
import { idempotencyKey, requestHash } from '../../_lib/idempotency'
import { method, route } from '../../_lib/http'

// The QR code carries only the pickup code, which the provider scans or types to verify (核销).
// A replayed key returns the first answer, and the QR code is drawn from it, so the retry's body is the same.
export default route({
  POST: method(ops.redeemReward, async ({ input, ctx, claims, req }) => {
    const r = await ctx.db.rpc<Redemption>('reward_redeem', { p_reward_id: input.id, p_key: idempotencyKey(req, true), p_request_hash: requestHash(input) }, claims!)
    const qrSvg = r.code ? await QRCode.toString(`GZ-REDEEM:${r.code}`, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }) : null
    return { ...r, qrSvg }
  }),
})
