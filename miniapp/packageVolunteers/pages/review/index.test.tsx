import { cleanup, fireEvent, render, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError } from '../../../services/errors'
import { downloadCsv, listVolunteers, participation, recommendTalent, volunteerReport } from '../../../services/volunteers'
import { Taro, resetTaroMock, triggerReachBottom } from '../../../testing/taroMock'
import { COMMUNITY_A, bands, loginAs, registration } from '../../testing/fixtures'
import ReviewPage from './index'

vi.mock('@tarojs/taro', async () => (await import('../../../testing/taroMock')).taroModule)
vi.mock('../../../services/volunteers', async (orig) => ({
  parseCsv: (await orig<typeof import('../../../services/volunteers')>()).parseCsv,
  listVolunteers: vi.fn(),
  participation: vi.fn(),
  volunteerReport: vi.fn(),
  downloadCsv: vi.fn(() => false),
  recommendTalent: vi.fn(),
  reviewVolunteer: vi.fn(),
}))

const list = vi.mocked(listVolunteers)
const NEIGHBOUR = '7a1c1d52-8a0e-4a43-9b7c-0c6f1f2b9e02'

beforeEach(() => {
  resetTaroMock()
  for (const fn of [list, vi.mocked(participation), vi.mocked(volunteerReport), vi.mocked(recommendTalent)]) fn.mockReset()
  vi.mocked(participation).mockResolvedValue(bands())
  list.mockResolvedValue({ items: [registration()], nextCursor: null })
  loginAs(['staff'])
})
afterEach(cleanup)

function open() {
  const r = render(<ReviewPage />)
  const q = <T extends HTMLElement = HTMLElement>(sel: string) => r.container.querySelector<T>(sel)
  const type = async (sel: string, value: string) => {
    await waitFor(() => expect(q(sel)).not.toBeNull())
    fireEvent.input(q(sel)!, { target: { value } })
  }
  return { ...r, q, type, click: (sel: string) => fireEvent.click(q(sel)!) }
}

