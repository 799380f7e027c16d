import { cleanup, fireEvent, render, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Shift } from '../../../core/contracts'
import { ApiError } from '../../services/errors'
import { cancelShift, checkIn, checkOut, requestShiftClose } from '../../services/volunteers'
import { Taro, resetTaroMock } from '../../testing/taroMock'
import { SHIFT_ID, SITE, deferred, inMinutes, shift } from '../testing/fixtures'
import { LATE_CANCEL_WARNING, ShiftCard } from './ShiftCard'

vi.mock('@tarojs/taro', async () => (await import('../../testing/taroMock')).taroModule)
vi.mock('../../services/volunteers', () => ({ cancelShift: vi.fn(), checkIn: vi.fn(), checkOut: vi.fn(), uploadPhoto: vi.fn(), requestShiftClose: vi.fn() }))

beforeEach(() => {
  resetTaroMock()
  for (const fn of [cancelShift, checkIn, checkOut, requestShiftClose]) vi.mocked(fn).mockReset()
  Taro.getLocation.mockResolvedValue({ latitude: SITE.lat, longitude: SITE.lng, errMsg: 'getLocation:ok' })
})
afterEach(cleanup)

function open(s: Shift) {
  const onChange = vi.fn()
  const r = render(<ShiftCard shift={s} onChange={onChange} />)
  const q = <T extends HTMLElement = HTMLElement>(sel: string) => r.container.querySelector<T>(sel)
  return { ...r, q, onChange, click: (sel: string) => fireEvent.click(q(sel)!) }
}

const ACTIONS = ['.shift-check-in', '.shift-check-out', '.shift-cancel', '.shift-close-request']
const present = (q: (s: string) => HTMLElement | null) => ACTIONS.filter((a) => q(a) !== null)

