import { DomainError } from '../../core/errors'
import type { Env } from './env'

export interface WechatSession {
  openid: string
  unionid?: string
}

export interface WechatClient {
  /** wx.login code → openid, through WeChat's auth.code2Session (`/sns/jscode2session`). */
  code2Session(code: string): Promise<WechatSession>
}

export function createWechatClient(env: Pick<Env, 'WECHAT_APPID' | 'WECHAT_SECRET' | 'WECHAT_API_BASE'>): WechatClient {
  return {
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
