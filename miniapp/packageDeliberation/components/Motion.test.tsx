import { cleanup, fireEvent, render, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Motion } from '../../../core/contracts'
import { ApiError } from '../../services/errors'
import { D, motion, tally } from '../testing/fixtures'
import { MotionCard, MotionForm } from './Motion'

vi.mock('@tarojs/taro', async () => (await import('../../testing/taroMock')).taroModule)
afterEach(cleanup)

function setup(m: Motion, opts: { checkedIn?: boolean; staff?: boolean; vote?: (id: string) => Promise<Motion>; close?: () => Promise<Motion> } = {}) {
  const vote = vi.fn(opts.vote ?? (async () => motion({ myVote: D.optYes, tally: tally(1, 0, 0) })))
  const close = vi.fn(opts.close ?? (async () => motion({ status: 'closed', result: 'passed', tally: tally(2, 0, 0), resolutionId: D.resolution })))
  const onChanged = vi.fn()
  const onOpenResolution = vi.fn()
  const view = render(<MotionCard motion={m} checkedIn={opts.checkedIn ?? true} staff={opts.staff ?? false} vote={vote} close={close} onChanged={onChanged} onOpenResolution={onOpenResolution} />)
  const q = (sel: string) => view.container.querySelector<HTMLElement>(sel)
  return { ...view, q, vote, close, onChanged, onOpenResolution }
}