describe('我的服务: a shift and its actions', () => {
  it.each([
    ['claimed, not started', shift({ status: 'claimed', startsAt: inMinutes(300), endsAt: inMinutes(400) }), ['.shift-check-in', '.shift-cancel']],
    ['claimed, under way (too late to cancel)', shift({ status: 'claimed' }), ['.shift-check-in']],
    ['checked_in, during the slot (left the site: 补签退 too)', shift({ status: 'checked_in', checkInAt: inMinutes(-5) }), ['.shift-check-out', '.shift-close-request']],
    ['checked_in, check-out window passed', shift({ status: 'checked_in', startsAt: inMinutes(-180), endsAt: inMinutes(-120), checkInAt: inMinutes(-182) }), ['.shift-close-request']],
    ['checked_in, 补签退 asked', shift({ status: 'checked_in', startsAt: inMinutes(-180), endsAt: inMinutes(-120), checkInAt: inMinutes(-182), closure: { minutes: 50, note: '忘记签退', requestedAt: inMinutes(-60) } }), []],
    ['checked_in, more than 7 days after the slot', shift({ status: 'checked_in', startsAt: inMinutes(-8 * 1440 - 60), endsAt: inMinutes(-8 * 1440), checkInAt: inMinutes(-8 * 1440 - 62) }), []],
    ['checked_out', shift({ status: 'checked_out' }), []],
    ['confirmed', shift({ status: 'confirmed', verifiedMinutes: 60, beansPending: 12 }), []],
    ['rejected', shift({ status: 'rejected', rejectReason: '签退位置不对' }), []],
    ['cancelled', shift({ status: 'cancelled', lateCancel: true }), []],
    ['no_show', shift({ status: 'no_show' }), []],
  ])('%s → %j', (_, s, expected) => {
    const f = open(s)
    expect(present(f.q)).toEqual(expected)
  })

  it('confirmed shows the verified hours and the beans; rejected shows the reason', () => {
    const a = open(shift({ status: 'confirmed', verifiedMinutes: 60, beansPending: 12 }))
    expect(a.q('.shift-status')?.textContent).toBe('已确认')
    expect(a.q('.shift-verified')?.textContent).toBe('1 小时')
    expect(a.q('.shift-beans')?.textContent).toBe('12 个（待发放）')
    cleanup()
    const b = open(shift({ status: 'rejected', rejectReason: '签退位置不对' }))
    expect(b.q('.shift-reject-reason')?.textContent).toBe('签退位置不对')
    cleanup()
    const c = open(shift({ status: 'cancelled', lateCancel: true }))
    expect(c.q('.shift-late')?.textContent).toContain('迟取消')
  })

  it('签到 sends the GCJ-02 position and shows the shift as the server returns it', async () => {
    const f = open(shift())
    const d = deferred<Shift>()
    vi.mocked(checkIn).mockReturnValue(d.promise)
    f.click('.shift-check-in')
    await waitFor(() => expect(f.q('.shift-check-in')?.textContent).toContain('正在定位并签到…'))
    f.click('.shift-check-in')
    await waitFor(() => expect(checkIn).toHaveBeenCalledTimes(1))
    expect(checkIn).toHaveBeenCalledWith(SHIFT_ID, SITE)
    expect(Taro.getLocation).toHaveBeenCalledWith(expect.objectContaining({ type: 'gcj02' }))
    d.resolve(shift({ status: 'checked_in', checkInAt: inMinutes(0) }))
    await waitFor(() => expect(f.onChange).toHaveBeenCalledWith(expect.objectContaining({ status: 'checked_in' })))
  })

  it('out of range: the server\'s message with the distance is shown prominently by the button', async () => {
    const f = open(shift())
    vi.mocked(checkIn).mockRejectedValue(new ApiError(409, 'shift.out_of_range', '您不在岗位签到范围内（距岗位约 2224 米），请到达岗位后再试', 'lat'))
    f.click('.shift-check-in')
    await waitFor(() => expect(f.q('.shift-error')?.textContent).toBe('您不在岗位签到范围内（距岗位约 2224 米），请到达岗位后再试'))
    expect(f.q('.shift-error')?.className).toContain('alert')
    expect(f.q('.shift-check-in')?.textContent).toBe('到岗签到')
    expect(f.onChange).not.toHaveBeenCalled()
  })

  it('outside the time window: the server\'s message', async () => {
    const f = open(shift({ startsAt: inMinutes(300), endsAt: inMinutes(400) }))
    expect(f.q('.shift-hint')?.textContent).toContain('开始前 30 分钟起可以签到')
    vi.mocked(checkIn).mockRejectedValue(new ApiError(409, 'shift.outside_window', '不在签到时间内（开始前 30 分钟到结束后 30 分钟）'))
    f.click('.shift-check-in')
    await waitFor(() => expect(f.q('.shift-error')?.textContent).toContain('不在签到时间内'))
  })

  it('location refused: says to allow it in settings, sends nothing, and can open the settings', async () => {
    Taro.getLocation.mockRejectedValue({ errMsg: 'getLocation:fail auth deny' })
    const f = open(shift())
    f.click('.shift-check-in')
    await waitFor(() => expect(f.q('.shift-error')?.textContent).toBe('请在设置中允许获取位置，以便签到'))
    expect(checkIn).not.toHaveBeenCalled()
    f.click('.shift-open-settings')
    expect(Taro.openSetting).toHaveBeenCalled()
  })

  it('取消 more than 2 hours ahead asks plainly; confirming cancels', async () => {
    const f = open(shift({ startsAt: inMinutes(300), endsAt: inMinutes(400) }))
    f.click('.shift-cancel')
    expect(f.q('.shift-late-warning')).toBeNull()
    expect(f.q('.shift-cancel-ask')).not.toBeNull()
    vi.mocked(cancelShift).mockResolvedValue(shift({ status: 'cancelled' }))
    f.click('.shift-cancel-confirm')
    await waitFor(() => expect(f.onChange).toHaveBeenCalledWith(expect.objectContaining({ status: 'cancelled' })))
    expect(cancelShift).toHaveBeenCalledWith(SHIFT_ID)
  })

  it('取消 within 2 hours warns about the late cancellation before anything is sent; 不取消了 keeps it', async () => {
    const f = open(shift({ startsAt: inMinutes(60), endsAt: inMinutes(120) }))
    f.click('.shift-cancel')
    expect(f.q('.shift-late-warning')?.textContent).toContain(LATE_CANCEL_WARNING)
    // names what is being cancelled
    expect(f.q('.shift-late-warning')?.textContent).toContain('「健康义诊」')
    expect(f.q('.shift-cancel-confirm')?.textContent).toContain('仍要取消')
    expect(cancelShift).not.toHaveBeenCalled()
    f.click('.shift-cancel-back')
    expect(f.q('.shift-late-warning')).toBeNull()
    expect(f.q('.shift-cancel')).not.toBeNull()
    expect(cancelShift).not.toHaveBeenCalled()
  })

  it('a refused cancel shows why and keeps the shift', async () => {
    const f = open(shift({ startsAt: inMinutes(60), endsAt: inMinutes(120) }))
    vi.mocked(cancelShift).mockRejectedValue(new ApiError(409, 'shift.already_started', '服务已开始，不能取消'))
    f.click('.shift-cancel')
    f.click('.shift-cancel-confirm')
    await waitFor(() => expect(f.q('.shift-error')?.textContent).toBe('服务已开始，不能取消'))
    expect(f.onChange).not.toHaveBeenCalled()
  })

  it('签退 opens the 工作纪实 form in place', async () => {
    const f = open(shift({ status: 'checked_in', checkInAt: inMinutes(-5) }))
    f.click('.shift-check-out')
    await waitFor(() => expect(f.q('.shift-notes')).not.toBeNull())
    expect(f.q('.shift-check-out-submit')).not.toBeNull()
    f.click('.shift-check-out-back')
    expect(f.q('.shift-notes')).toBeNull()
    expect(f.q('.shift-check-out')).not.toBeNull()
  })
})

