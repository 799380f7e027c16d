import { cleanup, fireEvent, render, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { cosignTopic, listMeetings, listTopicsPage } from '../../services/deliberation'
import { ApiError } from '../../services/errors'
import { meeting, topic } from '../../packageDeliberation/testing/fixtures'
import { profile, signIn } from '../../testing/fixtures'
import { Taro, resetTaroMock, triggerReachBottom } from '../../testing/taroMock'
import DeliberationPage from './index'

vi.mock('@tarojs/taro', async () => (await import('../../testing/taroMock')).taroModule)
vi.mock('../../services/deliberation', () => ({ listTopicsPage: vi.fn(), listMeetings: vi.fn(), cosignTopic: vi.fn() }))

/** one page of a list, the last unless a cursor is given */
function page<T>(items: T[], nextCursor: string | null = null) {
  return { items, nextCursor }
}

function loginAs(p = profile()) {
  signIn(p)
}

beforeEach(() => {
  resetTaroMock()
  for (const fn of [listTopicsPage, listMeetings, cosignTopic]) vi.mocked(fn).mockReset()
  vi.mocked(listMeetings).mockResolvedValue(page([]))
})
afterEach(cleanup)

async function open() {
  const view = render(<DeliberationPage />)
  const q = (sel: string) => view.container.querySelector<HTMLElement>(sel)
  const all = (sel: string) => Array.from(view.container.querySelectorAll<HTMLElement>(sel))
  return { ...view, q, all }
}

describe('议事 tab: topics', () => {
  it('shows co-signs as progress toward the threshold and a 联名 button only while collecting and not yet signed', async () => {
    loginAs()
    vi.mocked(listTopicsPage).mockResolvedValue(page([
      topic({ id: '7a000000-0000-4000-8000-00000000000a', cosigns: 3, threshold: 10 }),
      topic({ id: '7a000000-0000-4000-8000-00000000000b', title: '凉亭修缮', cosigns: 5, cosigned: true }),
      topic({ id: '7a000000-0000-4000-8000-00000000000c', title: '垃圾分类', status: 'ready', cosigns: 10 }),
    ]))
    const f = await open()
    await waitFor(() => expect(f.all('.topic-item')).toHaveLength(3))
    const [a, b, c] = f.all('.topic-item')
    expect(a.querySelector('.topic-progress')?.textContent).toBe('联名 3/10 人，还差 7 人')
    expect((a.querySelector('.topic-progress-fill') as HTMLElement).style.width).toBe('30%')
    expect(a.querySelector('.topic-cosign')?.textContent).toBe('联名支持')
    expect(b.querySelector('.topic-cosign')).toBeNull()
    expect(b.querySelector('.topic-cosigned')?.textContent).toContain('您已联名')
    expect(c.querySelector('.topic-cosign')).toBeNull()
    expect(c.querySelector('.topic-status')?.textContent).toBe('待上会')
    expect((c.querySelector('.topic-progress-fill') as HTMLElement).style.width).toBe('100%')
    expect(f.q('.topic-new')).not.toBeNull()
    // residents get no staff entries
    expect(f.q('.delib-new-meeting')).toBeNull()
    expect(f.q('.delib-metrics')).toBeNull()
  })

  it('co-signs once (busy, no double tap) and shows the updated count; the server refusal stays on the item', async () => {
    loginAs()
    vi.mocked(listTopicsPage).mockResolvedValue(page([topic({ cosigns: 9 })]))
    let resolve!: (t: ReturnType<typeof topic>) => void
    vi.mocked(cosignTopic).mockReturnValueOnce(new Promise((r) => { resolve = r }))
    const f = await open()
    await waitFor(() => expect(f.q('.topic-cosign')).not.toBeNull())
    fireEvent.click(f.q('.topic-cosign')!)
    await waitFor(() => expect(f.q('.topic-cosign')?.textContent).toBe('正在联名…'))
    fireEvent.click(f.q('.topic-cosign')!)
    expect(cosignTopic).toHaveBeenCalledTimes(1)
    resolve(topic({ cosigns: 10, cosigned: true, status: 'ready' }))
    await waitFor(() => expect(f.q('.topic-progress')?.textContent).toBe('联名 10/10 人'))
    expect(f.q('.topic-cosign')).toBeNull()
    expect(f.q('.topic-status')?.textContent).toBe('待上会')
  })

  it('shows the server message when co-signing is refused, and the button again', async () => {
    loginAs()
    vi.mocked(listTopicsPage).mockResolvedValue(page([topic()]))
    vi.mocked(cosignTopic).mockRejectedValue(new ApiError(409, 'topic.own', '不能为自己提出的议题联名'))
    const f = await open()
    await waitFor(() => expect(f.q('.topic-cosign')).not.toBeNull())
    fireEvent.click(f.q('.topic-cosign')!)
    await waitFor(() => expect(f.q('.topic-error')?.textContent).toBe('不能为自己提出的议题联名'))
    expect(f.q('.topic-cosign')?.textContent).toBe('联名支持')
  })

  it('shows empty and error states with 重试', async () => {
    loginAs()
    vi.mocked(listTopicsPage).mockRejectedValueOnce(new ApiError(0, 'network', '网络不给力，请检查网络后再试')).mockResolvedValueOnce(page([]))
    const f = await open()
    await waitFor(() => expect(f.q('.topics-error')?.textContent).toContain('网络不给力'))
    fireEvent.click(f.q('.topics-retry')!)
    await waitFor(() => expect(f.q('.topics-empty')).not.toBeNull())
  })
})

describe('议事 tab: meetings', () => {
  it('lists meetings with form, seats left, the waitlist and my status; staff see 安排议事会 and 数据', async () => {
    loginAs(profile({ roles: ['staff'] }))
    vi.mocked(listTopicsPage).mockResolvedValue(page([]))
    vi.mocked(listMeetings).mockResolvedValue(page([
      meeting({ id: '7b000000-0000-4000-8000-00000000000a', capacity: 20, registered: 5, myStatus: 'registered' }),
      meeting({ id: '7b000000-0000-4000-8000-00000000000b', title: '五方议事会', form: 'five_party', capacity: 10, registered: 10, waitlisted: 2, myStatus: 'waitlisted', myWaitlistPosition: 2 }),
    ]))
    const f = await open()
    expect(f.q('.delib-new-meeting')?.textContent).toBe('安排议事会')
    expect(f.q('.delib-metrics')?.textContent).toBe('数据')
    fireEvent.click(f.q('.delib-tab-meetings')!)
    await waitFor(() => expect(f.all('.meeting-item')).toHaveLength(2))
    const [a, b] = f.all('.meeting-item')
    expect(a.querySelector('.meeting-item-form')?.textContent).toBe('流动小板凳')
    expect(a.querySelector('.meeting-item-seats')?.textContent).toBe('剩余 15 个名额（共 20 个）')
    expect(a.querySelector('.meeting-item-status')?.textContent).toBe('已报名')
    expect(b.querySelector('.meeting-item-form')?.textContent).toBe('五方议事')
    expect(b.querySelector('.meeting-item-seats')?.textContent).toBe('名额已满，2 人候补')
    expect(b.querySelector('.meeting-item-status')?.textContent).toBe('候补第 2 位')
    fireEvent.click(b)
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packageDeliberation/pages/meeting-detail/index?id=7b000000-0000-4000-8000-00000000000b' })
  })
})

describe('议事 tab: paging', () => {
  it('loads the next page of topics at the bottom of the list, with the cursor of the last, until there is none', async () => {
    loginAs()
    vi.mocked(listTopicsPage)
      .mockResolvedValueOnce(page([topic({ id: '7a000000-0000-4000-8000-000000000001', title: '第一页议题' })], 'c1'))
      .mockResolvedValueOnce(page([topic({ id: '7a000000-0000-4000-8000-000000000002', title: '第二页议题' })]))
    const f = await open()
    await waitFor(() => expect(f.all('.topic-item')).toHaveLength(1))
    expect(f.q('.topics-more')?.textContent).toBe('加载更多')
    triggerReachBottom()
    await waitFor(() => expect(f.all('.topic-item')).toHaveLength(2))
    expect(vi.mocked(listTopicsPage).mock.calls.map((c) => c[0]?.cursor)).toEqual([undefined, 'c1'])
    expect(f.all('.topic-item-title').map((x) => x.textContent)).toEqual(['第一页议题', '第二页议题'])
    expect(f.q('.topics-more')).toBeNull()
    expect(f.q('.topics-end')?.textContent).toBe('没有更多了')
    triggerReachBottom()
    expect(listTopicsPage).toHaveBeenCalledTimes(2)
  })

  it('on the meetings tab, 加载更多 and the bottom of the list load the next page of meetings', async () => {
    loginAs()
    vi.mocked(listTopicsPage).mockResolvedValue(page([]))
    vi.mocked(listMeetings)
      .mockResolvedValueOnce(page([meeting({ id: '7b000000-0000-4000-8000-000000000001', title: '第一页议事会' })], 'm1'))
      .mockResolvedValueOnce(page([meeting({ id: '7b000000-0000-4000-8000-000000000002', title: '第二页议事会' })], 'm2'))
      .mockResolvedValueOnce(page([]))
    const f = await open()
    fireEvent.click(f.q('.delib-tab-meetings')!)
    await waitFor(() => expect(f.all('.meeting-item')).toHaveLength(1))
    fireEvent.click(f.q('.meetings-more')!)
    await waitFor(() => expect(f.all('.meeting-item')).toHaveLength(2))
    triggerReachBottom()
    await waitFor(() => expect(f.q('.meetings-end')).not.toBeNull())
    expect(vi.mocked(listMeetings).mock.calls.map((c) => c[0]?.cursor)).toEqual([undefined, 'm1', 'm2'])
    expect(listTopicsPage).toHaveBeenCalledTimes(1)
  })
})
