import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { IDS } from '../helpers/db'
import { SHOTS, visible } from '../helpers/browser'
import { fileNeed, triageNeed, useH5App } from '../helpers/flows'

// Issue 4 end to end, in the H5 build against the real API on a real Postgres:
// staff1 runs 智能匹配 and accepts the proposal → unit1 confirms, starts and completes the project →
// resident1 finds it in 服务清单 and rates it. Needs `npm run build:h5` first.

const NEED_TITLE = '5单元楼道灯不亮了'
const RESOURCE_TITLE = '红星物业楼道维修队'

describe('service flow in the H5 build: match → accept → confirm → complete → rate', () => {
  const h5 = useH5App('e2e_services')
  let needId = ''
  let resourceId = ''
  let projectId = ''

  beforeAll(async () => {
    // Arrange through the API: a triaged need of resident1 and a fitting resource of unit1.
    const resident = await h5.api.login('resident1')
    const staff = await h5.api.login('staff1')
    const unit = await h5.api.login('unit1')
    needId = (await fileNeed(h5.api, resident, { title: NEED_TITLE, description: '5单元二楼到五楼的楼道灯都不亮了，老人晚上下楼很危险。' })).id
    await triageNeed(h5.api, staff, needId)
    const res = await h5.api.call('POST', '/api/resources', {
      token: unit,
      body: {
        title: RESOURCE_TITLE, description: '楼道灯、门禁、水电维修', kind: 'social', partnerType: 'property',
        categories: ['facility_repair'], capacity: 3, contactName: '王师傅', contactPhone: '13900000009',
      },
    })
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    resourceId = res.body.id
  })

  const openServicesTab = (p: Page) => h5.open(p, '/#/pages/services/index', '.services-tab-list')

  const status = (p: Page) => p.locator(visible('.service-status'))

  it('staff1 runs 智能匹配 and accepts the proposal for the need', async () => {
    const page = await h5.as('staff1')
    await openServicesTab(page)
    await page.locator(visible('.services-match')).click()
    await page.waitForURL(/packageServices\/pages\/matching/, { timeout: 20_000 })
    await page.locator(visible('.matching-page')).waitFor()

    await page.locator(visible('.matching-run')).click()
    const summary = page.locator(visible('.matching-summary'))
    await summary.waitFor({ timeout: 20_000 })
    expect(await page.locator(visible('.matching-count')).innerText()).toMatch(/^找到 \d+ 条配对建议$/)

    const item = page.locator(visible('.proposal-item'), { hasText: NEED_TITLE })
    await item.waitFor()
    expect(await item.innerText()).toContain(RESOURCE_TITLE)
    // the reasons in words, never the engine's total, score or solve time
    expect(await item.locator('.proposal-reasons-title').innerText()).toBe('匹配理由')
    expect(await item.locator('.proposal-reason').count()).toBeGreaterThan(0)
    const text = await page.locator(visible('.matching-page')).innerText()
    expect(text).not.toMatch(/总分|匹配分|\d ms\b|最优/)
    await page.screenshot({ path: path.join(SHOTS, 'e2e-services-matching.png') })

    // accepting asks first, naming the need and the resource
    await item.locator('.proposal-accept').click()
    const modal = page.locator('.taro-modal__content', { hasText: NEED_TITLE })
    await modal.waitFor({ timeout: 20_000 })
    expect(await modal.innerText()).toContain(RESOURCE_TITLE)
    await page.locator('.taro-model__confirm').click()
    await item.locator('.proposal-accepted').waitFor({ timeout: 20_000 })
    await page.screenshot({ path: path.join(SHOTS, 'e2e-services-accepted.png') })

    const staff = await h5.api.login('staff1')
    const list = await h5.api.call('GET', `/api/services?communityId=${IDS.communityA}`, { token: staff })
    const project = list.body.items.find((x: { needId: string; resourceId: string }) => x.needId === needId && x.resourceId === resourceId)
    expect(project).toMatchObject({ status: 'proposed', origin: 'proposal', communityConfirmed: true, unitConfirmed: false })
    projectId = project.id
  })

  it('unit1 opens the project from 服务清单, confirms, starts and completes it with the beneficiaries', async () => {
    expect(projectId).not.toBe('')
    const page = await h5.as('unit1')
    await openServicesTab(page)
    const item = page.locator(visible('.service-item'), { hasText: NEED_TITLE })
    await item.waitFor({ timeout: 20_000 })
    expect(await item.innerText()).toContain('待确认')
    // a unit may publish and claim, but not run matching
    await page.locator(visible('.services-claim')).waitFor()
    expect(await page.locator(visible('.services-publish')).count()).toBe(1)
    expect(await page.locator(visible('.services-match')).count()).toBe(0)
    await page.screenshot({ path: path.join(SHOTS, 'e2e-services-list.png') })

    // 资源清单 with its category filter
    await page.locator(visible('.services-tab-resources')).click()
    const res = page.locator(visible('.resource-item'), { hasText: RESOURCE_TITLE })
    await res.waitFor({ timeout: 20_000 })
    expect(await res.innerText()).toContain('社会资源')
    expect(await res.innerText()).toContain('物业合伙人')
    await page.locator(visible('.resource-filter-medical')).click()
    await page.locator(visible('.resources-empty')).waitFor({ timeout: 20_000 })
    await page.locator(visible('.resource-filter-facility_repair')).click()
    await res.waitFor({ timeout: 20_000 })
    await page.screenshot({ path: path.join(SHOTS, 'e2e-services-resources.png') })

    await page.locator(visible('.services-tab-list')).click()
    await item.click()
    await page.waitForURL(/packageServices\/pages\/detail/, { timeout: 20_000 })
    await page.locator(visible('.service-detail')).waitFor({ timeout: 20_000 })
    expect(await status(page).innerText()).toBe('待确认')
    expect(await page.locator(visible('.service-origin')).innerText()).toBe('智能匹配')
    expect(await page.locator(visible('.service-reason')).count()).toBeGreaterThan(0)
    // 来自需求 <受理编号> opens the need it came from
    const [{ ref_no: refNo }] = await h5.api.sql<{ ref_no: string }>(`select ref_no from public.needs where id = $1`, [needId])
    expect(await page.locator(visible('.service-need-ref')).innerText()).toContain(refNo)
    expect(await page.locator(visible('.service-detail')).innerText()).not.toContain('匹配分')

    await page.locator(visible('.service-confirm')).click()
    await expect.poll(() => status(page).innerText(), { timeout: 20_000 }).toBe('已确认')
    await page.locator(visible('.service-start')).click()
    await expect.poll(() => status(page).innerText(), { timeout: 20_000 }).toBe('服务中')

    await page.locator(visible('.service-beneficiaries input')).fill('15')
    await page.locator(visible('.service-complete')).click()
    await expect.poll(() => status(page).innerText(), { timeout: 20_000 }).toBe('已完成')
    expect(await page.locator(visible('.service-beneficiaries-count')).innerText()).toBe('15 人')
    expect(await page.locator(visible('.service-progress-item')).count()).toBeGreaterThanOrEqual(3)
    await page.screenshot({ path: path.join(SHOTS, 'e2e-services-completed.png'), fullPage: true })
  })

  it('resident1 sees the service in 服务清单 and rates it 5 stars', async () => {
    expect(projectId).not.toBe('')
    const page = await h5.as('resident1')
    await openServicesTab(page)
    // residents get no entries to publish, claim or match
    expect(await page.locator(visible('.services-publish, .services-claim, .services-match')).count()).toBe(0)
    const item = page.locator(visible('.service-item'), { hasText: NEED_TITLE })
    await item.waitFor({ timeout: 20_000 })
    expect(await item.innerText()).toContain('已完成')
    expect(await item.innerText()).toContain(RESOURCE_TITLE)
    await item.click()
    await page.waitForURL(/packageServices\/pages\/detail/, { timeout: 20_000 })
    await page.locator(visible('.service-detail')).waitFor({ timeout: 20_000 })

    await page.locator(visible('.service-star-5')).click()
    await page.locator(visible('.service-rate-comment textarea')).fill('师傅来得很快，楼道灯都修好了')
    await page.locator(visible('.service-rate')).click()
    const rating = page.locator(visible('.service-rating'))
    await rating.waitFor({ timeout: 20_000 })
    expect(await rating.innerText()).toContain('★★★★★')
    expect(await rating.innerText()).toContain('5 星')
    expect(await status(page).innerText()).toBe('已评价')
    await page.screenshot({ path: path.join(SHOTS, 'e2e-services-rated.png'), fullPage: true })

    // the database agrees: the project is evaluated with the rating, the need resolved
    const resident = await h5.api.login('resident1')
    const got = await h5.api.call('GET', `/api/services/${projectId}`, { token: resident })
    expect(got.status).toBe(200)
    expect(got.body).toMatchObject({ status: 'evaluated', rating: 5, ratingComment: '师傅来得很快，楼道灯都修好了', beneficiaries: 15, unitConfirmed: true, communityConfirmed: true })
    const need = await h5.api.call('GET', `/api/needs/${needId}`, { token: resident })
    expect(need.status).toBe(200)
    expect(need.body.status).toBe('resolved')
  })

  it('talent1 publishes a resource with the form; a bad phone is caught first', async () => {
    const page = await h5.as('talent1')
    await openServicesTab(page)
    await page.locator(visible('.services-publish')).click()
    await page.waitForURL(/packageServices\/pages\/resource-create/, { timeout: 20_000 })
    await page.locator(visible('.resource-submit')).waitFor({ timeout: 20_000 })
    // talents are not partner units
    expect(await page.locator(visible('.resource-partner-red')).count()).toBe(0)

    await page.locator(visible('.resource-title input')).fill('周师傅义务修家电')
    await page.locator(visible('.resource-kind-social')).click()
    await page.locator(visible('.resource-category-facility_repair')).click()
    await page.locator(visible('.resource-category-housekeeping')).click()
    await page.locator(visible('.resource-capacity input')).fill('4')
    await page.locator(visible('.resource-contact-name input')).fill('周师傅')
    await page.locator(visible('.resource-contact-phone input')).fill('123')
    await page.locator(visible('.resource-submit')).click()
    await page.locator(visible('.field-error-contactPhone')).waitFor()
    expect(await page.locator(visible('.field-error-contactPhone')).innerText()).toBe('联系电话格式不正确')
    await page.screenshot({ path: path.join(SHOTS, 'e2e-services-resource-form.png') })

    await page.locator(visible('.resource-contact-phone input')).fill('13900000008')
    await page.locator(visible('.resource-submit')).click()
    await page.waitForURL(/pages\/services\/index/, { timeout: 20_000 })

    const talent = await h5.api.login('talent1')
    const mine = await h5.api.call('GET', '/api/resources?mine=true', { token: talent })
    const created = mine.body.items.find((r: { title: string }) => r.title === '周师傅义务修家电')
    expect(created).toMatchObject({
      kind: 'social', partnerType: null, capacity: 4, period: 'month',
      communityId: IDS.communityA, contactName: '周师傅', contactPhone: '13900000008',
    })
    // the server keeps categories as a set
    expect([...created.categories].sort()).toEqual(['facility_repair', 'housekeeping'])
  })
})
