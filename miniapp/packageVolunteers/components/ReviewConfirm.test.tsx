import { cleanup, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Registration, Shift } from '../../../core/contracts'
import { ApiError } from '../../services/errors'
import { confirmShift, resolveShiftClose, reviewVolunteer } from '../../services/volunteers'
import { resetTaroMock } from '../../testing/taroMock'
import { REG_ID, SHIFT_ID, deferred, inMinutes, registration, shift } from '../testing/fixtures'
import { ConfirmItem, FORGOT_CHECK_OUT, expectedMinutes } from './ConfirmItem'
import { REASON_REQUIRED } from './ReasonPanel'
import { ReviewItem } from './ReviewItem'
import { harness } from '../../testing/harness'

vi.mock('@tarojs/taro', async () => (await import('../../testing/taroMock')).taroModule)
vi.mock('../../services/volunteers', () => ({
  reviewVolunteer: vi.fn(),
  confirmShift: vi.fn(),
  resolveShiftClose: vi.fn(),
  photoUrl: (key: string) => `/api/files?key=${encodeURIComponent(key)}`,
}))

const review = vi.mocked(reviewVolunteer)
const confirm = vi.mocked(confirmShift)
const resolve = vi.mocked(resolveShiftClose)

beforeEach(() => {
  resetTaroMock()
  review.mockReset()
  confirm.mockReset()
  resolve.mockReset()
})
afterEach(cleanup)

describe('报到审核 (ReviewItem)', () => {
  it('shows who registered and what they offer', () => {
    const f = harness(<ReviewItem registration={registration({ kind: 'talent', source: 'recommended', workUnit: null, partyOrg: null, skills: ['修家电', '理发'], recommendedByName: '张阿姨', recommendReason: '常帮邻居修电器' })} onChange={vi.fn()} />)
    expect(f.q('.review-name')?.textContent).toBe('孙先生')
    expect(f.q('.review-kind')?.textContent).toBe('社区能人')
    expect(f.q('.review-source')?.textContent).toBe('居民推荐')
    expect(f.q('.review-skills')?.textContent).toBe('修家电、理发')
    expect(f.q('.review-recommender')?.textContent).toBe('张阿姨')
    expect(f.q('.review-status')?.textContent).toBe('待审核')
  })

  it('通过 approves once and shows the new status', async () => {
    const onChange = vi.fn()
    const f = harness(<ReviewItem registration={registration()} onChange={onChange} />)
    const d = deferred<Registration>()
    review.mockReturnValue(d.promise)
    f.click('.review-approve')
    await waitFor(() => expect(f.q('.review-approve')?.textContent).toContain('正在提交…'))
    f.click('.review-approve')
    expect(review).toHaveBeenCalledTimes(1)
    expect(review).toHaveBeenCalledWith({ id: REG_ID, approve: true, reason: undefined })
    d.resolve(registration({ status: 'approved' }))
    await waitFor(() => expect(onChange).toHaveBeenCalledWith(expect.objectContaining({ status: 'approved' })))
  })

  it('不通过 needs a reason before anything is sent, then sends it', async () => {
    const onChange = vi.fn()
    const f = harness(<ReviewItem registration={registration()} onChange={onChange} />)
    f.click('.review-reject')
    await waitFor(() => expect(f.q('.review-reason textarea')).not.toBeNull())
    f.click('.review-reject-submit')
    await waitFor(() => expect(f.q('.field-error-reason')?.textContent).toBe(REASON_REQUIRED))
    await f.type('.review-reason textarea', '   ')
    f.click('.review-reject-submit')
    expect(review).not.toHaveBeenCalled()
    review.mockResolvedValue(registration({ status: 'rejected', reviewReason: '工作单位不详' }))
    await f.type('.review-reason textarea', '工作单位不详')
    await waitFor(() => expect(f.q('.field-error-reason')).toBeNull())
    f.click('.review-reject-submit')
    await waitFor(() => expect(onChange).toHaveBeenCalled())
    expect(review).toHaveBeenCalledWith({ id: REG_ID, approve: false, reason: '工作单位不详' })
  })

  it('a server refusal keeps the reason and shows the message', async () => {
    const f = harness(<ReviewItem registration={registration()} onChange={vi.fn()} />)
    review.mockRejectedValue(new ApiError(409, 'volunteer.already_reviewed', '这条报到已经审核过了'))
    f.click('.review-reject')
    await f.type('.review-reason textarea', '信息不全')
    f.click('.review-reject-submit')
    await waitFor(() => expect(f.q('.review-error')?.textContent).toBe('这条报到已经审核过了'))
    expect(f.q<HTMLTextAreaElement>('.review-reason textarea')?.value).toBe('信息不全')
  })

  it('a decided registration offers no buttons', () => {
    const f = harness(<ReviewItem registration={registration({ status: 'rejected', reviewReason: '重复报到' })} onChange={vi.fn()} />)
    expect(f.q('.review-approve')).toBeNull()
    expect(f.q('.review-reject')).toBeNull()
    expect(f.q('.review-reason-text')?.textContent).toBe('重复报到')
  })
})

