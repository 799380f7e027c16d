import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ZMember } from '../../core/contracts/admin'
import { startTestApi, type TestApi } from '../helpers/api'
import { IDS } from '../helpers/db'

/**
 * POST /api/admin/members/{profileId}/suspend over real HTTP: the contract's 400s name the field, the SQL function's
 * 403/404s come through with their Chinese messages, and a suspension takes effect on the person's very next request
 * under the token they already hold (the gateway runs app.check_request on every call).
 */
describe('suspending and reinstating an account over HTTP', () => {
  let api: TestApi
  const t: Record<string, string> = {}
  const path = (id: string) => `/api/admin/members/${id}/suspend`
  beforeAll(async () => {
    api = await startTestApi('suspension')
    for (const h of ['resident1', 'resident2', 'resident3', 'staff1', 'staff2', 'admin1', 'grid1']) t[h] = await api.login(h)
  })
  afterAll(async () => {
    await api?.close()
  })

  it('400 naming reason: missing, blank or too short when suspending; a missing `suspend` names suspend', async () => {
    for (const body of [{ suspend: true }, { suspend: true, reason: '   ' }, { suspend: true, reason: '坏' }, { suspend: true, reason: 'x'.repeat(201) }]) {
      const r = await api.call('POST', path(IDS.resident1), { token: t.admin1, body })
      expect(r.status, JSON.stringify(body)).toBe(400)
      expect(r.body.error.field).toBe('reason')
      expect(r.body.error.message).toMatch(/原因/)
    }
    const r = await api.call('POST', path(IDS.resident1), { token: t.admin1, body: { reason: '违反社区公约' } })
    expect([r.status, r.body.error.field]).toEqual([400, 'suspend'])
    const bad = await api.call('POST', path('not-an-id'), { token: t.admin1, body: { suspend: true, reason: '违反社区公约' } })
    expect([bad.status, bad.body.error.field]).toEqual([400, 'profileId'])
    expect((await api.sql<{ s: Date | null }>('select suspended_at as s from public.profiles where id = $1', [IDS.resident1]))[0].s).toBeNull()
  })

  it('403 and 404 with Chinese messages: staff, another community\'s staff, a resident, oneself, a street admin', async () => {
    const cases: [string, string, number, string][] = [
      ['staff1', IDS.resident1, 403, 'member.suspend_forbidden'],
      ['staff2', IDS.resident1, 404, 'member.not_found'],
      ['resident2', IDS.resident1, 403, 'auth.forbidden'],
      ['admin1', IDS.admin1, 403, 'member.suspend_self'],
      ['staff1', IDS.admin1, 403, 'member.suspend_street_admin'],
    ]
    for (const [who, id, status, code] of cases) {
      const r = await api.call('POST', path(id), { token: t[who], body: { suspend: true, reason: '违反社区公约' } })
      expect(`${who}: ${r.status} ${r.body.error?.code}`).toBe(`${who}: ${status} ${code}`)
      expect(r.body.error.message).toMatch(/[\u4e00-\u9fa5]/)
    }
    expect((await api.call('POST', path(IDS.resident1), { body: { suspend: true, reason: '违反社区公约' } })).status).toBe(401)
  })

  it('suspended: the next request with the still-valid token is 403 auth.suspended; reinstated: 200 again', async () => {
    const token = t.resident3
    expect((await api.call('GET', '/api/me', { token })).status).toBe(200)

    const s = await api.call('POST', path(IDS.resident3), { token: t.admin1, body: { suspend: true, reason: '冒用他人身份提交诉求' } })
    expect(s.status, JSON.stringify(s.body)).toBe(200)
    expect(ZMember.parse(s.body)).toMatchObject({ profileId: IDS.resident3, suspended: true, suspendedReason: '冒用他人身份提交诉求' })

    for (const [method, p, body] of [
      ['GET', '/api/me', undefined],
      ['GET', '/api/needs/mine', undefined],
      ['POST', '/api/needs', { title: '楼道灯坏了', description: '三楼楼道灯坏了一个星期了', category: 'facility_repair' }],
    ] as const) {
      const r = await api.call(method, p, { token, body })
      expect(`${method} ${p}: ${r.status} ${r.body.error?.code}`).toBe(`${method} ${p}: 403 auth.suspended`)
      expect(r.body.error.message).toBe('账号已被停用，如有疑问请联系社区工作人员')
    }
    // the list shows the badge to the community's staff
    const list = await api.call('GET', `/api/admin/members?communityId=${IDS.communityB}`, { token: t.staff2 })
    expect(list.status).toBe(200)
    expect(list.body.items.find((m: { profileId: string }) => m.profileId === IDS.resident3)).toMatchObject({ suspended: true, canSuspend: false })

    const again = await api.call('POST', path(IDS.resident3), { token: t.admin1, body: { suspend: true, reason: '冒用他人身份提交诉求' } })
    expect([again.status, again.body.error.code]).toEqual([409, 'member.already_suspended'])

    const back = await api.call('POST', path(IDS.resident3), { token: t.admin1, body: { suspend: false } })
    expect(back.status, JSON.stringify(back.body)).toBe(200)
    expect(back.body).toMatchObject({ suspended: false, suspendedReason: null })
    expect((await api.call('GET', '/api/me', { token })).status).toBe(200)

    const log = await api.call('GET', `/api/admin/audit?communityId=${IDS.communityB}`, { token: t.admin1 })
    expect(log.status).toBe(200)
    expect(log.body.items.filter((e: { action: string }) => e.action.startsWith('member.')).map((e: { action: string; detail: unknown }) => [e.action, e.detail]))
      .toEqual([['member.reinstated', {}], ['member.suspended', { reason: '冒用他人身份提交诉求' }]])
  })

  it('the path wins: a profileId in the body cannot redirect the action', async () => {
    const r = await api.call('POST', path(IDS.grid1), { token: t.admin1, body: { profileId: IDS.resident2, suspend: true, reason: '测试路径优先' } })
    expect(r.status).toBe(200)
    expect(r.body.profileId).toBe(IDS.grid1)
    await api.call('POST', path(IDS.grid1), { token: t.admin1, body: { suspend: false } })
    expect((await api.call('GET', '/api/me', { token: t.resident2 })).status).toBe(200)
  })
})
