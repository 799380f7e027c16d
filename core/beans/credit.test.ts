import { describe, expect, it } from 'vitest'
import { computeCredit, explainCredit } from './credit'

const base = { beans12m: 0, hours12m: 0, noShows: 0, lateCancels: 0, avgRating: null }

describe('community credit', () => {
  it('a newcomer starts with full integrity: 40, 良好', () => {
    expect(computeCredit(base)).toEqual({ score: 40, level: 2, levelName: '良好', contribution: 0, integrity: 40 })
  })
  it('contribution counts beans and hours, capped at 60', () => {
    expect(computeCredit({ ...base, beans12m: 125, hours12m: 3.5 }).contribution).toBe(12 + 7)
    expect(computeCredit({ ...base, beans12m: 10000, hours12m: 100 }).contribution).toBe(60)
  })
  it('no-shows and late cancellations cost integrity, never below 0; ratings move it', () => {
    expect(computeCredit({ ...base, noShows: 2, lateCancels: 1 }).integrity).toBe(40 - 16 - 4)
    expect(computeCredit({ ...base, noShows: 9 }).integrity).toBe(0)
    expect(computeCredit({ ...base, noShows: 1, avgRating: 5 }).integrity).toBe(40 - 8 + 4)
    expect(computeCredit({ ...base, avgRating: 1 }).integrity).toBe(36)
  })
  it('levels at 40, 60, 80', () => {
    expect(computeCredit({ ...base, noShows: 1 }).levelName).toBe('起步')
    expect(computeCredit({ ...base, beans12m: 200 }).levelName).toBe('优秀')
    expect(computeCredit({ ...base, beans12m: 600 }).levelName).toBe('模范')
  })
  it('explains itself in Chinese', () => {
    const lines = explainCredit({ ...base, beans12m: 125, hours12m: 3.5, noShows: 1 })
    expect(lines[0]).toMatch(/贡献分 19\/60/)
    expect(lines[1]).toMatch(/诚信分 32\/40/)
    expect(lines[2]).toMatch(/总分 51/)
  })
})
