import { cleanup, fireEvent, render, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Shift } from '../../../../core/contracts'
import { ApiError } from '../../../services/errors'
import { checkIn, listShifts, volunteerMe } from '../../../services/volunteers'
import { Taro, resetTaroMock, triggerReachBottom } from '../../../testing/taroMock'
import { SITE, inMinutes, loginAs, me, shift } from '../../testing/fixtures'
import ShiftsPage from './index'

vi.mock('@tarojs/taro', async () => (await import('../../../testing/taroMock')).taroModule)
vi.mock('../../../services/volunteers', () => ({
  listShifts: vi.fn(),
  volunteerMe: vi.fn(),
  checkIn: vi.fn(),
  checkOut: vi.fn(),
  cancelShift: vi.fn(),
  uploadPhoto: vi.fn(),
}))

beforeEach(() => {
  resetTaroMock()
  for (const fn of [listShifts, volunteerMe, checkIn]) vi.mocked(fn).mockReset()
  loginAs(['party_member'])
  Taro.getLocation.mockResolvedValue({ latitude: SITE.lat, longitude: SITE.lng, errMsg: 'getLocation:ok' })
})
afterEach(cleanup)

const page = (items: Shift[], nextCursor: string | null = null) => ({ items, nextCursor })

function open() {
  const r = render(<ShiftsPage />)
  const q = <T extends HTMLElement = HTMLElement>(sel: string) => r.container.querySelector<T>(sel)
  return { ...r, q, items: () => Array.from(r.container.querySelectorAll<HTMLElement>('.shift-item')) }
}

