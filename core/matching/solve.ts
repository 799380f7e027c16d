import { exactArithmeticFits, solveComponentExact, Workspace, type CostScalingOptions } from './costScaling'
import { MAX_SCORE } from './score'
import type { IndexedInstance, IndexedResult, MatchingInstance, MatchingResult } from './types'

/**
 * Largest component the exact solver takes; above either bound that component is matched greedily and the
 * result says `optimal: false`.
 * - maxPairs bounds time and memory: the solver keeps 2 arcs × 14 bytes per pair (+ ~13 bytes here); 500k pairs
 *   solve in about half a second (docs/matching.md), so 2M pairs stay within a few seconds and ~100 MB.
 * - maxNodes bounds a single solve's time and keeps a wide margin to exactness: prices fall by at most
 *   ~3·n²·C·α/(α−1) and must stay below 2^53, i.e. n ≲ 500k (checked separately by exactArithmeticFits).
 */
export const EXACT_LIMITS = { maxPairs: 2_000_000, maxNodes: 200_000 } as const

export interface SolveOptions extends CostScalingOptions {
  maxExactPairs?: number
  maxExactNodes?: number
}

/** Bad solver input, with the JSON-ish path of the offending field (e.g. `candidates[3].need`) when there is one. */
export class MatchingInputError extends Error {
  constructor(
    message: string,
    readonly path: string = '',
  ) {
    super(path ? `${path}: ${message}` : message)
    this.name = 'MatchingInputError'
  }
}

const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now())

function checkIndexed(inst: IndexedInstance): void {
  const { needCount: N, resourceCount: R, demand, capacity, pairNeed, pairResource, pairScore } = inst
  if (demand.length !== N || capacity.length !== R) throw new RangeError('matching: demand/capacity length mismatch')
  const m = pairNeed.length
  if (pairResource.length !== m || pairScore.length !== m) throw new RangeError('matching: pair arrays differ in length')
  for (let i = 0; i < N; i++) if (demand[i] < 0) throw new RangeError(`matching: negative demand of need #${i}`)
  for (let j = 0; j < R; j++) if (capacity[j] < 0) throw new RangeError(`matching: negative capacity of resource #${j}`)
  for (let k = 0; k < m; k++) {
    const i = pairNeed[k]
    const j = pairResource[k]
    const s = pairScore[k]
    if (i < 0 || i >= N || j < 0 || j >= R) throw new RangeError(`matching: pair #${k} names a need/resource out of range`)
    if (s < 0 || s > MAX_SCORE) throw new RangeError(`matching: pair #${k} has score ${s} outside 0..${MAX_SCORE}`)
  }
}

/**
 * Greedy on a set of pairs: highest score first (ties by pair index), take a pair while both ends have room.
 * Counting sort over the 0..10000 score range keeps it linear.
 */
function greedyOnPairs(
  inst: IndexedInstance,
  pairs: Int32Array,
  count: number,
  remD: Int32Array,
  remC: Int32Array,
  chosen: Uint8Array,
): void {
  const { pairNeed, pairResource, pairScore } = inst
  const bucket = new Int32Array(MAX_SCORE + 2)
  for (let t = 0; t < count; t++) bucket[MAX_SCORE - pairScore[pairs[t]] + 1]++
  for (let s = 1; s < bucket.length; s++) bucket[s] += bucket[s - 1]
  const order = new Int32Array(count)
  for (let t = 0; t < count; t++) {
    const k = pairs[t]
    order[bucket[MAX_SCORE - pairScore[k]]++] = k
  }
  for (let t = 0; t < count; t++) {
    const k = order[t]
    if (pairScore[k] <= 0) break
    const i = pairNeed[k]
    const j = pairResource[k]
    if (remD[i] > 0 && remC[j] > 0) {
      remD[i]--
      remC[j]--
      chosen[k] = 1
    }
  }
}

