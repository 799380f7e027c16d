import { cleanup, fireEvent, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError } from '../../services/errors'
import { Taro, resetTaroMock } from '../../testing/taroMock'
import { D, meetingDetail, topic } from '../testing/fixtures'
import { MeetingForm, beijingParts } from './MeetingForm'
import { harness } from '../../testing/harness'

vi.mock('@tarojs/taro', async () => (await import('../../testing/taroMock')).taroModule)

beforeEach(() => resetTaroMock())
afterEach(cleanup)

const START = '2099-06-01T11:00:00.000Z' // 19:00 in Beijing


describe('修改议事会 form', () => {
  it('is prefilled; a capacity below the registered count is refused before sending', async () => {
    const m = meetingDetail({ startsAt: START, registered: 5, agenda: [topic({ status: 'scheduled' })] })
    const update = vi.fn().mockResolvedValue(m)
    const f = harness(<MeetingForm readyTopics={m.agenda} initial={m} update={update} onSuccess={vi.fn()} />)
    await waitFor(() => expect(f.q<HTMLInputElement>('.meeting-title input')?.value).toBe('东门充电桩议事会'))
    expect(f.q<HTMLInputElement>('.meeting-date input')?.value).toBe('2099-06-01')
    expect(f.q<HTMLInputElement>('.meeting-time input')?.value).toBe('19:00')
    expect(f.q(`.meeting-topic-${D.topic}`)?.className).toContain('is-selected')
    expect(f.q('.meeting-submit')?.textContent).toBe('保存修改')
    await f.type('.meeting-capacity input', '3')
    fireEvent.click(f.q('.meeting-submit')!)
    await waitFor(() => expect(f.q('.field-error-capacity')?.textContent).toBe('已有 5 人报名，人数上限不能少于 5'))
    expect(update).not.toHaveBeenCalled()
  })

  it('an unchanged time is not sent; a new place is confirmed first because registrants are told', async () => {
    const m = meetingDetail({ startsAt: START, registered: 2, waitlisted: 1 })
    const update = vi.fn().mockResolvedValue(m)
    const onSuccess = vi.fn()
    const f = harness(<MeetingForm readyTopics={[]} initial={m} update={update} onSuccess={onSuccess} />)
    await f.type('.meeting-capacity input', '30')
    fireEvent.click(f.q('.meeting-submit')!)
    await waitFor(() => expect(update).toHaveBeenCalledTimes(1))
    expect(Taro.showModal).not.toHaveBeenCalled()
    expect(update.mock.calls[0][0]).toEqual({ id: D.meeting, title: m.title, form: m.form, place: m.place, capacity: 30, topicIds: [] })
    await f.type('.meeting-place input', '社区议事厅')
    Taro.showModal.mockResolvedValueOnce({ confirm: false, cancel: true, content: '', errMsg: 'ok' })
    fireEvent.click(f.q('.meeting-submit')!)
    await waitFor(() => expect(Taro.showModal).toHaveBeenCalledWith(expect.objectContaining({ content: expect.stringContaining('已报名和候补的 3 人会收到变更通知。') })))
    expect(update).toHaveBeenCalledTimes(1)
    await f.type('.meeting-time input', '14:30')
    fireEvent.click(f.q('.meeting-submit')!)
    await waitFor(() => expect(update).toHaveBeenCalledTimes(2))
    expect(update.mock.calls[1][0]).toMatchObject({ place: '社区议事厅', startsAt: '2099-06-01T14:30:00+08:00' })
    await waitFor(() => expect(onSuccess).toHaveBeenCalledTimes(2))
  })

  it('shows the stored end; moving the start moves it (the length kept, endsAt left to the server); a new end is sent', async () => {
    const m = meetingDetail({ startsAt: START, endsAt: '2099-06-01T14:00:00.000Z' }) // 19:00–22:00
    const update = vi.fn().mockResolvedValue(m)
    const f = harness(<MeetingForm readyTopics={[]} initial={m} update={update} onSuccess={vi.fn()} />)
    await waitFor(() => expect(f.q<HTMLInputElement>('.meeting-end-time input')?.value).toBe('22:00'))
    expect(f.q<HTMLInputElement>('.meeting-end-date input')?.value).toBe('2099-06-01')
    await f.type('.meeting-time input', '14:30')
    await waitFor(() => expect(f.q<HTMLInputElement>('.meeting-end-time input')?.value).toBe('17:30'))
    fireEvent.click(f.q('.meeting-submit')!)
    await waitFor(() => expect(update).toHaveBeenCalledTimes(1))
    expect(update.mock.calls[0][0]).toMatchObject({ startsAt: '2099-06-01T14:30:00+08:00' })
    expect(update.mock.calls[0][0]).not.toHaveProperty('endsAt')
    await f.type('.meeting-end-time input', '16:00')
    fireEvent.click(f.q('.meeting-submit')!)
    await waitFor(() => expect(update).toHaveBeenCalledTimes(2))
    expect(update.mock.calls[1][0]).toMatchObject({ startsAt: '2099-06-01T14:30:00+08:00', endsAt: '2099-06-01T16:00:00+08:00' })
  })

  it('beijingParts reads an ISO time in Beijing', () => {
    expect(beijingParts(START)).toEqual({ date: '2099-06-01', time: '19:00' })
  })
})

