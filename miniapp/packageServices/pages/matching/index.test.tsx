import { cleanup, fireEvent, render, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Proposal } from '../../../../core/contracts'
import { ApiError } from '../../../services/errors'
import { acceptProposal, listProposals, runMatching, type RunMatchingResult } from '../../../services/services'
import { Taro, resetTaroMock, triggerReachBottom } from '../../../testing/taroMock'
import { COMMUNITY_A, deferred, detail, loginAs, proposal } from '../../testing/fixtures'
import MatchingPage from './index'

vi.mock('@tarojs/taro', async () => (await import('../../../testing/taroMock')).taroModule)
vi.mock('../../../services/services', () => ({ listProposals: vi.fn(), runMatching: vi.fn(), acceptProposal: vi.fn() }))

const list = vi.mocked(listProposals)
const run = vi.mocked(runMatching)
const accept = vi.mocked(acceptProposal)

const P2 = proposal({
  id: '8b1c1d52-8a0e-4a43-9b7c-0c6f1f2b9a02',
  needTitle: '王奶奶家水管漏水',
  resourceTitle: '社区能人水电维修',
  publisherName: '周师傅',
  score: 6100,
  reasons: ['同一微网格', '等待已超过 3 天'],
})

/** one page of proposals, the last unless a cursor is given */
function page(items: Proposal[], nextCursor: string | null = null) {
  return { items, nextCursor }
}

function result(proposals: Proposal[], overrides: Partial<RunMatchingResult> = {}): RunMatchingResult {
  return {
    runId: '9c1c1d52-8a0e-4a43-9b7c-0c6f1f2b9a01',
    proposals,
    totalScore: proposals.reduce((s, p) => s + p.score, 0),
    optimal: true,
    ms: 3.25,
    needs: 4,
    resources: 2,
    candidates: 5,
    ...overrides,
  }
}

beforeEach(() => {
  resetTaroMock()
  list.mockReset()
  run.mockReset()
  accept.mockReset()
  loginAs(['staff'])
})
afterEach(cleanup)

function setup() {
  const { container } = render(<MatchingPage />)
  const q = (sel: string) => container.querySelector<HTMLElement>(sel)
  const all = (sel: string) => Array.from(container.querySelectorAll<HTMLElement>(sel))
  return { container, q, all }
}

