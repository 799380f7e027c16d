import { cleanup, fireEvent, render, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { InboxItem } from '../../../../core/contracts'
import { listNotifications, markAllNotificationsRead, markNotificationsRead } from '../../../services/inbox'
import { ApiError } from '../../../services/errors'
import { Taro, resetTaroMock, storage, triggerPullDownRefresh, triggerReachBottom } from '../../../testing/taroMock'
import InboxPage from './index'

vi.mock('@tarojs/taro', async () => (await import('../../../testing/taroMock')).taroModule)
vi.mock('../../../services/inbox', async (orig) => ({
  ...(await orig<typeof import('../../../services/inbox')>()),
  listNotifications: vi.fn(),
  markNotificationsRead: vi.fn(),
  markAllNotificationsRead: vi.fn(),
}))

const list = vi.mocked(listNotifications)
const markRead = vi.mocked(markNotificationsRead)
const markAll = vi.mocked(markAllNotificationsRead)

const item = (over: Partial<InboxItem> = {}): InboxItem => ({
  id: 10, kind: 'need.status', title: '您的需求已受理', body: '“楼道灯坏了”：已研判。处理说明：已派电工。',
  link: '/packageNeeds/pages/detail/index?id=abc', createdAt: '2026-11-22T06:30:00.000000Z', readAt: null, ...over,
})

beforeEach(() => {
  resetTaroMock()
  storage.set('token', 'tok')
  list.mockReset()
  markRead.mockReset().mockResolvedValue(0)
  markAll.mockReset().mockResolvedValue(0)
})
afterEach(cleanup)

function open() {
  const r = render(<InboxPage />)
  const q = (sel: string) => r.container.querySelector<HTMLElement>(sel)
  const all = (sel: string) => Array.from(r.container.querySelectorAll<HTMLElement>(sel))
  return { ...r, q, all, click: (sel: string) => fireEvent.click(q(sel)!) }
}

describe('消息 page', () => {
  it('lists items newest first with the unread ones marked, and the time in Beijing', async () => {
    list.mockResolvedValue({
      items: [item(), item({ id: 9, title: '议事会已取消', body: '您报名的议事会“停车难”已取消。', readAt: '2026-11-22T07:00:00.000000Z', link: '/packageDeliberation/pages/meeting-detail/index?id=m' })],
      unread: 3, nextCursor: null,
    })
    const f = open()
    await waitFor(() => expect(f.all('.inbox-item')).toHaveLength(2))
    const [a, b] = f.all('.inbox-item')
    expect(a.className).toContain('is-unread')
    expect(a.querySelector('.inbox-dot')).not.toBeNull()
    expect(a.querySelector('.inbox-title')?.textContent).toBe('您的需求已受理')
    expect(a.querySelector('.inbox-body')?.textContent).toContain('处理说明：已派电工')
    expect(a.querySelector('.inbox-time')?.textContent).toContain('11月22日 14:30')
    expect(b.className).not.toContain('is-unread')
    expect(b.querySelector('.inbox-dot')).toBeNull()
    expect(f.q('.inbox-unread')?.textContent).toBe('3 条未读')
    expect(f.q('.inbox-end')?.textContent).toBe('没有更多了')
  })

  it('a tap marks the item read and opens its page; a tab page with switchTab; no link opens nothing', async () => {
    list.mockResolvedValue({
      items: [
        item(),
        item({ id: 8, kind: 'whistle.call', title: '社区吹哨，请求支援', link: '/pages/index/index' }),
        item({ id: 7, kind: 'some.thing', title: '您有一条新消息', link: null, readAt: '2026-11-22T07:00:00.000000Z' }),
      ],
      unread: 2, nextCursor: null,
    })
    markRead.mockResolvedValueOnce(1)
    const f = open()
    await waitFor(() => expect(f.all('.inbox-item')).toHaveLength(3))
    fireEvent.click(f.all('.inbox-item')[0])
    expect(markRead).toHaveBeenCalledWith([10])
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packageNeeds/pages/detail/index?id=abc' })
    await waitFor(() => expect(f.all('.inbox-item')[0].className).not.toContain('is-unread'))
    await waitFor(() => expect(f.q('.inbox-unread')?.textContent).toBe('1 条未读'))

    fireEvent.click(f.all('.inbox-item')[1])
    expect(markRead).toHaveBeenLastCalledWith([8])
    expect(Taro.switchTab).toHaveBeenCalledWith({ url: '/pages/index/index' })

    // already read and nothing to open: no request, no navigation
    fireEvent.click(f.all('.inbox-item')[2])
    expect(markRead).toHaveBeenCalledTimes(2)
    expect(Taro.navigateTo).toHaveBeenCalledTimes(1)
  })

  it('全部已读 marks everything on screen read', async () => {
    list.mockResolvedValue({ items: [item(), item({ id: 9 })], unread: 5, nextCursor: 'c1' })
    const f = open()
    await waitFor(() => expect(f.all('.inbox-item.is-unread')).toHaveLength(2))
    f.click('.inbox-read-all')
    await waitFor(() => expect(f.all('.inbox-item.is-unread')).toHaveLength(0))
    expect(markAll).toHaveBeenCalledTimes(1)
    expect(f.q('.inbox-unread')?.textContent).toBe('没有未读消息')
    expect(f.q('.inbox-read-all')?.className).toContain('is-disabled')
  })

  it('loads more with the cursor (button and reaching the bottom); pull-down refreshes', async () => {
    list.mockResolvedValueOnce({ items: [item()], unread: 2, nextCursor: 'c1' })
    const f = open()
    await waitFor(() => expect(f.q('.inbox-more')).not.toBeNull())
    list.mockResolvedValueOnce({ items: [item({ id: 9, title: '兑换已领取' })], unread: 2, nextCursor: 'c2' })
    f.click('.inbox-more')
    await waitFor(() => expect(f.all('.inbox-item')).toHaveLength(2))
    expect(list).toHaveBeenLastCalledWith('c1')
    list.mockResolvedValueOnce({ items: [item({ id: 8 })], unread: 2, nextCursor: null })
    triggerReachBottom()
    await waitFor(() => expect(f.all('.inbox-item')).toHaveLength(3))
    expect(list).toHaveBeenLastCalledWith('c2')
    expect(f.q('.inbox-more')).toBeNull()

    list.mockResolvedValueOnce({ items: [item({ id: 11, title: '新的消息' })], unread: 1, nextCursor: null })
    triggerPullDownRefresh()
    await waitFor(() => expect(f.all('.inbox-item')).toHaveLength(1))
    expect(list).toHaveBeenLastCalledWith()
    expect(Taro.stopPullDownRefresh).toHaveBeenCalled()
  })

  it('empty, and error with 重试', async () => {
    list.mockRejectedValueOnce(new ApiError(500, 'internal', '服务暂时不可用'))
    const f = open()
    await waitFor(() => expect(f.q('.inbox-error')).not.toBeNull())
    expect(f.q('.inbox-error')?.textContent).toContain('服务暂时不可用')
    list.mockResolvedValueOnce({ items: [], unread: 0, nextCursor: null })
    f.click('.inbox-retry')
    await waitFor(() => expect(f.q('.inbox-empty')?.textContent).toBe('暂时没有消息'))
    expect(f.q('.inbox-read-all')).toBeNull()
  })

  it('shows loading first', async () => {
    list.mockReturnValue(new Promise(() => {}))
    const f = open()
    expect(f.q('.inbox-loading')).not.toBeNull()
  })
})
