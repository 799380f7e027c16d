import { ops } from '../../core/contracts/api'
import { paged, route } from '../_lib/http'

export default route({ GET: paged(ops.listClaimable, 'needs_claimable') })
