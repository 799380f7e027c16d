import { ops } from '../../core/contracts/api'
import { method, route } from '../_lib/http'

export default route({
  PATCH: method(ops.updateResource, async ({ input, ctx, claims }) =>
    ctx.db.rpc('resource_update', {
      p_id: input.id, p_title: input.title, p_description: input.description, p_kind: input.kind,
      p_partner_type: input.partnerType ?? undefined, p_clear_partner_type: input.partnerType === null,
      p_categories: input.categories, p_capacity: input.capacity, p_period: input.period,
      p_community_ids: input.communityIds, p_grid_ids: input.gridIds, p_availability: input.availability,
      p_contact_name: input.contactName, p_contact_phone: input.contactPhone,
    }, claims!),
  ),
})
