import { beforeAll, describe, expect, it } from 'vitest'
import { greedy, greedyIndexed, MatchingInputError, solve, solveIndexed, toIndexed } from './solve'
import { generateIndexed, mulberry32, toIdInstance, type GenerateOptions } from './testing/generate'
import { getHighs, solveLp } from './testing/highs'
import type { IndexedInstance, IndexedResult } from './types'

type Highs = Awaited<ReturnType<typeof getHighs>>
let highs: Highs
beforeAll(async () => {
  highs = await getHighs()
})

/** Every way an assignment can be invalid; returns the problems found (empty = valid). */
function violations(inst: IndexedInstance, r: IndexedResult): string[] {
  const out: string[] = []
  const usedN = new Int32Array(inst.needCount)
  const usedR = new Int32Array(inst.resourceCount)
  const seen = new Set<number>()
  let total = 0
  for (const k of r.chosen) {
    if (k < 0 || k >= inst.pairNeed.length) out.push(`pair ${k} out of range`)
    if (seen.has(k)) out.push(`pair ${k} twice`)
    seen.add(k)
    usedN[inst.pairNeed[k]]++
    usedR[inst.pairResource[k]]++
    total += inst.pairScore[k]
  }
  // "no pair twice" also means the same need–resource couple, not only the same candidate index
  const couples = new Set(Array.from(r.chosen, (k) => `${inst.pairNeed[k]}:${inst.pairResource[k]}`))
  if (couples.size !== r.chosen.length) out.push('a need–resource couple assigned twice')
  usedN.forEach((u, i) => u > inst.demand[i] && out.push(`need ${i} takes ${u} > demand ${inst.demand[i]}`))
  usedR.forEach((u, j) => u > inst.capacity[j] && out.push(`resource ${j} takes ${u} > capacity ${inst.capacity[j]}`))
  if (total !== r.totalScore) out.push(`totalScore ${r.totalScore} ≠ sum of assigned scores ${total}`)
  return out
}

/** A mix of shapes: one or many components, few or many distinct scores, zero scores, demand > 1, capacity 0. */
function smallCase(seed: number): GenerateOptions {
  const rnd = mulberry32(seed * 7919)
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]
  return {
    kind: pick(['sparse', 'dense', 'community'] as const),
    needs: 1 + Math.floor(rnd() * 60),
    resources: 1 + Math.floor(rnd() * 40),
    perNeed: 1 + Math.floor(rnd() * 8),
    seed,
    maxScore: pick([10000, 10000, 100, 3, 1]),
    scoreModel: pick(['uniform', 'additive'] as const),
    communities: 1 + Math.floor(rnd() * 5),
    maxDemand: 1 + Math.floor(rnd() * 4),
    maxCapacity: Math.floor(rnd() * 6),
  }
}

describe('solveIndexed: optimal, equal to the HiGHS LP optimum', () => {
  it('on 300 seeded small random instances', () => {
    let withZeroScore = 0
    let withZeroCapacity = 0
    let withDemandAboveOne = 0
    for (let seed = 1; seed <= 300; seed++) {
      const inst = generateIndexed(smallCase(seed))
      const r = solveIndexed(inst)
      const lp = solveLp(highs, inst)
      expect(lp.status, `seed ${seed}`).toBe('optimal')
      expect(r.totalScore, `seed ${seed}`).toBe(Math.round(lp.objective))
      expect(Math.abs(r.totalScore - lp.objective), `seed ${seed}`).toBeLessThan(1e-6)
      expect(r.optimal).toBe(true)
      expect(violations(inst, r), `seed ${seed}`).toEqual([])
      for (const k of r.chosen) expect(inst.pairScore[k], 'a zero-score pair adds nothing and is left out').toBeGreaterThan(0)
      if (inst.pairScore.includes(0)) withZeroScore++
      if (inst.capacity.includes(0)) withZeroCapacity++
      if (inst.demand.some((d) => d > 1)) withDemandAboveOne++
    }
    // the generator really produced the cases this test claims to cover
    expect(withZeroScore).toBeGreaterThan(30)
    expect(withZeroCapacity).toBeGreaterThan(30)
    expect(withDemandAboveOne).toBeGreaterThan(100)
  })

  it('on medium instances (several hundred nodes: sub-hub tree, global price updates)', () => {
    const shapes: GenerateOptions[] = [
      { kind: 'sparse', needs: 600, resources: 300, perNeed: 8, seed: 11, scoreModel: 'uniform' },
      { kind: 'dense', needs: 400, resources: 200, perNeed: 40, seed: 12, scoreModel: 'additive' },
      { kind: 'dense', needs: 400, resources: 200, perNeed: 40, seed: 13, maxScore: 5 },
      { kind: 'community', needs: 800, resources: 400, perNeed: 20, seed: 14, communities: 8, scoreModel: 'additive' },
      { kind: 'sparse', needs: 300, resources: 600, perNeed: 6, seed: 15, maxDemand: 5, maxCapacity: 1 },
    ]
    for (const o of shapes) {
      const inst = generateIndexed(o)
      const r = solveIndexed(inst)
      expect(r.totalScore, JSON.stringify(o)).toBe(Math.round(solveLp(highs, inst).objective))
      expect(violations(inst, r)).toEqual([])
      expect(r.stats.exact).toBeGreaterThan(0)
    }
  })
})