describe('我的服务 page', () => {
  it('header: this year\'s hours against the target with a progress bar', async () => {
    vi.mocked(volunteerMe).mockResolvedValue(me({ hoursThisYear: 3, targetHours: 12, shiftsThisYear: 2 }))
    vi.mocked(listShifts).mockResolvedValue(page([]))
    const f = open()
    await waitFor(() => expect(f.q('.shifts-hours-done')?.textContent).toBe('3'))
    expect(f.q('.shifts-hours-target')?.textContent).toContain('目标 12 小时')
    expect(f.q<HTMLElement>('.shifts-hours-bar')?.style.width).toBe('25%')
    expect(f.q('.shifts-hours-note')?.textContent).toContain('还差 9 小时')
    expect(listShifts).toHaveBeenCalledWith('mine', undefined)
    await waitFor(() => expect(f.q('.shifts-empty')).not.toBeNull())
    fireEvent.click(f.q('.shifts-find-posts')!)
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packageVolunteers/pages/posts/index' })
  })

  it('the bar stops at 100% once the target is reached', async () => {
    vi.mocked(volunteerMe).mockResolvedValue(me({ hoursThisYear: 15.5, targetHours: 12 }))
    vi.mocked(listShifts).mockResolvedValue(page([]))
    const f = open()
    await waitFor(() => expect(f.q<HTMLElement>('.shifts-hours-bar')?.style.width).toBe('100%'))
    expect(f.q('.shifts-hours-note')?.textContent).toContain('已完成今年的服务目标')
  })

  it('the shift under way comes first; a check-in updates that card in place', async () => {
    vi.mocked(volunteerMe).mockResolvedValue(me())
    const now = shift({ id: '7a1c1d52-8a0e-4a43-9b7c-0c6f1f2b9d01', postTitle: '治安巡逻' })
    const old = shift({ id: '7a1c1d52-8a0e-4a43-9b7c-0c6f1f2b9d02', postTitle: '环境整治', status: 'confirmed', verifiedMinutes: 90, beansPending: 15, startsAt: inMinutes(-3000), endsAt: inMinutes(-2900) })
    vi.mocked(listShifts).mockResolvedValue(page([old, now]))
    vi.mocked(checkIn).mockResolvedValue({ ...now, status: 'checked_in', checkInAt: inMinutes(0) })
    const f = open()
    await waitFor(() => expect(f.items()).toHaveLength(2))
    expect(f.items().map((i) => i.querySelector('.shift-title')?.textContent)).toEqual(['治安巡逻', '环境整治'])
    expect(f.items()[1].querySelector('.shift-verified')?.textContent).toBe('1 小时 30 分钟')
    fireEvent.click(f.items()[0].querySelector('.shift-check-in')!)
    await waitFor(() => expect(f.items()[0].querySelector('.shift-status')?.textContent).toBe('已签到'))
    expect(f.items()[0].querySelector('.shift-check-out')).not.toBeNull()
  })

  it('a forgotten check-out (where the inbox reminder shift.checkout_missed lands) offers 申请补签退 on its card', async () => {
    vi.mocked(volunteerMe).mockResolvedValue(me())
    const forgot = shift({ id: '7a1c1d52-8a0e-4a43-9b7c-0c6f1f2b9d03', postTitle: '周末助老服务', status: 'checked_in', checkInAt: inMinutes(-110), startsAt: inMinutes(-105), endsAt: inMinutes(-45) })
    vi.mocked(listShifts).mockResolvedValue(page([forgot]))
    const f = open()
    await waitFor(() => expect(f.items()).toHaveLength(1))
    expect(f.items()[0].querySelector('.shift-title')?.textContent).toBe('周末助老服务')
    expect(f.items()[0].querySelector('.shift-close-request')?.textContent).toBe('申请补签退')
    expect(f.items()[0].querySelector('.shift-check-out')).toBeNull()
  })

  it('older shifts come a page at a time: on reaching the bottom and by 更早的服务', async () => {
    vi.mocked(volunteerMe).mockResolvedValue(me())
    const a = shift({ id: '7a1c1d52-8a0e-4a43-9b7c-0c6f1f2b9d11', postTitle: '治安巡逻' })
    const b = shift({ id: '7a1c1d52-8a0e-4a43-9b7c-0c6f1f2b9d12', postTitle: '环境整治', status: 'confirmed', verifiedMinutes: 60, startsAt: inMinutes(-3000), endsAt: inMinutes(-2900) })
    const c = shift({ id: '7a1c1d52-8a0e-4a43-9b7c-0c6f1f2b9d13', postTitle: '家电维修', status: 'confirmed', verifiedMinutes: 60, startsAt: inMinutes(-6000), endsAt: inMinutes(-5900) })
    vi.mocked(listShifts).mockResolvedValueOnce(page([a], 'c1')).mockResolvedValueOnce(page([b], 'c2')).mockResolvedValueOnce(page([c]))
    const f = open()
    await waitFor(() => expect(f.items()).toHaveLength(1))
    triggerReachBottom()
    await waitFor(() => expect(f.items()).toHaveLength(2))
    expect(listShifts).toHaveBeenLastCalledWith('mine', 'c1')
    fireEvent.click(f.q('.shifts-older')!)
    await waitFor(() => expect(f.items()).toHaveLength(3))
    expect(listShifts).toHaveBeenLastCalledWith('mine', 'c2')
    expect(f.q('.shifts-older')).toBeNull()
  })

  it('a failed list shows the error with 重试; a failed header does not block the list', async () => {
    vi.mocked(volunteerMe).mockRejectedValue(new ApiError(500, 'server_error', '服务暂时不可用，请稍后再试'))
    vi.mocked(listShifts).mockRejectedValueOnce(new ApiError(0, 'network', '网络不给力，请检查网络后再试')).mockResolvedValueOnce(page([shift()]))
    const f = open()
    await waitFor(() => expect(f.q('.shifts-error')?.textContent).toContain('网络不给力'))
    expect(f.q('.shifts-hours.is-error')?.textContent).toContain('服务暂时不可用')
    fireEvent.click(f.q('.shifts-retry')!)
    await waitFor(() => expect(f.items()).toHaveLength(1))
  })
})
