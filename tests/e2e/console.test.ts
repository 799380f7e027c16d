import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { DESK, SHOTS, visible } from '../helpers/browser'
import { fileNeed, useH5App } from '../helpers/flows'

// The console (issue 12 item 6) in the H5 build: at 1280 px staff see the side menu, the queue as a sortable table and
// the dashboard's charts side by side; at 390 px the same queue keeps its cards.

describe('the staff console on a desk, in the H5 build', () => {
  const h5 = useH5App('e2e_console')
  const atDesk = (handle: string) => h5.as(handle, { screen: DESK })

  it('at 1280 px the queue is a sortable table beside the menu, and the dashboard shows its charts side by side', async () => {
    const resident = await h5.api.login('resident1')
    for (const title of ['控制台排序甲：楼道灯不亮', '控制台排序乙：垃圾桶满了']) {
      await fileNeed(h5.api, resident, { title, description: `${title}，请尽快来看看，谢谢社区。` })
      await new Promise((res) => setTimeout(res, 20))
    }

    const page = await atDesk('staff1')
    await page.goto(h5.api.base + '/#/packageNeeds/pages/queue/index')
    const table = page.locator(visible('.queue-table'))
    await table.waitFor({ state: 'visible', timeout: 20_000 })
    await page.locator(visible('.queue-table-row'), { hasText: '控制台排序甲' }).waitFor({ timeout: 20_000 })
    expect(await page.locator(visible('.queue-table-row')).count()).toBeGreaterThanOrEqual(2)
    expect(await page.locator(visible('.desk-menu')).isVisible()).toBe(true)
    expect(await page.locator(visible('.desk-menu-queue')).getAttribute('class')).toContain('is-current')
    // the cards are there but hidden on a desk
    expect(await page.locator(visible('.queue-item')).first().isVisible()).toBe(false)

    const ours = async () =>
      (await page.locator(visible('.queue-table-row .queue-td-title')).allInnerTexts()).filter((t) => t.startsWith('控制台排序'))
    const th = page.locator(visible('.queue-th-createdAt'))
    await th.click()
    await expect.poll(async () => th.getAttribute('class')).toContain('is-sorted-asc')
    expect(await ours()).toEqual(['控制台排序甲：楼道灯不亮', '控制台排序乙：垃圾桶满了'])
    await th.click()
    await expect.poll(async () => th.getAttribute('class')).toContain('is-sorted-desc')
    expect(await ours()).toEqual(['控制台排序乙：垃圾桶满了', '控制台排序甲：楼道灯不亮'])
    await page.screenshot({ path: path.join(SHOTS, 'e2e-console-queue.png') })

    // a phone-wide window keeps today's cards
    await page.setViewportSize({ width: 390, height: 844 })
    await expect.poll(async () => table.isVisible()).toBe(false)
    expect(await page.locator(visible('.queue-item')).first().isVisible()).toBe(true)
    expect(await page.locator(visible('.desk-menu')).isVisible()).toBe(false)
    await page.setViewportSize({ width: 1280, height: 800 })

    await page.locator(visible('.desk-menu-stats')).click()
    await page.waitForURL(/packageStats\/pages\/overview/, { timeout: 20_000 })
    const charts = page.locator(visible('.stats-chart'))
    await charts.first().waitFor({ state: 'visible', timeout: 20_000 })
    expect(await page.locator(visible('.desk-menu-stats')).getAttribute('class')).toContain('is-current')
    const [a, b] = [await charts.nth(0).boundingBox(), await charts.nth(1).boundingBox()]
    expect(a && b).toBeTruthy()
    expect(Math.abs(a!.y - b!.y)).toBeLessThanOrEqual(4)
    expect(b!.x - a!.x).toBeGreaterThan(100)
    const menu = await page.locator(visible('.desk-menu')).boundingBox()
    expect(menu!.x + menu!.width).toBeLessThanOrEqual(a!.x)
    await page.screenshot({ path: path.join(SHOTS, 'e2e-console-stats.png') })
  })

  /** The smallest font-size of any visible text in the shown page, and where it is. */
  async function smallestText(page: Page): Promise<{ size: number; where: string }> {
    return page.evaluate(() => {
      const root = document.querySelector('.taro_page_stationed:not(.taro_page_shade)') ?? document.body
      let best = { size: Infinity, where: '' }
      for (const el of Array.from(root.querySelectorAll<HTMLElement>('*'))) {
        const own = Array.from(el.childNodes).some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim() !== '')
        if (!own) continue
        const r = el.getBoundingClientRect()
        const cs = getComputedStyle(el)
        if (r.width === 0 || r.height === 0 || cs.visibility === 'hidden' || cs.display === 'none') continue
        const size = parseFloat(cs.fontSize)
        if (size < best.size) best = { size, where: `${el.className} "${el.textContent!.trim().slice(0, 20)}"` }
      }
      return best
    })
  }

  it('at 1280 px the 管理 pages keep readable text (≥ 15 px) beside the menu, and the community form shows the phone and prefix', async () => {
    const page = await atDesk('admin1')
    await page.goto(h5.api.base + '/#/packageAdmin/pages/index/index')
    await page.locator(visible('.admin-community')).first().waitFor({ timeout: 20_000 })
    expect(await page.locator(visible('.desk-menu')).isVisible()).toBe(true)
    const home = await smallestText(page)
    expect(home.size, home.where).toBeGreaterThanOrEqual(15)
    await page.screenshot({ path: path.join(SHOTS, 'e2e-console-admin.png') })

    const a = (await h5.api.sql<{ id: string }>(`select id from public.communities where name = '和平社区'`))[0].id
    await page.goto(h5.api.base + `/#/packageAdmin/pages/community-form/index?id=${a}`)
    const phone = page.locator(visible('.cf-phone input'))
    await phone.waitFor({ timeout: 20_000 })
    expect(await phone.inputValue()).toBe('025-84561234')
    expect(await page.locator(visible('.cf-prefix input')).inputValue()).toBe('HP')
    const form = await smallestText(page)
    expect(form.size, form.where).toBeGreaterThanOrEqual(15)
    await page.screenshot({ path: path.join(SHOTS, 'e2e-console-community-form.png') })
  })
})
