import { ops } from '../../core/contracts/api'
import type { Shift } from '../../core/contracts/volunteers'
import { method, route } from '../_lib/http'

export default route({
  GET: method(ops.listShifts, async ({ input, ctx, claims }) =>
    ctx.db.rpc<{ items: Shift[]; nextCursor: string | null }>('shifts_list', {
      p_scope: input.scope, p_cursor: input.cursor, p_limit: input.limit,
    }, claims!),
  ),
})
