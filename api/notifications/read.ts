import { ops } from '../../core/contracts/api'
import { method, route } from '../_lib/http'

export default route({
  POST: method(ops.readNotifications, async ({ input, ctx, claims }) =>
    ctx.db.rpc('notifications_read', { p_ids: input.ids ?? null, p_all: input.all ?? false }, claims!),
  ),
})
