import { ops } from '../../core/contracts/api'
import type { NeedFull } from '../../core/contracts/needs'
import { afterArgs, toPage, type SqlPage } from '../../core/needs/page'
import { method, route, sqlArgs } from '../_lib/http'

export default route({
  GET: method(ops.listMyNeeds, async ({ input: { cursor, ...rest }, ctx, claims }) =>
    toPage(await ctx.db.rpc<SqlPage<NeedFull>>('needs_mine', { ...sqlArgs(rest), ...afterArgs(cursor) }, claims!))),
})
