import { describe, expect, it } from 'vitest'
import { buildCandidates, buildInstance, candidateRules } from './candidates'
import { propose } from './propose'
import { DEFAULT_SCORE_CONFIG, resolveScoreConfig, urgencyLevel } from './score'
import { solve } from './solve'
import { URGENCY_LEVELS, type MatchNeed, type MatchResource } from './types'
import { NEED_URGENCIES } from '../contracts/needs'

const NOW = '2025-06-01T08:00:00Z'
const DAY = 86_400_000

function need(over: Partial<MatchNeed> = {}): MatchNeed {
  return {
    id: 'n1',
    category: 'meal_aid',
    communityId: 'c1',
    gridId: 'g1',
    microGridId: 'm1',
    urgency: 'normal',
    createdAt: NOW,
    ...over,
  }
}

function resource(over: Partial<MatchResource> = {}): MatchResource {
  return {
    id: 'r1',
    categories: ['meal_aid'],
    serviceArea: { communityIds: ['c1'], gridIds: [] },
    availability: [],
    capacity: 5,
    currentLoad: 0,
    communityId: 'c1',
    gridId: 'g1',
    microGridId: 'm1',
    ...over,
  }
}

const one = (n: MatchNeed, r: MatchResource) => buildCandidates([n], [r], NOW)

describe('candidate rules', () => {
  it('a pair passing every rule is a candidate', () => {
    expect(one(need(), resource())).toHaveLength(1)
  })

  it('category must fit: any of the resource categories, not only the first', () => {
    expect(one(need({ category: 'legal' }), resource())).toHaveLength(0)
    expect(one(need({ category: 'legal' }), resource({ categories: ['meal_aid', 'legal'] }))).toHaveLength(1)
  })

  it('the service area must cover the need: its community, or its grid when listed by grid', () => {
    const byGrid = { communityIds: [], gridIds: ['g1'] }
    expect(one(need(), resource({ serviceArea: byGrid }))).toHaveLength(1)
    expect(one(need({ gridId: 'g2' }), resource({ serviceArea: byGrid }))).toHaveLength(0)
    expect(one(need({ gridId: null }), resource({ serviceArea: byGrid }))).toHaveLength(0)
    expect(one(need({ communityId: 'c2', gridId: 'g9' }), resource())).toHaveLength(0)
    expect(one(need({ communityId: 'c2', gridId: 'g9' }), resource({ serviceArea: { communityIds: ['c1', 'c2'], gridIds: [] } }))).toHaveLength(1)
  })

  it('availability must overlap the need window (half-open); empty availability = always', () => {
    const window = { from: '2025-06-03T09:00:00Z', to: '2025-06-03T11:00:00Z' }
    const at = (from: string, to: string) => resource({ availability: [{ from, to }] })
    expect(one(need({ window }), resource({ availability: [] }))).toHaveLength(1)
    expect(one(need({ window }), at('2025-06-03T10:00:00Z', '2025-06-03T12:00:00Z'))).toHaveLength(1)
    expect(one(need({ window }), at('2025-06-03T11:00:00Z', '2025-06-03T12:00:00Z'))).toHaveLength(0)
    expect(one(need({ window }), at('2025-06-03T07:00:00Z', '2025-06-03T09:00:00Z'))).toHaveLength(0)
    expect(
      one(need({ window }), resource({ availability: [{ from: '2025-06-01T00:00:00Z', to: '2025-06-02T00:00:00Z' }, { from: '2025-06-03T10:30:00Z', to: '2025-06-03T10:45:00Z' }] })),
    ).toHaveLength(1)
  })

  it('a need without a window wants service from now: windows that already ended do not count', () => {
    expect(one(need({ window: null }), resource({ availability: [{ from: '2025-05-01T00:00:00Z', to: '2025-05-31T00:00:00Z' }] }))).toHaveLength(0)
    expect(one(need({ window: null }), resource({ availability: [{ from: '2025-06-10T00:00:00Z', to: '2025-06-11T00:00:00Z' }] }))).toHaveLength(1)
  })

  it('the resource must have capacity left; a need with demand 0 takes nothing', () => {
    expect(one(need(), resource({ capacity: 3, currentLoad: 3 }))).toHaveLength(0)
    expect(one(need(), resource({ capacity: 0, currentLoad: 0 }))).toHaveLength(0)
    expect(one(need(), resource({ capacity: 3, currentLoad: 2 }))).toHaveLength(1)
    expect(one(need({ demand: 0 }), resource())).toHaveLength(0)
    expect(candidateRules.hasCapacity(need(), resource({ capacity: 2, currentLoad: 5 }))).toBe(false)
  })

  it('rejects unparseable times with the field named', () => {
    expect(() => one(need({ createdAt: 'yesterday' }), resource())).toThrow(/createdAt of need n1/)
  })
})

