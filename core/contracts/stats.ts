import { z } from 'zod'
import { ZUuid } from './common'
import { op } from './operation'
import { addDays, chinaToday, isCalendarDay, lastDayWithin } from '../days'

export { addDays }

// ---------------------------------------------------------------------------------------------
// Statistics (数据看板, issue 12): one overview of a community (its staff, or its street's admin) or of a whole
// street (its admin), summed and compared by community, for a period of days. Registered in ./api.ts through
// `statsOps`. The figures are defined in supabase/migrations/20261201000900_statistics.sql; in short:
//   - needs are counted by the day they were raised; hours by check-in; beans by transfer; meetings by start
//   - first response: the first step on the timeline after submission by someone other than the owner
//   - resolution: the first time the need reached 已解决; both are medians in minutes from submission
//   - overdue rate: of the needs with a deadline (not rejected), those unresolved past it or resolved after it
//   - satisfaction: the owners' 1-5 ratings, average and share of 4 and 5 stars
//   - coverage counts only meetings that were held (someone checked in, or minutes were recorded)
// ---------------------------------------------------------------------------------------------

/** Days are calendar days in China (Asia/Shanghai, UTC+8, no daylight saving). */
export const STATS_TIME_OFFSET = '+08:00'
/** Without dates the overview covers the last 30 days, today included. */
export const STATS_DEFAULT_DAYS = 30
/** A period may span at most three years (SQL checks the same: stats.period_too_long). */
export const STATS_MAX_YEARS = 3

/** A calendar day `YYYY-MM-DD` that exists (no 2026-02-30), in the years 2000-2099 (no year 0000). */
export function zStatsDay(label: string) {
  return z
    .string({ error: `请选择${label}` })
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: `${label}的格式应为 年-月-日，例如 2026-01-31` })
    .refine(isStatsDay, { error: `${label}不是有效的日期（2000 年至 2099 年）` })
}

function isStatsDay(s: string): boolean {
  return isCalendarDay(s, 2000, 2099)
}

/** Today in China. */
export const statsToday = chinaToday

/** The last day a period starting on `from` may end on (the day before the same date three years later). */
export function statsLastAllowedDay(from: string): string {
  return lastDayWithin(from, STATS_MAX_YEARS)
}

/** The days the overview covers (both included), with the defaults filled in. */
export function statsPeriod(input: { from?: string; to?: string }, now: Date = new Date()): { from: string; to: string } {
  const to = input.to ?? statsToday(now)
  const from = input.from ?? addDays(to, -(STATS_DEFAULT_DAYS - 1))
  return { from, to }
}

/** The half-open instants [start, end) of a period of days, as the SQL function takes them. */
export function statsInstants(period: { from: string; to: string }): { start: string; end: string } {
  return { start: `${period.from}T00:00:00${STATS_TIME_OFFSET}`, end: `${addDays(period.to, 1)}T00:00:00${STATS_TIME_OFFSET}` }
}

export const ZStatsOverviewRequest = z
  .object({
    communityId: ZUuid.optional(),
    streetId: ZUuid.optional(),
    /** first day (included); default: 29 days before `to` */
    from: zStatsDay('开始日期').optional(),
    /** last day (included); default: today */
    to: zStatsDay('结束日期').optional(),
  })
  .superRefine((v, ctx) => {
    if ((v.communityId === undefined) === (v.streetId === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['communityId'], message: '请选择一个社区或一个街道（二选一）' })
    }
    // the period with its defaults (to: today; from: 29 days before to); a fault is laid on the field that was given
    const { from, to } = statsPeriod(v)
    const field = v.to !== undefined ? 'to' : 'from'
    if (to < from) {
      ctx.addIssue({ code: 'custom', path: [field], message: v.to !== undefined ? '结束日期不能早于开始日期' : '开始日期不能晚于今天' })
    } else if (to > statsLastAllowedDay(from)) {
      ctx.addIssue({ code: 'custom', path: [field], message: `统计时间段最长 ${STATS_MAX_YEARS} 年，请缩短时间段` })
    }
  })

/** One bar of a chart: a stable key, its Chinese label, how many. */
export const ZStatsCount = z.object({ key: z.string(), label: z.string(), count: z.number().int().min(0) })
export type StatsCount = z.infer<typeof ZStatsCount>

