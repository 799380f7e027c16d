import { cleanup, fireEvent, render, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Profile } from '../../../../core/contracts'
import { getMeeting, type MeetingDetail } from '../../../services/deliberation'
import { cancelMeeting } from '../../../services/editing'
import { ApiError } from '../../../services/errors'
import { profile, signIn } from '../../../testing/fixtures'
import { Taro, resetTaroMock, router } from '../../../testing/taroMock'
import { D, meetingDetail, motion, topic } from '../../testing/fixtures'
import MeetingDetailPage from './index'

vi.mock('@tarojs/taro', async () => (await import('../../../testing/taroMock')).taroModule)
vi.mock('../../../services/deliberation', async (orig) => ({ ...(await orig<object>()), getMeeting: vi.fn() }))
vi.mock('../../../services/editing', () => ({ cancelMeeting: vi.fn() }))

const staff = profile({ id: '0b7f8f34-4f0e-4a43-9b7c-0c6f1f2b9a04', handle: 'staff1', displayName: '陈主任', roles: ['staff'] })

beforeEach(() => {
  resetTaroMock()
  vi.mocked(getMeeting).mockReset()
  router.params = { id: D.meeting }
})
afterEach(cleanup)

async function open(who: Profile, m: MeetingDetail) {
  signIn(who)
  vi.mocked(getMeeting).mockResolvedValue(m)
  const view = render(<MeetingDetailPage />)
  await waitFor(() => expect(view.container.querySelector('.meeting-detail')).not.toBeNull())
  return { ...view, q: (sel: string) => view.container.querySelector<HTMLElement>(sel) }
}

describe('meeting detail', () => {
  it('a resident sees the agenda, registration and comments, but no code, no motion form, no minutes form', async () => {
    const f = await open(profile(), meetingDetail({
      agenda: [topic({ status: 'scheduled' })],
      comments: [{ id: 1, authorName: '李大爷', body: '支持', hidden: false, at: '2026-11-21T08:00:00Z' }, { id: 2, authorName: '某人', body: '广告', hidden: true, at: '2026-11-21T08:00:00Z' }],
      motions: [motion()],
    }))
    expect(f.q('.meeting-agenda')?.textContent).toContain('东门加装充电桩')
    expect(f.q('.meeting-register')).not.toBeNull()
    expect(f.q('.checkin-code')).toBeNull()
    expect(f.container.querySelectorAll('.comment-item')).toHaveLength(1)
    expect(f.q('.meeting-code')).toBeNull()
    expect(f.q('.motion-submit')).toBeNull()
    expect(f.q('.motion-close')).toBeNull()
    expect(f.q('.minutes-submit')).toBeNull()
    // not checked in: an attendee motion cannot be voted yet
    expect(f.q('.motion-need-checkin')).not.toBeNull()
  })

  it('shows the time as a range; residents read when check-in opens, staff do not', async () => {
    // 2099-11-30 14:00–16:00 in Beijing
    const m = meetingDetail({ startsAt: '2099-11-30T06:00:00.000Z', endsAt: '2099-11-30T08:00:00.000Z', myStatus: 'registered' })
    const f = await open(profile(), m)
    expect(f.q('.meeting-time')?.textContent).toBe('时间：2099年11月30日 14:00–16:00')
    expect(f.q('.meeting-checkin-window')?.textContent).toBe('签到时间：开始前 30 分钟至结束（13:30–16:00）')
    cleanup()
    // a meeting that runs past midnight names both days
    const late = await open(profile(), meetingDetail({ startsAt: '2099-11-30T14:00:00.000Z', endsAt: '2099-11-30T17:00:00.000Z' }))
    expect(late.q('.meeting-time')?.textContent).toBe('时间：2099年11月30日 22:00 至 2099年12月1日 01:00')
    expect(late.q('.meeting-checkin-window')?.textContent).toBe('签到时间：开始前 30 分钟至结束（2099年11月30日 21:30 至 2099年12月1日 01:00）')
    cleanup()
    const s = await open(staff, meetingDetail({ ...m, checkInCode: '482913' }))
    expect(s.q('.meeting-time')?.textContent).toBe('时间：2099年11月30日 14:00–16:00')
    expect(s.q('.meeting-checkin-window')).toBeNull()
    cleanup()
    const cancelled = await open(profile(), meetingDetail({ ...m, status: 'cancelled' }))
    expect(cancelled.q('.meeting-checkin-window')).toBeNull()
  })

  it('a registered resident gets the check-in box', async () => {
    const f = await open(profile(), meetingDetail({ myStatus: 'registered' }))
    expect(f.q('.checkin-code')).not.toBeNull()
    expect(f.q('.meeting-status')?.textContent).toBe('已报名')
  })

  it('staff see the check-in code big, the motion form, 结束表决 and the minutes form', async () => {
    const f = await open(staff, meetingDetail({ checkInCode: '482913', motions: [motion()] }))
    expect(f.q('.meeting-code')?.textContent).toBe('482913')
    expect(f.q('.motion-submit')).not.toBeNull()
    expect(f.q('.motion-close')).not.toBeNull()
    expect(f.q('.minutes-submit')).not.toBeNull()
  })
})

describe('管理议事会 (staff)', () => {
  const cancel = vi.mocked(cancelMeeting)
  beforeEach(() => cancel.mockReset())

  it('residents get no management; staff get 修改 (the create form with ?id=)', async () => {
    let f = await open(profile(), meetingDetail())
    expect(f.q('.meeting-manage')).toBeNull()
    cleanup()
    f = await open(staff, meetingDetail({ checkInCode: '123456' }))
    fireEvent.click(f.q('.meeting-edit')!)
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: `/packageDeliberation/pages/meeting-create/index?id=${D.meeting}` })
  })

  it('取消 needs a reason, confirms how many people are told, and then shows the meeting cancelled', async () => {
    const f = await open(staff, meetingDetail({ checkInCode: '123456', registered: 5, waitlisted: 2 }))
    fireEvent.click(f.q('.meeting-cancel')!)
    await waitFor(() => expect(f.q('.meeting-cancel-reason textarea')).not.toBeNull())
    fireEvent.click(f.q('.meeting-cancel-submit')!)
    await waitFor(() => expect(f.q('.field-error-reason')?.textContent).toContain('请填写取消原因'))
    expect(Taro.showModal).not.toHaveBeenCalled()
    fireEvent.input(f.q('.meeting-cancel-reason textarea')!, { target: { value: '遇暴雨，改期另行通知' } })
    cancel.mockRejectedValueOnce(new ApiError(409, 'meeting.not_editable', '议事会已召开或已取消，不能再修改'))
    fireEvent.click(f.q('.meeting-cancel-submit')!)
    await waitFor(() => expect(f.q('.field-error-reason')?.textContent).toBe('议事会已召开或已取消，不能再修改'))
    expect(Taro.showModal).toHaveBeenCalledWith(expect.objectContaining({ content: expect.stringContaining('已报名和候补的 7 人会收到通知') }))
    expect((f.q('.meeting-cancel-reason textarea') as HTMLTextAreaElement | null)?.value).toBe('遇暴雨，改期另行通知')
    cancel.mockResolvedValueOnce(meetingDetail({ checkInCode: '123456', status: 'cancelled', registered: 0 }))
    fireEvent.click(f.q('.meeting-cancel-submit')!)
    await waitFor(() => expect(f.q('.meeting-detail')?.textContent).toContain('本次议事会已取消'))
    expect(cancel).toHaveBeenLastCalledWith(D.meeting, '遇暴雨，改期另行通知')
    expect(f.q('.meeting-manage')).toBeNull()
  })
})
