import { cleanup, fireEvent, render, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { NeedDetail } from '../../../../core/contracts'
import { answerNeed, listDepartments, routeNeed } from '../../../services/departments'
import { ApiError } from '../../../services/errors'
import { evaluateNeed, followNeed, getNeed, transitionNeed, unfollowNeed } from '../../../services/needs'
import { at, event, IDS, needDetail, profile, REF_NO, signIn, storyItem } from '../../../testing/fixtures'
import { Taro, resetTaroMock, router } from '../../../testing/taroMock'
import NeedDetailPage from './index'

vi.mock('@tarojs/taro', async () => (await import('../../../testing/taroMock')).taroModule)
vi.mock('../../../services/needs', () => ({
  getNeed: vi.fn(),
  evaluateNeed: vi.fn(),
  transitionNeed: vi.fn(),
  followNeed: vi.fn(),
  unfollowNeed: vi.fn(),
}))
vi.mock('../../../services/departments', () => ({ answerNeed: vi.fn(), listDepartments: vi.fn(), routeNeed: vi.fn() }))

const get = vi.mocked(getNeed)

function loginAs(p = profile()) {
  signIn(p)
}

const staff = profile({ id: IDS.staff, handle: 'staff1', displayName: '陈主任', roles: ['staff'], microGridId: null })

beforeEach(() => {
  resetTaroMock()
  for (const fn of [getNeed, evaluateNeed, transitionNeed, followNeed, unfollowNeed, answerNeed, listDepartments, routeNeed]) vi.mocked(fn).mockReset()
  router.params = { id: IDS.need }
})
afterEach(cleanup)

async function open(need: NeedDetail) {
  get.mockResolvedValue(need)
  const view = render(<NeedDetailPage />)
  await waitFor(() => expect(view.container.querySelector('.need-detail')).not.toBeNull())
  const q = (sel: string) => view.container.querySelector<HTMLElement>(sel)
  return { ...view, q }
}

describe('need detail', () => {
  it('shows loading, then every field, the deadline and the timeline', async () => {
    loginAs()
    let resolve!: (n: NeedDetail) => void
    get.mockReturnValue(new Promise((r) => { resolve = r }))
    const { container } = render(<NeedDetailPage />)
    expect(container.querySelector('.need-detail-loading')).not.toBeNull()
    resolve(needDetail({
      status: 'in_progress', urgency: 'high', address: '3号楼2单元501', track: 'shared', severity: 'general', handlerName: '陈主任',
      dueAt: at('11-22T07:30:00Z'), dueGoal: 'resolve', peopleAffected: 12, windowFrom: at('11-23T08:00:00+08:00'), windowTo: at('11-23T12:00:00+08:00'),
      timeline: [
        event({ id: 1 }),
        event({ id: 2, from: 'submitted', to: 'triaged', actor: 'staff', actorName: '陈主任', note: '物业处理' }),
        event({ id: 3, from: 'triaged', to: 'in_progress', actor: 'staff', actorName: '陈主任' }),
      ],
    }))
    await waitFor(() => expect(container.querySelector('.need-detail')).not.toBeNull())
    const q = (sel: string) => container.querySelector(sel)?.textContent
    expect(q('.need-detail-title')).toBe('三号楼楼道灯坏了')
    // a resident reads plain words: 办理中, 所在楼栋 1号楼, no 三事分流 terms
    expect(q('.need-detail-status')).toBe('办理中')
    expect(q('.need-detail-ref')).toBe(`受理编号 ${REF_NO}`)
    expect(q('.need-detail-refno')).toBe(REF_NO)
    expect(q('.need-due')).toBe('应于 11月22日 15:30 前办结')
    expect(container.querySelector('.need-overdue')).toBeNull()
    expect(q('.need-detail-urgency')).toBe('较急')
    expect(container.querySelector('.need-detail-track')).toBeNull()
    expect(container.querySelector('.need-detail-severity')).toBeNull()
    expect(q('.need-detail-handler')).toBe('陈主任')
    expect(q('.need-detail-address')).toBe('3号楼2单元501')
    expect(q('.need-detail-people')).toBe('12 人')
    expect(q('.need-detail-window')).toBe('11月23日 08:00–12:00')
    expect(q('.need-detail-grid')).toBe('1号楼')
    expect(container.textContent).not.toContain('微网格')
    expect(container.textContent).not.toContain('研判')
    const steps = Array.from(container.querySelectorAll('.timeline-item'))
    expect(steps.map((s) => s.querySelector('.timeline-status')?.textContent)).toEqual(['已提交', '已受理', '办理中'])
    expect(getNeed).toHaveBeenCalledWith(IDS.need)
    // a need is never shown by its UUID
    expect(container.textContent).not.toContain(IDS.need)
  })

  it('marks an overdue need in red with 已超期', async () => {
    loginAs()
    const f = await open(needDetail({ status: 'in_progress', overdue: true, dueAt: at('11-22T07:30:00Z'), dueGoal: 'resolve' }))
    expect(f.q('.need-overdue')?.textContent).toBe('已超期')
    expect(f.q('.need-due')?.className).toContain('is-overdue')
  })

  it('shows the error with 重试', async () => {
    loginAs()
    get.mockRejectedValueOnce(new ApiError(404, 'need.not_found', '要找的内容不存在或已被删除')).mockResolvedValueOnce(needDetail())
    const { container } = render(<NeedDetailPage />)
    await waitFor(() => expect(container.querySelector('.need-detail-error')?.textContent).toContain('要找的内容不存在或已被删除'))
    fireEvent.click(container.querySelector('.need-detail-retry')!)
    await waitFor(() => expect(container.querySelector('.need-detail')).not.toBeNull())
  })

  it('shows the resident the 办理结果 card first, with who and when', async () => {
    loginAs()
    const f = await open(needDetail({
      status: 'resolved',
      outcome: { kind: 'resolved', note: '已更换 3 单元楼道灯泡', photos: [], at: at('11-22T09:00:00Z'), actor: 'staff', actorName: '陈主任' },
    }))
    expect(f.q('.need-outcome')?.className).toContain('is-resolved')
    expect(f.q('.need-outcome-title')?.textContent).toBe('办理结果')
    expect(f.q('.need-outcome-note')?.textContent).toBe('已更换 3 单元楼道灯泡')
    expect(f.q('.need-outcome-by')?.textContent).toBe('陈主任 · 11月22日 17:00')
    // above the rating form
    const cards = Array.from(f.container.querySelectorAll('.card')).map((c) => c.className)
    expect(cards.findIndex((c) => c.includes('need-outcome'))).toBeLessThan(cards.findIndex((c) => c.includes('need-evaluate')))
  })

  it('shows 未受理原因 and 已上报 with their reason', async () => {
    loginAs()
    const f = await open(needDetail({
      status: 'rejected',
      outcome: { kind: 'rejected', note: '属于物业维修范围', photos: [], at: at('11-22T09:00:00Z'), actor: 'staff', actorName: '陈主任' },
    }))
    expect(f.q('.need-outcome-title')?.textContent).toBe('未受理原因')
    expect(f.q('.need-outcome-note')?.textContent).toBe('属于物业维修范围')
    cleanup()
    const g = await open(needDetail({
      status: 'escalated',
      outcome: { kind: 'escalated', note: '需要街道协调', photos: [], at: at('11-22T09:00:00Z'), actor: 'system', actorName: null },
    }))
    expect(g.q('.need-outcome-title')?.textContent).toBe('已上报')
    expect(g.q('.need-outcome-lead')?.textContent).toContain('上报街道')
    expect(g.q('.need-outcome-by')?.textContent).toContain('系统')
  })

  it('tells the whole story with links to the service project, the meeting and the resolution', async () => {
    loginAs()
    const project = '7a000000-0000-4000-8000-000000000001'
    const meeting = '7a000000-0000-4000-8000-000000000002'
    const resolution = '7a000000-0000-4000-8000-000000000003'
    const f = await open(needDetail({
      status: 'resolved',
      story: [
        storyItem(),
        storyItem({ kind: 'triaged', title: '社区已受理', actorName: '陈主任' }),
        storyItem({ kind: 'service', title: '服务项目：红色物业维修队', detail: '状态：服务中；匹配理由：类别对口', actorName: null, link: { type: 'service', id: project } }),
        storyItem({ kind: 'meeting', title: '议事会：三号楼议事会', actorName: null, link: { type: 'meeting', id: meeting } }),
        storyItem({ kind: 'resolution', title: '议事决议：更换楼道灯', actorName: null, link: { type: 'resolution', id: resolution } }),
        storyItem({ kind: 'resolved', title: '已解决', detail: '办理结果：已更换楼道灯', actorName: '陈主任' }),
      ],
    }))
    const steps = Array.from(f.container.querySelectorAll('.story-item'))
    expect(steps.map((s) => s.querySelector('.story-title')?.textContent)).toEqual([
      '提交需求', '社区已受理', '服务项目：红色物业维修队', '议事会：三号楼议事会', '议事决议：更换楼道灯', '已解决',
    ])
    const links = Array.from(f.container.querySelectorAll<HTMLElement>('.story-link'))
    expect(links.map((l) => l.getAttribute('role'))).toEqual(['link', 'link', 'link'])
    for (const l of links) fireEvent.click(l)
    expect((Taro.navigateTo.mock.calls as unknown[][]).map((c) => c[0])).toEqual([
      { url: `/packageServices/pages/detail/index?id=${project}` },
      { url: `/packageDeliberation/pages/meeting-detail/index?id=${meeting}` },
      { url: `/packageDeliberation/pages/resolution/index?id=${resolution}` },
    ])
    expect(f.container.textContent).not.toContain(project)
  })

  describe('as another resident', () => {
    const other = profile({ id: '0b7f8f34-4f0e-4a43-9b7c-0c6f1f2b9a09', handle: 'resident2', displayName: '李大爷' })

    it('shows the followers and follows / unfollows with 关注 / 已关注', async () => {
      loginAs(other)
      vi.mocked(followNeed).mockResolvedValue({ id: IDS.need, followers: 3, following: true })
      vi.mocked(unfollowNeed).mockResolvedValue({ id: IDS.need, followers: 2, following: false })
      const f = await open(needDetail({ followers: 2 }))
      expect(f.q('.need-followers')?.textContent).toBe('2 位居民关注')
      expect(f.q('.need-follow')?.textContent).toBe('关注')
      fireEvent.click(f.q('.need-follow')!)
      await waitFor(() => expect(f.q('.need-follow')?.textContent).toBe('已关注'))
      expect(f.q('.need-followers')?.textContent).toBe('3 位居民关注')
      expect(followNeed).toHaveBeenCalledWith(IDS.need)
      fireEvent.click(f.q('.need-follow')!)
      await waitFor(() => expect(f.q('.need-follow')?.textContent).toBe('关注'))
      expect(unfollowNeed).toHaveBeenCalledWith(IDS.need)
    })

    it('has no follow button on a closed or rejected need, and no rating form', async () => {
      loginAs(other)
      const f = await open(needDetail({ status: 'rejected' }))
      expect(f.q('.need-follow')).toBeNull()
      expect(f.q('.need-followers')).not.toBeNull()
      cleanup()
      const g = await open(needDetail({ status: 'resolved' }))
      expect(g.q('.rating-submit')).toBeNull()
      expect(g.q('.need-follow')).not.toBeNull()
    })
  })

  describe('as the owner', () => {
    it('has no follow button', async () => {
      loginAs()
      const f = await open(needDetail({ followers: 4 }))
      expect(f.q('.need-follow')).toBeNull()
      expect(f.q('.need-followers')?.textContent).toBe('4 位居民关注')
    })

    it('rates a resolved need, then sees the stars and 已评价', async () => {
      loginAs()
      vi.mocked(evaluateNeed).mockResolvedValue(needDetail({
        status: 'evaluated', rating: 5, ratingComment: '修得很快',
        timeline: [event(), event({ id: 9, from: 'resolved', to: 'evaluated', actor: 'owner', note: '评价 5 星：修得很快' })],
      }))
      const f = await open(needDetail({ status: 'resolved', reopenCount: 0 }))
      expect(f.q('.need-rating')).toBeNull()
      fireEvent.click(f.q('.rating-star-5')!)
      await waitFor(() => expect(f.q('.rating-comment textarea')).not.toBeNull())
      fireEvent.input(f.q('.rating-comment textarea')!, { target: { value: '修得很快' } })
      fireEvent.click(f.q('.rating-submit')!)
      await waitFor(() => expect(f.q('.need-rating')).not.toBeNull())
      expect(evaluateNeed).toHaveBeenCalledWith(IDS.need, 5, '修得很快')
      expect(f.container.querySelectorAll('.need-rating .rating-star-view.is-on')).toHaveLength(5)
      expect(f.q('.need-detail-status')?.textContent).toBe('已评价')
      expect(f.q('.rating-submit')).toBeNull()
      expect(f.q('.need-action-in_progress')).toBeNull()
    })

    it('may ask once to reopen a resolved need, with a reason', async () => {
      loginAs()
      vi.mocked(transitionNeed).mockResolvedValue(needDetail({ status: 'in_progress', reopenCount: 1 }))
      const f = await open(needDetail({ status: 'resolved', reopenCount: 0, actions: ['evaluated', 'in_progress'] }))
      expect(f.q('.need-action-in_progress')?.textContent).toBe('重新办理')
      // the owner's own buttons are not duplicated in the staff area
      expect(f.q('.need-handle')).toBeNull()
      fireEvent.click(f.q('.need-action-in_progress')!)
      await waitFor(() => expect(f.q('.action-reason textarea')).not.toBeNull())
      fireEvent.input(f.q('.action-reason textarea')!, { target: { value: '灯又不亮了' } })
      fireEvent.click(f.q('.action-confirm')!)
      await waitFor(() => expect(f.q('.need-detail-status')?.textContent).toBe('办理中'))
      expect(transitionNeed).toHaveBeenCalledWith(IDS.need, 'in_progress', '灯又不亮了')
    })

    it('cannot reopen twice', async () => {
      loginAs()
      const f = await open(needDetail({ status: 'resolved', reopenCount: 1, actions: ['evaluated', 'in_progress'] }))
      expect(f.q('.rating-submit')).not.toBeNull()
      expect(f.q('.need-action-in_progress')).toBeNull()
    })
  })

  describe('as staff', () => {
    it('a submitted need offers 研判分类 and 不予受理', async () => {
      loginAs(staff)
      const f = await open(needDetail({ canTriage: true, actions: ['rejected'] }))
      expect(f.q('.need-triage')?.textContent).toBe('研判分类')
      expect(f.q('.need-action-rejected')).not.toBeNull()
      // staff handle it; following is for residents
      expect(f.q('.need-follow')).toBeNull()
      fireEvent.click(f.q('.need-triage')!)
      expect(Taro.navigateTo).toHaveBeenCalledWith({ url: `/packageNeeds/pages/triage/index?id=${IDS.need}` })
    })

    it('sees the work terms: 微网格, 事项类型 and 等级', async () => {
      loginAs(staff)
      const f = await open(needDetail({ status: 'in_progress', track: 'shared', severity: 'general' }))
      expect(f.q('.need-detail-grid')?.textContent).toBe('1号楼微网格')
      expect(f.q('.need-detail-track')?.textContent).toBe('大家事')
      expect(f.q('.need-detail-severity')?.textContent).toBe('一般')
      expect(f.q('.need-detail-status')?.textContent).toBe('处理中')
    })

    it('resolves with a 办理结果 after a confirmation naming the need, and shows the new status and timeline', async () => {
      loginAs(staff)
      vi.mocked(transitionNeed).mockResolvedValue(needDetail({
        status: 'resolved', actions: [],
        timeline: [event(), event({ id: 2, from: 'in_progress', to: 'resolved', actor: 'staff', actorName: '陈主任', note: '已更换楼道灯泡' })],
        outcome: { kind: 'resolved', note: '已更换楼道灯泡', photos: [], at: at('11-22T09:00:00Z'), actor: 'staff', actorName: '陈主任' },
      }))
      const f = await open(needDetail({ status: 'in_progress', actions: ['resolved', 'escalated'] }))
      expect(f.q('.need-triage')).toBeNull()
      fireEvent.click(f.q('.need-action-resolved')!)
      await waitFor(() => expect(f.q('.action-reason textarea')).not.toBeNull())
      // the 办理结果 is required
      fireEvent.click(f.q('.action-confirm')!)
      await waitFor(() => expect(f.q('.field-error-note')).not.toBeNull())
      expect(transitionNeed).not.toHaveBeenCalled()
      fireEvent.input(f.q('.action-reason textarea')!, { target: { value: '已更换楼道灯泡' } })
      fireEvent.click(f.q('.action-confirm')!)
      await waitFor(() => expect(f.q('.need-detail-status')?.textContent).toBe('已解决'))
      expect(Taro.showModal).toHaveBeenCalledWith(expect.objectContaining({ content: '确认将「三号楼楼道灯坏了」标记为已解决？居民会看到您填写的办理结果。' }))
      expect(transitionNeed).toHaveBeenCalledWith(IDS.need, 'resolved', '已更换楼道灯泡', undefined)
      expect(f.q('.need-action-resolved')).toBeNull()
      expect(f.container.querySelectorAll('.timeline-item')).toHaveLength(2)
    })

    it('sees no buttons when the server allows nothing', async () => {
      loginAs(staff)
      const f = await open(needDetail({ status: 'evaluated', rating: 4 }))
      expect(f.q('.need-handle')).toBeNull()
      expect(f.q('.need-rating')?.textContent).toContain('4 星')
    })
  })
})

describe('部门答复', () => {
  const DEPT = '30000000-0000-4000-8000-000000000001'
  const qian = profile({ id: '0b7f8f34-4f0e-4a43-9b7c-0c6f1f2b9a09', handle: 'dept1', displayName: '钱科员', roles: ['department'], communityId: null })
  const routed = needDetail({ status: 'escalated', track: 'public', departmentId: DEPT, departmentName: '城管科', canAnswer: true })
  const typeAnswer = async (q: (s: string) => HTMLElement | null, value: string) => {
    await waitFor(() => expect(q('.need-answer-text textarea')).not.toBeNull())
    fireEvent.input(q('.need-answer-text textarea')!, { target: { value } })
  }

  it('is offered only when the need says canAnswer', async () => {
    loginAs(qian)
    const { q } = await open(needDetail({ status: 'escalated', departmentName: '城管科', canAnswer: false }))
    expect(q('.need-answer')).toBeNull()
    expect(q('.need-answer-submit')).toBeNull()
  })

  it('a department member answers after confirming; the answer then shows on the timeline', async () => {
    loginAs(qian)
    const { q, container } = await open(routed)
    expect(q('.need-detail-routed')?.textContent).toBe('城管科')
    await typeAnswer(q, '  已安排本周内修复路灯  ')
    vi.mocked(answerNeed).mockResolvedValue(needDetail({
      ...routed, canAnswer: false, departmentAnswer: '已安排本周内修复路灯',
      timeline: [event({ id: 1 }), event({ id: 2, from: 'escalated', to: 'escalated', actor: 'department', actorName: '钱科员', note: '已安排本周内修复路灯' })],
    }))
    fireEvent.click(q('.need-answer-submit')!)
    await waitFor(() => expect(answerNeed).toHaveBeenCalledWith(IDS.need, '已安排本周内修复路灯'))
    expect(Taro.showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '提交部门答复' }))
    await waitFor(() => expect(q('.need-answer')).toBeNull())
    expect(container.querySelector('.need-progress')?.textContent).toContain('已安排本周内修复路灯')
  })

  it('cancelling the confirmation sends nothing; a short answer is refused at the field', async () => {
    loginAs(qian)
    const { q } = await open(routed)
    fireEvent.click(q('.need-answer-submit')!)
    await waitFor(() => expect(q('.need-answer-error')?.textContent).toBe('答复至少 2 个字'))
    await typeAnswer(q, '好')
    expect(q('.need-answer-error')).toBeNull()
    fireEvent.click(q('.need-answer-submit')!)
    await waitFor(() => expect(q('.need-answer-error')?.textContent).toBe('答复至少 2 个字'))
    expect(Taro.showModal).not.toHaveBeenCalled()
    await typeAnswer(q, '已转交区住建局')
    Taro.showModal.mockResolvedValueOnce({ confirm: false, cancel: true, content: '', errMsg: 'ok' })
    fireEvent.click(q('.need-answer-submit')!)
    await waitFor(() => expect(Taro.showModal).toHaveBeenCalled())
    await new Promise((r) => setTimeout(r, 10))
    expect(answerNeed).not.toHaveBeenCalled()
  })

  it('a failed answer shows the error at the field and keeps the text', async () => {
    loginAs(qian)
    const { q } = await open(routed)
    await typeAnswer(q, '已安排本周内修复路灯')
    vi.mocked(answerNeed).mockRejectedValue(new ApiError(0, 'network', '网络不给力，请检查网络后再试'))
    fireEvent.click(q('.need-answer-submit')!)
    await waitFor(() => expect(q('.need-answer-error')?.textContent).toContain('网络不给力'))
    expect((q('.need-answer-text textarea') as HTMLTextAreaElement).value).toBe('已安排本周内修复路灯')
    expect(q('.need-answer-submit')?.className).not.toContain('is-disabled')
  })
})