describe('properties', () => {
  it('greedy is valid and never beats the optimum; both respect demand, capacity and each pair once', () => {
    for (let seed = 500; seed < 600; seed++) {
      const inst = generateIndexed(smallCase(seed))
      const opt = solveIndexed(inst)
      const g = greedyIndexed(inst)
      expect(violations(inst, g)).toEqual([])
      expect(g.optimal).toBe(false)
      expect(g.totalScore).toBeLessThanOrEqual(opt.totalScore)
    }
  })

  it('the property checker itself catches each kind of violation', () => {
    const inst: IndexedInstance = {
      needCount: 1,
      resourceCount: 2,
      demand: Int32Array.of(1),
      capacity: Int32Array.of(1, 0),
      pairNeed: Int32Array.of(0, 0),
      pairResource: Int32Array.of(0, 1),
      pairScore: Int32Array.of(5, 7),
    }
    const base = { optimal: true, ms: 0, stats: { components: 1, exact: 1, greedy: 0, trivial: 0, largestPairs: 2 } }
    expect(violations(inst, { ...base, chosen: Int32Array.of(0), totalScore: 5 })).toEqual([])
    expect(violations(inst, { ...base, chosen: Int32Array.of(0, 1), totalScore: 12 })).toEqual([
      'need 0 takes 2 > demand 1',
      'resource 1 takes 1 > capacity 0',
    ])
    expect(violations(inst, { ...base, chosen: Int32Array.of(0), totalScore: 6 })).toHaveLength(1)
    expect(violations(inst, { ...base, chosen: Int32Array.of(0, 0), totalScore: 10 })).toContain('pair 0 twice')
  })

  it('greedy can be strictly worse, and solve finds the better matching', () => {
    // Greedy takes n1–r1 (10) and blocks both 9s; the optimum is n1–r2 + n2–r1 = 18.
    const instance = {
      needs: [
        { id: 'n1', demand: 1 },
        { id: 'n2', demand: 1 },
      ],
      resources: [
        { id: 'r1', capacity: 1 },
        { id: 'r2', capacity: 1 },
      ],
      candidates: [
        { need: 'n1', resource: 'r1', score: 10 },
        { need: 'n1', resource: 'r2', score: 9 },
        { need: 'n2', resource: 'r1', score: 9 },
      ],
    }
    expect(greedy(instance).totalScore).toBe(10)
    const r = solve(instance)
    expect(r).toMatchObject({ totalScore: 18, optimal: true })
    expect(r.assignments).toEqual([
      { need: 'n1', resource: 'r2' },
      { need: 'n2', resource: 'r1' },
    ])
  })

  it('maximum weight, not maximum cardinality: one good pair beats two poor ones', () => {
    const r = solve({
      needs: [
        { id: 'a', demand: 1 },
        { id: 'b', demand: 1 },
      ],
      resources: [
        { id: 'x', capacity: 1 },
        { id: 'y', capacity: 1 },
      ],
      candidates: [
        { need: 'a', resource: 'x', score: 100 },
        { need: 'a', resource: 'y', score: 1 },
        { need: 'b', resource: 'x', score: 1 },
      ],
    })
    expect(r.totalScore).toBe(100)
    expect(r.assignments).toEqual([{ need: 'a', resource: 'x' }])
  })

  it('handles empty input, zero demand, zero capacity and zero scores', () => {
    expect(solve({ needs: [], resources: [], candidates: [] })).toMatchObject({ assignments: [], totalScore: 0, optimal: true })
    const r = solve({
      needs: [
        { id: 'n0', demand: 0 },
        { id: 'n1', demand: 3 },
      ],
      resources: [
        { id: 'r0', capacity: 0 },
        { id: 'r1', capacity: 2 },
        { id: 'r2', capacity: 1 },
      ],
      candidates: [
        { need: 'n0', resource: 'r1', score: 50 },
        { need: 'n1', resource: 'r0', score: 90 },
        { need: 'n1', resource: 'r1', score: 0 },
        { need: 'n1', resource: 'r2', score: 7 },
      ],
    })
    expect(r.assignments).toEqual([{ need: 'n1', resource: 'r2' }])
    expect(r.totalScore).toBe(7)
  })

  it('same answer through the id API and the indexed API', () => {
    const inst = generateIndexed({ kind: 'community', needs: 200, resources: 100, perNeed: 6, seed: 99, communities: 4 })
    const byId = solve(toIdInstance(inst))
    const byIndex = solveIndexed(inst)
    expect(byId.totalScore).toBe(byIndex.totalScore)
    expect(byId.assignments).toEqual(Array.from(byIndex.chosen, (k) => ({ need: `n${inst.pairNeed[k]}`, resource: `r${inst.pairResource[k]}` })))
  })
})

