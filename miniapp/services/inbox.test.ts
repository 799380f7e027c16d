import { beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError } from './errors'
import { ok, resetSignedIn, sent } from '../testing/requests'
import { Taro } from '../testing/taroMock'
import { isTabPage, listNotifications, markAllNotificationsRead, markNotificationsRead, unreadCount } from './inbox'

vi.mock('@tarojs/taro', async () => (await import('../testing/taroMock')).taroModule)

beforeEach(resetSignedIn)

const item = {
  id: 7, kind: 'need.status', title: '您的需求已受理', body: '“楼道灯坏了”：已研判。', link: '/packageNeeds/pages/detail/index?id=x',
  createdAt: '2026-11-28T10:00:00.000000Z', readAt: null,
}

describe('services/inbox', () => {
  it('listNotifications: GET /api/notifications, the cursor only when there is one; the answer is validated', async () => {
    ok({ items: [item], unread: 3, nextCursor: 'abc' })
    expect(await listNotifications()).toEqual({ items: [item], unread: 3, nextCursor: 'abc' })
    expect(sent()).toMatchObject({ url: '/api/notifications', method: 'GET' })
    expect(sent().header.Authorization).toBe('Bearer tok')
    await listNotifications('abc')
    expect(sent(1).url).toBe('/api/notifications?cursor=abc')
    ok({ items: [{ ...item, title: undefined }], unread: 3, nextCursor: null })
    await expect(listNotifications()).rejects.toBeInstanceOf(Error)
  })

  it('a malformed cursor never leaves the device', async () => {
    await expect(listNotifications('not a cursor!')).rejects.toBeInstanceOf(ApiError)
    expect(Taro.request).not.toHaveBeenCalled()
  })

  it('marks read by ids or all, returning the unread count', async () => {
    ok({ unread: 2 })
    expect(await markNotificationsRead([7, 8])).toBe(2)
    expect(sent()).toMatchObject({ url: '/api/notifications/read', method: 'POST', data: { ids: [7, 8] } })
    ok({ unread: 0 })
    expect(await markAllNotificationsRead()).toBe(0)
    expect(sent(1).data).toEqual({ all: true })
    await expect(markNotificationsRead([])).rejects.toMatchObject({ field: 'ids' })
  })

  it('unreadCount reads the first page', async () => {
    ok({ items: [], unread: 5, nextCursor: null })
    expect(await unreadCount()).toBe(5)
    expect(sent().url).toBe('/api/notifications')
  })

  it('knows which links are tab pages', () => {
    expect(isTabPage('/pages/index/index')).toBe(true)
    expect(isTabPage('/pages/deliberation/index')).toBe(true)
    expect(isTabPage('/packageNeeds/pages/detail/index?id=1')).toBe(false)
  })
})
