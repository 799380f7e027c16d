import { describe, expect, it } from 'vitest'
import type { CreditTerm } from '../contracts/beans'
import { creditLevelName, creditTermText, explainCredit } from './credit'

// The terms as app.credit_terms returns them for 125 beans, 3.5 hours, 1 no-show and an average rating of 2.75.
const terms: CreditTerm[] = [
  { key: 'beans', part: 'contribution', inputs: { beans: 125 }, points: 12 },
  { key: 'hours', part: 'contribution', inputs: { hours: 3.5 }, points: 7 },
  { key: 'integrity_base', part: 'integrity', inputs: {}, points: 40 },
  { key: 'no_shows', part: 'integrity', inputs: { count: 1 }, points: -8 },
  { key: 'late_cancels', part: 'integrity', inputs: { count: 0 }, points: 0 },
  { key: 'rating', part: 'integrity', inputs: { avgRating: 2.75 }, points: -1 },
]

describe('community credit in words (the database computes it)', () => {
  it('says each term with the points the database gave it, never its own', () => {
    expect(creditTermText(terms[0])).toBe('近 12 个月获得 125 个金豆（每 10 个计 1 分）+12 分')
    expect(creditTermText(terms[3])).toBe('未到岗 1 次（每次扣 8 分）−8 分')
    // 2.75 stars: the database rounds (2.75 - 3) × 2 = -0.5 away from zero, to -1; the text shows that −1
    expect(creditTermText(terms[5])).toBe('收到的服务评价平均 2.75 星（比 3 星每高或低 1 星，加或减 2 分）−1 分')
    expect(creditTermText({ key: 'contribution_cap', part: 'contribution', inputs: { max: 60 }, points: -30 })).toBe('超出上限 60 分的部分不计 −30 分')
  })
  it('explains each part and the total from the figures it is given', () => {
    const lines = explainCredit({ score: 50, level: 2, contribution: 19, integrity: 31, terms })
    expect(lines[0]).toBe('贡献分 19/60：近 12 个月获得 125 个金豆（每 10 个计 1 分）+12 分，服务 3.5 小时（每小时计 2 分）+7 分')
    expect(lines[1]).toMatch(/^诚信分 31\/40：基础分 \+40 分，未到岗 1 次/)
    expect(lines[2]).toBe('总分 50，等级「良好」（40 分良好，60 分优秀，80 分模范）')
  })
  it('names levels', () => {
    expect([1, 2, 3, 4].map(creditLevelName)).toEqual(['起步', '良好', '优秀', '模范'])
  })
})
