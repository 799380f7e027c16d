import type { IndexedInstance, MatchingInstance } from '../types'

/** mulberry32: tiny, fast, seedable; deterministic across platforms (only 32-bit integer ops). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export type InstanceKind = 'sparse' | 'community' | 'dense'

export interface GenerateOptions {
  kind: InstanceKind
  needs: number
  resources: number
  /** Average candidates per need (spread ±50 %), or exactly this many with `fixedDegree`. */
  perNeed: number
  fixedDegree?: boolean
  seed: number
  /** Scores drawn uniformly from 0..maxScore (10000 = the full range). */
  maxScore?: number
  /** Communities, for kind 'community' (candidates only inside a community). */
  communities?: number
  /**
   * 'uniform': independent scores. 'additive': score = need part + resource part + pair noise, the shape the real
   * score has (urgency and waiting belong to the need, load to the resource); every need then prefers the same
   * resources, which is the harder case for a solver that starts from each need's best pairs.
   */
  scoreModel?: 'uniform' | 'additive'
  /**
   * Share of pairs (0..1) whose score is exactly maxScore; the others are drawn from 0..maxScore−1. With 1/3 a third
   * of all pairs tie at the top, the case where a solver's tie-breaking decides its running time.
   */
  tieShare?: number
  /** Demand 1..maxDemand (skewed to 1), capacity 0..maxCapacity. */
  maxDemand?: number
  maxCapacity?: number
}

/**
 * Seeded random instance. 'sparse' and 'dense' draw each need's resources uniformly from all resources (one giant
 * component); 'community' draws them from the need's own community (many independent components).
 */
export function generateIndexed(o: GenerateOptions): IndexedInstance {
  const rnd = mulberry32(o.seed)
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1))
  const maxScore = o.maxScore ?? 10000
  const maxDemand = o.maxDemand ?? 3
  const maxCapacity = o.maxCapacity ?? 5
  const N = o.needs
  const R = o.resources
  const demand = new Int32Array(N)
  const capacity = new Int32Array(R)
  // Most needs want one helper; some want several.
  for (let i = 0; i < N; i++) demand[i] = rnd() < 0.7 ? 1 : int(1, maxDemand)
  for (let j = 0; j < R; j++) capacity[j] = int(0, maxCapacity)
  const additive = o.scoreModel === 'additive'
  const tie = o.tieShare ?? 0
  const needPart = Float64Array.from({ length: additive ? N : 0 }, () => rnd())
  const resPart = Float64Array.from({ length: additive ? R : 0 }, () => rnd())
  const C = o.kind === 'community' ? Math.max(1, o.communities ?? Math.ceil(N / 100)) : 1
  // Resources of community c are the contiguous block [resStart[c], resStart[c+1]).
  const resStart = Array.from({ length: C + 1 }, (_, c) => Math.floor((c * R) / C))
  // Straight into typed arrays (sized for the largest possible draw), so generating a 500k-pair instance does not
  // inflate the process's peak memory, which the benchmark reports.
  const maxPer = o.fixedDegree ? o.perNeed : Math.ceil(o.perNeed * 1.5) + 1
  const cap = Math.min(N * maxPer, N * R)
  const pn = new Int32Array(cap)
  const pr = new Int32Array(cap)
  const ps = new Int32Array(cap)
  let m = 0
  const stamp = new Int32Array(R).fill(-1)
  for (let i = 0; i < N; i++) {
    const c = C === 1 ? 0 : Math.floor((i * C) / N)
    const lo = resStart[c]
    const span = resStart[c + 1] - lo
    if (span === 0) continue
    const k = Math.min(span, o.fixedDegree ? o.perNeed : Math.max(0, Math.round(o.perNeed * (0.5 + rnd()))))
    for (let t = 0; t < k; t++) {
      let j = lo + Math.floor(rnd() * span)
      // Rejection keeps pairs unique; fall back to a linear probe once the row is nearly full.
      let tries = 0
      while (stamp[j] === i && tries++ < 8) j = lo + Math.floor(rnd() * span)
      while (stamp[j] === i) j = j + 1 === lo + span ? lo : j + 1
      stamp[j] = i
      pn[m] = i
      pr[m] = j
      ps[m] = tie > 0
        ? rnd() < tie ? maxScore : int(0, maxScore - 1)
        : additive ? Math.round(maxScore * (0.4 * needPart[i] + 0.3 * resPart[j] + 0.3 * rnd())) : int(0, maxScore)
      m++
    }
  }
  return {
    needCount: N,
    resourceCount: R,
    demand,
    capacity,
    pairNeed: pn.slice(0, m),
    pairResource: pr.slice(0, m),
    pairScore: ps.slice(0, m),
  }
}

/** The same instance with string ids, as the CLI and solve() take it. */
export function toIdInstance(inst: IndexedInstance): MatchingInstance {
  return {
    needs: Array.from(inst.demand, (d, i) => ({ id: `n${i}`, demand: d })),
    resources: Array.from(inst.capacity, (c, j) => ({ id: `r${j}`, capacity: c })),
    candidates: Array.from(inst.pairScore, (s, k) => ({ need: `n${inst.pairNeed[k]}`, resource: `r${inst.pairResource[k]}`, score: s })),
  }
}