describe('score', () => {
  const score = (n: Partial<MatchNeed>, r: Partial<MatchResource> = {}) => {
    const c = one(need(n), resource(r))
    expect(c).toHaveLength(1)
    return c[0]
  }

  it('is an integer in 0..10000; the default weights use the whole range', () => {
    const w = DEFAULT_SCORE_CONFIG.weights
    expect(w.urgency + w.waiting + w.categoryFit + w.closeness + w.load).toBe(10000)
    const best = score({ urgency: 'urgent', createdAt: new Date(Date.parse(NOW) - 30 * DAY) })
    expect(best.score).toBe(10000)
    for (const urgency of ['low', 'normal', 'high', 'urgent'] as const) {
      const s = score({ urgency }, { currentLoad: 4 }).score
      expect(Number.isInteger(s)).toBe(true)
      expect(s).toBeGreaterThanOrEqual(0)
      expect(s).toBeLessThanOrEqual(10000)
    }
  })

  it('more urgent → higher (names and 1..4 agree)', () => {
    const levels = ['low', 'normal', 'high', 'urgent'] as const
    const s = levels.map((urgency) => score({ urgency }).score)
    for (let i = 1; i < s.length; i++) expect(s[i]).toBeGreaterThan(s[i - 1])
    expect(([1, 2, 3, 4] as const).map((urgency) => score({ urgency }).score)).toEqual(s)
  })

  it('speaks the needs\' urgency vocabulary (contracts, need_urgency): a need reaches the engine as stored', () => {
    expect(URGENCY_LEVELS).toEqual(NEED_URGENCIES)
    expect(Object.keys(DEFAULT_SCORE_CONFIG.urgencyFactor)).toEqual([...NEED_URGENCIES])
    expect(() => urgencyLevel('critical' as never)).toThrow(/unknown urgency critical/)
  })

  it('longer waiting → higher, saturating after waitingFullDays', () => {
    const waited = (days: number) => score({ createdAt: Date.parse(NOW) - days * DAY }).score
    expect(waited(1)).toBeGreaterThan(waited(0))
    expect(waited(7)).toBeGreaterThan(waited(1))
    expect(waited(DEFAULT_SCORE_CONFIG.waitingFullDays)).toBe(waited(60))
  })

  it('same micro-grid > same grid > same community > elsewhere in the service area', () => {
    const area = { serviceArea: { communityIds: ['c1', 'c2'], gridIds: [] } }
    const micro = score({}, { ...area }).score
    const grid = score({}, { ...area, microGridId: 'm2' }).score
    const community = score({}, { ...area, microGridId: 'm3', gridId: 'g2' }).score
    const elsewhere = score({}, { ...area, microGridId: 'm4', gridId: 'g3', communityId: 'c2' }).score
    expect(micro).toBeGreaterThan(grid)
    expect(grid).toBeGreaterThan(community)
    expect(community).toBeGreaterThan(elsewhere)
    // an unknown micro-grid on both sides is not "the same micro-grid"
    expect(score({ microGridId: null }, { microGridId: null }).score).toBe(grid)
  })

  it('higher provider load → lower', () => {
    const load = (currentLoad: number) => score({}, { capacity: 10, currentLoad }).score
    expect(load(0)).toBeGreaterThan(load(3))
    expect(load(3)).toBeGreaterThan(load(6))
    expect(load(6)).toBeGreaterThan(load(9))
  })

  it('the need category as the resource’s primary category scores higher than as a secondary one', () => {
    expect(score({}, { categories: ['meal_aid', 'legal'] }).score).toBeGreaterThan(score({}, { categories: ['legal', 'meal_aid'] }).score)
  })

  it('explains itself in Chinese with parallel machine-readable codes', () => {
    const c = score({ urgency: 'urgent', createdAt: Date.parse(NOW) - 5 * DAY - 3600_000 }, { capacity: 10, currentLoad: 1 })
    expect(c.reasons).toEqual(['紧急需求', '已等待 5 天', '同一微网格', '专业对口', '服务方负荷低'])
    expect(c.reasonCodes).toEqual(['urgency_urgent', 'waiting', 'same_micro_grid', 'category_primary', 'load_low'])
    const d = score({ urgency: 'high', createdAt: NOW }, { microGridId: 'm9', categories: ['legal', 'meal_aid'], capacity: 10, currentLoad: 9 })
    expect(d.reasons).toEqual(['较急需求', '同一网格', '可提供此类服务', '服务方负荷较高'])
    expect(d.reasonCodes).toEqual(['urgency_high', 'same_grid', 'category_secondary', 'load_high'])
    const sum = Object.values(c.breakdown).reduce((a, b) => a + b, 0)
    expect(Math.abs(sum - c.score)).toBeLessThanOrEqual(2)
  })

  it('weights come from one config; overrides are merged and validated', () => {
    const base = buildCandidates([need({ urgency: 'urgent' })], [resource()], NOW)[0].score
    const noUrgency = buildCandidates([need({ urgency: 'urgent' })], [resource()], NOW, { weights: { urgency: 0 } })[0].score
    expect(base - noUrgency).toBe(DEFAULT_SCORE_CONFIG.weights.urgency)
    expect(() => resolveScoreConfig({ weights: { urgency: 9000 } })).toThrow(/sum to at most 10000/)
    expect(() => resolveScoreConfig({ weights: { load: -1 } })).toThrow(/non-negative/)
  })
})

