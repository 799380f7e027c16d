import { cleanup, fireEvent, render, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Profile, Resolution } from '../../../../core/contracts'
import { acceptAction, actionProgress, addAction, evaluateResolution, getResolution, returnAction, superviseResolution } from '../../../services/deliberation'
import { ApiError } from '../../../services/errors'
import { profile, signIn } from '../../../testing/fixtures'
import { Taro, resetTaroMock, router } from '../../../testing/taroMock'
import { D, resolution } from '../../testing/fixtures'
import ResolutionPage from './index'

vi.mock('@tarojs/taro', async () => (await import('../../../testing/taroMock')).taroModule)
vi.mock('../../../services/deliberation', () => ({
  getResolution: vi.fn(), actionProgress: vi.fn(), addAction: vi.fn(), superviseResolution: vi.fn(), evaluateResolution: vi.fn(),
  acceptAction: vi.fn(), returnAction: vi.fn(),
}))

const grid = profile({ id: D.grid, handle: 'grid1', displayName: '赵网格', roles: ['grid_worker'] })
const staff = profile({ id: '0b7f8f34-4f0e-4a43-9b7c-0c6f1f2b9a04', handle: 'staff1', displayName: '陈主任', roles: ['staff'] })
const resident = profile()

beforeEach(() => {
  resetTaroMock()
  for (const fn of [getResolution, actionProgress, addAction, superviseResolution, evaluateResolution, acceptAction, returnAction]) vi.mocked(fn).mockReset()
  router.params = { id: D.resolution }
})
afterEach(cleanup)

async function open(who: Profile, r: Resolution) {
  signIn(who)
  vi.mocked(getResolution).mockResolvedValue(r)
  const view = render(<ResolutionPage />)
  await waitFor(() => expect(view.container.querySelector('.resolution-page')).not.toBeNull())
  const q = (sel: string) => view.container.querySelector<HTMLElement>(sel)
  return { ...view, q }
}

