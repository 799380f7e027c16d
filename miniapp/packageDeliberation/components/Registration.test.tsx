import { cleanup, fireEvent, render, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { checkInMeeting } from '../../services/deliberation'
import { Taro, resetTaroMock, storage } from '../../testing/taroMock'
import { D, meeting } from '../testing/fixtures'
import { CheckInForm, Registration } from './Registration'

vi.mock('@tarojs/taro', async () => (await import('../../testing/taroMock')).taroModule)

beforeEach(() => {
  resetTaroMock()
  storage.set('token', 'tok')
})
afterEach(cleanup)

function setup(m = meeting(), register = vi.fn(async () => meeting({ myStatus: 'registered', registered: 6 })), withdraw = vi.fn(async () => meeting())) {
  const onChanged = vi.fn()
  const view = render(<Registration meeting={m} register={register} withdraw={withdraw} onChanged={onChanged} />)
  const q = (sel: string) => view.container.querySelector<HTMLElement>(sel)
  return { ...view, q, register, withdraw, onChanged }
}

describe('Registration', () => {
  it('offers 报名参加 with the seats left while there is room', async () => {
    const f = setup()
    expect(f.q('.meeting-status')?.textContent).toBe('未报名')
    expect(f.q('.meeting-seats')?.textContent).toBe('已报名 5/20 人，剩余 15 个名额')
    expect(f.q('.meeting-register')?.textContent).toBe('报名参加')
    expect(f.q('.meeting-withdraw')).toBeNull()
    fireEvent.click(f.q('.meeting-register')!)
    await waitFor(() => expect(f.onChanged).toHaveBeenCalledWith(meeting({ myStatus: 'registered', registered: 6 })))
    expect(f.register).toHaveBeenCalledWith(undefined)
  })

  it('a full meeting offers the waitlist; a waitlisted person sees the position and can withdraw', async () => {
    const full = setup(meeting({ capacity: 10, registered: 10, waitlisted: 3 }))
    expect(full.q('.meeting-seats')?.textContent).toBe('已报名 10/10 人，候补 3 人，名额已满')
    expect(full.q('.meeting-register')?.textContent).toBe('报名候补')
    cleanup()
    const w = setup(meeting({ capacity: 10, registered: 10, waitlisted: 3, myStatus: 'waitlisted', myWaitlistPosition: 2 }))
    expect(w.q('.meeting-status')?.textContent).toBe('候补第 2 位')
    expect(w.q('.meeting-waitlist-hint')).not.toBeNull()
    expect(w.q('.meeting-register')).toBeNull()
    fireEvent.click(w.q('.meeting-withdraw')!)
    await waitFor(() => expect(w.withdraw).toHaveBeenCalledTimes(1))
  })

  it('a five-party meeting asks which seat; the chosen seat is sent', async () => {
    const f = setup(meeting({ form: 'five_party' }))
    fireEvent.click(f.q('.meeting-seat-property')!)
    await waitFor(() => expect(f.q('.meeting-seat-property')?.className).toContain('is-selected'))
    fireEvent.click(f.q('.meeting-register')!)
    await waitFor(() => expect(f.register).toHaveBeenCalledWith('property'))
  })

  it('shows the server message under the form when registration fails', async () => {
    const { ApiError } = await import('../../services/errors')
    const f = setup(meeting(), vi.fn(async () => { throw new ApiError(409, 'meeting.closed', '报名已截止') }))
    fireEvent.click(f.q('.meeting-register')!)
    await waitFor(() => expect(f.q('.meeting-register-error')?.textContent).toBe('报名已截止'))
    expect(f.onChanged).not.toHaveBeenCalled()
  })

  it('a checked-in person cannot withdraw any more', () => {
    const f = setup(meeting({ myStatus: 'registered', checkedIn: true }))
    expect(f.q('.meeting-status')?.textContent).toBe('已报名 · 已签到')
    expect(f.q('.meeting-withdraw')).toBeNull()
  })
})

describe('CheckInForm (with the real service)', () => {
  async function open() {
    const onChanged = vi.fn()
    const view = render(<CheckInForm checkIn={(code) => checkInMeeting(D.meeting, code)} onChanged={onChanged} />)
    const q = (sel: string) => view.container.querySelector<HTMLElement>(sel)
    const type = (v: string) => fireEvent.input(q('.checkin-code input')!, { target: { value: v } })
    await waitFor(() => expect(q('.checkin-code input')).not.toBeNull())
    return { q, type, onChanged }
  }

  it('refuses anything but 6 digits next to the field, without a request, and keeps the input', async () => {
    const f = await open()
    f.type('12345')
    fireEvent.click(f.q('.checkin-submit')!)
    await waitFor(() => expect(f.q('.field-error-code')?.textContent).toBe('请输入 6 位数字签到码'))
    expect(Taro.request).not.toHaveBeenCalled()
    expect((f.q('.checkin-code input') as HTMLInputElement).value).toBe('12345')
    f.type('123456')
    await waitFor(() => expect(f.q('.field-error-code')).toBeNull())
  })

  it('sends a 6-digit code and shows the server refusal of a wrong one next to the field', async () => {
    const f = await open()
    Taro.request.mockResolvedValueOnce({ statusCode: 409, data: { error: { code: 'meeting.code_invalid', message: '签到码不对，请看会场公布的签到码', field: 'code' } } })
    f.type('654321')
    fireEvent.click(f.q('.checkin-submit')!)
    await waitFor(() => expect(f.q('.field-error-code')?.textContent).toBe('签到码不对，请看会场公布的签到码'))
    expect(f.onChanged).not.toHaveBeenCalled()
    Taro.request.mockResolvedValueOnce({ statusCode: 200, data: meeting({ myStatus: 'registered', checkedIn: true }) })
    fireEvent.click(f.q('.checkin-submit')!)
    await waitFor(() => expect(f.onChanged).toHaveBeenCalledWith(meeting({ myStatus: 'registered', checkedIn: true })))
    expect((Taro.request.mock.calls[1][0] as { url: string; data: unknown })).toMatchObject({ url: `/api/meetings/${D.meeting}/check-in`, data: { code: '654321' } })
  })
})
