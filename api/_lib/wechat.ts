import { DomainError } from '../../core/errors'
import type { Env } from './env'

export interface WechatSession {
  openid: string
  unionid?: string
}

export interface WechatClient {
  /** wx.login code → openid, through WeChat's auth.code2Session (`/sns/jscode2session`). */
  code2Session(code: string): Promise<WechatSession>
  /**
   * getPhoneNumber button code → the phone number without country code, through phonenumber.getPhoneNumber
   * (`POST /wxa/business/getuserphonenumber?access_token=`). Each code is single use and valid for 5 minutes.
   */
  getPhoneNumber(code: string): Promise<string>
  /**
   * A 小程序码 (wxacode.getUnlimited, `POST /wxa/getwxacodeunlimit`) that WeChat's own scanner opens: the page, with
   * `scene` (≤ 32 visible characters) handed to it as `?scene=`. An image, or null where WeChat is not configured
   * (development, H5) or does not answer: callers then show the plain QR code, which the mini-program's 扫一扫 reads.
   */
  miniProgramCode(page: string, scene: string): Promise<Buffer | null>
}

type WechatEnv = Pick<Env, 'WECHAT_APPID' | 'WECHAT_SECRET' | 'WECHAT_API_BASE'> & Partial<Pick<Env, 'WECHAT_ENV_VERSION'>>

/** WeChat's scene: at most 32 characters from this set (no %, so nothing URL-encoded). */
export const WXACODE_SCENE = /^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]{1,32}$/

/**
 * The server-side access token (`GET /cgi-bin/token`, client_credential), cached until five minutes before it
 * expires and refreshed on demand when WeChat calls it stale (40001, 42001, 40014). Shared by every server API call.
 */
export interface AccessTokens {
  get(force?: boolean): Promise<string>
}

const STALE_TOKEN = new Set([40001, 42001, 40014])

export function createAccessTokens(env: WechatEnv): AccessTokens {
  let token: { value: string; until: number } | null = null
  let inflight: Promise<string> | null = null
  async function fetchToken(): Promise<string> {
    const url = new URL('/cgi-bin/token', env.WECHAT_API_BASE)
    url.searchParams.set('grant_type', 'client_credential')
    url.searchParams.set('appid', env.WECHAT_APPID!)
    url.searchParams.set('secret', env.WECHAT_SECRET!)
    const res = await fetch(url, { signal: AbortSignal.timeout(5000) })
    const body = (await res.json()) as { access_token?: string; expires_in?: number; errcode?: number; errmsg?: string }
    if (!body.access_token) throw new Error(`access token: ${body.errcode} ${body.errmsg}`)
    token = { value: body.access_token, until: Date.now() + ((body.expires_in ?? 7200) - 300) * 1000 }
    return token.value
  }
  return {
    async get(force = false) {
      if (!force && token && token.until > Date.now()) return token.value
      // one refresh at a time: WeChat invalidates the previous token when a new one is issued
      if (!inflight) inflight = fetchToken().finally(() => (inflight = null))
      return inflight
    },
  }
}

export function createWechatClient(env: WechatEnv, tokens: AccessTokens = createAccessTokens(env)): WechatClient {
  return {
    async miniProgramCode(page, scene) {
      if (!env.WECHAT_APPID || !env.WECHAT_SECRET) return null
      if (!WXACODE_SCENE.test(scene) || page.startsWith('/') || page.includes('?')) throw new Error(`bad wxacode request: ${page} ${scene}`)
      const call = async (tok: string) => {
        const url = new URL('/wxa/getwxacodeunlimit', env.WECHAT_API_BASE)
        url.searchParams.set('access_token', tok)
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          // check_path false: the page may not be in the published version yet (a new release, a trial build)
          body: JSON.stringify({ scene, page, check_path: false, env_version: env.WECHAT_ENV_VERSION ?? 'release', width: 430 }),
          signal: AbortSignal.timeout(5000),
        })
        if (!res.ok) throw new Error(`HTTP ${res.status}`)
        // the image on success, JSON with errcode on failure
        if ((res.headers.get('content-type') ?? '').includes('json')) return (await res.json()) as { errcode?: number; errmsg?: string }
        return Buffer.from(await res.arrayBuffer())
      }
      try {
        let r = await call(await tokens.get())
        if (!Buffer.isBuffer(r) && r.errcode && STALE_TOKEN.has(r.errcode)) r = await call(await tokens.get(true))
        return Buffer.isBuffer(r) && r.length > 0 ? r : null
      } catch {
        return null
      }
    },
    async getPhoneNumber(code) {
      if (!env.WECHAT_APPID || !env.WECHAT_SECRET) throw new DomainError('auth.wechat_unconfigured')
      const call = async (tok: string) => {
        const url = new URL('/wxa/business/getuserphonenumber', env.WECHAT_API_BASE)
        url.searchParams.set('access_token', tok)
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ code }),
          signal: AbortSignal.timeout(5000),
        })
        if (!res.ok) throw new Error(`HTTP ${res.status}`)
        return (await res.json()) as { errcode?: number; errmsg?: string; phone_info?: { purePhoneNumber?: string; phoneNumber?: string } }
      }
      let body: Awaited<ReturnType<typeof call>>
      try {
        body = await call(await tokens.get())
        if (body.errcode && STALE_TOKEN.has(body.errcode)) body = await call(await tokens.get(true))
      } catch {
        throw new DomainError('phone.unavailable')
      }
      if (body.errcode === -1) throw new DomainError('phone.unavailable')
      // 40029 invalid code, 40163 code used
      if (body.errcode) throw new DomainError('phone.code_invalid', undefined, 'code')
      const phone = body.phone_info?.purePhoneNumber ?? ''
      if (!/^[0-9]{7,15}$/.test(phone)) throw new DomainError('phone.unavailable')
      return phone
    },

    async code2Session(code) {
      if (!env.WECHAT_APPID || !env.WECHAT_SECRET) throw new DomainError('auth.wechat_unconfigured')
      const url = new URL('/sns/jscode2session', env.WECHAT_API_BASE)
      url.searchParams.set('appid', env.WECHAT_APPID)
      url.searchParams.set('secret', env.WECHAT_SECRET)
      url.searchParams.set('js_code', code)
      url.searchParams.set('grant_type', 'authorization_code')
      let body: { openid?: string; unionid?: string; session_key?: string; errcode?: number; errmsg?: string }
      try {
        const res = await fetch(url, { signal: AbortSignal.timeout(5000) })
        // WeChat answers 200 with an errcode on failure; anything else means the service is unwell
        if (!res.ok) throw new Error(`HTTP ${res.status}`)
        body = (await res.json()) as typeof body
      } catch {
        throw new DomainError('auth.wechat_unavailable')
      }
      if (body.errcode) {
        // 40029 invalid code, 40163 code already used, 40226 high-risk user
        if (body.errcode === -1) throw new DomainError('auth.wechat_unavailable')
        throw new DomainError('auth.wechat_invalid', undefined, 'code')
      }
      if (!body.openid) throw new DomainError('auth.wechat_unavailable')
      return { openid: body.openid, unionid: body.unionid }
    },
  }
}
