import { ops } from '../../core/contracts/api'
import { toCsv } from '../../core/csv'
import { method, route, sqlArgs } from '../_lib/http'

interface Row {
  workUnit: string
  member: string
  hours: number
  posts: number
}

// Sent back to each member's workplace (双报到): one row per member, grouped by work unit.
export default route({
  GET: method(ops.volunteerReport, async ({ input, ctx, claims }) => {
    const year = input.year ?? Number(new Date(Date.now() + 8 * 3600_000).getUTCFullYear())
    const rows = await ctx.db.rpc<Row[]>('volunteer_report', { ...sqlArgs(input), p_year: year }, claims!)
    return toCsv(['工作单位', '党员', `${year}年服务时长（小时）`, '服务岗位数'], rows.map((r) => [r.workUnit, r.member, r.hours, r.posts]))
  }),
})
