import { cleanup, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError } from '../../services/errors'
import { confirmShift, reviewVolunteer } from '../../services/volunteers'
import { Taro, resetTaroMock, storage } from '../../testing/taroMock'
import { revealFirstError } from '../../utils/formErrors'
import { inMinutes, loginAs, registration, shift } from '../testing/fixtures'
import { ConfirmItem, ZERO_MINUTES_WARNING } from './ConfirmItem'
import { ReviewItem } from './ReviewItem'
import { harness } from '../../testing/harness'

// Issue 15: staff steps with consequences for someone else ask first, naming the person; a 0-minute shift needs the
// verified minutes before it can be confirmed; the reason typed for a refusal is kept as a draft.

vi.mock('@tarojs/taro', async () => (await import('../../testing/taroMock')).taroModule)
vi.mock('../../services/volunteers', () => ({
  reviewVolunteer: vi.fn(),
  confirmShift: vi.fn(),
  resolveShiftClose: vi.fn(),
  photoUrl: (key: string) => `/api/files?key=${encodeURIComponent(key)}`,
}))
vi.mock('../../utils/formErrors', () => ({ revealFirstError: vi.fn(() => Promise.resolve(null)) }))

const confirm = vi.mocked(confirmShift)
const review = vi.mocked(reviewVolunteer)
const reveal = vi.mocked(revealFirstError)
const modal = () => Taro.showModal as unknown as ReturnType<typeof vi.fn>
const modalContent = () => String((modal().mock.calls.at(-1)?.[0] as { content?: string } | undefined)?.content ?? '')
const answerModal = (ok: boolean) => modal().mockResolvedValueOnce({ confirm: ok, cancel: !ok, content: '', errMsg: 'ok' })

beforeEach(() => {
  resetTaroMock()
  loginAs(['staff'])
  confirm.mockReset()
  review.mockReset()
  reveal.mockClear()
})
afterEach(cleanup)

/** checked out 90 minutes after check-in, in a 2-hour slot of a post paying 12 beans an hour */
const worked = () => shift({
  status: 'checked_out', volunteerName: '张阿姨', startsAt: inMinutes(-120), endsAt: inMinutes(0),
  checkInAt: inMinutes(-110), checkOutAt: inMinutes(-20), beanRatePerHour: 12,
})
/** checked out at the moment of check-in */
const zero = () => shift({
  status: 'checked_out', volunteerName: '张阿姨', startsAt: inMinutes(-120), endsAt: inMinutes(0),
  checkInAt: inMinutes(-60), checkOutAt: inMinutes(-60), beanRatePerHour: 12,
})

describe('确认服务时长 asks first, naming the person, the minutes and the beans', () => {
  it('confirming asks "确认张阿姨本次服务 1 小时 30 分钟？… 18 个金豆" and then sends', async () => {
    confirm.mockResolvedValue({ ...worked(), status: 'confirmed', verifiedMinutes: 90, beansPending: 18 })
    const f = harness(<ConfirmItem shift={worked()} onChange={vi.fn()} />)
    f.click('.confirm-approve')
    await waitFor(() => expect(confirm).toHaveBeenCalledTimes(1))
    expect(modalContent()).toContain('确认张阿姨本次服务 1 小时 30 分钟')
    expect(modalContent()).toContain('18 个金豆')
    expect(confirm).toHaveBeenCalledWith(expect.objectContaining({ approve: true, minutes: undefined }))
  })

  it('a cancelled confirmation sends nothing', async () => {
    answerModal(false)
    const f = harness(<ConfirmItem shift={worked()} onChange={vi.fn()} />)
    f.click('.confirm-approve')
    await waitFor(() => expect(modal()).toHaveBeenCalledTimes(1))
    await new Promise((r) => setTimeout(r, 20))
    expect(confirm).not.toHaveBeenCalled()
    expect(f.q('.confirm-approve')?.textContent).toContain('确认')
  })

  it('sending back asks too (danger), naming the person; cancelled → nothing sent', async () => {
    answerModal(false)
    const f = harness(<ConfirmItem shift={worked()} onChange={vi.fn()} />)
    f.click('.confirm-reject')
    await f.type('.confirm-reason textarea', '签退位置不对')
    f.click('.confirm-reject-submit')
    await waitFor(() => expect(modal()).toHaveBeenCalledTimes(1))
    expect(modalContent()).toContain('张阿姨')
    expect((modal().mock.calls[0][0] as { confirmColor?: string }).confirmColor).toBe('#c8102e')
    await new Promise((r) => setTimeout(r, 20))
    expect(confirm).not.toHaveBeenCalled()
  })
})

