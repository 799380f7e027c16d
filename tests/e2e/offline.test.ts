import { describe, expect, it } from 'vitest'
import { SMALL_PHONE, visible } from '../helpers/browser'
import { useH5App } from '../helpers/flows'

// A page's code is fetched when it is first opened. Offline, that used to fail silently (an uncaught chunk-load
// error: the tap did nothing). Now a notice with 重试 shows, and 重试 opens the page once the network is back.

describe('offline in the H5 build', () => {
  const h5 = useH5App('e2e')

  it('a tab whose code cannot be fetched shows 网络不给力 with 重试, and 重试 opens it when the network is back', async () => {
    const errors: string[] = []
    const p = await h5.as('resident1', { screen: SMALL_PHONE, onError: (m) => errors.push(m) })
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
    await p.context().close()
  })
})
