import { candidatePairs, needDemand, remainingCapacity } from './candidates'
import { resolveScoreConfig, scorePair, scorePairs, type ScoreConfigInput } from './score'
import { MatchingInputError, solveIndexed, type SolveOptions } from './solve'
import { toMs } from './time'
import type { Candidate, IndexedResult, MatchNeed, MatchResource, TimeInput } from './types'

/** Milliseconds per stage of one run. */
export interface ProposeTimings {
  /** The candidate rules: which pairs may be matched at all. */
  candidates: number
  /** Scores of every candidate pair. */
  scoring: number
  /** The exact b-matching. */
  solve: number
  /** Reasons and breakdown of the chosen pairs. */
  explain: number
}

export interface Proposals {
  /** The chosen pairs with their score, reasons and breakdown, in candidate order (need, then resource). */
  proposals: Candidate[]
  totalScore: number
  optimal: boolean
  /** How many pairs passed the candidate rules. */
  candidateCount: number
  ms: number
  timings: ProposeTimings
  stats: IndexedResult['stats']
}

const now = () => performance.now()

function checkIds(items: readonly { id: string }[], what: 'need' | 'resource'): void {
  const seen = new Set<string>()
  items.forEach((x, i) => {
    if (seen.has(x.id)) throw new MatchingInputError(`duplicate ${what} id "${x.id}"`, `${what}s[${i}].id`)
    seen.add(x.id)
  })
}

const int31 = (x: number) => Number.isInteger(x) && x >= 0 && x <= 0x7fffffff

/**
 * The whole pipeline of a matching run, the one `POST /api/matching/run` uses: candidate rules → scores → optimal
 * b-matching → reasons of the chosen pairs. Works on index arrays throughout (no object per candidate pair), so a
 * street (10k needs × 5k resources) fits the 2 s budget of DESIGN.md §5 with the database calls around it; the
 * result is the same as buildInstance + solve (candidates.test.ts checks that). Throws MatchingInputError on
 * duplicate need/resource ids.
 */
export function propose(
  needs: readonly MatchNeed[],
  resources: readonly MatchResource[],
  at: TimeInput,
  options: { score?: ScoreConfigInput; solve?: SolveOptions } = {},
): Proposals {
  const t0 = now()
  checkIds(needs, 'need')
  checkIds(resources, 'resource')
  const cfg = resolveScoreConfig(options.score)
  const nowMs = toMs(at, 'now')
  const demand = new Int32Array(needs.length)
  const capacity = new Int32Array(resources.length)
  needs.forEach((n, i) => {
    const d = needDemand(n)
    if (!int31(d)) throw new MatchingInputError(`demand must be a non-negative integer, got ${JSON.stringify(n.demand)}`, `needs[${i}].demand`)
    demand[i] = d
  })
  resources.forEach((r, j) => {
    const c = remainingCapacity(r)
    if (!int31(c)) throw new MatchingInputError(`capacity must be a non-negative integer, got ${JSON.stringify(r.capacity)}`, `resources[${j}].capacity`)
    capacity[j] = c
  })

  const t1 = now()
  const { pairNeed, pairResource } = candidatePairs(needs, resources, nowMs)
  const t2 = now()
  const pairScore = scorePairs(needs, resources, pairNeed, pairResource, nowMs, cfg)
  const t3 = now()
  const r = solveIndexed(
    { needCount: needs.length, resourceCount: resources.length, demand, capacity, pairNeed, pairResource, pairScore },
    options.solve,
  )
  const t4 = now()
  const proposals = Array.from(r.chosen, (k) => {
    const n = needs[pairNeed[k]]
    const c = scorePair(n, resources[pairResource[k]], nowMs, toMs(n.createdAt, `createdAt of need ${n.id}`), cfg)
    if (c.score !== pairScore[k]) throw new Error(`matching: score of ${c.need}–${c.resource} differs between scorePairs and scorePair (internal error)`)
    return c
  })
  const t5 = now()
  return {
    proposals,
    totalScore: r.totalScore,
    optimal: r.optimal,
    candidateCount: pairNeed.length,
    ms: t5 - t0,
    timings: { candidates: t2 - t1, scoring: t3 - t2, solve: t4 - t3, explain: t5 - t4 },
    stats: r.stats,
  }
}
