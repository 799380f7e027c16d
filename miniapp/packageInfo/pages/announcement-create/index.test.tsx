import { act, cleanup, fireEvent, render, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { CommunityStructure } from '../../../../core/contracts'
import { getCommunityStructure } from '../../../services/admin'
import { createAnnouncement } from '../../../services/announcements'
import { ApiError } from '../../../services/errors'
import { Taro, resetTaroMock, router, storage } from '../../../testing/taroMock'
import { beijingDay } from '../../../utils/format'
import { ANN_1, COMMUNITY_A, GRID_1, GRID_2, announcement, loginAs } from '../../testing/announcementFixtures'
import AnnouncementCreatePage from './index'

vi.mock('@tarojs/taro', async () => (await import('../../../testing/taroMock')).taroModule)
vi.mock('../../../services/admin', () => ({ getCommunityStructure: vi.fn() }))
vi.mock('../../../services/announcements', () => ({ createAnnouncement: vi.fn() }))
vi.mock('../../../services/volunteers', () => ({ uploadPhoto: vi.fn() }))

const structure = vi.mocked(getCommunityStructure)
const create = vi.mocked(createAnnouncement)
const grid = (id: string, name: string) => ({ id, communityId: COMMUNITY_A, name, kind: 'comprehensive', households: 400, warnings: [], leaderName: null, workerNames: [], microGrids: [] })

beforeEach(() => {
  resetTaroMock()
  structure.mockReset()
  create.mockReset()
  router.params = { communityId: COMMUNITY_A }
  structure.mockResolvedValue({ community: {}, grids: [grid(GRID_1, '第一网格'), grid(GRID_2, '校园网格')] } as unknown as CommunityStructure)
})
afterEach(cleanup)

const hasDraft = () => [...storage.keys()].some((k) => k.startsWith('draft:') && k.endsWith(`announcement.${COMMUNITY_A}`))

function open() {
  const r = render(<AnnouncementCreatePage />)
  const q = <T extends HTMLElement = HTMLElement>(sel: string) => r.container.querySelector<T>(sel)
  const type = async (sel: string, value: string) => {
    // Taro's Input and Textarea render their native element a moment after mounting
    await waitFor(() => expect(q(sel)).not.toBeNull())
    fireEvent.input(q(sel)!, { target: { value } })
  }
  const pick = (el: HTMLElement, value: string) => act(() => void el.dispatchEvent(new CustomEvent('change', { detail: { value } })))
  return { ...r, q, type, pick, click: (sel: string) => fireEvent.click(q(sel)!) }
}

describe('发布通知', () => {
  it('staff choose 本社区 or a grid of the community (no 全街道); errors name the field before anything is sent', async () => {
    loginAs('staff')
    const f = open()
    await waitFor(() => expect(f.q('.ann-target-grid-1')?.textContent).toBe('校园网格'))
    expect(structure).toHaveBeenCalledWith(COMMUNITY_A)
    expect(f.q('.ann-target-street')).toBeNull()
    expect(f.q('.ann-target-community')?.className).toContain('is-selected')
    f.click('.ann-submit')
    await waitFor(() => expect(f.q('.field-error-title')?.textContent).toBe('标题至少 2 个字'))
    expect(f.q('.field-error-body')?.textContent).toBe('请填写正文')
    expect(create).not.toHaveBeenCalled()

    create.mockResolvedValue(announcement({ id: ANN_1 }))
    f.click('.ann-target-grid-0')
    await f.type('.ann-title-input input', '一网格消杀')
    await f.type('.ann-body-input textarea', '周三上午消杀。\n请关好窗户。')
    f.click('.ann-pinned-toggle')
    f.pick(f.q('.ann-expiry')!, beijingDay(10))
    f.click('.ann-submit')
    await waitFor(() => expect(create).toHaveBeenCalled())
    expect(create.mock.calls[0][0]).toMatchObject({ scope: 'grid', communityId: COMMUNITY_A, gridId: GRID_1, title: '一网格消杀', body: '周三上午消杀。\n请关好窗户。', pinned: true, images: [], expiresAt: `${beijingDay(10)}T23:59:59+08:00` })
    expect(Taro.showModal).not.toHaveBeenCalled()
    await waitFor(() => expect(Taro.redirectTo).toHaveBeenCalledWith({ url: `/packageInfo/pages/announcement-detail/index?id=${ANN_1}` }))
    expect(hasDraft()).toBe(false)
  })

  it('a refused submit keeps what was typed and shows the server\'s message by its field; the draft survives leaving the page', async () => {
    loginAs('staff')
    if (!Element.prototype.scrollIntoView) Element.prototype.scrollIntoView = () => undefined
    const scrollTo = vi.spyOn(Element.prototype, 'scrollIntoView').mockImplementation(() => undefined)
    create.mockRejectedValue(new ApiError(400, 'announcement.expiry_invalid', '有效期要在现在之后，且不超过一年', 'expiresAt'))
    const f = open()
    await waitFor(() => expect(f.q('.ann-target-grid-0')).not.toBeNull())
    await f.type('.ann-title-input input', '停水通知')
    await f.type('.ann-body-input textarea', '周二停水')
    f.click('.ann-submit')
    await waitFor(() => expect(f.q('.field-error-expiresAt')?.textContent).toContain('有效期'))
    expect(f.q<HTMLInputElement>('.ann-title-input input')?.value).toBe('停水通知')
    // the field the server named is brought into view (it has no input to focus)
    await waitFor(() => expect(scrollTo).toHaveBeenCalled())
    await waitFor(() => expect(hasDraft()).toBe(true), { timeout: 2000 })
    f.unmount()
    const again = open()
    await waitFor(() => expect(again.q<HTMLInputElement>('.ann-title-input input')?.value).toBe('停水通知'))
    expect(again.q<HTMLTextAreaElement>('.ann-body-input textarea')?.value).toBe('周二停水')
    expect(again.q('.ann-draft-note')?.textContent).toContain('已恢复您上次没提交的内容')
    // 清空 throws the draft away
    fireEvent.click(again.q('.draft-discard')!)
    await waitFor(() => expect(again.q<HTMLInputElement>('.ann-title-input input')?.value).toBe(''))
    expect(hasDraft()).toBe(false)
  })

  it('a local refusal brings the first field in error into view and focuses it', async () => {
    loginAs('staff')
    const f = open()
    await waitFor(() => expect(f.q('.ann-title-input input')).not.toBeNull())
    await f.type('.ann-body-input textarea', '周二停水')
    f.click('.ann-submit')
    await waitFor(() => expect(f.q('.field-error-title')).not.toBeNull())
    await waitFor(() => expect(document.activeElement).toBe(f.q('.ann-title-input input')))
    expect(create).not.toHaveBeenCalled()
  })

  it('a street admin may publish 全街道, after confirming', async () => {
    loginAs('street_admin')
    const f = open()
    await waitFor(() => expect(f.q('.ann-target-street')).not.toBeNull())
    f.click('.ann-target-street')
    await f.type('.ann-title-input input', '全街道防汛通知')
    await f.type('.ann-body-input textarea', '今晚有暴雨')
    Taro.showModal.mockResolvedValueOnce({ confirm: false, cancel: true, content: '', errMsg: 'ok' })
    f.click('.ann-submit')
    await waitFor(() => expect(Taro.showModal).toHaveBeenCalledTimes(1))
    expect(Taro.showModal.mock.calls[0][0]?.content).toContain('「全街道防汛通知」会发给全街道')
    expect(create).not.toHaveBeenCalled()
    create.mockResolvedValue(announcement({ id: ANN_1, scope: 'street' }))
    f.click('.ann-submit')
    await waitFor(() => expect(create).toHaveBeenCalledWith(expect.objectContaining({ scope: 'street', communityId: COMMUNITY_A, title: '全街道防汛通知' })))
  })

  it('a resident is told who may publish', () => {
    loginAs('resident')
    const f = open()
    expect(f.q('.ann-forbidden')?.textContent).toContain('社区工作者和街道管理员')
    expect(structure).not.toHaveBeenCalled()
  })
})
