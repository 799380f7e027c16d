import type { NeedUrgency } from '../../core/contracts/needs'
import type { MatchingTimings, Proposal } from '../../core/contracts/services'
import { propose } from '../../core/matching/propose'
import type { MatchNeed, MatchResource, TimeWindow } from '../../core/matching/types'
import type { Claims, Gateway } from '../_lib/db/types'

/**
 * One matching run, end to end: `matching_run_input` (the scope's open needs and the resources that reach them) →
 * `propose()` (core/matching/propose.ts, the whole pipeline: candidates → scores → exact b-matching → reasons) →
 * `matching_run_store` (every pair checked, all written in one insert). This file only decodes the input rows,
 * stores the result and shapes the answer; no matching rule lives here. Used by POST /api/matching/run and by
 * `npm run bench:matching`, so the benchmark times exactly what staff wait for. Underscore file: not a route.
 */

/** [id, title, category, communityId, gridId, microGridId, urgency, createdAt, windowFrom, windowTo, demand]; times in epoch ms */
type NeedRow = [string, string, MatchNeed['category'], string, string | null, string | null, NeedUrgency, number, number | null, number | null, number]
/** [id, title, publisherName, categories, communityIds, gridIds, availability, capacity, currentLoad, community, grid, microGrid] */
type ResourceRow = [string, string, string | null, MatchResource['categories'], string[], string[], TimeWindow[], number, number, string, string | null, string | null]
interface Input {
  communities: string[]
  needs: NeedRow[]
  resources: ResourceRow[]
}
interface Stored {
  runId: string
  runs: { communityId: string; runId: string }[]
  ids: string[]
}

export type MatchingScope = { communityId: string; streetId?: undefined } | { streetId: string; communityId?: undefined }

export interface MatchingRun {
  runId: string
  proposals: Proposal[]
  totalScore: number
  optimal: boolean
  ms: number
  needs: number
  resources: number
  candidates: number
  scope: 'community' | 'street'
  proposalCount: number
  runs: { communityId: string; runId: string; proposals: number }[]
  timings: MatchingTimings
}

/** The response holds the first page of the run's proposals, in the order of the proposals list. */
export const RUN_PAGE = 50

const ms2 = (x: number) => Math.round(x * 100) / 100

/** A need row as the engine reads it; the urgency is the need's own (the engine speaks the contracts' vocabulary). */
const toNeed = (n: NeedRow): MatchNeed => ({
  id: n[0], category: n[2], communityId: n[3], gridId: n[4], microGridId: n[5], urgency: n[6],
  createdAt: n[7], window: n[8] !== null && n[9] !== null ? { from: n[8], to: n[9] } : null, demand: n[10],
})
const toResource = (r: ResourceRow): MatchResource => ({
  id: r[0], categories: r[3], serviceArea: { communityIds: r[4], gridIds: r[5] }, availability: r[6],
  capacity: r[7], currentLoad: r[8], communityId: r[9], gridId: r[10], microGridId: r[11],
})

export async function runMatchingPipeline(db: Gateway, claims: Claims, scope: MatchingScope, now = new Date()): Promise<MatchingRun> {
  const t0 = performance.now()
  const args = { p_community_id: scope.communityId ?? null, p_street_id: scope.streetId ?? null }
  const input = await db.rpc<Input>('matching_run_input', args, claims)
  const t1 = performance.now()
  const needs = input.needs.map(toNeed)
  const resources = input.resources.map(toResource)
  const result = propose(needs, resources, now)
  const t2 = performance.now()

  // the figures the run's row keeps (match_runs.stats) and the answer repeats, each rounded once
  const stages = {
    input: ms2(t1 - t0), candidates: ms2(result.timings.candidates), scoring: ms2(result.timings.scoring),
    solve: ms2(result.timings.solve), explain: ms2(result.timings.explain),
  }
  const summary = {
    totalScore: result.totalScore, optimal: result.optimal, ms: stages.solve, needs: needs.length,
    resources: resources.length, candidates: result.candidateCount,
  }
  const stored = await db.rpc<Stored>('matching_run_store', {
    ...args,
    p_proposals: result.proposals.map((c) => ({ need: c.need, resource: c.resource, score: c.score, reasons: c.reasons })),
    p_stats: { ...summary, timings: stages },
  }, claims)
  const t3 = performance.now()

  const needRow = new Map(input.needs.map((n) => [n[0], n]))
  const resRow = new Map(input.resources.map((r) => [r[0], r]))
  const runOf = new Map(stored.runs.map((r) => [r.communityId, r.runId]))
  const perCommunity = new Map<string, number>()
  const proposals: Proposal[] = result.proposals.map((c, k) => {
    const n = needRow.get(c.need)!
    const r = resRow.get(c.resource)!
    perCommunity.set(n[3], (perCommunity.get(n[3]) ?? 0) + 1)
    return {
      id: stored.ids[k], runId: runOf.get(n[3])!, needId: c.need, needTitle: n[1], needCategory: n[2],
      resourceId: c.resource, resourceTitle: r[1], publisherName: r[2] ?? '', score: c.score, reasons: c.reasons, status: 'open',
    }
  })
  // the proposals list's order: highest score first, ties by id (descending, as matching_proposals pages them)
  proposals.sort((a, b) => b.score - a.score || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
  return {
    runId: stored.runId,
    proposals: proposals.slice(0, RUN_PAGE),
    ...summary,
    scope: scope.streetId ? 'street' : 'community',
    proposalCount: proposals.length,
    runs: stored.runs.map((r) => ({ ...r, proposals: perCommunity.get(r.communityId) ?? 0 })),
    timings: { ...stages, store: ms2(t3 - t2), total: ms2(t3 - t0) },
  }
}
