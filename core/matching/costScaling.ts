/**
 * Exact maximum-weight bipartite b-matching as a minimum-cost circulation, solved by Goldberg–Tarjan cost scaling
 * (push–relabel with ε-scaling) on flat typed arrays. Why cost scaling and not successive shortest paths: the number
 * of ε-phases is log_α(n·C), independent of how many distinct scores there are, so scores spread over 0..10000
 * cost about the same as scores over 0..100 (see docs/matching.md for measurements).
 *
 * Network for one connected component with `nN` needs and `nR` resources:
 *   node 0 = hub, nodes 1..nN = needs, nN+1..nN+nR = resources;
 *   hub → need i   capacity demand[i], cost 0
 *   need → res     capacity 1,         cost −score·S   (one arc per candidate pair, so a pair is used at most once)
 *   res j → hub    capacity cap[j],    cost 0
 * A circulation is exactly a b-matching; sending nothing is feasible, so leaving a need unmatched is allowed and a
 * zero-score pair never helps. Costs are multiplied by S = n + 1: a flow that is ε-optimal with ε = 1 in scaled units
 * is (1/S)-optimal in score units, and since every cycle has at most n arcs and integer cost, no negative cycle is left,
 * i.e. the flow is optimal.
 *
 * All quantities are integers; prices live in Float64Array, exact up to 2^53. Prices fall by at most about
 * 3·n·ε₀ = 3·n·S·C over the whole run, which is why solve.ts caps the component size it sends here.
 */

/** Reusable scratch memory, grown on demand, so many small components do not each allocate. */
export class Workspace {
  nodeCap = 0
  arcCap = 0
  first = new Int32Array(0)
  excess = new Int32Array(0)
  current = new Int32Array(0)
  queue = new Int32Array(0)
  inQueue = new Uint8Array(0)
  price = new Float64Array(0)
  dist = new Int32Array(0)
  done = new Uint8Array(0)
  bucketHead = new Int32Array(0)
  bucketNext = new Int32Array(0)
  bucketPrev = new Int32Array(0)
  head = new Int32Array(0)
  rev = new Int32Array(0)
  resCap = new Int32Array(0)
  capSum = new Int32Array(0)
  cost = new Float64Array(0)

  ensure(nodes: number, arcs: number): void {
    if (nodes > this.nodeCap) {
      const c = Math.max(nodes, Math.ceil(this.nodeCap * 1.5))
      this.nodeCap = c
      this.first = new Int32Array(c + 1)
      this.excess = new Int32Array(c)
      this.current = new Int32Array(c)
      this.queue = new Int32Array(c)
      this.inQueue = new Uint8Array(c)
      this.price = new Float64Array(c)
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
      this.capSum = new Int32Array(c)
      this.cost = new Float64Array(c)
    }
  }
}

export interface CostScalingOptions {
  /** ε is divided by this each phase. 8–16 is the usual sweet spot (Goldberg 1997 uses 12, LEMON 16). */
  alpha?: number
  /** Run a global price update after this many relabels per node (× n). */
  globalUpdateFactor?: number
}

export interface CostScalingStats {
  phases: number
  relabels: number
  pushes: number
  globalUpdates: number
}

