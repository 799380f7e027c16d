import { ops } from '../../core/contracts/api'
import type { Resource } from '../../core/contracts/services'
import { afterArgs, toPage, type SqlPage } from '../../core/needs/page'
import { method, route, sqlArgs } from '../_lib/http'

export default route({
  GET: method(ops.listResources, async ({ input: { cursor, ...rest }, ctx, claims }) =>
    toPage(await ctx.db.rpc<SqlPage<Resource>>('resources_list', { ...sqlArgs(rest), ...afterArgs(cursor) }, claims!))),
  POST: method(ops.createResource, async ({ input, ctx, claims }) =>
    // the SQL function has no default for the partner type
    ctx.db.rpc('resource_create', { ...sqlArgs(input), p_partner_type: input.partnerType ?? null }, claims!),
  ),
})
