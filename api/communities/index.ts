import { ops } from '../../core/contracts/api'
import { method, route } from '../_lib/http'

// The cursor is opaque here: the SQL function encodes it and refuses a forged one naming `cursor`.
export default route({
  GET: method(ops.listCommunities, async ({ input, ctx, claims }) =>
    ctx.db.rpc('communities_search', { p_q: input.q, p_street_id: input.streetId, p_cursor: input.cursor }, claims!),
  ),
})
