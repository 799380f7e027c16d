import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decodeJwt } from 'jose'
import { ZLoginResponse, ZMeResponse } from '../../core/contracts/auth'
import { IDS } from '../helpers/db'
import { startTestApi, type TestApi } from '../helpers/api'

describe('auth endpoints over HTTP', () => {
  let api: TestApi
  beforeAll(async () => {
    api = await startTestApi('auth')
  })
  afterAll(async () => {
    await api?.close()
  })

  it('dev login returns a token and the profile with roles read from the database', async () => {
    const r = await api.call('POST', '/api/auth/dev', { body: { handle: 'party1' } })
    expect(r.status).toBe(200)
    const body = ZLoginResponse.parse(r.body)
    expect(body.profile.id).toBe(IDS.party1)
    expect(body.profile.roles.sort()).toEqual(['party_member', 'resident'])
    const claims = decodeJwt(body.token)
    expect(claims).toMatchObject({ sub: IDS.party1, role: 'authenticated', community_id: IDS.communityA })
    expect((claims.app_roles as string[]).sort()).toEqual(['party_member', 'resident'])
  })

  it('dev login ignores roles sent in the request', async () => {
    const r = await api.call('POST', '/api/auth/dev', { body: { handle: 'resident1', roles: ['staff'], app_roles: ['admin'] } })
    expect(r.status).toBe(200)
    expect(r.body.profile.roles).toEqual(['resident'])
    expect(decodeJwt(r.body.token).app_roles).toEqual(['resident'])
  })

  it('dev login: unknown handle → 400 naming handle; missing handle → 400 naming handle', async () => {
    const a = await api.call('POST', '/api/auth/dev', { body: { handle: 'nobody' } })
    expect(a.status).toBe(400)
    expect(a.body.error).toMatchObject({ code: 'auth.unknown_handle', field: 'handle' })
    const b = await api.call('POST', '/api/auth/dev', { body: {} })
    expect(b.status).toBe(400)
    expect(b.body.error.field).toBe('handle')
    expect(b.body.error.message).toMatch(/[\u4e00-\u9fa5]/)
  })

  it('GET /api/me returns the caller with personal data; no token → 401; bad token → 401', async () => {
    const token = await api.login('resident1')
    const r = await api.call('GET', '/api/me', { token })
    expect(r.status).toBe(200)
    expect(ZMeResponse.parse(r.body)).toMatchObject({ id: IDS.resident1, phone: '13800000001', communityName: '和平社区' })
    expect((await api.call('GET', '/api/me')).status).toBe(401)
    const bad = await api.call('GET', '/api/me', { token: token.slice(0, -4) + 'AAAA' })
    expect(bad.status).toBe(401)
    expect(bad.body.error.code).toBe('auth.invalid_token')
  })

  it('a token signed with another secret is refused', async () => {
    const { SignJWT } = await import('jose')
    const forged = await new SignJWT({ role: 'authenticated' })
      .setProtectedHeader({ alg: 'HS256' }).setSubject(IDS.staff1).setAudience('authenticated').setExpirationTime('1h')
      .sign(new TextEncoder().encode('another-secret-another-secret-another-secret'))
    expect((await api.call('GET', '/api/me', { token: forged })).status).toBe(401)
  })

  it('wechat login: a code becomes an openid at the fake WeChat, first login creates the profile once', async () => {
    const first = await api.call('POST', '/api/auth/wechat', { body: { code: 'ok-openid-abc' } })
    expect(first.status).toBe(200)
    const p1 = ZLoginResponse.parse(first.body).profile
    expect(p1).toMatchObject({ displayName: '微信用户', communityId: null, roles: [] })
    const second = await api.call('POST', '/api/auth/wechat', { body: { code: 'ok-openid-abc' } })
    expect(second.body.profile.id).toBe(p1.id)
    const seen = api.wechat.requests.at(-1)!
    expect(seen.pathname).toBe('/sns/jscode2session')
    expect(Object.fromEntries(seen.searchParams)).toEqual({
      appid: 'wx-test-app', secret: 'wx-test-secret', js_code: 'ok-openid-abc', grant_type: 'authorization_code',
    })
    const me = await api.call('GET', '/api/me', { token: second.body.token })
    expect(me.body.id).toBe(p1.id)
  })

  it('wechat login: invalid or used code → 400 naming code; WeChat down → 502; missing code → 400', async () => {
    for (const code of ['bad', 'used']) {
      const r = await api.call('POST', '/api/auth/wechat', { body: { code } })
      expect(r.status).toBe(400)
      expect(r.body.error).toMatchObject({ code: 'auth.wechat_invalid', field: 'code' })
    }
    const down = await api.call('POST', '/api/auth/wechat', { body: { code: 'boom' } })
    expect(down.status).toBe(502)
    const missing = await api.call('POST', '/api/auth/wechat', { body: {} })
    expect(missing.status).toBe(400)
    expect(missing.body.error.field).toBe('code')
  })
})

describe('auth endpoints when dev login is off and WeChat is not configured', () => {
  let api: TestApi
  beforeAll(async () => {
    api = await startTestApi('auth_off', { AUTH_DEV_LOGIN: '0', WECHAT_APPID: '', WECHAT_SECRET: '' })
  })
  afterAll(async () => {
    await api?.close()
  })

  it('POST /api/auth/dev is 404', async () => {
    const r = await api.call('POST', '/api/auth/dev', { body: { handle: 'resident1' } })
    expect(r.status).toBe(404)
    expect(r.body.token).toBeUndefined()
  })

  it('POST /api/auth/wechat is 503 with a Chinese message', async () => {
    const r = await api.call('POST', '/api/auth/wechat', { body: { code: 'ok-x' } })
    expect(r.status).toBe(503)
    expect(r.body.error.message).toMatch(/微信登录/)
  })
})
