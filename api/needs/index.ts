import { ops } from '../../core/contracts/api'
import type { NeedFull } from '../../core/contracts/needs'
import { decodeCursor, encodeCursor } from '../../core/pagination'
import { method, route } from '../_lib/http'

export default route({
  POST: method(ops.createNeed, async ({ input, ctx, claims }) =>
    ctx.db.rpc('need_create', {
      p_title: input.title,
      p_description: input.description,
      p_category: input.category,
      p_micro_grid_id: input.microGridId ?? null,
      p_urgency: input.urgency,
      p_address: input.address,
      p_window_from: input.windowFrom,
      p_window_to: input.windowTo,
      p_people_affected: input.peopleAffected,
      p_source: input.source,
      p_on_behalf_of: input.onBehalfOf,
      p_contact_name: input.contactName,
      p_contact_phone: input.contactPhone,
    }, claims!),
  ),
  GET: method(ops.listNeeds, async ({ input, ctx, claims }) => {
    const after = input.cursor ? decodeCursor(input.cursor) : null
    const page = input.scope === 'street'
      ? await ctx.db.rpc<{ items: NeedFull[]; hasMore: boolean }>('needs_street_queue', {
        p_street_id: input.streetId, p_status: input.status, p_department_id: input.departmentId,
        p_after_created_at: after?.createdAt, p_after_id: after?.id, p_limit: input.limit,
      }, claims!)
      : input.scope === 'department'
      ? await ctx.db.rpc<{ items: NeedFull[]; hasMore: boolean }>('needs_department_queue', {
        p_department_id: input.departmentId, p_status: input.status,
        p_after_created_at: after?.createdAt, p_after_id: after?.id, p_limit: input.limit,
      }, claims!)
      : await ctx.db.rpc<{ items: NeedFull[]; hasMore: boolean }>('needs_list', {
      p_status: input.status,
      p_track: input.track,
      p_severity: input.severity,
      p_grid_id: input.gridId,
      p_overdue: input.overdue,
      p_oldest_first: input.order === 'oldest',
      p_after_created_at: after?.createdAt,
      p_after_id: after?.id,
      p_limit: input.limit,
    }, claims!)
    const last = page.items[page.items.length - 1]
    return { items: page.items, nextCursor: page.hasMore && last ? encodeCursor({ createdAt: last.createdAt, id: last.id }) : null }
  }),
})