describe('buildInstance → solve', () => {
  it('uses remaining capacity; when a resource is scarce the more urgent need gets it', () => {
    const needs = [need({ id: 'calm', urgency: 'low' }), need({ id: 'urgent', urgency: 'urgent', demand: 2 })]
    const resources = [resource({ id: 'near', capacity: 2, currentLoad: 1 }), resource({ id: 'full', capacity: 2, currentLoad: 2 })]
    const inst = buildInstance(needs, resources, NOW)
    expect(inst.needs).toEqual([
      { id: 'calm', demand: 1 },
      { id: 'urgent', demand: 2 },
    ])
    expect(inst.resources).toEqual([
      { id: 'near', capacity: 1 },
      { id: 'full', capacity: 0 },
    ])
    expect(inst.candidates.map((c) => `${c.need}-${c.resource}`)).toEqual(['calm-near', 'urgent-near'])
    const r = solve(inst)
    expect(r).toMatchObject({ assignments: [{ need: 'urgent', resource: 'near' }], optimal: true })
  })

  it('propose() returns the chosen candidates with their reasons', () => {
    const needs = [need({ id: 'a', urgency: 'urgent' }), need({ id: 'b', category: 'legal' })]
    const resources = [resource({ id: 'x', capacity: 1 }), resource({ id: 'y', categories: ['legal'] })]
    const p = propose(needs, resources, NOW)
    expect(p.candidateCount).toBe(2)
    expect(p.optimal).toBe(true)
    expect(p.proposals.map((c) => [c.need, c.resource])).toEqual([
      ['a', 'x'],
      ['b', 'y'],
    ])
    expect(p.proposals[0].reasons).toContain('紧急需求')
    expect(p.totalScore).toBe(p.proposals[0].score + p.proposals[1].score)
    expect(() => propose([need(), need()], resources, NOW)).toThrow(/duplicate need id "n1"/)
  })
})
