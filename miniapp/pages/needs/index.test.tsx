import { cleanup, fireEvent, render, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { NeedFull } from '../../../core/contracts'
import { ApiError, NETWORK_ERROR_MESSAGE } from '../../services/errors'
import { listMyNeeds, type NeedPage } from '../../services/needs'
import { deferred, needFull, profile } from '../../testing/fixtures'
import { Taro, resetTaroMock, storage, triggerPullDownRefresh, triggerReachBottom } from '../../testing/taroMock'
import MyNeedsPage from './index'

vi.mock('@tarojs/taro', async () => (await import('../../testing/taroMock')).taroModule)
vi.mock('../../services/needs', () => ({ listMyNeeds: vi.fn(), createNeed: vi.fn(), getNeed: vi.fn() }))

const list = vi.mocked(listMyNeeds)

function need(overrides: Partial<NeedFull> = {}): NeedFull {
  return needFull({ microGridId: null, microGridName: null, ...overrides })
}

function page(items: NeedFull[], nextCursor: string | null = null): NeedPage {
  return { items, nextCursor }
}

beforeEach(() => {
  resetTaroMock()
  list.mockReset()
  storage.set('token', 'tok')
})
afterEach(cleanup)

describe('我的需求', () => {
  it('shows the loading state until the list arrives, then the list', async () => {
    const d = deferred<NeedPage>()
    list.mockReturnValue(d.promise)
    const { container } = render(<MyNeedsPage />)
    expect(container.querySelector('.needs-loading')).not.toBeNull()
    expect(container.querySelector('.needs-empty')).toBeNull()
    d.resolve(page([need()]))
    await waitFor(() => expect(container.querySelectorAll('.need-item')).toHaveLength(1))
    expect(container.querySelector('.needs-loading')).toBeNull()
  })

  it('lists title, category label, status label and the Chinese time, newest first as given', async () => {
    list.mockResolvedValue(page([
      need({ id: '6f1c1d52-8a0e-4a43-9b7c-0c6f1f2b9a0a', title: '小区门口乱停车', category: 'parking', status: 'in_progress' }),
      need(),
    ]))
    const { container } = render(<MyNeedsPage />)
    await waitFor(() => expect(container.querySelectorAll('.need-item')).toHaveLength(2))
    const [first, second] = Array.from(container.querySelectorAll('.need-item'))
    expect(first.querySelector('.need-item-title')?.textContent).toBe('小区门口乱停车')
    expect(first.querySelector('.need-item-category')?.textContent).toBe('停车')
    expect(first.querySelector('.status-badge')?.textContent).toBe('办理中')
    expect(first.querySelector('.need-item-ref')?.textContent).toMatch(/^受理编号 HP-\d{8}-\d{4}$/)
    expect(first.getAttribute('role')).toBe('link')
    expect(second.querySelector('.need-item-category')?.textContent).toBe('设施维修')
    expect(second.querySelector('.status-badge')?.textContent).toBe('已提交')
    expect(second.querySelector('.need-item-time')?.textContent).toBe('11月22日 14:30')
  })

  it('opens the detail page of the tapped need', async () => {
    list.mockResolvedValue(page([need()]))
    const { container } = render(<MyNeedsPage />)
    await waitFor(() => expect(container.querySelector('.need-item')).not.toBeNull())
    fireEvent.click(container.querySelector('.need-item')!)
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packageNeeds/pages/detail/index?id=6f1c1d52-8a0e-4a43-9b7c-0c6f1f2b9a01' })
  })

  it('shows the empty state with a button to submit a need', async () => {
    list.mockResolvedValue(page([]))
    const { container } = render(<MyNeedsPage />)
    await waitFor(() => expect(container.querySelector('.needs-empty')).not.toBeNull())
    expect(container.querySelector('.needs-empty')?.textContent).toContain('还没有提交过需求')
    expect(container.querySelector('.need-item')).toBeNull()
    fireEvent.click(container.querySelector('.needs-empty-new')!)
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packageNeeds/pages/create/index' })
  })

  it('always offers the prominent 提交需求 button', async () => {
    list.mockResolvedValue(page([need()]))
    const { container } = render(<MyNeedsPage />)
    const button = container.querySelector('.needs-new')
    expect(button?.textContent).toContain('提交需求')
    fireEvent.click(button!)
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packageNeeds/pages/create/index' })
  })

  it('shows the error with 重试, and retrying loads the list', async () => {
    list.mockRejectedValueOnce(new ApiError(0, 'network', NETWORK_ERROR_MESSAGE)).mockResolvedValueOnce(page([need()]))
    const { container } = render(<MyNeedsPage />)
    await waitFor(() => expect(container.querySelector('.needs-error')).not.toBeNull())
    expect(container.querySelector('.needs-error')?.textContent).toContain(NETWORK_ERROR_MESSAGE)
    const retry = container.querySelector('.needs-retry')
    expect(retry?.textContent).toContain('重试')
    fireEvent.click(retry!)
    await waitFor(() => expect(container.querySelector('.need-item')).not.toBeNull())
    expect(container.querySelector('.needs-error')).toBeNull()
    expect(list).toHaveBeenCalledTimes(2)
  })

  it('pull-down refresh reloads the list and stops the refresh animation', async () => {
    list.mockResolvedValueOnce(page([need()])).mockResolvedValueOnce(page([need(), need({ id: '6f1c1d52-8a0e-4a43-9b7c-0c6f1f2b9a0b', title: '楼下垃圾没人清' })]))
    const { container } = render(<MyNeedsPage />)
    await waitFor(() => expect(container.querySelectorAll('.need-item')).toHaveLength(1))
    triggerPullDownRefresh()
    await waitFor(() => expect(container.querySelectorAll('.need-item')).toHaveLength(2))
    await waitFor(() => expect(Taro.stopPullDownRefresh).toHaveBeenCalled())
  })

  it('a failed refresh keeps the list on screen and says why in a toast', async () => {
    list.mockResolvedValueOnce(page([need()])).mockRejectedValueOnce(new ApiError(500, 'server_error', '服务暂时不可用，请稍后再试'))
    const { container } = render(<MyNeedsPage />)
    await waitFor(() => expect(container.querySelector('.need-item')).not.toBeNull())
    triggerPullDownRefresh()
    await waitFor(() => expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '服务暂时不可用，请稍后再试' })))
    expect(container.querySelector('.need-item')).not.toBeNull()
    expect(container.querySelector('.needs-error')).toBeNull()
  })

  it('without a token goes to the login page and asks for nothing', async () => {
    storage.delete('token')
    render(<MyNeedsPage />)
    await waitFor(() => expect(Taro.reLaunch).toHaveBeenCalledWith({ url: '/pages/login/index' }))
    expect(list).not.toHaveBeenCalled()
  })

  it('marks an overdue need in red with 已超期 and shows the deadline of a running one', async () => {
    list.mockResolvedValue(page([
      need({ id: '6f1c1d52-8a0e-4a43-9b7c-0c6f1f2b9a0c', status: 'in_progress', overdue: true, dueAt: `${new Date().getFullYear()}-11-22T07:30:00Z`, dueGoal: 'resolve' }),
      need({ status: 'triaged', dueAt: `${new Date().getFullYear()}-11-22T08:30:00Z`, dueGoal: 'resolve' }),
    ]))
    const { container } = render(<MyNeedsPage />)
    await waitFor(() => expect(container.querySelectorAll('.need-item')).toHaveLength(2))
    const [late, onTime] = Array.from(container.querySelectorAll('.need-item'))
    expect(late.className).toContain('is-overdue')
    expect(late.querySelector('.need-item-overdue')?.textContent).toBe('已超期')
    expect(late.querySelector('.need-item-due')?.textContent).toBe('应于 11月22日 15:30 前办结')
    expect(onTime.className).not.toContain('is-overdue')
    expect(onTime.querySelector('.need-item-overdue')).toBeNull()
    expect(onTime.querySelector('.need-item-due')?.textContent).toBe('应于 11月22日 16:30 前办结')
  })

  it('asks the owner of a resolved need to rate it', async () => {
    list.mockResolvedValue(page([need({ status: 'resolved' })]))
    const { container } = render(<MyNeedsPage />)
    await waitFor(() => expect(container.querySelector('.need-item-hint')?.textContent).toContain('打分'))
  })

  it('offers the triage queue to staff and grid workers only', async () => {
    list.mockResolvedValue(page([]))
    storage.set('profile', JSON.stringify(profile({ roles: ['grid_worker'] })))
    const first = render(<MyNeedsPage />)
    await waitFor(() => expect(first.container.querySelector('.needs-queue-entry')).not.toBeNull())
    fireEvent.click(first.container.querySelector('.needs-queue-entry')!)
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packageNeeds/pages/queue/index' })
    first.unmount()

    storage.set('profile', JSON.stringify(profile({ roles: ['resident'] })))
    const second = render(<MyNeedsPage />)
    await waitFor(() => expect(second.container.querySelector('.needs-empty')).not.toBeNull())
    expect(second.container.querySelector('.needs-queue-entry')).toBeNull()
  })

  it('pages: reaching the bottom loads the next page with the cursor and appends it; the last page shows no more', async () => {
    const second = need({ id: '6f1c1d52-8a0e-4a43-9b7c-0c6f1f2b9a0d', title: '第二页的需求' })
    list.mockResolvedValueOnce(page([need()], 'Y3Vyc29yMQ')).mockResolvedValueOnce(page([second]))
    const { container } = render(<MyNeedsPage />)
    await waitFor(() => expect(container.querySelectorAll('.need-item')).toHaveLength(1))
    expect(list).toHaveBeenLastCalledWith({ cursor: undefined })
    expect(container.querySelector('.needs-more')?.textContent).toBe('加载更多')
    triggerReachBottom()
    await waitFor(() => expect(container.querySelectorAll('.need-item')).toHaveLength(2))
    expect(list).toHaveBeenLastCalledWith({ cursor: 'Y3Vyc29yMQ' })
    expect(container.querySelectorAll('.need-item-title')[1].textContent).toBe('第二页的需求')
    expect(container.querySelector('.needs-more')).toBeNull()
    // the end: reaching the bottom again asks for nothing
    triggerReachBottom()
    await new Promise((r) => setTimeout(r, 0))
    expect(list).toHaveBeenCalledTimes(2)
  })

  it('pages: 加载更多 loads the next page; a failed next page keeps the list and says why in a toast', async () => {
    list.mockResolvedValueOnce(page([need()], 'Y3Vyc29yMQ'))
      .mockRejectedValueOnce(new ApiError(0, 'network', NETWORK_ERROR_MESSAGE))
      .mockResolvedValueOnce(page([need({ id: '6f1c1d52-8a0e-4a43-9b7c-0c6f1f2b9a0e' })]))
    const { container } = render(<MyNeedsPage />)
    await waitFor(() => expect(container.querySelector('.needs-more')).not.toBeNull())
    fireEvent.click(container.querySelector('.needs-more')!)
    await waitFor(() => expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: NETWORK_ERROR_MESSAGE })))
    expect(container.querySelectorAll('.need-item')).toHaveLength(1)
    fireEvent.click(container.querySelector('.needs-more')!)
    await waitFor(() => expect(container.querySelectorAll('.need-item')).toHaveLength(2))
    expect(list).toHaveBeenLastCalledWith({ cursor: 'Y3Vyc29yMQ' })
  })
})
