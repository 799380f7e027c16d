import { cleanup, fireEvent, render, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { NeedDetail, NeedStatus } from '../../../core/contracts'
import { ApiError } from '../../services/errors'
import { needDetail } from '../../testing/fixtures'
import { NeedActions, REOPEN_ACTION, handlerActions } from './NeedActions'

afterEach(cleanup)

const moved = needDetail({ status: 'in_progress' })

function setup(actions: NeedStatus[], status: NeedStatus = 'triaged', run: (to: NeedStatus, note?: string) => Promise<NeedDetail> = async () => moved) {
  const runFn = vi.fn(run)
  const onDone = vi.fn()
  const { container } = render(<NeedActions actions={handlerActions({ status, actions })} run={runFn} onDone={onDone} />)
  const q = (sel: string) => container.querySelector<HTMLElement>(sel)
  const typeReason = (value: string) => fireEvent.input(q('.action-reason textarea')!, { target: { value } })
  return { container, q, typeReason, runFn, onDone }
}

describe('handlerActions', () => {
  it('gives each allowed status a Chinese label and asks a reason only for 不予受理 and 上报', () => {
    const specs = handlerActions({ status: 'triaged', actions: ['in_progress', 'rejected', 'escalated', 'in_deliberation'] })
    expect(specs.map((s) => [s.to, s.label, s.reason])).toEqual([
      ['in_progress', '开始办理', false],
      ['rejected', '不予受理', true],
      ['escalated', '上报上级', true],
      ['in_deliberation', '提交议事', false],
    ])
  })

  it('leaves the owner\'s 评价 and 重新办理 to their own controls', () => {
    expect(handlerActions({ status: 'resolved', actions: ['evaluated', 'in_progress'] })).toEqual([])
    expect(handlerActions({ status: 'escalated', actions: ['in_progress'] })[0].label).toBe('继续办理')
  })
})

describe('NeedActions', () => {
  it('renders one button per action with stable classes', () => {
    const f = setup(['in_progress', 'rejected', 'escalated'])
    expect(f.q('.need-action-in_progress')?.textContent).toContain('开始办理')
    expect(f.q('.need-action-rejected')?.textContent).toContain('不予受理')
    expect(f.q('.need-action-escalated')?.textContent).toContain('上报上级')
  })

  it('an action without a reason runs at once, shows its busy state and ignores a second tap', async () => {
    let resolve!: (n: NeedDetail) => void
    const f = setup(['in_progress'], 'triaged', () => new Promise((r) => { resolve = r }))
    fireEvent.click(f.q('.need-action-in_progress')!)
    await waitFor(() => expect(f.q('.need-action-in_progress')?.className).toContain('is-disabled'))
    expect(f.q('.need-action-in_progress')?.textContent).toContain('正在提交')
    fireEvent.click(f.q('.need-action-in_progress')!)
    expect(f.runFn).toHaveBeenCalledTimes(1)
    expect(f.runFn).toHaveBeenCalledWith('in_progress', undefined)
    expect(f.q('.action-reason')).toBeNull()
    resolve(moved)
    await waitFor(() => expect(f.onDone).toHaveBeenCalledWith(moved))
  })

  it('不予受理 asks for a reason first and refuses to send without one', async () => {
    const f = setup(['rejected'], 'submitted')
    fireEvent.click(f.q('.need-action-rejected')!)
    await waitFor(() => expect(f.q('.action-reason textarea')).not.toBeNull())
    expect(f.runFn).not.toHaveBeenCalled()
    expect(f.q('.action-confirm')?.textContent).toContain('确认不予受理')
    fireEvent.click(f.q('.action-confirm')!)
    await waitFor(() => expect(f.q('.field-error-note')?.textContent).toBe('请填写原因'))
    f.typeReason('   ')
    fireEvent.click(f.q('.action-confirm')!)
    await waitFor(() => expect(f.q('.field-error-note')?.textContent).toBe('请填写原因'))
    expect(f.runFn).not.toHaveBeenCalled()
  })

  it('sends the trimmed reason with the status and closes the panel', async () => {
    const rejected = needDetail({ status: 'rejected' })
    const f = setup(['rejected'], 'submitted', async () => rejected)
    fireEvent.click(f.q('.need-action-rejected')!)
    await waitFor(() => expect(f.q('.action-reason textarea')).not.toBeNull())
    f.typeReason('  属于物业合同范围，请联系物业  ')
    fireEvent.click(f.q('.action-confirm')!)
    await waitFor(() => expect(f.onDone).toHaveBeenCalledWith(rejected))
    expect(f.runFn).toHaveBeenCalledWith('rejected', '属于物业合同范围，请联系物业')
    expect(f.q('.action-reason')).toBeNull()
  })

  it('keeps the reason and shows the server message next to it on failure', async () => {
    const f = setup(['escalated'], 'triaged', async () => {
      throw new ApiError(400, 'need.reason_required', '请填写原因', 'note')
    })
    fireEvent.click(f.q('.need-action-escalated')!)
    await waitFor(() => expect(f.q('.action-reason textarea')).not.toBeNull())
    f.typeReason('需要区里协调')
    fireEvent.click(f.q('.action-confirm')!)
    await waitFor(() => expect(f.q('.field-error-note')?.textContent).toBe('请填写原因'))
    expect((f.q('.action-reason textarea') as HTMLTextAreaElement).value).toBe('需要区里协调')
    expect(f.onDone).not.toHaveBeenCalled()
  })

  it('shows a conflict (someone else moved it) as a form error', async () => {
    const f = setup(['resolved'], 'in_progress', async () => {
      throw new ApiError(409, 'need.transition_invalid', '当前状态下不能进行这一步操作', 'to')
    })
    fireEvent.click(f.q('.need-action-resolved')!)
    await waitFor(() => expect(f.q('.action-error')?.textContent).toBe('当前状态下不能进行这一步操作'))
    expect(f.q('.need-action-resolved')?.className).not.toContain('is-disabled')
  })

  it('cancel closes the reason panel without sending', async () => {
    const f = setup(['rejected'], 'submitted')
    fireEvent.click(f.q('.need-action-rejected')!)
    await waitFor(() => expect(f.q('.action-cancel')).not.toBeNull())
    fireEvent.click(f.q('.action-cancel')!)
    await waitFor(() => expect(f.q('.action-reason')).toBeNull())
    expect(f.runFn).not.toHaveBeenCalled()
  })

  it('the owner\'s 重新办理 needs a reason too', async () => {
    const runFn = vi.fn(async () => moved)
    const { container } = render(<NeedActions actions={[REOPEN_ACTION]} run={runFn} onDone={() => undefined} />)
    fireEvent.click(container.querySelector('.need-action-in_progress')!)
    await waitFor(() => expect(container.querySelector('.action-reason textarea')).not.toBeNull())
    fireEvent.click(container.querySelector('.action-confirm')!)
    await waitFor(() => expect(container.querySelector('.field-error-note')).not.toBeNull())
    fireEvent.input(container.querySelector('.action-reason textarea')!, { target: { value: '灯又坏了' } })
    fireEvent.click(container.querySelector('.action-confirm')!)
    await waitFor(() => expect(runFn).toHaveBeenCalledWith('in_progress', '灯又坏了'))
  })
})
