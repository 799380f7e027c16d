import { cleanup, render, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Profile } from '../../../../core/contracts'
import { getMeeting, type MeetingDetail } from '../../../services/deliberation'
import { profile } from '../../../testing/fixtures'
import { resetTaroMock, router, storage } from '../../../testing/taroMock'
import { D, meetingDetail, motion, topic } from '../../testing/fixtures'
import MeetingDetailPage from './index'

vi.mock('@tarojs/taro', async () => (await import('../../../testing/taroMock')).taroModule)
vi.mock('../../../services/deliberation', async (orig) => ({ ...(await orig<object>()), getMeeting: vi.fn() }))

const staff = profile({ id: '0b7f8f34-4f0e-4a43-9b7c-0c6f1f2b9a04', handle: 'staff1', displayName: '陈主任', roles: ['staff'] })

beforeEach(() => {
  resetTaroMock()
  vi.mocked(getMeeting).mockReset()
  router.params = { id: D.meeting }
})
afterEach(cleanup)

async function open(who: Profile, m: MeetingDetail) {
  storage.set('token', 'tok')
  storage.set('profile', JSON.stringify(who))
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
