import type { NeedSeverity, NeedStatus, SlaGoal, SlaRule } from '../contracts/needs'

/**
 * Default time limits from the source documents (per community, editable by admin):
 * 一般 resolved within 1 hour, 重大 within 1 day, 复杂 a plan within 1 week, 疑难 reported upward within 1 week.
 * The database applies the community's own rules; this mirror previews them in the triage form.
 */
export const DEFAULT_SLA_RULES: readonly SlaRule[] = [
  { severity: 'general', minutes: 60, goal: 'resolve' },
  { severity: 'major', minutes: 24 * 60, goal: 'resolve' },
  { severity: 'complex', minutes: 7 * 24 * 60, goal: 'plan' },
  { severity: 'escalated', minutes: 7 * 24 * 60, goal: 'report' },
]

export function ruleFor(rules: readonly SlaRule[], severity: NeedSeverity): SlaRule {
  const r = rules.find((x) => x.severity === severity)
  if (!r) throw new Error(`no SLA rule for ${severity}`)
  return r
}

export function computeDue(rules: readonly SlaRule[], severity: NeedSeverity, triagedAt: Date): { dueAt: Date; goal: SlaGoal } {
  const r = ruleFor(rules, severity)
  return { dueAt: new Date(triagedAt.getTime() + r.minutes * 60_000), goal: r.goal }
}

/** Which statuses still owe the goal: a plan is owed until work starts; resolving or reporting until then. */
const OWED: Record<SlaGoal, readonly NeedStatus[]> = {
  resolve: ['triaged', 'in_progress'],
  plan: ['triaged'],
  report: ['triaged', 'in_progress'],
}

export function isOverdue(n: { status: NeedStatus; dueAt: string | null; dueGoal: SlaGoal | null }, now: Date): boolean {
  if (!n.dueAt || !n.dueGoal) return false
  return now.getTime() > Date.parse(n.dueAt) && OWED[n.dueGoal].includes(n.status)
}

/** "1 小时内办结", "7 天内拿出方案": how a rule reads in the triage form. */
export function describeRule(r: SlaRule): string {
  const goal = { resolve: '办结', plan: '拿出方案', report: '上报' }[r.goal]
  const m = r.minutes
  const span = m % 1440 === 0 ? `${m / 1440} 天` : m % 60 === 0 ? `${m / 60} 小时` : `${m} 分钟`
  return `${span}内${goal}`
}