function finish(inst: IndexedInstance, chosen: Uint8Array, t0: number, optimal: boolean, stats: IndexedResult['stats']): IndexedResult {
  let c = 0
  let total = 0
  for (let k = 0; k < chosen.length; k++) if (chosen[k] === 1) c++
  const out = new Int32Array(c)
  c = 0
  for (let k = 0; k < chosen.length; k++) {
    if (chosen[k] === 1) {
      out[c++] = k
      total += inst.pairScore[k]
    }
  }
  return { chosen: out, totalScore: total, optimal, ms: now() - t0, stats }
}

/** Greedy over the whole instance: the baseline the benchmark compares against; never claims optimality. */
export function greedyIndexed(inst: IndexedInstance): IndexedResult {
  const t0 = now()
  checkIndexed(inst)
  const m = inst.pairNeed.length
  const all = new Int32Array(m)
  for (let k = 0; k < m; k++) all[k] = k
  const chosen = new Uint8Array(m)
  greedyOnPairs(inst, all, m, Int32Array.from(inst.demand), Int32Array.from(inst.capacity), chosen)
  return finish(inst, chosen, t0, false, { components: 0, exact: 0, greedy: 1, trivial: 0, largestPairs: m })
}

/** Exact maximum-weight b-matching, per connected component. */
export function solveIndexed(inst: IndexedInstance, options: SolveOptions = {}): IndexedResult {
  const t0 = now()
  checkIndexed(inst)
  const maxPairs = options.maxExactPairs ?? EXACT_LIMITS.maxPairs
  const maxNodes = options.maxExactNodes ?? EXACT_LIMITS.maxNodes
  const { needCount: N, resourceCount: R, demand, capacity, pairNeed, pairResource, pairScore } = inst
  const m = pairNeed.length
  const V = N + R
  const chosen = new Uint8Array(m)

  // Union–find over needs (0..N-1) and resources (N..N+R-1), using only pairs that can carry weight.
  const parent = new Int32Array(V)
  for (let v = 0; v < V; v++) parent[v] = v
  const size = new Int32Array(V).fill(1)
  const live = new Uint8Array(m)
  const deg = new Int32Array(V)
  for (let k = 0; k < m; k++) {
    const i = pairNeed[k]
    const j = N + pairResource[k]
    if (pairScore[k] <= 0 || demand[i] <= 0 || capacity[j - N] <= 0) continue
    live[k] = 1
    deg[i]++
    deg[j]++
    let a = i
    while (parent[a] !== a) a = parent[a] = parent[parent[a]]
    let b = j
    while (parent[b] !== b) b = parent[b] = parent[parent[b]]
    // Union by size keeps trees shallow even for path-shaped components.
    if (a !== b) {
      if (size[a] < size[b]) {
        parent[a] = b
        size[b] += size[a]
      } else {
        parent[b] = a
        size[a] += size[b]
      }
    }
  }
  // Component id of every node that has a live pair, numbered by first appearance.
  const compOf = new Int32Array(V).fill(-1)
  let C = 0
  for (let v = 0; v < V; v++) {
    if (deg[v] === 0) continue
    let r = v
    while (parent[r] !== r) r = parent[r] = parent[parent[r]]
    if (compOf[r] === -1) compOf[r] = C++
    compOf[v] = compOf[r]
  }
  // Live pairs grouped by component (counting sort, stable: pair order within a component).
  const compStart = new Int32Array(C + 1)
  for (let k = 0; k < m; k++) if (live[k] === 1) compStart[compOf[pairNeed[k]] + 1]++
  for (let c = 0; c < C; c++) compStart[c + 1] += compStart[c]
  const cursor = compStart.slice(0, C)
  const grouped = new Int32Array(compStart[C])
  for (let k = 0; k < m; k++) if (live[k] === 1) grouped[cursor[compOf[pairNeed[k]]]++] = k

  // Scratch reused by every component: local indices, local pair arrays.
  const local = new Int32Array(V).fill(-1)
  let maxCompPairs = 0
  for (let c = 0; c < C; c++) maxCompPairs = Math.max(maxCompPairs, compStart[c + 1] - compStart[c])
  const pn = new Int32Array(maxCompPairs)
  const pr = new Int32Array(maxCompPairs)
  const ps = new Int32Array(maxCompPairs)
  const localChosen = new Uint8Array(maxCompPairs)
  const ldemand = new Int32Array(Math.min(N, maxCompPairs))
  const lcap = new Int32Array(Math.min(R, maxCompPairs))
  const ws = new Workspace()
  const stats = { components: C, exact: 0, greedy: 0, trivial: 0, largestPairs: maxCompPairs }
  let optimal = true
  let remD: Int32Array | undefined
  let remC: Int32Array | undefined

  for (let c = 0; c < C; c++) {
    const s = compStart[c]
    const e = compStart[c + 1]
    const cm = e - s
    let nN = 0
    let nR = 0
    for (let t = s; t < e; t++) {
      const k = grouped[t]
      const i = pairNeed[k]
      const j = N + pairResource[k]
      if (local[i] === -1) {
        local[i] = nN
        // A need can never take more resources than it has candidates: tightening keeps arcs small.
        ldemand[nN++] = Math.min(demand[i], deg[i])
      }
      if (local[j] === -1) {
        local[j] = nR
        lcap[nR++] = Math.min(capacity[j - N], deg[j])
      }
    }
    if (nN === 1 || nR === 1) {
      // A star: the centre takes its best b pairs, every leaf has room for its one pair. Exact without a solver.
      stats.trivial++
      const b = nN === 1 ? ldemand[0] : lcap[0]
      const idx = Array.from(grouped.subarray(s, e)).sort((x, y) => pairScore[y] - pairScore[x] || x - y)
      for (let t = 0; t < b && t < idx.length; t++) chosen[idx[t]] = 1
    } else if (cm > maxPairs || nN + nR + 1 > maxNodes || !exactArithmeticFits(nN + nR, MAX_SCORE, options.alpha)) {
      stats.greedy++
      optimal = false
      remD ??= Int32Array.from(demand)
      remC ??= Int32Array.from(capacity)
      greedyOnPairs(inst, grouped.subarray(s, e), cm, remD, remC, chosen)
    } else {
      stats.exact++
      for (let t = 0; t < cm; t++) {
        const k = grouped[s + t]
        pn[t] = local[pairNeed[k]]
        pr[t] = local[N + pairResource[k]]
        ps[t] = pairScore[k]
      }
      solveComponentExact(nN, nR, ldemand, lcap, cm, pn, pr, ps, localChosen, ws, options)
      for (let t = 0; t < cm; t++) if (localChosen[t] === 1) chosen[grouped[s + t]] = 1
    }
  }
  return finish(inst, chosen, t0, optimal, stats)
}

