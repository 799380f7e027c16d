/**
 * Community credit (社区信用), as the database computes it (app.credit): contribution 0..60 from beans earned
 * (1 point per 10) and hours served (2 points per hour) in the last 12 months, plus integrity 0..40 that starts
 * at 40 and loses 8 per no-show and 4 per late cancellation, ± 2 per star that ratings received differ from 3.
 */
export interface CreditInputs {
  beans12m: number
  hours12m: number
  noShows: number
  lateCancels: number
  avgRating: number | null
}

export const CREDIT_LEVELS = [
  { level: 1, min: 0, name: '起步' },
  { level: 2, min: 40, name: '良好' },
  { level: 3, min: 60, name: '优秀' },
  { level: 4, min: 80, name: '模范' },
] as const

export function computeCredit(i: CreditInputs) {
  const contribution = Math.min(60, Math.floor(i.beans12m / 10) + Math.floor(i.hours12m * 2))
  const rating = i.avgRating === null ? 0 : Math.round((i.avgRating - 3) * 2)
  const integrity = Math.max(0, Math.min(40, 40 - 8 * i.noShows - 4 * i.lateCancels + rating))
  const score = contribution + integrity
  const level = [...CREDIT_LEVELS].reverse().find((l) => score >= l.min)!
  return { score, level: level.level, levelName: level.name, contribution, integrity }
}

/** The lines the 信用 page shows, so a resident can see how their score is made. */
export function explainCredit(i: CreditInputs): string[] {
  const c = computeCredit(i)
  const lines = [
    `贡献分 ${c.contribution}/60：近 12 个月获得 ${i.beans12m} 个金豆（每 10 个计 1 分），服务 ${i.hours12m} 小时（每小时计 2 分）`,
    `诚信分 ${c.integrity}/40：满分 40，未到岗 ${i.noShows} 次（每次扣 8 分），临时取消 ${i.lateCancels} 次（每次扣 4 分）` +
      (i.avgRating === null ? '' : `，收到的服务评价平均 ${i.avgRating} 星`),
    `总分 ${c.score}，等级「${c.levelName}」（40 分良好，60 分优秀，80 分模范）`,
  ]
  return lines
}
