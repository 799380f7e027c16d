import { cleanup, fireEvent, render, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { me } from '../../services/auth'
import { unreadCount } from '../../services/inbox'
import { profile, signIn } from '../../testing/fixtures'
import { Taro, resetTaroMock, storage } from '../../testing/taroMock'
import { Screen } from '../../components/Screen'
import { ELDER_KEY, resetDisplay } from '../../utils/display'
import MinePage from './index'

vi.mock('@tarojs/taro', async () => (await import('../../testing/taroMock')).taroModule)
vi.mock('../../services/auth', () => ({ me: vi.fn(), logout: vi.fn() }))
// the 消息 badge counts through its own service; the tests below watch Taro.request for the page's own calls
vi.mock('../../services/inbox', () => ({ unreadCount: vi.fn(() => Promise.resolve(0)) }))

beforeEach(() => {
  resetTaroMock()
  const p = profile({ roles: ['resident', 'party_member'] })
  signIn(p)
  vi.mocked(me).mockReset().mockResolvedValue(p)
})
afterEach(cleanup)

describe('我的', () => {
  it('shows the roles and opens 我的服务 and 志愿者报到', async () => {
    const { container } = render(<MinePage />)
    await waitFor(() => expect(me).toHaveBeenCalled())
    expect(Array.from(container.querySelectorAll('.mine-role')).map((e) => e.textContent)).toEqual(['居民', '在职党员'])
    fireEvent.click(container.querySelector('.mine-shifts')!)
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packageVolunteers/pages/shifts/index' })
    fireEvent.click(container.querySelector('.mine-register')!)
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packageVolunteers/pages/register/index' })
  })

  it('消息 near the top: the unread count, and a tap opens the inbox', async () => {
    vi.mocked(unreadCount).mockResolvedValueOnce(4)
    const { container } = render(<MinePage />)
    await waitFor(() => expect(container.querySelector('.mine-inbox .inbox-badge-count')?.textContent).toBe('4'))
    const cards = Array.from(container.querySelectorAll('.card'))
    expect(cards.findIndex((c) => c.querySelector('.mine-inbox'))).toBe(1)
    fireEvent.click(container.querySelector('.mine-inbox')!)
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packageInfo/pages/inbox/index' })
    fireEvent.click(container.querySelector('.mine-inbox-badge')!)
    expect(Taro.navigateTo).toHaveBeenCalledTimes(2)
  })

  it('opens the bean pages; a resident has no provider or award entries', async () => {
    const { container } = render(<MinePage />)
    await waitFor(() => expect(me).toHaveBeenCalled())
    const cases: Array<[string, string]> = [
      ['.mine-beans-balance', '/packageBeans/pages/beans/index'],
      ['.mine-rewards', '/packageBeans/pages/rewards/index'],
      ['.mine-redemptions', '/packageBeans/pages/redemptions/index'],
      ['.mine-credit', '/packageBeans/pages/credit/index'],
    ]
    for (const [sel, url] of cases) {
      fireEvent.click(container.querySelector(sel)!)
      expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url })
    }
    expect(container.querySelector('.mine-verify')).toBeNull()
    expect(container.querySelector('.mine-award')).toBeNull()
  })

  it('a unit verifies codes and publishes rewards but does not award beans', async () => {
    const p = profile({ roles: ['unit'] })
    storage.set('profile', JSON.stringify(p))
    vi.mocked(me).mockResolvedValue(p)
    const { container } = render(<MinePage />)
    await waitFor(() => expect(me).toHaveBeenCalled())
    fireEvent.click(container.querySelector('.mine-verify')!)
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packageBeans/pages/verify/index' })
    fireEvent.click(container.querySelector('.mine-create-reward')!)
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packageBeans/pages/reward-create/index' })
    expect(container.querySelector('.mine-award')).toBeNull()
  })

  it('staff also award beans', async () => {
    const p = profile({ roles: ['staff'] })
    storage.set('profile', JSON.stringify(p))
    vi.mocked(me).mockResolvedValue(p)
    const { container } = render(<MinePage />)
    await waitFor(() => expect(me).toHaveBeenCalled())
    fireEvent.click(container.querySelector('.mine-award')!)
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packageBeans/pages/award/index' })
  })
})

