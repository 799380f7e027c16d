import { randomUUID } from 'node:crypto'
import { ops } from '../../core/contracts/api'
import { idempotencyKey, requestHash } from '../_lib/idempotency'
import { method, route } from '../_lib/http'

export default route({
  POST: method(ops.awardBeans, async ({ input, ctx, claims, req }) =>
    ctx.db.rpc('beans_award', {
      p_profile_id: input.profileId, p_amount: input.amount, p_reason: input.reason,
      // a retried request with the same key awards once; without a key every request is its own award
      p_key: idempotencyKey(req, false) ?? randomUUID(), p_request_hash: requestHash(input),
    }, claims!),
  ),
})
