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
    communityId: null, communityName: null, microGridId: null, roles: ['resident' as const],
  },
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
      expect(container.querySelector(`.demo-user-${user.handle}`)?.textContent).toContain(user.label)
    }
    expect(container.querySelector('.login-wechat')).toBeNull()
    fireEvent.click(container.querySelector('.demo-user-resident1')!)
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
