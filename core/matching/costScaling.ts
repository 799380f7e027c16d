/**
 * Exact maximum-weight bipartite b-matching as a minimum-cost circulation, solved by Goldberg–Tarjan cost scaling
 * (push–relabel with ε-scaling) on flat typed arrays.
 *
 * Why cost scaling and not successive shortest paths: the number of ε-phases is at most log_α(n·C) (7 for 15k nodes
 * and scores up to 10000), independent of how many distinct scores there are, so scores spread over 0..10000 cost
 * about the same as scores over 0..100 (docs/matching.md has the measurements).
 *
 * Network for one connected component with nN needs and nR resources:
 *   hub → need i      capacity demand[i], cost 0
 *   need i → res j    capacity 1,         cost −score·S   (one arc per candidate pair: a pair is used at most once)
 *   res j → hub       capacity cap[j],    cost 0
 * (stored as need → hub and hub → res arcs that start saturated, i.e. the empty matching as a feasible flow).
 * A circulation is exactly a b-matching. Sending nothing is feasible, so leaving a need unmatched is allowed and a
 * zero-score pair never helps. Costs are multiplied by S = n + 1: a flow that is ε-optimal with ε = 1 (scaled) is
 * (1/S)-optimal in score units; every cycle has at most n arcs and an integer cost, so no negative cycle is left and
 * the flow is optimal.
 *
 * The "hub" is a two-level tree (a root and √(nN+nR) sub-hubs joined by zero-cost arcs of ample capacity in both
 * directions): a relabel scans every arc of its node, and a single hub adjacent to all nodes was the costliest node.
 *
 * Exactness: all quantities are integers. Arcs store the signed score (Int16) and the scaled cost score·S is
 * formed in float64 when read; prices (Float64Array) must stay below 2^53, and they fall by at most about
 * 3·n·S·C·α/(α−1) over a run, which bounds n (exactArithmeticFits; solve.ts falls back to greedy beyond it).
 */
import type { MAX_SCORE } from './score'
import type { Assert, IntAtMost } from './staticAssert'

/** The largest value an Int16 `cost` arc holds (its smallest, −32768, is below −INT16_MAX). */
export const INT16_MAX = 0x7fff

/**
 * The cost conversion: an arc stores ±score unscaled (the factor S is applied in float64 when a cost is read), so
 * every score in 0..MAX_SCORE must fit an Int16. `npx tsc --noEmit` fails on this line if MAX_SCORE grows past
 * 32767; storing score·S instead would need a wider array (and this bound with S's largest value).
 */
export type MaxScoreFitsInt16Cost = Assert<IntAtMost<typeof MAX_SCORE, typeof INT16_MAX>>

/** Reusable scratch memory, grown on demand, so many small components do not each allocate. */
export class Workspace {
  nodeCap = 0
  arcCap = 0
  first = new Int32Array(0)
  excess = new Int32Array(0)
  current = new Int32Array(0)
  scanEnd = new Int32Array(0)
  queue = new Int32Array(0)
  inQueue = new Uint8Array(0)
  price = new Float64Array(0)
  lab = new Float64Array(0)
  roundedPrice = new Float64Array(0)
  dist = new Int32Array(0)
  done = new Uint8Array(0)
  bucketHead = new Int32Array(0)
  bucketNext = new Int32Array(0)
  bucketPrev = new Int32Array(0)
  head = new Int32Array(0)
  rev = new Int32Array(0)
  resCap = new Int32Array(0)
  /** Signed score of the arc (−score on need → resource, +score back, 0 on hub arcs); its cost is score·S. */
  cost = new Int16Array(0)

  ensure(nodes: number, arcs: number): void {
    if (nodes > this.nodeCap) {
      const c = Math.max(nodes, Math.ceil(this.nodeCap * 1.5))
      this.nodeCap = c
      this.first = new Int32Array(c + 1)
      this.excess = new Int32Array(c)
      this.current = new Int32Array(c)
      this.scanEnd = new Int32Array(c)
      this.queue = new Int32Array(c)
      this.inQueue = new Uint8Array(c)
      this.price = new Float64Array(c)
      this.lab = new Float64Array(c)
      this.roundedPrice = new Float64Array(c)
      this.dist = new Int32Array(c)
      this.done = new Uint8Array(c)
      this.bucketHead = new Int32Array(c + 1)
      this.bucketNext = new Int32Array(c)
      this.bucketPrev = new Int32Array(c)
    }
    if (arcs > this.arcCap) {
      const c = Math.max(arcs, Math.ceil(this.arcCap * 1.5))
      this.arcCap = c
      this.head = new Int32Array(c)
      this.rev = new Int32Array(c)
      this.resCap = new Int32Array(c)
      this.cost = new Int16Array(c)
    }
  }
}

