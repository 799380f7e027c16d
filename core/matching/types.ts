import { NEED_URGENCIES, type NeedCategory, type NeedUrgency } from '../contracts/needs'

/** A point in time: an ISO 8601 string, epoch milliseconds, or a Date. */
export type TimeInput = string | number | Date

/** Half-open interval [from, to). */
export interface TimeWindow {
  from: TimeInput
  to: TimeInput
}

/** The needs' own vocabulary (contracts and the need_urgency enum), so a need's urgency reaches the engine as stored. */
export const URGENCY_LEVELS = NEED_URGENCIES
export type UrgencyLevel = NeedUrgency
/** Named level, or 1..4 (1 = low, 4 = urgent) as some intake forms store it. */
export type Urgency = UrgencyLevel | 1 | 2 | 3 | 4

/** What the engine needs to know about a need (需求). */
export interface MatchNeed {
  id: string
  category: NeedCategory
  communityId: string
  gridId?: string | null
  microGridId?: string | null
  urgency: Urgency
  createdAt: TimeInput
  /** When the service is wanted; absent = as soon as possible, i.e. [now, ∞). */
  window?: TimeWindow | null
  /** How many resources the need may take (e.g. two volunteers); default 1. */
  demand?: number
}

/** What the engine needs to know about a resource (资源). */
export interface MatchResource {
  id: string
  categories: readonly NeedCategory[]
  serviceArea: { communityIds: readonly string[]; gridIds: readonly string[] }
  /** Empty = always available. */
  availability: readonly TimeWindow[]
  /** Needs it can serve per period. */
  capacity: number
  /** Needs it already serves in this period. */
  currentLoad: number
  /** The provider's home, for closeness in the grid hierarchy. */
  communityId?: string | null
  gridId?: string | null
  microGridId?: string | null
}

export const REASON_CODES = [
  'urgency_urgent',
  'urgency_high',
  'waiting',
  'same_micro_grid',
  'same_grid',
  'same_community',
  'category_primary',
  'category_secondary',
  'load_low',
  'load_high',
] as const
export type ReasonCode = (typeof REASON_CODES)[number]

/** Points each factor contributed; they sum to the score up to rounding. */
export interface ScoreBreakdown {
  urgency: number
  waiting: number
  categoryFit: number
  closeness: number
  load: number
}

/** A need–resource pair that passed every candidate rule, with its score (0..10000) and why. */
export interface Candidate {
  need: string
  resource: string
  score: number
  /** Short Simplified Chinese phrases for the UI, parallel to `reasonCodes`. */
  reasons: string[]
  reasonCodes: ReasonCode[]
  breakdown: ScoreBreakdown
}

/** The solver's input: plain ids and integers, as the CLI reads it. */
export interface MatchingInstance {
  needs: readonly { id: string; demand: number }[]
  resources: readonly { id: string; capacity: number }[]
  candidates: readonly { need: string; resource: string; score: number }[]
}

export interface Assignment {
  need: string
  resource: string
}

export interface MatchingResult {
  assignments: Assignment[]
  totalScore: number
  /** False only when some component exceeded the exact-solver size limits and greedy was used for it. */
  optimal: boolean
  ms: number
}

/**
 * The same instance on dense indices, which is what the solver works on. Pair k joins need pairNeed[k]
 * (0..needCount-1) and resource pairResource[k] (0..resourceCount-1) with score pairScore[k].
 */
export interface IndexedInstance {
  needCount: number
  resourceCount: number
  demand: Int32Array
  capacity: Int32Array
  pairNeed: Int32Array
  pairResource: Int32Array
  pairScore: Int32Array
}

export interface IndexedResult {
  /** Indices of the chosen pairs, ascending. */
  chosen: Int32Array
  totalScore: number
  optimal: boolean
  ms: number
  /**
   * Components solved exactly / by the greedy fallback / trivially (a star: one need or one resource), and the
   * number of pairs in the largest component.
   */
  stats: { components: number; exact: number; greedy: number; trivial: number; largestPairs: number }
}