describe('MotionCard', () => {
  it('one tap picks an option, the confirmation sends that option, then my vote is shown', async () => {
    const f = setup(motion({ tally: tally(0, 0, 0) }))
    expect(f.q('.motion-option-0')?.textContent).toBe('同意')
    expect(f.q('.motion-option-2')?.textContent).toBe('弃权')
    fireEvent.click(f.q('.motion-option-1')!)
    await waitFor(() => expect(f.q('.vote-confirm')).not.toBeNull())
    expect(f.q('.vote-confirm-text')?.textContent).toContain('反对')
    expect(f.vote).not.toHaveBeenCalled()
    fireEvent.click(f.q('.vote-cancel')!)
    await waitFor(() => expect(f.q('.motion-option-0')).not.toBeNull())
    fireEvent.click(f.q('.motion-option-0')!)
    await waitFor(() => expect(f.q('.vote-confirm')).not.toBeNull())
    fireEvent.click(f.q('.vote-confirm')!)
    await waitFor(() => expect(f.onChanged).toHaveBeenCalledTimes(1))
    expect(f.vote).toHaveBeenCalledWith(D.optYes)
    cleanup()
    const voted = setup(motion({ myVote: D.optYes, tally: tally(1, 0, 0) }))
    expect(voted.q('.motion-myvote')?.textContent).toBe('您已投票：同意')
    expect(voted.q('.motion-option-0')).toBeNull()
  })

  it('an abstention under another label is marked as not counted; 弃权 itself needs no note (issue 13)', async () => {
    const t = tally(3, 1, 2)
    t.options[2] = { ...t.options[2], label: '不表态' }
    const f = setup(motion({ tally: t }))
    const labels = Array.from(f.container.querySelectorAll('.motion-bar-label')).map((e) => e.textContent)
    expect(labels).toEqual(['同意', '反对', '不表态（弃权，不计入通过比例）'])
    cleanup()
    const plain = setup(motion({ tally: tally(3, 1, 2) }))
    expect(Array.from(plain.container.querySelectorAll('.motion-bar-label')).map((e) => e.textContent)).toEqual(['同意', '反对', '弃权'])
  })

  it('keeps the choice and shows the server message when the vote is refused', async () => {
    const f = setup(motion(), { vote: async () => { throw new ApiError(409, 'vote.duplicate', '您已经投过票了') } })
    fireEvent.click(f.q('.motion-option-0')!)
    await waitFor(() => expect(f.q('.vote-confirm')).not.toBeNull())
    fireEvent.click(f.q('.vote-confirm')!)
    await waitFor(() => expect(f.q('.motion-error')?.textContent).toBe('您已经投过票了'))
    expect(f.q('.vote-confirm')).not.toBeNull()
  })

  it('an attendee-only motion asks a person who has not checked in to check in first', () => {
    const f = setup(motion(), { checkedIn: false })
    expect(f.q('.motion-need-checkin')).not.toBeNull()
    expect(f.q('.motion-option-0')).toBeNull()
    cleanup()
    const all = setup(motion({ voters: 'residents' }), { checkedIn: false })
    expect(all.q('.motion-option-0')).not.toBeNull()
  })

  it('hidden results say so; visible ones are bars with counts; the result label comes after close', () => {
    const hidden = setup(motion({ hideResults: true, tally: null }))
    expect(hidden.q('.motion-hidden')?.textContent).toBe('结果在表决结束后公布')
    expect(hidden.q('.motion-bar')).toBeNull()
    expect(hidden.q('.motion-result')).toBeNull()
    cleanup()
    const shown = setup(motion({ status: 'closed', result: 'passed', tally: tally(3, 1, 0), resolutionId: D.resolution }))
    const bars = Array.from(shown.container.querySelectorAll('.motion-bar'))
    expect(bars.map((b) => b.querySelector('.motion-bar-count')?.textContent)).toEqual(['3 票', '1 票', '0 票'])
    expect((bars[0].querySelector('.bar-fill') as HTMLElement).style.width).toBe('75%')
    expect(shown.q('.motion-result')?.textContent).toBe('表决结果：通过')
    expect(shown.q('.motion-option-0')).toBeNull()
    fireEvent.click(shown.q('.motion-resolution')!)
    expect(shown.onOpenResolution).toHaveBeenCalledWith(D.resolution)
    cleanup()
    const noQuorum = setup(motion({ status: 'closed', result: 'no_quorum', tally: tally(1, 0, 0) }))
    expect(noQuorum.q('.motion-result')?.textContent).toBe('表决结果：未达法定人数')
    expect(noQuorum.q('.motion-result')?.className).toContain('is-failed')
  })

  it('only staff get 结束表决, and only while open', async () => {
    expect(setup(motion()).q('.motion-close')).toBeNull()
    cleanup()
    const f = setup(motion(), { staff: true })
    fireEvent.click(f.q('.motion-close')!)
    await waitFor(() => expect(f.onChanged).toHaveBeenCalledTimes(1))
    cleanup()
    expect(setup(motion({ status: 'closed', result: 'failed' }), { staff: true }).q('.motion-close')).toBeNull()
  })
})

describe('MotionForm', () => {
  it('sends voters, quorum and threshold; a missing quorum is caught next to the field', async () => {
    const submit = vi.fn(async () => motion())
    const onSuccess = vi.fn()
    const { container } = render(<MotionForm submit={submit} onSuccess={onSuccess} />)
    const q = (sel: string) => container.querySelector<HTMLElement>(sel)!
    await waitFor(() => expect(container.querySelector('.motion-quorum input')).not.toBeNull())
    fireEvent.input(q('.motion-title input'), { target: { value: '加装充电桩' } })
    fireEvent.click(q('.motion-submit'))
    await waitFor(() => expect(q('.field-error-quorum')?.textContent).toBe('请填写法定人数'))
    expect(submit).not.toHaveBeenCalled()
    fireEvent.input(q('.motion-quorum input'), { target: { value: '2' } })
    fireEvent.click(q('.motion-voters-residents'))
    fireEvent.click(q('.motion-threshold-two_thirds'))
    fireEvent.click(q('.motion-submit'))
    await waitFor(() => expect(onSuccess).toHaveBeenCalledTimes(1))
    expect(submit).toHaveBeenCalledWith({ title: '加装充电桩', voters: 'residents', quorum: 2, threshold: 'two_thirds', hideResults: false })
  })
})
