import { cleanup, fireEvent, render, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { listAnnouncements, pinAnnouncement, withdrawAnnouncement } from '../../../services/announcements'
import { ApiError } from '../../../services/errors'
import { Taro, resetTaroMock, router, triggerPullDownRefresh } from '../../../testing/taroMock'
import { ANN_1, ANN_2, ANN_3, COMMUNITY_A, announcement, loginAs } from '../../testing/announcementFixtures'
import AnnouncementsPage from './index'

vi.mock('@tarojs/taro', async () => (await import('../../../testing/taroMock')).taroModule)
vi.mock('../../../services/announcements', () => ({ listAnnouncements: vi.fn(), pinAnnouncement: vi.fn(), withdrawAnnouncement: vi.fn() }))

const list = vi.mocked(listAnnouncements)
const pin = vi.mocked(pinAnnouncement)
const withdraw = vi.mocked(withdrawAnnouncement)

beforeEach(() => {
  resetTaroMock()
  for (const fn of [list, pin, withdraw]) fn.mockReset()
  router.params = {}
})
afterEach(cleanup)

function open() {
  const r = render(<AnnouncementsPage />)
  const q = (sel: string, root: ParentNode = r.container) => root.querySelector<HTMLElement>(sel)
  const all = (sel: string) => Array.from(r.container.querySelectorAll<HTMLElement>(sel))
  const item = (id: string) => r.container.querySelector<HTMLElement>(`.ann-item[data-id="${id}"]`)
  return { ...r, q, all, item }
}

describe('社区通知 list', () => {
  it('a resident sees pinned marked 置顶, the scope (全街道 / 本社区 / grid name) and the date; no staff buttons', async () => {
    loginAs('resident')
    list.mockResolvedValue({
      items: [
        announcement({ id: ANN_1, pinned: true, title: '小区停水' }),
        announcement({ id: ANN_2, scope: 'street', communityId: null, communityName: null, title: '街道通知' }),
        announcement({ id: ANN_3, scope: 'grid', gridId: '30000000-0000-4000-8000-0000000000a1', gridName: '第一网格', title: '消杀' }),
      ],
      nextCursor: null,
    })
    const f = open()
    await waitFor(() => expect(f.all('.ann-item')).toHaveLength(3))
    expect(list).toHaveBeenCalledWith({ communityId: COMMUNITY_A, cursor: undefined, manage: false })
    expect(f.q('.ann-pinned', f.item(ANN_1)!)?.textContent).toBe('置顶')
    expect(f.q('.ann-pinned', f.item(ANN_2)!)).toBeNull()
    expect(f.all('.ann-scope').map((e) => e.textContent)).toEqual(['本社区', '全街道', '第一网格'])
    expect(f.q('.ann-date', f.item(ANN_1)!)?.textContent).toBe('2024年11月22日')
    expect(f.q('.ann-publish')).toBeNull()
    expect(f.q('.ann-withdraw')).toBeNull()
    fireEvent.click(f.q('.ann-item-main', f.item(ANN_2)!)!)
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: `/packageInfo/pages/announcement-detail/index?id=${ANN_2}` })
    expect(f.q('.list-end')?.textContent).toBe('没有更多了')
  })

  it('empty, error with 重试, pull-down refresh and load more', async () => {
    loginAs('resident')
    list.mockRejectedValueOnce(new ApiError(0, 'network', '网络不给力，请检查网络后再试'))
    const f = open()
    await waitFor(() => expect(f.q('.ann-error')?.textContent).toContain('网络不给力'))
    list.mockResolvedValueOnce({ items: [], nextCursor: null })
    fireEvent.click(f.q('.ann-retry')!)
    await waitFor(() => expect(f.q('.ann-empty')?.textContent).toBe('暂时没有通知'))

    list.mockResolvedValueOnce({ items: [announcement({ id: ANN_1 })], nextCursor: 'next1' })
    triggerPullDownRefresh()
    await waitFor(() => expect(f.all('.ann-item')).toHaveLength(1))
    expect(Taro.stopPullDownRefresh).toHaveBeenCalled()
    list.mockResolvedValueOnce({ items: [announcement({ id: ANN_2 })], nextCursor: null })
    fireEvent.click(f.q('.ann-more')!)
    await waitFor(() => expect(f.all('.ann-item')).toHaveLength(2))
    expect(list).toHaveBeenLastCalledWith({ communityId: COMMUNITY_A, cursor: 'next1', manage: false })
  })

  it('staff see 发布通知, and per notice they manage 置顶 and 撤回 (after a confirmation)', async () => {
    loginAs('staff')
    list.mockResolvedValue({ items: [announcement({ id: ANN_1, canManage: true }), announcement({ id: ANN_2, scope: 'street', canManage: false })], nextCursor: null })
    const f = open()
    await waitFor(() => expect(f.all('.ann-item')).toHaveLength(2))
    expect(f.q('.ann-withdraw', f.item(ANN_2)!)).toBeNull()
    fireEvent.click(f.q('.ann-publish')!)
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: `/packageInfo/pages/announcement-create/index?communityId=${COMMUNITY_A}` })

    pin.mockResolvedValue(announcement({ id: ANN_1, canManage: true, pinned: true }))
    fireEvent.click(f.q('.ann-pin', f.item(ANN_1)!)!)
    await waitFor(() => expect(pin).toHaveBeenCalledWith(ANN_1, true))

    Taro.showModal.mockResolvedValueOnce({ confirm: false, cancel: true, content: '', errMsg: 'ok' })
    fireEvent.click(f.q('.ann-withdraw', f.item(ANN_1)!)!)
    await waitFor(() => expect(Taro.showModal).toHaveBeenCalled())
    const asked = Taro.showModal.mock.calls[0][0]
    expect(asked?.content).toContain(`「${announcement({ id: ANN_1 }).title}」`)
    expect(asked).toMatchObject({ confirmText: '撤回', confirmColor: '#c8102e' })
    expect(withdraw).not.toHaveBeenCalled()

    withdraw.mockResolvedValue(announcement({ id: ANN_1, status: 'withdrawn', canManage: true }))
    list.mockResolvedValue({ items: [announcement({ id: ANN_2, scope: 'street' })], nextCursor: null })
    fireEvent.click(f.q('.ann-withdraw', f.item(ANN_1)!)!)
    await waitFor(() => expect(withdraw).toHaveBeenCalledWith(ANN_1))
    await waitFor(() => expect(f.item(ANN_1)).toBeNull())
  })

  it('the managers\' view includes expired and withdrawn ones, marked', async () => {
    loginAs('staff')
    list.mockResolvedValue({ items: [], nextCursor: null })
    const f = open()
    await waitFor(() => expect(f.q('.ann-empty')).not.toBeNull())
    list.mockResolvedValue({ items: [announcement({ id: ANN_1, status: 'expired' }), announcement({ id: ANN_2, status: 'withdrawn', canManage: true })], nextCursor: null })
    fireEvent.click(f.q('.ann-manage-toggle')!)
    await waitFor(() => expect(f.all('.ann-item')).toHaveLength(2))
    expect(list).toHaveBeenLastCalledWith({ communityId: COMMUNITY_A, cursor: undefined, manage: true })
    expect(f.q('.ann-status-expired')?.textContent).toBe('已过期')
    expect(f.q('.ann-status-withdrawn')?.textContent).toBe('已撤回')
    expect(f.q('.ann-withdraw', f.item(ANN_2)!)).toBeNull()
  })
})
