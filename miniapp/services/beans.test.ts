import { beforeEach, describe, expect, it, vi } from 'vitest'
import { COMMUNITY_A, ME, REDEMPTION_ID, REWARD_ID, credit, movement, redeemed, redemption, reward, verified } from '../packageBeans/testing/fixtures'
import { ok, resetSignedIn, sent } from '../testing/requests'
import { Taro } from '../testing/taroMock'
import {
  awardBeans,
  cancelRedemption,
  createReward,
  getBeansReport,
  findReward,
  getHonourRoll,
  getMyBeans,
  getMyCredit,
  listMyRedemptions,
  listRewards,
  newIdempotencyKey,
  redeemReward,
  verifyRedemption,
} from './beans'

vi.mock('@tarojs/taro', async () => (await import('../testing/taroMock')).taroModule)

beforeEach(resetSignedIn)

describe('services/beans', () => {
  it('getMyBeans pages with the cursor and validates the response', async () => {
    ok({ balance: 70, movements: [movement()], nextCursor: 'WzEyXQ' })
    const page = await getMyBeans()
    expect(page).toEqual({ balance: 70, movements: [movement()], nextCursor: 'WzEyXQ' })
    expect(sent()).toMatchObject({ url: '/api/beans/me?limit=20', method: 'GET' })
    await getMyBeans({ cursor: 'WzEyXQ', limit: 5 })
    expect(sent(1).url).toBe('/api/beans/me?cursor=WzEyXQ&limit=5')
    await expect(getMyBeans({ cursor: 'a=b' })).rejects.toMatchObject({ status: 400, field: 'cursor', message: '分页参数不正确' })
    await expect(getMyBeans({ limit: 51 })).rejects.toMatchObject({ status: 400, field: 'limit', message: '每页最多 50 条' })
    expect(Taro.request).toHaveBeenCalledTimes(2)
    ok({ balance: 'seventy', movements: [], nextCursor: null })
    await expect(getMyBeans()).rejects.toMatchObject({ code: 'bad_response' })
  })

  it('awardBeans checks amount and reason before sending', async () => {
    await expect(awardBeans({ profileId: ME, amount: 0, reason: '帮忙' })).rejects.toMatchObject({ status: 400, field: 'amount', message: '至少发放 1 个金豆' })
    await expect(awardBeans({ profileId: ME, amount: 5, reason: ' ' })).rejects.toMatchObject({ field: 'reason' })
    await expect(awardBeans({ profileId: 'nobody', amount: 5, reason: '帮忙搬运' })).rejects.toMatchObject({ field: 'profileId' })
    expect(Taro.request).not.toHaveBeenCalled()
    ok({ transferId: REDEMPTION_ID, amount: 100, balance: 100 }, 201)
    await awardBeans({ profileId: ME, amount: 100, reason: ' 帮忙搬运 ' })
    expect(sent()).toMatchObject({ url: '/api/beans/award', method: 'POST', data: { profileId: ME, amount: 100, reason: '帮忙搬运' } })
    expect(sent().header['Idempotency-Key']).toBeUndefined()
    await awardBeans({ profileId: ME, amount: 100, reason: '帮忙搬运' }, 'award-key-0001')
    expect(sent(1).header['Idempotency-Key']).toBe('award-key-0001')
    await expect(awardBeans({ profileId: ME, amount: 100, reason: '帮忙搬运' }, 'bad key')).rejects.toMatchObject({ field: 'Idempotency-Key' })
    expect(Taro.request).toHaveBeenCalledTimes(2)
  })

  it('rewards: list in a community, create with the contract', async () => {
    ok({ items: [reward()], nextCursor: 'c1' })
    expect(await listRewards()).toEqual({ items: [reward()], nextCursor: 'c1' })
    expect(sent().url).toBe('/api/rewards')
    await listRewards(COMMUNITY_A, 'c1')
    expect(sent(1).url).toBe(`/api/rewards?communityId=${COMMUNITY_A}&cursor=c1`)
    await expect(listRewards(undefined, 'not a cursor')).rejects.toMatchObject({ status: 400, field: 'cursor' })
    Taro.request.mockClear()
    await expect(createReward({ title: '理发', priceBeans: 0, stock: 5 })).rejects.toMatchObject({ field: 'priceBeans', message: '至少需要 1 个金豆' })
    expect(Taro.request).not.toHaveBeenCalled()
    ok(reward(), 201)
    await createReward({ title: '免费理发', priceBeans: 30, stock: 5, perPersonLimit: { count: 1, period: 'month' } })
    expect(sent()).toMatchObject({ url: '/api/rewards', method: 'POST', data: { title: '免费理发', priceBeans: 30, stock: 5, perPersonLimit: { count: 1, period: 'month' } } })
  })

  it('findReward pages through the catalogue until it finds the id', async () => {
    Taro.request
      .mockResolvedValueOnce({ statusCode: 200, data: { items: [reward({ id: REDEMPTION_ID })], nextCursor: 'c1' } })
      .mockResolvedValueOnce({ statusCode: 200, data: { items: [reward()], nextCursor: null } })
    expect((await findReward(REWARD_ID))?.id).toBe(REWARD_ID)
    expect(sent(1).url).toBe('/api/rewards?cursor=c1')
    Taro.request.mockReset()
    ok({ items: [reward()], nextCursor: null })
    expect(await findReward(REDEMPTION_ID)).toBeNull()
  })

  it('redeemReward sends the Idempotency-Key header and returns the code and QR', async () => {
    ok(redeemed(), 201)
    const key = newIdempotencyKey()
    const r = await redeemReward(REWARD_ID, key)
    expect(r).toMatchObject({ code: '123456', qrSvg: expect.stringContaining('<svg') })
    expect(sent()).toMatchObject({ url: `/api/rewards/${REWARD_ID}/redeem`, method: 'POST' })
    expect(sent().header['Idempotency-Key']).toBe(key)
    expect(sent().header.Authorization).toBe('Bearer tok')
    await expect(redeemReward(REWARD_ID, 'short')).rejects.toMatchObject({ status: 400 })
    await expect(redeemReward('x', key)).rejects.toMatchObject({ status: 400, field: 'id' })
    expect(Taro.request).toHaveBeenCalledTimes(1)
  })

  it('newIdempotencyKey: 8..100 visible ASCII characters, a new one each time', () => {
    const keys = new Set(Array.from({ length: 50 }, () => newIdempotencyKey()))
    expect(keys.size).toBe(50)
    for (const k of keys) expect(k).toMatch(/^[\x21-\x7e]{8,100}$/)
  })

  it('a server error keeps its Chinese message (金豆余额不足)', async () => {
    ok({ error: { code: 'bean.insufficient', message: '金豆余额不足' } }, 409)
    await expect(redeemReward(REWARD_ID, newIdempotencyKey())).rejects.toMatchObject({ status: 409, code: 'bean.insufficient', message: '金豆余额不足' })
  })

  it('redemptions: mine, verify (code checked locally), cancel', async () => {
    ok({ items: [redemption()], nextCursor: 'c1' })
    expect(await listMyRedemptions()).toEqual({ items: [redemption()], nextCursor: 'c1' })
    expect(sent().url).toBe('/api/redemptions')
    await listMyRedemptions('c1')
    expect(sent(1).url).toBe('/api/redemptions?cursor=c1')
    ok({ items: [redemption()] })
    await expect(listMyRedemptions()).rejects.toMatchObject({ code: 'bad_response' })
    Taro.request.mockClear()
    await expect(verifyRedemption('12345')).rejects.toMatchObject({ field: 'code', message: '请输入 6 位数字兑换码' })
    expect(Taro.request).not.toHaveBeenCalled()
    ok(verified())
    expect((await verifyRedemption(' 123456 ')).holderName).toBe('周师傅')
    expect(sent()).toMatchObject({ url: '/api/redemptions/verify', method: 'POST', data: { code: '123456' } })
    Taro.request.mockClear()
    ok(redemption({ status: 'cancelled' }))
    expect((await cancelRedemption(REDEMPTION_ID)).status).toBe('cancelled')
    expect(sent()).toMatchObject({ url: `/api/redemptions/${REDEMPTION_ID}/cancel`, method: 'POST' })
  })

  it('credit, monthly report and honour roll', async () => {
    ok(credit())
    expect((await getMyCredit()).levelName).toBe('优秀')
    expect(sent().url).toBe('/api/credit/me')
    Taro.request.mockClear()
    await expect(getBeansReport(COMMUNITY_A, '2024-13')).rejects.toMatchObject({ field: 'month', message: '月份格式应为 YYYY-MM' })
    ok({ communityId: COMMUNITY_A, month: '2024-11', issued: 100, redeemed: 30, refunded: 0, outstanding: 70, inEscrow: 30 })
    expect((await getBeansReport(COMMUNITY_A, '2024-11')).issued).toBe(100)
    expect(sent().url).toBe(`/api/beans/report?communityId=${COMMUNITY_A}&month=2024-11`)
    ok({ items: [{ displayName: '周师傅', beans: 100 }], nextCursor: null })
    expect(await getHonourRoll(COMMUNITY_A, '2024-11')).toEqual({ items: [{ displayName: '周师傅', beans: 100 }], nextCursor: null })
    expect(sent(1).url).toBe(`/api/beans/honour-roll?communityId=${COMMUNITY_A}&month=2024-11`)
    await getHonourRoll(COMMUNITY_A, '2024-11', { cursor: 'c1', limit: 10 })
    expect(sent(2).url).toBe(`/api/beans/honour-roll?communityId=${COMMUNITY_A}&month=2024-11&cursor=c1&limit=10`)
  })
})