export interface CostScalingOptions {
  /** ε is divided by this each phase (Goldberg's CS2 uses 12, LEMON 16). */
  alpha?: number
  /** Run a global price update after this many relabels per node (× n). */
  globalUpdateFactor?: number
}

export interface CostScalingStats {
  phases: number
  relabels: number
  pushes: number
  globalUpdates: number
  /** Optimality certificates attempted (see provenOptimal). */
  checks: number
  /** ε of each phase, in scaled cost units (score × S). */
  epsilons: number[]
}

const INF_DIST = 0x7fffffff
/** Components with fewer needs + resources than this use a single hub. */
const HUB_SPLIT_MIN = 64
/** Work allowed to one optimality check, in sweeps over all arcs. */
const CHECK_BUDGET = 1.5

function hubCount(V0: number): number {
  return V0 >= HUB_SPLIT_MIN ? Math.round(Math.sqrt(V0)) : 0
}

/**
 * Whether a component with V0 needs + resources and scores up to maxScore can be solved with exact arithmetic:
 * prices, which fall by at most ~3·n·S·C·α/(α−1), must stay below 2^53 (about 500k nodes for C = 10000).
 * solve.ts falls back to greedy when this fails, whatever limits the caller asked for.
 */
export function exactArithmeticFits(V0: number, maxScore: number, alpha = 16): boolean {
  const n = V0 + 1 + hubCount(V0)
  const S = n + 1
  return 3 * n * S * Math.max(1, maxScore) * (alpha / (alpha - 1)) < 2 ** 53
}

/**
 * Solve one component. `pn[k]`, `pr[k]` are local need / resource indices of pair k, `ps[k]` its score (> 0).
 * Writes 1 into `chosen[k]` for every pair in the optimum, 0 otherwise.
 */
