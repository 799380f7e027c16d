import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ZBeansMeResponse, ZCredit, ZRedeemResponse, ZReward } from '../../core/contracts/beans'
import { IDS } from '../helpers/db'
import { TEST_CRON_SECRET, startTestApi, type TestApi } from '../helpers/api'

describe('beans, rewards and credit over HTTP', () => {
  let api: TestApi
  const t: Record<string, string> = {}
  beforeAll(async () => {
    api = await startTestApi('beans_api')
    for (const h of ['resident1', 'resident2', 'staff1', 'unit1', 'admin1']) t[h] = await api.login(h)
  })
  afterAll(async () => {
    await api?.close()
  })

  it('POST /api/beans/award (staff) → GET /api/beans/me shows balance and paginated movements', async () => {
    for (let i = 0; i < 3; i++) {
      const r = await api.call('POST', '/api/beans/award', { token: t.staff1, body: { profileId: IDS.resident1, amount: 20, reason: `楼道清扫 ${i}` } })
      expect(r.status).toBe(201)
    }
    const key = { 'Idempotency-Key': 'award-retry-0001' }
    const a = await api.call('POST', '/api/beans/award', { token: t.staff1, headers: key, body: { profileId: IDS.resident1, amount: 5, reason: '重试测试' } })
    const b = await api.call('POST', '/api/beans/award', { token: t.staff1, headers: key, body: { profileId: IDS.resident1, amount: 5, reason: '重试测试' } })
    expect(b.body.transferId).toBe(a.body.transferId)
    const p1 = ZBeansMeResponse.parse((await api.call('GET', '/api/beans/me?limit=2', { token: t.resident1 })).body)
    expect(p1.balance).toBe(65)
    expect(p1.movements).toHaveLength(2)
    expect(p1.nextCursor).not.toBeNull()
    const p2 = ZBeansMeResponse.parse((await api.call('GET', `/api/beans/me?limit=2&cursor=${p1.nextCursor}`, { token: t.resident1 })).body)
    expect(p2.movements).toHaveLength(2)
    expect(p2.nextCursor).toBeNull()
    expect(p1.movements[0].id).toBeGreaterThan(p2.movements[0].id)
    expect((await api.call('POST', '/api/beans/award', { token: t.resident2, body: { profileId: IDS.resident1, amount: 5, reason: '我也发' } })).status).toBe(403)
    for (const [body, field] of [[{ profileId: IDS.resident1, amount: 0, reason: '测试' }, 'amount'], [{ profileId: IDS.resident1, amount: 1.5, reason: '测试' }, 'amount'],
      [{ profileId: 'x', amount: 1, reason: '测试' }, 'profileId'], [{ profileId: IDS.resident1, amount: 1 }, 'reason']] as const) {
      expect((await api.call('POST', '/api/beans/award', { token: t.staff1, body })).body.error.field).toBe(field)
    }
  })

  it('rewards: unit publishes → resident redeems with Idempotency-Key → code + QR → unit verifies', async () => {
    const created = await api.call('POST', '/api/rewards', { token: t.unit1, body: { title: '家电清洗', priceBeans: 40, stock: 3, perPersonLimit: { count: 1, period: 'week' } } })
    expect(created.status).toBe(201)
    const reward = ZReward.parse(created.body)
    expect((await api.call('POST', '/api/rewards', { token: t.resident1, body: { title: '家电清洗', priceBeans: 40, stock: 3 } })).status).toBe(403)
    expect((await api.call('POST', '/api/rewards', { token: t.unit1, body: { title: '家电清洗', priceBeans: 0, stock: 3 } })).body.error.field).toBe('priceBeans')
    const listed = await api.call('GET', `/api/rewards?communityId=${IDS.communityA}`, { token: t.resident1 })
    expect(listed.body.items.map((r: { id: string }) => r.id)).toContain(reward.id)

    const noKey = await api.call('POST', `/api/rewards/${reward.id}/redeem`, { token: t.resident1 })
    expect(noKey.status).toBe(400)
    expect(noKey.body.error.field).toBe('Idempotency-Key')
    const headers = { 'Idempotency-Key': 'redeem-0001-abcd' }
    const r1 = await api.call('POST', `/api/rewards/${reward.id}/redeem`, { token: t.resident1, headers })
    expect(r1.status).toBe(201)
    const red = ZRedeemResponse.parse(r1.body)
    expect(red.code).toMatch(/^\d{6}$/)
    expect(red.qrSvg).toMatch(/^<svg/)
    const r2 = await api.call('POST', `/api/rewards/${reward.id}/redeem`, { token: t.resident1, headers })
    expect(r2.body.id).toBe(red.id)
    expect((await api.call('GET', '/api/beans/me', { token: t.resident1 })).body.balance).toBe(25)
    const limit = await api.call('POST', `/api/rewards/${reward.id}/redeem`, { token: t.resident1, headers: { 'Idempotency-Key': 'redeem-0002-abcd' } })
    expect(limit.status).toBe(409)
    expect(limit.body.error.message).toMatch(/上限/)

    expect((await api.call('POST', '/api/redemptions/verify', { token: t.unit1, body: { code: '12ab' } })).body.error.field).toBe('code')
    expect((await api.call('POST', '/api/redemptions/verify', { token: t.resident2, body: { code: red.code } })).status).toBe(404)
    const v = await api.call('POST', '/api/redemptions/verify', { token: t.unit1, body: { code: red.code } })
    expect(v.status).toBe(200)
    expect(v.body).toMatchObject({ status: 'verified', holderName: '张阿姨' })
    expect((await api.call('POST', `/api/redemptions/${red.id}/cancel`, { token: t.resident1 })).status).toBe(409)
    const mine = await api.call('GET', '/api/redemptions', { token: t.resident1 })
    expect(mine.body.items[0]).toMatchObject({ id: red.id, status: 'verified' })
  })

  it('cancel refunds; the cron expires old reservations; GET /api/credit/me explains the score', async () => {
    const reward = ZReward.parse((await api.call('POST', '/api/rewards', { token: t.staff1, body: { title: '社区食堂餐券', priceBeans: 10, stock: 5 } })).body)
    await api.call('POST', '/api/beans/award', { token: t.admin1, body: { profileId: IDS.resident2, amount: 30, reason: '志愿活动' } })
    const a = (await api.call('POST', `/api/rewards/${reward.id}/redeem`, { token: t.resident2, headers: { 'Idempotency-Key': 'meal-0001-abcd' } })).body
    const c = await api.call('POST', `/api/redemptions/${a.id}/cancel`, { token: t.resident2 })
    expect(c.body.status).toBe('cancelled')
    expect((await api.call('GET', '/api/beans/me', { token: t.resident2 })).body.balance).toBe(30)
    const b = (await api.call('POST', `/api/rewards/${reward.id}/redeem`, { token: t.resident2, headers: { 'Idempotency-Key': 'meal-0002-abcd' } })).body
    await api.sql(`update public.redemptions set expires_at = now() - interval '1 hour' where id = $1`, [b.id])
    const cron = await api.call('GET', '/api/cron/beans', { headers: { Authorization: `Bearer ${TEST_CRON_SECRET}` } })
    expect(cron.body).toEqual({ expired: 1 })
    expect((await api.call('GET', '/api/cron/beans')).status).toBe(401)
    // the shifts sweep runs under the service role too (forwarded with the cron secret, never a person's token)
    const sweep = await api.call('GET', '/api/cron/shifts', { headers: { Authorization: `Bearer ${TEST_CRON_SECRET}` } })
    expect(sweep.status).toBe(200)
    expect(sweep.body).toEqual({ noShows: expect.any(Number), checkoutReminders: expect.any(Number) })
    expect((await api.call('GET', '/api/cron/shifts', { token: t.staff1 })).status).toBe(401)
    expect((await api.call('GET', '/api/beans/me', { token: t.resident2 })).body.balance).toBe(30)
    const credit = ZCredit.parse((await api.call('GET', '/api/credit/me', { token: t.resident2 })).body)
    expect(credit).toMatchObject({ contribution: 3, integrity: 40, score: 43, levelName: '良好' })
    expect(credit.explanation[0]).toMatch(/贡献分 3\/60/)
  })

  it('GET /api/beans/report (staff) gives the month’s figures; bad month → 400', async () => {
    const month = new Date().toISOString().slice(0, 7)
    const r = await api.call('GET', `/api/beans/report?communityId=${IDS.communityA}&month=${month}`, { token: t.staff1 })
    expect(r.status).toBe(200)
    expect(r.body).toMatchObject({ month, redeemed: 40 })
    expect(r.body.issued).toBeGreaterThanOrEqual(95)
    expect((await api.call('GET', `/api/beans/report?communityId=${IDS.communityA}&month=2026-13`, { token: t.staff1 })).body.error.field).toBe('month')
    expect((await api.call('GET', `/api/beans/report?communityId=${IDS.communityA}&month=${month}`, { token: t.resident1 })).status).toBe(403)
  })
})
