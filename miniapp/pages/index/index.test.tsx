import { cleanup, fireEvent, render, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { me } from '../../services/auth'
import { listNeeds } from '../../services/needs'
import { needFull, profile } from '../../testing/fixtures'
import { Taro, resetTaroMock, storage } from '../../testing/taroMock'
import HomePage from './index'

vi.mock('@tarojs/taro', async () => (await import('../../testing/taroMock')).taroModule)
vi.mock('../../services/auth', () => ({ me: vi.fn() }))
vi.mock('../../services/needs', () => ({ listNeeds: vi.fn() }))

function loginAs(p = profile()) {
  storage.set('token', 'tok')
  storage.set('profile', JSON.stringify(p))
  vi.mocked(me).mockResolvedValue(p)
}

beforeEach(() => {
  resetTaroMock()
  vi.mocked(me).mockReset()
  vi.mocked(listNeeds).mockReset()
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
