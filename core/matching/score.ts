import { toMs } from './time'
import type { Candidate, MatchNeed, MatchResource, ReasonCode, ScoreBreakdown, Urgency, UrgencyLevel } from './types'

/**
 * Every knob of the score in one place (documented in docs/matching.md). A pair's score is
 *   round(Σ weight_f × factor_f), factor_f ∈ [0, 1],
 * so with weights summing to 10000 the score spans 0..10000. Integer scores keep the solver exact.
 */
export const DEFAULT_SCORE_CONFIG = {
  weights: {
    /** Urgent needs first: the largest weight, so an urgent need outranks any closeness advantage. */
    urgency: 3500,
    /** Waiting time, so old needs do not starve behind new urgent ones. */
    waiting: 2000,
    /** Specialists (the need's category is the resource's primary one) over generalists. */
    categoryFit: 1500,
    /** Closeness of the provider's home to the need in the grid hierarchy. */
    closeness: 2000,
    /** Spare capacity, so work spreads instead of piling on the busiest provider. */
    load: 1000,
  },
  urgencyFactor: { low: 0, normal: 1 / 3, high: 2 / 3, urgent: 1 } satisfies Record<UrgencyLevel, number>,
  /** Waiting saturates: after this many days the need gets the full waiting weight. */
  waitingFullDays: 14,
  /** Days waited before "已等待 N 天" is shown. */
  waitingReasonDays: 1,
  /** Strictly decreasing: same micro-grid > same grid > same community > elsewhere in the service area. */
  closenessFactor: { microGrid: 1, grid: 0.6, community: 0.3, none: 0 },
  /** The need's category is the resource's first (primary) one vs. one of its others. */
  categoryFactor: { primary: 1, secondary: 0.5 },
  /** Load = currentLoad / capacity; at or below this "服务方负荷低" is shown, at or above high "负荷较高". */
  loadLowRatio: 0.3,
  loadHighRatio: 0.8,
}

export type ScoreConfig = typeof DEFAULT_SCORE_CONFIG

/** A partial override, merged over the defaults field by field. */
export type ScoreConfigInput = {
  [K in keyof ScoreConfig]?: ScoreConfig[K] extends number ? number : Partial<ScoreConfig[K]>
}

/**
 * The highest score a pair can get. The solver stores scores in Int16 arcs, so this must stay ≤ 32767:
 * costScaling.ts asserts it at the type level (`npx tsc --noEmit` fails otherwise), hence a literal, not `number`.
 * The store's c_max_score (matching_run_store) repeats it.
 */
export const MAX_SCORE = 10000

/**
 * The phrase staff read for each reason. The store (`matching_store` in 20261201000300_resources_services.sql) accepts
 * exactly these and `waitingReason(n)`, so a caller cannot plant its own text beside a proposal: change both together.
 */
export const REASON_TEXTS = {
  urgency_urgent: '紧急需求',
  urgency_high: '较急需求',
  same_micro_grid: '同一微网格',
  same_grid: '同一网格',
  same_community: '同一社区',
  category_primary: '专业对口',
  category_secondary: '可提供此类服务',
  load_low: '服务方负荷低',
  load_high: '服务方负荷较高',
} as const satisfies Record<Exclude<ReasonCode, 'waiting'>, string>

/** The waiting reason carries its day count (1..9999 days in the store). */
export function waitingReason(days: number): string {
  return `已等待 ${days} 天`
}

export function resolveScoreConfig(input?: ScoreConfigInput): ScoreConfig {
  const d = DEFAULT_SCORE_CONFIG
  const c: ScoreConfig = {
    weights: { ...d.weights, ...input?.weights },
    urgencyFactor: { ...d.urgencyFactor, ...input?.urgencyFactor },
    waitingFullDays: input?.waitingFullDays ?? d.waitingFullDays,
    waitingReasonDays: input?.waitingReasonDays ?? d.waitingReasonDays,
    closenessFactor: { ...d.closenessFactor, ...input?.closenessFactor },
    categoryFactor: { ...d.categoryFactor, ...input?.categoryFactor },
    loadLowRatio: input?.loadLowRatio ?? d.loadLowRatio,
    loadHighRatio: input?.loadHighRatio ?? d.loadHighRatio,
  }
  const w = Object.values(c.weights)
  if (w.some((x) => !Number.isFinite(x) || x < 0)) throw new RangeError('matching: score weights must be non-negative numbers')
  // The sum bound is what keeps every score inside the 0..10000 range the solver and the CLI accept.
  if (w.reduce((a, b) => a + b, 0) > MAX_SCORE) throw new RangeError(`matching: score weights must sum to at most ${MAX_SCORE}`)
  if (!(c.waitingFullDays > 0)) throw new RangeError('matching: waitingFullDays must be positive')
  return c
}

