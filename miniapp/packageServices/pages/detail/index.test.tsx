import { cleanup, fireEvent, render, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { ServiceProjectDetail } from '../../../../core/contracts'
import { ApiError, NETWORK_ERROR_MESSAGE } from '../../../services/errors'
import { confirmService, evaluateService, getService, progressService, transitionService } from '../../../services/services'
import { Taro, resetTaroMock, router } from '../../../testing/taroMock'
import { NEED_ID, PROJECT_ID, deferred, detail, loginAs } from '../../testing/fixtures'
import ServiceDetailPage from './index'

vi.mock('@tarojs/taro', async () => (await import('../../../testing/taroMock')).taroModule)
vi.mock('../../../services/services', () => ({
  getService: vi.fn(),
  confirmService: vi.fn(),
  transitionService: vi.fn(),
  progressService: vi.fn(),
  evaluateService: vi.fn(),
}))

const get = vi.mocked(getService)
const confirm = vi.mocked(confirmService)
const transition = vi.mocked(transitionService)
const progress = vi.mocked(progressService)
const evaluate = vi.mocked(evaluateService)

beforeEach(() => {
  resetTaroMock()
  for (const fn of [get, confirm, transition, progress, evaluate]) fn.mockReset()
  loginAs(['unit'])
  router.params = { id: PROJECT_ID }
})
afterEach(cleanup)

async function open(project: ServiceProjectDetail) {
  get.mockResolvedValue(project)
  const { container } = render(<ServiceDetailPage />)
  const q = <T extends HTMLElement = HTMLElement>(sel: string) => container.querySelector<T>(sel)
  await waitFor(() => expect(q('.service-detail')).not.toBeNull())
  const click = (sel: string) => fireEvent.click(q(sel)!)
  // Taro's Input/Textarea render their native element a moment after mounting: wait for it.
  const type = async (sel: string, value: string) => {
    await waitFor(() => expect(q(sel)).not.toBeNull())
    fireEvent.input(q<HTMLInputElement>(sel)!, { target: { value } })
  }
  return { container, q, click, type }
}

const ACTIONS = ['.service-confirm', '.service-start', '.service-complete', '.service-cancel', '.service-progress-submit', '.service-rate']

describe('服务项目 detail', () => {
  it('shows the need\'s contact and address when the server sends them (the provider after confirmation), else nothing', async () => {
    const hidden = await open(detail({ status: 'proposed' }))
    expect(hidden.q('.service-need-contact')).toBeNull()
    expect(hidden.q('.service-need-address')).toBeNull()
    cleanup()
    const shown = await open(detail({ status: 'confirmed', needContactName: '张阿姨', needContactPhone: '13800000001', needAddress: '1号楼3单元402' }))
    expect(shown.q('.service-need-contact')?.textContent).toContain('张阿姨 13800000001')
    expect(shown.q('.service-need-address')?.textContent).toContain('1号楼3单元402')
  })

  it('shows need, resource, origin, status, match reasons and the progress timeline', async () => {
    const f = await open(
      detail({
        status: 'in_progress',
        origin: 'proposal',
        progress: [
          { id: 1, authorName: '陈主任', note: '双方确认，服务项目成立', percent: null, at: '2024-11-22T06:30:00Z' },
          { id: 2, authorName: '红星物业', note: '已上门查看线路', percent: 40, at: '2024-11-22T08:00:00Z' },
        ],
      }),
    )
    expect(get).toHaveBeenCalledWith(PROJECT_ID)
    expect(f.q('.service-need-title')?.textContent).toBe('3单元楼道灯不亮')
    expect(f.q('.service-status')?.textContent).toBe('服务中')
    expect(f.q('.service-resource')?.textContent).toBe('水电维修队')
    expect(f.q('.service-publisher')?.textContent).toBe('红星物业')
    expect(f.q('.service-origin')?.textContent).toBe('智能匹配')
    // the reasons in plain words, never the engine's score
    expect(Array.from(f.container.querySelectorAll('.service-reason')).map((e) => e.textContent)).toEqual(['类别完全对口', '同一网格片区'])
    expect(f.container.textContent).not.toContain('8750')
    expect(f.container.textContent).not.toContain('匹配分')
    // 来自需求 <受理编号> opens the need
    expect(f.q('.service-need-ref')?.textContent).toContain('HP-20241122-0007')
    fireEvent.click(f.q('.service-from-need')!)
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: `/packageNeeds/pages/detail/index?id=${NEED_ID}` })
    const items = f.container.querySelectorAll('.service-progress-item')
    expect(items).toHaveLength(2)
    expect(items[1].textContent).toContain('已上门查看线路')
    expect(items[1].textContent).toContain('进度 40%')
    expect(items[1].textContent).toContain('11月22日 16:00')
  })

  it('offers no action when the server grants none', async () => {
    const f = await open(detail({ status: 'confirmed' }))
    for (const sel of ACTIONS) expect(f.q(sel)).toBeNull()
    expect(f.q('.service-actions')).toBeNull()
  })

  it('确认 (canConfirm) confirms and shows the project as the server returns it', async () => {
    const f = await open(detail({ canConfirm: true, canManage: true }))
    expect(f.q('.service-start')).toBeNull()
    const d = deferred<ServiceProjectDetail>()
    confirm.mockReturnValue(d.promise)
    f.click('.service-confirm')
    await waitFor(() => expect(f.q('.service-confirm')?.textContent).toContain('正在确认…'))
    f.click('.service-confirm')
    expect(confirm).toHaveBeenCalledTimes(1)
    expect(confirm).toHaveBeenCalledWith(PROJECT_ID)
    d.resolve(detail({ status: 'confirmed', unitConfirmed: true, canManage: true }))
    await waitFor(() => expect(f.q('.service-status')?.textContent).toBe('已确认'))
    expect(f.q('.service-confirm')).toBeNull()
    expect(f.q('.service-start')).not.toBeNull()
    expect(f.q('.service-confirmations')?.textContent).toBe('社区已确认，资源方已确认')
  })

  it('a refused confirm shows the server\'s reason next to the button', async () => {
    const f = await open(detail({ canConfirm: true }))
    confirm.mockRejectedValue(new ApiError(409, 'service.transition_invalid', '服务项目当前状态下不能进行这一步'))
    f.click('.service-confirm')
    await waitFor(() => expect(f.q('.service-error-confirm')?.textContent).toBe('服务项目当前状态下不能进行这一步'))
    expect(f.q('.service-status')?.textContent).toBe('待确认')
  })

  it('开始服务 (canManage, confirmed) starts the service', async () => {
    const f = await open(detail({ status: 'confirmed', canManage: true }))
    expect(f.q('.service-complete')).toBeNull()
    transition.mockResolvedValue(detail({ status: 'in_progress', canManage: true }))
    f.click('.service-start')
    await waitFor(() => expect(f.q('.service-status')?.textContent).toBe('服务中'))
    expect(transition).toHaveBeenCalledWith({ id: PROJECT_ID, to: 'in_progress' })
    expect(f.q('.service-start')).toBeNull()
    expect(f.q('.service-complete')).not.toBeNull()
  })

  it('完成 needs the beneficiaries count and sends it', async () => {
    const f = await open(detail({ status: 'in_progress', canManage: true }))
    expect(f.q('.service-start')).toBeNull()
    f.click('.service-complete')
    await waitFor(() => expect(f.q('.service-action-complete .field-error-beneficiaries')?.textContent).toContain('请填写受益人数'))
    expect(transition).not.toHaveBeenCalled()

    transition.mockResolvedValue(detail({ status: 'completed', beneficiaries: 12, needStatus: 'resolved' }))
    await f.type('.service-beneficiaries input', '12')
    await waitFor(() => expect(f.q('.field-error-beneficiaries')).toBeNull())
    f.click('.service-complete')
    await waitFor(() => expect(f.q('.service-status')?.textContent).toBe('已完成'))
    expect(transition).toHaveBeenCalledWith({ id: PROJECT_ID, to: 'completed', beneficiaries: 12 })
    expect(f.q('.service-beneficiaries-count')?.textContent).toBe('12 人')
    expect(f.q('.service-actions')).toBeNull()
  })

  it('a failed completion keeps the typed count and shows why', async () => {
    const f = await open(detail({ status: 'in_progress', canManage: true }))
    transition.mockRejectedValue(new ApiError(400, 'request.invalid', '受益人数太大', 'beneficiaries'))
    await f.type('.service-beneficiaries input', '999999')
    f.click('.service-complete')
    await waitFor(() => expect(f.q('.field-error-beneficiaries')?.textContent).toBe('受益人数太大'))
    expect(f.q<HTMLInputElement>('.service-beneficiaries input')?.value).toBe('999999')
    expect(f.q('.service-complete')?.textContent).toContain('服务完成')
  })

  it('取消 requires a reason and sends it', async () => {
    const f = await open(detail({ status: 'confirmed', canManage: true }))
    expect(f.q('.service-cancel-reason')).toBeNull()
    f.click('.service-cancel')
    await waitFor(() => expect(f.q('.service-cancel-reason textarea')).not.toBeNull())
    f.click('.service-cancel-submit')
    await waitFor(() => expect(f.q('.service-cancel-panel .field-error-note')?.textContent).toBe('取消服务请填写原因'))
    await f.type('.service-cancel-reason textarea', '   ')
    f.click('.service-cancel-submit')
    await waitFor(() => expect(f.q('.service-cancel-panel .field-error-note')).not.toBeNull())
    expect(transition).not.toHaveBeenCalled()

    transition.mockResolvedValue(detail({ status: 'cancelled', cancelReason: '居民已自行修好' }))
    await f.type('.service-cancel-reason textarea', '居民已自行修好')
    f.click('.service-cancel-submit')
    await waitFor(() => expect(f.q('.service-status')?.textContent).toBe('已取消'))
    expect(transition).toHaveBeenCalledWith({ id: PROJECT_ID, to: 'cancelled', note: '居民已自行修好' })
    expect(f.q('.service-cancel-reason-text')?.textContent).toBe('居民已自行修好')
    const asked = vi.mocked(Taro.showModal).mock.calls[0][0]
    expect(asked?.content).toContain('3单元楼道灯不亮')
    expect(asked?.content).toContain('水电维修队')
    expect((asked as { confirmColor?: string }).confirmColor).toBe('#c8102e')
  })

  it('取消 asks first, naming the project; a cancelled question sends nothing', async () => {
    const f = await open(detail({ status: 'confirmed', canManage: true }))
    vi.mocked(Taro.showModal).mockResolvedValueOnce({ confirm: false, cancel: true, content: '', errMsg: 'ok' })
    f.click('.service-cancel')
    await f.type('.service-cancel-reason textarea', '居民已自行修好')
    f.click('.service-cancel-submit')
    await waitFor(() => expect(Taro.showModal).toHaveBeenCalledTimes(1))
    await new Promise((r) => setTimeout(r, 20))
    expect(transition).not.toHaveBeenCalled()
    expect(f.q('.service-status')?.textContent).toBe('已确认')
  })

  it('a cancel refused by the server keeps the reason and shows the message by it', async () => {
    const f = await open(detail({ status: 'proposed', canManage: true }))
    transition.mockRejectedValue(new ApiError(400, 'service.reason_required', '取消服务请填写原因', 'note'))
    f.click('.service-cancel')
    await waitFor(() => expect(f.q('.service-cancel-reason textarea')).not.toBeNull())
    await f.type('.service-cancel-reason textarea', '重复了')
    f.click('.service-cancel-submit')
    await waitFor(() => expect(f.q('.service-cancel-panel .field-error-note')?.textContent).toBe('取消服务请填写原因'))
    expect(f.q<HTMLTextAreaElement>('.service-cancel-reason textarea')?.value).toBe('重复了')
  })

  it('记录进展 adds a note with an optional percent and clears the box', async () => {
    const f = await open(detail({ status: 'in_progress', canManage: true }))
    f.click('.service-progress-submit')
    await waitFor(() => expect(f.q('.service-action-progress .field-error-note')).not.toBeNull())
    expect(progress).not.toHaveBeenCalled()

    progress.mockResolvedValue(
      detail({
        status: 'in_progress',
        canManage: true,
        progress: [{ id: 3, authorName: '红星物业', note: '配件已到，明天更换', percent: 60, at: '2024-11-22T08:00:00Z' }],
      }),
    )
    await f.type('.service-progress-note textarea', '配件已到，明天更换')
    await f.type('.service-progress-percent input', '60')
    f.click('.service-progress-submit')
    await waitFor(() => expect(f.container.querySelectorAll('.service-progress-item')).toHaveLength(1))
    expect(progress).toHaveBeenCalledWith({ id: PROJECT_ID, note: '配件已到，明天更换', percent: 60 })
    await waitFor(() => expect(f.q<HTMLTextAreaElement>('.service-progress-note textarea')?.value).toBe(''))
  })

  it('评价 (canEvaluate) needs a star, sends the rating, then shows it', async () => {
    loginAs(['resident'])
    const f = await open(detail({ status: 'completed', canEvaluate: true }))
    expect(f.q('.service-rating')).toBeNull()
    f.click('.service-rate')
    await waitFor(() => expect(f.q('.field-error-rating')?.textContent).toBe('请选择 1 到 5 星'))
    expect(evaluate).not.toHaveBeenCalled()

    const d = deferred<ServiceProjectDetail>()
    evaluate.mockReturnValue(d.promise)
    f.click('.service-star-4')
    f.click('.service-star-5')
    await waitFor(() => expect(f.q('.service-star-5')?.className).toContain('is-on'))
    await f.type('.service-rate-comment textarea', '师傅很细心')
    f.click('.service-rate')
    await waitFor(() => expect(f.q('.service-rate')?.textContent).toContain('正在提交…'))
    f.click('.service-rate')
    expect(evaluate).toHaveBeenCalledTimes(1)
    expect(evaluate).toHaveBeenCalledWith({ id: PROJECT_ID, rating: 5, comment: '师傅很细心' })
    d.resolve(detail({ status: 'evaluated', rating: 5, ratingComment: '师傅很细心' }))
    await waitFor(() => expect(f.q('.service-rating')).not.toBeNull())
    expect(f.q('.service-rating')?.textContent).toContain('★★★★★')
    expect(f.q('.service-rating')?.textContent).toContain('师傅很细心')
    expect(f.q('.service-rate')).toBeNull()
    expect(f.q('.service-status')?.textContent).toBe('已评价')
  })

  it('a failed rating keeps the stars and the comment', async () => {
    loginAs(['resident'])
    const f = await open(detail({ status: 'completed', canEvaluate: true }))
    evaluate.mockRejectedValue(new ApiError(0, 'network', NETWORK_ERROR_MESSAGE))
    f.click('.service-star-3')
    await f.type('.service-rate-comment textarea', '还行')
    f.click('.service-rate')
    await waitFor(() => expect(f.q('.service-rate-error')?.textContent).toBe(NETWORK_ERROR_MESSAGE))
    expect(f.q('.service-star-3')?.className).toContain('is-on')
    expect(f.q('.service-star-4')?.className).not.toContain('is-on')
    expect(f.q<HTMLTextAreaElement>('.service-rate-comment textarea')?.value).toBe('还行')
  })

  it('an unreachable project shows the error with 重试', async () => {
    get.mockRejectedValueOnce(new ApiError(404, 'service.not_found', '没有找到这个服务项目')).mockResolvedValueOnce(detail())
    const { container } = render(<ServiceDetailPage />)
    await waitFor(() => expect(container.querySelector('.service-detail-error')?.textContent).toContain('没有找到这个服务项目'))
    fireEvent.click(container.querySelector('.service-detail-retry')!)
    await waitFor(() => expect(container.querySelector('.service-detail')).not.toBeNull())
  })
})