describe('申请补签退 (forgot to check out)', () => {
  const forgotten = (overrides: Partial<Shift> = {}) =>
    shift({ status: 'checked_in', startsAt: inMinutes(-180), endsAt: inMinutes(-120), checkInAt: inMinutes(-182), ...overrides })
  const type = async (f: ReturnType<typeof open>, sel: string, value: string) => {
    await waitFor(() => expect(f.q(sel)).not.toBeNull())
    fireEvent.input(f.q(sel)!, { target: { value } })
  }

  it('after the window: says so, offers 申请补签退, and sends minutes and note only after a confirmation', async () => {
    const f = open(forgotten())
    expect(f.q('.shift-missed')?.textContent).toContain('7 天内申请补签退')
    f.click('.shift-close-request')
    await waitFor(() => expect(f.q<HTMLInputElement>('.close-minutes input')?.value).toBe('60'))
    await type(f, '.close-minutes input', '45')
    await type(f, '.close-note textarea', '服务到 11 点，走时忘记签退')
    f.click('.close-request-submit')
    await waitFor(() => expect(f.q('.close-confirm-ask')?.textContent).toContain('45 分钟'))
    expect(requestShiftClose).not.toHaveBeenCalled()
    const asked = forgotten({ closure: { minutes: 45, note: '服务到 11 点，走时忘记签退', requestedAt: inMinutes(0) } })
    const d = deferred<Shift>()
    vi.mocked(requestShiftClose).mockReturnValue(d.promise)
    f.click('.close-confirm-submit')
    f.click('.close-confirm-submit')
    expect(requestShiftClose).toHaveBeenCalledTimes(1)
    expect(requestShiftClose).toHaveBeenCalledWith({ id: SHIFT_ID, minutes: 45, note: '服务到 11 点，走时忘记签退' })
    d.resolve(asked)
    await waitFor(() => expect(f.onChange).toHaveBeenCalledWith(asked))
  })

  it('minutes beyond the slot or a missing note are stopped on the page; the server\'s field error lands under its field', async () => {
    const f = open(forgotten())
    f.click('.shift-close-request')
    await type(f, '.close-minutes input', '61')
    f.click('.close-request-submit')
    await waitFor(() => expect(f.q('.field-error-minutes')?.textContent).toBe('服务时长须在 1 到 60 分钟之间'))
    expect(f.q('.field-error-note')?.textContent).toBe('请说明忘记签退的情况')
    expect(f.q('.close-confirm-ask')).toBeNull()
    await type(f, '.close-minutes input', '30')
    await type(f, '.close-note textarea', '忘记签退')
    vi.mocked(requestShiftClose).mockRejectedValue(new ApiError(409, 'shift.close_window_passed', '已超过补签退期限（时段结束后 7 天内可以申请）'))
    f.click('.close-request-submit')
    await waitFor(() => expect(f.q('.close-confirm-submit')).not.toBeNull())
    f.click('.close-confirm-submit')
    await waitFor(() => expect(f.q('.close-form-error')?.textContent).toContain('已超过补签退期限'))
    expect(f.q<HTMLTextAreaElement>('.close-note textarea')?.value).toBe('忘记签退')
    expect(f.onChange).not.toHaveBeenCalled()
  })

  it('a pending request shows the minutes and waits; a confirmed one shows the hours; a rejected one the reason', () => {
    const closure = { minutes: 50, note: '忘记签退', requestedAt: inMinutes(-60) }
    const a = open(forgotten({ closure }))
    expect(a.q('.shift-closure-minutes')?.textContent).toBe('申请 50 分钟')
    expect(a.q('.shift-closure-waiting')?.textContent).toContain('等待社区工作者确认')
    cleanup()
    const b = open(forgotten({ status: 'confirmed', closure, verifiedMinutes: 45, beansPending: 8 }))
    expect(b.q('.shift-verified')?.textContent).toBe('45 分钟')
    expect(b.q('.shift-closure-waiting')).toBeNull()
    cleanup()
    const c = open(forgotten({ status: 'rejected', closure, rejectReason: '当天未见到您在岗' }))
    expect(c.q('.shift-reject-reason')?.textContent).toBe('当天未见到您在岗')
  })
})
