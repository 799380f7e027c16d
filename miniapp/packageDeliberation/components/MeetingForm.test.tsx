import { cleanup, fireEvent, render, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { Taro, resetTaroMock } from '../../testing/taroMock'
import { D, meetingDetail, topic } from '../testing/fixtures'
import { MeetingForm, beijingParts } from './MeetingForm'

vi.mock('@tarojs/taro', async () => (await import('../../testing/taroMock')).taroModule)

beforeEach(() => resetTaroMock())
afterEach(cleanup)

const START = '2099-06-01T11:00:00.000Z' // 19:00 in Beijing

function harness(el: React.ReactElement) {
  const r = render(el)
  const q = <T extends HTMLElement = HTMLElement>(sel: string) => r.container.querySelector<T>(sel)
  const type = async (sel: string, value: string) => {
    await waitFor(() => expect(q(sel)).not.toBeNull())
    fireEvent.input(q(sel)!, { target: { value } })
  }
  return { ...r, q, type }
}

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
    await waitFor(() => expect(Taro.showModal).toHaveBeenCalledWith(expect.objectContaining({ content: '已报名和候补的 3 人会收到变更通知。' })))
    expect(update).toHaveBeenCalledTimes(1)
    await f.type('.meeting-time input', '14:30')
    fireEvent.click(f.q('.meeting-submit')!)
    await waitFor(() => expect(update).toHaveBeenCalledTimes(2))
    expect(update.mock.calls[1][0]).toMatchObject({ place: '社区议事厅', startsAt: '2099-06-01T14:30:00+08:00' })
    await waitFor(() => expect(onSuccess).toHaveBeenCalledTimes(2))
  })

  it('beijingParts reads an ISO time in Beijing', () => {
    expect(beijingParts(START)).toEqual({ date: '2099-06-01', time: '19:00' })
  })
})
