import { beforeAll, describe, expect, it } from 'vitest'
import { decide } from '../../core/deliberation/tally'
import type { Meeting, Motion, Resolution, Topic } from '../../core/contracts/deliberation'
import { ADAPTERS, IDS, as, failure, useTestDb } from '../helpers/db'

const iso = (m: number) => new Date(Date.now() + m * 60_000).toISOString()
type MeetingDetail = Meeting & { checkInCode: string; motions: Motion[]; comments: { id: number; body: string; hidden: boolean }[] }

describe.each(ADAPTERS)('deliberation on %s', (kind) => {
  const t = useTestDb(kind, 'deliberation')
  beforeAll(async () => {
    await t.sql(`update public.community_deliberation_settings set cosign_threshold = 2 where community_id = $1`, [IDS.communityA])
  })

  const meeting = (capacity = 2, topicIds: string[] = []) =>
    t.db.rpc<MeetingDetail>('meeting_create', { p_title: '停车难议事会', p_form: 'five_party', p_starts_at: iso(20), p_place: '社区议事厅', p_capacity: capacity, p_topic_ids: topicIds }, as('staff1'))

  it('a resident raises a topic; co-signs make it ready at the threshold; one co-sign per person', async () => {
    const topic = await t.db.rpc<Topic>('topic_create', { p_title: '小区停车位不够用', p_description: '晚上车位紧张' }, as('resident1'))
    expect(topic).toMatchObject({ status: 'collecting', cosigns: 0, threshold: 2 })
    expect((await failure(t.db.rpc('topic_cosign', { p_id: topic.id }, as('resident1')))).code).toBe('topic.cosign_own')
    expect((await failure(t.db.rpc('topic_cosign', { p_id: topic.id }, as('resident3')))).code).toBe('topic.not_found')
    expect((await t.db.rpc<Topic>('topic_cosign', { p_id: topic.id }, as('resident2'))).cosigns).toBe(1)
    expect((await t.db.rpc<Topic>('topic_cosign', { p_id: topic.id }, as('resident2'))).cosigns).toBe(1)
    expect(await t.db.rpc<Topic>('topic_cosign', { p_id: topic.id }, as('party1'))).toMatchObject({ cosigns: 2, status: 'ready' })
  })

  it('staff turn a shared-track need into a topic and the need moves to in_deliberation; other needs are refused', async () => {
    const n = await t.db.rpc<{ id: string }>('need_create', { p_title: '电动车充电桩', p_description: '希望小区增设电动车充电桩，避免飞线充电。', p_category: 'facility_repair' }, as('resident2'))
    expect((await failure(t.db.rpc('topic_create', { p_title: '增设充电桩', p_need_id: n.id }, as('staff1')))).field).toBe('needId')
    await t.db.rpc('need_triage', { p_id: n.id, p_track: 'shared', p_severity: 'major' }, as('staff1'))
    expect((await failure(t.db.rpc('topic_create', { p_title: '增设充电桩', p_need_id: n.id }, as('resident1')))).field).toBe('needId')
    const topic = await t.db.rpc<Topic>('topic_create', { p_title: '增设电动车充电桩', p_need_id: n.id }, as('staff1'))
    expect(topic.needId).toBe(n.id)
    const [{ status }] = await t.sql<{ status: string }>('select status from public.needs where id = $1', [n.id])
    expect(status).toBe('in_deliberation')
  })

  it('registration fills the capacity, then a waitlist; a withdrawal promotes the first in line', async () => {
    const m = await meeting(2)
    expect(m.checkInCode).toMatch(/^\d{6}$/)
    expect(await t.db.rpc<Meeting>('meeting_register', { p_id: m.id }, as('resident1'))).toMatchObject({ myStatus: 'registered', myWaitlistPosition: null })
    expect((await t.db.rpc<Meeting>('meeting_register', { p_id: m.id }, as('resident2'))).myStatus).toBe('registered')
    const w1 = await t.db.rpc<Meeting>('meeting_register', { p_id: m.id }, as('party1'))
    expect(w1).toMatchObject({ myStatus: 'waitlisted', myWaitlistPosition: 1, registered: 2, waitlisted: 1 })
    expect((await t.db.rpc<Meeting>('meeting_register', { p_id: m.id }, as('talent1'))).myWaitlistPosition).toBe(2)
    expect((await failure(t.db.rpc('meeting_register', { p_id: m.id }, as('resident3')))).code).toBe('meeting.not_found')
    await t.db.rpc('meeting_withdraw', { p_id: m.id }, as('resident2'))
    const promoted = await t.db.rpc<Meeting>('meeting_get', { p_id: m.id }, as('party1'))
    expect(promoted).toMatchObject({ myStatus: 'registered', registered: 2, waitlisted: 1, checkInCode: null })
    expect((await t.db.rpc<Meeting>('meeting_get', { p_id: m.id }, as('talent1'))).myWaitlistPosition).toBe(1)
    const [{ n }] = await t.sql<{ n: number }>(`select count(*)::int as n from public.notifications where kind = 'meeting.promoted' and profile_id = $1`, [IDS.party1])
    expect(n).toBe(1)
  })

  it('check-in by the venue code; attendees-only motions; one vote each; tally in SQL; a passed motion makes a resolution', async () => {
    const m = await meeting(10)
    for (const h of ['resident1', 'resident2', 'party1'] as const) await t.db.rpc('meeting_register', { p_id: m.id }, as(h))
    // a wrong code is answered (and counted), not raised: issue 13
    const wrong = await t.db.rpc<{ refused?: { code: string; field: string } }>('meeting_check_in', { p_id: m.id, p_code: '000000' === m.checkInCode ? '111111' : '000000' }, as('resident1'))
    expect(wrong.refused).toMatchObject({ code: 'meeting.check_in_code_invalid', field: 'code' })
    for (const h of ['resident1', 'resident2'] as const) await t.db.rpc('meeting_check_in', { p_id: m.id, p_code: m.checkInCode }, as(h))
    expect((await failure(t.db.rpc('motion_create', { p_meeting_id: m.id, p_title: '划定临时停车区', p_options: ['同意', '反对', '弃权'], p_voters: 'attendees', p_quorum: 2, p_threshold: 'majority' }, as('resident1')))).code).toBe('auth.forbidden')
    const motion = await t.db.rpc<Motion>('motion_create', { p_meeting_id: m.id, p_title: '划定临时停车区', p_options: ['同意', '反对', '弃权'], p_voters: 'attendees', p_quorum: 2, p_threshold: 'majority', p_hide_results: true }, as('staff1'))
    const [yes, no] = motion.options
    expect((await failure(t.db.rpc('motion_vote', { p_id: motion.id, p_option_id: yes.id }, as('party1')))).code).toBe('motion.not_attendee')
    expect((await failure(t.db.rpc('motion_vote', { p_id: motion.id, p_option_id: yes.id }, as('resident3')))).code).toBe('motion.not_found')
    await t.db.rpc('motion_vote', { p_id: motion.id, p_option_id: yes.id }, as('resident1'))
    expect((await failure(t.db.rpc('motion_vote', { p_id: motion.id, p_option_id: no.id }, as('resident1')))).code).toBe('motion.already_voted')
    const hidden = await t.db.rpc<Motion>('motion_vote', { p_id: motion.id, p_option_id: yes.id }, as('resident2'))
    expect(hidden.tally).toBeNull()
    const closed = await t.db.rpc<Motion>('motion_close', { p_id: motion.id }, as('staff1'))
    expect(closed.tally).toMatchObject({ cast: 2, counted: 2, yes: 2 })
    expect(closed.result).toBe(decide(2, 'majority', 2, 2, 2))
    expect(closed.result).toBe('passed')
    expect(closed.resolutionId).toBeTruthy()
    expect((await failure(t.db.rpc('motion_vote', { p_id: motion.id, p_option_id: yes.id }, as('party1')))).code).toBe('motion.closed')
    // beans for attendance
    const [{ b }] = await t.sql<{ b: string }>(`select balance::text as b from public.bean_accounts where kind = 'person' and profile_id = $1`, [IDS.resident1])
    expect(Number(b)).toBe(5)
  })

  it('quorum and two-thirds are decided in SQL as in the TypeScript rules', async () => {
    const m = await meeting(10)
    const motion = await t.db.rpc<Motion>('motion_create', { p_meeting_id: m.id, p_title: '加装电梯方案', p_options: ['同意', '反对'], p_voters: 'residents', p_quorum: 3, p_threshold: 'two_thirds' }, as('staff1'))
    await t.db.rpc('motion_vote', { p_id: motion.id, p_option_id: motion.options[0].id }, as('resident1'))
    await t.db.rpc('motion_vote', { p_id: motion.id, p_option_id: motion.options[1].id }, as('resident2'))
    const closed = await t.db.rpc<Motion>('motion_close', { p_id: motion.id }, as('staff1'))
    expect(closed.result).toBe('no_quorum')
    expect(closed.resolutionId).toBeNull()
  })

  it('跟进-督查-评价: only the owner posts progress; completion resolves the linked need; residents rate once', async () => {
    const n = await t.db.rpc<{ id: string }>('need_create', { p_title: '楼道堆物清理', p_description: '楼道里堆了很多杂物，存在消防隐患。', p_category: 'sanitation' }, as('resident1'))
    await t.db.rpc('need_triage', { p_id: n.id, p_track: 'shared', p_severity: 'general' }, as('staff1'))
    const topic = await t.db.rpc<Topic>('topic_create', { p_title: '楼道堆物怎么清', p_need_id: n.id }, as('staff1'))
    const m = await meeting(10, [topic.id])
    const motion = await t.db.rpc<Motion>('motion_create', { p_meeting_id: m.id, p_title: '周末集中清理楼道', p_options: ['同意', '反对'], p_voters: 'residents', p_quorum: 1, p_threshold: 'majority' }, as('staff1'))
    await t.db.rpc('motion_vote', { p_id: motion.id, p_option_id: motion.options[0].id }, as('resident2'))
    const closed = await t.db.rpc<Motion>('motion_close', { p_id: motion.id }, as('staff1'))
    const rid = closed.resolutionId!
    const withAction = await t.db.rpc<Resolution>('resolution_action_add', { p_id: rid, p_title: '组织志愿者清理', p_owner_id: IDS.grid1, p_due_at: iso(60 * 24) }, as('staff1'))
    const action = withAction.actions[0]
    expect((await failure(t.db.rpc('resolution_action_add', { p_id: rid, p_title: '我来', p_owner_id: IDS.resident1, p_due_at: iso(60) }, as('resident1')))).code).toBe('auth.forbidden')
    expect((await failure(t.db.rpc('action_progress_add', { p_id: action.id, p_note: '已通知', p_percent: 50 }, as('staff1')))).code).toBe('resolution.not_owner')
    expect((await failure(t.db.rpc('resolution_evaluate', { p_id: rid, p_rating: 5 }, as('resident1')))).code).toBe('resolution.not_completed')
    expect((await t.db.rpc<Resolution>('action_progress_add', { p_id: action.id, p_note: '已通知各户', p_percent: 50 }, as('grid1'))).progress).toBe(50)
    const sup = await t.db.rpc<Resolution>('resolution_supervise', { p_id: rid, p_note: '请周六前完成' }, as('staff1'))
    expect(sup.supervisions[0].note).toBe('请周六前完成')
    expect((await failure(t.db.rpc('resolution_supervise', { p_id: rid, p_note: '我也督查' }, as('party1')))).code).toBe('auth.forbidden')
    // the owner's 100% is a report; staff accepting it completes the item (issue 13)
    const reported = await t.db.rpc<Resolution>('action_progress_add', { p_id: action.id, p_note: '清理完毕', p_percent: 100 }, as('grid1'))
    expect(reported).toMatchObject({ status: 'in_progress', progress: 100 })
    const done = await t.db.rpc<Resolution>('action_accept', { p_id: action.id }, as('staff1'))
    expect(done).toMatchObject({ status: 'completed', progress: 100 })
    const [{ status }] = await t.sql<{ status: string }>('select status from public.needs where id = $1', [n.id])
    expect(status).toBe('resolved')
    const rated = await t.db.rpc<Resolution>('resolution_evaluate', { p_id: rid, p_rating: 4 }, as('resident1'))
    expect(rated).toMatchObject({ ratings: 1, myRating: 4 })
    expect((await failure(t.db.rpc('resolution_evaluate', { p_id: rid, p_rating: 5 }, as('resident1')))).code).toBe('resolution.already_rated')
    expect((await failure(t.db.rpc('resolution_evaluate', { p_id: rid, p_rating: 5 }, as('resident3')))).code).toBe('resolution.not_found')
  })

  it('comments are moderated by staff; minutes by staff; metrics show coverage and conversion with their lists', async () => {
    const m = await meeting(5)
    const c = await t.db.rpc<{ id: number }>('meeting_comment', { p_id: m.id, p_body: '建议晚上开会' }, as('resident1'))
    expect((await failure(t.db.rpc('meeting_comment_hide', { p_comment_id: c.id, p_hidden: true }, as('resident2')))).code).toBe('auth.forbidden')
    await t.db.rpc('meeting_comment_hide', { p_comment_id: c.id, p_hidden: true }, as('staff1'))
    expect((await t.db.rpc<MeetingDetail>('meeting_get', { p_id: m.id }, as('resident2'))).comments).toHaveLength(0)
    expect((await failure(t.db.rpc('meeting_minutes', { p_id: m.id, p_minutes: '纪要' }, as('resident1')))).code).toBe('auth.forbidden')
    const quarter = new Date(Date.UTC(new Date().getUTCFullYear(), Math.floor(new Date().getUTCMonth() / 3) * 3, 1)).toISOString().slice(0, 10)
    const metrics = await t.db.rpc<{ coverage: { covered: number; communities: number; list: unknown[] }; conversion: { passed: number; completed: number } }>('deliberation_metrics', { p_street_id: IDS.street, p_quarter_start: quarter }, as('staff1'))
    expect(metrics.coverage).toMatchObject({ covered: 1, communities: 2 })
    expect(metrics.coverage.list).toHaveLength(2)
    expect(metrics.conversion.passed).toBeGreaterThanOrEqual(2)
    expect(metrics.conversion.completed).toBeGreaterThanOrEqual(1)
    expect((await failure(t.db.rpc('deliberation_metrics', { p_street_id: IDS.street, p_quarter_start: quarter }, as('resident1')))).code).toBe('auth.forbidden')
  })

  it('coverage counts only held meetings: a scheduled meeting nobody attended does not cover its community (issue 12)', async () => {
    const quarter = new Date(Date.UTC(new Date().getUTCFullYear(), Math.floor(new Date().getUTCMonth() / 3) * 3, 1)).toISOString().slice(0, 10)
    type Metrics = { coverage: { covered: number; list: { communityId: string; covered: boolean }[] } }
    const coveredB = async () => {
      const m = await t.db.rpc<Metrics>('deliberation_metrics', { p_street_id: IDS.street, p_quarter_start: quarter }, as('staff1'))
      return { covered: m.coverage.covered, b: m.coverage.list.find((c) => c.communityId === IDS.communityB)!.covered }
    }
    const before = await coveredB()
    expect(before.b).toBe(false)
    const m = await t.db.rpc<MeetingDetail>('meeting_create', { p_title: '光明社区议事会', p_form: 'street_side', p_starts_at: iso(20), p_place: '5号楼下', p_capacity: 10, p_topic_ids: [] }, as('staff2'))
    expect(m.status).toBe('scheduled')
    // scheduled only: B stays uncovered
    expect(await coveredB()).toEqual(before)
    // the first check-in makes it held: now B is covered
    await t.db.rpc('meeting_register', { p_id: m.id }, as('resident3'))
    await t.db.rpc('meeting_check_in', { p_id: m.id, p_code: m.checkInCode }, as('resident3'))
    expect(await coveredB()).toEqual({ covered: before.covered + 1, b: true })
  })
})