describe('我的: community, phone, invitations and 管理', () => {
  afterEach(() => vi.unstubAllEnvs())

  it('a resident changes community, enters an invitation code, sees the phone masked and has no 管理', async () => {
    const p = profile({ phone: '13800000001', microGridName: '1号楼' })
    storage.set('profile', JSON.stringify(p))
    vi.mocked(me).mockResolvedValue(p)
    const { container } = render(<MinePage />)
    await waitFor(() => expect(me).toHaveBeenCalled())
    expect(container.querySelector('.mine-community')?.textContent).toBe('A 社区 · 1号楼')
    expect(container.querySelector('.mine-join')?.textContent).toContain('更换社区')
    expect(container.querySelector('.mine-phone')?.textContent).toContain('138****0001')
    expect(container.textContent).not.toContain('13800000001')
    expect(container.querySelector('.mine-admin')).toBeNull()
    fireEvent.click(container.querySelector('.mine-join')!)
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packageJoin/pages/join/index' })
    fireEvent.click(container.querySelector('.mine-accept')!)
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packageJoin/pages/accept/index' })
    // in the browser the phone is bound inside WeChat only
    fireEvent.click(container.querySelector('.mine-phone')!)
    await waitFor(() => expect(container.querySelector('.mine-phone-note')?.textContent).toContain('微信'))
  })

  it('someone in no community is offered 加入社区 and an unbound phone says so', async () => {
    const p = profile({ communityId: null, communityName: null, microGridId: null, phone: null })
    storage.set('profile', JSON.stringify(p))
    vi.mocked(me).mockResolvedValue(p)
    const { container } = render(<MinePage />)
    await waitFor(() => expect(me).toHaveBeenCalled())
    expect(container.querySelector('.mine-join')?.textContent).toContain('加入社区')
    expect(container.querySelector('.mine-phone-state')?.textContent).toBe('未绑定')
  })

  it('a street administrator sees the street and 管理; staff also get 管理', async () => {
    const admin = profile({
      communityId: null, communityName: null, microGridId: null, roles: ['admin'],
      streetId: '0b7f8f34-4f0e-4a43-9b7c-0c6f1f2b9a31', streetName: '幸福街道', adminStreetIds: ['0b7f8f34-4f0e-4a43-9b7c-0c6f1f2b9a31'],
    })
    storage.set('profile', JSON.stringify(admin))
    vi.mocked(me).mockResolvedValue(admin)
    const first = render(<MinePage />)
    await waitFor(() => expect(me).toHaveBeenCalled())
    expect(first.container.querySelector('.mine-street')?.textContent).toBe('幸福街道')
    fireEvent.click(first.container.querySelector('.mine-admin')!)
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packageAdmin/pages/index/index' })
    expect(first.container.querySelector('.mine-street-whistles')).toBeNull()
    first.unmount()
    const staff = profile({ roles: ['staff'] })
    storage.set('profile', JSON.stringify(staff))
    vi.mocked(me).mockResolvedValue(staff)
    const second = render(<MinePage />)
    await waitFor(() => expect(second.container.querySelector('.mine-admin')).not.toBeNull())
    expect(second.container.querySelector('.mine-street')).toBeNull()
  })

  it('in WeChat the phone is bound with the code from getPhoneNumber; a refusal is calm', async () => {
    vi.stubEnv('TARO_ENV', 'weapp')
    const bound = profile({ phone: '13900000002' })
    Taro.request.mockResolvedValue({ statusCode: 200, data: bound })
    const { container } = render(<MinePage />)
    await waitFor(() => expect(me).toHaveBeenCalled())
    const button = container.querySelector('.mine-phone')!
    button.dispatchEvent(new CustomEvent('getphonenumber', { detail: { errMsg: 'getPhoneNumber:fail user deny' } }))
    await waitFor(() => expect(container.querySelector('.mine-phone-note')?.textContent).toContain('也能正常使用'))
    expect(Taro.request).not.toHaveBeenCalled()
    button.dispatchEvent(new CustomEvent('getphonenumber', { detail: { code: 'wx-phone-code' } }))
    await waitFor(() => expect(container.querySelector('.mine-phone-state')?.textContent).toContain('139****0002'))
    expect(Taro.request.mock.calls[0][0]).toMatchObject({ url: '/api/me/phone', method: 'POST', data: { code: 'wx-phone-code' } })
  })

  it('a department member opens 街道吹哨', async () => {
    const qian = profile({ roles: ['department'], communityId: null, communityName: null, microGridId: null })
    storage.set('profile', JSON.stringify(qian))
    vi.mocked(me).mockResolvedValue(qian)
    const { container } = render(<MinePage />)
    await waitFor(() => expect(me).toHaveBeenCalled())
    fireEvent.click(container.querySelector('.mine-street-whistles')!)
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packageNeeds/pages/street-whistles/index' })
  })
})

