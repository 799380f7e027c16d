import { resolveScoreConfig, scorePair, type ScoreConfigInput } from './score'
import { toMs } from './time'
import type { Candidate, MatchingInstance, MatchNeed, MatchResource, TimeInput } from './types'

export { toMs }

/** Remaining capacity: what the solver may still hand out this period. */
export function remainingCapacity(r: MatchResource): number {
  return Math.max(0, Math.floor(r.capacity) - Math.max(0, Math.floor(r.currentLoad)))
}

export function needDemand(n: MatchNeed): number {
  return n.demand === undefined ? 1 : Math.max(0, Math.floor(n.demand))
}

/** The four candidate rules, each on its own so tests and the UI can say which one excluded a pair. */
export const candidateRules = {
  categoryFits: (n: MatchNeed, r: MatchResource) => r.categories.includes(n.category),
  /** Listing the community covers all of its grids; listing the grid covers just that grid. */
  areaCovers: (n: MatchNeed, r: MatchResource) =>
    r.serviceArea.communityIds.includes(n.communityId) || (n.gridId != null && r.serviceArea.gridIds.includes(n.gridId)),
  /**
   * Half-open intervals overlap. No availability listed = always available. A need without a window wants
   * service from now on, so a resource whose every window has already ended cannot serve it.
   */
  availabilityOverlaps: (n: MatchNeed, r: MatchResource, nowMs: number) => {
    if (r.availability.length === 0) return true
    const from = n.window ? toMs(n.window.from, `window.from of need ${n.id}`) : nowMs
    const to = n.window ? toMs(n.window.to, `window.to of need ${n.id}`) : Infinity
    return r.availability.some((a) => {
      const af = toMs(a.from, `availability.from of resource ${r.id}`)
      const at = toMs(a.to, `availability.to of resource ${r.id}`)
      return af < to && from < at
    })
  },
  hasCapacity: (_n: MatchNeed, r: MatchResource) => remainingCapacity(r) > 0,
}

/** The candidate pairs on dense indices: pair k joins needs[pairNeed[k]] and resources[pairResource[k]]. */
export interface CandidatePairs {
  pairNeed: Int32Array
  pairResource: Int32Array
}

/**
 * Every need–resource pair that passes all four candidate rules, as index arrays (what the solver takes).
 * Order: by need in input order, then resource in input order (stable, so results are reproducible).
 *
 * Set-based instead of need × resource: resources are bucketed by (community, category) and (grid, category), so
 * a need only looks at the resources whose area names its community or its grid and that offer its category; times
 * are parsed once per need and once per resource. A street (10k needs × 5k resources) takes tens of milliseconds.
 */
