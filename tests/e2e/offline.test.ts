import { existsSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { startTestApi, type TestApi } from '../helpers/api'
import { launchBrowser } from '../helpers/browser'

// A page's code is fetched when it is first opened. Offline, that used to fail silently (an uncaught chunk-load
// error: the tap did nothing). Now a notice with 重试 shows, and 重试 opens the page once the network is back.
const ROOT = path.resolve(__dirname, '../..')
// H5_DIR: another build's output (parallel work builds into its own folder); dist/h5 by default.
const H5 = path.resolve(ROOT, process.env.H5_DIR ?? 'dist/h5')
const visible = (sel: string) => `.taro_page_stationed:not(.taro_page_shade) ${sel}`

describe('offline in the H5 build', () => {
  let api: TestApi
  let browser: Browser

  beforeAll(async () => {
    if (!existsSync(path.join(H5, 'index.html'))) throw new Error(`${H5} is missing: run \`npm run build:h5\` first`)
    api = await startTestApi('e2e', {}, { staticDir: H5 })
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await api?.close()
  })

  it('a tab whose code cannot be fetched shows 网络不给力 with 重试, and 重试 opens it when the network is back', async () => {
    const ctx = await browser.newContext({ viewport: { width: 375, height: 812 }, locale: 'zh-CN' })
    const p = await ctx.newPage()
    const errors: string[] = []
    p.on('pageerror', (e) => errors.push(e.message))
    await p.goto(api.base + '/')
    await p.locator(visible('.demo-user-resident1')).click()
    await p.waitForURL(/pages\/index\/index/, { timeout: 20_000 })
    await p.locator(visible('.home-hero')).waitFor({ timeout: 20_000 })

    // the network goes: every script and stylesheet not yet loaded fails
    const blocked: string[] = []
    await p.route(/\/(js|css)\/.+\.(js|css)$/, (route) => {
      blocked.push(route.request().url())
      return route.abort('internetdisconnected')
    })
    await p.locator('.weui-tabbar__item', { hasText: '议事' }).click()
    const notice = p.locator('#gz-offline')
    await notice.waitFor({ timeout: 15_000 })
    expect(blocked.length).toBeGreaterThan(0)
    expect(await notice.innerText()).toMatch(/网络不给力/)
    expect(await notice.getAttribute('role')).toBe('alert')
    const retry = notice.locator('.gz-offline-retry')
    const box = await retry.boundingBox()
    expect(Math.min(box!.width, box!.height)).toBeGreaterThanOrEqual(44)
    expect(errors.filter((m) => /chunk/i.test(m))).toEqual([])

    // back online: 重试 reloads and the tab opens
    await p.unroute(/\/(js|css)\/.+\.(js|css)$/)
    await retry.click()
    await p.locator('.weui-tabbar__item', { hasText: '议事' }).click()
    await p.waitForURL(/pages\/deliberation\/index/, { timeout: 20_000 })
    await p.locator(visible('.deliberation')).waitFor({ timeout: 20_000 })
    expect(await p.locator('#gz-offline').count()).toBe(0)
    await ctx.close()
  })
})
