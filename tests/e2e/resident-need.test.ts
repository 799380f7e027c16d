import { existsSync, mkdirSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { startTestApi, type TestApi } from '../helpers/api'
import { launchBrowser } from '../helpers/browser'

// The H5 build in headless Chromium against the real API on a real Postgres: log in as resident1,
// submit a need, see it in 我的需求. Needs `npm run build:h5` first (.ci/run does it).
const ROOT = path.resolve(__dirname, '../..')
// H5_DIR: another build's output (parallel work builds into its own folder); dist/h5 by default.
const H5 = path.resolve(ROOT, process.env.H5_DIR ?? 'dist/h5')
const SHOTS = path.join(ROOT, 'test-results')

/** The visible page: Taro H5 keeps hidden pages in the DOM. */
const visible = (sel: string) => `.taro_page_stationed:not(.taro_page_shade) ${sel}`

describe('resident flow in the H5 build', () => {
  let api: TestApi
  let browser: Browser
  let page: Page

  beforeAll(async () => {
    if (!existsSync(path.join(H5, 'index.html'))) throw new Error('dist/h5 is missing: run `npm run build:h5` first')
    mkdirSync(SHOTS, { recursive: true })
    api = await startTestApi('e2e', {}, { staticDir: H5 })
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await api?.close()
  })

  async function freshPage(): Promise<Page> {
    const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, locale: 'zh-CN' })
    const p = await ctx.newPage()
    p.on('pageerror', (e) => console.error('[browser error]', e.message))
    return p
  }

  async function login(p: Page, handle: string) {
    await p.goto(api.base + '/')
    await p.locator(visible(`.demo-user-${handle}`)).click()
    // home page after login
    await p.waitForURL(/pages\/index\/index/, { timeout: 20_000 })
  }

  it('a person who is not logged in lands on the login page with the demo users', async () => {
    page = await freshPage()
    await page.goto(api.base + '/')
    await expect(page.locator(visible('.demo-user-resident1')).waitFor({ timeout: 30_000 })).resolves.toBeUndefined()
    await page.screenshot({ path: path.join(SHOTS, 'e2e-login.png') })
  })

  it('resident1 logs in, submits a need and sees it in 我的需求', async () => {
    page = await freshPage()
    await login(page, 'resident1')
    await page.goto(api.base + '/#/pages/needs/index')
    await page.locator(visible('.needs-empty')).waitFor({ timeout: 20_000 })
    await page.locator(visible('.needs-new')).first().click()
    await page.waitForURL(/packageNeeds\/pages\/create/)

    // submitting empty shows the Chinese field errors and sends nothing
    await page.locator(visible('.need-submit')).click()
    await page.locator(visible('.field-error-title')).waitFor()
    expect(await page.locator(visible('.field-error-title')).innerText()).toMatch(/标题/)

    const title = '3单元楼道灯不亮'
    await page.locator(visible('.need-title input')).fill(title)
    await page.locator(visible('.need-category-facility_repair')).click()
    await page.locator(visible('.need-description textarea')).fill('3单元楼道灯坏了一周，晚上老人上下楼很危险，请尽快维修。')
    await page.locator(visible('.need-submit')).click()

    await page.waitForURL(/pages\/needs\/index/, { timeout: 20_000 })
    const item = page.locator(visible('.need-item'), { hasText: title })
    await item.waitFor({ timeout: 20_000 })
    expect(await item.innerText()).toMatch(/设施维修/)
    expect(await item.innerText()).toMatch(/已提交/)
    // shown by its 受理编号, never by its id
    expect(await item.innerText()).toMatch(/受理编号 HP-\d{8}-\d{4}/)
    expect(await item.innerText()).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/)
    await page.screenshot({ path: path.join(SHOTS, 'e2e-my-needs.png') })

    // the need really is in the database, owned by resident1
    const token = await api.login('resident1')
    const mine = await api.call('GET', '/api/needs/mine', { token })
    expect(mine.body.items.map((n: { title: string }) => n.title)).toContain(title)
  })

  it('another resident does not see it', async () => {
    page = await freshPage()
    await login(page, 'resident2')
    await page.goto(api.base + '/#/pages/needs/index')
    await page.locator(visible('.needs-empty')).waitFor({ timeout: 20_000 })
    expect(await page.locator(visible('.need-item')).count()).toBe(0)
  })
})
