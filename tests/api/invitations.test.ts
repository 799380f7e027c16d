import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  ZAcceptInvitationResponse, ZCreateInvitationResponse, ZInvitation, ZInvitationPreview, ZListAuditResponse, ZListInvitationsResponse,
} from '../../core/contracts/admin'
import { ZListNeedsResponse } from '../../core/contracts/needs'
import { IDS } from '../helpers/db'
import { startTestApi, type TestApi } from '../helpers/api'

const GRID_B1 = '30000000-0000-4000-8000-0000000000b1'

describe('invitations over HTTP', () => {
  let api: TestApi
  const t: Record<string, string> = {}
  let n = 0
  /** A never-seeded person through the WeChat login (fake WeChat). */
  const newcomer = async () => {
    const r = await api.call('POST', '/api/auth/wechat', { body: { code: `ok-invited-${++n}` } })
    expect(r.status).toBe(200)
    return { token: r.body.token as string, id: r.body.profile.id as string }
  }
  const invite = (token: string, body: Record<string, unknown>) => api.call('POST', '/api/admin/invitations', { token, body: { communityId: IDS.communityA, ...body } })

  beforeAll(async () => {
    api = await startTestApi('invitations_api')
    for (const h of ['resident1', 'resident3', 'staff1', 'staff2', 'grid1', 'unit1', 'admin1']) t[h] = await api.login(h)
  })
  afterAll(async () => {
    await api?.close()
  })

  it('who may invite: staff of the community for staff, grid workers and units; only the street admin for admin', async () => {
    for (const [who, body, status] of [
      ['resident1', { role: 'staff' }, 403],
      ['grid1', { role: 'grid_worker', gridId: IDS.gridA1 }, 403],
      ['unit1', { role: 'unit', unitName: '某某公司' }, 403],
      ['staff2', { role: 'staff' }, 403], // staff of B into A
      ['staff2', { role: 'unit', unitName: '某某公司' }, 403],
      ['staff1', { role: 'admin' }, 403],
      ['staff1', { role: 'staff' }, 201],
      ['staff1', { role: 'grid_worker', gridId: IDS.gridA1 }, 201],
      ['staff1', { role: 'unit', unitName: '市第一医院', partnerType: 'public_welfare' }, 201],
      ['admin1', { role: 'admin' }, 201],
      ['admin1', { role: 'staff' }, 201],
    ] as const) {
      const r = await invite(t[who], body)
      expect(r.status, `${who} ${JSON.stringify(body)}`).toBe(status)
      if (status === 403) expect(r.body.error.message).toMatch(/[\u4e00-\u9fff]/)
    }
    const r = await invite(t.staff1, { role: 'admin' })
    expect(r.body.error.code).toBe('invitation.admin_only_street')
    // request shape errors name the field
    expect((await invite(t.staff1, { role: 'grid_worker' })).body.error.field).toBe('gridId')
    expect((await invite(t.staff1, { role: 'grid_worker', gridId: GRID_B1 })).body.error.field).toBe('gridId')
    expect((await invite(t.staff1, { role: 'unit' })).body.error.field).toBe('unitName')
    expect((await invite(t.staff1, { role: 'resident' })).body.error.field).toBe('role')
  })

  it('the created invitation carries a code, a QR code of the accept page and a 7-day expiry', async () => {
    const r = await invite(t.staff1, { role: 'grid_worker', gridId: IDS.gridA1 })
    expect(r.status).toBe(201)
    const inv = ZCreateInvitationResponse.parse(r.body)
    expect(inv.code).toMatch(/^[A-HJKMNP-Z2-9]{8}$/)
    expect(inv).toMatchObject({ role: 'grid_worker', status: 'pending', communityName: '和平社区', gridName: '第一网格', createdByName: '陈主任' })
    expect(inv.link).toBe(`/packageJoin/pages/accept/index?code=${inv.code}`)
    expect(inv.qrSvg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/)
    const days = (Date.parse(inv.expiresAt) - Date.parse(inv.createdAt)) / 86_400_000
    expect(days).toBeCloseTo(7, 5)
    const list = ZListInvitationsResponse.parse((await api.call('GET', `/api/admin/invitations?communityId=${IDS.communityA}`, { token: t.staff1 })).body)
    expect(list.items[0]).toMatchObject({ id: inv.id, status: 'pending' })
    expect((await api.call('GET', `/api/admin/invitations?communityId=${IDS.communityA}`, { token: t.staff2 })).status).toBe(403)
    expect((await api.call('GET', `/api/admin/invitations?communityId=${IDS.communityA}`, { token: t.resident1 })).status).toBe(403)
  })

  it('a new person accepts a staff invitation and at once sees community A’s queue', async () => {
    const inv = ZCreateInvitationResponse.parse((await invite(t.staff1, { role: 'staff' })).body)
    const me = await newcomer()
    expect((await api.call('GET', '/api/needs', { token: me.token })).status).toBe(403)
    const preview = await api.call('GET', `/api/invitations/${inv.code.toLowerCase()}`, { token: me.token })
    expect(preview.status).toBe(200)
    expect(ZInvitationPreview.parse(preview.body)).toMatchObject({ role: 'staff', communityName: '和平社区', streetName: '幸福街道', invitedByName: '陈主任', status: 'pending' })
    const r = await api.call('POST', `/api/invitations/${inv.code}/accept`, { token: me.token })
    expect(r.status).toBe(200)
    const ok = ZAcceptInvitationResponse.parse(r.body)
    expect(ok).toMatchObject({ role: 'staff', communityId: IDS.communityA, communityName: '和平社区', unitId: null })
    expect(ok.profile).toMatchObject({ communityId: IDS.communityA, roles: ['staff'] })
    const queue = await api.call('GET', '/api/needs', { token: me.token })
    expect(queue.status).toBe(200)
    ZListNeedsResponse.parse(queue.body)
    // the accepted invitation shows who took it; the audit log has the grant
    const list = ZListInvitationsResponse.parse((await api.call('GET', `/api/admin/invitations?communityId=${IDS.communityA}`, { token: t.staff1 })).body)
    expect(list.items.find((i) => i.id === inv.id)).toMatchObject({ status: 'accepted', acceptedByName: '微信用户' })
    const log = ZListAuditResponse.parse((await api.call('GET', `/api/admin/audit?communityId=${IDS.communityA}`, { token: t.staff1 })).body)
    expect(log.items.slice(0, 2).map((e) => `${e.action}:${e.detail.role}`)).toEqual(['role.granted:staff', 'invitation.accepted:staff'])

    // single use
    const second = await newcomer()
    const used = await api.call('POST', `/api/invitations/${inv.code}/accept`, { token: second.token })
    expect(used.status).toBe(410)
    expect(used.body.error).toMatchObject({ code: 'invitation.used', field: 'code' })
    expect((await api.call('GET', `/api/invitations/${inv.code}`, { token: second.token })).body.status).toBe('accepted')
  })

  it('grid worker, unit and admin invitations grant what they say', async () => {
    const gw = ZCreateInvitationResponse.parse((await invite(t.staff1, { role: 'grid_worker', gridId: IDS.gridA1 })).body)
    const g = await newcomer()
    const acc = ZAcceptInvitationResponse.parse((await api.call('POST', `/api/invitations/${gw.code}/accept`, { token: g.token })).body)
    expect(acc.profile.roles).toEqual(['grid_worker'])
    // a grid worker sees the queue of their grid
    expect((await api.call('GET', '/api/needs', { token: g.token })).status).toBe(200)

    const unit = ZCreateInvitationResponse.parse((await invite(t.staff1, { role: 'unit', unitName: '蓝天物业', partnerType: 'property' })).body)
    const u = await newcomer()
    const ua = ZAcceptInvitationResponse.parse((await api.call('POST', `/api/invitations/${unit.code}/accept`, { token: u.token })).body)
    expect(ua.unitId).toMatch(/^[0-9a-f-]{36}$/)
    expect(ua.profile).toMatchObject({ roles: ['unit'], displayName: '微信用户' })
    const units = await api.call('GET', `/api/admin/members?communityId=${IDS.communityA}&role=unit`, { token: t.staff1 })
    expect(units.body.items.map((m: { unitName: string }) => m.unitName).sort()).toEqual(['红星物业', '蓝天物业'])

    const adm = ZCreateInvitationResponse.parse((await invite(t.admin1, { role: 'admin' })).body)
    // staff do not see an admin invitation (its code would make them a street admin)
    const staffList = ZListInvitationsResponse.parse((await api.call('GET', `/api/admin/invitations?communityId=${IDS.communityA}`, { token: t.staff1 })).body)
    expect(staffList.items.some((i) => i.id === adm.id)).toBe(false)
    expect((await api.call('POST', `/api/admin/invitations/${adm.id}/revoke`, { token: t.staff1 })).status).toBe(404)
    const a = await newcomer()
    const aa = ZAcceptInvitationResponse.parse((await api.call('POST', `/api/invitations/${adm.code}/accept`, { token: a.token })).body)
    expect(aa.profile.adminStreetIds).toEqual([IDS.street])
    expect(aa.profile.roles).toEqual(['admin'])
    // a street admin: may now invite into B too, and list the whole street's members
    expect((await invite(a.token, { communityId: IDS.communityB, role: 'staff' })).status).toBe(201)
    expect((await api.call('GET', '/api/admin/members', { token: a.token })).status).toBe(200)
  })

  it('expired, revoked, unknown and malformed codes', async () => {
    const old = ZCreateInvitationResponse.parse((await invite(t.staff1, { role: 'staff' })).body)
    await api.sql(`update public.invitations set expires_at = now() - interval '1 second' where id = $1`, [old.id])
    const me = await newcomer()
    const expired = await api.call('POST', `/api/invitations/${old.code}/accept`, { token: me.token })
    expect(expired.status).toBe(410)
    expect(expired.body.error.code).toBe('invitation.expired')
    expect((await api.call('GET', `/api/invitations/${old.code}`, { token: me.token })).body.status).toBe('expired')

    const gone = ZCreateInvitationResponse.parse((await invite(t.staff1, { role: 'unit', unitName: '某某超市' })).body)
    expect((await api.call('POST', `/api/admin/invitations/${gone.id}/revoke`, { token: t.staff2 })).status).toBe(404)
    expect((await api.call('POST', `/api/admin/invitations/${gone.id}/revoke`, { token: t.resident1 })).status).toBe(404)
    const rv = await api.call('POST', `/api/admin/invitations/${gone.id}/revoke`, { token: t.staff1 })
    expect(rv.status).toBe(200)
    expect(ZInvitation.parse(rv.body).status).toBe('revoked')
    const revoked = await api.call('POST', `/api/invitations/${gone.code}/accept`, { token: me.token })
    expect(revoked.status).toBe(410)
    expect(revoked.body.error.code).toBe('invitation.revoked')

    const unknown = await api.call('POST', '/api/invitations/ZZZZ2222/accept', { token: me.token })
    expect(unknown.status).toBe(404)
    expect(unknown.body.error.code).toBe('invitation.not_found')
    expect((await api.call('GET', '/api/invitations/ZZZZ2222', { token: me.token })).status).toBe(404)
    for (const bad of ['abc', 'ABCDEFG0', 'ABCDEFGHI', 'ABCD%20EF']) {
      const r = await api.call('POST', `/api/invitations/${bad}/accept`, { token: me.token })
      expect(r.status, bad).toBe(400)
      expect(r.body.error.field).toBe('code')
    }
    expect((await api.call('POST', `/api/invitations/${old.code}/accept`)).status).toBe(401)
    // nothing was granted by any of these
    expect((await api.call('GET', '/api/me', { token: me.token })).body.roles).toEqual([])
  })

  it('20 people accepting one code at the same moment: exactly one succeeds, the rest get 410', async () => {
    const inv = ZCreateInvitationResponse.parse((await invite(t.staff1, { role: 'staff' })).body)
    const people = await Promise.all(Array.from({ length: 20 }, () => newcomer()))
    const results = await Promise.all(people.map((p) => api.call('POST', `/api/invitations/${inv.code}/accept`, { token: p.token })))
    expect(results.filter((r) => r.status === 200)).toHaveLength(1)
    expect(results.filter((r) => r.status === 410)).toHaveLength(19)
    const [{ n: holders }] = await api.sql<{ n: number }>(
      `select count(*)::int as n from public.profile_roles where role = 'staff' and profile_id = any($1::uuid[])`, [people.map((p) => p.id)])
    expect(holders).toBe(1)
  })

  it('invitation lists page with an opaque cursor; a forged one is a 400 on `cursor`', async () => {
    for (let i = 0; i < 22; i++) expect((await invite(t.staff1, { role: 'unit', unitName: `分页单位${i}` })).status).toBe(201)
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const page = ZListInvitationsResponse.parse((await api.call('GET', `/api/admin/invitations?communityId=${IDS.communityA}${cursor ? `&cursor=${cursor}` : ''}`, { token: t.staff1 })).body)
      seen.push(...page.items.map((i) => i.id))
      cursor = page.nextCursor
    } while (cursor)
    expect(seen.length).toBeGreaterThan(22)
    expect(new Set(seen).size).toBe(seen.length)
    const forged = await api.call('GET', `/api/admin/invitations?communityId=${IDS.communityA}&cursor=WyJ4IiwieSJd`, { token: t.staff1 })
    expect(forged.status).toBe(400)
    expect(forged.body.error.field).toBe('cursor')
  })
})
