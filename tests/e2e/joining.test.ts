import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { IDS } from '../helpers/db'
import { SHOTS, visible } from '../helpers/browser'
import { submitNeedForm, useH5App } from '../helpers/flows'

// People who were never seeded, in the H5 build against the real API on a real Postgres:
// 1. a first WeChat login with no community → the join page → name, community, micro-grid → submit a need;
// 2. the street administrator sets up a community with a grid and a micro-grid, invites a staff member, and that
//    person accepts and sees the new community's empty queue.
// The WeChat login itself runs over HTTP against the fake WeChat server (H5 has no wx.login); the browser then
// holds that session exactly as the mini-program would after `wx.login`.

describe('people who were never seeded, in the H5 build', () => {
  const h5 = useH5App('e2e_joining')

  /** `wx.login` → `/api/auth/wechat` (fake WeChat) → the session stored as Taro's storage keeps it. */
  async function wechatSession(p: Page, openid: string) {
    const login = await h5.api.call('POST', '/api/auth/wechat', { body: { code: `ok-${openid}` } })
    expect(login.status).toBe(200)
    await p.goto(h5.api.base + '/')
    await p.evaluate(({ token, profile }) => {
      localStorage.setItem('token', JSON.stringify({ data: token }))
      localStorage.setItem('profile', JSON.stringify({ data: JSON.stringify(profile) }))
    }, login.body)
    return login.body as { token: string; profile: { id: string } }
  }

  it('a first login with no community joins from the home page and submits a need', async () => {
    const page = await h5.newPage()
    const session = await wechatSession(page, 'e2e-newcomer')
    await page.goto(h5.api.base + '/#/pages/index/index')
    await page.locator(visible('.home-join')).click({ timeout: 30_000 })
    await page.waitForURL(/packageJoin\/pages\/join/)

    await page.locator(visible('.join-name input')).fill('钱奶奶')
    await page.locator(visible('.join-search input')).fill('和平')
    await page.locator(visible('.join-community'), { hasText: '和平社区' }).first().click({ timeout: 20_000 })
    // plain words: the resident is asked which building they live in, never about a 微网格
    await page.locator(visible('.join-micro-grids .join-label'), { hasText: '您住哪栋楼' }).waitFor({ timeout: 20_000 })
    expect(await page.locator(visible('.join-page')).innerText()).not.toContain('微网格')
    await page.locator(visible('.join-micro-grid'), { hasText: '2号楼' }).first().click({ timeout: 20_000 })
    await page.screenshot({ path: path.join(SHOTS, 'e2e-join.png') })
    await page.locator(visible('.join-confirm')).click()
    await page.waitForURL(/pages\/index\/index/, { timeout: 20_000 })
    await expect(page.locator(visible('.home-join')).count()).resolves.toBe(0)

    const me = await h5.api.call('GET', '/api/me', { token: session.token })
    expect(me.body).toMatchObject({ displayName: '钱奶奶', communityId: IDS.communityA, microGridId: IDS.microA2, roles: ['resident'] })

    // and now the need form works for them
    await page.goto(h5.api.base + '/#/pages/needs/index')
    await page.locator(visible('.needs-new')).first().click({ timeout: 20_000 })
    await page.waitForURL(/packageNeeds\/pages\/create/)
    const title = '2号楼门禁坏了'
    await submitNeedForm(page, { title, description: '2号楼单元门禁刷卡没反应，老人进出不方便。' })
    const mine = await h5.api.call('GET', '/api/needs/mine', { token: session.token })
    expect(mine.body.items.map((n: { title: string }) => n.title)).toEqual([title])
  })

  it('the street admin sets up a community, grid and micro-grid, invites staff; the invited person sees the empty queue', async () => {
    const page = await h5.as('admin1')
    await page.locator(visible('.home-admin')).click({ timeout: 20_000 })
    await page.waitForURL(/packageAdmin\/pages\/index/)
    await page.locator(visible('.admin-new-community')).click({ timeout: 20_000 })
    await page.waitForURL(/packageAdmin\/pages\/community-form/)
    await page.locator(visible('.cf-name input')).fill('幸福新苑')
    await page.locator(visible('.cf-scale-general')).click()
    await page.locator(visible('.cf-function-urban')).click()
    await page.locator(visible('.cf-subtype-mixed')).click()
    await page.locator(visible('.cf-phone input')).fill('025-80001234')
    await page.locator(visible('.cf-prefix input')).fill('xf')
    await page.locator(visible('.cf-submit')).click()
    const code = page.locator(visible('.cf-code'))
    await code.waitFor({ timeout: 20_000 })
    expect(await code.innerText()).toMatch(/320102-1U4-\d{3}/)
    const created = (await h5.api.sql<{ id: string; service_phone: string; ref_prefix: string }>(
      `select id, service_phone, ref_prefix from public.communities where name = '幸福新苑'`))[0]
    expect(created).toMatchObject({ service_phone: '025-80001234', ref_prefix: 'XF' })

    await page.goto(h5.api.base + `/#/packageAdmin/pages/structure/index?communityId=${created.id}`)
    await page.locator(visible('.structure-new-grid')).click({ timeout: 20_000 })
    await page.locator(visible('.grid-name input')).fill('第一网格')
    await page.locator(visible('.grid-households input')).fill('380')
    await page.locator(visible('.grid-submit')).click()
    await page.locator(visible('.structure-new-micro-grid')).first().click({ timeout: 20_000 })
    await page.locator(visible('.micro-name input')).fill('3号楼')
    await page.locator(visible('.micro-households input')).fill('30')
    await page.locator(visible('.micro-submit')).click()
    // 30 households is under the 50-80 guideline: saved, and the staff are told
    await page.locator(visible('.structure-warning')).first().waitFor({ timeout: 20_000 })
    expect(await page.locator(visible('.structure-warning')).first().innerText()).toMatch(/50-80/)
    await page.screenshot({ path: path.join(SHOTS, 'e2e-admin-structure.png') })

    await page.goto(h5.api.base + `/#/packageAdmin/pages/invitations/index?communityId=${created.id}`)
    await page.locator(visible('.invite-role-staff')).click({ timeout: 20_000 })
    await page.locator(visible('.invite-submit')).click()
    const codeBox = page.locator(visible('.invite-code'))
    await codeBox.waitFor({ timeout: 20_000 })
    await page.locator(visible('.invite-qr')).waitFor()
    const inviteCode = (await codeBox.innerText()).replace(/\s/g, '').match(/[A-Z2-9]{8}/)![0]
    await page.screenshot({ path: path.join(SHOTS, 'e2e-admin-invitation.png') })

    // the invited person: a first WeChat login, the invitation link, accept
    const staffPage = await h5.newPage()
    const staff = await wechatSession(staffPage, 'e2e-new-staff')
    await staffPage.goto(h5.api.base + `/#/packageJoin/pages/accept/index?code=${inviteCode}`)
    await staffPage.locator(visible('.accept-preview')).waitFor({ timeout: 20_000 })
    expect(await staffPage.locator(visible('.accept-preview')).innerText()).toMatch(/幸福新苑/)
    await staffPage.locator(visible('.accept-confirm')).click()
    const modal = staffPage.locator('.taro-model__confirm')
    if (await modal.isVisible().catch(() => false)) await modal.click()
    await staffPage.waitForURL(/pages\/index\/index/, { timeout: 20_000 })

    const me = await h5.api.call('GET', '/api/me', { token: staff.token })
    expect(me.body).toMatchObject({ communityId: created.id, roles: ['staff'] })
    await staffPage.goto(h5.api.base + '/#/packageNeeds/pages/queue/index')
    await staffPage.locator(visible('.queue-empty')).waitFor({ timeout: 20_000 })
    await staffPage.screenshot({ path: path.join(SHOTS, 'e2e-new-staff-queue.png') })
  })

  it("the community's staff set its service phone and 受理编号 prefix from 管理; residents' profiles carry the phone", async () => {
    const page = await h5.as('staff1')
    await page.goto(h5.api.base + '/#/packageAdmin/pages/index/index')
    await page.locator(visible('.admin-contact'), { hasText: '025-84561234' }).waitFor({ timeout: 20_000 })
    await page.locator(visible('.admin-edit')).click()
    await page.waitForURL(/packageAdmin\/pages\/community-form/)
    const phone = page.locator(visible('.cf-phone input'))
    await phone.waitFor({ timeout: 20_000 })
    expect(await phone.inputValue()).toBe('025-84561234')
    // staff change the phone and the prefix only: no name or classification here
    expect(await page.locator(visible('.cf-name')).count()).toBe(0)

    // a bad phone: refused at its field, which is brought into view with the cursor in it
    await phone.fill('打社区电话')
    await page.locator(visible('.cf-submit')).click()
    await page.locator(visible('.field-error-servicePhone')).waitFor({ timeout: 10_000 })
    await expect.poll(() => page.evaluate(() => document.activeElement?.closest('.cf-phone') !== null)).toBe(true)

    await phone.fill('025-84560000')
    await page.locator(visible('.cf-prefix input')).fill('HPN')
    await page.locator(visible('.cf-submit')).click()
    // the new prefix is confirmed first, naming the community
    const modal = page.locator('.taro-modal__content', { hasText: '「和平社区」今后的新需求编号将以 HPN 开头' })
    await modal.waitFor({ timeout: 10_000 })
    await page.locator('.taro-model__confirm').click()
    await page.waitForURL(/packageAdmin\/pages\/index/, { timeout: 20_000 })
    await page.locator(visible('.admin-contact'), { hasText: '025-84560000' }).waitFor({ timeout: 20_000 })
    expect(await page.locator(visible('.admin-prefix')).innerText()).toContain('HPN')

    const resident = await h5.api.call('POST', '/api/auth/dev', { body: { handle: 'resident1' } })
    expect(resident.body.profile.communityPhone).toBe('025-84560000')
    const need = await h5.api.call('POST', '/api/needs', {
      token: resident.body.token, body: { title: '前缀之后的需求', description: '换了前缀以后提交的需求，看看编号。', category: 'other' },
    })
    expect(need.status).toBe(201)
    const [row] = await h5.api.sql<{ ref_no: string }>(`select ref_no from public.needs where id = $1`, [need.body.id])
    expect(row.ref_no).toMatch(/^HPN-\d{8}-\d{4}$/)
    await page.screenshot({ path: path.join(SHOTS, 'e2e-admin-contact.png') })
    // put the demo community back as it was for the test below
    await h5.api.sql(`update public.communities set service_phone = '025-84561234', ref_prefix = 'HP' where id = $1`, [IDS.communityA])
  })

  it("a newcomer led to the join page at login scans the community's QR code: the community is already chosen", async () => {
    // staff1 shows 和平社区's QR code from 管理
    const staffPage = await h5.as('staff1')
    await staffPage.goto(h5.api.base + `/#/packageAdmin/pages/qr/index?communityId=${IDS.communityA}`)
    const code = (await staffPage.locator(visible('.community-qr-code')).innerText({ timeout: 20_000 })).trim()
    expect(code).toMatch(/^320102-2U3-\d{3}$/)
    await staffPage.locator(visible('.community-qr-image')).waitFor()
    await staffPage.screenshot({ path: path.join(SHOTS, 'e2e-community-qr.png') })
    const qr = await h5.api.call('GET', `/api/admin/communities/${IDS.communityA}/qr`, { token: await h5.api.login('staff1') })

    // a brand-new person (the demo picker's 新用户 does what a first WeChat login does) lands on the join page
    const page = await h5.newPage()
    await page.goto(h5.api.base + '/')
    await page.locator(visible('.demo-user-newcomer')).click({ timeout: 30_000 })
    await page.waitForURL(/packageJoin\/pages\/join/, { timeout: 20_000 })
    // the QR code opens the join page with the community chosen: straight to the micro-grids of 和平社区
    await page.goto(h5.api.base + '/#' + qr.body.link)
    await page.locator(visible('.join-micro-grid'), { hasText: '1号楼' }).first().waitFor({ timeout: 20_000 })
    await page.locator(visible('.join-name input')).fill('孙阿婆')
    await page.locator(visible('.join-micro-grid'), { hasText: '1号楼' }).first().click()
    await page.locator(visible('.join-confirm')).click()
    await page.waitForURL(/pages\/index\/index/, { timeout: 20_000 })
    const joined = await h5.api.sql<{ community_id: string; micro_grid_id: string }>(
      `select community_id, micro_grid_id from public.profiles where display_name = '孙阿婆'`)
    expect(joined).toEqual([{ community_id: IDS.communityA, micro_grid_id: IDS.microA1 }])
  })
})
