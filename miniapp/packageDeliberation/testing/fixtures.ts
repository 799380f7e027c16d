/** Builders for deliberation test data; each is checked against its contract in the service test. */
import type { Meeting, Motion, Resolution, Topic } from '../../../core/contracts'
import type { DeliberationMetrics, MeetingDetail } from '../../services/deliberation'

export const D = {
  community: '0b7f8f34-4f0e-4a43-9b7c-0c6f1f2b9a02',
  topic: '7a000000-0000-4000-8000-000000000001',
  meeting: '7b000000-0000-4000-8000-000000000001',
  motion: '7c000000-0000-4000-8000-000000000001',
  optYes: '7d000000-0000-4000-8000-000000000001',
  optNo: '7d000000-0000-4000-8000-000000000002',
  optAbstain: '7d000000-0000-4000-8000-000000000003',
  resolution: '7e000000-0000-4000-8000-000000000001',
  action: '7f000000-0000-4000-8000-000000000001',
  resident: '0b7f8f34-4f0e-4a43-9b7c-0c6f1f2b9a03',
  grid: '50000000-0000-4000-8000-000000000006',
  street: '10000000-0000-4000-8000-000000000001',
} as const

const future = new Date(Date.now() + 2 * 86_400_000).toISOString()
const futureEnd = new Date(Date.now() + 2 * 86_400_000 + 2 * 3600_000).toISOString()

export function topic(o: Partial<Topic> = {}): Topic {
  return {
    id: D.topic, communityId: D.community, title: '东门加装充电桩', description: '楼道充电有隐患', proposerName: '张阿姨',
    needId: null, needRefNo: null, needVisible: false, status: 'collecting', cosigns: 3, threshold: 10, cosigned: false, createdAt: '2026-11-20T08:00:00.000Z', ...o,
  }
}

export function meeting(o: Partial<Meeting> = {}): Meeting {
  // a meeting given only a start lasts the default two hours, as the server stores it
  const endsAt = o.startsAt && !o.endsAt ? new Date(Date.parse(o.startsAt) + 2 * 3600_000).toISOString() : futureEnd
  return {
    id: D.meeting, communityId: D.community, title: '东门充电桩议事会', form: 'street_side', startsAt: future, endsAt, place: '东门广场',
    capacity: 20, registered: 5, waitlisted: 0, status: 'scheduled', minutes: null, checkInCode: null, myStatus: null,
    myWaitlistPosition: null, checkedIn: false, agenda: [], createdAt: '2026-11-20T08:00:00.000Z', ...o,
  }
}

export function motion(o: Partial<Motion> = {}): Motion {
  return {
    id: D.motion, meetingId: D.meeting, title: '同意加装 6 个充电桩', voters: 'attendees', quorum: 2, threshold: 'majority',
    hideResults: false, opensAt: '2026-11-20T08:00:00.000Z', closesAt: null, status: 'open', result: null,
    options: [{ id: D.optYes, label: '同意', abstain: false }, { id: D.optNo, label: '反对', abstain: false }, { id: D.optAbstain, label: '弃权', abstain: true }],
    myVote: null, tally: null, resolutionId: null, ...o,
  }
}

export function tally(yes: number, no: number, abstain: number): NonNullable<Motion['tally']> {
  return {
    options: [
      { id: D.optYes, label: '同意', abstain: false, votes: yes },
      { id: D.optNo, label: '反对', abstain: false, votes: no },
      { id: D.optAbstain, label: '弃权', abstain: true, votes: abstain },
    ],
    cast: yes + no + abstain, counted: yes + no, yes,
  }
}

export function meetingDetail(o: Partial<MeetingDetail> = {}): MeetingDetail {
  return { ...meeting(o), comments: [], motions: [], ...o }
}

export function resolution(o: Partial<Resolution> = {}): Resolution {
  return {
    id: D.resolution, motionId: D.motion, meetingId: D.meeting, communityId: D.community, title: '同意加装 6 个充电桩',
    needId: null, needRefNo: null, needVisible: false, status: 'in_progress', createdAt: '2026-11-20T08:00:00.000Z', completedAt: null, progress: 40,
    actions: [{
      id: D.action, title: '联系供电公司', ownerName: '赵网格', ownerId: D.grid, dueAt: '2026-12-01T10:00:00.000Z', percent: 40, overdue: false,
      status: 'in_progress', doneAt: null, returnReason: null, returnedAt: null,
      progress: [{ note: '已联系', percent: 40, at: '2026-11-21T08:00:00.000Z' }],
    }],
    supervisions: [], rating: null, ratings: 0, myRating: null, ...o,
  }
}

export function metrics(): DeliberationMetrics {
  return {
    streetId: D.street, quarterStart: '2026-10-01',
    coverage: { covered: 1, communities: 2, rate: 0.5, list: [
      { communityId: D.community, name: 'A 社区', covered: true },
      { communityId: '20000000-0000-4000-8000-00000000000b', name: 'B 社区', covered: false },
    ] },
    conversion: { completed: 1, passed: 3, rate: 1 / 3, list: [
      { resolutionId: D.resolution, title: '加装充电桩', status: 'completed', community: 'A 社区' },
      { resolutionId: '7e000000-0000-4000-8000-000000000002', title: '修缮凉亭', status: 'in_progress', community: 'A 社区' },
    ] },
  }
}
