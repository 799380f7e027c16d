import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { SHOTS, visible } from '../helpers/browser'
import { submitNeedForm, useH5App } from '../helpers/flows'

// The closed loop in the H5 build, two people in two browser contexts against the real API on a real
// Postgres: resident1 submits → staff1 finds it in the triage queue, triages it (大家事/一般), starts and
// resolves it → resident1 sees every step in the timeline and rates it 5 stars. Needs `npm run build:h5`.

describe('needs loop in the H5 build', () => {
  const h5 = useH5App('e2e_needs_loop')
  let resident: Page
  let staff: Page
  let needId = ''
  const title = `2号楼电梯异响${Date.now() % 10000}`

  const status = (p: Page) => p.locator(visible('.need-detail-status'))

  it('resident1 submits a need through the form', async () => {
    resident = await h5.as('resident1')
    // a resident gets no triage queue on 首页
    await resident.locator(visible('.home-new-need')).waitFor()
    expect(await resident.locator(visible('.home-queue')).count()).toBe(0)
    await resident.locator(visible('.home-new-need')).click()
    await resident.waitForURL(/packageNeeds\/pages\/create/)

    const item = await submitNeedForm(resident, {
      title, description: '2号楼电梯运行时有很大的异响，老人不敢坐，请尽快安排检修。', urgency: 'high',
    })
    expect(await item.innerText()).toMatch(/已提交/)
    needId = (await item.getAttribute('data-id')) ?? ''
    expect(needId).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('staff1 finds it in the queue, triages it, starts and resolves it', async () => {
    staff = await h5.as('staff1')
    const entry = staff.locator(visible('.home-queue'))
    await entry.waitFor({ timeout: 20_000 })
    await staff.locator(visible('.home-queue-count')).waitFor({ timeout: 20_000 })
    expect(await staff.locator(visible('.home-queue-count')).innerText()).toMatch(/\d+\+? 条待研判/)
    await entry.click()
    await staff.waitForURL(/packageNeeds\/pages\/queue/)

    await staff.locator(visible('.needs-queue')).waitFor()
    expect(await staff.locator(visible('.queue-filter-pending')).getAttribute('class')).toContain('is-active')
    const queued = staff.locator(visible('.queue-item'), { hasText: title })
    await queued.waitFor({ timeout: 20_000 })
    expect(await queued.innerText()).toMatch(/已提交/)
    await staff.screenshot({ path: path.join(SHOTS, 'e2e-needs-queue.png') })
    await queued.click()

    await staff.waitForURL(/packageNeeds\/pages\/detail/)
    await staff.locator(visible('.need-detail')).waitFor({ timeout: 20_000 })
    expect(await status(staff).innerText()).toBe('已提交')
    // staff see the personal fields and can turn it down, but not rate it
    expect(await staff.locator(visible('.need-action-rejected')).count()).toBe(1)
    expect(await staff.locator(visible('.rating-submit')).count()).toBe(0)
    await staff.locator(visible('.need-triage')).click()

    await staff.waitForURL(/packageNeeds\/pages\/triage/)
    await staff.locator(visible('.triage-severity-general')).waitFor({ timeout: 20_000 })
    // the community's SLA rule, read from the API
    expect(await staff.locator(visible('.triage-severity-general')).innerText()).toMatch(/1 小时内办结/)
    await staff.locator(visible('.triage-track-shared')).click()
    await staff.locator(visible('.triage-severity-general')).click()
    await staff.locator(visible('.triage-note textarea')).fill('已联系物业，今天安排电梯维保公司检修')
    await staff.locator(visible('.triage-submit')).click()

    // back on the detail page, reloaded on show
    await staff.waitForURL(/packageNeeds\/pages\/detail/, { timeout: 20_000 })
    await staff.locator(visible('.need-action-in_progress')).waitFor({ timeout: 20_000 })
    expect(await status(staff).innerText()).toBe('已研判')
    expect(await staff.locator(visible('.need-due')).innerText()).toMatch(/^应于 .+ 前办结$/)
    expect(await staff.locator(visible('.need-detail-track')).innerText()).toBe('大家事')

    await staff.locator(visible('.need-action-in_progress')).click()
    await staff.locator(visible('.need-action-resolved')).waitFor({ timeout: 20_000 })
    expect(await status(staff).innerText()).toBe('处理中')

    // time travel: the deadline has passed, so the need is late everywhere staff look
    await h5.api.sql(`update public.needs set due_at = now() - interval '2 hours' where id = $1`, [needId])
    await staff.reload()
    await staff.locator(visible('.need-overdue')).waitFor({ timeout: 20_000 })
    expect(await staff.locator(visible('.need-overdue')).innerText()).toBe('已超期')

    // 已解决 needs the 办理结果: refused empty (the field is named and revealed), then sent after a confirmation naming the need
    await staff.locator(visible('.need-action-resolved')).click()
    await staff.locator(visible('.action-reason textarea')).waitFor({ timeout: 20_000 })
    await staff.locator(visible('.action-confirm')).click()
    await staff.locator(visible('.field-error-note')).waitFor({ timeout: 10_000 })
    expect(await staff.locator(visible('.field-error-note')).innerText()).toBe('请填写办理结果，居民会看到')
    await staff.locator(visible('.action-reason textarea')).fill('维保公司已更换电梯导靴，试运行无异响')
    await staff.locator(visible('.action-confirm')).click()
    const modal = staff.locator('.taro-modal__content', { hasText: `确认将「${title}」标记为已解决？居民会看到您填写的办理结果。` })
    await modal.waitFor({ timeout: 20_000 })
    await staff.screenshot({ path: path.join(SHOTS, 'e2e-need-resolve-confirm.png') })
    await staff.locator('.taro-model__confirm').click()
    await staff.locator(visible('.need-detail-status'), { hasText: '已解决' }).waitFor({ timeout: 20_000 })
    expect(await staff.locator(visible('.need-overdue')).count()).toBe(0)
    expect(await staff.locator(visible('.need-outcome-note')).innerText()).toBe('维保公司已更换电梯导靴，试运行无异响')
  })

  it('resident1 sees the whole timeline and rates the result 5 stars', async () => {
    await resident.locator(visible('.need-item'), { hasText: title }).click()
    await resident.waitForURL(/packageNeeds\/pages\/detail/)
    await resident.locator(visible('.need-detail')).waitFor({ timeout: 20_000 })
    expect(await status(resident).innerText()).toBe('已解决')
    // the 办理结果 card comes first; the need is named by its 受理编号, never its id
    expect(await resident.locator(visible('.need-outcome-title')).innerText()).toBe('办理结果')
    expect(await resident.locator(visible('.need-outcome-note')).innerText()).toBe('维保公司已更换电梯导靴，试运行无异响')
    expect(await resident.locator(visible('.need-detail-ref')).innerText()).toMatch(/^受理编号\s*HP-\d{8}-\d{4}$/)
    expect(await resident.locator(visible('.need-detail')).innerText()).not.toContain(needId)
    await resident.locator(visible('.need-outcome')).screenshot({ path: path.join(SHOTS, 'e2e-need-outcome.png') })

    const steps = resident.locator(visible('.timeline-item'))
    await expect.poll(() => steps.count(), { timeout: 20_000 }).toBe(4)
    const labels = await resident.locator(visible('.timeline-item .timeline-status')).allInnerTexts()
    // plain words for the resident: 社区已受理, 正在办理
    expect(labels).toEqual(['提交需求', '社区已受理', '正在办理', '已解决'])
    expect(await steps.nth(3).innerText()).toMatch(/办理结果：维保公司已更换电梯导靴/)
    const triageStep = await steps.nth(1).innerText()
    expect(triageStep).toMatch(/陈主任/)
    expect(triageStep).toMatch(/已联系物业/)
    // the owner does not follow their own need
    expect(await resident.locator(visible('.need-follow')).count()).toBe(0)
    // Taro H5 scrolls inside its page element, so a full-page shot would cut the card: shoot the card itself
    await resident.locator(visible('.need-progress')).screenshot({ path: path.join(SHOTS, 'e2e-need-timeline.png') })

    // no stars picked: the form says so and sends nothing
    await resident.locator(visible('.rating-submit')).click()
    await resident.locator(visible('.field-error-rating')).waitFor()
    expect(await resident.locator(visible('.field-error-rating')).innerText()).toBe('请选择 1 到 5 星')

    await resident.locator(visible('.rating-star-5')).click()
    await resident.locator(visible('.rating-comment textarea')).fill('维修师傅当天就来了，电梯没有异响了，谢谢社区！')
    await resident.locator(visible('.rating-submit')).click()

    await resident.locator(visible('.need-rating')).waitFor({ timeout: 20_000 })
    expect(await resident.locator(visible('.need-rating .rating-star-view.is-on')).count()).toBe(5)
    expect(await resident.locator(visible('.need-rating')).innerText()).toMatch(/5 星/)
    expect(await status(resident).innerText()).toBe('已评价')
    expect(await resident.locator(visible('.rating-submit')).count()).toBe(0)
    await expect.poll(() => resident.locator(visible('.timeline-item')).count()).toBe(5)
    // let the 感谢您的评价 toast go before taking the picture
    await resident.waitForFunction(
      () => Array.from(document.querySelectorAll<HTMLElement>('.taro__toast')).every((el) => getComputedStyle(el).display === 'none'),
      undefined,
      { timeout: 5_000 },
    )
    await resident.locator(visible('.need-detail')).evaluate((el) => el.scrollIntoView())
    await resident.screenshot({ path: path.join(SHOTS, 'e2e-need-rated.png') })

    // and the database agrees
    const token = await h5.api.login('resident1')
    const res = await h5.api.call('GET', `/api/needs/${needId}`, { token })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ status: 'evaluated', rating: 5, ratingComment: '维修师傅当天就来了，电梯没有异响了，谢谢社区！', track: 'shared', severity: 'general' })
    expect(res.body.timeline.map((e: { to: string }) => e.to)).toEqual(['submitted', 'triaged', 'in_progress', 'resolved', 'evaluated'])
  })
})
