import { buildInstance } from './candidates'
import type { ScoreConfigInput } from './score'
import { solveIndexed, toIndexed, type SolveOptions } from './solve'
import type { Candidate, MatchNeed, MatchResource, TimeInput } from './types'

export interface Proposals {
  /** The chosen pairs with their score, reasons and breakdown, in candidate order (need, then resource). */
  proposals: Candidate[]
  totalScore: number
  optimal: boolean
  /** How many pairs passed the candidate rules. */
  candidateCount: number
  ms: number
}

/**
 * The whole pipeline for a matching run: candidate rules → scores and reasons → optimal b-matching. What
 * `POST /api/matching/run` needs to store as proposals. Throws MatchingInputError on duplicate need/resource ids.
 */
export function propose(
  needs: readonly MatchNeed[],
  resources: readonly MatchResource[],
  now: TimeInput,
  options: { score?: ScoreConfigInput; solve?: SolveOptions } = {},
): Proposals {
  const t0 = performance.now()
  const instance = buildInstance(needs, resources, now, options.score)
  const { indexed } = toIndexed(instance)
  const r = solveIndexed(indexed, options.solve)
  return {
    proposals: Array.from(r.chosen, (k) => instance.candidates[k]),
    totalScore: r.totalScore,
    optimal: r.optimal,
    candidateCount: instance.candidates.length,
    ms: performance.now() - t0,
  }
}
