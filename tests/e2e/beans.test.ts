import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { IDS } from '../helpers/db'
import { SHOTS, visible } from '../helpers/browser'
import { elderShots, useH5App } from '../helpers/flows'

// Issue 6 end to end, in the H5 build against the real API on a real Postgres:
// staff1 awards talent1 100 beans and unit1 publishes a reward (30 beans, stock 5) → talent1 redeems it on 兑换
// and reads the pickup code on 我的兑换 → unit1 verifies the code on 核销 → talent1's 金豆 page shows 70 with
// +100 and −30 in the history. Needs `npm run build:h5` first.

const REWARD_TITLE = '红星物业免费理发'
const ROUTE = {
  beans: '/#/packageBeans/pages/beans/index',
  rewards: '/#/packageBeans/pages/rewards/index',
  redemptions: '/#/packageBeans/pages/redemptions/index',
  verify: '/#/packageBeans/pages/verify/index',
  credit: '/#/packageBeans/pages/credit/index',
  createReward: '/#/packageBeans/pages/reward-create/index',
  award: '/#/packageBeans/pages/award/index',
}

describe('golden beans in the H5 build: award → redeem → verify → balance and history', () => {
  const h5 = useH5App('e2e_beans')
  let rewardId = ''
  let talentPage: Page
  let code = ''

  beforeAll(async () => {
    // Arrange through the API: talent1 starts with no beans, staff1 awards 100, unit1 publishes a reward.
    const talent = await h5.api.login('talent1')
    const staff = await h5.api.login('staff1')
    const unit = await h5.api.login('unit1')
    const before = await h5.api.call('GET', '/api/beans/me', { token: talent })
    expect(before.status, JSON.stringify(before.body)).toBe(200)
    expect(before.body.balance).toBe(0)
    const award = await h5.api.call('POST', '/api/beans/award', {
      token: staff,
      body: { profileId: IDS.talent1, amount: 100, reason: '协助社区搬运防汛物资' },
    })
    expect(award.status, JSON.stringify(award.body)).toBe(201)
    expect(award.body.balance).toBe(100)
    const reward = await h5.api.call('POST', '/api/rewards', {
      token: unit,
      body: { title: REWARD_TITLE, description: '每周三下午在物业活动室', priceBeans: 30, stock: 5, perPersonLimit: { count: 1, period: 'month' } },
    })
    expect(reward.status, JSON.stringify(reward.body)).toBe(201)
    rewardId = reward.body.id
  })

  it('talent1 redeems the reward on 兑换 after confirming, and reads the code on 我的兑换', async () => {
    expect(rewardId).not.toBe('')
    talentPage = await h5.as('talent1')
    const page = talentPage
    await h5.open(page, ROUTE.rewards, '.rewards-page')
    await expect.poll(() => page.locator(visible('.rewards-balance')).innerText(), { timeout: 20_000 }).toBe('100')

    const item = page.locator(visible('.reward-item'), { hasText: REWARD_TITLE })
    await item.waitFor({ timeout: 20_000 })
    expect(await item.locator('.reward-cost').innerText()).toBe('30 金豆')
    expect(await item.locator('.reward-left').innerText()).toBe('5 份')
    expect(await item.locator('.reward-limit').innerText()).toBe('每月每人限 1 次')
    expect(await item.locator('.reward-provider').innerText()).toBe('红星物业')
    await page.screenshot({ path: path.join(SHOTS, 'e2e-beans-rewards.png'), fullPage: true })

    await item.locator('.reward-redeem').click()
    const dialog = page.locator(visible('.redeem-dialog'))
    await dialog.waitFor({ timeout: 10_000 })
    expect(await dialog.locator('.redeem-after').innerText()).toBe('您现有 100 个，兑换后剩余 70 个')
    await page.screenshot({ path: path.join(SHOTS, 'e2e-beans-confirm.png') })
    await dialog.locator('.redeem-confirm').click()

    const shown = page.locator(visible('.redeem-success .redeem-code'))
    await shown.waitFor({ timeout: 20_000 })
    code = (await shown.innerText()).trim()
    expect(code).toMatch(/^\d{6}$/)
    await expect.poll(() => page.locator(visible('.rewards-balance')).innerText(), { timeout: 20_000 }).toBe('70')
    await page.screenshot({ path: path.join(SHOTS, 'e2e-beans-redeemed.png') })

    await page.locator(visible('.redeem-view')).click()
    await page.waitForURL(/packageBeans\/pages\/redemptions/, { timeout: 20_000 })
    await page.locator(visible('.redemptions-page')).waitFor({ timeout: 20_000 })
    const mine = page.locator(visible('.redemption-item'), { hasText: REWARD_TITLE })
    await mine.waitFor({ timeout: 20_000 })
    expect(await mine.locator('.redemption-status').innerText()).toBe('待核销')
    expect((await mine.locator('.redemption-code').innerText()).trim()).toBe(code)
    // the QR drawn by the server, shown as an SVG data URL, really renders
    const qr = mine.locator('.redemption-qr img')
    await qr.waitFor({ timeout: 10_000 })
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml;base64,/)
    await expect.poll(() => qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0), { timeout: 10_000 }).toBe(true)
    expect(await mine.locator('.redemption-cancel').count()).toBe(1)
    await page.screenshot({ path: path.join(SHOTS, 'e2e-beans-my-redemptions.png'), fullPage: true })
  })

  it('unit1 verifies the code on 核销 and sees who redeemed what', async () => {
    expect(code).toMatch(/^\d{6}$/)
    const page = await h5.as('unit1')
    await h5.open(page, ROUTE.verify, '.verify-page')

    // a wrong code first: the message sits next to the field
    const wrong = code === '000000' ? '000001' : '000000'
    await page.locator(visible('.verify-code input')).fill(wrong)
    await page.locator(visible('.verify-submit')).click()
    const fieldError = page.locator(visible('.field-error-code'))
    await fieldError.waitFor({ timeout: 20_000 })
    expect(await fieldError.innerText()).toBe('兑换码无效或已核销')

    await page.locator(visible('.verify-code input')).fill(code)
    await page.locator(visible('.verify-submit')).click()
    const result = page.locator(visible('.verify-result'))
    await result.waitFor({ timeout: 20_000 })
    expect(await result.locator('.verify-holder').innerText()).toBe('周师傅')
    expect(await result.locator('.verify-reward').innerText()).toBe(REWARD_TITLE)
    expect(await page.locator(visible('.field-error-code')).count()).toBe(0)
    await page.screenshot({ path: path.join(SHOTS, 'e2e-beans-verified.png'), fullPage: true })

    // the database agrees: verified, and the stock stays one lower
    const talent = await h5.api.login('talent1')
    const mine = await h5.api.call('GET', '/api/redemptions', { token: talent })
    expect(mine.status).toBe(200)
    const r = mine.body.items.find((x: { rewardId: string }) => x.rewardId === rewardId)
    expect(r).toMatchObject({ status: 'verified', priceBeans: 30, rewardTitle: REWARD_TITLE })
    expect(r.verifiedAt).not.toBeNull()
    const list = await h5.api.call('GET', '/api/rewards', { token: talent })
    expect(list.body.items.find((x: { id: string }) => x.id === rewardId).stock).toBe(4)
  })

  it('talent1\'s 金豆 page shows 70, with +100 and −30 in the history; 我的兑换 shows it verified', async () => {
    expect(talentPage).toBeDefined()
    const page = talentPage
    await h5.open(page, ROUTE.beans, '.beans-page')
    await expect.poll(() => page.locator(visible('.beans-balance')).innerText(), { timeout: 20_000 }).toBe('70')
    const rows = page.locator(visible('.beans-item'))
    await expect.poll(() => rows.count(), { timeout: 20_000 }).toBe(2)
    // newest first
    expect(await rows.nth(0).locator('.beans-amount').innerText()).toBe('−30')
    expect(await rows.nth(0).locator('.beans-kind').innerText()).toBe('兑换')
    expect(await rows.nth(0).locator('.beans-after').innerText()).toBe('余额 70')
    expect(await rows.nth(1).locator('.beans-amount').innerText()).toBe('+100')
    expect(await rows.nth(1).locator('.beans-kind').innerText()).toBe('社区奖励')
    expect(await rows.nth(1).locator('.beans-reason').innerText()).toBe('协助社区搬运防汛物资')
    expect(await page.locator(visible('.beans-more')).count()).toBe(0)
    await page.screenshot({ path: path.join(SHOTS, 'e2e-beans-balance.png'), fullPage: true })

    await h5.open(page, ROUTE.redemptions, '.redemptions-page')
    const mine = page.locator(visible('.redemption-item'), { hasText: REWARD_TITLE })
    await expect.poll(() => mine.locator('.redemption-status').innerText(), { timeout: 20_000 }).toBe('已核销')
    expect(await mine.locator('.redemption-code').count()).toBe(0)

    const talent = await h5.api.login('talent1')
    const me = await h5.api.call('GET', '/api/beans/me', { token: talent })
    expect(me.body.balance).toBe(70)
    expect(me.body.movements.map((m: { amount: number }) => m.amount)).toEqual([-30, 100])

    // 信用: the 100 beans earned count towards contribution (1 point per 10)
    await h5.open(page, ROUTE.credit, '.credit-page')
    const credit = await h5.api.call('GET', '/api/credit/me', { token: talent })
    expect(credit.status).toBe(200)
    await expect.poll(() => page.locator(visible('.credit-score')).innerText(), { timeout: 20_000 }).toBe(String(credit.body.score))
    expect(await page.locator(visible('.credit-level')).innerText()).toBe(credit.body.levelName)
    expect(await page.locator(visible('.credit-explanation')).innerText()).toContain('获得 100 个金豆')
    await page.screenshot({ path: path.join(SHOTS, 'e2e-beans-credit.png'), fullPage: true })
  })

  it('unit1 publishes a reward with the 发布兑换 form; a missing price is caught first', async () => {
    const page = await h5.as('unit1')
    await h5.open(page, ROUTE.createReward, '.reward-create-page')
    await page.locator(visible('.reward-title input')).fill('家电上门维修一次')
    await page.locator(visible('.reward-stock input')).fill('3')
    await page.locator(visible('.reward-submit')).click()
    const priceError = page.locator(visible('.field-error-priceBeans'))
    await priceError.waitFor({ timeout: 10_000 })
    expect(await priceError.innerText()).toBe('所需金豆必须是数字')
    await page.locator(visible('.reward-price input')).fill('50')
    await page.locator(visible('.reward-limit-once')).click()
    await page.locator(visible('.reward-valid-30')).click()
    await page.screenshot({ path: path.join(SHOTS, 'e2e-beans-reward-form.png'), fullPage: true })
    await page.locator(visible('.reward-submit')).click()
    await page.waitForURL(/packageBeans\/pages\/rewards/, { timeout: 20_000 })
    await page.locator(visible('.reward-item'), { hasText: '家电上门维修一次' }).waitFor({ timeout: 20_000 })

    const unit = await h5.api.login('unit1')
    const list = await h5.api.call('GET', '/api/rewards', { token: unit })
    const created = list.body.items.find((r: { title: string }) => r.title === '家电上门维修一次')
    expect(created).toMatchObject({ priceBeans: 50, stock: 3, perPersonLimit: 1, limitPeriod: 'once', providerId: IDS.unit1 })
    expect(created.validUntil).not.toBeNull()
  })

  it('staff1 awards beans on 发放金豆 after a confirmation that names the person and the amount', async () => {
    const page = await h5.as('staff1')
    await h5.open(page, ROUTE.award, '.award-page')
    await page.locator(visible('.award-person .person-picker-search input')).fill('周')
    await page.locator(visible('.award-person .person-picker-row'), { hasText: '周师傅' }).click({ timeout: 20_000 })
    await page.locator(visible('.award-amount input')).fill('10')
    await page.locator(visible('.award-reason textarea')).fill('帮助邻居修理水管')
    await page.locator(visible('.award-submit')).click()
    const modal = page.locator('.taro-modal__content', { hasText: '确认给 周师傅 发放 10 金豆？' })
    await modal.waitFor({ timeout: 20_000 })
    await page.screenshot({ path: path.join(SHOTS, 'e2e-beans-award-confirm.png') })
    await page.locator('.taro-model__confirm').click()
    await page.locator(visible('.award-result')).waitFor({ timeout: 20_000 })
    expect(await page.locator(visible('.award-result')).innerText()).toContain('已发放 10 个金豆')

    const talent = await h5.api.login('talent1')
    const me = await h5.api.call('GET', '/api/beans/me', { token: talent })
    expect(me.body.movements[0]).toMatchObject({ amount: 10, reason: '帮助邻居修理水管' })
  })

  it('长辈版: 金豆, 兑换, 我的兑换, 信用, 核销, 发放金豆 and 发布兑换 fit 375 px', async () => {
    await elderShots(h5, 'talent1', [
      { route: ROUTE.beans, pageClass: 'beans-page', shot: 'beans' },
      { route: ROUTE.rewards, pageClass: 'rewards-page', shot: 'rewards' },
      { route: ROUTE.redemptions, pageClass: 'redemptions-page', shot: 'redemptions' },
      { route: ROUTE.credit, pageClass: 'credit-page', shot: 'credit' },
    ])
    await elderShots(h5, 'unit1', [
      { route: ROUTE.verify, pageClass: 'verify-page', shot: 'verify' },
      { route: ROUTE.createReward, pageClass: 'reward-create-page', shot: 'reward-create' },
    ])
    await elderShots(h5, 'staff1', [{ route: ROUTE.award, pageClass: 'award-page', shot: 'award' }])
  })
})
