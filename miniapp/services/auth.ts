import Taro from '@tarojs/taro'
import {
  ZDevLoginRequest,
  ZLoginResponse,
  ZMeResponse,
  ZWechatLoginRequest,
  type LoginResponse,
  type Profile,
} from '../../core/contracts'
import { ApiError, parseInput } from './errors'
import { request } from './request'
import { LOGIN_PAGE, clearSession, setProfile, setSession } from './session'

export { getProfile, getToken, hasSession, ensureLoggedIn } from './session'

/** H5 and local development only: the server answers 404 unless AUTH_DEV_LOGIN=1. */
export async function devLogin(handle: string): Promise<LoginResponse> {
  const body = parseInput(ZDevLoginRequest, { handle })
  const session = await request({ method: 'POST', path: '/api/auth/dev', data: body, schema: ZLoginResponse, auth: false })
  setSession(session)
  return session
}

export async function wechatLogin(): Promise<LoginResponse> {
  let code: string
  try {
    const res = await Taro.login()
    code = res.code
  } catch {
    throw new ApiError(0, 'wechat_login_failed', '微信登录失败，请稍后再试')
  }
  if (!code) throw new ApiError(0, 'wechat_login_failed', '没有拿到微信登录凭证，请再试一次')
  const body = parseInput(ZWechatLoginRequest, { code })
  const session = await request({ method: 'POST', path: '/api/auth/wechat', data: body, schema: ZLoginResponse, auth: false })
  setSession(session)
  return session
}

/** Refreshes the cached profile (roles may have changed since login). */
export async function me(): Promise<Profile> {
  const profile = await request({ path: '/api/me', schema: ZMeResponse })
  setProfile(profile)
  return profile
}

export function logout(): void {
  clearSession()
  void Taro.reLaunch({ url: LOGIN_PAGE })
}
