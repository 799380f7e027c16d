import { ops } from '../../core/contracts/api'
import { SERVICE_CLAIMS } from '../_lib/db/types'
import { method, route } from '../_lib/http'
import { drainOutbox } from '../_lib/notify'

// Vercel cron (vercel.json) calls this every 10 minutes. Each step is idempotent: a need moves at most once.
export default route({
  GET: method(ops.cronSla, async ({ ctx }) => {
    const sweep = await ctx.db.rpc<{ escalated: number; closed: number }>('needs_sla_sweep', {}, SERVICE_CLAIMS)
    const notifications = await drainOutbox(ctx, ctx.notifier, 200)
    return { ...sweep, notifications }
  }),
})
