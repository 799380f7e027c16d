import { cleanup, fireEvent, render, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { unreadCount } from '../services/inbox'
import { Taro, resetTaroMock, storage } from '../testing/taroMock'
import InboxBadge from './InboxBadge'

vi.mock('@tarojs/taro', async () => (await import('../testing/taroMock')).taroModule)
vi.mock('../services/inbox', () => ({ unreadCount: vi.fn() }))

const count = vi.mocked(unreadCount)

beforeEach(() => {
  resetTaroMock()
  storage.set('token', 'tok')
  count.mockReset()
})
afterEach(cleanup)

describe('InboxBadge', () => {
  it('shows 消息 with the unread count and opens the inbox', async () => {
    count.mockResolvedValue(3)
    const { container } = render(<InboxBadge className='home-inbox' />)
    await waitFor(() => expect(container.querySelector('.inbox-badge-count')?.textContent).toBe('3'))
    const badge = container.querySelector('.inbox-badge')!
    expect(badge.className).toContain('home-inbox')
    expect(badge.querySelector('.inbox-badge-label')?.textContent).toBe('消息')
    fireEvent.click(badge)
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packageInfo/pages/inbox/index' })
  })

  it('no number when nothing is unread, when the count fails, or before login', async () => {
    count.mockResolvedValue(0)
    const a = render(<InboxBadge />)
    await waitFor(() => expect(count).toHaveBeenCalled())
    expect(a.container.querySelector('.inbox-badge-count')).toBeNull()
    cleanup()

    count.mockRejectedValue(new Error('offline'))
    const b = render(<InboxBadge />)
    await waitFor(() => expect(count).toHaveBeenCalledTimes(2))
    expect(b.container.querySelector('.inbox-badge-count')).toBeNull()
    expect(b.container.querySelector('.inbox-badge-label')?.textContent).toBe('消息')
    cleanup()

    storage.delete('token')
    render(<InboxBadge />)
    expect(count).toHaveBeenCalledTimes(2)
  })

  it('caps a large count at 99+', async () => {
    count.mockResolvedValue(250)
    const { container } = render(<InboxBadge />)
    await waitFor(() => expect(container.querySelector('.inbox-badge-count')?.textContent).toBe('99+'))
  })
})

describe('InboxBadge accessibility', () => {
  it('is a link whose name carries the unread count', async () => {
    count.mockResolvedValue(5)
    const { container } = render(<InboxBadge />)
    const badge = () => container.querySelector('.inbox-badge')!
    expect(badge().getAttribute('role')).toBe('link')
    await waitFor(() => expect(badge().getAttribute('aria-label')).toBe('消息，5 条未读'))
  })

  it('with nothing unread it is just 消息', async () => {
    count.mockResolvedValue(0)
    const { container } = render(<InboxBadge />)
    await waitFor(() => expect(count).toHaveBeenCalled())
    expect(container.querySelector('.inbox-badge')?.getAttribute('aria-label')).toBe('消息')
  })
})