describe('a 0-minute shift', () => {
  it('warns, never shows 0 分钟 as a success, and will not confirm without the verified minutes', async () => {
    const f = harness(<ConfirmItem shift={zero()} onChange={vi.fn()} />)
    expect(f.q('.confirm-zero-warning')?.textContent).toContain(ZERO_MINUTES_WARNING)
    expect(f.q('.confirm-minutes')?.className).toContain('is-zero')
    expect(f.q('.confirm-minutes-input')).not.toBeNull()
    f.click('.confirm-approve')
    await waitFor(() => expect(f.q('.field-error-minutes')?.textContent).toBe('服务时长须在 1 到 120 分钟之间'))
    expect(reveal).toHaveBeenCalled()
    await f.type('.confirm-minutes-input input', '0')
    f.click('.confirm-approve')
    await waitFor(() => expect(f.q('.field-error-minutes')).not.toBeNull())
    expect(modal()).not.toHaveBeenCalled()
    expect(confirm).not.toHaveBeenCalled()
  })

  it('with adjusted minutes it asks with those minutes and sends them', async () => {
    confirm.mockResolvedValue({ ...zero(), status: 'confirmed', verifiedMinutes: 45, beansPending: 9 })
    const onChange = vi.fn()
    const f = harness(<ConfirmItem shift={zero()} onChange={onChange} />)
    await f.type('.confirm-minutes-input input', '45')
    f.click('.confirm-approve')
    await waitFor(() => expect(onChange).toHaveBeenCalled())
    expect(modalContent()).toContain('确认张阿姨本次服务 45 分钟')
    expect(modalContent()).toContain('9 个金豆')
    expect(confirm).toHaveBeenCalledWith(expect.objectContaining({ approve: true, minutes: 45 }))
  })

  it('the server refusing 0 minutes (its clock) shows the minutes field with its message', async () => {
    confirm.mockRejectedValue(new ApiError(400, 'shift.close_minutes_invalid', '服务时长须在 1 到 120 分钟之间', 'minutes'))
    const f = harness(<ConfirmItem shift={worked()} onChange={vi.fn()} />)
    f.click('.confirm-approve')
    await waitFor(() => expect(f.q('.field-error-minutes')?.textContent).toBe('服务时长须在 1 到 120 分钟之间'))
    expect(f.q('.confirm-minutes-input')).not.toBeNull()
    expect(reveal).toHaveBeenCalled()
  })
})

describe('报到审核 asks first, naming the person', () => {
  it('通过: the question names the person; cancelled → no request', async () => {
    answerModal(false)
    const f = harness(<ReviewItem registration={registration({ displayName: '李叔叔' })} onChange={vi.fn()} />)
    f.click('.review-approve')
    await waitFor(() => expect(modal()).toHaveBeenCalledTimes(1))
    expect(modalContent()).toContain('通过李叔叔的')
    await new Promise((r) => setTimeout(r, 20))
    expect(review).not.toHaveBeenCalled()
  })

  it('通过 confirmed → the request goes', async () => {
    review.mockResolvedValue(registration({ displayName: '李叔叔', status: 'approved' }))
    const onChange = vi.fn()
    const f = harness(<ReviewItem registration={registration({ displayName: '李叔叔' })} onChange={onChange} />)
    f.click('.review-approve')
    await waitFor(() => expect(onChange).toHaveBeenCalled())
    expect(review).toHaveBeenCalledWith(expect.objectContaining({ approve: true }))
  })

  it('不通过: an empty reason is refused on the page (scrolls to it); the question names the person', async () => {
    review.mockResolvedValue(registration({ displayName: '李叔叔', status: 'rejected', reviewReason: '信息不全' }))
    const f = harness(<ReviewItem registration={registration({ displayName: '李叔叔' })} onChange={vi.fn()} />)
    f.click('.review-reject')
    f.click('.review-reject-submit')
    await waitFor(() => expect(f.q('.field-error-reason')).not.toBeNull())
    expect(reveal).toHaveBeenCalled()
    await f.type('.review-reason textarea', '信息不全')
    f.click('.review-reject-submit')
    await waitFor(() => expect(review).toHaveBeenCalledWith(expect.objectContaining({ approve: false, reason: '信息不全' })))
    expect(modalContent()).toContain('不通过李叔叔的')
  })

  it('the reason is kept as a draft when the page closes, and cleared once sent', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true })
    try {
      const r = registration({ displayName: '李叔叔' })
      const f = harness(<ReviewItem registration={r} onChange={vi.fn()} />)
      f.click('.review-reject')
      await f.type('.review-reason textarea', '工作单位没有填写')
      await vi.advanceTimersByTimeAsync(400)
      f.unmount()
      expect([...storage.keys()].some((k) => k.includes(`reason:review:${r.id}`))).toBe(true)

      review.mockResolvedValue({ ...r, status: 'rejected', reviewReason: '工作单位没有填写' })
      const g = harness(<ReviewItem registration={r} onChange={vi.fn()} />)
      g.click('.review-reject')
      await waitFor(() => expect(g.q<HTMLTextAreaElement>('.review-reason textarea')?.value).toBe('工作单位没有填写'))
      expect(g.q('.draft-note')).not.toBeNull()
      g.click('.review-reject-submit')
      await waitFor(() => expect(review).toHaveBeenCalled())
      await vi.advanceTimersByTimeAsync(400)
      expect([...storage.keys()].some((k) => k.includes(`reason:review:${r.id}`))).toBe(false)
    } finally {
      vi.useRealTimers()
    }
  })
})
