import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { SHOTS, visible } from '../helpers/browser'
import { submitNeedForm, useH5App } from '../helpers/flows'

// The H5 build in headless Chromium against the real API on a real Postgres: log in as resident1,
// submit a need, see it in 我的需求. Needs `npm run build:h5` first (.ci/run does it).

describe('resident flow in the H5 build', () => {
  const h5 = useH5App('e2e')
  let page: Page

  it('a person who is not logged in lands on the login page with the demo users', async () => {
    page = await h5.newPage()
    await page.goto(h5.api.base + '/')
    await expect(page.locator(visible('.demo-user-resident1')).waitFor({ timeout: 30_000 })).resolves.toBeUndefined()
    await page.screenshot({ path: path.join(SHOTS, 'e2e-login.png') })
  })

  it('resident1 logs in, submits a need and sees it in 我的需求', async () => {
    page = await h5.as('resident1')
    await page.goto(h5.api.base + '/#/pages/needs/index')
    await page.locator(visible('.needs-empty')).waitFor({ timeout: 20_000 })
    await page.locator(visible('.needs-new')).first().click()
    await page.waitForURL(/packageNeeds\/pages\/create/)

    // submitting empty shows the Chinese field errors and sends nothing
    await page.locator(visible('.need-submit')).click()
    await page.locator(visible('.field-error-title')).waitFor()
    expect(await page.locator(visible('.field-error-title')).innerText()).toMatch(/标题/)

    const title = '3单元楼道灯不亮'
    const item = await submitNeedForm(page, { title, description: '3单元楼道灯坏了一周，晚上老人上下楼很危险，请尽快维修。' })
    expect(await item.innerText()).toMatch(/设施维修/)
    expect(await item.innerText()).toMatch(/已提交/)
    // shown by its 受理编号, never by its id
    expect(await item.innerText()).toMatch(/受理编号 HP-\d{8}-\d{4}/)
    expect(await item.innerText()).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/)
    await page.screenshot({ path: path.join(SHOTS, 'e2e-my-needs.png') })

    // the need really is in the database, owned by resident1
    const token = await h5.api.login('resident1')
    const mine = await h5.api.call('GET', '/api/needs/mine', { token })
    expect(mine.body.items.map((n: { title: string }) => n.title)).toContain(title)
  })

  it('another resident does not see it', async () => {
    page = await h5.as('resident2')
    await page.goto(h5.api.base + '/#/pages/needs/index')
    await page.locator(visible('.needs-empty')).waitFor({ timeout: 20_000 })
    expect(await page.locator(visible('.need-item')).count()).toBe(0)
  })
})
