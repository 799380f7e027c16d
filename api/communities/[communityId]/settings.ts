import { ops } from '../../../core/contracts/api'
import { forward, route } from '../../_lib/http'

export default route({
  GET: forward(ops.getCommunitySettings, 'community_settings_get'),
  PUT: forward(ops.putCommunitySettings, 'community_settings_put'),
})
