import { BEAN_TRANSFER_KIND_LABELS } from '../contracts/beans'
import type { ExportKind } from '../contracts/exports'
import {
  NEED_CATEGORY_LABELS,
  NEED_SEVERITY_LABELS,
  NEED_SOURCE_LABELS,
  NEED_STATUS_LABELS,
  NEED_TRACK_LABELS,
  NEED_URGENCY_LABELS,
} from '../contracts/needs'
import { PROJECT_ORIGIN_LABELS, PROJECT_STATUS_LABELS, RESOURCE_KIND_LABELS } from '../contracts/services'
import { POST_CATEGORY_LABELS } from '../contracts/volunteers'
import { toCsv } from '../csv'

// The columns of each export, for the office staff who file and add them up: labels in Chinese, times in Beijing
// time (formatted by SQL), numbers as numbers. A row comes from `export_rows` (20261201000700_administration.sql), which
// holds no ids and personal data only as the screens show it.

type Cell = string | number | null | undefined
type Row = Record<string, unknown>

const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v))
const num = (v: unknown): number | null => (v === null || v === undefined || v === '' ? null : Number(v))
const label = <K extends string>(labels: Record<K, string>, v: unknown): string | null =>
  v === null || v === undefined ? null : (labels[v as K] ?? String(v))
const yesNo = (v: unknown): string | null => (v === true ? '是' : v === false ? '否' : null)

const RESOLUTION_STATUS_LABELS = { in_progress: '落实中', completed: '已完成' } as const

interface Table {
  header: readonly string[]
  row: (r: Row) => Cell[]
}

export const EXPORT_TABLES: Record<ExportKind, Table> = {
  needs: {
    header: ['社区', '提交时间', '标题', '类别', '来源', '紧急程度', '三事分流', '等级', '状态', '网格', '微网格', '承办人', '承办部门',
      '期限', '是否超期', '办结时间', '评价（星）', '评价意见', '联系人', '联系电话'],
    row: (r) => [
      text(r.community), text(r.createdAt), text(r.title), label(NEED_CATEGORY_LABELS, r.category), label(NEED_SOURCE_LABELS, r.source),
      label(NEED_URGENCY_LABELS, r.urgency), label(NEED_TRACK_LABELS, r.track), label(NEED_SEVERITY_LABELS, r.severity),
      label(NEED_STATUS_LABELS, r.status), text(r.grid), text(r.microGrid), text(r.handler), text(r.department),
      text(r.dueAt), yesNo(r.overdue), text(r.resolvedAt), num(r.rating), text(r.ratingComment), text(r.contactName), text(r.contactPhone),
    ],
  },
  services: {
    header: ['社区', '创建时间', '需求', '需求类别', '资源', '资源类型', '资源方', '来源', '状态', '受益人数', '完成时间', '评价（星）',
      '评价意见', '取消原因'],
    row: (r) => [
      text(r.community), text(r.createdAt), text(r.need), label(NEED_CATEGORY_LABELS, r.category), text(r.resource),
      label(RESOURCE_KIND_LABELS, r.resourceKind), text(r.provider), label(PROJECT_ORIGIN_LABELS, r.origin),
      label(PROJECT_STATUS_LABELS, r.status), num(r.beneficiaries), text(r.completedAt), num(r.rating), text(r.ratingComment),
      text(r.cancelReason),
    ],
  },
  volunteer_hours: {
    header: ['社区', '姓名', '工作单位', '岗位', '岗位类别', '时段', '签到时间', '签退时间', '核定分钟'],
    row: (r) => [
      text(r.community), text(r.name), text(r.workUnit), text(r.post), label(POST_CATEGORY_LABELS, r.postCategory), text(r.slot),
      text(r.checkIn), text(r.checkOut), num(r.minutes),
    ],
  },
  bean_movements: {
    header: ['社区', '时间', '账户', '变动', '变动后余额', '类型', '事由'],
    row: (r) => [
      text(r.community), text(r.at), text(r.account), num(r.amount), num(r.balanceAfter), label(BEAN_TRANSFER_KIND_LABELS, r.kind),
      text(r.reason),
    ],
  },
  resolutions: {
    header: ['社区', '形成时间', '决议', '议事会', '议事时间', '关联需求', '状态', '事项数', '完成数', '平均进度（%）', '完成时间',
      '评价（平均星）', '评价人数'],
    row: (r) => [
      text(r.community), text(r.createdAt), text(r.title), text(r.meeting), text(r.meetingAt), text(r.need),
      label(RESOLUTION_STATUS_LABELS, r.status), num(r.actions), num(r.done), num(r.progress), text(r.completedAt), num(r.rating),
      num(r.ratings),
    ],
  },
}

/** The CSV of one export: UTF-8 with a BOM, a Chinese header, formulas defused (core/csv.ts). */
export function exportCsv(kind: ExportKind, rows: readonly Row[]): string {
  const t = EXPORT_TABLES[kind]
  return toCsv(t.header, rows.map(t.row))
}