/**
 * Map an id-based instance to dense indices, rejecting what the solver cannot take: duplicate ids, unknown ids,
 * non-integer or negative demand/capacity, scores outside 0..10000, and the same pair twice.
 */
export function toIndexed(instance: MatchingInstance): { indexed: IndexedInstance; needIds: string[]; resourceIds: string[] } {
  const { needs, resources, candidates } = instance
  const needIndex = new Map<string, number>()
  const resIndex = new Map<string, number>()
  const demand = new Int32Array(needs.length)
  const capacity = new Int32Array(resources.length)
  const int31 = (x: unknown) => typeof x === 'number' && Number.isInteger(x) && x >= 0 && x <= 0x7fffffff
  needs.forEach((n, i) => {
    if (needIndex.has(n.id)) throw new MatchingInputError(`duplicate need id "${n.id}"`, `needs[${i}].id`)
    if (!int31(n.demand)) throw new MatchingInputError(`demand must be a non-negative integer, got ${JSON.stringify(n.demand)}`, `needs[${i}].demand`)
    needIndex.set(n.id, i)
    demand[i] = n.demand
  })
  resources.forEach((r, j) => {
    if (resIndex.has(r.id)) throw new MatchingInputError(`duplicate resource id "${r.id}"`, `resources[${j}].id`)
    if (!int31(r.capacity)) throw new MatchingInputError(`capacity must be a non-negative integer, got ${JSON.stringify(r.capacity)}`, `resources[${j}].capacity`)
    resIndex.set(r.id, j)
    capacity[j] = r.capacity
  })
  const m = candidates.length
  const pairNeed = new Int32Array(m)
  const pairResource = new Int32Array(m)
  const pairScore = new Int32Array(m)
  for (let k = 0; k < m; k++) {
    const c = candidates[k]
    const i = needIndex.get(c.need)
    if (i === undefined) throw new MatchingInputError(`unknown need "${c.need}"`, `candidates[${k}].need`)
    const j = resIndex.get(c.resource)
    if (j === undefined) throw new MatchingInputError(`unknown resource "${c.resource}"`, `candidates[${k}].resource`)
    if (!(Number.isInteger(c.score) && c.score >= 0 && c.score <= MAX_SCORE))
      throw new MatchingInputError(`score must be an integer in 0..${MAX_SCORE}, got ${JSON.stringify(c.score)}`, `candidates[${k}].score`)
    pairNeed[k] = i
    pairResource[k] = j
    pairScore[k] = c.score
  }
  // Duplicate pairs: group pairs by need, stamp each resource with the need last seen with it.
  const start = new Int32Array(needs.length + 1)
  for (let k = 0; k < m; k++) start[pairNeed[k] + 1]++
  for (let i = 0; i < needs.length; i++) start[i + 1] += start[i]
  const byNeed = new Int32Array(m)
  const cur = start.slice(0, needs.length)
  for (let k = 0; k < m; k++) byNeed[cur[pairNeed[k]]++] = k
  const stamp = new Int32Array(resources.length).fill(-1)
  const firstK = new Int32Array(resources.length)
  for (let i = 0; i < needs.length; i++) {
    for (let t = start[i]; t < start[i + 1]; t++) {
      const k = byNeed[t]
      const j = pairResource[k]
      if (stamp[j] === i) {
        const k0 = Math.min(k, firstK[j])
        const k1 = Math.max(k, firstK[j])
        throw new MatchingInputError(
          `duplicate pair need "${needs[i].id}" – resource "${resources[j].id}" (also candidates[${k0}])`,
          `candidates[${k1}]`,
        )
      }
      stamp[j] = i
      firstK[j] = k
    }
  }
  return {
    indexed: { needCount: needs.length, resourceCount: resources.length, demand, capacity, pairNeed, pairResource, pairScore },
    needIds: needs.map((n) => n.id),
    resourceIds: resources.map((r) => r.id),
  }
}

function toResult(instance: MatchingInstance, r: IndexedResult, t0: number): MatchingResult {
  const assignments = Array.from(r.chosen, (k) => ({ need: instance.candidates[k].need, resource: instance.candidates[k].resource }))
  return { assignments, totalScore: r.totalScore, optimal: r.optimal, ms: now() - t0 }
}

/**
 * Maximum-weight b-matching of an id-based instance (the CLI's and the API's entry point). Assignments come in
 * candidate order. `ms` covers the whole call, validation included. Throws MatchingInputError on bad input.
 */
export function solve(instance: MatchingInstance, options: SolveOptions = {}): MatchingResult {
  const t0 = now()
  const { indexed } = toIndexed(instance)
  return toResult(instance, solveIndexed(indexed, options), t0)
}

/** Highest score first; a fast baseline, never optimal by claim. */
export function greedy(instance: MatchingInstance): MatchingResult {
  const t0 = now()
  const { indexed } = toIndexed(instance)
  return toResult(instance, greedyIndexed(indexed), t0)
}