describe('resolution page', () => {
  it('shows the overall progress, each action with owner, deadline, percent and log; overdue in red', async () => {
    const r = resolution({ progress: 40 })
    r.actions[0].overdue = true
    const f = await open(resident, r)
    expect(f.q('.resolution-progress')?.textContent).toContain('完成 40%')
    expect((f.q('.resolution-progress .bar-fill') as HTMLElement).style.width).toBe('40%')
    expect(f.q('.action-owner')?.textContent).toBe('负责人：赵网格')
    expect(f.q('.action-due')?.textContent).toContain('已超期')
    expect(f.q('.action-due')?.className).toContain('overdue')
    expect(f.q('.action-item')?.className).toContain('is-overdue')
    expect(f.q('.action-log-item')?.textContent).toContain('40% · 已联系')
  })

  it('only the action owner gets 更新进展; their report updates the page and keeps input on failure', async () => {
    const other = await open(resident, resolution())
    expect(other.q('.action-submit')).toBeNull()
    cleanup()
    const staffView = await open(staff, resolution())
    expect(staffView.q('.action-submit')).toBeNull()
    expect(staffView.q('.action-add')).not.toBeNull()
    cleanup()

    const f = await open(grid, resolution())
    expect(f.q('.action-add')).toBeNull()
    await waitFor(() => expect(f.q('.action-percent input')).not.toBeNull())
    vi.mocked(actionProgress).mockRejectedValueOnce(new ApiError(400, 'validation', '进度在 0 到 100 之间', 'percent'))
    fireEvent.input(f.q('.action-percent input')!, { target: { value: '100' } })
    fireEvent.input(f.q('.action-note textarea')!, { target: { value: '已安装完成' } })
    fireEvent.click(f.q('.action-submit')!)
    await waitFor(() => expect(f.q('.field-error-percent')?.textContent).toBe('进度在 0 到 100 之间'))
    expect((f.q('.action-note textarea') as HTMLTextAreaElement).value).toBe('已安装完成')
    const done = resolution({ status: 'completed', progress: 100 })
    done.actions[0].percent = 100
    vi.mocked(actionProgress).mockResolvedValueOnce(done)
    fireEvent.click(f.q('.action-submit')!)
    await waitFor(() => expect(f.q('.resolution-status')?.textContent).toBe('已落实'))
    expect(actionProgress).toHaveBeenLastCalledWith(D.action, '已安装完成', 100)
    expect(f.q('.resolution-progress')?.textContent).toContain('100%')
  })

  it('residents rate only once the resolution is completed; then the average and their rating show', async () => {
    const inProgress = await open(resident, resolution())
    expect(inProgress.q('.resolution-star-1')).toBeNull()
    expect(inProgress.q('.resolution-rating')?.textContent).toContain('落实完成后')
    cleanup()
    const staffDone = await open(staff, resolution({ status: 'completed', progress: 100 }))
    expect(staffDone.q('.resolution-star-1')).toBeNull()
    cleanup()

    const f = await open(resident, resolution({ status: 'completed', progress: 100 }))
    fireEvent.click(f.q('.resolution-rate')!)
    await waitFor(() => expect(f.q('.field-error-rating')?.textContent).toBe('请选择 1 到 5 星'))
    expect(evaluateResolution).not.toHaveBeenCalled()
    fireEvent.click(f.q('.resolution-star-4')!)
    await waitFor(() => expect(f.q('.resolution-star-4')?.className).toContain('is-on'))
    expect(f.q('.resolution-star-5')?.className).not.toContain('is-on')
    vi.mocked(evaluateResolution).mockResolvedValue(resolution({ status: 'completed', progress: 100, rating: 4.5, ratings: 2, myRating: 4 }))
    fireEvent.click(f.q('.resolution-rate')!)
    await waitFor(() => expect(f.q('.resolution-rating')?.textContent).toContain('平均 4.5 分 · 2 人评价'))
    expect(f.q('.resolution-my-rating')?.textContent).toBe('我的评价：4 星')
    expect(f.q('.resolution-rate')).toBeNull()
    expect(evaluateResolution).toHaveBeenCalledWith(D.resolution, 4, undefined)
  })

  it('staff add an action, the owner found by name in the resolution\'s community, and a due date', async () => {
    const f = await open(staff, resolution({ actions: [] }))
    await waitFor(() => expect(f.q('.action-title input')).not.toBeNull())
    expect(f.q('.actions-empty')).not.toBeNull()
    vi.mocked(addAction).mockResolvedValue(resolution())
    fireEvent.input(f.q('.action-title input')!, { target: { value: '联系供电公司' } })
    // no owner yet: caught before sending
    fireEvent.input(f.q('.action-due input')!, { target: { value: '2026-12-01' } })
    fireEvent.click(f.q('.action-add')!)
    await waitFor(() => expect(f.q('.action-owner-picker .person-picker-field-error')?.textContent).toBe('请选择负责人'))
    expect(addAction).not.toHaveBeenCalled()
    Taro.request.mockResolvedValue({
      statusCode: 200,
      data: { items: [{ id: D.grid, displayName: '赵网格', phoneMasked: '138****0006', microGridName: null, roles: ['grid_worker'] }] },
    })
    fireEvent.input(f.q('.action-owner-picker .person-picker-search input')!, { target: { value: '赵' } })
    await waitFor(() => expect(f.q('.action-owner-picker .person-picker-row')).not.toBeNull())
    expect((Taro.request.mock.calls[0][0] as { url: string }).url).toContain(`communityId=${resolution().communityId}`)
    fireEvent.click(f.q('.action-owner-picker .person-picker-row')!)
    await waitFor(() => expect(f.q('.action-owner-picker .person-picker-chip')?.textContent).toContain('赵网格'))
    expect(f.container.textContent).not.toContain(D.grid)
    fireEvent.click(f.q('.action-add')!)
    await waitFor(() => expect(f.q('.action-item')).not.toBeNull())
    expect(addAction).toHaveBeenCalledWith(D.resolution, { title: '联系供电公司', ownerId: D.grid, dueAt: '2026-12-01T18:00:00+08:00' })
  })

  it('staff can name themself as the owner in one tap', async () => {
    const f = await open(staff, resolution({ actions: [] }))
    await waitFor(() => expect(f.q('.action-owner-me')).not.toBeNull())
    // Taro's Input renders its inner <input> a moment after the component itself
    await waitFor(() => expect(f.q('.action-title input')).not.toBeNull())
    vi.mocked(addAction).mockResolvedValue(resolution())
    fireEvent.input(f.q('.action-title input')!, { target: { value: '联系供电公司' } })
    fireEvent.click(f.q('.action-owner-me')!)
    await waitFor(() => expect(f.q('.action-owner-picker .person-picker-chip')?.textContent).toContain('陈主任'))
    await waitFor(() => expect(f.q('.action-due input')).not.toBeNull())
    fireEvent.input(f.q('.action-due input')!, { target: { value: '2026-12-01' } })
    fireEvent.click(f.q('.action-add')!)
    await waitFor(() => expect(addAction).toHaveBeenCalledWith(D.resolution, { title: '联系供电公司', ownerId: staff.id, dueAt: '2026-12-01T18:00:00+08:00' }))
  })

  // issue 13: an action item is completed only when staff accept its owner's report
  const reported = (o: Partial<Resolution['actions'][number]> = {}) => {
    const r = resolution({ progress: 100 })
    Object.assign(r.actions[0], { percent: 100, status: 'reported' }, o)
    return r
  }

  it('staff accept a reported item after a confirmation that names it; cancelling sends nothing', async () => {
    const f = await open(staff, reported())
    expect(f.q('.action-status')?.textContent).toBe('待验收')
    expect(f.q('.action-review')?.textContent).toContain('赵网格已报告完成')
    Taro.showModal.mockResolvedValueOnce({ confirm: false, cancel: true, content: '', errMsg: 'ok' })
    fireEvent.click(f.q('.action-accept')!)
    await waitFor(() => expect(Taro.showModal).toHaveBeenCalledTimes(1))
    expect(Taro.showModal.mock.calls[0][0]).toMatchObject({ title: '验收通过', content: expect.stringContaining('「联系供电公司」') })
    expect(acceptAction).not.toHaveBeenCalled()

    const done = reported({ status: 'done', doneAt: '2026-11-25T08:00:00.000Z' })
    done.status = 'completed'
    vi.mocked(acceptAction).mockResolvedValue(done)
    fireEvent.click(f.q('.action-accept')!)
    await waitFor(() => expect(f.q('.resolution-status')?.textContent).toBe('已落实'))
    expect(acceptAction).toHaveBeenCalledWith(D.action)
    expect(f.q('.action-status')?.textContent).toBe('已验收')
    expect(f.q('.action-accept')).toBeNull()
  })

  it('staff return a report with a reason (asked for first, then confirmed); the owner reads the reason', async () => {
    const f = await open(staff, reported())
    fireEvent.click(f.q('.action-return')!)
    await waitFor(() => expect(f.q('.action-return-submit')).not.toBeNull())
    fireEvent.click(f.q('.action-return-submit')!)
    await waitFor(() => expect(f.q('.field-error-reason')?.textContent).toContain('请填写退回原因'))
    expect(Taro.showModal).not.toHaveBeenCalled()
    await waitFor(() => expect(f.q('.action-return-reason textarea')).not.toBeNull())
    fireEvent.input(f.q('.action-return-reason textarea')!, { target: { value: '东侧线路还没勘察' } })
    const back = reported({ status: 'in_progress', returnReason: '东侧线路还没勘察', returnedAt: '2026-11-25T08:00:00.000Z' })
    vi.mocked(returnAction).mockResolvedValue(back)
    fireEvent.click(f.q('.action-return-submit')!)
    await waitFor(() => expect(returnAction).toHaveBeenCalledWith(D.action, '东侧线路还没勘察'))
    expect(Taro.showModal.mock.calls[0][0]).toMatchObject({ title: '退回事项', content: expect.stringContaining('「联系供电公司」') })
    await waitFor(() => expect(f.q('.action-returned')?.textContent).toBe('退回原因：东侧线路还没勘察'))
    cleanup()

    const owner = await open(grid, back)
    expect(owner.q('.action-status')?.textContent).toBe('已退回')
    expect(owner.q('.action-returned')?.textContent).toBe('退回原因：东侧线路还没勘察')
    expect(owner.q('.action-submit')).not.toBeNull()
    expect(owner.q('.action-accept')).toBeNull()
  })

  it('only staff review: the owner waits for acceptance, a resident sees the state; an accepted item takes no more reports', async () => {
    const owner = await open(grid, reported())
    expect(owner.q('.action-waiting')?.textContent).toBe('已报告完成，等待社区工作者验收')
    expect(owner.q('.action-accept')).toBeNull()
    cleanup()
    const other = await open(resident, reported())
    expect(other.q('.action-status')?.textContent).toBe('待验收')
    expect(other.q('.action-accept')).toBeNull()
    expect(other.q('.action-return')).toBeNull()
    cleanup()
    const accepted = await open(grid, reported({ status: 'done', doneAt: '2026-11-25T08:00:00.000Z' }))
    expect(accepted.q('.action-submit')).toBeNull()
    expect(accepted.q('.action-done-at')).not.toBeNull()
  })

  it('staff who own the item get no 验收通过 on their own report (someone else accepts it); other staff do', async () => {
    const ownItem = () => reported({ ownerId: staff.id, ownerName: '陈主任' })
    const own = await open(staff, ownItem())
    expect(own.q('.action-waiting')?.textContent).toBe('已报告完成，等待社区工作者验收')
    expect(own.q('.action-accept')).toBeNull()
    expect(own.q('.action-review')).toBeNull()
    cleanup()
    const other = await open(profile({ id: '0b7f8f34-4f0e-4a43-9b7c-0c6f1f2b9a05', handle: 'staff3', displayName: '王干事', roles: ['staff'] }), ownItem())
    expect(other.q('.action-review')?.textContent).toContain('陈主任已报告完成')
    expect(other.q('.action-accept')).not.toBeNull()
  })

  it('shows an error with 重试 when loading fails', async () => {
    signIn(resident)
    vi.mocked(getResolution).mockRejectedValueOnce(new ApiError(404, 'resolution.not_found', '要找的内容不存在或已被删除')).mockResolvedValueOnce(resolution())
    const { container } = render(<ResolutionPage />)
    await waitFor(() => expect(container.querySelector('.resolution-error')?.textContent).toContain('不存在'))
    fireEvent.click(container.querySelector('.resolution-retry')!)
    await waitFor(() => expect(container.querySelector('.resolution-page')).not.toBeNull())
  })
})
