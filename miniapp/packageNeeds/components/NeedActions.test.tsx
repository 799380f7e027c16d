import { act, cleanup, fireEvent, render, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { NeedDetail, NeedStatus } from '../../../core/contracts'
import { ApiError } from '../../services/errors'
import { Taro, resetTaroMock, storage } from '../../testing/taroMock'
import { revealFirstError } from '../../utils/formErrors'
import { IDS, needDetail } from '../../testing/fixtures'
import { NeedActions, REOPEN_ACTION, handlerActions, type ActionSpec } from './NeedActions'

vi.mock('@tarojs/taro', async () => (await import('../../testing/taroMock')).taroModule)
vi.mock('../../utils/formErrors', () => ({ revealFirstError: vi.fn(() => Promise.resolve(null)) }))

beforeEach(() => {
  resetTaroMock()
  vi.mocked(revealFirstError).mockClear()
})
afterEach(cleanup)

const moved = needDetail({ status: 'in_progress' })
const TITLE = '三号楼楼道灯坏了'

type Run = (to: NeedStatus, note?: string, photos?: string[]) => Promise<NeedDetail>

function setup(actions: NeedStatus[] | ActionSpec[], status: NeedStatus = 'triaged', run: Run = async () => moved) {
  const runFn = vi.fn(run)
  const onDone = vi.fn()
  const specs = typeof actions[0] === 'string' ? handlerActions({ status, actions: actions as NeedStatus[] }) : (actions as ActionSpec[])
  const view = render(<NeedActions needId={IDS.need} needTitle={TITLE} actions={specs} run={runFn} onDone={onDone} />)
  const q = (sel: string) => view.container.querySelector<HTMLElement>(sel)
  const typeReason = (value: string) => fireEvent.input(q('.action-reason textarea')!, { target: { value } })
  return { ...view, q, typeReason, runFn, onDone, specs }
}

describe('handlerActions', () => {
  it('gives each allowed status a Chinese label and asks a text for 已解决 (办理结果), 不予受理 and 上报', () => {
    const specs = handlerActions({ status: 'in_progress', actions: ['resolved', 'rejected', 'escalated', 'in_deliberation'] })
    expect(specs.map((s) => [s.to, s.label, s.reason, s.field ?? null])).toEqual([
      ['resolved', '标记为已解决', true, '办理结果'],
      ['rejected', '不予受理', true, '不予受理的原因'],
      ['escalated', '上报上级', true, '上报的原因'],
      ['in_deliberation', '提交议事', false, null],
    ])
  })

  it('leaves the owner\'s 评价 and 重新办理 to their own controls', () => {
    expect(handlerActions({ status: 'resolved', actions: ['evaluated', 'in_progress'] })).toEqual([])
    expect(handlerActions({ status: 'escalated', actions: ['in_progress'] })[0].label).toBe('继续办理')
  })
})

describe('NeedActions', () => {
  it('an action without a text runs at once, shows its busy state and ignores a second tap', async () => {
    let resolve!: (n: NeedDetail) => void
    const f = setup(['in_progress'], 'triaged', () => new Promise((r) => { resolve = r }))
    fireEvent.click(f.q('.need-action-in_progress')!)
    await waitFor(() => expect(f.q('.need-action-in_progress')?.className).toContain('is-disabled'))
    fireEvent.click(f.q('.need-action-in_progress')!)
    expect(f.runFn).toHaveBeenCalledTimes(1)
    expect(f.runFn).toHaveBeenCalledWith('in_progress', undefined, undefined)
    expect(f.q('.action-reason')).toBeNull()
    resolve(moved)
    await waitFor(() => expect(f.onDone).toHaveBeenCalledWith(moved))
  })

  it('已解决 opens the 办理结果 form: empty or too short is refused on the phone and the error is revealed', async () => {
    const f = setup(['resolved'], 'in_progress')
    fireEvent.click(f.q('.need-action-resolved')!)
    await waitFor(() => expect(f.q('.action-reason textarea')).not.toBeNull())
    expect(f.q('.action-panel-title')?.textContent).toBe('办理结果')
    expect(f.q('.action-photo-add')?.getAttribute('role')).toBe('button')
    fireEvent.click(f.q('.action-confirm')!)
    await waitFor(() => expect(f.q('.field-error-note')?.textContent).toBe('请填写办理结果，居民会看到'))
    expect(revealFirstError).toHaveBeenCalledTimes(1)
    f.typeReason('修好了')
    fireEvent.click(f.q('.action-confirm')!)
    await waitFor(() => expect(f.q('.field-error-note')?.textContent).toMatch(/至少 5 个字/))
    expect(revealFirstError).toHaveBeenCalledTimes(2)
    expect(Taro.showModal).not.toHaveBeenCalled()
    expect(f.runFn).not.toHaveBeenCalled()
    expect(f.q('.field-error-note')!.closest('.form-field')).not.toBeNull()
  })

  it('asks for a confirmation naming the need, then sends the trimmed 办理结果', async () => {
    const resolved = needDetail({ status: 'resolved' })
    const f = setup(['resolved'], 'in_progress', async () => resolved)
    fireEvent.click(f.q('.need-action-resolved')!)
    await waitFor(() => expect(f.q('.action-reason textarea')).not.toBeNull())
    f.typeReason('  已更换 3 单元楼道灯泡，灯亮了  ')
    fireEvent.click(f.q('.action-confirm')!)
    await waitFor(() => expect(f.onDone).toHaveBeenCalledWith(resolved))
    expect(Taro.showModal).toHaveBeenCalledWith(expect.objectContaining({
      content: `确认将「${TITLE}」标记为已解决？居民会看到您填写的办理结果。`,
    }))
    expect(f.runFn).toHaveBeenCalledWith('resolved', '已更换 3 单元楼道灯泡，灯亮了', undefined)
    expect(f.q('.action-reason')).toBeNull()
  })

  it('cancelling the confirmation sends nothing and keeps the text', async () => {
    Taro.showModal.mockResolvedValueOnce({ confirm: false, cancel: true, content: '', errMsg: 'ok' })
    const f = setup(['rejected'], 'submitted')
    fireEvent.click(f.q('.need-action-rejected')!)
    await waitFor(() => expect(f.q('.action-reason textarea')).not.toBeNull())
    f.typeReason('属于物业合同范围')
    fireEvent.click(f.q('.action-confirm')!)
    await waitFor(() => expect(Taro.showModal).toHaveBeenCalledWith(expect.objectContaining({ content: `确认对「${TITLE}」不予受理？居民会看到您填写的原因。` })))
    expect(f.runFn).not.toHaveBeenCalled()
    expect((f.q('.action-reason textarea') as HTMLTextAreaElement).value).toBe('属于物业合同范围')
  })

  it('不予受理 and 上报 refuse to send without a reason', async () => {
    for (const to of ['rejected', 'escalated'] as const) {
      const f = setup([to], 'triaged')
      fireEvent.click(f.q(`.need-action-${to}`)!)
      await waitFor(() => expect(f.q('.action-reason textarea')).not.toBeNull())
      f.typeReason('   ')
      fireEvent.click(f.q('.action-confirm')!)
      await waitFor(() => expect(f.q('.field-error-note')?.textContent).toBe(to === 'rejected' ? '请填写不予受理的原因' : '请填写上报的原因'))
      expect(f.runFn).not.toHaveBeenCalled()
      cleanup()
    }
  })

  it('a 400 from the server keeps the text, shows the message at the field and reveals it', async () => {
    const f = setup(['escalated'], 'triaged', async () => {
      throw new ApiError(400, 'need.reason_required', '请填写原因', 'note')
    })
    fireEvent.click(f.q('.need-action-escalated')!)
    await waitFor(() => expect(f.q('.action-reason textarea')).not.toBeNull())
    f.typeReason('需要区里协调')
    fireEvent.click(f.q('.action-confirm')!)
    await waitFor(() => expect(f.q('.field-error-note')?.textContent).toBe('请填写原因'))
    expect(revealFirstError).toHaveBeenCalled()
    expect((f.q('.action-reason textarea') as HTMLTextAreaElement).value).toBe('需要区里协调')
    expect(f.onDone).not.toHaveBeenCalled()
  })

  it('a conflict (someone else moved it) shows as a form error', async () => {
    const f = setup(['in_progress'], 'triaged', async () => {
      throw new ApiError(409, 'need.transition_invalid', '当前状态下不能进行这一步操作', 'to')
    })
    fireEvent.click(f.q('.need-action-in_progress')!)
    await waitFor(() => expect(f.q('.action-error')?.textContent).toBe('当前状态下不能进行这一步操作'))
  })

  it('the 办理结果 is a draft: restored after leaving the page, cleared after success', async () => {
    const f = setup(['resolved'], 'in_progress')
    fireEvent.click(f.q('.need-action-resolved')!)
    await waitFor(() => expect(f.q('.action-reason textarea')).not.toBeNull())
    f.typeReason('已联系电工，明天上午更换')
    await act(async () => {
      await new Promise((r) => setTimeout(r, 400))
    })
    f.unmount()
    const again = setup(['resolved'], 'in_progress', async () => needDetail({ status: 'resolved' }))
    await waitFor(() => expect((again.q('.action-reason textarea') as HTMLTextAreaElement | null)?.value).toBe('已联系电工，明天上午更换'))
    expect(again.q('.draft-note')?.textContent).toContain('已恢复您上次没提交的内容')
    fireEvent.click(again.q('.action-confirm')!)
    await waitFor(() => expect(again.onDone).toHaveBeenCalled())
    await act(async () => {
      await new Promise((r) => setTimeout(r, 400))
    })
    expect([...storage.keys()].filter((k) => k.startsWith('draft:'))).toEqual([])
  })

  it('cancel closes the panel without sending', async () => {
    const f = setup(['rejected'], 'submitted')
    fireEvent.click(f.q('.need-action-rejected')!)
    await waitFor(() => expect(f.q('.action-cancel')).not.toBeNull())
    fireEvent.click(f.q('.action-cancel')!)
    await waitFor(() => expect(f.q('.action-reason')).toBeNull())
    expect(f.runFn).not.toHaveBeenCalled()
  })

  it('the owner\'s 重新办理 needs a reason too', async () => {
    const f = setup([REOPEN_ACTION])
    fireEvent.click(f.q('.need-action-in_progress')!)
    await waitFor(() => expect(f.q('.action-reason textarea')).not.toBeNull())
    fireEvent.click(f.q('.action-confirm')!)
    await waitFor(() => expect(f.q('.field-error-note')).not.toBeNull())
    f.typeReason('灯又坏了')
    fireEvent.click(f.q('.action-confirm')!)
    await waitFor(() => expect(f.runFn).toHaveBeenCalledWith('in_progress', '灯又坏了', undefined))
  })
})
