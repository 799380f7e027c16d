import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApi, type TestApi } from '../helpers/api'

describe('PATCH /api/me: a first WeChat login names themself', () => {
  let api: TestApi
  beforeAll(async () => {
    api = await startTestApi('me_api')
  })
  afterAll(async () => {
    await api?.close()
  })

  it('a new WeChat user is 微信用户 until they give a name; the name is trimmed and kept', async () => {
    const login = await api.call('POST', '/api/auth/wechat', { body: { code: 'ok-me-new-person' } })
    expect(login.status).toBe(200)
    expect(login.body.profile.displayName).toBe('微信用户')
    const token = login.body.token as string
    const r = await api.call('PATCH', '/api/me', { token, body: { displayName: '  钱奶奶 ' } })
    expect(r.status).toBe(200)
    expect(r.body.displayName).toBe('钱奶奶')
    expect((await api.call('GET', '/api/me', { token })).body.displayName).toBe('钱奶奶')
  })

  it('the demo newcomer is a fresh WeChat-style profile with no community each time', async () => {
    const a = await api.call('POST', '/api/auth/dev', { body: { handle: 'newcomer' } })
    const b = await api.call('POST', '/api/auth/dev', { body: { handle: 'newcomer' } })
    expect(a.status).toBe(200)
    expect(a.body.profile).toMatchObject({ displayName: '微信用户', communityId: null, roles: [], handle: null })
    expect(b.body.profile.id).not.toBe(a.body.profile.id)
    const need = await api.call('POST', '/api/needs', { token: a.body.token, body: { title: '楼道灯坏了', description: '3单元楼道灯坏了一周，晚上老人上下楼很危险。', category: 'facility_repair' } })
    expect(need.status).toBe(403)
    expect(need.body.error.code).toBe('need.no_community')
  })

  it('refuses an empty, too long or NUL-carrying name with 400 naming displayName, and a missing login with 401', async () => {
    const token = await api.login('resident1')
    for (const displayName of ['', '   ', '一'.repeat(21), '张\u0000三', '张\u0007三', 42]) {
      const r = await api.call('PATCH', '/api/me', { token, body: { displayName } })
      expect(r.status, String(displayName)).toBe(400)
      expect(r.body.error.field).toBe('displayName')
    }
    expect((await api.call('GET', '/api/me', { token })).body.displayName).toBe('张阿姨')
    expect((await api.call('PATCH', '/api/me', { body: { displayName: '某人' } })).status).toBe(401)
  })

  it('a body cannot stand in for the path: the id in the URL wins', async () => {
    const staff = await api.login('staff1')
    const r2 = await api.login('resident2')
    const r1 = await api.login('resident1')
    const body = { title: '楼道灯坏了', description: '3单元楼道灯坏了一周，晚上老人上下楼很危险。', category: 'facility_repair' }
    const a = (await api.call('POST', '/api/needs', { token: r2, body })).body
    const b = (await api.call('POST', '/api/needs', { token: r2, body: { ...body, title: '电梯经常停运' } })).body
    const r = await api.call('POST', `/api/needs/${a.id}/follow`, { token: r1, body: { id: b.id } })
    expect(r.status).toBe(200)
    expect(r.body).toEqual({ id: a.id, followers: 1, following: true })
    // a broken percent-encoding in a path parameter is a 400 naming it, not a crash
    const broken = await api.call('GET', '/api/needs/%E0%A4%A', { token: staff })
    expect(broken.status).toBe(400)
    expect(broken.body.error.field).toBe('id')
  })
})
