import { ops } from '../../core/contracts/api'
import type { z } from 'zod'
import type { ZClaimableNeed } from '../../core/contracts/services'
import { afterArgs, toPage, type SqlPage } from '../../core/needs/page'
import { method, route, sqlArgs } from '../_lib/http'

export default route({
  GET: method(ops.listClaimable, async ({ input: { cursor, ...rest }, ctx, claims }) =>
    toPage(await ctx.db.rpc<SqlPage<z.infer<typeof ZClaimableNeed>>>('needs_claimable', { ...sqlArgs(rest), ...afterArgs(cursor) }, claims!))),
})
