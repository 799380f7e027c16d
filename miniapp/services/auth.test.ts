import { beforeEach, describe, expect, it, vi } from 'vitest'
import { profile } from '../testing/fixtures'
import { ok, sent } from '../testing/requests'
import { Taro, resetTaroMock, storage } from '../testing/taroMock'
import { devLogin, logout, me, wechatLogin } from './auth'
import { getProfile, getToken } from './session'

vi.mock('@tarojs/taro', async () => (await import('../testing/taroMock')).taroModule)

beforeEach(() => {
  resetTaroMock()
})

describe('services/auth', () => {
  it('devLogin posts the trimmed handle without a token and keeps the session', async () => {
    storage.set('token', 'old')
    ok({ token: 'tok-dev', profile: profile() })
    expect((await devLogin(' resident1 ')).token).toBe('tok-dev')
    expect(sent()).toMatchObject({ url: '/api/auth/dev', method: 'POST', data: { handle: 'resident1' } })
    expect(sent().header.Authorization).toBeUndefined()
    expect(getToken()).toBe('tok-dev')
    expect(getProfile()?.displayName).toBe('张阿姨')
  })

  it('devLogin refuses an empty handle before sending, and a 401 is an error to show, not a redirect', async () => {
    await expect(devLogin(' ')).rejects.toMatchObject({ status: 400, field: 'handle', message: '请选择演示账号' })
    expect(Taro.request).not.toHaveBeenCalled()
    ok({ error: { code: 'auth.invalid', message: '登录失败' } }, 401)
    await expect(devLogin('resident1')).rejects.toMatchObject({ status: 401, message: '登录失败' })
    expect(Taro.reLaunch).not.toHaveBeenCalled()
  })

  it('wechatLogin exchanges the wx.login code for a session', async () => {
    Taro.login.mockResolvedValue({ code: 'wx-code' })
    ok({ token: 'tok-wx', profile: profile() })
    await wechatLogin()
    expect(sent()).toMatchObject({ url: '/api/auth/wechat', method: 'POST', data: { code: 'wx-code' } })
    expect(getToken()).toBe('tok-wx')
  })

  it('wechatLogin fails in Chinese when WeChat gives no code', async () => {
    Taro.login.mockRejectedValueOnce(new Error('fail'))
    await expect(wechatLogin()).rejects.toMatchObject({ code: 'wechat_login_failed', message: '微信登录失败，请稍后再试' })
    Taro.login.mockResolvedValueOnce({ code: '' })
    await expect(wechatLogin()).rejects.toMatchObject({ code: 'wechat_login_failed', message: '没有拿到微信登录凭证，请再试一次' })
    expect(Taro.request).not.toHaveBeenCalled()
  })

  it('me refreshes the cached profile; logout clears the session and goes to login', async () => {
    storage.set('token', 'tok')
    ok(profile({ roles: ['resident', 'staff'] }))
    await me()
    expect(sent()).toMatchObject({ url: '/api/me', method: 'GET' })
    expect(sent().header.Authorization).toBe('Bearer tok')
    expect(getProfile()?.roles).toEqual(['resident', 'staff'])
    logout()
    expect(getToken()).toBe('')
    expect(getProfile()).toBeNull()
    expect(Taro.reLaunch).toHaveBeenCalledWith({ url: '/pages/login/index' })
  })
})
