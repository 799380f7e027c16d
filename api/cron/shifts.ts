import { ops } from '../../core/contracts/api'
import { forward, route } from '../_lib/http'

// Hourly (vercel.json): claimed shifts whose slot ended 30 minutes ago without a check-in become no-shows, and a
// volunteer who checked in but never out is reminded once to ask for 补签退.
export default route({
  GET: forward(ops.cronShifts, 'shifts_sweep'),
})