export function solveComponentExact(
  nN: number,
  nR: number,
  demand: Int32Array,
  cap: Int32Array,
  m: number,
  pn: Int32Array,
  pr: Int32Array,
  ps: Int32Array,
  chosen: Uint8Array,
  ws: Workspace,
  options: CostScalingOptions = {},
): CostScalingStats {
  const alpha = options.alpha ?? 16
  const updateFactor = options.globalUpdateFactor ?? 2
  const V0 = nN + nR
  const H = hubCount(V0)
  const group = H === 0 ? V0 : Math.ceil(V0 / H)
  // Node layout: 0 = root hub, 1..nN needs, nN+1..nN+nR resources, V0+1..V0+H sub-hubs.
  const n = V0 + 1 + H
  const S = n + 1
  ws.ensure(n, 2 * (m + V0 + H))
  const { first, excess, current, scanEnd, queue, inQueue, price, lab, roundedPrice, dist, done, bucketHead, bucketNext, bucketPrev } = ws
  const { head, rev, resCap, cost } = ws
  const hubOf = (x: number) => (H === 0 ? 0 : V0 + 1 + Math.floor(x / group))

  // ---- residual graph in CSR form (arcs grouped by tail) ----
  // Out-degrees: need = 1 hub arc + pairs; resource = pairs + 1 hub arc; sub-hub = members + 1; root = H (or V0).
  first.fill(0, 0, n + 1)
  first[1] = H === 0 ? V0 : H
  for (let x = 0; x < V0; x++) {
    first[2 + x] = 1
    if (H > 0) first[1 + hubOf(x)]++
  }
  for (let h = 0; h < H; h++) first[2 + V0 + h]++
  let maxScore = 0
  for (let k = 0; k < m; k++) {
    first[2 + pn[k]]++
    first[2 + nN + pr[k]]++
    if (ps[k] > maxScore) maxScore = ps[k]
  }
  for (let v = 1; v <= n; v++) first[v] += first[v - 1]
  // `current` doubles as the fill cursor; `excess` collects each sub-hub's net slack for its arc to the root.
  for (let v = 0; v < n; v++) {
    current[v] = first[v]
    excess[v] = 0
  }
  // The start is the empty matching written as a feasible flow: every unit of demand and of capacity is slack
  // routed through the hubs (need → hub carries demand[i], hub → resource carries cap[j]).
  let big = 1
  for (let i = 0; i < nN; i++) {
    const u = 1 + i
    const hub = hubOf(i)
    const a = current[u]++
    const b = current[hub]++
    const d = demand[i]
    head[a] = hub; rev[a] = b; resCap[a] = 0; cost[a] = 0
    head[b] = u; rev[b] = a; resCap[b] = d; cost[b] = 0
    excess[hub] += d
    big += d
  }
  for (let j = 0; j < nR; j++) {
    const v = 1 + nN + j
    const hub = hubOf(nN + j)
    const a = current[hub]++
    const b = current[v]++
    const c = cap[j]
    head[a] = v; rev[a] = b; resCap[a] = 0; cost[a] = 0
    head[b] = hub; rev[b] = a; resCap[b] = c; cost[b] = 0
    excess[hub] -= c
    big += c
  }
  // Sub-hub ⇄ root: one zero-cost arc pair that can carry `big` either way around its current net flow.
  for (let h = 0; h < H; h++) {
    const v = V0 + 1 + h
    const a = current[v]++
    const b = current[0]++
    const net = excess[v]
    head[a] = 0; rev[a] = b; resCap[a] = big - net; cost[a] = 0
    head[b] = v; rev[b] = a; resCap[b] = big + net; cost[b] = 0
  }
  // Pair arcs last, in pair order, so the forward arc of pair k can be found again by replaying the cursor.
  for (let k = 0; k < m; k++) {
    const u = 1 + pn[k]
    const v = 1 + nN + pr[k]
    const a = current[u]++
    const b = current[v]++
    const c = ps[k]
    head[a] = v; rev[a] = b; resCap[a] = 1; cost[a] = -c
    head[b] = u; rev[b] = a; resCap[b] = 0; cost[b] = c
  }
  excess.fill(0, 0, n)
  price.fill(0, 0, n)
  inQueue.fill(0, 0, n)
  // A resource's pair arcs are residual only while matched, i.e. a handful out of its whole list, so they are
  // kept in front: [first, scanEnd) holds the hub arc and the matched pairs' reverse arcs, and scans stop there.
  // Other nodes scan their whole list.
  for (let v = 0; v < n; v++) scanEnd[v] = v > nN && v <= V0 ? first[v] + 1 : first[v + 1]

  /** Swap two arc slots of one node (all per-arc data moves; the partners' `rev` follow). */
  const swapArcs = (p: number, q: number) => {
    if (p === q) return
    const hp = head[p], rp = rev[p], cp = resCap[p], kp = cost[p]
    head[p] = head[q]; rev[p] = rev[q]; resCap[p] = resCap[q]; cost[p] = cost[q]
    head[q] = hp; rev[q] = rp; resCap[q] = cp; cost[q] = kp
    rev[rev[p]] = p
    rev[rev[q]] = q
  }

  /**
   * Move `delta` units along arc a from v to w, keeping resources' residual prefixes in order. Pair arcs have
   * capacity 1, so a pair push always saturates its arc and opens the reverse one. Returns true if the slot a
   * now holds a different (unexamined) arc of v.
   */
  const move = (v: number, a: number, w: number, delta: number): boolean => {
    const r = rev[a]
    const before = resCap[r]
    resCap[a] -= delta
    resCap[r] = before + delta
    excess[v] -= delta
    excess[w] += delta
    if (w > nN && w <= V0) {
      // need → resource: the reverse arc joins the resource's residual prefix
      if (before === 0 && r !== first[w]) swapArcs(r, scanEnd[w]++)
    } else if (v > nN && v <= V0 && a !== first[v] && resCap[a] === 0) {
      // resource → need: the arc leaves the prefix; the prefix's last arc takes its slot
      swapArcs(a, --scanEnd[v])
      return true
    }
    return false
  }

  const stats: CostScalingStats = { phases: 0, relabels: 0, pushes: 0, globalUpdates: 0, checks: 0, epsilons: [] }
  const updateThreshold = Math.max(16, Math.floor(updateFactor * n))
  let relabelsSinceUpdate = 0
  let qHead = 0
  let qTail = 0
  let qSize = 0

  const enqueue = (v: number) => {
    queue[qTail] = v
    qTail = qTail + 1 === n ? 0 : qTail + 1
    qSize++
    inQueue[v] = 1
  }

  // Lower p(v) to the largest value that leaves no residual arc with reduced cost below −ε.
  const relabel = (v: number, eps: number) => {
    let best = -Infinity
    const end = scanEnd[v]
    for (let a = first[v]; a < end; a++) {
      if (resCap[a] > 0) {
        const t = price[head[a]] - cost[a] * S
        if (t > best) best = t
      }
    }
    price[v] = best === -Infinity ? price[v] - eps : best - eps
    current[v] = first[v]
    stats.relabels++
    relabelsSinceUpdate++
  }

  // Arcs before current[w] are not admissible (prices only fall, and a push only creates residual arcs with
  // positive reduced cost), so the scan resumes from current[w].
  const hasAdmissible = (w: number): boolean => {
    const pw = price[w]
    const end = scanEnd[w]
    for (let a = current[w]; a < end; a++) {
      if (resCap[a] > 0 && cost[a] * S + pw - price[head[a]] < 0) {
        current[w] = a
        return true
      }
    }
    current[w] = end
    return false
  }

  /**
   * Global price update (Goldberg 1997): bucket-based Dijkstra from the deficit nodes over the reversed residual
   * graph with arc length ⌊rc/ε⌋ + 1 ≥ 0, then p(v) −= d(v)·ε. Keeps ε-optimality and opens a path of admissible
   * arcs from every excess node towards a deficit. Stops once every excess node is labelled; the others get the
   * current bucket index, a lower bound on their distance, which still keeps ε-optimality.
   */
  const globalUpdate = (eps: number) => {
    stats.globalUpdates++
    relabelsSinceUpdate = 0
    const K = n
    bucketHead.fill(-1, 0, K + 1)
    dist.fill(INF_DIST, 0, n)
    done.fill(0, 0, n)
    let activeLeft = 0
    for (let v = 0; v < n; v++) {
      const e = excess[v]
      if (e < 0) {
        dist[v] = 0
        const h = bucketHead[0]
        bucketNext[v] = h
        bucketPrev[v] = -1
        if (h !== -1) bucketPrev[h] = v
        bucketHead[0] = v
      } else if (e > 0) activeLeft++
    }
    let b = 0
    if (activeLeft > 0) {
      outer: for (; b < K; b++) {
        while (bucketHead[b] !== -1) {
          const w = bucketHead[b]
          const nx = bucketNext[w]
          bucketHead[b] = nx
          if (nx !== -1) bucketPrev[nx] = -1
          done[w] = 1
          if (excess[w] > 0 && --activeLeft === 0) break outer
          const pw = price[w]
          const start = first[w]
          const end = first[w + 1]
          const hubNode = w === 0 || w > V0
          for (let a = start; a < end; a++) {
            const u = head[a]
            if (done[u] === 1) continue
            // Is the reverse arc u→w residual? A pair arc has capacity 1 split between the two directions, so that
            // is resCap[a] === 0, read sequentially; only hub arcs (a node's first arc, or any arc of a hub) pay
            // for the random access through rev. The reverse arc's cost is −cost[a]·S.
            if (hubNode || a === start ? resCap[rev[a]] === 0 : resCap[a] !== 0) continue
            const rc = price[u] - cost[a] * S - pw
            const nd = b + Math.floor(rc / eps) + 1
            if (nd < b) throw new Error('matching: ε-optimality violated (internal error)')
            const du = dist[u]
            if (nd < du && nd < K) {
              if (du !== INF_DIST) {
                const p = bucketPrev[u]
                const q = bucketNext[u]
                if (p === -1) bucketHead[du] = q
                else bucketNext[p] = q
                if (q !== -1) bucketPrev[q] = p
              }
              dist[u] = nd
              const h = bucketHead[nd]
              bucketNext[u] = h
              bucketPrev[u] = -1
              if (h !== -1) bucketPrev[h] = u
              bucketHead[nd] = u
            }
          }
        }
      }
    }
    const D = b
    for (let v = 0; v < n; v++) {
      const d = done[v] === 1 ? dist[v] : D
      if (d !== 0) price[v] -= d * eps
      current[v] = first[v]
    }
  }

  /** One ε-phase: from a 0-optimal pseudoflow to an ε-optimal flow by FIFO push–relabel. */
  const refine = (eps: number) => {
    stats.phases++
    // Saturate every residual arc with negative reduced cost: the pseudoflow becomes 0-optimal.
    for (let v = 0; v < n; v++) {
      const pv = price[v]
      for (let a = first[v]; a < scanEnd[v]; ) {
        const f = resCap[a]
        if (f > 0) {
          const w = head[a]
          if (cost[a] * S + pv - price[w] < 0 && move(v, a, w, f)) continue
        }
        a++
      }
    }
    qHead = qTail = qSize = 0
    for (let v = 0; v < n; v++) {
      current[v] = first[v]
      if (excess[v] > 0) enqueue(v)
    }
    if (qSize === 0) return
    globalUpdate(eps)
    while (qSize > 0) {
      const v = queue[qHead]
      qHead = qHead + 1 === n ? 0 : qHead + 1
      qSize--
      inQueue[v] = 0
      // Discharge v: push along admissible arcs until its excess is gone, relabelling when none is left.
      let a = current[v]
      let pv = price[v]
      while (excess[v] > 0) {
        if (a >= scanEnd[v]) {
          relabel(v, eps)
          pv = price[v]
          a = current[v]
          continue
        }
        const rcap = resCap[a]
        if (rcap > 0) {
          const w = head[a]
          if (cost[a] * S + pv - price[w] < 0) {
            // Push look-ahead: pushing into a node that cannot pass the flow on only bounces it back later.
            if (excess[w] >= 0 && !hasAdmissible(w)) {
              relabel(w, eps)
              a++
              continue
            }
            const ev = excess[v]
            const delta = ev < rcap ? ev : rcap
            move(v, a, w, delta)
            stats.pushes++
            if (excess[w] > 0 && inQueue[w] === 0) enqueue(w)
            continue
          }
        }
        a++
      }
      current[v] = a
      if (relabelsSinceUpdate > updateThreshold) globalUpdate(eps)
    }
  }

  /**
   * Optimality certificate, tried once ε has dropped below the cost granularity S: the flow is optimal iff the
   * residual graph has no negative cycle in the original integer costs. Starting from the scaling prices rounded to
   * whole score units (every residual arc then has length ≥ −1), a FIFO label-correcting pass usually settles
   * within a few sweeps; if it does, the settled labels are prices proving optimality and the remaining phases,
   * which on tie-heavy instances are the slowest, are skipped. If it does not settle within its budget, the answer
   * is "unknown" and scaling simply continues, so exactness never rests on the heuristic.
   */
  const provenOptimal = (): boolean => {
    stats.checks++
    const q = roundedPrice
    for (let v = 0; v < n; v++) {
      q[v] = Math.ceil(price[v] / S)
      lab[v] = 0
    }
    qHead = qTail = qSize = 0
    for (let v = 0; v < n; v++) enqueue(v)
    let budget = CHECK_BUDGET * first[n]
    while (qSize > 0) {
      const u = queue[qHead]
      qHead = qHead + 1 === n ? 0 : qHead + 1
      qSize--
      inQueue[u] = 0
      const du = lab[u] + q[u]
      const end = scanEnd[u]
      budget -= end - first[u]
      if (budget < 0) {
        while (qSize > 0) {
          inQueue[queue[qHead]] = 0
          qHead = qHead + 1 === n ? 0 : qHead + 1
          qSize--
        }
        return false
      }
      for (let a = first[u]; a < end; a++) {
        if (resCap[a] === 0) continue
        const w = head[a]
        const dw = du + cost[a] - q[w]
        if (dw < lab[w]) {
          lab[w] = dw
          if (inQueue[w] === 0) enqueue(w)
        }
      }
    }
    return true
  }

  if (!exactArithmeticFits(V0, maxScore, alpha)) throw new RangeError(`matching: component of ${V0} nodes is too large for exact arithmetic`)
  if (m > 0 && maxScore > 0) {
    // Start every resource at the price of its best pair. The empty flow is still (maxScore·S)-optimal, but the
    // first phase no longer pushes a unit down every pair arc only to send most of them back.
    for (let k = 0; k < m; k++) {
      const v = 1 + nN + pr[k]
      const c = -ps[k] * S
      if (c < price[v]) price[v] = c
    }
    let eps = maxScore * S
    do {
      const next = Math.max(1, Math.floor(eps / alpha))
      // The certificate below needs only ε < S, so the first phase below S stops just under it (S − 1) instead of
      // α times lower. The last phases are the costly ones when many pairs tie at the top score (the LP is then
      // massively degenerate and a small ε makes push–relabel shuffle flow between equally good pairs); a smaller
      // step there cut that phase's relabels by a third (ties-10k-500k, docs/matching.md §3). If the certificate
      // fails, scaling goes on from there down to ε = 1 as before.
      eps = eps >= S && next < S ? S - 1 : next
      stats.epsilons.push(eps)
      refine(eps)
    } while (eps > 1 && !(eps < S && provenOptimal()))
  }

  // Read the flow back by replaying the layout: each need's first arc is its hub arc, then its pairs in order.
  for (let i = 0; i < nN; i++) current[1 + i] = first[1 + i] + 1
  for (let k = 0; k < m; k++) {
    const a = current[1 + pn[k]]++
    chosen[k] = resCap[a] === 0 ? 1 : 0
  }
  return stats
}
