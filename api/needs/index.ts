import { ops } from '../../core/contracts/api'
import type { NeedFull } from '../../core/contracts/needs'
import { afterArgs, toPage, type SqlPage } from '../../core/needs/page'
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
    const after = afterArgs(input.cursor)
    const page = input.scope === 'street'
      ? await ctx.db.rpc<SqlPage<NeedFull>>('needs_street_queue', {
        p_street_id: input.streetId, p_status: input.status, p_department_id: input.departmentId, ...after, p_limit: input.limit,
      }, claims!)
      : input.scope === 'department'
      ? await ctx.db.rpc<SqlPage<NeedFull>>('needs_department_queue', {
        p_department_id: input.departmentId, p_status: input.status, ...after, p_limit: input.limit,
      }, claims!)
      : await ctx.db.rpc<SqlPage<NeedFull>>('needs_list', {
        p_status: input.status,
        p_track: input.track,
        p_severity: input.severity,
        p_grid_id: input.gridId,
        p_overdue: input.overdue,
        p_oldest_first: input.order === 'oldest',
        ...after,
        p_limit: input.limit,
        p_q: input.q || undefined,
      }, claims!)
    return toPage(page)
  }),
})
