import { ops } from '../../../core/contracts/api'
import { forward, route } from '../../_lib/http'

export default route({
  GET: forward(ops.listPartyOrgs, 'party_orgs_list'),
  POST: forward(ops.createPartyOrg, 'party_org_create'),
})
