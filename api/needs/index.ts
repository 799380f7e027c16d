import { ops } from '../../core/contracts/api'
import type { NeedFull } from '../../core/contracts/needs'
import { afterArgs, toPage, type SqlPage } from '../../core/pagination'
import { forward, method, route, sqlArgs } from '../_lib/http'

export default route({
  POST: forward(ops.createNeed, 'need_create'),
  GET: method(ops.listNeeds, async ({ input, ctx, claims }) => {
    // each queue takes only its own filters; the cursor becomes the keyset pair
    const { cursor, scope, order, q, streetId, departmentId, ...filters } = input
    const { status, limit } = filters
    const after = afterArgs(cursor)
    const page = scope === 'street'
      ? await ctx.db.rpc<SqlPage<NeedFull>>('needs_street_queue', { ...sqlArgs({ streetId, status, departmentId, limit }), ...after }, claims!)
      : scope === 'department'
      ? await ctx.db.rpc<SqlPage<NeedFull>>('needs_department_queue', { ...sqlArgs({ departmentId, status, limit }), ...after }, claims!)
      : await ctx.db.rpc<SqlPage<NeedFull>>('needs_list', {
        ...sqlArgs(filters), ...after, p_oldest_first: order === 'oldest', p_q: q || undefined,
      }, claims!)
    return toPage(page)
  }),
})
