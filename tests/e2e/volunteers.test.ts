import path from 'node:path'
import gcoord from 'gcoord'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { haversineM } from '../../core/volunteers/rules'
import { SHOTS, visible } from '../helpers/browser'
import { useH5App } from '../helpers/flows'

// Issue 5 end to end, in the H5 build against the real API on a real Postgres, with a faked browser GPS:
// party1 opens 服务岗位, claims a slot running now, checks in and out on site (工作纪实) → staff1 confirms
// the shift → party1 sees the verified hour and the beans. And: 2 km away, check-in is refused with the
// distance. Needs `npm run build:h5` first.

// The post is stored in GCJ-02 (what WeChat uses). A browser reports WGS-84, so the fake GPS is the WGS-84
// point that the app's conversion turns back into the post's position.
const SITE_GCJ = { lat: 32.0416, lng: 118.7784 }
const [wgsLng, wgsLat] = gcoord.transform([SITE_GCJ.lng, SITE_GCJ.lat], gcoord.GCJ02, gcoord.WGS84) as [number, number]
const SITE_WGS = { latitude: wgsLat, longitude: wgsLng }
/** about 2 km north of the post */
const FAR_WGS = { latitude: wgsLat + 0.018, longitude: wgsLng }

const POST_TITLE = '社区健康义诊E2E'
const FAR_TITLE = '楼道环境整治E2E'
const NOTES = '为 30 位老人测量了血压，提醒 3 位复诊'
const iso = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString()