const ZInt = z.number().int().min(0)
/** A share 0..1 (3 decimals); null when there is nothing to divide by */
const ZRate = z.number().min(0).max(1).nullable()
const ZBand = z.object({ count: ZInt, share: z.number().min(0).max(1) })

/** Needs not yet triaged have no track; needs without a micro-grid no grid. */
export const STATS_NO_TRACK_LABEL = '未分流'
export const STATS_NO_GRID_LABEL = '未定位网格'

export const ZStatsFigures = z.object({
  needs: z.object({
    /** needs raised in the period */
    total: ZInt,
    byStatus: z.array(ZStatsCount),
    byCategory: z.array(ZStatsCount),
    /** 三事分流, plus `none` (未分流) for needs not yet triaged */
    byTrack: z.array(ZStatsCount),
    /** every grid of the scope (key = grid id), plus `none` when some needs have no micro-grid */
    byGrid: z.array(ZStatsCount),
    overdue: z.object({ withDeadline: ZInt, overdue: ZInt, rate: ZRate }),
    /** needs that got a first response, and the median minutes from submission to it */
    firstResponse: z.object({ count: ZInt, medianMinutes: z.number().min(0).nullable() }),
    /** needs that reached 已解决, and the median minutes from submission to the first time */
    resolution: z.object({ count: ZInt, medianMinutes: z.number().min(0).nullable() }),
    satisfaction: z.object({ rated: ZInt, average: z.number().min(1).max(5).nullable(), highShare: ZRate }),
  }),
  services: z.object({
    /** service projects created in the period, and by their status now */
    created: ZInt,
    byStatus: z.array(ZStatsCount),
    /** projects completed in the period and the people they served */
    completed: ZInt,
    beneficiaries: ZInt,
  }),
  volunteers: z.object({
    /** verified hours of confirmed shifts at the scope's posts, checked in during the period */
    hours: z.number().min(0),
    shifts: ZInt,
    volunteers: ZInt,
    /** the "127" picture: residents by verified hours in the 12 months before the period's end */
    participation: z.object({
      residents: ZInt,
      /** the yearly target; null when the street's communities set different ones */
      targetHours: z.number().nullable(),
      bands: z.object({ core: ZBand, active: ZBand, general: ZBand }),
      ideal: z.object({ core: z.number(), active: z.number(), general: z.number() }),
    }),
  }),
  beans: z.object({
    /** awarded in the period (reversed awards taken off) */
    issued: z.number().int(),
    /** settled to providers when pickup codes were verified (核销) */
    redeemed: ZInt,
    redemptions: ZInt,
  }),
  deliberation: z.object({
    meetingsHeld: ZInt,
    /** scheduled in the period but nobody checked in and no minutes: not counted toward coverage */
    meetingsNotHeld: ZInt,
    coverage: z.object({ covered: ZInt, communities: ZInt, rate: ZRate }),
    /** resolutions passed in the period, and how many of them are carried out */
    conversion: z.object({ passed: ZInt, completed: ZInt, rate: ZRate }),
  }),
})
export type StatsFigures = z.infer<typeof ZStatsFigures>

export const ZStatsOverviewResponse = z.object({
  scope: z.object({ kind: z.enum(['community', 'street']), id: ZUuid, name: z.string() }),
  /** the days covered, both included (Asia/Shanghai) */
  period: z.object({ from: z.string(), to: z.string() }),
  totals: ZStatsFigures,
  /** a street's communities side by side (empty for a community) */
  communities: z.array(z.object({ communityId: ZUuid, name: z.string(), figures: ZStatsFigures })),
})
export type StatsOverview = z.infer<typeof ZStatsOverviewResponse>

export const statsOps = {
  statsOverview: op({
    id: 'statsOverview', method: 'GET', path: '/api/stats/overview', auth: 'required', tags: ['stats'],
    summary: '数据看板：一个社区（社区工作者或街道管理员）或整个街道（街道管理员，按社区对比）某段时间的需求、服务、志愿、金豆与议事统计',
    query: ZStatsOverviewRequest, responses: { 200: ZStatsOverviewResponse },
  }),
} as const
