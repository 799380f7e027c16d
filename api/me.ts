import { ops } from '../core/contracts/api'
import { method, route } from './_lib/http'

export default route({
  GET: method(ops.me, async ({ ctx, claims }) => ctx.db.rpc('me', {}, claims!)),
  PATCH: method(ops.updateMe, async ({ input, ctx, claims }) => ctx.db.rpc('me_update', { p_display_name: input.displayName }, claims!)),
})
