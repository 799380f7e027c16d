import { describe, expect, it } from 'vitest'
import { buildInstance, candidatePairs, candidateRules, needDemand } from './candidates'
import { propose } from './propose'
import { resolveScoreConfig, scorePair, scorePairs } from './score'
import { solve } from './solve'
import { mulberry32 } from './testing/generate'
import type { MatchNeed, MatchResource } from './types'
import type { NeedCategory } from '../contracts/needs'

const NOW = Date.parse('2025-06-01T08:00:00Z')
const DAY = 86_400_000
const CATS: NeedCategory[] = ['meal_aid', 'legal', 'medical', 'housekeeping']

/** A random street: communities with grids and micro-grids, resources covering by community or by grid. */
function street(seed: number, N: number, R: number) {
  const rnd = mulberry32(seed)
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]
  const comms = ['c0', 'c1', 'c2']
  const grids = comms.flatMap((c) => [`${c}g0`, `${c}g1`])
  const micro = (g: string) => `${g}m${Math.floor(rnd() * 2)}`
  const time = (days: number) => new Date(NOW + days * DAY).toISOString()
  const needs: MatchNeed[] = Array.from({ length: N }, (_, i) => {
    const g = pick(grids)
    const w = rnd() < 0.3 ? { from: time(rnd() * 5), to: time(5 + rnd() * 5) } : null
    return {
      id: `n${i}`, category: pick(CATS), communityId: g.slice(0, 2), gridId: rnd() < 0.9 ? g : null, microGridId: rnd() < 0.8 ? micro(g) : null,
      urgency: pick(['low', 'normal', 'high', 'urgent', 1, 2, 3, 4] as const), createdAt: new Date(NOW - rnd() * 20 * DAY), window: w,
      demand: rnd() < 0.8 ? 1 : Math.floor(rnd() * 3),
    }
  })
  const resources: MatchResource[] = Array.from({ length: R }, (_, j) => {
    const home = pick(grids)
    const byGrid = rnd() < 0.25
    const capacity = Math.floor(rnd() * 4)
    return {
      id: `r${j}`, categories: [pick(CATS), pick(CATS)],
      serviceArea: byGrid ? { communityIds: [], gridIds: [pick(grids), pick(grids)] } : { communityIds: [home.slice(0, 2), ...(rnd() < 0.4 ? [pick(comms)] : [])], gridIds: rnd() < 0.2 ? [pick(grids)] : [] },
      availability: rnd() < 0.3 ? [{ from: time(rnd() * 8), to: time(8 + rnd() * 4) }] : rnd() < 0.1 ? [{ from: time(-10), to: time(-1) }] : [],
      capacity, currentLoad: Math.floor(rnd() * (capacity + 1)),
      communityId: home.slice(0, 2), gridId: rnd() < 0.9 ? home : null, microGridId: micro(home),
    }
  })
  return { needs, resources }
}

describe('the indexed pipeline equals the object one', () => {
  it('candidatePairs: exactly the pairs that pass all four rules, need-major in input order', () => {
    for (let seed = 1; seed <= 30; seed++) {
      const { needs, resources } = street(seed, 60, 30)
      const expected: string[] = []
      needs.forEach((n) => {
        if (needDemand(n) === 0) return
        resources.forEach((r) => {
          if (candidateRules.categoryFits(n, r) && candidateRules.areaCovers(n, r) && candidateRules.availabilityOverlaps(n, r, NOW) && candidateRules.hasCapacity(n, r))
            expected.push(`${n.id}-${r.id}`)
        })
      })
      const p = candidatePairs(needs, resources, NOW)
      const got = Array.from(p.pairNeed, (i, k) => `${needs[i].id}-${resources[p.pairResource[k]].id}`)
      expect(got, `seed ${seed}`).toEqual(expected)
    }
  })

  it('scorePairs: the same integer as scorePair for every pair', () => {
    const cfg = resolveScoreConfig()
    for (let seed = 1; seed <= 30; seed++) {
      const { needs, resources } = street(seed, 60, 30)
      const p = candidatePairs(needs, resources, NOW)
      const s = scorePairs(needs, resources, p.pairNeed, p.pairResource, NOW, cfg)
      const expected = Array.from(p.pairNeed, (i, k) => scorePair(needs[i], resources[p.pairResource[k]], NOW, +new Date(needs[i].createdAt as Date), cfg).score)
      expect(Array.from(s)).toEqual(expected)
    }
  })

  it('propose: the same proposals and total as buildInstance + solve, with a time per stage', () => {
    for (let seed = 1; seed <= 30; seed++) {
      const { needs, resources } = street(seed, 80, 40)
      const p = propose(needs, resources, NOW)
      const inst = buildInstance(needs, resources, NOW)
      const s = solve(inst)
      expect(p.totalScore).toBe(s.totalScore)
      expect(p.candidateCount).toBe(inst.candidates.length)
      expect(p.proposals.map((c) => [c.need, c.resource])).toEqual(s.assignments.map((a) => [a.need, a.resource]))
      const byPair = new Map(inst.candidates.map((c) => [`${c.need}|${c.resource}`, c]))
      for (const c of p.proposals) expect(c).toEqual(byPair.get(`${c.need}|${c.resource}`))
      expect(Object.keys(p.timings).sort()).toEqual(['candidates', 'explain', 'scoring', 'solve'])
    }
  })

  it('a need window or a resource time is parsed only when it decides a pair, as before', () => {
    const n: MatchNeed = { id: 'n', category: 'legal', communityId: 'c', urgency: 'low', createdAt: NOW, window: { from: 'soon', to: 'later' } }
    const always: MatchResource = { id: 'r', categories: ['legal'], serviceArea: { communityIds: ['c'], gridIds: [] }, availability: [], capacity: 1, currentLoad: 0 }
    expect(candidatePairs([n], [always], NOW).pairNeed).toHaveLength(1)
    expect(() => candidatePairs([n], [{ ...always, availability: [{ from: NOW, to: NOW + DAY }] }], NOW)).toThrow(/window.from of need n/)
  })
})
