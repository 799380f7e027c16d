import { cleanup, fireEvent, render, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { DEMO_USERS } from '../../../core/contracts'
import { devLogin, wechatLogin } from '../../services/auth'
import { ApiError } from '../../services/errors'
import { Taro, resetTaroMock } from '../../testing/taroMock'
import LoginPage from './index'

vi.mock('@tarojs/taro', async () => (await import('../../testing/taroMock')).taroModule)
vi.mock('../../services/auth', () => ({ devLogin: vi.fn(), wechatLogin: vi.fn() }))

const session = {
  token: 't',
  profile: {
    id: '0b7f8f34-4f0e-4a43-9b7c-0c6f1f2b9a03', handle: 'resident1', displayName: '张阿姨',
    communityId: '0b7f8f34-4f0e-4a43-9b7c-0c6f1f2b9a02', communityName: 'A 社区', microGridId: null, roles: ['resident' as const],
  },
}
/** a first WeChat login: nobody knows where they live yet */
const newcomer = { ...session, profile: { ...session.profile, handle: null, displayName: '微信用户', communityId: null, communityName: null } }
/** the street administrator runs a street and belongs to no community */
const streetAdmin = {
  ...session,
  profile: { ...session.profile, handle: 'admin1', displayName: '吴科长', communityId: null, communityName: null, roles: ['admin' as const], adminStreetIds: ['0b7f8f34-4f0e-4a43-9b7c-0c6f1f2b9a31'] },
}

beforeEach(() => {
  resetTaroMock()
  vi.mocked(devLogin).mockReset()
  vi.mocked(wechatLogin).mockReset()
})
afterEach(() => {
  cleanup()
  vi.unstubAllEnvs()
})

describe('login page on H5', () => {
  beforeEach(() => vi.stubEnv('TARO_ENV', 'h5'))

  it('lists every demo user as a tappable row and logs in as the tapped one', async () => {
    vi.mocked(devLogin).mockResolvedValue(session)
    const { container } = render(<LoginPage />)
    for (const user of DEMO_USERS) {
      const row = container.querySelector(`.demo-user-${user.handle}`)!
      // the name, and the community on its own line: "居民 张阿姨" / "A 社区"
      expect(row.textContent?.replace('登录 ›', '')).toBe(user.label.replace(/[（）()]/g, '').replace(/\s+(?=A 社区|B 社区)/, ''))
      // a button for screen readers, named by who it logs in as
      expect(row.getAttribute('role')).toBe('button')
      expect(row.getAttribute('aria-label')).toBe(`以${user.label}登录`)
    }
    expect(container.querySelector('.demo-user-resident1 .login-demo-label')?.textContent).toBe('居民 张阿姨')
    expect(container.querySelector('.demo-user-resident1 .login-demo-where')?.textContent).toBe('A 社区')
    expect(container.querySelector('.login-wechat')).toBeNull()
    fireEvent.click(container.querySelector('.demo-user-resident1')!)
    // the other rows are disabled (readable, not faded) while this one logs in
    await waitFor(() => expect(container.querySelector('.demo-user-staff1')?.getAttribute('aria-disabled')).toBe('true'))
    expect(container.querySelector('.demo-user-staff1')?.className).toContain('is-disabled')
    await waitFor(() => expect(Taro.switchTab).toHaveBeenCalledWith({ url: '/pages/index/index' }))
    expect(devLogin).toHaveBeenCalledWith('resident1')
  })

  it('shows the Chinese error when login fails and lets the person try again', async () => {
    vi.mocked(devLogin).mockRejectedValueOnce(new ApiError(404, 'not_found', '演示登录未开启')).mockResolvedValueOnce(session)
    const { container } = render(<LoginPage />)
    fireEvent.click(container.querySelector('.demo-user-staff1')!)
    await waitFor(() => expect(container.querySelector('.login-error')?.textContent).toBe('演示登录未开启'))
    expect(Taro.switchTab).not.toHaveBeenCalled()
    fireEvent.click(container.querySelector('.demo-user-staff1')!)
    await waitFor(() => expect(Taro.switchTab).toHaveBeenCalled())
  })

  it('ignores taps on other rows while one login is in flight', async () => {
    vi.mocked(devLogin).mockReturnValue(new Promise(() => undefined))
    const { container } = render(<LoginPage />)
    fireEvent.click(container.querySelector('.demo-user-resident1')!)
    await waitFor(() => expect(container.querySelector('.demo-user-resident1')?.textContent).toContain('正在登录'))
    fireEvent.click(container.querySelector('.demo-user-resident2')!)
    expect(devLogin).toHaveBeenCalledTimes(1)
  })
})

describe('after login', () => {
  beforeEach(() => vi.stubEnv('TARO_ENV', 'weapp'))

  it('someone with no community goes to 加入社区 instead of home', async () => {
    vi.mocked(wechatLogin).mockResolvedValue(newcomer)
    const { container } = render(<LoginPage />)
    fireEvent.click(container.querySelector('.login-wechat')!)
    await waitFor(() => expect(Taro.redirectTo).toHaveBeenCalledWith({ url: '/packageJoin/pages/join/index' }))
    expect(Taro.switchTab).not.toHaveBeenCalled()
  })

  it('a street administrator without a community goes home', async () => {
    vi.mocked(wechatLogin).mockResolvedValue(streetAdmin)
    const { container } = render(<LoginPage />)
    fireEvent.click(container.querySelector('.login-wechat')!)
    await waitFor(() => expect(Taro.switchTab).toHaveBeenCalledWith({ url: '/pages/index/index' }))
    expect(Taro.redirectTo).not.toHaveBeenCalled()
  })
})

describe('login page in WeChat', () => {
  beforeEach(() => vi.stubEnv('TARO_ENV', 'weapp'))

  it('offers only 微信一键登录', async () => {
    vi.mocked(wechatLogin).mockResolvedValue(session)
    const { container } = render(<LoginPage />)
    expect(container.querySelector('.demo-user-resident1')).toBeNull()
    const button = container.querySelector('.login-wechat')
    expect(button?.textContent).toContain('微信一键登录')
    fireEvent.click(button!)
    await waitFor(() => expect(Taro.switchTab).toHaveBeenCalledWith({ url: '/pages/index/index' }))
    expect(wechatLogin).toHaveBeenCalledTimes(1)
  })
})
