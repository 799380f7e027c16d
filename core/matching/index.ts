/**
 * Optimal matching of needs (需求清单) to resources (资源清单): candidate rules, the score with its reasons, and an
 * exact maximum-weight b-matching solver. Pure TypeScript, no I/O. See docs/matching.md.
 */
export type {
  Assignment,
  Candidate,
  IndexedInstance,
  IndexedResult,
  MatchingInstance,
  MatchingResult,
  MatchNeed,
  MatchResource,
  ReasonCode,
  ScoreBreakdown,
  TimeInput,
  TimeWindow,
  Urgency,
  UrgencyLevel,
} from './types'
export { REASON_CODES, URGENCY_LEVELS } from './types'
export {
  DEFAULT_SCORE_CONFIG,
  MAX_SCORE,
  REASON_TEXTS,
  closeness,
  resolveScoreConfig,
  scorePair,
  scorePairs,
  urgencyLevel,
  waitingReason,
  type Closeness,
  type ScoreConfig,
  type ScoreConfigInput,
} from './score'
export { buildCandidates, buildInstance, candidatePairs, candidateRules, needDemand, remainingCapacity, type CandidatePairs } from './candidates'
export {
  EXACT_LIMITS,
  MatchingInputError,
  greedy,
  greedyIndexed,
  solve,
  solveIndexed,
  toIndexed,
  type SolveOptions,
} from './solve'
export { ZMatchingInput, parseMatchingInput } from './schema'
export { propose, type ProposeTimings, type Proposals } from './propose'
