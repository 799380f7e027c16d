import { describe, expect, it } from 'vitest'
import { DEFAULT_SLA_RULES, computeDue, describeRule, isOverdue, ruleFor } from './sla'

const t0 = new Date('2026-11-22T02:00:00.000Z')

describe('SLA rules', () => {
  it('defaults follow the source documents', () => {
    expect(DEFAULT_SLA_RULES.map(describeRule)).toEqual(['1 小时内办结', '1 天内办结', '7 天内拿出方案', '7 天内上报'])
  })
  it.each([
    ['general', '2026-11-22T03:00:00.000Z', 'resolve'],
    ['major', '2026-11-23T02:00:00.000Z', 'resolve'],
    ['complex', '2026-11-29T02:00:00.000Z', 'plan'],
    ['escalated', '2026-11-29T02:00:00.000Z', 'report'],
  ] as const)('%s is due at %s with goal %s', (severity, due, goal) => {
    const r = computeDue(DEFAULT_SLA_RULES, severity, t0)
    expect(r.dueAt.toISOString()).toBe(due)
    expect(r.goal).toBe(goal)
  })
  it('uses a community’s own rule when it differs', () => {
    const rules = DEFAULT_SLA_RULES.map((r) => (r.severity === 'general' ? { ...r, minutes: 30 } : r))
    expect(computeDue(rules, 'general', t0).dueAt.toISOString()).toBe('2026-11-22T02:30:00.000Z')
    expect(describeRule(ruleFor(rules, 'general'))).toBe('30 分钟内办结')
  })
  it('overdue only after the deadline and only while the goal is still owed', () => {
    const due = '2026-11-22T03:00:00.000Z'
    const after = new Date('2026-11-22T03:00:01.000Z')
    const before = new Date('2026-11-22T02:59:59.000Z')
    expect(isOverdue({ status: 'in_progress', dueAt: due, dueGoal: 'resolve' }, after)).toBe(true)
    expect(isOverdue({ status: 'in_progress', dueAt: due, dueGoal: 'resolve' }, before)).toBe(false)
    expect(isOverdue({ status: 'resolved', dueAt: due, dueGoal: 'resolve' }, after)).toBe(false)
    // a plan is owed only until work starts
    expect(isOverdue({ status: 'triaged', dueAt: due, dueGoal: 'plan' }, after)).toBe(true)
    expect(isOverdue({ status: 'in_progress', dueAt: due, dueGoal: 'plan' }, after)).toBe(false)
    expect(isOverdue({ status: 'escalated', dueAt: due, dueGoal: 'report' }, after)).toBe(false)
    expect(isOverdue({ status: 'submitted', dueAt: null, dueGoal: null }, after)).toBe(false)
  })
})
