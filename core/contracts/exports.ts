import { z } from 'zod'
import { ZUuid } from './common'
import { op } from './operation'
import { isCalendarDay, lastDayWithin } from '../days'

// ---------------------------------------------------------------------------------------------
// Exports (导出, issue 12): what a community or a street did in a period, as a spreadsheet for the office.
// Registered in ./api.ts through `exportOps`.
// ---------------------------------------------------------------------------------------------

export const EXPORT_KINDS = ['needs', 'services', 'volunteer_hours', 'bean_movements', 'resolutions'] as const
export const ZExportKind = z.enum(EXPORT_KINDS, { error: '请选择要导出的内容' })
export type ExportKind = z.infer<typeof ZExportKind>
export const EXPORT_KIND_LABELS: Record<ExportKind, string> = {
  needs: '需求清单',
  services: '服务项目',
  volunteer_hours: '志愿服务时长',
  bean_movements: '金豆流水',
  resolutions: '议事决议',
}

/** CSV only: an XLSX writer would be a new dependency for what Excel already opens from a CSV with a BOM. */
export const EXPORT_FORMATS = ['csv'] as const
export const ZExportFormat = z.enum(EXPORT_FORMATS, { error: '目前只支持导出 CSV 表格' })

/** A period may span at most three years (SQL checks the same: export.period_too_long). */
export const EXPORT_MAX_YEARS = 3
/** More rows than this are refused (SQL: export.too_many_rows, 413); a narrower period or one community helps. */
export const EXPORT_MAX_ROWS = 50_000

/** A calendar day `YYYY-MM-DD` that exists (no 2026-02-30), between the years 1900 and 2999. */
export function zIsoDay(label: string) {
  return z
    .string({ error: `请选择${label}` })
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: `${label}的格式应为 年-月-日，例如 2026-01-31` })
    .refine(isRealDay, { error: `${label}不是有效的日期` })
}

function isDay(s: unknown): s is string {
  return typeof s === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(s) && isRealDay(s)
}

function isRealDay(s: string): boolean {
  return isCalendarDay(s, 1900, 2999)
}

/** The last day a period starting on `from` may end on (the day before the same date three years later). */
export function lastAllowedDay(from: string): string {
  return lastDayWithin(from, EXPORT_MAX_YEARS)
}

export const ZExportRequest = z
  .object({
    communityId: ZUuid.optional(),
    streetId: ZUuid.optional(),
    from: zIsoDay('开始日期'),
    to: zIsoDay('结束日期'),
    format: ZExportFormat.default('csv'),
  })
  .superRefine((v, ctx) => {
    if ((v.communityId === undefined) === (v.streetId === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['communityId'], message: '请选择一个社区或一个街道（二选一）' })
    }
    // the days themselves are checked (and named) above; a period is judged only between two real days
    if (!isDay(v.from) || !isDay(v.to)) return
    if (v.to < v.from) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: '结束日期不能早于开始日期' })
    } else if (v.to > lastAllowedDay(v.from)) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: `一次最多导出 ${EXPORT_MAX_YEARS} 年的数据` })
    }
  })

/** The file name says what it holds: 需求清单_needs_2026-11-01_2026-11-30.csv */
export function exportFileName(input: { kind: ExportKind; from: string; to: string }): string {
  return `${EXPORT_KIND_LABELS[input.kind]}_${input.kind}_${input.from}_${input.to}.csv`
}

export const exportOps = {
  exportData: op({
    id: 'exportData', method: 'GET', path: '/api/exports/{kind}', auth: 'required', tags: ['exports'],
    summary: '导出一个社区（社区工作者或街道管理员）或整个街道（街道管理员）某段时间的需求、服务项目、志愿时长、金豆流水或议事决议（CSV，UTF-8 带 BOM）',
    params: z.object({ kind: ZExportKind }), query: ZExportRequest, responses: { 200: z.string() }, produces: 'text/csv',
    filename: (input) => exportFileName(input),
  }),
} as const
