import { cleanup, fireEvent, render, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ANN_1, ANN_2, ANN_3, ANN_4, COMMUNITY_A, announcement } from '../packageInfo/testing/announcementFixtures'
import { listAnnouncements } from '../services/announcements'
import { ApiError } from '../services/errors'
import { Taro, resetTaroMock } from '../testing/taroMock'
import { NoticeBoard } from './NoticeBoard'

vi.mock('@tarojs/taro', async () => (await import('../testing/taroMock')).taroModule)
vi.mock('../services/announcements', () => ({ listAnnouncements: vi.fn() }))
const list = vi.mocked(listAnnouncements)

beforeEach(() => {
  resetTaroMock()
  list.mockReset()
})
afterEach(cleanup)

describe('NoticeBoard', () => {
  it('shows the first three notices (pinned marked), 更多 opens the list, a notice its detail', async () => {
    list.mockResolvedValue({
      items: [announcement({ id: ANN_1, pinned: true, title: '置顶的' }), announcement({ id: ANN_2, title: '第二' }), announcement({ id: ANN_3, title: '第三' }), announcement({ id: ANN_4, title: '第四' })],
      nextCursor: null,
    })
    const r = render(<NoticeBoard communityId={COMMUNITY_A} className='home-notices' />)
    await waitFor(() => expect(r.container.querySelectorAll('.notice-board-item')).toHaveLength(3))
    expect(list).toHaveBeenCalledWith({ communityId: COMMUNITY_A })
    expect(r.container.querySelector('.notice-board.home-notices')).not.toBeNull()
    expect(Array.from(r.container.querySelectorAll('.notice-board-item-title')).map((e) => e.textContent)).toEqual(['置顶的', '第二', '第三'])
    expect(r.container.querySelectorAll('.notice-board-pinned')).toHaveLength(1)
    fireEvent.click(r.container.querySelector('.notice-board-more')!)
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: `/packageInfo/pages/announcements/index?communityId=${COMMUNITY_A}` })
    fireEvent.click(r.container.querySelector(`.notice-board-item[data-id="${ANN_2}"]`)!)
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: `/packageInfo/pages/announcement-detail/index?id=${ANN_2}` })
  })

  it('empty and error with 重试', async () => {
    list.mockRejectedValueOnce(new ApiError(500, 'x', '出了点问题，请稍后再试'))
    const r = render(<NoticeBoard communityId={COMMUNITY_A} />)
    await waitFor(() => expect(r.container.querySelector('.notice-board-error')?.textContent).toContain('出了点问题'))
    list.mockResolvedValueOnce({ items: [], nextCursor: null })
    fireEvent.click(r.container.querySelector('.notice-board-retry')!)
    await waitFor(() => expect(r.container.querySelector('.notice-board-empty')?.textContent).toBe('暂时没有通知'))
  })
})

describe('NoticeBoard accessibility and 长辈版', () => {
  it('更多 and each notice are links (更多 says what it opens); `shown` limits the rows', async () => {
    list.mockResolvedValue({
      items: [announcement({ id: ANN_1, title: '一' }), announcement({ id: ANN_2, title: '二' }), announcement({ id: ANN_3, title: '三' })],
      nextCursor: null,
    })
    const r = render(<NoticeBoard communityId={COMMUNITY_A} shown={2} />)
    await waitFor(() => expect(r.container.querySelectorAll('.notice-board-item')).toHaveLength(2))
    const more = r.container.querySelector('.notice-board-more')!
    expect(more.getAttribute('role')).toBe('link')
    expect(more.getAttribute('aria-label')).toBe('更多社区通知')
    for (const item of Array.from(r.container.querySelectorAll('.notice-board-item'))) expect(item.getAttribute('role')).toBe('link')
  })

  it('重试 is a named button', async () => {
    list.mockRejectedValueOnce(new ApiError(500, 'x', '出了点问题，请稍后再试'))
    const r = render(<NoticeBoard communityId={COMMUNITY_A} />)
    await waitFor(() => expect(r.container.querySelector('.notice-board-retry')).not.toBeNull())
    expect(r.container.querySelector('.notice-board-retry')?.getAttribute('role')).toBe('button')
    expect(r.container.querySelector('.notice-board-retry')?.getAttribute('aria-label')).toContain('重试')
  })
})
