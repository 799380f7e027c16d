import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Profile } from '../../core/contracts/auth'
import type { Invitation } from '../../core/contracts/admin'
import type { Meeting, Motion, Resolution, Topic } from '../../core/contracts/deliberation'
import type { Post, Registration, Shift } from '../../core/contracts/volunteers'
import { SERVICE_CLAIMS, type Claims } from '../../api/_lib/db/types'
import { ADAPTERS, IDS, as, failure, inboxQueries, postgresDatabase, readAsPerson, useTestDb } from '../helpers/db'

interface Page {
  items: Array<{ id: number; kind: string; payload: Record<string, unknown>; createdAt: string; readAt: string | null }>
  unread: number
  nextCursor: string | null
}

const SITE = { lat: 32.0416, lng: 118.7784 }
const iso = (minutesFromNow: number) => new Date(Date.now() + minutesFromNow * 60_000).toISOString()
const person = (id: string): Claims => ({ role: 'authenticated', sub: id, aud: 'authenticated' })

describe.each(ADAPTERS)('the inbox on %s', (kind) => {
  const t = useTestDb(kind, 'inbox')
  beforeAll(async () => {
    await t.sql(`update public.community_deliberation_settings set cosign_threshold = 2 where community_id = $1`, [IDS.communityA])
  })

  const { recipients, payloadOf } = inboxQueries(t)

  it('lists my own items newest first, 20 a page, with the unread count; a forged cursor is refused naming the field', async () => {
    await t.sql(`insert into public.notifications (profile_id, kind, payload)
                 select $1, 'need.status', jsonb_build_object('n', g) from generate_series(1, 25) g`, [IDS.resident2])
    await t.sql(`insert into public.notifications (profile_id, kind, payload) values ($1, 'need.status', '{"n": 99}')`, [IDS.resident3])
    const first = await t.db.rpc<Page>('notifications_list', {}, as('resident2'))
    expect(first.items).toHaveLength(20)
    expect(first.unread).toBe(25)
    expect(first.items.map((i) => i.payload.n)).toEqual(Array.from({ length: 20 }, (_, i) => 25 - i))
    expect(first.items[0]).toMatchObject({ kind: 'need.status', readAt: null })
    expect(first.items[0].createdAt).toMatch(/Z$/)
    expect(first.nextCursor).toMatch(/^[A-Za-z0-9_-]+$/)
    const second = await t.db.rpc<Page>('notifications_list', { p_cursor: first.nextCursor }, as('resident2'))
    expect(second.items.map((i) => i.payload.n)).toEqual([5, 4, 3, 2, 1])
    expect(second.nextCursor).toBeNull()
    // a page holds at most 50 (issue 14): all 25 here, however many are asked for
    expect((await t.db.rpc<Page>('notifications_list', { p_limit: 500 }, as('resident2'))).items).toHaveLength(25)
    for (const forged of ['not-a-cursor', Buffer.from('["x"]').toString('base64url'), Buffer.from('[1,2]').toString('base64url')]) {
      const e = await failure(t.db.rpc('notifications_list', { p_cursor: forged }, as('resident2')))
      expect(e).toMatchObject({ code: 'list.cursor_invalid', field: 'cursor' })
    }
    expect((await t.db.rpc<Page>('notifications_list', {}, as('resident3'))).items.map((i) => i.payload.n)).toEqual([99])
  })

  it('marks read only my own items, by id or all at once, and returns what is left unread', async () => {
    const [{ id: theirs }] = await t.sql<{ id: string }>(`select id::text from public.notifications where profile_id = $1`, [IDS.resident3])
    const mine = (await t.db.rpc<Page>('notifications_list', {}, as('resident2'))).items
    const before = mine.length && (await t.db.rpc<Page>('notifications_list', {}, as('resident2'))).unread
    const r = await t.db.rpc<{ unread: number }>('notifications_read', { p_ids: [mine[0].id, mine[1].id, Number(theirs)] }, as('resident2'))
    expect(r.unread).toBe(before - 2)
    const [{ read_at }] = await t.sql<{ read_at: Date | null }>('select read_at from public.notifications where id = $1', [theirs])
    expect(read_at).toBeNull()
    const after = await t.db.rpc<Page>('notifications_list', {}, as('resident2'))
    expect(after.items[0].readAt).toMatch(/Z$/)
    expect(after.items[2].readAt).toBeNull()
    // marking again changes nothing
    expect((await t.db.rpc<{ unread: number }>('notifications_read', { p_ids: [mine[0].id] }, as('resident2'))).unread).toBe(before - 2)
    expect((await failure(t.db.rpc('notifications_read', {}, as('resident2'))))).toMatchObject({ code: 'request.invalid', field: 'ids' })
    expect((await failure(t.db.rpc('notifications_read', { p_ids: [] }, as('resident2'))))).toMatchObject({ code: 'request.invalid', field: 'ids' })
    expect((await failure(t.db.rpc('notifications_read', { p_ids: ['1; drop'] }, as('resident2'))))).toMatchObject({ field: 'ids' })
    expect((await failure(t.db.rpc('notifications_read', { p_ids: [mine[0].id], p_all: true }, as('resident2'))))).toMatchObject({ field: 'all' })
    expect((await t.db.rpc<{ unread: number }>('notifications_read', { p_all: true }, as('resident2'))).unread).toBe(0)
    expect((await t.db.rpc<Page>('notifications_list', {}, as('resident3'))).unread).toBe(1)
    // the sender's columns are untouched by reading
    const statuses = await t.sql<{ status: string }>(`select distinct status from public.notifications where profile_id = $1`, [IDS.resident2])
    expect(statuses).toEqual([{ status: 'pending' }])
  })

  it('need status: the owner gets the handler note and the deadline set at triage', async () => {
    const n = await t.db.rpc<{ id: string }>('need_create', { p_title: '楼道灯坏了', p_description: '三单元二楼楼道灯不亮，晚上很黑。', p_category: 'sanitation' }, as('resident1'))
    await t.db.rpc('need_triage', { p_id: n.id, p_track: 'private', p_severity: 'major', p_note: '已安排电工明天上门' }, as('staff1'))
    expect(await recipients('need.status', 'needId', n.id)).toEqual([IDS.resident1])
    const p = await payloadOf('need.status', 'needId', n.id, IDS.resident1)
    expect(p).toMatchObject({ to: 'triaged', note: '已安排电工明天上门', dueGoal: 'resolve' })
    expect(Date.parse(p!.dueAt as string)).toBeGreaterThan(Date.now())
  })

  it('registration reviewed and shift confirmed or rejected: to the volunteer only, with the reason', async () => {
    const reg = await t.db.rpc<Registration>('volunteer_register', { p_kind: 'talent', p_skills: ['家电维修'] }, as('resident1'))
    await t.db.rpc('volunteer_review', { p_id: reg.id, p_approve: false, p_reason: '请补充技能证明' }, as('staff1'))
    expect(await recipients('volunteer.review', 'registrationId', reg.id)).toEqual([IDS.resident1])

    const p = await t.db.rpc<Post>('post_create', {
      p_title: '周末助老服务', p_category: 'elderly_disabled_aid', p_description: '陪老人聊天、代购', p_place: '和平社区活动中心',
      p_lat: SITE.lat, p_lng: SITE.lng, p_radius_m: 200, p_bean_rate_per_hour: 10, p_slots: [{ startsAt: iso(-10), endsAt: iso(50), capacity: 3 }],
    }, as('staff1'))
    const shifts: Record<'talent1' | 'party1', Shift> = {} as never
    for (const h of ['talent1', 'party1'] as const) {
      const s = await t.db.rpc<Shift>('shift_claim', { p_post_id: p.id, p_slot_id: p.slots[0].id }, as(h))
      await t.db.rpc('shift_check_in', { p_id: s.id, p_lat: SITE.lat, p_lng: SITE.lng }, as(h))
      await t.sql(`update public.shifts set check_in_at = now() - interval '30 minutes' where id = $1`, [s.id])
      shifts[h] = await t.db.rpc<Shift>('shift_check_out', { p_id: s.id, p_lat: SITE.lat, p_lng: SITE.lng, p_notes: '陪老人聊天' }, as(h))
    }
    await t.db.rpc('shift_confirm', { p_id: shifts.talent1.id, p_approve: true }, as('staff1'))
    await t.db.rpc('shift_confirm', { p_id: shifts.party1.id, p_approve: false, p_reason: '签到照片看不清' }, as('staff1'))
    expect(await recipients('shift.confirmed', 'shiftId', shifts.talent1.id)).toEqual([IDS.talent1])
    expect(await recipients('shift.rejected', 'shiftId', shifts.talent1.id)).toEqual([])
    expect(await payloadOf('shift.confirmed', 'shiftId', shifts.talent1.id, IDS.talent1)).toMatchObject({ approved: true, postId: p.id, title: '周末助老服务', beans: 5 })
    expect(await recipients('shift.rejected', 'shiftId', shifts.party1.id)).toEqual([IDS.party1])
    expect(await payloadOf('shift.rejected', 'shiftId', shifts.party1.id, IDS.party1)).toMatchObject({ approved: false, reason: '签到照片看不清' })
  })

  it('whistle blown: approved volunteers of the community, not residents nor other communities', async () => {
    const w = await t.db.rpc<{ id: string }>('whistle_create', { p_title: '防汛巡查', p_category: 'security_patrol', p_place: '和平河堤', p_starts_at: iso(30), p_headcount: 2 }, as('staff1'))
    const got = await recipients('whistle.call', 'whistleId', w.id)
    expect(got).toContain(IDS.party1)
    expect(got).toContain(IDS.talent1)
    for (const other of [IDS.resident2, IDS.resident3, IDS.staff2]) expect(got).not.toContain(other)
  })

  it('invitation accepted: the inviter is told who accepted; nobody else', async () => {
    const inv = await t.db.rpc<Invitation>('invitation_create', { p_community_id: IDS.communityA, p_role: 'grid_worker', p_grid_id: IDS.gridA1 }, as('staff1'))
    const fresh = await t.db.rpc<Profile>('auth_upsert_wechat', { p_openid: `db-inbox-${kind}` }, SERVICE_CLAIMS)
    await t.sql(`update public.profiles set display_name = '新网格员' where id = $1`, [fresh.id])
    await t.db.rpc('invitation_accept', { p_code: inv.code }, person(fresh.id))
    expect(await recipients('invitation.accepted', 'invitationId', inv.id)).toEqual([IDS.staff1])
    expect(await payloadOf('invitation.accepted', 'invitationId', inv.id, IDS.staff1)).toMatchObject({
      role: 'grid_worker', name: '新网格员', communityId: IDS.communityA,
    })
  })

  it('redemption verified: the holder, not the provider', async () => {
    await t.db.rpc('beans_award', { p_profile_id: IDS.resident2, p_amount: 50, p_reason: '环境整治表现突出', p_key: `inbox-${kind}` }, as('staff1'))
    const r = await t.db.rpc<{ id: string }>('reward_create', { p_title: '免费理发', p_price_beans: 30, p_stock: 5 }, as('unit1'))
    const x = await t.db.rpc<{ id: string; code: string }>('reward_redeem', { p_reward_id: r.id, p_key: `inbox-redeem-${kind}` }, as('resident2'))
    await t.db.rpc('redemption_verify', { p_code: x.code }, as('unit1'))
    expect(await recipients('redemption.verified', 'redemptionId', x.id)).toEqual([IDS.resident2])
    expect(await payloadOf('redemption.verified', 'redemptionId', x.id, IDS.resident2)).toMatchObject({ title: '免费理发', beans: 30 })
  })

  it('meeting scheduled → vote result → resolution progress: each to the residents it concerns', async () => {
    const topic = await t.db.rpc<Topic>('topic_create', { p_title: '小区停车位不够用', p_description: '晚上车位紧张' }, as('resident1'))
    await t.db.rpc('topic_cosign', { p_id: topic.id }, as('resident2'))
    await t.db.rpc('topic_cosign', { p_id: topic.id }, as('party1'))
    const m = await t.db.rpc<Meeting>('meeting_create', {
      p_title: '停车难议事会', p_form: 'five_party', p_starts_at: iso(60), p_place: '社区议事厅', p_capacity: 10, p_topic_ids: [topic.id],
    }, as('staff1'))
    expect(await recipients('meeting.scheduled', 'meetingId', m.id)).toEqual([IDS.resident1, IDS.resident2, IDS.party1].sort())
    expect(await payloadOf('meeting.scheduled', 'meetingId', m.id, IDS.resident2)).toMatchObject({ title: '停车难议事会', place: '社区议事厅', topicTitle: '小区停车位不够用' })
    // a meeting without topics tells nobody
    const bare = await t.db.rpc<Meeting>('meeting_create', { p_title: '例会', p_form: 'online', p_starts_at: iso(90), p_place: '线上会议室', p_capacity: 10 }, as('staff1'))
    expect(await recipients('meeting.scheduled', 'meetingId', bare.id)).toEqual([])

    const motion = await t.db.rpc<Motion>('motion_create', { p_meeting_id: m.id, p_title: '划定临时停车区', p_options: ['同意', '反对'], p_voters: 'residents', p_quorum: 1, p_threshold: 'majority' }, as('staff1'))
    await t.db.rpc('motion_vote', { p_id: motion.id, p_option_id: motion.options[0].id }, as('resident1'))
    await t.db.rpc('motion_vote', { p_id: motion.id, p_option_id: motion.options[0].id }, as('resident2'))
    const closed = await t.db.rpc<Motion>('motion_close', { p_id: motion.id }, as('staff1'))
    expect(closed.result).toBe('passed')
    expect(await recipients('motion.closed', 'motionId', motion.id)).toEqual([IDS.resident1, IDS.resident2].sort())
    expect(await payloadOf('motion.closed', 'motionId', motion.id, IDS.resident1)).toMatchObject({ result: 'passed', resolutionId: closed.resolutionId, meetingId: m.id })

    const rid = closed.resolutionId!
    const withAction = await t.db.rpc<Resolution>('resolution_action_add', { p_id: rid, p_title: '施划临时车位', p_owner_id: IDS.grid1, p_due_at: iso(60 * 24) }, as('staff1'))
    await t.db.rpc('resolution_supervise', { p_id: rid, p_note: '请月底前完成' }, as('staff1'))
    await t.db.rpc('action_progress_add', { p_id: withAction.actions[0].id, p_note: '已完成一半', p_percent: 50 }, as('grid1'))
    // the proposer of its topic and the supervisor; not the owner who wrote it, not a co-signer, not another resident
    expect(await recipients('resolution.progress', 'resolutionId', rid)).toEqual([IDS.resident1, IDS.staff1].sort())
    expect(await payloadOf('resolution.progress', 'resolutionId', rid, IDS.resident1)).toMatchObject({ actionTitle: '施划临时车位', percent: 50, note: '已完成一半', completed: false })
    await t.db.rpc('action_progress_add', { p_id: withAction.actions[0].id, p_note: '全部完成', p_percent: 100 }, as('grid1'))
    // the owner's 100% is a report; the item completes when staff accept it (issue 13)
    await t.db.rpc('action_accept', { p_id: withAction.actions[0].id }, as('staff1'))
    const last = await t.sql<{ payload: Record<string, unknown> }>(
      `select payload from public.notifications where kind = 'resolution.progress' and payload->>'resolutionId' = $1 and profile_id = $2 order by id desc limit 1`, [rid, IDS.resident1])
    expect(last[0].payload).toMatchObject({ percent: 100, completed: true })
  })
})

