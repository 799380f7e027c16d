import { cleanup, fireEvent, render, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { me } from '../../services/auth'
import { listNeeds } from '../../services/needs'
import { listWhistles, respondWhistle } from '../../services/volunteers'
import { whistle } from '../../packageVolunteers/testing/fixtures'
import { needFull, profile, signIn } from '../../testing/fixtures'
import { Taro, resetTaroMock, storage } from '../../testing/taroMock'
import { ELDER_KEY, resetDisplay } from '../../utils/display'
import HomePage from './index'

vi.mock('@tarojs/taro', async () => (await import('../../testing/taroMock')).taroModule)
vi.mock('../../services/auth', () => ({ me: vi.fn() }))
vi.mock('../../services/needs', () => ({ listNeeds: vi.fn() }))
vi.mock('../../services/volunteers', () => ({ listWhistles: vi.fn(), respondWhistle: vi.fn() }))

function loginAs(p = profile()) {
  signIn(p)
  vi.mocked(me).mockResolvedValue(p)
}

beforeEach(() => {
  resetTaroMock()
  vi.mocked(me).mockReset()
  vi.mocked(listNeeds).mockReset()
  vi.mocked(listWhistles).mockReset().mockResolvedValue({ items: [], nextCursor: null })
  vi.mocked(respondWhistle).mockReset()
})
afterEach(cleanup)

describe('首页', () => {
  it('a resident sees no queue entry and the page asks for no queue', async () => {
    loginAs()
    const { container } = render(<HomePage />)
    await waitFor(() => expect(me).toHaveBeenCalled())
    expect(container.querySelector('.home-queue')).toBeNull()
    expect(listNeeds).not.toHaveBeenCalled()
  })

  it('a grid worker sees the queue entry with the count of 待研判 and can open it', async () => {
    loginAs(profile({ roles: ['grid_worker'] }))
    vi.mocked(listNeeds).mockResolvedValue({ items: [needFull(), needFull()], nextCursor: null })
    const { container } = render(<HomePage />)
    await waitFor(() => expect(container.querySelector('.home-queue-count')?.textContent).toBe('2 条待研判'))
    expect(listNeeds).toHaveBeenCalledWith(expect.objectContaining({ status: 'submitted' }))
    fireEvent.click(container.querySelector('.home-queue')!)
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packageNeeds/pages/queue/index' })
  })

  it('shows "50+" when there are more than one page, and no count when the count fails', async () => {
    loginAs(profile({ roles: ['staff'] }))
    vi.mocked(listNeeds).mockResolvedValueOnce({ items: [needFull()], nextCursor: 'more' })
    const first = render(<HomePage />)
    await waitFor(() => expect(first.container.querySelector('.home-queue-count')?.textContent).toBe('50+ 条待研判'))
    first.unmount()
    vi.mocked(listNeeds).mockRejectedValueOnce(new Error('offline'))
    const second = render(<HomePage />)
    await waitFor(() => expect(listNeeds).toHaveBeenCalledTimes(2))
    expect(second.container.querySelector('.home-queue')).not.toBeNull()
    expect(second.container.querySelector('.home-queue-count')).toBeNull()
  })
})

describe('首页: 志愿服务 and the whistle banner', () => {
  it('a volunteer sees the open whistle with its count, answers it, and has 服务岗位 / 我的服务', async () => {
    loginAs(profile({ roles: ['resident', 'party_member'] }))
    vi.mocked(listWhistles).mockResolvedValue({ items: [whistle({ responded: 2, headcount: 5 })], nextCursor: null })
    vi.mocked(respondWhistle).mockResolvedValue(whistle({ responded: 3, headcount: 5, answered: true }))
    const { container } = render(<HomePage />)
    await waitFor(() => expect(container.querySelector('.whistle-banner')).not.toBeNull())
    expect(container.querySelector('.whistle-count')?.textContent).toBe('已响应 2 / 需要 5 人')
    fireEvent.click(container.querySelector('.whistle-respond')!)
    await waitFor(() => expect(container.querySelector('.whistle-count')?.textContent).toBe('已响应 3 / 需要 5 人'))
    expect(respondWhistle).toHaveBeenCalledWith(whistle().id)
    expect(container.querySelector('.whistle-respond')).toBeNull()
    expect(container.querySelector('.whistle-answered')).not.toBeNull()
    expect(container.querySelector('.home-register')).toBeNull()
    fireEvent.click(container.querySelector('.home-posts')!)
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packageVolunteers/pages/posts/index' })
    fireEvent.click(container.querySelector('.home-shifts')!)
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packageVolunteers/pages/shifts/index' })
  })

  it('a refused answer says why', async () => {
    loginAs(profile({ roles: ['talent'] }))
    vi.mocked(listWhistles).mockResolvedValue({ items: [whistle()], nextCursor: null })
    const { ApiError } = await import('../../services/errors')
    vi.mocked(respondWhistle).mockRejectedValue(new ApiError(409, 'whistle.closed', '人数已满，感谢您的响应'))
    const { container } = render(<HomePage />)
    await waitFor(() => expect(container.querySelector('.whistle-respond')).not.toBeNull())
    fireEvent.click(container.querySelector('.whistle-respond')!)
    await waitFor(() => expect(container.querySelector('.whistle-error')?.textContent).toBe('人数已满，感谢您的响应'))
  })

  it('a resident sees the whistle but not 响应, and is offered 志愿者报到', async () => {
    loginAs()
    vi.mocked(listWhistles).mockResolvedValue({ items: [whistle()], nextCursor: null })
    const { container } = render(<HomePage />)
    await waitFor(() => expect(container.querySelector('.whistle-banner')).not.toBeNull())
    expect(container.querySelector('.whistle-respond')).toBeNull()
    expect(container.querySelector('.home-posts')).toBeNull()
    expect(container.querySelector('.home-shifts')).toBeNull()
    fireEvent.click(container.querySelector('.home-register')!)
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packageVolunteers/pages/register/index' })
  })

  it('no open whistle, no banner; staff get the review, confirm, publish and whistle entries', async () => {
    loginAs(profile({ roles: ['staff'] }))
    vi.mocked(listNeeds).mockResolvedValue({ items: [], nextCursor: null })
    vi.mocked(listWhistles).mockResolvedValue({ items: [whistle({ status: 'closed', responded: 5 })], nextCursor: null })
    const { container } = render(<HomePage />)
    await waitFor(() => expect(listWhistles).toHaveBeenCalled())
    expect(container.querySelector('.whistle-banner')).toBeNull()
    for (const [sel, url] of [
      ['.home-review', '/packageVolunteers/pages/review/index'],
      ['.home-confirm', '/packageVolunteers/pages/confirm/index'],
      ['.home-post-create', '/packageVolunteers/pages/post-create/index'],
      ['.home-whistle-create', '/packageVolunteers/pages/whistle-create/index'],
    ] as const) {
      fireEvent.click(container.querySelector(sel)!)
      expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url })
    }
    expect(container.querySelector('.home-register')).toBeNull()
  })
})

