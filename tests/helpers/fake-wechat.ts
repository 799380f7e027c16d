import http from 'node:http'
import { listen } from '../../scripts/lib/api-server'

/**
 * A local HTTP stand-in for WeChat's auth.code2Session (GET /sns/jscode2session), speaking its shape:
 * 200 with `{ openid, session_key }` or 200 with `{ errcode, errmsg }`. Code `ok-<openid>` succeeds;
 * `used` is already consumed (40163); anything else is invalid (40029); `boom` answers 500.
 */
export interface WxaCodeRequest {
  scene: string
  page?: string
  check_path?: boolean
  env_version?: string
  width?: number
}

/** A 1×1 PNG: what the fake hands out as a 小程序码 image. */
export const PNG_1X1 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=='

export interface SubscribeSend {
  accessToken: string | null
  body: { touser: string; template_id: string; page: string; data: Record<string, { value: string }> }
}

/**
 * Also speaks the subscribe-message API: GET /cgi-bin/token (client_credential) and
 * POST /cgi-bin/message/subscribe/send. openid `refuser` has not subscribed (43101); `flaky` gets a
 * system-busy -1 once; a stale access token is refused with 40001 after `expireTokens()`.
 * And phonenumber.getPhoneNumber (POST /wxa/business/getuserphonenumber): code `phone-<11 digits>` returns that
 * number once, then 40029 like any unknown code; `phone-boom` is a -1 system error.
 * And wxacode.getUnlimited (POST /wxa/getwxacodeunlimit): a PNG for a valid scene and page, 40169 for a bad scene.
 */
export async function startFakeWechat(appid: string, secret: string) {
  const requests: URL[] = []
  const sends: SubscribeSend[] = []
  let tokenSeq = 0
  let validToken = ''
  const flakySeen = new Set<string>()
  // phonenumber.getPhoneNumber: code `phone-<11 digits>` answers that number once (codes are single use)
  const usedPhoneCodes = new Set<string>()
  // wxacode.getUnlimited: every 小程序码 asked for, answered with a tiny PNG
  const codes: WxaCodeRequest[] = []
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    requests.push(url)
    const chunks: Buffer[] = []
    for await (const c of req) chunks.push(c as Buffer)
    const raw = Buffer.concat(chunks).toString('utf8')
    const reply = (status: number, body: unknown) => {
      res.statusCode = status
      res.setHeader('Content-Type', 'application/json')
      res.end(JSON.stringify(body))
    }
    if (req.method === 'GET' && url.pathname === '/cgi-bin/token') {
      if (url.searchParams.get('appid') !== appid || url.searchParams.get('secret') !== secret) return reply(200, { errcode: 40013, errmsg: 'invalid appid' })
      validToken = `tok-${++tokenSeq}`
      return reply(200, { access_token: validToken, expires_in: 7200 })
    }
    if (req.method === 'POST' && url.pathname === '/cgi-bin/message/subscribe/send') {
      const token = url.searchParams.get('access_token')
      if (token !== validToken) return reply(200, { errcode: 40001, errmsg: 'invalid credential' })
      const body = JSON.parse(raw) as SubscribeSend['body']
      if (body.touser === 'refuser') return reply(200, { errcode: 43101, errmsg: 'user refuse to accept the msg' })
      if (body.touser === 'flaky' && !flakySeen.has(body.page)) {
        flakySeen.add(body.page)
        return reply(200, { errcode: -1, errmsg: 'system error' })
      }
      for (const [k, v] of Object.entries(body.data)) {
        const limit = k.startsWith('phrase') ? 5 : k.startsWith('thing') ? 20 : 64
        if ([...v.value].length > limit) return reply(200, { errcode: 47003, errmsg: `argument invalid! data.${k}.value` })
      }
      sends.push({ accessToken: token, body })
      return reply(200, { errcode: 0, errmsg: 'ok', msgid: sends.length })
    }
    if (req.method === 'POST' && url.pathname === '/wxa/getwxacodeunlimit') {
      if (url.searchParams.get('access_token') !== validToken) return reply(200, { errcode: 40001, errmsg: 'invalid credential' })
      const body = JSON.parse(raw) as WxaCodeRequest
      // WeChat's own checks: scene ≤ 32 visible characters of its set; page without a leading slash or a query
      if (typeof body.scene !== 'string' || !/^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]{1,32}$/.test(body.scene)) return reply(200, { errcode: 40169, errmsg: 'invalid length for scene' })
      if (typeof body.page === 'string' && (body.page.startsWith('/') || body.page.includes('?'))) return reply(200, { errcode: 41030, errmsg: 'invalid page' })
      codes.push(body)
      res.statusCode = 200
      res.setHeader('Content-Type', 'image/png')
      return res.end(Buffer.from(PNG_1X1, 'base64'))
    }
    if (req.method === 'POST' && url.pathname === '/wxa/business/getuserphonenumber') {
      const token = url.searchParams.get('access_token')
      if (token !== validToken) return reply(200, { errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest' })
      let code = ''
      try {
        code = String((JSON.parse(raw) as { code?: unknown }).code ?? '')
      } catch {
        return reply(200, { errcode: 47001, errmsg: 'data format error' })
      }
      if (code === 'phone-boom') return reply(200, { errcode: -1, errmsg: 'system error' })
      const m = /^phone-([0-9]{11})$/.exec(code)
      if (!m || usedPhoneCodes.has(code)) return reply(200, { errcode: 40029, errmsg: 'invalid code' })
      usedPhoneCodes.add(code)
      return reply(200, {
        errcode: 0,
        errmsg: 'ok',
        phone_info: { phoneNumber: m[1], purePhoneNumber: m[1], countryCode: '86', watermark: { timestamp: Math.floor(Date.now() / 1000), appid } },
      })
    }
    if (req.method !== 'GET' || url.pathname !== '/sns/jscode2session') return reply(404, { errcode: 404, errmsg: 'not found' })
    const q = url.searchParams
    if (q.get('grant_type') !== 'authorization_code') return reply(200, { errcode: 40002, errmsg: 'invalid grant_type' })
    if (q.get('appid') !== appid || q.get('secret') !== secret) return reply(200, { errcode: 40013, errmsg: 'invalid appid' })
    const code = q.get('js_code') ?? ''
    if (code === 'boom') return reply(500, 'oops')
    if (code === 'used') return reply(200, { errcode: 40163, errmsg: 'code been used' })
    if (code.startsWith('ok-')) return reply(200, { openid: code.slice(3), session_key: 'c2Vzc2lvbg==' })
    return reply(200, { errcode: 40029, errmsg: 'invalid code' })
  })
  const port = await listen(server, 0)
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    sends,
    codes,
    expireTokens: () => void (validToken = 'expired'),
    close: () => new Promise<void>((r) => server.close(() => r())),
  }
}