const URGENCY_BY_NUMBER: Record<number, UrgencyLevel> = { 1: 'low', 2: 'normal', 3: 'high', 4: 'urgent' }

export function urgencyLevel(u: Urgency): UrgencyLevel {
  const level = typeof u === 'number' ? URGENCY_BY_NUMBER[u] : u
  if (!level || !(level in DEFAULT_SCORE_CONFIG.urgencyFactor)) throw new RangeError(`matching: unknown urgency ${String(u)}`)
  return level
}

const DAY_MS = 86_400_000

export type Closeness = 'microGrid' | 'grid' | 'community' | 'none'

/** Closest common level of the grid hierarchy; an absent id never counts as equal. */
export function closeness(need: MatchNeed, res: MatchResource): Closeness {
  const eq = (a?: string | null, b?: string | null) => a != null && b != null && a === b
  if (eq(need.microGridId, res.microGridId)) return 'microGrid'
  if (eq(need.gridId, res.gridId)) return 'grid'
  if (eq(need.communityId, res.communityId)) return 'community'
  return 'none'
}

/**
 * Score one pair that already passed the candidate rules. `nowMs` is passed in (not read from the clock) so the
 * function stays pure and tests are reproducible.
 */
export function scorePair(need: MatchNeed, res: MatchResource, nowMs: number, createdMs: number, config: ScoreConfig): Candidate {
  const w = config.weights
  const reasons: string[] = []
  const codes: ReasonCode[] = []
  const add = (code: ReasonCode, text: string) => {
    codes.push(code)
    reasons.push(text)
  }

  const level = urgencyLevel(need.urgency)
  const urgency = w.urgency * config.urgencyFactor[level]
  if (level === 'urgent') add('urgency_urgent', REASON_TEXTS.urgency_urgent)
  else if (level === 'high') add('urgency_high', REASON_TEXTS.urgency_high)

  const days = Math.max(0, Math.floor((nowMs - createdMs) / DAY_MS))
  const waitedMs = Math.max(0, nowMs - createdMs)
  const waiting = w.waiting * Math.min(1, waitedMs / (config.waitingFullDays * DAY_MS))
  if (days >= config.waitingReasonDays) add('waiting', waitingReason(days))

  const near = closeness(need, res)
  const closenessPts = w.closeness * config.closenessFactor[near]
  if (near === 'microGrid') add('same_micro_grid', REASON_TEXTS.same_micro_grid)
  else if (near === 'grid') add('same_grid', REASON_TEXTS.same_grid)
  else if (near === 'community') add('same_community', REASON_TEXTS.same_community)

  const primary = res.categories[0] === need.category
  const categoryFit = w.categoryFit * (primary ? config.categoryFactor.primary : config.categoryFactor.secondary)
  if (primary) add('category_primary', REASON_TEXTS.category_primary)
  else add('category_secondary', REASON_TEXTS.category_secondary)

  const ratio = res.capacity > 0 ? Math.min(1, Math.max(0, res.currentLoad / res.capacity)) : 1
  const load = w.load * (1 - ratio)
  if (ratio <= config.loadLowRatio) add('load_low', REASON_TEXTS.load_low)
  else if (ratio >= config.loadHighRatio) add('load_high', REASON_TEXTS.load_high)

  const raw = urgency + waiting + categoryFit + closenessPts + load
  const score = Math.min(MAX_SCORE, Math.max(0, Math.round(raw)))
  const breakdown: ScoreBreakdown = {
    urgency: Math.round(urgency),
    waiting: Math.round(waiting),
    categoryFit: Math.round(categoryFit),
    closeness: Math.round(closenessPts),
    load: Math.round(load),
  }
  return { need: need.id, resource: res.id, score, reasons, reasonCodes: codes, breakdown }
}