describe('首页 for people without a community', () => {
  it('someone in no community sees 加入社区 instead of community content, and nothing is asked for', async () => {
    loginAs(profile({ displayName: '微信用户', communityId: null, communityName: null, microGridId: null }))
    const { container } = render(<HomePage />)
    await waitFor(() => expect(me).toHaveBeenCalled())
    expect(container.querySelector('.home-community')?.textContent).toBe('尚未加入社区')
    expect(container.querySelector('.home-new-need')).toBeNull()
    expect(container.querySelector('.home-register')).toBeNull()
    expect(container.querySelector('.home-admin')).toBeNull()
    expect(listWhistles).not.toHaveBeenCalled()
    fireEvent.click(container.querySelector('.home-join')!)
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packageJoin/pages/join/index' })
    fireEvent.click(container.querySelector('.home-accept')!)
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packageJoin/pages/accept/index' })
  })

  it('a street administrator without a community sees their street and 管理, not a community', async () => {
    loginAs(profile({
      displayName: '吴科长', communityId: null, communityName: null, microGridId: null, roles: ['admin'],
      streetId: '0b7f8f34-4f0e-4a43-9b7c-0c6f1f2b9a31', streetName: '幸福街道', adminStreetIds: ['0b7f8f34-4f0e-4a43-9b7c-0c6f1f2b9a31'],
    }))
    const { container } = render(<HomePage />)
    await waitFor(() => expect(me).toHaveBeenCalled())
    expect(container.querySelector('.home-community')?.textContent).toContain('幸福街道')
    expect(container.querySelector('.home-join')).toBeNull()
    expect(container.querySelector('.home-new-need')).toBeNull()
    expect(listNeeds).not.toHaveBeenCalled()
    fireEvent.click(container.querySelector('.home-admin')!)
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packageAdmin/pages/index/index' })
  })

  it('staff get 管理 beside their community; residents do not', async () => {
    loginAs(profile({ roles: ['staff'] }))
    vi.mocked(listNeeds).mockResolvedValue({ items: [], nextCursor: null })
    const staff = render(<HomePage />)
    await waitFor(() => expect(staff.container.querySelector('.home-admin')).not.toBeNull())
    expect(staff.container.querySelector('.home-new-need')).not.toBeNull()
    expect(staff.container.querySelector('.home-join')).toBeNull()
    staff.unmount()
    loginAs()
    const resident = render(<HomePage />)
    await waitFor(() => expect(me).toHaveBeenCalledTimes(2))
    expect(resident.container.querySelector('.home-admin')).toBeNull()
  })
})

