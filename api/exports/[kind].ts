import { ops } from '../../core/contracts/api'
import { exportCsv } from '../../core/exports/table'
import { method, route } from '../_lib/http'

// 导出: the rows come from SQL (permission, period and row cap checked there); the CSV is written here.
export default route({
  GET: method(ops.exportData, async ({ input, ctx, claims }) => {
    const rows = await ctx.db.rpc<Record<string, unknown>[]>('export_rows', {
      p_kind: input.kind,
      p_community_id: input.communityId ?? null,
      p_street_id: input.streetId ?? null,
      p_from: input.from,
      p_to: input.to,
    }, claims!)
    return exportCsv(input.kind, rows)
  }),
})
