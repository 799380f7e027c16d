import Taro from '@tarojs/taro'
import type { LoginResponse, Profile } from '../../core/contracts'
import { api } from './client'
import { ApiError } from './errors'
import { LOGIN_PAGE, clearSession, setProfile, setSession } from './session'

export { getProfile, getToken, hasSession, ensureLoggedIn } from './session'

/** H5 and local development only: the server answers 404 unless AUTH_DEV_LOGIN=1. */
export async function devLogin(handle: string): Promise<LoginResponse> {
  const session = await api.auth.devLogin({ body: { handle } })
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
  const session = await api.auth.wechatLogin({ body: { code } })
  setSession(session)
  return session
}

/** Refreshes the cached profile (roles may have changed since login). */
export async function me(): Promise<Profile> {
  const profile = await api.auth.me()
  setProfile(profile)
  return profile
}

export function logout(): void {
  clearSession()
  void Taro.reLaunch({ url: LOGIN_PAGE })
}
