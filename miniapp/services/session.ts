import Taro from '@tarojs/taro'
import { ZProfile, type LoginResponse, type Profile } from '../../core/contracts'
import { ROUTES } from '../utils/routes'

export const TOKEN_KEY = 'token'
export const PROFILE_KEY = 'profile'
export const LOGIN_PAGE = ROUTES.login

export function getToken(): string {
  try {
    const token: unknown = Taro.getStorageSync(TOKEN_KEY)
    return typeof token === 'string' ? token : ''
  } catch {
    return ''
  }
}

export function hasSession(): boolean {
  return getToken() !== ''
}

/** The profile cached at login (refreshed by me()); null when absent or written by an older app version. */
export function getProfile(): Profile | null {
  try {
    const raw: unknown = Taro.getStorageSync(PROFILE_KEY)
    const parsed = ZProfile.safeParse(typeof raw === 'string' && raw ? JSON.parse(raw) : raw)
    return parsed.success ? parsed.data : null
  } catch {
    return null
  }
}

export function setProfile(profile: Profile): void {
  Taro.setStorageSync(PROFILE_KEY, JSON.stringify(profile))
}

export function setSession(session: LoginResponse): void {
  Taro.setStorageSync(TOKEN_KEY, session.token)
  setProfile(session.profile)
}

export function clearSession(): void {
  try {
    Taro.removeStorageSync(TOKEN_KEY)
    Taro.removeStorageSync(PROFILE_KEY)
  } catch {
    // storage unavailable: nothing to clear
  }
}

function onLoginPage(): boolean {
  try {
    const pages = Taro.getCurrentPages()
    const route = pages.length ? pages[pages.length - 1].route ?? '' : ''
    return route.replace(/^\//, '').startsWith('pages/login/')
  } catch {
    return false
  }
}

let redirecting = false

/**
 * Sends the person to the login page once, even when several requests fail with 401 together.
 * After reLaunch settles the login page is current, and onLoginPage() keeps later 401s from looping.
 */
export function redirectToLogin(): void {
  if (redirecting || onLoginPage()) return
  redirecting = true
  Promise.resolve()
    .then(() => Taro.reLaunch({ url: LOGIN_PAGE }))
    .catch(() => undefined)
    .then(() => {
      redirecting = false
    })
}

/** For pages that need a person: returns false (and goes to login) when there is no token. */
export function ensureLoggedIn(): boolean {
  if (hasSession()) return true
  redirectToLogin()
  return false
}