describe('components and the greedy fallback', () => {
  it('solves independent communities separately, stars without the flow solver', () => {
    const inst = generateIndexed({ kind: 'community', needs: 300, resources: 150, perNeed: 5, seed: 3, communities: 10 })
    const r = solveIndexed(inst)
    expect(r.stats.components).toBeGreaterThanOrEqual(10)
    const star = solve({
      needs: [{ id: 'n', demand: 2 }],
      resources: [1, 2, 3, 4].map((i) => ({ id: `r${i}`, capacity: 1 })),
      candidates: [1, 2, 3, 4].map((i) => ({ need: 'n', resource: `r${i}`, score: [5, 40, 30, 10][i - 1] })),
    })
    expect(star.totalScore).toBe(70)
  })

  it('falls back to greedy above the size limit and then says optimal: false', () => {
    const inst = generateIndexed({ kind: 'dense', needs: 60, resources: 30, perNeed: 10, seed: 5 })
    const exact = solveIndexed(inst)
    const capped = solveIndexed(inst, { maxExactPairs: 50 })
    expect(exact.optimal).toBe(true)
    expect(capped.optimal).toBe(false)
    expect(capped.stats.greedy).toBeGreaterThan(0)
    expect(capped.totalScore).toBe(greedyIndexed(inst).totalScore)
    expect(violations(inst, capped)).toEqual([])
  })
})

describe('exact arithmetic guard', () => {
  it('never runs the exact solver on a component too large for exact float64 prices, whatever limits are passed', () => {
    // One path-shaped component of 600k nodes: need i – resource i – need i+1 – …
    const N = 300_000
    const pairNeed = new Int32Array(2 * N - 1)
    const pairResource = new Int32Array(2 * N - 1)
    const pairScore = new Int32Array(2 * N - 1)
    for (let i = 0, k = 0; i < N; i++) {
      pairNeed[k] = i
      pairResource[k] = i
      pairScore[k++] = 1 + (i % 97)
      if (i + 1 < N) {
        pairNeed[k] = i + 1
        pairResource[k] = i
        pairScore[k++] = 1 + (i % 89)
      }
    }
    const inst: IndexedInstance = {
      needCount: N,
      resourceCount: N,
      demand: new Int32Array(N).fill(1),
      capacity: new Int32Array(N).fill(1),
      pairNeed,
      pairResource,
      pairScore,
    }
    const r = solveIndexed(inst, { maxExactNodes: 1e9, maxExactPairs: 1e9 })
    expect(r.stats.components).toBe(1)
    expect(r.stats.greedy).toBe(1)
    expect(r.optimal).toBe(false)
    expect(violations(inst, r)).toEqual([])
  })
})

describe('input validation', () => {
  const ok = {
    needs: [{ id: 'n1', demand: 1 }],
    resources: [{ id: 'r1', capacity: 1 }],
    candidates: [{ need: 'n1', resource: 'r1', score: 5 }],
  }
  const cases: [string, unknown, RegExp][] = [
    ['unknown need', { ...ok, candidates: [{ need: 'nX', resource: 'r1', score: 5 }] }, /candidates\[0\]\.need: unknown need "nX"/],
    ['unknown resource', { ...ok, candidates: [{ need: 'n1', resource: 'rX', score: 5 }] }, /candidates\[0\]\.resource: unknown resource "rX"/],
    ['duplicate pair', { ...ok, candidates: [ok.candidates[0], { need: 'n1', resource: 'r1', score: 6 }] }, /candidates\[1\]: duplicate pair/],
    ['score too high', { ...ok, candidates: [{ need: 'n1', resource: 'r1', score: 10001 }] }, /candidates\[0\]\.score/],
    ['negative score', { ...ok, candidates: [{ need: 'n1', resource: 'r1', score: -1 }] }, /candidates\[0\]\.score/],
    ['fractional score', { ...ok, candidates: [{ need: 'n1', resource: 'r1', score: 1.5 }] }, /candidates\[0\]\.score/],
    ['negative demand', { ...ok, needs: [{ id: 'n1', demand: -1 }] }, /needs\[0\]\.demand/],
    ['duplicate need id', { ...ok, needs: [ok.needs[0], ok.needs[0]] }, /needs\[1\]\.id: duplicate need id "n1"/],
  ]
  for (const [name, input, re] of cases) {
    it(`rejects ${name}`, () => {
      expect(() => toIndexed(input as never)).toThrow(MatchingInputError)
      expect(() => toIndexed(input as never)).toThrow(re)
    })
  }
})
