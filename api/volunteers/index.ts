import { ops } from '../../core/contracts/api'
import type { Registration } from '../../core/contracts/volunteers'
import { method, route } from '../_lib/http'

export default route({
  GET: method(ops.listVolunteers, async ({ input, ctx, claims }) =>
    ctx.db.rpc<{ items: Registration[]; nextCursor: string | null }>('volunteers_list', {
      p_status: input.status, p_kind: input.kind, p_skill: input.skill, p_cursor: input.cursor, p_limit: input.limit,
    }, claims!),
  ),
})