/**
 * The scores of many pairs at once, equal to `scorePair(...).score` for each (the same terms added in the same
 * order, so the same float rounds to the same integer), without building reasons: the per-need part (urgency +
 * waiting) and the per-resource part (load) are computed once, closeness compares interned ids, and nothing is
 * allocated per pair. The reasons of the pairs that are chosen come from scorePair afterwards.
 */
export function scorePairs(
  needs: readonly MatchNeed[],
  resources: readonly MatchResource[],
  pairNeed: Int32Array,
  pairResource: Int32Array,
  nowMs: number,
  config: ScoreConfig,
): Int32Array {
  const w = config.weights
  const N = needs.length
  const R = resources.length
  const ids = new Map<string, number>()
  const intern = (x: string | null | undefined) => {
    if (x == null) return -1
    let v = ids.get(x)
    if (v === undefined) ids.set(x, (v = ids.size))
    return v
  }
  // per need: urgency + waiting (the first sum of scorePair), and interned ids; only needs that have a pair
  const needBase = new Float64Array(N)
  const needDone = new Uint8Array(N)
  const nMicro = new Int32Array(N)
  const nGrid = new Int32Array(N)
  const nComm = new Int32Array(N)
  const nCat = new Int32Array(N)
  const rMicro = new Int32Array(R)
  const rGrid = new Int32Array(R)
  const rComm = new Int32Array(R)
  const rPrimary = new Int32Array(R)
  const rLoad = new Float64Array(R)
  const rDone = new Uint8Array(R)
  const cPrimary = w.categoryFit * config.categoryFactor.primary
  const cSecondary = w.categoryFit * config.categoryFactor.secondary
  const near = [
    w.closeness * config.closenessFactor.microGrid,
    w.closeness * config.closenessFactor.grid,
    w.closeness * config.closenessFactor.community,
    w.closeness * config.closenessFactor.none,
  ]
  const out = new Int32Array(pairNeed.length)
  for (let k = 0; k < pairNeed.length; k++) {
    const i = pairNeed[k]
    const j = pairResource[k]
    if (needDone[i] === 0) {
      const n = needs[i]
      const createdMs = toMs(n.createdAt, `createdAt of need ${n.id}`)
      const urgency = w.urgency * config.urgencyFactor[urgencyLevel(n.urgency)]
      const waitedMs = Math.max(0, nowMs - createdMs)
      const waiting = w.waiting * Math.min(1, waitedMs / (config.waitingFullDays * DAY_MS))
      needBase[i] = urgency + waiting
      nMicro[i] = intern(n.microGridId)
      nGrid[i] = intern(n.gridId)
      nComm[i] = intern(n.communityId)
      nCat[i] = intern(n.category)
      needDone[i] = 1
    }
    if (rDone[j] === 0) {
      const r = resources[j]
      rMicro[j] = intern(r.microGridId)
      rGrid[j] = intern(r.gridId)
      rComm[j] = intern(r.communityId)
      rPrimary[j] = r.categories.length > 0 ? intern(r.categories[0]) : -2
      const ratio = r.capacity > 0 ? Math.min(1, Math.max(0, r.currentLoad / r.capacity)) : 1
      rLoad[j] = w.load * (1 - ratio)
      rDone[j] = 1
    }
    const c =
      nMicro[i] !== -1 && nMicro[i] === rMicro[j] ? 0 : nGrid[i] !== -1 && nGrid[i] === rGrid[j] ? 1 : nComm[i] !== -1 && nComm[i] === rComm[j] ? 2 : 3
    const raw = needBase[i] + (rPrimary[j] === nCat[i] ? cPrimary : cSecondary) + near[c] + rLoad[j]
    out[k] = Math.min(MAX_SCORE, Math.max(0, Math.round(raw)))
  }
  return out
}
