import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ZCredit, ZReward } from '../../core/contracts/beans'
import { IDS } from '../helpers/db'
import { startTestApi, type TestApi } from '../helpers/api'

// Issue 13 items 2b, 6 and 8 over HTTP on a real Postgres: the statuses, bodies and headers a client sees.
describe('golden beans integrity over HTTP', () => {
  let api: TestApi
  const t: Record<string, string> = {}
  beforeAll(async () => {
    api = await startTestApi('beans_integrity_api')
    for (const h of ['resident1', 'resident2', 'staff1', 'unit1', 'admin1', 'talent1']) t[h] = await api.login(h)
    // fund resident1 through the ledger, so the books stay balanced
    await api.sql(`select app.award('seed:integrity', 'award_manual', $1::uuid, $2::uuid, 1000, '测试充值', null, null)`, [IDS.resident1, IDS.communityA])
  })
  afterAll(async () => {
    await api?.close()
  })

  const newReward = async (price = 10) =>
    ZReward.parse((await api.call('POST', '/api/rewards', { token: t.unit1, body: { title: '家电清洗', priceBeans: price, stock: 100 } })).body)
  const redeem = (rewardId: string, key: string, token = t.resident1) =>
    api.call('POST', `/api/rewards/${rewardId}/redeem`, { token, headers: { 'Idempotency-Key': key } })

  it('POST /api/redemptions/verify: a provider guessing codes is stopped with 429 and Retry-After; others get 404', async () => {
    const r = await newReward()
    const red = (await redeem(r.id, 'verify-key-0001')).body
    // talent1 is neither the provider nor staff: the real code is a plain 404
    const notYours = await api.call('POST', '/api/redemptions/verify', { token: t.talent1, body: { code: red.code } })
    expect(notYours.status).toBe(404)
    expect(notYours.body.error).toMatchObject({ code: 'redemption.code_invalid', field: 'code' })
    const statuses: number[] = []
    for (let i = 0; i < 12; i++) {
      const guess = String((Number(red.code) + 1 + i) % 1_000_000).padStart(6, '0')
      const res = await api.call('POST', '/api/redemptions/verify', { token: t.unit1, body: { code: guess } })
      statuses.push(res.status)
      if (res.status === 429) {
        expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0)
        expect(res.body.error.code).toBe('attempt.too_many')
        expect(res.body.error.message).toMatch(/尝试次数过多，请 \d+ 秒后再试/)
      }
    }
    expect(statuses).toEqual([...Array(9).fill(404), 429, 429, 429])
    // locked: even the right code waits, and nothing was handed out
    expect((await api.call('POST', '/api/redemptions/verify', { token: t.unit1, body: { code: red.code } })).status).toBe(429)
    // staff of the reward's community, naming the reward, verify it
    const ok = await api.call('POST', '/api/redemptions/verify', { token: t.staff1, body: { code: red.code, rewardId: r.id } })
    expect(ok.status).toBe(200)
    expect(ok.body).toMatchObject({ id: red.id, status: 'verified', code: null })
  })

  it('the same Idempotency-Key: same request → the first answer (status and body); another request → 422', async () => {
    const a = await newReward()
    const b = await newReward()
    const first = await redeem(a.id, 'http-key-0001')
    expect(first.status).toBe(201)
    const again = await redeem(a.id, 'http-key-0001')
    expect({ status: again.status, body: again.body }).toEqual({ status: first.status, body: first.body })
    const reused = await redeem(b.id, 'http-key-0001')
    expect(reused.status).toBe(422)
    expect(reused.body.error).toMatchObject({ code: 'idempotency.key_reused', message: '这个请求编号已用于另一项操作，请刷新后重试' })

    const key = { 'Idempotency-Key': 'http-award-0001' }
    const award = (body: object) => api.call('POST', '/api/beans/award', { token: t.staff1, headers: key, body })
    const w1 = await award({ profileId: IDS.resident2, amount: 5, reason: '楼道清扫' })
    expect(w1.status).toBe(201)
    const w2 = await award({ profileId: IDS.resident2, amount: 5, reason: '  楼道清扫 ' })
    expect({ status: w2.status, body: w2.body }).toEqual({ status: 201, body: w1.body })
    const w3 = await award({ profileId: IDS.resident2, amount: 6, reason: '楼道清扫' })
    expect(w3.status).toBe(422)
    expect(w3.body.error.code).toBe('idempotency.key_reused')
  })

  it('20 parallel requests with one key: the same body → one effect and 20 identical answers; different bodies → one effect, 19 × 422', async () => {
    const r = await newReward(1)
    const same = await Promise.all(Array.from({ length: 20 }, () => redeem(r.id, 'http-parallel-0001')))
    expect(new Set(same.map((x) => x.status))).toEqual(new Set([201]))
    for (const x of same) expect(x.body).toEqual(same[0].body)

    const rewards = await Promise.all(Array.from({ length: 20 }, () => newReward(1)))
    const diff = await Promise.all(rewards.map((x) => redeem(x.id, 'http-parallel-0002')))
    expect(diff.filter((x) => x.status === 201)).toHaveLength(1)
    expect(diff.filter((x) => x.status === 422)).toHaveLength(19)
    const [{ n }] = await api.sql<{ n: number }>(`select count(*)::int as n from public.redemptions where profile_id = $1 and reward_id = any($2::uuid[])`,
      [IDS.resident1, [r.id, ...rewards.map((x) => x.id)]])
    expect(n).toBe(2)
  })

  it('GET /api/credit/me: an average rating of 2.75 scores 39, explained by terms whose points sum to the score', async () => {
    const [res] = await api.sql<{ id: string }>(`insert into public.resources (community_id, publisher_id, title, kind, categories, capacity, contact_name, contact_phone)
      values ($1, $2, '社区义诊', 'social', '{other}', 10, '李医生', '13800000001') returning id`, [IDS.communityA, IDS.talent1])
    for (const rating of [3, 3, 3, 2]) {
      const [n] = await api.sql<{ id: string }>(`insert into public.needs (community_id, micro_grid_id, title, description, category, created_by, submitted_by)
        values ($1, $2, '需要量血压', '老人需要定期量血压。', 'other', $3, $3) returning id`, [IDS.communityA, IDS.microA1, IDS.resident2])
      await api.sql(`insert into public.service_projects (community_id, need_id, resource_id, origin, status, unit_confirmed_at, community_confirmed_at, rating, created_by)
        values ($1, $2, $3, 'community_claim', 'evaluated', now(), now(), $4, $5)`, [IDS.communityA, n.id, res.id, rating, IDS.staff1])
    }
    const c = ZCredit.parse((await api.call('GET', '/api/credit/me', { token: t.talent1 })).body)
    expect(c.inputs.avgRating).toBe(2.75)
    expect(c.terms.reduce((s, x) => s + x.points, 0)).toBe(c.score)
    expect(c.terms.find((x) => x.key === 'rating')?.points).toBe(-1)
    expect(c.integrity).toBe(39)
    expect(c.explanation[1]).toMatch(/^诚信分 39\/40：/)
    expect(c.explanation[1]).toContain('平均 2.75 星（比 3 星每高或低 1 星，加或减 2 分）−1 分')
  })
})