describe('安排议事会 form: 结束时间', () => {
  const created = meetingDetail()

  async function filled(submit = vi.fn().mockResolvedValue(created)) {
    const f = harness(<MeetingForm readyTopics={[]} submit={submit} onSuccess={vi.fn()} />)
    await f.type('.meeting-title input', '东门充电桩议事会')
    await f.type('.meeting-place input', '东门广场')
    await f.type('.meeting-date input', '2099-06-01')
    await f.type('.meeting-time input', '14:00')
    return { ...f, submit }
  }

  it('defaults to two hours after the start and follows the start until it is changed; endsAt is sent', async () => {
    const f = await filled()
    await waitFor(() => expect(f.q<HTMLInputElement>('.meeting-end-time input')?.value).toBe('16:00'))
    expect(f.q<HTMLInputElement>('.meeting-end-date input')?.value).toBe('2099-06-01')
    expect(f.q('.meeting-length-2')?.className).toContain('is-selected')
    // a late start carries the end over midnight
    await f.type('.meeting-time input', '23:00')
    await waitFor(() => expect(f.q<HTMLInputElement>('.meeting-end-time input')?.value).toBe('01:00'))
    expect(f.q<HTMLInputElement>('.meeting-end-date input')?.value).toBe('2099-06-02')
    fireEvent.click(f.q('.meeting-time-1900')!)
    await waitFor(() => expect(f.q<HTMLInputElement>('.meeting-end-time input')?.value).toBe('21:00'))
    // a length chip sets the end from the start, and the end keeps following it
    fireEvent.click(f.q('.meeting-length-3')!)
    await waitFor(() => expect(f.q<HTMLInputElement>('.meeting-end-time input')?.value).toBe('22:00'))
    fireEvent.click(f.q('.meeting-submit')!)
    await waitFor(() => expect(f.submit).toHaveBeenCalledTimes(1))
    expect(f.submit.mock.calls[0][0]).toMatchObject({ startsAt: '2099-06-01T19:00:00+08:00', endsAt: '2099-06-01T22:00:00+08:00' })
  })

  it('once typed, the end stays put when the start moves', async () => {
    const f = await filled()
    await f.type('.meeting-end-time input', '17:30')
    expect(f.q('.meeting-length-2')?.className).not.toContain('is-selected')
    fireEvent.click(f.q('.meeting-time-0930')!)
    fireEvent.click(f.q('.meeting-submit')!)
    await waitFor(() => expect(f.submit).toHaveBeenCalledTimes(1))
    expect(f.submit.mock.calls[0][0]).toMatchObject({ startsAt: '2099-06-01T09:30:00+08:00', endsAt: '2099-06-01T17:30:00+08:00' })
  })

  it('an end that is malformed, not after the start, or more than 24 hours later is refused in Chinese before sending', async () => {
    const f = await filled()
    await f.type('.meeting-end-time input', '1600')
    fireEvent.click(f.q('.meeting-submit')!)
    await waitFor(() => expect(f.q('.field-error-endsAt')?.textContent).toBe('请按“2026-12-01”和“21:00”的格式填写结束日期和时间'))
    expect(f.q('.meeting-end-time')?.className).toContain('has-error')
    await f.type('.meeting-end-time input', '13:00')
    expect(f.q('.field-error-endsAt')).toBeNull()
    fireEvent.click(f.q('.meeting-submit')!)
    await waitFor(() => expect(f.q('.field-error-endsAt')?.textContent).toBe('结束时间要晚于开始时间'))
    await f.type('.meeting-end-time input', '14:00')
    fireEvent.click(f.q('.meeting-submit')!)
    await waitFor(() => expect(f.q('.field-error-endsAt')?.textContent).toBe('结束时间要晚于开始时间'))
    await f.type('.meeting-end-date input', '2099-06-02')
    await f.type('.meeting-end-time input', '14:30')
    fireEvent.click(f.q('.meeting-submit')!)
    await waitFor(() => expect(f.q('.field-error-endsAt')?.textContent).toBe('会议最长 24 小时，结束时间不能晚于开始后 24 小时'))
    expect(f.submit).not.toHaveBeenCalled()
    // exactly 24 hours is allowed
    await f.type('.meeting-end-time input', '14:00')
    fireEvent.click(f.q('.meeting-submit')!)
    await waitFor(() => expect(f.submit).toHaveBeenCalledTimes(1))
    expect(f.submit.mock.calls[0][0]).toMatchObject({ endsAt: '2099-06-02T14:00:00+08:00' })
  })

  it('the server\'s meeting.ends_invalid shows under the end', async () => {
    const submit = vi.fn().mockRejectedValue(new ApiError(400, 'meeting.ends_invalid', '结束时间要晚于开始时间，且会议不超过 24 小时', 'endsAt'))
    const f = await filled(submit)
    fireEvent.click(f.q('.meeting-submit')!)
    await waitFor(() => expect(f.q('.field-error-endsAt')?.textContent).toBe('结束时间要晚于开始时间，且会议不超过 24 小时'))
  })
})
