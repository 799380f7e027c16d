import { ops } from '../../core/contracts/api'
import { SERVICE_CLAIMS } from '../_lib/db/types'
import { method, route } from '../_lib/http'

export default route({
  GET: method(ops.cronBeans, async ({ ctx }) => ctx.db.rpc('beans_sweep', {}, SERVICE_CLAIMS)),
})