describe('我的: 长辈版', () => {
  afterEach(() => {
    resetDisplay()
    Taro.getAppBaseInfo.mockImplementation(() => ({ fontSizeScaleFactor: 1 }))
  })

  it('the switch is labelled, says its state, is remembered and enlarges a Screen at once', async () => {
    resetDisplay()
    const page = render(<MinePage />)
    // any other page on the stack: it must follow without being reopened
    const other = render(<Screen className='page other'>其他页面</Screen>)
    await waitFor(() => expect(me).toHaveBeenCalled())
    const sw = page.container.querySelector('.mine-elder')!
    expect(sw.getAttribute('role')).toBe('switch')
    expect(sw.getAttribute('aria-checked')).toBe('false')
    expect(sw.textContent).toContain('长辈版')
    expect(sw.textContent).toContain('字更大、按钮更大，常用功能放在最前面')
    expect(sw.textContent).toContain('已关闭')
    const root = () => other.container.querySelector('.other') as HTMLElement
    expect(root().classList.contains('is-elder')).toBe(false)
    expect(root().getAttribute('style')).toContain('--gz-s:1')

    fireEvent.click(sw)
    expect(Taro.setStorageSync).toHaveBeenCalledWith(ELDER_KEY, '1')
    expect(storage.get(ELDER_KEY)).toBe('1')
    await waitFor(() => expect(page.container.querySelector('.mine-elder')?.getAttribute('aria-checked')).toBe('true'))
    expect(page.container.querySelector('.mine-elder')?.textContent).toContain('已打开')
    expect(root().classList.contains('is-elder')).toBe(true)
    expect(root().getAttribute('style')).toContain('--gz-s:1.34')
    expect((page.container.firstElementChild as HTMLElement).classList.contains('is-elder')).toBe(true)

    // reopened later: read back from storage
    other.unmount()
    resetDisplay()
    const again = render(<Screen className='page again'>x</Screen>)
    expect(again.container.querySelector('.again')?.classList.contains('is-elder')).toBe(true)

    fireEvent.click(page.container.querySelector('.mine-elder')!)
    expect(storage.has(ELDER_KEY)).toBe(false)
    await waitFor(() => expect(again.container.querySelector('.again')?.classList.contains('is-elder')).toBe(false))
    expect(again.container.querySelector('.again')?.getAttribute('style')).toContain('--gz-s:1')
  })

  it('says the size follows WeChat only when WeChat\'s font is larger than standard', async () => {
    resetDisplay()
    const standard = render(<MinePage />)
    await waitFor(() => expect(me).toHaveBeenCalled())
    expect(standard.container.querySelector('.mine-font-note')).toBeNull()
    standard.unmount()

    Taro.getAppBaseInfo.mockImplementation(() => ({ fontSizeScaleFactor: 1.25 }))
    resetDisplay()
    const larger = render(<MinePage />)
    await waitFor(() => expect(larger.container.querySelector('.mine-font-note')).not.toBeNull())
    expect(larger.container.querySelector('.mine-font-note')?.textContent).toContain('字体大小跟随微信设置')
    expect(larger.container.querySelector('.mine-font-note')?.textContent).toContain('125%')
  })

  it('shows the building, never 微网格, and every entry row has a role', async () => {
    const p = profile({ microGridName: '2号楼微网格' })
    storage.set('profile', JSON.stringify(p))
    vi.mocked(me).mockResolvedValue(p)
    const { container } = render(<MinePage />)
    await waitFor(() => expect(me).toHaveBeenCalled())
    expect(container.querySelector('.mine-community')?.textContent).toBe('A 社区 · 2号楼')
    expect(container.textContent).not.toContain('微网格')
    const rows = Array.from(container.querySelectorAll('.mine-entry:not(.mine-inbox)'))
    expect(rows.length).toBeGreaterThan(8)
    expect(rows.filter((r) => !r.getAttribute('role')).map((r) => r.className)).toEqual([])
  })
})
