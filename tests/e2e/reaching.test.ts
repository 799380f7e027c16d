import { existsSync, mkdirSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { IDS } from '../helpers/db'
import { startTestApi, type TestApi } from '../helpers/api'
import { launchBrowser } from '../helpers/browser'

// Reaching people (issue 12) in the H5 build: staff resolve a need with a note → the resident sees the unread count on
// 消息 from 首页, opens it, reads the note and lands on the need; a notice staff publish shows on the resident's 首页.
const ROOT = path.resolve(__dirname, '../..')
// H5_DIR: another build's output (parallel work builds into its own folder); dist/h5 by default.
const H5 = path.resolve(ROOT, process.env.H5_DIR ?? 'dist/h5')
const SHOTS = path.join(ROOT, 'test-results')
const visible = (sel: string) => `.taro_page_stationed:not(.taro_page_shade) ${sel}`

describe('messages and notices reach people, in the H5 build', () => {
  let api: TestApi
  let browser: Browser

  beforeAll(async () => {
    if (!existsSync(path.join(H5, 'index.html'))) throw new Error('dist/h5 is missing: run `npm run build:h5` first')
    mkdirSync(SHOTS, { recursive: true })
    api = await startTestApi('e2e_reaching', {}, { staticDir: H5 })
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await api?.close()
  })

  async function login(handle: string): Promise<Page> {
    const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, locale: 'zh-CN' })
    const p = await ctx.newPage()
    p.on('pageerror', (e) => console.error('[browser error]', e.message))
    await p.goto(api.base + '/')
    await p.locator(visible(`.demo-user-${handle}`)).click({ timeout: 30_000 })
    await p.waitForURL(/pages\/index\/index/, { timeout: 20_000 })
    return p
  }

  it('staff resolve a need with a note; the resident sees 1 unread on 消息, opens it and lands on the need', async () => {
    const resident = await api.login('resident2')
    const staff = await api.login('staff1')
    const need = (await api.call('POST', '/api/needs', {
      token: resident, body: { title: '单元门禁坏了', description: '2号楼单元门禁刷卡没反应，老人进出不方便。', category: 'facility_repair' },
    })).body
    expect((await api.call('POST', `/api/needs/${need.id}/triage`, { token: staff, body: { track: 'shared', severity: 'general' } })).status).toBe(200)
    // the triage message is already read; the resolution with its note is the one to notice
    await api.call('POST', '/api/notifications/read', { token: resident, body: { all: true } })
    for (const [to, note] of [['in_progress', undefined], ['resolved', '已更换门禁读卡器，请刷卡试试']] as const) {
      const r = await api.call('POST', `/api/needs/${need.id}/transition`, { token: staff, body: { to, note } })
      expect(r.status, JSON.stringify(r.body)).toBe(200)
    }

    const page = await login('resident2')
    const badge = page.locator(visible('.home-inbox .inbox-badge-count'))
    await badge.waitFor({ timeout: 20_000 })
    expect(Number(await badge.innerText())).toBeGreaterThanOrEqual(1)
    await page.screenshot({ path: path.join(SHOTS, 'e2e-home-inbox.png') })
    await page.locator(visible('.home-inbox')).click()
    await page.waitForURL(/packageInfo\/pages\/inbox/, { timeout: 20_000 })
    const item = page.locator(visible('.inbox-item.is-unread'), { hasText: '已更换门禁读卡器' }).first()
    await item.waitFor({ timeout: 20_000 })
    expect(await item.innerText()).toContain('单元门禁坏了')
    await page.screenshot({ path: path.join(SHOTS, 'e2e-inbox.png') })
    await item.click()
    await page.waitForURL(/packageNeeds\/pages\/detail/, { timeout: 20_000 })
    expect(page.url()).toContain(need.id)
    await page.locator(visible('.need-detail')).first().waitFor({ timeout: 20_000 })
    // the 办理结果 the staff wrote is the first card on the need
    const outcome = page.locator(visible('.need-outcome'))
    await outcome.waitFor({ timeout: 20_000 })
    expect(await outcome.locator('.need-outcome-title').innerText()).toBe('办理结果')
    expect(await outcome.locator('.need-outcome-note').innerText()).toBe('已更换门禁读卡器，请刷卡试试')
    // the message opened is read now
    const list = await api.call('GET', '/api/notifications', { token: resident })
    const opened = list.body.items.filter((i: { body: string }) => i.body.includes('已更换门禁读卡器'))
    expect(opened).toHaveLength(1)
    expect(opened[0].readAt).not.toBeNull()
  })

  it("a notice staff publish to the community shows on a resident's 首页 and opens", async () => {
    const staff = await api.login('staff1')
    const r = await api.call('POST', '/api/announcements', {
      token: staff,
      body: { scope: 'community', communityId: IDS.communityA, title: '本周六停水通知', body: '因管道检修，本周六 8:00-12:00 停水，请提前储水。', pinned: true },
    })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    const seen = await api.call('GET', `/api/announcements?communityId=${IDS.communityA}`, { token: await api.login('resident1') })
    expect(seen.body.items.map((a: { title: string }) => a.title), JSON.stringify(seen.body)).toContain('本周六停水通知')
    const page = await login('resident1')
    await page.screenshot({ path: path.join(SHOTS, 'e2e-home-notices.png'), fullPage: true })
    const notice = page.locator(visible('.notice-board-item'), { hasText: '本周六停水通知' })
    await notice.waitFor({ timeout: 20_000 })
    await notice.click()
    await page.waitForURL(/packageInfo\/pages\/announcement-detail/, { timeout: 20_000 })
    await page.locator('.taro_page_stationed:not(.taro_page_shade)', { hasText: '因管道检修' }).first().waitFor({ timeout: 20_000 })
    await page.screenshot({ path: path.join(SHOTS, 'e2e-notice.png') })
  })
})
