import { ops } from '../../core/contracts/api'
import type { ServiceProject } from '../../core/contracts/services'
import { afterArgs, toPage, type SqlPage } from '../../core/needs/page'
import { method, route, sqlArgs } from '../_lib/http'

export default route({
  GET: method(ops.listServices, async ({ input: { cursor, ...rest }, ctx, claims }) =>
    toPage(await ctx.db.rpc<SqlPage<ServiceProject>>('services_list', { ...sqlArgs(rest), ...afterArgs(cursor) }, claims!))),
})