describe('交办部门', () => {
  const STREET = '20000000-0000-4000-8000-000000000001'
  const D1 = '30000000-0000-4000-8000-000000000001'
  const D2 = '30000000-0000-4000-8000-000000000002'
  const dept = (id: string, name: string) => ({
    id, streetId: STREET, name, contactName: null, contactPhone: null, archived: false, archivedAt: null, members: [], openCount: 0, createdAt: at('11-20T08:00:00Z'),
  })
  const streetAdmin = profile({ id: IDS.staff, handle: 'street1', displayName: '王主任', roles: ['staff'], adminStreetIds: [STREET], communityId: null })

  it('is not offered to a street admin on an ordinary need, nor to staff on an escalated one', async () => {
    loginAs(streetAdmin)
    vi.mocked(listDepartments).mockResolvedValue([dept(D1, '城管科')])
    const f = await open(needDetail({ status: 'in_progress', track: 'shared' }))
    expect(f.q('.need-route')).toBeNull()
    cleanup()
    loginAs(staff)
    const g = await open(needDetail({ status: 'escalated' }))
    expect(g.q('.need-route')).toBeNull()
  })

  it('a street admin picks a department, confirms, and the page shows the routed need', async () => {
    loginAs(streetAdmin)
    vi.mocked(listDepartments).mockResolvedValue([dept(D1, '城管科'), dept(D2, '住建科')])
    vi.mocked(routeNeed).mockResolvedValue(needDetail({ status: 'escalated', track: 'public', departmentId: D2, departmentName: '住建科' }))
    const f = await open(needDetail({ status: 'escalated', track: 'public' }))
    await waitFor(() => expect(f.container.querySelectorAll('.need-route-dept')).toHaveLength(2))
    fireEvent.click(f.q('.need-route-submit')!)
    await waitFor(() => expect(f.q('.need-route-error')?.textContent).toBe('请选择要交办的部门'))
    fireEvent.click(f.q(`.need-route-dept[data-id="${D2}"]`)!)
    await waitFor(() => expect(f.q('.need-route-note textarea')).not.toBeNull())
    fireEvent.input(f.q('.need-route-note textarea')!, { target: { value: '请三日内答复' } })
    fireEvent.click(f.q('.need-route-submit')!)
    await waitFor(() => expect(routeNeed).toHaveBeenCalledWith(IDS.need, D2, '请三日内答复'))
    expect(Taro.showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '交办部门' }))
    await waitFor(() => expect(f.q('.need-detail-routed')?.textContent).toBe('住建科'))
  })

  it('a refusal shows at the card and keeps the note', async () => {
    loginAs(streetAdmin)
    vi.mocked(listDepartments).mockResolvedValue([dept(D1, '城管科')])
    vi.mocked(routeNeed).mockRejectedValue(new ApiError(409, 'need.state', '这条需求已经办结'))
    const f = await open(needDetail({ status: 'escalated' }))
    await waitFor(() => expect(f.q('.need-route-dept')).not.toBeNull())
    fireEvent.click(f.q(`.need-route-dept[data-id="${D1}"]`)!)
    await waitFor(() => expect(f.q('.need-route-note textarea')).not.toBeNull())
    fireEvent.input(f.q('.need-route-note textarea')!, { target: { value: '请尽快' } })
    fireEvent.click(f.q('.need-route-submit')!)
    await waitFor(() => expect(f.q('.need-route .need-route-error')?.textContent).toBe('这条需求已经办结'))
    expect((f.q('.need-route-note textarea') as HTMLTextAreaElement).value).toBe('请尽快')
  })
})
