import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { SHOTS, SMALL_PHONE, visible } from '../helpers/browser'
import { useH5App } from '../helpers/flows'

// Forms never lose work (issue 15), in the H5 build in Chromium: a draft survives leaving the page, and a
// refused submit at the bottom of a long form brings the first field in error into view with the cursor in it.

describe('forms keep their work, in the H5 build', () => {
  const h5 = useH5App('e2e')

  async function residentOnCreate(handle: string): Promise<Page> {
    const p = await h5.as(handle, { screen: SMALL_PHONE })
    await h5.open(p, '/#/packageNeeds/pages/create/index', '.need-title input')
    return p
  }

  it('a draft typed, left and come back to is restored; after submitting the form is empty again', async () => {
    const p = await residentOnCreate('resident2')
    const title = '单元门禁坏了进不去'
    const description = '2单元门禁刷卡没反应，老人进出要等人开门，请尽快修理。'
    await p.locator(visible('.need-title input')).fill(title)
    await p.locator(visible('.need-description textarea')).fill(description)
    // leave for 首页 (a reload of the app: nothing is kept in memory), then come back
    await p.goto(h5.api.base + '/#/pages/index/index')
    await p.reload()
    await p.locator(visible('.home-hero')).waitFor({ timeout: 20_000 })
    await p.goto(h5.api.base + '/#/packageNeeds/pages/create/index')
    await p.reload()
    await p.locator(visible('.need-title input')).waitFor({ timeout: 20_000 })
    await expect.poll(() => p.locator(visible('.need-title input')).inputValue(), { timeout: 5000 }).toBe(title)
    expect(await p.locator(visible('.need-description textarea')).inputValue()).toBe(description)
    expect(await p.locator(visible('.page')).innerText()).toMatch(/已恢复/)
    await p.screenshot({ path: path.join(SHOTS, 'e2e-draft-restored.png') })

    await p.locator(visible('.need-category-facility_repair')).click()
    await p.locator(visible('.need-submit')).click()
    await p.waitForURL(/pages\/needs\/index/, { timeout: 20_000 })
    await p.goto(h5.api.base + '/#/packageNeeds/pages/create/index')
    await p.reload()
    await p.locator(visible('.need-title input')).waitFor({ timeout: 20_000 })
    await p.waitForTimeout(500)
    expect(await p.locator(visible('.need-title input')).inputValue()).toBe('')
    expect(await p.locator(visible('.page')).innerText()).not.toMatch(/已恢复/)
    await p.context().close()
  })

  it('a refused submit at the bottom scrolls the first field in error into view and puts the cursor in it', async () => {
    const p = await residentOnCreate('resident3')
    // everything but the title, then submit from the bottom of the form
    await p.locator(visible('.need-category-facility_repair')).click()
    await p.locator(visible('.need-description textarea')).fill('小区东门路灯坏了，晚上出入很不方便，请尽快维修。')
    const submit = p.locator(visible('.need-submit'))
    await submit.scrollIntoViewIfNeeded()
    // the title field is now above the screen
    const before = await p.locator(visible('.need-title input')).boundingBox()
    expect(before!.y + before!.height).toBeLessThan(0)
    await submit.click()

    const error = p.locator(visible('.field-error-title'))
    await error.waitFor()
    await expect.poll(async () => {
      const box = await p.locator(visible('.need-title input')).boundingBox()
      return box !== null && box.y >= 0 && box.y + box.height <= 812
    }, { timeout: 5000 }).toBe(true)
    await expect.poll(() => p.evaluate(() => document.activeElement?.closest('.need-title') !== null)).toBe(true)
    await p.screenshot({ path: path.join(SHOTS, 'e2e-first-error.png') })
    // nothing was sent
    const token = await h5.api.login('resident3')
    const mine = await h5.api.call('GET', '/api/needs/mine', { token })
    expect(mine.body.items.some((n: { description: string }) => n.description.startsWith('小区东门路灯'))).toBe(false)
    await p.context().close()
  })
})