describe('volunteer flow in the H5 build: claim → check in → check out → confirm → hours', () => {
  const h5 = useH5App('e2e_volunteers')
  let postId = ''
  let shiftId = ''

  beforeAll(async () => {
    // The raw WGS-84 position is a few hundred metres off the post: only the conversion puts party1 on site.
    const rawOffset = haversineM(SITE_GCJ, { lat: SITE_WGS.latitude, lng: SITE_WGS.longitude })
    expect(rawOffset).toBeGreaterThan(300)

    const staff = await h5.api.login('staff1')
    const make = async (title: string, category: string) => {
      const r = await h5.api.call('POST', '/api/posts', {
        token: staff,
        body: {
          title, category, description: '社区服务中心一楼大厅', place: '社区服务中心', lat: SITE_GCJ.lat, lng: SITE_GCJ.lng,
          radiusM: 200, beanRatePerHour: 12, slots: [{ startsAt: iso(-10), endsAt: iso(60), capacity: 3 }],
        },
      })
      expect(r.status, JSON.stringify(r.body)).toBe(201)
      return r.body as { id: string; slots: { id: string }[] }
    }
    postId = (await make(POST_TITLE, 'health_clinic')).id
    // for the negative case: a second shift of party1, claimed through the API
    const far = await make(FAR_TITLE, 'environment')
    const party = await h5.api.login('party1')
    const claim = await h5.api.call('POST', `/api/posts/${far.id}/claim`, { token: party, body: { slotId: far.slots[0].id } })
    expect(claim.status, JSON.stringify(claim.body)).toBe(201)
  })

  const shiftItem = (p: Page, title: string) => p.locator(visible('.shift-item'), { hasText: title })

  it('party1 claims the slot in 服务岗位, checks in on site and checks out with 工作纪实', async () => {
    const page = await h5.as('party1', { geolocation: SITE_WGS })
    await page.locator(visible('.home-posts')).click()
    await page.waitForURL(/packageVolunteers\/pages\/posts/, { timeout: 20_000 })
    await page.locator(visible('.posts-page')).waitFor()

    const item = page.locator(visible('.post-item'), { hasText: POST_TITLE })
    await item.waitFor({ timeout: 20_000 })
    expect(await item.innerText()).toContain('剩余名额 3')
    // the browser's position, converted to GCJ-02, is on the spot
    await expect.poll(() => item.locator('.post-distance').innerText(), { timeout: 20_000 }).toMatch(/^距您 \d 米$/)
    // the category chips filter on the server
    await page.locator(visible('.post-filter-legal_advice')).click()
    await page.locator(visible('.posts-empty')).waitFor({ timeout: 20_000 })
    await page.locator(visible('.post-filter-health_clinic')).click()
    await item.waitFor({ timeout: 20_000 })
    await page.screenshot({ path: path.join(SHOTS, 'e2e-volunteers-posts.png') })

    await item.click()
    await page.waitForURL(/packageVolunteers\/pages\/post-detail/, { timeout: 20_000 })
    await page.locator(visible('.post-detail')).waitFor({ timeout: 20_000 })
    const slot = page.locator(visible('.slot-item')).first()
    expect(await slot.locator('.slot-remaining').innerText()).toBe('剩余名额 3 / 3')
    await slot.locator('.slot-claim').click()
    await slot.locator('.slot-to-shifts').waitFor({ timeout: 20_000 })
    expect(await slot.locator('.slot-remaining').innerText()).toBe('剩余名额 2 / 3')
    expect(await slot.locator('.slot-claim').innerText()).toBe('已认领')
    await page.screenshot({ path: path.join(SHOTS, 'e2e-volunteers-claimed.png') })
    const stored = await h5.api.call('GET', `/api/posts/${postId}`, { token: await h5.api.login('staff1') })
    expect(stored.body.slots[0]).toMatchObject({ capacity: 3, claimed: 1 })

    await slot.locator('.slot-to-shifts').click()
    await page.waitForURL(/packageVolunteers\/pages\/shifts/, { timeout: 20_000 })
    await page.locator(visible('.shifts-page')).waitFor()
    await page.locator(visible('.shifts-hours')).waitFor()
    const shift = shiftItem(page, POST_TITLE)
    await shift.waitFor({ timeout: 20_000 })
    shiftId = (await shift.getAttribute('data-id')) ?? ''
    expect(shiftId).toMatch(/^[0-9a-f-]{36}$/)
    expect(await shift.locator('.shift-status').innerText()).toBe('已认领')

    await shift.locator('.shift-check-in').click()
    await expect.poll(() => shift.locator('.shift-status').innerText(), { timeout: 20_000 }).toBe('已签到')
    expect(await shift.locator('.shift-error').count()).toBe(0)
    const [row] = await h5.api.sql<{ check_in_distance_m: number }>('select check_in_distance_m from public.shifts where id = $1', [shiftId])
    expect(row.check_in_distance_m).toBeLessThan(5)

    // an hour of service: move the check-in back so the confirmed time is visible
    await h5.api.sql(`update public.shifts set check_in_at = now() - interval '60 minutes' where id = $1`, [shiftId])

    await shift.locator('.shift-check-out').click()
    await shift.locator('.shift-notes textarea').fill(NOTES)
    await page.screenshot({ path: path.join(SHOTS, 'e2e-volunteers-check-out.png') })
    await shift.locator('.shift-check-out-submit').click()
    await expect.poll(() => shift.locator('.shift-status').innerText(), { timeout: 20_000 }).toBe('已签退待确认')
    expect(await shift.locator('.shift-notes-text').innerText()).toBe(NOTES)
    await page.screenshot({ path: path.join(SHOTS, 'e2e-volunteers-checked-out.png') })
  })

  it('staff1 confirms the shift on the confirm page', async () => {
    expect(shiftId).not.toBe('')
    const page = await h5.as('staff1')
    await page.locator(visible('.home-confirm')).click()
    await page.waitForURL(/packageVolunteers\/pages\/confirm/, { timeout: 20_000 })
    await page.locator(visible('.confirm-page')).waitFor()
    const item = page.locator(visible('.confirm-item'), { hasText: POST_TITLE })
    await item.waitFor({ timeout: 20_000 })
    expect(await item.locator('.confirm-volunteer').innerText()).toBe('孙先生')
    expect(await item.locator('.confirm-notes').innerText()).toBe(NOTES)
    expect(await item.locator('.confirm-check-in').innerText()).toMatch(/距岗位 \d 米/)
    expect(await item.locator('.confirm-minutes').innerText()).toBe('1 小时')
    await page.screenshot({ path: path.join(SHOTS, 'e2e-volunteers-confirm.png') })

    // confirming asks first, naming the volunteer, the minutes and the beans
    await item.locator('.confirm-approve').click()
    const modal = page.locator('.taro-modal__content', { hasText: '确认孙先生本次服务 1 小时？' })
    await modal.waitFor({ timeout: 20_000 })
    expect(await modal.innerText()).toContain('将发放 12 个金豆')
    await page.locator('.taro-model__confirm').click()
    await expect.poll(() => item.locator('.confirm-status').innerText(), { timeout: 20_000 }).toBe('已确认')
    expect(await item.locator('.confirm-verified').innerText()).toBe('1 小时，金豆 12 个待发放')

    const party = await h5.api.login('party1')
    const mine = await h5.api.call('GET', '/api/shifts?scope=mine', { token: party })
    expect(mine.status).toBe(200)
    const confirmed = mine.body.items.find((s: { id: string }) => s.id === shiftId)
    expect(confirmed).toMatchObject({ status: 'confirmed', beansPending: 12, notes: NOTES })
    expect(confirmed.verifiedMinutes).toBeGreaterThanOrEqual(59)
    expect(confirmed.verifiedMinutes).toBeLessThanOrEqual(61)
  })

  it('party1 reloads 我的服务 and sees the verified hour and the beans', async () => {
    expect(shiftId).not.toBe('')
    const page = await h5.as('party1', { geolocation: SITE_WGS })
    await page.locator(visible('.home-shifts')).click()
    await page.waitForURL(/packageVolunteers\/pages\/shifts/, { timeout: 20_000 })
    await page.reload()
    const shift = shiftItem(page, POST_TITLE)
    await shift.waitFor({ timeout: 20_000 })
    expect(await shift.locator('.shift-status').innerText()).toBe('已确认')
    expect(await shift.locator('.shift-verified').innerText()).toBe('1 小时')
    expect(await shift.locator('.shift-beans').innerText()).toBe('12 个（待发放）')
    await expect.poll(() => page.locator(visible('.shifts-hours-done')).innerText(), { timeout: 20_000 }).toBe('1')
    expect(await page.locator(visible('.shifts-hours-target')).innerText()).toContain('目标 12 小时')
    await page.screenshot({ path: path.join(SHOTS, 'e2e-volunteers-hours.png'), fullPage: true })
  })

  it('2 km away, check-in is refused and the distance is shown next to the button', async () => {
    const page = await h5.as('party1', { geolocation: FAR_WGS })
    await page.goto(h5.api.base + '/#/packageVolunteers/pages/shifts/index')
    const shift = shiftItem(page, FAR_TITLE)
    await shift.waitFor({ timeout: 20_000 })
    await shift.locator('.shift-check-in').click()
    const error = shift.locator('.shift-error')
    await error.waitFor({ timeout: 20_000 })
    expect(await error.innerText()).toMatch(/不在岗位签到范围内（距岗位约 (19|20|21)\d\d 米）/)
    expect(await shift.locator('.shift-status').innerText()).toBe('已认领')
    await page.screenshot({ path: path.join(SHOTS, 'e2e-volunteers-out-of-range.png') })

    const party = await h5.api.login('party1')
    const mine = await h5.api.call('GET', '/api/shifts?scope=mine', { token: party })
    expect(mine.body.items.find((s: { postTitle: string }) => s.postTitle === FAR_TITLE)).toMatchObject({ status: 'claimed', checkInAt: null })
  })

  it('a whistle shows on 首页; party1 answers it; staff1 has the volunteer entries and a post form placed where they stand', async () => {
    const staffToken = await h5.api.login('staff1')
    const w = await h5.api.call('POST', '/api/whistles', { token: staffToken, body: { title: '防汛巡查E2E', place: '和平河堤北口', startsAt: iso(30), headcount: 2 } })
    expect(w.status, JSON.stringify(w.body)).toBe(201)

    const page = await h5.as('party1', { geolocation: SITE_WGS })
    const banner = page.locator(visible('.whistle-banner'))
    await banner.waitFor({ timeout: 20_000 })
    const item = banner.locator('.whistle-item', { hasText: '防汛巡查E2E' })
    expect(await item.locator('.whistle-count').innerText()).toBe('已响应 0 / 需要 2 人')
    await item.locator('.whistle-respond').click()
    await expect.poll(() => item.locator('.whistle-count').innerText(), { timeout: 20_000 }).toBe('已响应 1 / 需要 2 人')
    await item.locator('.whistle-answered').waitFor()
    expect(await page.locator(visible('.home-register')).count()).toBe(0)
    await page.screenshot({ path: path.join(SHOTS, 'e2e-volunteers-whistle.png'), fullPage: true })

    const staff = await h5.as('staff1', { geolocation: SITE_WGS })
    for (const sel of ['.home-review', '.home-confirm', '.home-post-create', '.home-whistle-create']) await staff.locator(visible(sel)).waitFor({ timeout: 20_000 })
    await staff.locator(visible('.home-post-create')).click()
    await staff.waitForURL(/packageVolunteers\/pages\/post-create/, { timeout: 20_000 })
    // the form starts at the staff member's position, converted to GCJ-02
    await expect.poll(() => staff.locator(visible('.post-lat input')).inputValue(), { timeout: 20_000 }).toBe(SITE_GCJ.lat.toFixed(6))
    expect(await staff.locator(visible('.post-lng input')).inputValue()).toBe(SITE_GCJ.lng.toFixed(6))
    await staff.locator(visible('.post-slot')).scrollIntoViewIfNeeded()
    await staff.screenshot({ path: path.join(SHOTS, 'e2e-volunteers-post-form.png') })

    // 报到审核 with the "127" picture: resident2's 双报到 is approved in the browser
    const resident2 = await h5.api.login('resident2')
    const reg = await h5.api.call('POST', '/api/volunteers/register', { token: resident2, body: { kind: 'party_member', workUnit: '市第一医院', skills: ['健康咨询'] } })
    expect(reg.status, JSON.stringify(reg.body)).toBe(201)
    await staff.goto(h5.api.base + '/#/packageVolunteers/pages/review/index')
    await staff.locator(visible('.review-page .participation-core')).waitFor({ timeout: 20_000 })
    await staff.locator(visible('.review-kind-party_member')).click()
    const pending = staff.locator(visible('.review-item'), { hasText: '市第一医院' })
    await pending.waitFor({ timeout: 20_000 })
    await staff.screenshot({ path: path.join(SHOTS, 'e2e-volunteers-review.png'), fullPage: true })
    await pending.locator('.review-approve').click()
    // approving asks first, naming the person
    const ask = staff.locator('.taro-modal__content', { hasText: `通过${reg.body.displayName}的` })
    await ask.waitFor({ timeout: 20_000 })
    await staff.locator('.taro-model__confirm').click()
    await expect.poll(() => pending.locator('.review-status').innerText(), { timeout: 20_000 }).toBe('已通过')
    const list = await h5.api.call('GET', '/api/volunteers?status=approved&kind=party_member', { token: staffToken })
    expect(list.body.items.map((r: { id: string }) => r.id)).toContain(reg.body.id)
  })

  it('a 0-minute shift (checked out at check-in) warns and is confirmed only with the minutes staff give', async () => {
    const staffToken = await h5.api.login('staff1')
    const party = await h5.api.login('party1')
    const made = await h5.api.call('POST', '/api/posts', {
      token: staffToken,
      body: { title: '零分钟签退E2E', category: 'environment', place: '社区服务中心', lat: SITE_GCJ.lat, lng: SITE_GCJ.lng, radiusM: 200, beanRatePerHour: 12, slots: [{ startsAt: iso(-10), endsAt: iso(60), capacity: 3 }] },
    })
    expect(made.status, JSON.stringify(made.body)).toBe(201)
    const claimed = await h5.api.call('POST', `/api/posts/${made.body.id}/claim`, { token: party, body: { slotId: made.body.slots[0].id } })
    const zeroId = claimed.body.id as string
    expect((await h5.api.call('POST', `/api/shifts/${zeroId}/check-in`, { token: party, body: SITE_GCJ })).status).toBe(200)
    expect((await h5.api.call('POST', `/api/shifts/${zeroId}/check-out`, { token: party, body: SITE_GCJ })).status).toBe(200)
    await h5.api.sql('update public.shifts set check_in_at = check_out_at where id = $1', [zeroId])

    const page = await h5.as('staff1')
    await page.goto(h5.api.base + '/#/packageVolunteers/pages/confirm/index')
    const item = page.locator(visible('.confirm-item'), { hasText: '零分钟签退E2E' })
    await item.waitFor({ timeout: 20_000 })
    expect(await item.locator('.confirm-zero-warning').innerText()).toContain('签到和签退时间相同，服务时长为 0 分钟')
    // the 0 is not shown as a success
    const green = await item.locator('.confirm-minutes').evaluate((el) => getComputedStyle(el).color)
    expect(green).not.toBe('rgb(30, 123, 52)')
    await item.locator('.confirm-approve').click()
    await item.locator('.field-error-minutes').waitFor({ timeout: 20_000 })
    expect(await page.locator('.taro-modal__content').count()).toBe(0)
    await item.locator('.confirm-minutes-input input').fill('30')
    await page.screenshot({ path: path.join(SHOTS, 'e2e-volunteers-zero-minutes.png'), fullPage: true })
    await item.locator('.confirm-approve').click()
    const modal = page.locator('.taro-modal__content', { hasText: '确认孙先生本次服务 30 分钟？' })
    await modal.waitFor({ timeout: 20_000 })
    expect(await modal.innerText()).toContain('将发放 6 个金豆')
    await page.locator('.taro-model__confirm').click()
    await expect.poll(() => item.locator('.confirm-status').innerText(), { timeout: 20_000 }).toBe('已确认')
    const [row] = await h5.api.sql<{ status: string; verified_minutes: number }>('select status, verified_minutes from public.shifts where id = $1', [zeroId])
    expect(row).toEqual({ status: 'confirmed', verified_minutes: 30 })
  })
})
