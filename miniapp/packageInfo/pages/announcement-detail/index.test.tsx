import { cleanup, fireEvent, render, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { getAnnouncement } from '../../../services/announcements'
import { ApiError } from '../../../services/errors'
import { resetTaroMock, router } from '../../../testing/taroMock'
import { ANN_1, IMAGE_KEY, announcement, loginAs } from '../../testing/announcementFixtures'
import AnnouncementDetailPage from './index'

vi.mock('@tarojs/taro', async () => (await import('../../../testing/taroMock')).taroModule)
vi.mock('../../../services/announcements', () => ({ getAnnouncement: vi.fn(), announcementImageUrl: (k: string) => `/api/files?key=${encodeURIComponent(k)}` }))
const get = vi.mocked(getAnnouncement)

beforeEach(() => {
  resetTaroMock()
  get.mockReset()
  loginAs('resident')
  router.params = { id: ANN_1 }
})
afterEach(cleanup)

describe('通知详情', () => {
  it('shows title, scope, author, time, the body line by line and the photos', async () => {
    get.mockResolvedValue(announcement({ images: [IMAGE_KEY], pinned: true, expiresAt: '2024-11-30T15:59:59.000000Z' }))
    const r = render(<AnnouncementDetailPage />)
    await waitFor(() => expect(r.container.querySelector('.ann-title')?.textContent).toBe('停水通知'))
    expect(get).toHaveBeenCalledWith(ANN_1)
    const q = (s: string) => r.container.querySelector<HTMLElement>(s)
    expect(q('.ann-scope')?.textContent).toBe('本社区')
    expect(q('.ann-pinned')?.textContent).toBe('置顶')
    expect(q('.ann-author')?.textContent).toBe('发布人：陈主任')
    expect(q('.ann-time')?.textContent).toBe('2024年11月22日 10:00')
    expect(q('.ann-expires')?.textContent).toContain('11月30日 23:59')
    expect(Array.from(r.container.querySelectorAll('.ann-paragraph')).map((e) => e.textContent)).toEqual(['明天上午 8 点到 12 点停水。', '请提前储水。'])
    expect(r.container.querySelectorAll('.ann-image')).toHaveLength(1)
  })

  it('a notice that is gone: the message and 重试', async () => {
    get.mockRejectedValueOnce(new ApiError(404, 'announcement.not_found', '没有找到这条通知，可能已被撤回或已过期'))
    const r = render(<AnnouncementDetailPage />)
    await waitFor(() => expect(r.container.querySelector('.ann-error')?.textContent).toContain('可能已被撤回'))
    get.mockResolvedValueOnce(announcement())
    fireEvent.click(r.container.querySelector('.ann-retry')!)
    await waitFor(() => expect(r.container.querySelector('.ann-title')).not.toBeNull())
  })
})