describe('报到审核 page (staff)', () => {
  it('starts with the pending ones; kind chips and the skill search narrow the list on the server', async () => {
    const f = open()
    await waitFor(() => expect(f.container.querySelectorAll('.review-item')).toHaveLength(1))
    expect(list).toHaveBeenLastCalledWith({ status: 'pending', kind: undefined, skill: undefined }, undefined)
    f.click('.review-kind-talent')
    await waitFor(() => expect(list).toHaveBeenLastCalledWith({ status: 'pending', kind: 'talent', skill: undefined }, undefined))
    await f.type('.review-skill input', '维修')
    f.click('.review-status-all')
    await waitFor(() => expect(list).toHaveBeenLastCalledWith({ status: undefined, kind: 'talent', skill: '维修' }, undefined))
    list.mockResolvedValue({ items: [], nextCursor: null })
    f.click('.review-search')
    await waitFor(() => expect(f.q('.review-empty')?.textContent).toBe('没有符合条件的报到'))
  })

  it('pages: the next registrations come on reaching the bottom or 加载更多, with the same filter', async () => {
    list.mockReset()
    list.mockResolvedValueOnce({ items: [registration()], nextCursor: 'c1' })
      .mockResolvedValueOnce({ items: [registration({ id: NEIGHBOUR, displayName: '周师傅' })], nextCursor: 'c2' })
      .mockResolvedValueOnce({ items: [registration({ id: '7a1c1d52-8a0e-4a43-9b7c-0c6f1f2b9e03', displayName: '王大姐' })], nextCursor: null })
    const f = open()
    await waitFor(() => expect(f.container.querySelectorAll('.review-item')).toHaveLength(1))
    triggerReachBottom()
    await waitFor(() => expect(f.container.querySelectorAll('.review-item')).toHaveLength(2))
    expect(list).toHaveBeenLastCalledWith({ status: 'pending' }, 'c1')
    f.click('.review-more')
    await waitFor(() => expect(f.container.querySelectorAll('.review-item')).toHaveLength(3))
    expect(list).toHaveBeenLastCalledWith({ status: 'pending' }, 'c2')
    expect(f.q('.review-more')).toBeNull()
  })

  it('shows the "127" picture against the ideal', async () => {
    const f = open()
    await waitFor(() => expect(f.q('.participation-core')).not.toBeNull())
    expect(participation).toHaveBeenCalledWith(COMMUNITY_A)
    expect(f.q('.participation-core .participation-band-share')?.textContent).toBe('5%（目标 10%）')
    expect(f.q('.participation-active .participation-band-share')?.textContent).toBe('15%（目标 20%）')
    expect(f.q('.participation-general .participation-band-label')?.textContent).toBe('一般 160 人')
  })

  it('导出报到情况 fetches the CSV and shows its rows (where the device cannot download it)', async () => {
    vi.mocked(volunteerReport).mockResolvedValue('工作单位,党员,2025年服务时长（小时）,服务岗位数\n市第一医院,孙先生,1,1\n')
    const f = open()
    f.click('.report-export')
    await waitFor(() => expect(f.container.querySelectorAll('.report-row')).toHaveLength(2))
    expect(volunteerReport).toHaveBeenCalledWith(COMMUNITY_A, expect.any(Number))
    expect(downloadCsv).toHaveBeenCalledWith(expect.stringContaining('市第一医院'), expect.stringMatching(/\.csv$/))
    expect(f.container.querySelectorAll('.report-row')[1].textContent).toBe('市第一医院孙先生11')
    vi.mocked(volunteerReport).mockRejectedValue(new ApiError(403, 'auth.forbidden', '您没有权限进行这个操作'))
    f.click('.report-export')
    await waitFor(() => expect(f.q('.report-error')?.textContent).toBe('您没有权限进行这个操作'))
  })

  it('推荐能人 checks the form, then adds the recommendation to the pending list', async () => {
    const f = open()
    await waitFor(() => expect(f.container.querySelectorAll('.review-item')).toHaveLength(1))
    f.click('.recommend-open')
    await waitFor(() => expect(f.q('.recommend-submit')).not.toBeNull())
    f.click('.recommend-submit')
    await waitFor(() => expect(f.q('.recommend-person .person-picker-field-error')?.textContent).toBe('请选择被推荐的邻居'))
    expect(recommendTalent).not.toHaveBeenCalled()
    vi.mocked(recommendTalent).mockResolvedValue(registration({ id: '7a1c1d52-8a0e-4a43-9b7c-0c6f1f2b9e01', displayName: '王女士', kind: 'talent', source: 'discovered' }))
    // the neighbour is found by name in the community, never typed as an id
    Taro.request.mockResolvedValue({
      statusCode: 200,
      data: { items: [{ id: NEIGHBOUR, displayName: '王女士', phoneMasked: null, microGridName: '3号楼', roles: ['resident'] }] },
    })
    await f.type('.recommend-person .person-picker-search input', '王')
    await waitFor(() => expect(f.q('.recommend-person .person-picker-row')).not.toBeNull())
    expect((Taro.request.mock.calls[0][0] as { url: string }).url).toBe(`/api/people?communityId=${COMMUNITY_A}&q=${encodeURIComponent('王')}`)
    f.click('.recommend-person .person-picker-row')
    await waitFor(() => expect(f.q('.recommend-person .person-picker-chip')?.textContent).toContain('王女士'))
    await f.type('.recommend-skills input', '书法')
    await f.type('.recommend-reason textarea', '常年义务教孩子写字')
    f.click('.recommend-submit')
    await waitFor(() => expect(f.container.querySelectorAll('.review-item')).toHaveLength(2))
    expect(recommendTalent).toHaveBeenCalledWith({ profileId: NEIGHBOUR, skills: ['书法'], reason: '常年义务教孩子写字' })
  })

  it('is not for residents', () => {
    loginAs(['resident'])
    const f = open()
    expect(f.q('.review-forbidden')).not.toBeNull()
    expect(list).not.toHaveBeenCalled()
  })
})
