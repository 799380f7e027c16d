import { ops } from '../../core/contracts/api'
import type { StreetWhistle } from '../../core/contracts/departments'
import { afterArgs, toPage, type SqlPage } from '../../core/needs/page'
import { forward, method, route, sqlArgs } from '../_lib/http'

export default route({
  GET: method(ops.listStreetWhistles, async ({ input: { cursor, ...rest }, ctx, claims }) =>
    toPage(await ctx.db.rpc<SqlPage<StreetWhistle>>('street_whistles_list', { ...sqlArgs(rest), ...afterArgs(cursor) }, claims!))),
  POST: forward(ops.createStreetWhistle, 'street_whistle_create'),
})
