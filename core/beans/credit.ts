import type { CreditTerm } from '../contracts/beans'

/**
 * Community credit (社区信用) is computed once, in the database (app.credit_terms in
 * supabase/migrations/20261201000500_beans.sql), which returns the score with the terms that make it up.
 * This file only puts those terms into words; it never recomputes a point, so what a resident reads is the score.
 */

/**
 * The rule's constants as app.credit_terms applies them. Kept because the words say the rule ("每 10 个计 1 分") and
 * the page draws bars and the next level, none of which the answer carries; tests/db/credit-rule.test.ts fails if
 * they drift from the SQL. Nothing here may be used to compute a score.
 */
export const CREDIT_RULE = {
  /** the window of every input, in months */
  months: 12,
  /** 1 contribution point per this many beans earned */
  beansPerPoint: 10,
  /** contribution points per hour served */
  pointsPerHour: 2,
  /** integrity points lost per no-show */
  noShowPoints: 8,
  /** integrity points lost per late cancellation */
  lateCancelPoints: 4,
  /** the average rating that neither adds nor takes away */
  ratingNeutral: 3,
  /** integrity points per star above or below it */
  pointsPerStar: 2,
} as const

/** Level names with the score each starts at (the database's thresholds), to say how far the next level is. */
export const CREDIT_LEVELS = [
  { level: 1, min: 0, name: '起步' },
  { level: 2, min: 40, name: '良好' },
  { level: 3, min: 60, name: '优秀' },
  { level: 4, min: 80, name: '模范' },
] as const

/** The most each part can score (the database caps both; integrity starts at its maximum), for the page's bars. */
export const CREDIT_PART_MAX = { contribution: 60, integrity: 40 } as const

export function creditLevelName(level: number): string {
  return CREDIT_LEVELS.find((l) => l.level === level)?.name ?? `${level} 级`
}

/** "+12 分" / "−8 分" with a real minus sign, as the mini-program writes bean amounts. */
function points(p: number): string {
  return `${p > 0 ? '+' : p < 0 ? '−' : ''}${Math.abs(p)} 分`
}

/** One term in words, ending with its points as the database counted them. */
export function creditTermText(t: CreditTerm): string {
  const i = t.inputs
  const R = CREDIT_RULE
  switch (t.key) {
    case 'beans':
      return `近 ${R.months} 个月获得 ${i.beans ?? 0} 个金豆（每 ${R.beansPerPoint} 个计 1 分）${points(t.points)}`
    case 'hours':
      return `服务 ${i.hours ?? 0} 小时（每小时计 ${R.pointsPerHour} 分）${points(t.points)}`
    case 'contribution_cap':
      return `超出上限 ${i.max ?? CREDIT_PART_MAX.contribution} 分的部分不计 ${points(t.points)}`
    case 'integrity_base':
      return `基础分 ${points(t.points)}`
    case 'no_shows':
      return `未到岗 ${i.count ?? 0} 次（每次扣 ${R.noShowPoints} 分）${points(t.points)}`
    case 'late_cancels':
      return `临时取消 ${i.count ?? 0} 次（每次扣 ${R.lateCancelPoints} 分）${points(t.points)}`
    case 'rating':
      return `收到的服务评价平均 ${i.avgRating} 星（比 ${R.ratingNeutral} 星每高或低 1 星，加或减 ${R.pointsPerStar} 分）${points(t.points)}`
    case 'integrity_bounds':
      return `诚信分在 ${i.min ?? 0} 到 ${i.max ?? CREDIT_PART_MAX.integrity} 分之间 ${points(t.points)}`
  }
}

export interface CreditFigures {
  score: number
  level: number
  contribution: number
  integrity: number
  terms: CreditTerm[]
}

/** "40 分良好，60 分优秀，80 分模范": where each level above the first starts. */
const LEVEL_STEPS = CREDIT_LEVELS.filter((l) => l.min > 0).map((l) => `${l.min} 分${l.name}`).join('，')

/** The lines the 信用 page shows: each part with its terms, then the total. */
export function explainCredit(c: CreditFigures): string[] {
  const part = (p: CreditTerm['part']) => c.terms.filter((t) => t.part === p).map(creditTermText).join('，')
  return [
    `贡献分 ${c.contribution}/${CREDIT_PART_MAX.contribution}：${part('contribution')}`,
    `诚信分 ${c.integrity}/${CREDIT_PART_MAX.integrity}：${part('integrity')}`,
    `总分 ${c.score}，等级「${creditLevelName(c.level)}」（${LEVEL_STEPS}）`,
  ]
}
