import { ops } from '../../core/contracts/api'
import type { StreetWhistle } from '../../core/contracts/departments'
import { decodeCursor, encodeCursor } from '../../core/pagination'
import { method, route } from '../_lib/http'

export default route({
  GET: method(ops.listStreetWhistles, async ({ input, ctx, claims }) => {
    const after = input.cursor ? decodeCursor(input.cursor) : null
    const page = await ctx.db.rpc<{ items: StreetWhistle[]; hasMore: boolean }>('street_whistles_list', {
      p_street_id: input.streetId, p_after_created_at: after?.createdAt, p_after_id: after?.id,
    }, claims!)
    const last = page.items[page.items.length - 1]
    return { items: page.items, nextCursor: page.hasMore && last ? encodeCursor({ createdAt: last.createdAt, id: last.id }) : null }
  }),
  POST: method(ops.createStreetWhistle, async ({ input, ctx, claims }) =>
    ctx.db.rpc<StreetWhistle>('street_whistle_create', {
      p_street_id: input.streetId, p_title: input.title, p_department_ids: input.departmentIds, p_meet_at: input.meetAt,
      p_need_id: input.needId, p_place: input.place, p_description: input.description,
    }, claims!),
  ),
})
