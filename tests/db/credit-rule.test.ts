import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import postgres from 'postgres'
import { CREDIT_LEVELS, CREDIT_PART_MAX, CREDIT_RULE } from '../../core/beans/credit'
import { postgresDatabase } from '../helpers/db'

// core/beans/credit.ts repeats the credit rule's constants only to put the database's terms into words and to draw
// the page; app.credit_terms alone computes points. This holds the two together: change the SQL, and this fails
// until the words say the same.

interface Credit {
  score: number
  level: number
  contribution: number
  integrity: number
  terms: { key: string; points: number; inputs: Record<string, number> }[]
}

describe('the credit rule in words matches the rule the database applies', () => {
  let sql: ReturnType<typeof postgres>
  let close: () => Promise<void>
  beforeAll(async () => {
    const d = await postgresDatabase('credit_rule')
    sql = postgres(d.url, { max: 1, onnotice: () => {} })
    close = () => d.gateway.close()
  })
  afterAll(async () => {
    await sql?.end()
    await close?.()
  })

  const terms = async (beans: number, hours: number, noShows: number, late: number, rating: number | null): Promise<Credit> =>
    (await sql`select app.credit_terms(${beans}::numeric, ${hours}::numeric, ${noShows}::bigint, ${late}::bigint, ${rating}::numeric) as r`)[0].r
  const points = (c: Credit, key: string) => c.terms.find((t) => t.key === key)?.points

  it('each term counts what the words say', async () => {
    const R = CREDIT_RULE
    const c = await terms(3 * R.beansPerPoint + R.beansPerPoint - 1, 4, 1, 1, R.ratingNeutral + 1)
    expect(points(c, 'beans')).toBe(3)
    expect(points(c, 'hours')).toBe(4 * R.pointsPerHour)
    expect(points(c, 'no_shows')).toBe(-R.noShowPoints)
    expect(points(c, 'late_cancels')).toBe(-R.lateCancelPoints)
    expect(points(c, 'rating')).toBe(R.pointsPerStar)
    expect(points(await terms(0, 0, 0, 0, R.ratingNeutral), 'rating')).toBe(0)
  })

  it('each part is capped where the page draws its bar', async () => {
    const rich = await terms(10_000, 1_000, 0, 0, 5)
    expect(rich.contribution).toBe(CREDIT_PART_MAX.contribution)
    expect(rich.integrity).toBe(CREDIT_PART_MAX.integrity)
    expect(points(rich, 'integrity_base')).toBe(CREDIT_PART_MAX.integrity)
    expect(rich.terms.find((t) => t.key === 'contribution_cap')?.inputs.max).toBe(CREDIT_PART_MAX.contribution)
    expect(rich.terms.find((t) => t.key === 'integrity_bounds')?.inputs.max).toBe(CREDIT_PART_MAX.integrity)
  })

  it('each level starts at the score the page names', async () => {
    // a score s: contribution from beans, the rest of 40 taken away by the rating (2 points per star)
    const scoreOf = (s: number) => {
      const contribution = Math.max(0, s - CREDIT_PART_MAX.integrity)
      const below = CREDIT_PART_MAX.integrity - (s - contribution)
      return terms(contribution * CREDIT_RULE.beansPerPoint, 0, 0, 0, CREDIT_RULE.ratingNeutral - below / CREDIT_RULE.pointsPerStar)
    }
    for (const l of CREDIT_LEVELS.filter((x) => x.min > 0)) {
      const at = await scoreOf(l.min)
      expect([at.score, at.level]).toEqual([l.min, l.level])
      const below = await scoreOf(l.min - 1)
      expect([below.score, below.level]).toEqual([l.min - 1, l.level - 1])
    }
  })

  it(`every input counts the last ${CREDIT_RULE.months} months`, async () => {
    const [{ src }] = await sql`select string_agg(p.prosrc, ' ') as src from pg_proc p join pg_namespace s on s.oid = p.pronamespace
      where s.nspname = 'app' and p.proname = 'credit'`
    const windows = [...String(src).matchAll(/interval '(\d+) months'/g)].map((m) => Number(m[1]))
    expect(windows.length).toBeGreaterThanOrEqual(5)
    expect(new Set(windows)).toEqual(new Set([CREDIT_RULE.months]))
  })
})
