import {
  APP_ROLE_LABELS,
  AUDIT_ACTION_LABELS,
  COMMUNITY_FUNCTION_LABELS,
  COMMUNITY_SCALE_LABELS,
  COMMUNITY_SUBTYPE_LABELS,
  GRID_KIND_LABELS,
  PARTNER_TYPE_LABELS,
  PARTY_ORG_LEVEL_LABELS,
  type AppRole,
  type AuditEntry,
} from '../../../core/contracts'

export function roleLabel(role: string): string {
  return (APP_ROLE_LABELS as Record<string, string>)[role] ?? '其他身份'
}

export function rolesText(roles: readonly AppRole[]): string {
  return roles.map(roleLabel).join('、')
}

// Actions logged by suspension (20261201000700_administration.sql), kept here beside the shared table.
const MORE_ACTION_LABELS: Record<string, string> = {
  'member.suspended': '停用账号',
  'member.reinstated': '恢复账号',
}

export function auditActionLabel(action: string): string {
  return AUDIT_ACTION_LABELS[action] ?? MORE_ACTION_LABELS[action] ?? '其他操作'
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

// The detail keys people may read, in the order shown; anything else (ids, internal flags) stays out of sight.
const DETAIL_KEYS: Array<[string, string, Record<string, string>?]> = [
  ['role', '身份', APP_ROLE_LABELS],
  ['roles', '身份', APP_ROLE_LABELS],
  ['added', '授予', APP_ROLE_LABELS],
  ['removed', '撤销', APP_ROLE_LABELS],
  ['name', '名称'],
  ['code', '编码'],
  ['gridName', '网格'],
  ['microGridName', '微网格'],
  ['unitName', '单位'],
  ['partnerType', '合伙人类型', PARTNER_TYPE_LABELS],
  ['kind', '类型', GRID_KIND_LABELS],
  ['households', '户数'],
  ['level', '层级', PARTY_ORG_LEVEL_LABELS],
  ['secretaryName', '书记'],
  ['scale', '规模', COMMUNITY_SCALE_LABELS],
  ['function', '功能', COMMUNITY_FUNCTION_LABELS],
  ['subtype', '细分类型', COMMUNITY_SUBTYPE_LABELS],
  ['reason', '原因'],
]

function readable(value: unknown, labels?: Record<string, string>): string {
  if (value === null || value === undefined || value === '') return ''
  if (Array.isArray(value)) return value.map((v) => readable(v, labels)).filter(Boolean).join('、')
  if (typeof value === 'boolean') return value ? '是' : '否'
  if (typeof value === 'number') return String(value)
  if (typeof value !== 'string' || UUID.test(value)) return ''
  return labels?.[value] ?? (labels ? '' : value)
}

/** "身份：网格员；网格：第一网格" or "从 和平社区 到 光明社区": a short line a person can read, never raw ids. */
export function auditDetail(entry: Pick<AuditEntry, 'detail'>): string {
  const d = entry.detail ?? {}
  const parts: string[] = []
  const from = readable(d.from)
  const to = readable(d.to)
  if (from && to) parts.push(`从 ${from} 到 ${to}`)
  else if (to) parts.push(`改为 ${to}`)
  for (const [key, label, labels] of DETAIL_KEYS) {
    const text = readable(d[key], labels)
    if (text) parts.push(`${label}：${text}`)
  }
  const line = parts.join('；')
  return line.length > 80 ? `${line.slice(0, 79)}…` : line
}
