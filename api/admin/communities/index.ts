import { ops } from '../../../core/contracts/api'
import { COMMUNITY_CONTACT_ERRORS, type Community } from '../../../core/contracts/admin'
import { DomainError, ERROR_TABLE } from '../../../core/errors'
import { method, route } from '../../_lib/http'

/** A refused phone or prefix gets its own message (the field is named by SQL). */
export function explainContactError(err: unknown): never {
  if (err instanceof DomainError && COMMUNITY_CONTACT_ERRORS[err.code] && !ERROR_TABLE[err.code]) {
    const spec = COMMUNITY_CONTACT_ERRORS[err.code]
    const explained = new DomainError(err.code, spec.message, err.field)
    // DomainError takes its status from the error table; until the table has these codes, set it here
    Object.defineProperty(explained, 'status', { value: spec.status })
    throw explained
  }
  throw err
}

export default route({
  GET: method(ops.listAdminCommunities, async ({ input, ctx, claims }) =>
    ctx.db.rpc<{ items: Community[] }>('admin_communities_list', { p_street_id: input.streetId, p_include_archived: input.includeArchived }, claims!),
  ),
  POST: method(ops.createCommunity, async ({ input, ctx, claims }) =>
    ctx.db
      .rpc<Community>('community_create', {
        p_street_id: input.streetId, p_name: input.name, p_scale: input.scale, p_function: input.function,
        p_subtype: input.subtype, p_branch_secretary_leads_grid: input.branchSecretaryLeadsGrid,
        p_service_phone: input.servicePhone || undefined, p_ref_prefix: input.refPrefix,
      }, claims!)
      .catch(explainContactError),
  ),
})