describe('首页: 打电话给社区 and 长辈版', () => {
  afterEach(() => resetDisplay())

  /** The classes of the big actions and blocks, in the order a person scrolls through them. */
  function order(container: HTMLElement): string[] {
    const wanted = ['home-inbox-card', 'home-notices', 'home-queue', 'home-new-need', 'home-my-needs', 'home-call', 'home-volunteer']
    return Array.from(container.querySelectorAll(wanted.map((c) => `.${c}`).join(',')))
      .map((el) => wanted.find((c) => el.classList.contains(c))!)
  }

  it('the community\'s phone, written to be read, dials with one tap; the place says 楼栋, never 微网格', async () => {
    loginAs(profile({ communityPhone: '01065123456', microGridName: '1号楼微网格' }))
    const { container } = render(<HomePage />)
    await waitFor(() => expect(me).toHaveBeenCalled())
    const call = container.querySelector('.home-call')!
    expect(call.textContent).toContain('打电话给社区')
    expect(call.querySelector('.home-call-number')?.textContent).toBe('010-6512 3456')
    expect(call.getAttribute('aria-label')).toBe('打电话给社区，电话 0 1 0 6 5 1 2 3 4 5 6')
    fireEvent.click(call)
    expect(Taro.makePhoneCall).toHaveBeenCalledWith({ phoneNumber: '01065123456' })
    expect(container.querySelector('.home-community')?.textContent).toBe('A 社区 · 1号楼')
    expect(container.textContent).not.toContain('微网格')
    // standard mode keeps today's order, the call lower down
    expect(order(container)).toEqual(['home-inbox-card', 'home-notices', 'home-new-need', 'home-my-needs', 'home-volunteer', 'home-call'])
    expect(container.querySelector('.home-motto')).not.toBeNull()
  })

  it('no phone on record, no call button', async () => {
    loginAs(profile({ communityPhone: null }))
    const { container } = render(<HomePage />)
    await waitFor(() => expect(me).toHaveBeenCalled())
    expect(container.querySelector('.home-call')).toBeNull()
  })

  it('长辈版: 提交需求, 我的需求 and 打电话给社区 first, then 消息, notices and the rest', async () => {
    storage.set(ELDER_KEY, '1')
    resetDisplay()
    loginAs(profile({ communityPhone: '13800138000' }))
    const { container } = render(<HomePage />)
    await waitFor(() => expect(me).toHaveBeenCalled())
    expect(container.querySelector('.home')?.classList.contains('is-elder')).toBe(true)
    expect(order(container)).toEqual(['home-new-need', 'home-my-needs', 'home-call', 'home-inbox-card', 'home-notices', 'home-volunteer'])
    expect(container.querySelector('.home-call-number')?.textContent).toBe('138 0013 8000')
    // one primary action on the screen
    expect(container.querySelectorAll('.btn-primary')).toHaveLength(1)
    expect(container.querySelector('.home-new-need')?.classList.contains('btn-primary')).toBe(true)
  })

  it('长辈版 for staff: the queue stays first and is the one primary action', async () => {
    storage.set(ELDER_KEY, '1')
    resetDisplay()
    loginAs(profile({ roles: ['staff'], communityPhone: '13800138000' }))
    vi.mocked(listNeeds).mockResolvedValue({ items: [needFull()], nextCursor: null })
    const { container } = render(<HomePage />)
    await waitFor(() => expect(container.querySelector('.home-queue-count')).not.toBeNull())
    expect(order(container).slice(0, 4)).toEqual(['home-queue', 'home-new-need', 'home-my-needs', 'home-call'])
    expect(container.querySelectorAll('.btn-primary')).toHaveLength(1)
    expect(container.querySelector('.home-queue')?.classList.contains('btn-primary')).toBe(true)
  })
})
