import { cleanup, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError } from '../../services/errors'
import { Taro, resetTaroMock } from '../../testing/taroMock'
import { SITE, SLOT_ID, post } from '../testing/fixtures'
import { PostForm, beijingIso } from './PostForm'
import { WhistleForm, beijingSoon } from './WhistleForm'
import { harness } from '../../testing/harness'

vi.mock('@tarojs/taro', async () => (await import('../../testing/taroMock')).taroModule)

// Wednesday 2024-11-20 10:00 Beijing
const NOW = new Date('2024-11-20T02:00:00Z')

beforeEach(() => resetTaroMock())
afterEach(cleanup)

/** A position a moment later, as a phone answers (Taro's Input cannot take a new value before it has rendered). */
function locatedAt(p: { lat: number; lng: number }) {
  Taro.getLocation.mockImplementation(() => new Promise((r) => setTimeout(() => r({ latitude: p.lat, longitude: p.lng, errMsg: 'getLocation:ok' }), 50)))
}


describe('发布岗位 form', () => {
  it('starts from the staff member\'s current position (GCJ-02) and tomorrow 09:00–11:00', async () => {
    locatedAt(SITE)
    const f = harness(<PostForm submit={vi.fn()} onSuccess={vi.fn()} now={() => NOW} />)
    // the first render of the file pays for loading the form's modules: more than waitFor's 1 s on a busy machine
    await waitFor(() => expect(f.q<HTMLInputElement>('.post-lat input')?.value).toBe('32.041600'), { timeout: 5000 })
    expect(f.q<HTMLInputElement>('.post-lng input')?.value).toBe('118.778400')
    expect(f.q('.post-location-note')?.textContent).toContain('已填入您现在的位置')
    expect(f.q('.post-slot-date')?.textContent).toContain('2024-11-21')
    expect(f.q('.post-slot-start')?.textContent).toContain('09:00')
  })

  it('without location, says how to go on by hand; required fields are named', async () => {
    Taro.getLocation.mockRejectedValue({ errMsg: 'getLocation:fail auth deny' })
    const submit = vi.fn()
    const f = harness(<PostForm submit={submit} onSuccess={vi.fn()} now={() => NOW} />)
    await waitFor(() => expect(f.q('.post-location-note')?.textContent).toBe('请在设置中允许获取位置，或直接填写岗位的经纬度'))
    f.click('.post-submit')
    await waitFor(() => expect(f.q('.field-error-title')).not.toBeNull())
    expect(f.q('.field-error-category')?.textContent).toBe('请选择岗位类别')
    expect(f.q('.field-error-lat')?.textContent).toBe('缺少位置（纬度）')
    expect(submit).not.toHaveBeenCalled()
  })

  it('sends the post with Beijing-time slots; a second slot can be added; an end before the start is caught', async () => {
    Taro.getLocation.mockRejectedValue({ errMsg: 'getLocation:fail auth deny' })
    const submit = vi.fn().mockResolvedValue(post())
    const onSuccess = vi.fn()
    const f = harness(<PostForm submit={submit} onSuccess={onSuccess} now={() => NOW} />)
    await f.type('.post-title input', '周末健康义诊')
    f.click('.post-category-health_clinic')
    await f.type('.post-place input', '社区服务中心一楼')
    await f.type('.post-lat input', '32.0416')
    await f.type('.post-lng input', '118.7784')
    await f.type('.post-radius input', '150')
    await f.type('.post-rate input', '12')
    f.pick(f.q('.post-slot-date')!, '2024-11-23')
    f.pick(f.q('.post-slot-start')!, '14:00')
    f.pick(f.q('.post-slot-end')!, '13:00')
    await f.type('.post-slot-capacity input', '4')
    f.click('.post-submit')
    await waitFor(() => expect(f.q('.slot-error-0')?.textContent).toBe('结束时间要晚于开始时间'))
    expect(submit).not.toHaveBeenCalled()

    f.pick(f.q('.post-slot-end')!, '16:30')
    f.click('.post-slot-add')
    await waitFor(() => expect(f.all('.post-slot')).toHaveLength(2))
    f.pick(f.all('.post-slot-date')[1], '2024-11-24')
    f.click('.post-submit')
    await waitFor(() => expect(submit).toHaveBeenCalled())
    expect(submit.mock.calls[0][0]).toEqual({
      title: '周末健康义诊', category: 'health_clinic', place: '社区服务中心一楼', lat: 32.0416, lng: 118.7784, radiusM: 150, beanRatePerHour: 12,
      slots: [
        { startsAt: '2024-11-23T14:00:00+08:00', endsAt: '2024-11-23T16:30:00+08:00', capacity: 4 },
        { startsAt: '2024-11-24T14:00:00+08:00', endsAt: '2024-11-24T16:30:00+08:00', capacity: 4 },
      ],
    })
    await waitFor(() => expect(onSuccess).toHaveBeenCalled())
  })

  it('a slot already over is refused here; a server field error lands by its field', async () => {
    locatedAt(SITE)
    const submit = vi.fn().mockRejectedValue(new ApiError(400, 'request.invalid', '签到范围至少 20 米', 'radiusM'))
    const f = harness(<PostForm submit={submit} onSuccess={vi.fn()} now={() => NOW} />)
    await waitFor(() => expect(f.q<HTMLInputElement>('.post-lat input')?.value).not.toBe(''))
    await f.type('.post-title input', '楼道清扫')
    f.click('.post-category-environment')
    f.pick(f.q('.post-slot-date')!, '2024-11-19')
    f.click('.post-submit')
    await waitFor(() => expect(f.q('.slot-error-0')?.textContent).toContain('已经过去了'))
    expect(submit).not.toHaveBeenCalled()
    f.pick(f.q('.post-slot-date')!, '2024-11-22')
    f.click('.post-submit')
    await waitFor(() => expect(f.q('.field-error-radiusM')?.textContent).toBe('签到范围至少 20 米'))
    expect(f.q<HTMLInputElement>('.post-title input')?.value).toBe('楼道清扫')
  })

  it('修改: prefilled from the post without asking for the position; a capacity below the claims is caught; new slots go as addSlots', async () => {
    const existing = post({
      title: '健康义诊', place: '社区服务中心一楼',
      slots: [{ id: SLOT_ID, startsAt: '2024-11-23T01:00:00.000Z', endsAt: '2024-11-23T03:00:00.000Z', capacity: 5, claimed: 3, mine: false }],
    })
    const update = vi.fn().mockResolvedValue(existing)
    const onSuccess = vi.fn()
    const f = harness(<PostForm initial={existing} update={update} onSuccess={onSuccess} now={() => NOW} />)
    await waitFor(() => expect(f.q<HTMLInputElement>('.post-title input')?.value).toBe('健康义诊'))
    expect(Taro.getLocation).not.toHaveBeenCalled()
    expect(f.q<HTMLInputElement>('.post-lat input')?.value).toBe('32.041600')
    expect(f.q('.post-slot-fixed')?.textContent).toContain('2024-11-23 09:00–11:00')
    expect(f.q('.post-slot-remove')).toBeNull()
    expect(f.q('.post-submit')?.textContent).toBe('保存修改')
    await f.type('.post-slot-capacity input', '2')
    f.click('.post-submit')
    await waitFor(() => expect(f.q('.slot-error-0')?.textContent).toBe('已有 3 人认领，名额不能少于 3'))
    expect(update).not.toHaveBeenCalled()

    await f.type('.post-slot-capacity input', '8')
    await f.type('.post-title input', '健康义诊（加场）')
    f.click('.post-slot-add')
    await waitFor(() => expect(f.all('.post-slot')).toHaveLength(2))
    f.pick(f.all('.post-slot-date')[0], '2024-11-24')
    f.click('.post-submit')
    await waitFor(() => expect(update).toHaveBeenCalled())
    expect(update.mock.calls[0][0]).toMatchObject({
      id: existing.id, title: '健康义诊（加场）', place: '社区服务中心一楼', radiusM: 200,
      slots: [{ id: SLOT_ID, capacity: 8 }],
      addSlots: [{ startsAt: '2024-11-24T09:00:00+08:00', endsAt: '2024-11-24T11:00:00+08:00', capacity: 5 }],
    })
    await waitFor(() => expect(onSuccess).toHaveBeenCalled())
  })

  it('修改: the server refusing a new slot lands on that slot', async () => {
    const existing = post({ slots: [{ id: SLOT_ID, startsAt: '2024-11-23T01:00:00.000Z', endsAt: '2024-11-23T03:00:00.000Z', capacity: 5, claimed: 0, mine: false }] })
    const update = vi.fn().mockRejectedValue(new ApiError(400, 'post.slot_past', '新增时段的结束时间要晚于现在', 'addSlots.0.endsAt'))
    const f = harness(<PostForm initial={existing} update={update} onSuccess={vi.fn()} now={() => NOW} />)
    await waitFor(() => expect(f.q('.post-slot-add')).not.toBeNull())
    f.click('.post-slot-add')
    await waitFor(() => expect(f.all('.post-slot')).toHaveLength(2))
    f.click('.post-submit')
    await waitFor(() => expect(f.q('.slot-error-1')?.textContent).toBe('新增时段的结束时间要晚于现在'))
  })

  it('beijingIso writes +08:00', () => {
    expect(Date.parse(beijingIso('2024-11-23', '09:30'))).toBe(Date.parse('2024-11-23T01:30:00Z'))
  })
})

describe('社区吹哨 form', () => {
  it('defaults to 30 minutes from now (rounded to 5) and sends title, place, time and headcount', async () => {
    expect(beijingSoon(new Date('2024-11-20T02:03:00Z'))).toEqual({ date: '2024-11-20', time: '10:35' })
    const submit = vi.fn().mockResolvedValue({})
    const f = harness(<WhistleForm submit={submit} onSuccess={vi.fn()} now={() => NOW} />)
    f.click('.whistle-submit')
    await waitFor(() => expect(f.q('.field-error-title')).not.toBeNull())
    expect(f.q('.field-error-place')?.textContent).toBe('请填写集合地点')
    await f.type('.whistle-title input', '防汛巡查')
    await f.type('.whistle-place input', '和平河堤北口')
    await f.type('.whistle-headcount input', '8')
    f.click('.whistle-category-security_patrol')
    f.click('.whistle-submit')
    await waitFor(() => expect(submit).toHaveBeenCalled())
    expect(submit.mock.calls[0][0]).toEqual({ title: '防汛巡查', category: 'security_patrol', place: '和平河堤北口', startsAt: '2024-11-20T10:30:00+08:00', headcount: 8 })
  })
})