export function candidatePairs(needs: readonly MatchNeed[], resources: readonly MatchResource[], now: TimeInput): CandidatePairs {
  const nowMs = toMs(now, 'now')
  const R = resources.length
  // (area key, category) → resource indices ascending. Keys cannot collide: "c" / "g" prefix and a NUL separator.
  const buckets = new Map<string, number[]>()
  const add = (key: string, j: number) => {
    const list = buckets.get(key)
    if (!list) buckets.set(key, [j])
    else if (list[list.length - 1] !== j) list.push(j)
  }
  for (let j = 0; j < R; j++) {
    const r = resources[j]
    if (!candidateRules.hasCapacity(undefined as never, r)) continue
    const cats = new Set(r.categories)
    for (const c of cats) {
      for (const id of new Set(r.serviceArea.communityIds)) add(`c${id}\u0000${c}`, j)
      for (const id of new Set(r.serviceArea.gridIds)) add(`g${id}\u0000${c}`, j)
    }
  }
  // Availability windows, parsed the first time a resource is compared (so a bad time is reported only when it
  // matters, as before): [from0, to0, from1, to1, …]; null = not yet parsed; empty = always available.
  const windows: (Float64Array | null)[] = new Array(R).fill(null)
  const windowsOf = (j: number): Float64Array => {
    let w = windows[j]
    if (w) return w
    const r = resources[j]
    w = new Float64Array(2 * r.availability.length)
    r.availability.forEach((a, t) => {
      w![2 * t] = toMs(a.from, `availability.from of resource ${r.id}`)
      w![2 * t + 1] = toMs(a.to, `availability.to of resource ${r.id}`)
    })
    return (windows[j] = w)
  }
  let cap = Math.max(16, needs.length * 8)
  let pn = new Int32Array(cap)
  let pr = new Int32Array(cap)
  let m = 0
  const empty: number[] = []
  for (let i = 0; i < needs.length; i++) {
    const n = needs[i]
    if (needDemand(n) === 0) continue
    const a = buckets.get(`c${n.communityId}\u0000${n.category}`) ?? empty
    const b = n.gridId != null ? (buckets.get(`g${n.gridId}\u0000${n.category}`) ?? empty) : empty
    if (a.length === 0 && b.length === 0) continue
    // the need's window, parsed when first compared with a resource that lists availability
    let from = NaN
    let to = NaN
    // merge the two ascending lists, each resource once
    let x = 0
    let y = 0
    while (x < a.length || y < b.length) {
      let j: number
      if (y >= b.length || (x < a.length && a[x] < b[y])) j = a[x++]
      else if (x >= a.length || b[y] < a[x]) j = b[y++]
      else {
        j = a[x++]
        y++
      }
      const w = windowsOf(j)
      if (w.length > 0) {
        if (from !== from) {
          from = n.window ? toMs(n.window.from, `window.from of need ${n.id}`) : nowMs
          to = n.window ? toMs(n.window.to, `window.to of need ${n.id}`) : Infinity
        }
        let overlaps = false
        for (let t = 0; t < w.length; t += 2) {
          if (w[t] < to && from < w[t + 1]) {
            overlaps = true
            break
          }
        }
        if (!overlaps) continue
      }
      if (m === cap) {
        cap *= 2
        const pn2 = new Int32Array(cap)
        pn2.set(pn)
        pn = pn2
        const pr2 = new Int32Array(cap)
        pr2.set(pr)
        pr = pr2
      }
      pn[m] = i
      pr[m] = j
      m++
    }
  }
  return { pairNeed: pn.slice(0, m), pairResource: pr.slice(0, m) }
}

/**
 * Every need–resource pair that passes all candidate rules, scored, with its reasons. Needs with demand 0 get no
 * candidates. Order: by need in input order, then resource in input order (stable, so results are reproducible).
 */
export function buildCandidates(
  needs: readonly MatchNeed[],
  resources: readonly MatchResource[],
  now: TimeInput,
  config?: ScoreConfigInput,
): Candidate[] {
  const cfg = resolveScoreConfig(config)
  const nowMs = toMs(now, 'now')
  // createdAt is checked for every need that could take a resource, whether or not it has a candidate
  const createdMs = needs.map((n) => (needDemand(n) === 0 ? NaN : toMs(n.createdAt, `createdAt of need ${n.id}`)))
  const { pairNeed, pairResource } = candidatePairs(needs, resources, nowMs)
  const out: Candidate[] = new Array(pairNeed.length)
  for (let k = 0; k < pairNeed.length; k++) {
    const i = pairNeed[k]
    out[k] = scorePair(needs[i], resources[pairResource[k]], nowMs, createdMs[i], cfg)
  }
  return out
}

/** Candidates plus demands and remaining capacities: a ready-to-solve instance. */
export function buildInstance(
  needs: readonly MatchNeed[],
  resources: readonly MatchResource[],
  now: TimeInput,
  config?: ScoreConfigInput,
): MatchingInstance & { candidates: Candidate[] } {
  return {
    needs: needs.map((n) => ({ id: n.id, demand: needDemand(n) })),
    resources: resources.map((r) => ({ id: r.id, capacity: remainingCapacity(r) })),
    candidates: buildCandidates(needs, resources, now, config),
  }
}