describe('确认服务 (ConfirmItem)', () => {
  const done = shift({
    status: 'checked_out',
    startsAt: inMinutes(-70),
    endsAt: inMinutes(0),
    checkInAt: inMinutes(-60),
    checkInDistanceM: 35.2,
    checkOutAt: inMinutes(0),
    checkOutDistanceM: 1200,
    notes: '为 30 位老人测量血压',
    photos: ['shifts/p/1.jpg', 'shifts/p/2.jpg'],
  })

  it('shows times, distances, notes, photos and the time that would be credited', () => {
    const f = harness(<ConfirmItem shift={done} onChange={vi.fn()} />)
    expect(f.q('.confirm-volunteer')?.textContent).toBe('孙先生')
    expect(f.q('.confirm-check-in')?.textContent).toContain('距岗位 35 米')
    expect(f.q('.confirm-check-out')?.textContent).toContain('距岗位 1.2 公里')
    expect(f.q('.confirm-notes')?.textContent).toBe('为 30 位老人测量血压')
    expect(f.q('.confirm-minutes')?.textContent).toBe('1 小时')
    const imgs = f.container.querySelectorAll('.confirm-photo')
    expect(imgs).toHaveLength(2)
    expect(f.container.querySelector('.confirm-photo .photo-img')?.getAttribute('src')).toBe('/api/files?key=shifts%2Fp%2F1.jpg')
  })

  it('credits at most the slot length', () => {
    expect(expectedMinutes(shift({ startsAt: inMinutes(0), endsAt: inMinutes(60), checkInAt: inMinutes(-20), checkOutAt: inMinutes(80) }))).toBe(60)
    expect(expectedMinutes(shift())).toBeNull()
  })

  it('确认 confirms; the answer with verified time replaces the buttons', async () => {
    const onChange = vi.fn()
    const f = harness(<ConfirmItem shift={done} onChange={onChange} />)
    confirm.mockResolvedValue({ ...done, status: 'confirmed', verifiedMinutes: 60, beansPending: 12 } as Shift)
    f.click('.confirm-approve')
    await waitFor(() => expect(onChange).toHaveBeenCalledWith(expect.objectContaining({ status: 'confirmed' })))
    expect(confirm).toHaveBeenCalledWith({ id: SHIFT_ID, approve: true, reason: undefined })
    cleanup()
    const g = harness(<ConfirmItem shift={{ ...done, status: 'confirmed', verifiedMinutes: 60, beansPending: 12 }} onChange={vi.fn()} />)
    expect(g.q('.confirm-approve')).toBeNull()
    expect(g.q('.confirm-verified')?.textContent).toBe('1 小时，金豆 12 个待发放')
  })

  it('退回 requires a reason; the server\'s field error is shown by the box', async () => {
    const f = harness(<ConfirmItem shift={done} onChange={vi.fn()} />)
    f.click('.confirm-reject')
    await waitFor(() => expect(f.q('.confirm-reason textarea')).not.toBeNull())
    f.click('.confirm-reject-submit')
    await waitFor(() => expect(f.q('.field-error-reason')?.textContent).toBe(REASON_REQUIRED))
    expect(confirm).not.toHaveBeenCalled()
    confirm.mockRejectedValue(new ApiError(400, 'volunteer.reason_required', '请填写原因', 'reason'))
    await f.type('.confirm-reason textarea', '签退地点离岗位太远')
    f.click('.confirm-reject-submit')
    await waitFor(() => expect(f.q('.field-error-reason')?.textContent).toBe('请填写原因'))
    expect(confirm).toHaveBeenCalledWith({ id: SHIFT_ID, approve: false, reason: '签退地点离岗位太远' })
    expect(f.q<HTMLTextAreaElement>('.confirm-reason textarea')?.value).toBe('签退地点离岗位太远')
  })
})

describe('工作纪实确认: a 补签退 request (ConfirmItem)', () => {
  // party1 checked in to a 60-minute slot two hours ago, never checked out, and asked for 55 minutes
  const asked = shift({
    status: 'checked_in', startsAt: inMinutes(-180), endsAt: inMinutes(-120), checkInAt: inMinutes(-182),
    closure: { minutes: 55, note: '服务到 11 点，走时忘记签退', requestedAt: inMinutes(-30) },
  })

  it('is marked 忘记签退 with the requested minutes and the note; staff confirm with adjusted minutes', async () => {
    const onChange = vi.fn()
    const f = harness(<ConfirmItem shift={asked} onChange={onChange} />)
    expect(f.q('.confirm-status')?.textContent).toBe(FORGOT_CHECK_OUT)
    expect(f.q('.confirm-closure-minutes')?.textContent).toBe('55 分钟')
    expect(f.q('.confirm-closure-note')?.textContent).toBe('服务到 11 点，走时忘记签退')
    expect(f.q('.confirm-check-out')).toBeNull()
    await waitFor(() => expect(f.q<HTMLInputElement>('.confirm-closure-input input')?.value).toBe('55'))
    await f.type('.confirm-closure-input input', '45')
    const done = { ...asked, status: 'confirmed' as const, verifiedMinutes: 45, beansPending: 9 }
    resolve.mockResolvedValue(done)
    f.click('.confirm-approve')
    await waitFor(() => expect(onChange).toHaveBeenCalledWith(done))
    expect(resolve).toHaveBeenCalledWith({ id: SHIFT_ID, approve: true, minutes: 45, reason: undefined })
    expect(confirm).not.toHaveBeenCalled()
  })

  it('minutes beyond the slot are refused on the page; 退回 sends the reason', async () => {
    const f = harness(<ConfirmItem shift={asked} onChange={vi.fn()} />)
    await f.type('.confirm-closure-input input', '90')
    f.click('.confirm-approve')
    await waitFor(() => expect(f.q('.field-error-minutes')?.textContent).toBe('服务时长须在 1 到 60 分钟之间'))
    expect(resolve).not.toHaveBeenCalled()
    f.click('.confirm-reject')
    await f.type('.confirm-reason textarea', '当天未见到您在岗')
    resolve.mockResolvedValue({ ...asked, status: 'rejected', rejectReason: '当天未见到您在岗' })
    f.click('.confirm-reject-submit')
    await waitFor(() => expect(resolve).toHaveBeenCalledWith({ id: SHIFT_ID, approve: false, minutes: undefined, reason: '当天未见到您在岗' }))
    expect(confirm).not.toHaveBeenCalled()
  })
})
