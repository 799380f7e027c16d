import { ops } from '../../core/contracts/api'
import { describeNotification } from '../../core/inbox/describe'
import { method, route, sqlArgs } from '../_lib/http'

interface Row {
  id: number
  kind: string
  payload: unknown
  createdAt: string
  readAt: string | null
}

export default route({
  GET: method(ops.listNotifications, async ({ input, ctx, claims }) => {
    const page = await ctx.db.rpc<{ items: Row[]; unread: number; nextCursor: string | null }>('notifications_list', sqlArgs(input), claims!)
    return {
      items: page.items.map(({ payload, ...r }) => ({ ...r, ...describeNotification(r.kind, payload) })),
      unread: page.unread,
      nextCursor: page.nextCursor,
    }
  }),
})
