import { beforeAll, describe, expect, it } from 'vitest'
import { solveComponentExact, Workspace } from './costScaling'
import { solveIndexed } from './solve'
import { generateIndexed, type GenerateOptions } from './testing/generate'
import { getHighs, solveLp } from './testing/highs'

// Tie-heavy instances (issue 14): a third of all pairs at exactly the top score, the rest spread below.

let highs: Awaited<ReturnType<typeof getHighs>>
beforeAll(async () => {
  highs = await getHighs()
})

const tieCase = (seed: number, over: Partial<GenerateOptions> = {}): GenerateOptions => ({
  kind: 'dense', needs: 400, resources: 200, perNeed: 20, fixedDegree: true, seed, tieShare: 1 / 3, ...over,
})

describe('many pairs tied at the top score', () => {
  it('the optimum equals the HiGHS LP optimum (dense, sparse, community-local; scores 0..10000 and 0..100)', () => {
    const cases: GenerateOptions[] = [
      ...[1, 2, 3, 4, 5].map((s) => tieCase(s)),
      tieCase(6, { kind: 'sparse', perNeed: 6, fixedDegree: false }),
      tieCase(7, { kind: 'community', communities: 8, perNeed: 15, fixedDegree: false }),
      tieCase(8, { maxScore: 100 }),
      tieCase(9, { maxCapacity: 1, maxDemand: 1 }),
      tieCase(10, { tieShare: 0.9 }),
    ]
    for (const o of cases) {
      const inst = generateIndexed(o)
      const r = solveIndexed(inst)
      expect(r.optimal).toBe(true)
      expect(r.totalScore, JSON.stringify(o)).toBe(Math.round(solveLp(highs, inst).objective))
    }
  }, 60_000)

  it('the first phase below the cost granularity S stops at S − 1, where the certificate is tried first', () => {
    // one component, solved directly so the phases can be seen
    const inst = generateIndexed(tieCase(11, { maxCapacity: 3 }))
    const keep: number[] = []
    for (let k = 0; k < inst.pairNeed.length; k++) if (inst.pairScore[k] > 0) keep.push(k)
    const pn = Int32Array.from(keep, (k) => inst.pairNeed[k])
    const pr = Int32Array.from(keep, (k) => inst.pairResource[k])
    const ps = Int32Array.from(keep, (k) => inst.pairScore[k])
    const chosen = new Uint8Array(keep.length)
    const st = solveComponentExact(inst.needCount, inst.resourceCount, inst.demand, inst.capacity, keep.length, pn, pr, ps, chosen, new Workspace())
    const V0 = inst.needCount + inst.resourceCount
    const S = V0 + 1 + Math.round(Math.sqrt(V0)) + 1
    // before: ε went from ≈ 2.4 score units straight to ≈ 0.15 (÷16), the costliest phase on ties
    expect(st.epsilons.find((e) => e < S)).toBe(S - 1)
    expect(st.checks).toBeGreaterThanOrEqual(1)
    let total = 0
    for (let t = 0; t < keep.length; t++) if (chosen[t] === 1) total += ps[t]
    expect(total).toBe(Math.round(solveLp(highs, inst).objective))
  }, 30_000)
})
