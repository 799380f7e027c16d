import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { IDS } from '../helpers/db'
import { SHOTS, visible } from '../helpers/browser'
import { fileNeed, triageNeed, useH5App } from '../helpers/flows'

// Reaching people (issue 12) in the H5 build: staff resolve a need with a note → the resident sees the unread count on
// 消息 from 首页, opens it, reads the note and lands on the need; a notice staff publish shows on the resident's 首页.

describe('messages and notices reach people, in the H5 build', () => {
  const h5 = useH5App('e2e_reaching')

  it('staff resolve a need with a note; the resident sees 1 unread on 消息, opens it and lands on the need', async () => {
    const resident = await h5.api.login('resident2')
    const staff = await h5.api.login('staff1')
    const need = await fileNeed(h5.api, resident, { title: '单元门禁坏了', description: '2号楼单元门禁刷卡没反应，老人进出不方便。' })
    await triageNeed(h5.api, staff, need.id)
    // the triage message is already read; the resolution with its note is the one to notice
    await h5.api.call('POST', '/api/notifications/read', { token: resident, body: { all: true } })
    for (const [to, note] of [['in_progress', undefined], ['resolved', '已更换门禁读卡器，请刷卡试试']] as const) {
      const r = await h5.api.call('POST', `/api/needs/${need.id}/transition`, { token: staff, body: { to, note } })
      expect(r.status, JSON.stringify(r.body)).toBe(200)
    }

    const page = await h5.as('resident2')
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
    const list = await h5.api.call('GET', '/api/notifications', { token: resident })
    const opened = list.body.items.filter((i: { body: string }) => i.body.includes('已更换门禁读卡器'))
    expect(opened).toHaveLength(1)
    expect(opened[0].readAt).not.toBeNull()
  })

  it("a notice staff publish to the community shows on a resident's 首页 and opens", async () => {
    const staff = await h5.api.login('staff1')
    const r = await h5.api.call('POST', '/api/announcements', {
      token: staff,
      body: { scope: 'community', communityId: IDS.communityA, title: '本周六停水通知', body: '因管道检修，本周六 8:00-12:00 停水，请提前储水。', pinned: true },
    })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    const seen = await h5.api.call('GET', `/api/announcements?communityId=${IDS.communityA}`, { token: await h5.api.login('resident1') })
    expect(seen.body.items.map((a: { title: string }) => a.title), JSON.stringify(seen.body)).toContain('本周六停水通知')
    const page = await h5.as('resident1')
    await page.screenshot({ path: path.join(SHOTS, 'e2e-home-notices.png'), fullPage: true })
    const notice = page.locator(visible('.notice-board-item'), { hasText: '本周六停水通知' })
    await notice.waitFor({ timeout: 20_000 })
    await notice.click()
    await page.waitForURL(/packageInfo\/pages\/announcement-detail/, { timeout: 20_000 })
    await page.locator('.taro_page_stationed:not(.taro_page_shade)', { hasText: '因管道检修' }).first().waitFor({ timeout: 20_000 })
    await page.screenshot({ path: path.join(SHOTS, 'e2e-notice.png') })
  })
})