const INF_DIST = 0x7fffffff

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
  const updateFactor = options.globalUpdateFactor ?? 1
  const n = nN + nR + 1
  const arcCount = 2 * (m + nN + nR)
  ws.ensure(n, arcCount)
  const { first, excess, current, queue, inQueue, price, dist, done, bucketHead, bucketNext, bucketPrev, head, rev, resCap, capSum, cost } = ws
  const S = n + 1

  // ---- build the residual graph in CSR form (arcs grouped by tail) ----
  first.fill(0, 0, n + 1)
  // out-degree: hub has nN + nR arcs, need i has 1 + deg, resource j has deg + 1
  first[1] = nN + nR
  for (let i = 0; i < nN; i++) first[2 + i] = 1
  for (let j = 0; j < nR; j++) first[2 + nN + j] = 1
  for (let k = 0; k < m; k++) {
    first[2 + pn[k]]++
    first[2 + nN + pr[k]]++
  }
  for (let v = 1; v <= n; v++) first[v] += first[v - 1]
  // `current` doubles as the fill cursor while building
  for (let v = 0; v < n; v++) current[v] = first[v]
  let maxScore = 0
  for (let i = 0; i < nN; i++) {
    const a = current[1 + i]++
    const b = current[0]++
    head[a] = 0; rev[a] = b; resCap[a] = demand[i]; capSum[a] = demand[i]; cost[a] = 0
    head[b] = 1 + i; rev[b] = a; resCap[b] = 0; capSum[b] = demand[i]; cost[b] = 0
  }
  for (let j = 0; j < nR; j++) {
    const v = 1 + nN + j
    const a = current[0]++
    const b = current[v]++
    head[a] = v; rev[a] = b; resCap[a] = cap[j]; capSum[a] = cap[j]; cost[a] = 0
    head[b] = 0; rev[b] = a; resCap[b] = 0; capSum[b] = cap[j]; cost[b] = 0
  }
  // Pair arcs last, in pair order, so the forward arc of pair k can be found again by replaying the cursor.
  for (let k = 0; k < m; k++) {
    const u = 1 + pn[k]
    const v = 1 + nN + pr[k]
    const a = current[u]++
    const b = current[v]++
    const c = ps[k] * S
    if (ps[k] > maxScore) maxScore = ps[k]
    head[a] = v; rev[a] = b; resCap[a] = 1; capSum[a] = 1; cost[a] = -c
    head[b] = u; rev[b] = a; resCap[b] = 0; capSum[b] = 1; cost[b] = c
  }
  // Supplies and demands: need i offers demand[i] units, resource j absorbs cap[j]; the hub balances the rest.
  let balance = 0
  for (let i = 0; i < nN; i++) {
    excess[1 + i] = demand[i]
    balance -= demand[i]
  }
  for (let j = 0; j < nR; j++) {
    excess[1 + nN + j] = -cap[j]
    balance += cap[j]
  }
  excess[0] = balance
  price.fill(0, 0, n)
  inQueue.fill(0, 0, n)

  const stats: CostScalingStats = { phases: 0, relabels: 0, pushes: 0, globalUpdates: 0 }
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
    const end = first[v + 1]
    for (let a = first[v]; a < end; a++) {
      if (resCap[a] > 0) {
        const t = price[head[a]] - cost[a]
        if (t > best) best = t
      }
    }
    price[v] = best === -Infinity ? price[v] - eps : best - eps
    current[v] = first[v]
    stats.relabels++
    relabelsSinceUpdate++
  }

  // Arcs before current[v] are never admissible (prices only fall, and a push only creates residual arcs with
  // positive reduced cost), so the scan resumes from current[v].
  const hasAdmissible = (w: number): boolean => {
    const pw = price[w]
    const end = first[w + 1]
    for (let a = current[w]; a < end; a++) {
      if (resCap[a] > 0 && cost[a] + pw - price[head[a]] < 0) {
        current[w] = a
        return true
      }
    }
    current[w] = end
    return false
  }

  /**
   * Global price update (Goldberg 1997): bucket-based Dijkstra from the deficit nodes over the reversed residual
   * graph with arc length ⌊rc/ε⌋ + 1 ≥ 0, then p(v) −= d(v)·ε. Keeps ε-optimality and makes a path of admissible
   * arcs from every excess node towards a deficit. Stops once every excess node is labelled; the rest get the
   * current bucket index, which is a lower bound on their distance, so ε-optimality still holds.
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
          const end = first[w + 1]
          for (let a = first[w]; a < end; a++) {
            const u = head[a]
            if (done[u] === 1) continue
            // The reverse arc u→w is read through a's own entries (capSum = cap(a) + cap(rev a), cost(rev a) =
            // −cost(a)): sequential reads instead of a cache miss per arc, which halves the update's time.
            if (capSum[a] === resCap[a]) continue
            const rc = price[u] - cost[a] - pw
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

  const refine = (eps: number) => {
    stats.phases++
    // Saturate every residual arc with negative reduced cost: the pseudoflow becomes 0-optimal.
    for (let v = 0; v < n; v++) {
      const pv = price[v]
      const end = first[v + 1]
      for (let a = first[v]; a < end; a++) {
        const f = resCap[a]
        if (f > 0) {
          const w = head[a]
          if (cost[a] + pv - price[w] < 0) {
            resCap[a] = 0
            resCap[rev[a]] += f
            excess[v] -= f
            excess[w] += f
          }
        }
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
      // discharge v
      let a = current[v]
      const end = first[v + 1]
      let pv = price[v]
      while (excess[v] > 0) {
        if (a === end) {
          relabel(v, eps)
          pv = price[v]
          a = current[v]
          continue
        }
        const rcap = resCap[a]
        if (rcap > 0) {
          const w = head[a]
          if (cost[a] + pv - price[w] < 0) {
            // Push look-ahead: pushing into a node that cannot pass the flow on only bounces it back later.
            if (excess[w] >= 0 && !hasAdmissible(w)) {
              relabel(w, eps)
              a++
              continue
            }
            const ev = excess[v]
            const delta = ev < rcap ? ev : rcap
            resCap[a] = rcap - delta
            resCap[rev[a]] += delta
            excess[v] = ev - delta
            const ew = excess[w]
            excess[w] = ew + delta
            stats.pushes++
            if (ew + delta > 0 && inQueue[w] === 0) enqueue(w)
            continue
          }
        }
        a++
      }
      current[v] = a
      if (relabelsSinceUpdate > updateThreshold) globalUpdate(eps)
    }
  }

  if (m > 0 && maxScore > 0) {
    let eps = maxScore * S
    do {
      eps = Math.max(1, Math.floor(eps / alpha))
      refine(eps)
    } while (eps > 1)
  }

  // Read the flow back: pair arcs were laid out per tail in pair order, so replay the cursor.
  for (let v = 0; v < n; v++) current[v] = first[v]
  current[0] += nN + nR
  for (let i = 0; i < nN; i++) current[1 + i]++
  for (let k = 0; k < m; k++) {
    const a = current[1 + pn[k]]++
    chosen[k] = resCap[a] === 0 ? 1 : 0
  }
  return stats
}