describe('the inbox under RLS (direct reads as PostgREST would run them)', () => {
  let db: Awaited<ReturnType<typeof postgresDatabase>>['gateway']
  let sql: postgres.Sql
  beforeAll(async () => {
    const d = await postgresDatabase('inbox_rls')
    db = d.gateway
    sql = postgres(d.url, { max: 2, onnotice: () => {} })
  })
  afterAll(async () => {
    await sql?.end()
    await db?.close()
  })

  const asPerson = <T>(sub: string, text: string, params: unknown[] = []) => readAsPerson<T>(sql, sub, text, params)

  it('another person selects none of my rows and cannot mark them read; I see mine', async () => {
    await sql`insert into public.notifications (profile_id, kind, payload) values (${IDS.resident1}, 'need.status', '{"title":"路灯"}')`
    const mineAsOther = await asPerson<{ id: string }>(IDS.resident2, 'select id from public.notifications where profile_id = $1', [IDS.resident1])
    expect(mineAsOther).toEqual([])
    expect(await asPerson(IDS.staff1, 'select id from public.notifications where profile_id = $1', [IDS.resident1])).toEqual([])
    const mine = await asPerson<{ profile_id: string }>(IDS.resident1, 'select profile_id from public.notifications')
    expect(mine.length).toBeGreaterThan(0)
    expect(mine.every((r) => r.profile_id === IDS.resident1)).toBe(true)
    // no direct writes, not even to one's own rows: reading goes through notifications_read
    await expect(asPerson(IDS.resident1, 'update public.notifications set read_at = now()')).rejects.toThrow(/permission denied/)
    // the list is security invoker: it sees exactly what the policy allows
    const page = await db.rpc<{ items: Array<{ id: number }>; unread: number }>('notifications_list', {}, as('resident2'))
    const [{ n }] = await sql`select count(*)::int as n from public.notifications where profile_id = ${IDS.resident2} and read_at is null`
    expect(page.unread).toBe(n)
  })

  it('the policy is still exactly the owner-only select', async () => {
    const rows = await sql`select policyname, cmd, qual from pg_policies where schemaname = 'public' and tablename = 'notifications' order by policyname`
    expect(rows.map((r) => [r.policyname, r.cmd])).toEqual([['notifications_select', 'SELECT']])
    expect(String(rows[0].qual)).toMatch(/profile_id = \( SELECT auth\.uid\(\)/)
  })
})
