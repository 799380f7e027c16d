import { cleanup, fireEvent, render, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { me } from '../../../services/auth'
import { ApiError } from '../../../services/errors'
import { listPosts } from '../../../services/volunteers'
import type { Post } from '../../../../core/contracts'
import { Taro, resetTaroMock, triggerReachBottom } from '../../../testing/taroMock'
import { SITE, inMinutes, loginAs, post, slot } from '../../testing/fixtures'
import PostsPage from './index'

vi.mock('@tarojs/taro', async () => (await import('../../../testing/taroMock')).taroModule)
vi.mock('../../../services/auth', () => ({ me: vi.fn(() => new Promise(() => undefined)) }))
vi.mock('../../../services/volunteers', () => ({ listPosts: vi.fn() }))

const list = vi.mocked(listPosts)
const page = (items: Post[], nextCursor: string | null = null) => ({ items, nextCursor })

beforeEach(() => {
  resetTaroMock()
  list.mockReset()
  vi.mocked(me).mockImplementation(() => new Promise(() => undefined))
  loginAs(['party_member'])
  // the position never arrives unless a test says so: the list must not wait for it
  Taro.getLocation.mockReturnValue(new Promise(() => undefined))
})
afterEach(cleanup)

function open() {
  const r = render(<PostsPage />)
  const q = <T extends HTMLElement = HTMLElement>(sel: string) => r.container.querySelector<T>(sel)
  const all = (sel: string) => Array.from(r.container.querySelectorAll<HTMLElement>(sel))
  return { ...r, q, all }
}

// One post running now (full), one in 40 days 1.1 km north.
const now = post({ id: '7a1c1d52-8a0e-4a43-9b7c-0c6f1f2b9c01', title: '治安巡逻', category: 'security_patrol', slots: [slot({ startsAt: inMinutes(-10), endsAt: inMinutes(60), capacity: 3, claimed: 3 })] })
const later = post({ id: '7a1c1d52-8a0e-4a43-9b7c-0c6f1f2b9c02', title: '家电维修', category: 'appliance_repair', lat: SITE.lat + 0.01, slots: [slot({ startsAt: inMinutes(40 * 24 * 60), endsAt: inMinutes(40 * 24 * 60 + 120) })] })

describe('服务岗位 list', () => {
  it('shows posts sorted by start time with places left, without waiting for the location', async () => {
    list.mockResolvedValue(page([later, now]))
    const f = open()
    await waitFor(() => expect(f.all('.post-item')).toHaveLength(2))
    expect(f.all('.post-item-title').map((e) => e.textContent)).toEqual(['治安巡逻', '家电维修'])
    expect(f.all('.post-slot-remaining').map((e) => e.textContent)).toEqual(['名额已满', '剩余名额 3'])
    expect(f.q('.post-distance')).toBeNull()
    expect(list).toHaveBeenCalledWith({ category: undefined }, undefined)
    fireEvent.click(f.all('.post-item')[0])
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: `/packageVolunteers/pages/post-detail/index?id=${now.id}` })
  })

  it('a category chip asks the server for that category and shows loading meanwhile', async () => {
    list.mockResolvedValueOnce(page([later, now]))
    const f = open()
    await waitFor(() => expect(f.all('.post-item')).toHaveLength(2))
    let resolve!: (v: ReturnType<typeof page>) => void
    list.mockReturnValueOnce(new Promise((r) => (resolve = r)))
    fireEvent.click(f.q('.post-filter-security_patrol')!)
    await waitFor(() => expect(f.q('.posts-loading')).not.toBeNull())
    expect(list).toHaveBeenLastCalledWith({ category: 'security_patrol' }, undefined)
    expect(f.q('.post-filter-security_patrol')?.className).toContain('is-selected')
    resolve(page([now]))
    await waitFor(() => expect(f.all('.post-item')).toHaveLength(1))
    list.mockResolvedValueOnce(page([later, now]))
    fireEvent.click(f.q('.post-filter-all')!)
    await waitFor(() => expect(f.all('.post-item')).toHaveLength(2))
    expect(list).toHaveBeenLastCalledWith({ category: undefined }, undefined)
  })

  it('今天 / 本周 filter on the slots; an empty range says so', async () => {
    list.mockResolvedValue(page([later, now]))
    const f = open()
    await waitFor(() => expect(f.all('.post-item')).toHaveLength(2))
    fireEvent.click(f.q('.post-range-today')!)
    await waitFor(() => expect(f.all('.post-item')).toHaveLength(1))
    expect(f.q('.post-item-title')?.textContent).toBe('治安巡逻')
    fireEvent.click(f.q('.post-range-week')!)
    await waitFor(() => expect(f.all('.post-item')).toHaveLength(1))
    list.mockResolvedValue(page([later]))
    fireEvent.click(f.q('.post-filter-appliance_repair')!)
    await waitFor(() => expect(f.q('.posts-empty')?.textContent).toContain('这个范围内还没有岗位'))
    expect(list).toHaveBeenCalledTimes(2)
  })

  it('shows the distance once the position arrives, and can sort nearest first', async () => {
    Taro.getLocation.mockResolvedValue({ latitude: SITE.lat + 0.01, longitude: SITE.lng, errMsg: 'getLocation:ok' })
    list.mockResolvedValue(page([later, now]))
    const f = open()
    await waitFor(() => expect(f.all('.post-distance')).toHaveLength(2))
    expect(f.all('.post-distance').map((e) => e.textContent)).toEqual(['距您 1.1 公里', '距您 0 米'])
    fireEvent.click(f.q('.post-order-distance')!)
    await waitFor(() => expect(f.q('.post-item-title')?.textContent).toBe('家电维修'))
  })

  it('a refused location leaves the list usable with a short note', async () => {
    Taro.getLocation.mockRejectedValue({ errMsg: 'getLocation:fail auth deny' })
    list.mockResolvedValue(page([now]))
    const f = open()
    await waitFor(() => expect(f.q('.posts-location-note')?.textContent).toBe('允许获取位置后，可以看到岗位离您有多远'))
    expect(f.all('.post-item')).toHaveLength(1)
    expect(f.q('.post-order-distance')).toBeNull()
  })

  it('a failed load shows the error and 重试 loads again', async () => {
    list.mockRejectedValueOnce(new ApiError(0, 'network', '网络不给力，请检查网络后再试')).mockResolvedValueOnce(page([now]))
    const f = open()
    await waitFor(() => expect(f.q('.posts-error')?.textContent).toContain('网络不给力'))
    fireEvent.click(f.q('.posts-retry')!)
    await waitFor(() => expect(f.all('.post-item')).toHaveLength(1))
  })

  it('pages: reaching the bottom asks for the next page with the cursor and keeps the same category', async () => {
    list.mockResolvedValueOnce(page([now], 'c1')).mockResolvedValueOnce(page([later]))
    const f = open()
    await waitFor(() => expect(f.all('.post-item')).toHaveLength(1))
    expect(f.q('.posts-end')).toBeNull()
    triggerReachBottom()
    await waitFor(() => expect(f.all('.post-item')).toHaveLength(2))
    expect(list).toHaveBeenLastCalledWith({ category: undefined }, 'c1')
    expect(f.all('.post-item-title').map((e) => e.textContent)).toEqual(['治安巡逻', '家电维修'])
    expect(f.q('.posts-more')).toBeNull()
    expect(f.q('.posts-end')?.textContent).toBe('没有更多了')
  })

  it('加载更多 fetches the next page by hand too', async () => {
    list.mockResolvedValueOnce(page([now], 'c1')).mockResolvedValueOnce(page([later]))
    const f = open()
    await waitFor(() => expect(f.q('.posts-more')).not.toBeNull())
    fireEvent.click(f.q('.posts-more')!)
    await waitFor(() => expect(f.all('.post-item')).toHaveLength(2))
    expect(list).toHaveBeenCalledTimes(2)
  })

  it('someone who is not a volunteer is pointed to registration', async () => {
    loginAs(['resident'])
    list.mockResolvedValue(page([]))
    const f = open()
    await waitFor(() => expect(f.q('.posts-empty')).not.toBeNull())
    fireEvent.click(f.q('.posts-register-link')!)
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packageVolunteers/pages/register/index' })
  })
})
