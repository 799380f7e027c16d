import { resolveScoreConfig, scorePair, type ScoreConfigInput } from './score'
import type { Candidate, MatchingInstance, MatchNeed, MatchResource, TimeInput } from './types'

export function toMs(t: TimeInput, what: string): number {
  const ms = t instanceof Date ? t.getTime() : typeof t === 'number' ? t : Date.parse(t)
  if (!Number.isFinite(ms)) throw new RangeError(`matching: ${what} is not a valid time: ${String(t)}`)
  return ms
}

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

/**
 * Every need–resource pair that passes all candidate rules, scored. Needs with demand 0 get no candidates.
 * Order: by need in input order, then resource in input order (stable, so results are reproducible).
 */
export function buildCandidates(
  needs: readonly MatchNeed[],
  resources: readonly MatchResource[],
  now: TimeInput,
  config?: ScoreConfigInput,
): Candidate[] {
  const cfg = resolveScoreConfig(config)
  const nowMs = toMs(now, 'now')
  // Index resources by category so a need only looks at resources that could fit at all.
  const byCategory = new Map<string, MatchResource[]>()
  for (const r of resources) {
    if (!candidateRules.hasCapacity(undefined as never, r)) continue
    for (const c of new Set(r.categories)) {
      let list = byCategory.get(c)
      if (!list) byCategory.set(c, (list = []))
      list.push(r)
    }
  }
  const out: Candidate[] = []
  for (const n of needs) {
    if (needDemand(n) === 0) continue
    const createdMs = toMs(n.createdAt, `createdAt of need ${n.id}`)
    for (const r of byCategory.get(n.category) ?? []) {
      if (!candidateRules.areaCovers(n, r) || !candidateRules.availabilityOverlaps(n, r, nowMs)) continue
      out.push(scorePair(n, r, nowMs, createdMs, cfg))
    }
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
