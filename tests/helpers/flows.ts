import { existsSync, mkdirSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, expect } from 'vitest'
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core'
import { startTestApi, type TestApi } from './api'
import { H5, PHONE, SHOTS, SMALL_PHONE, launchBrowser, visible, type Screen } from './browser'

// The steps the browser tests (tests/e2e) share: the app served from the H5 build against a fresh database, a
// person's browser window, the demo-user login, the need form, the 长辈版 screenshots.

export interface PageOptions {
  /** PHONE unless said */
  screen?: Screen
  /** a faked GPS position (WGS-84, as a browser reports it), with the permission granted */
  geolocation?: { latitude: number; longitude: number }
  /** 长辈版 switched on before the app starts */
  elder?: boolean
  /** where the page's uncaught errors go: logged unless said */
  onError?: (message: string) => void
}

export interface H5App {
  /** the API serving the H5 build; set once the suite's beforeAll has run */
  readonly api: TestApi
  readonly browser: Browser
  /** A new browser context (closed after the suite) and its page. */
  newPage(opts?: PageOptions): Promise<Page>
  /** Logs in on the login page's demo-user picker and waits for 首页. */
  login(page: Page, handle: string): Promise<void>
  /** A new page, logged in as the demo user. */
  as(handle: string, opts?: PageOptions): Promise<Page>
  /** Opens a route (`/#/…`) and waits for the element that shows the page is there. */
  open(page: Page, route: string, selector: string): Promise<void>
}

/**
 * Registers the suite's beforeAll/afterAll: the H5 build served by a test API on a fresh database named `label`,
 * and headless Chromium. Call it at the top of a describe, before the suite's own hooks (they run after it).
 */
export function useH5App(label: string): H5App {
  let api: TestApi | undefined
  let browser: Browser | undefined
  const contexts: BrowserContext[] = []

  beforeAll(async () => {
    if (!existsSync(path.join(H5, 'index.html'))) throw new Error(`${H5} is missing: run \`npm run build:h5\` first`)
    mkdirSync(SHOTS, { recursive: true })
    api = await startTestApi(label, {}, { staticDir: H5 })
    browser = await launchBrowser()
  })
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined)
    await browser?.close()
    await api?.close()
  })

  const app: H5App = {
    get api() {
      if (!api) throw new Error('the test API is not started: use it inside a hook or a test')
      return api
    },
    get browser() {
      if (!browser) throw new Error('the browser is not launched: use it inside a hook or a test')
      return browser
    },
    async newPage(opts = {}) {
      const { viewport, deviceScaleFactor } = opts.screen ?? PHONE
      const ctx = await app.browser.newContext({
        viewport,
        deviceScaleFactor,
        locale: 'zh-CN',
        ...(opts.geolocation ? { geolocation: { ...opts.geolocation, accuracy: 10 }, permissions: ['geolocation'] } : {}),
      })
      contexts.push(ctx)
      // Taro's storage keeps { data } in localStorage
      if (opts.elder) await ctx.addInitScript(() => localStorage.setItem('display:elder', JSON.stringify({ data: '1' })))
      const p = await ctx.newPage()
      const onError = opts.onError ?? ((m: string) => console.error('[browser error]', m))
      p.on('pageerror', (e) => onError(e.message))
      return p
    },
    async login(page, handle) {
      await page.goto(app.api.base + '/')
      await page.locator(visible(`.demo-user-${handle}`)).click({ timeout: 30_000 })
      await page.waitForURL(/pages\/index\/index/, { timeout: 20_000 })
    },
    async as(handle, opts) {
      const page = await app.newPage(opts)
      await app.login(page, handle)
      return page
    },
    async open(page, route, selector) {
      await page.goto(app.api.base + route)
      await page.locator(visible(selector)).waitFor({ timeout: 20_000 })
    },
  }
  return app
}

export interface NeedFormInput {
  title: string
  description: string
  /** facility_repair unless said */
  category?: string
  /** the urgency chip to pick, e.g. high */
  urgency?: string
}

/**
 * On the open 提交需求 form: fills it in, submits, and waits until 我的需求 lists the need. Returns its row there.
 */
export async function submitNeedForm(page: Page, need: NeedFormInput): Promise<Locator> {
  await page.locator(visible('.need-title input')).fill(need.title)
  await page.locator(visible(`.need-category-${need.category ?? 'facility_repair'}`)).click()
  await page.locator(visible('.need-description textarea')).fill(need.description)
  if (need.urgency) await page.locator(visible(`.need-urgency-${need.urgency}`)).click()
  await page.locator(visible('.need-submit')).click()
  await page.waitForURL(/pages\/needs\/index/, { timeout: 20_000 })
  const item = page.locator(visible('.need-item'), { hasText: need.title })
  await item.waitFor({ timeout: 20_000 })
  return item
}

/** A page to screenshot in 长辈版: its route (`/#/…`), the class its root carries, the screenshots' name. */
export interface ElderPage {
  route: string
  pageClass: string
  shot: string
}

/**
 * 长辈版 at 375 px: screenshots of each page screen by screen, and no page wider than the screen (nothing cut off).
 */
export async function elderShots(app: H5App, handle: string, pages: ElderPage[]): Promise<void> {
  const p = await app.as(handle, { screen: SMALL_PHONE, elder: true })
  for (const x of pages) {
    await p.goto(app.api.base + x.route)
    await p.locator(visible(`.${x.pageClass}.is-elder`)).waitFor({ timeout: 20_000 })
    await p.waitForTimeout(500)
    // screen by screen, as a person scrolls: H5 scrolls the page's own container (or the window)
    for (let i = 0; i < 8; i++) {
      await p.screenshot({ path: path.join(SHOTS, `elder-${x.shot}-${i + 1}.png`) })
      const moved = await p.evaluate((sel) => {
        const root = document.querySelector(sel)
        let el: HTMLElement | null = root as HTMLElement | null
        while (el && !(el.scrollHeight > el.clientHeight + 4 && /(auto|scroll)/.test(getComputedStyle(el).overflowY))) el = el.parentElement
        const scroller = el ?? (document.scrollingElement as HTMLElement)
        const before = scroller.scrollTop
        scroller.scrollTop = before + 700
        return scroller.scrollTop !== before
      }, visible(`.${x.pageClass}`))
      if (!moved) break
      await p.waitForTimeout(150)
    }
    const wide = await p.evaluate(() => document.documentElement.scrollWidth)
    expect(wide, `${x.shot} is wider than the screen in 长辈版`).toBeLessThanOrEqual(376)
  }
}

// Arranging scenes through the API, each call checked as it goes.

/** A resident's need (facility_repair unless said), checked created (201). */
export async function fileNeed(
  api: TestApi, token: string, need: { title: string; description: string; category?: string },
): Promise<{ id: string } & Record<string, any>> {
  const r = await api.call('POST', '/api/needs', { token, body: { category: 'facility_repair', ...need } })
  expect(r.status, JSON.stringify(r.body)).toBe(201)
  return r.body
}

/** Staff triage a need (大家事 / 一般 unless said), checked accepted (200). */
export async function triageNeed(
  api: TestApi, staffToken: string, needId: string, triage: { track: string; severity: string } = { track: 'shared', severity: 'general' },
): Promise<void> {
  const r = await api.call('POST', `/api/needs/${needId}/triage`, { token: staffToken, body: triage })
  expect(r.status, JSON.stringify(r.body)).toBe(200)
}
