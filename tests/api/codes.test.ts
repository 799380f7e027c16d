import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { IDS } from '../helpers/db'
import { startTestApi, type TestApi } from '../helpers/api'
import { PNG_1X1 } from '../helpers/fake-wechat'

/**
 * The codes people scan: a community's join code and an invitation's code come both as a plain QR code (read by the
 * mini-program's 扫一扫) and, where WeChat is configured, as a 小程序码 from wxacode.getUnlimited (opened by WeChat's
 * own scanner), tested against the local fake WeChat server.
 */
describe('小程序码 and QR codes for joining and invitations', () => {
  let api: TestApi
  let staff: string
  beforeAll(async () => {
    api = await startTestApi('codes_api')
    staff = await api.login('staff1')
  })
  afterAll(async () => {
    await api?.close()
  })

  it("a community's code: the join page with scene c=<community code>, as an image, and the plain QR of the link", async () => {
    const r = await api.call('GET', `/api/admin/communities/${IDS.communityA}/qr`, { token: staff })
    expect(r.status).toBe(200)
    expect(r.body.miniProgramCode).toBe(`data:image/png;base64,${PNG_1X1}`)
    expect(r.body.qrSvg).toMatch(/^<svg/)
    expect(api.wechat.codes.at(-1)).toEqual({ scene: `c=${r.body.code}`, page: 'packageJoin/pages/join/index', check_path: false, env_version: 'release', width: 430 })
  })

  it("an invitation's code: the accept page with scene i=<code>; a stale access token is refreshed once", async () => {
    api.wechat.expireTokens()
    const r = await api.call('POST', '/api/admin/invitations', { token: staff, body: { communityId: IDS.communityA, role: 'staff' } })
    expect(r.status).toBe(201)
    expect(r.body.miniProgramCode).toBe(`data:image/png;base64,${PNG_1X1}`)
    expect(r.body.link).toBe(`/packageJoin/pages/accept/index?code=${r.body.code}`)
    expect(api.wechat.codes.at(-1)).toMatchObject({ scene: `i=${r.body.code}`, page: 'packageJoin/pages/accept/index' })
  })
})

describe('without WeChat configured (development, H5)', () => {
  let api: TestApi
  beforeAll(async () => {
    api = await startTestApi('codes_api_nowx', { WECHAT_APPID: '', WECHAT_SECRET: '' })
  })
  afterAll(async () => {
    await api?.close()
  })

  it('only the plain QR code comes back, and WeChat is not asked', async () => {
    const staff = await api.login('staff1')
    const r = await api.call('GET', `/api/admin/communities/${IDS.communityA}/qr`, { token: staff })
    expect(r.status).toBe(200)
    expect(r.body.miniProgramCode).toBeNull()
    expect(r.body.qrSvg).toMatch(/^<svg/)
    expect(api.wechat.codes).toEqual([])
  })
})