describe('智能匹配 page', () => {
  it('lists the community\'s open proposals on show', async () => {
    list.mockResolvedValue(page([proposal()]))
    const { q, all } = setup()
    expect(q('.matching-loading')).not.toBeNull()
    await waitFor(() => expect(all('.proposal-item')).toHaveLength(1))
    expect(list).toHaveBeenCalledWith(COMMUNITY_A, { cursor: undefined })
    expect(q('.matching-summary')).toBeNull()
  })

  it('running shows the loading state, then the summary and the first page of the open proposals with their reasons', async () => {
    list.mockResolvedValueOnce(page([])).mockResolvedValueOnce(page([proposal(), P2]))
    const d = deferred<RunMatchingResult>()
    run.mockReturnValue(d.promise)
    const { q, all } = setup()
    await waitFor(() => expect(q('.matching-empty')).not.toBeNull())

    fireEvent.click(q('.matching-run')!)
    await waitFor(() => expect(q('.matching-run')?.textContent).toContain('正在匹配…'))
    expect(q('.matching-run')?.className).toContain('is-disabled')
    expect(q('.matching-progress')?.textContent).toContain('正在匹配…')
    fireEvent.click(q('.matching-run')!)
    expect(run).toHaveBeenCalledTimes(1)
    expect(run).toHaveBeenCalledWith(COMMUNITY_A)

    d.resolve(result([proposal(), P2]))
    await waitFor(() => expect(q('.matching-summary')).not.toBeNull())
    expect(q('.matching-run')?.textContent).toContain('运行智能匹配')
    expect(q('.matching-progress')).toBeNull()
    expect(q('.matching-count')?.textContent).toBe('找到 2 条配对建议')
    expect(q('.matching-sizes')?.textContent).toBe('比对了 4 条待服务的需求和 2 项可用资源')
    // never the engine's numbers: the total score, the solve time, whether it is optimal
    const text = document.body.textContent ?? ''
    for (const engine of ['14850', '总分', '3.25', 'ms', '最优', '匹配分', '6100']) expect(text).not.toContain(engine)

    const items = all('.proposal-item')
    expect(items).toHaveLength(2)
    expect(items[1].textContent).toContain('王奶奶家水管漏水')
    expect(items[1].textContent).toContain('社区能人水电维修（周师傅）')
    expect(items[1].querySelector('.proposal-reasons-title')?.textContent).toBe('匹配理由')
    expect(Array.from(items[1].querySelectorAll('.proposal-reason')).map((e) => e.textContent)).toEqual(['同一小区楼栋', '等待已超过 3 天'])
  })

  it('a run that finds nothing says so', async () => {
    list.mockResolvedValue(page([]))
    run.mockResolvedValue(result([], { needs: 0, candidates: 0 }))
    const { q } = setup()
    await waitFor(() => expect(q('.matching-empty')).not.toBeNull())
    fireEvent.click(q('.matching-run')!)
    await waitFor(() => expect(q('.matching-count')?.textContent).toBe('这次没有找到能配对的'))
    expect(q('.matching-empty')?.textContent).toContain('这次没有找到')
  })

  it('a failed run shows the server\'s message and keeps the list', async () => {
    list.mockResolvedValue(page([proposal()]))
    run.mockRejectedValue(new ApiError(403, 'auth.forbidden', '您没有权限进行这个操作'))
    const { q, all } = setup()
    await waitFor(() => expect(all('.proposal-item')).toHaveLength(1))
    fireEvent.click(q('.matching-run')!)
    await waitFor(() => expect(q('.matching-error')?.textContent).toBe('您没有权限进行这个操作'))
    expect(all('.proposal-item')).toHaveLength(1)
    expect(q('.matching-run')?.textContent).toContain('运行智能匹配')
  })

  it('采纳 accepts one proposal once, then offers to open the new project', async () => {
    list.mockResolvedValue(page([proposal(), P2]))
    const d = deferred<ReturnType<typeof detail>>()
    accept.mockReturnValue(d.promise)
    const { q, all } = setup()
    await waitFor(() => expect(all('.proposal-item')).toHaveLength(2))

    const second = () => all('.proposal-item')[1]
    fireEvent.click(second().querySelector('.proposal-accept')!)
    await waitFor(() => expect(second().querySelector('.proposal-accept')?.textContent).toContain('正在采纳…'))
    fireEvent.click(second().querySelector('.proposal-accept')!)
    expect(accept).toHaveBeenCalledTimes(1)
    expect(accept).toHaveBeenCalledWith(P2.id)
    // the other proposal is untouched
    expect(all('.proposal-item')[0].querySelector('.proposal-accept')?.textContent).toContain('采纳')

    d.resolve(detail())
    await waitFor(() => expect(second().querySelector('.proposal-accepted')).not.toBeNull())
    expect(second().querySelector('.proposal-accept')).toBeNull()
    fireEvent.click(second().querySelector('.proposal-open')!)
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packageServices/pages/detail/index?id=7a1c1d52-8a0e-4a43-9b7c-0c6f1f2b9a01' })
    expect(q('.proposal-error')).toBeNull()
  })

  it('采纳 asks first, naming the need and the resource; cancelled → nothing is sent', async () => {
    list.mockResolvedValue(page([P2]))
    vi.mocked(Taro.showModal).mockResolvedValueOnce({ confirm: false, cancel: true, content: '', errMsg: 'ok' })
    const { q } = setup()
    await waitFor(() => expect(q('.proposal-accept')).not.toBeNull())
    fireEvent.click(q('.proposal-accept')!)
    await waitFor(() => expect(Taro.showModal).toHaveBeenCalledTimes(1))
    const content = String(vi.mocked(Taro.showModal).mock.calls[0][0]?.content)
    expect(content).toContain('王奶奶家水管漏水')
    expect(content).toContain('社区能人水电维修')
    expect(content).toContain('周师傅')
    await new Promise((r) => setTimeout(r, 20))
    expect(accept).not.toHaveBeenCalled()
    expect(q('.proposal-accept')?.textContent).toContain('采纳')
  })

  it('a refused accept shows the reason on that proposal and can be tried again', async () => {
    list.mockResolvedValue(page([proposal()]))
    accept.mockRejectedValueOnce(new ApiError(409, 'service.resource_full', '该资源本期服务能力已满')).mockResolvedValueOnce(detail())
    const { q } = setup()
    await waitFor(() => expect(q('.proposal-accept')).not.toBeNull())
    fireEvent.click(q('.proposal-accept')!)
    await waitFor(() => expect(q('.proposal-error')?.textContent).toBe('该资源本期服务能力已满'))
    fireEvent.click(q('.proposal-accept')!)
    await waitFor(() => expect(q('.proposal-accepted')).not.toBeNull())
    expect(q('.proposal-error')).toBeNull()
    expect(accept).toHaveBeenCalledTimes(2)
  })

  it('a profile without a community cannot run matching and asks the server for nothing', async () => {
    loginAs(['staff'], null)
    const { q } = setup()
    await waitFor(() => expect(q('.matching-list-error')?.textContent).toContain('没有所属社区'))
    fireEvent.click(q('.matching-run')!)
    await waitFor(() => expect(q('.matching-error')).not.toBeNull())
    expect(list).not.toHaveBeenCalled()
    expect(run).not.toHaveBeenCalled()
  })

  it('loads the next page at the bottom of the list with the last page\'s cursor, until there is none', async () => {
    list.mockResolvedValueOnce(page([proposal()], 'p1')).mockResolvedValueOnce(page([P2]))
    const { q, all } = setup()
    await waitFor(() => expect(all('.proposal-item')).toHaveLength(1))
    expect(q('.proposals-more')?.textContent).toBe('加载更多')
    triggerReachBottom()
    await waitFor(() => expect(all('.proposal-item')).toHaveLength(2))
    expect(list.mock.calls).toEqual([[COMMUNITY_A, { cursor: undefined }], [COMMUNITY_A, { cursor: 'p1' }]])
    expect(q('.proposals-more')).toBeNull()
    expect(q('.proposals-end')?.textContent).toBe('没有更多了')
    expect(q('.proposal-list-title')?.textContent).toContain('2 条')
  })
})
