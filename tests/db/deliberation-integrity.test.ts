import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DomainError } from '../../core/errors'
import type { Meeting, Motion, Resolution } from '../../core/contracts/deliberation'
import { ADAPTERS, IDS, as, failure, postgresDatabase, useTestDb } from '../helpers/db'
import type { Gateway } from '../../api/_lib/db/types'

// Issue 13, items 2a, 3 and 8: the meeting check-in code cannot be guessed (window + attempt limits), no vote is
// stored after its motion closed, abstention is a flag on the option, and an action item is done only when staff
// accept its owner's report.

// one base per file, so a start and an end computed in two calls are exactly the minutes apart they say
const BASE = Date.now()
const iso = (m: number) => new Date(BASE + m * 60_000).toISOString()
type MeetingDetail = Meeting & { checkInCode: string; endsAt: string }
type Refusal = { refused?: { code: string; hint?: string | null; field?: string | null } }

describe.each(ADAPTERS)('deliberation integrity on %s', (kind) => {
  const t = useTestDb(kind, 'deliberation_integrity')

  /** A meeting of community A starting in `startsIn` minutes, with the given people registered. */
  async function meeting(startsIn: number, people: readonly string[] = ['resident1', 'resident2'], endsIn?: number) {
    const m = await t.db.rpc<MeetingDetail>('meeting_create', {
      p_title: '签到测试议事会', p_form: 'street_side', p_starts_at: iso(startsIn), p_place: '3号楼下', p_capacity: 50,
      ...(endsIn === undefined ? {} : { p_ends_at: iso(endsIn) }),
    }, as('staff1'))
    for (const h of people) await t.db.rpc('meeting_register', { p_id: m.id }, { role: 'authenticated', sub: IDS[h as keyof typeof IDS] ?? h })
    return m
  }
  const wrong = (code: string) => (code === '000000' ? '111111' : '000000')
  const checkIn = (id: string, code: string, who: string) =>
    t.db.rpc<Meeting & Refusal>('meeting_check_in', { p_id: id, p_code: code }, { role: 'authenticated', sub: who })

  it('a meeting has an end (default two hours after the start) and an end before its start is refused', async () => {
    const m = await meeting(90, [])
    expect(Date.parse(m.endsAt) - Date.parse(m.startsAt)).toBe(2 * 3600_000)
    const long = await meeting(90, [], 90 + 180)
    expect(Date.parse(long.endsAt) - Date.parse(long.startsAt)).toBe(3 * 3600_000)
    const bad = await failure(t.db.rpc('meeting_create', { p_title: '倒着开的会', p_form: 'online', p_starts_at: iso(90), p_ends_at: iso(80), p_place: '线上', p_capacity: 5 }, as('staff1')))
    expect([bad.code, bad.field]).toEqual(['meeting.ends_invalid', 'endsAt'])
    // moving the start keeps the length of the meeting
    const moved = await t.db.rpc<MeetingDetail>('meeting_update', { p_id: long.id, p_starts_at: iso(24 * 60) }, as('staff1'))
    expect(Date.parse(moved.endsAt) - Date.parse(moved.startsAt)).toBe(3 * 3600_000)
  })

  it('the right code is refused before the window (30 minutes ahead of the start) and after the end', async () => {
    const early = await meeting(7 * 24 * 60)
    const e = await failure(checkIn(early.id, early.checkInCode, IDS.resident1))
    expect([e.code, e.status]).toEqual(['meeting.check_in_closed', 409])
    const [{ status }] = await t.sql<{ status: string }>('select status from public.meetings where id = $1', [early.id])
    expect(status).toBe('scheduled')
    // the meeting has ended: started three hours ago, two-hour default length
    const late = await meeting(60)
    await t.sql(`update public.meetings set starts_at = now() - interval '3 hours', ends_at = now() - interval '1 hour' where id = $1`, [late.id])
    expect((await failure(checkIn(late.id, late.checkInCode, IDS.resident1))).code).toBe('meeting.check_in_closed')
    // inside the window it works: 20 minutes before the start
    const soon = await meeting(20)
    expect((await checkIn(soon.id, soon.checkInCode, IDS.resident1)).checkedIn).toBe(true)
  })

  it('wrong codes are counted per person: the fifth within ten minutes locks that person out, even with the right code', async () => {
    const m = await meeting(10)
    for (let i = 1; i <= 4; i++) {
      const r = await checkIn(m.id, wrong(m.checkInCode), IDS.resident1)
      expect(r.refused, `try ${i}`).toMatchObject({ code: 'meeting.check_in_code_invalid', field: 'code', hint: String(5 - i) })
    }
    const fifth = await checkIn(m.id, wrong(m.checkInCode), IDS.resident1)
    expect(fifth.refused).toMatchObject({ code: 'attempt.too_many', hint: '600' })
    const locked = await failure(checkIn(m.id, m.checkInCode, IDS.resident1))
    expect([locked.code, locked.status]).toEqual(['attempt.too_many', 429])
    expect(locked.retryAfter).toBeGreaterThan(590)
    // someone else is not locked out by resident1's guesses
    expect((await checkIn(m.id, m.checkInCode, IDS.resident2)).checkedIn).toBe(true)
    const [{ n }] = await t.sql<{ n: number }>(`select count(*)::int as n from public.meeting_registrations where meeting_id = $1 and checked_in_at is not null`, [m.id])
    expect(n).toBe(1)
    // after the lock has passed, the right code works
    await t.sql(`update public.code_attempts set locked_until = now() - interval '1 second' where subject like $1`, [`%${m.id}%`])
    expect((await checkIn(m.id, m.checkInCode, IDS.resident1)).checkedIn).toBe(true)
  })

  it('wrong codes are counted per meeting: thirty from many people lock the meeting for five minutes', async () => {
    const people = await t.sql<{ id: string }>(`insert into public.profiles (display_name, community_id)
      select '猜码居民' || g, $1::uuid from generate_series(1, 9) g returning id`, [IDS.communityA])
    const m = await meeting(10, people.map((p) => p.id))
    let last: Refusal = {}
    // eight people, four wrong tries each (below the personal limit): the 30th wrong try locks the meeting
    for (let i = 0; i < 30; i++) last = await checkIn(m.id, wrong(m.checkInCode), people[Math.floor(i / 4)].id)
    expect(last.refused).toMatchObject({ code: 'attempt.too_many', hint: '300' })
    const ninth = await failure(checkIn(m.id, m.checkInCode, people[8].id))
    expect([ninth.code, ninth.status]).toEqual(['attempt.too_many', 429])
  })

  it('abstention is the option flagged abstain, not its label', async () => {
    const m = await meeting(10, [])
    const motion = await t.db.rpc<Motion>('motion_create', {
      p_meeting_id: m.id, p_title: '是否改造车棚',
      p_options: [{ label: '同意' }, { label: '反对' }, { label: '不表态', abstain: true }, { label: '弃权' }],
      p_voters: 'residents', p_quorum: 1, p_threshold: 'majority',
    }, as('staff1'))
    expect(motion.options.map((o) => [o.label, o.abstain])).toEqual([['同意', false], ['反对', false], ['不表态', true], ['弃权', false]])
    await t.db.rpc('motion_vote', { p_id: motion.id, p_option_id: motion.options[0].id }, as('resident1'))
    await t.db.rpc('motion_vote', { p_id: motion.id, p_option_id: motion.options[2].id }, as('resident2'))
    await t.db.rpc('motion_vote', { p_id: motion.id, p_option_id: motion.options[3].id }, as('party1'))
    const closed = await t.db.rpc<Motion>('motion_close', { p_id: motion.id }, as('staff1'))
    // counted: 同意 and the option labelled 弃权 that is not an abstention; 1 of 2 is not more than half
    expect(closed.tally).toMatchObject({ cast: 3, counted: 2, yes: 1 })
    expect(closed.tally!.options.map((o) => o.abstain)).toEqual([false, false, true, false])
    expect(closed.result).toBe('failed')
    // plain labels still work; the first option (the one that passes it) cannot be the abstention
    const plain = await t.db.rpc<Motion>('motion_create', { p_meeting_id: m.id, p_title: '是否加装路灯', p_options: ['同意', '反对'], p_voters: 'residents', p_quorum: 1, p_threshold: 'majority' }, as('staff1'))
    expect(plain.options.every((o) => o.abstain === false)).toBe(true)
    const bad = await failure(t.db.rpc('motion_create', { p_meeting_id: m.id, p_title: '是否加装路灯', p_options: [{ label: '弃权', abstain: true }, { label: '同意' }], p_voters: 'residents', p_quorum: 1, p_threshold: 'majority' }, as('staff1')))
    expect([bad.code, bad.field]).toEqual(['motion.options_invalid', 'options'])
  })

  async function resolutionWithAction(owner: keyof typeof IDS = 'grid1') {
    const m = await meeting(10, [])
    const motion = await t.db.rpc<Motion>('motion_create', { p_meeting_id: m.id, p_title: '修缮凉亭', p_options: ['同意', '反对'], p_voters: 'residents', p_quorum: 1, p_threshold: 'majority' }, as('staff1'))
    await t.db.rpc('motion_vote', { p_id: motion.id, p_option_id: motion.options[0].id }, as('resident1'))
    const rid = (await t.db.rpc<Motion>('motion_close', { p_id: motion.id }, as('staff1'))).resolutionId!
    const r = await t.db.rpc<Resolution>('resolution_action_add', { p_id: rid, p_title: '更换凉亭顶棚', p_owner_id: IDS[owner], p_due_at: iso(60 * 24 * 7) }, as('staff1'))
    return { rid, action: r.actions[0] }
  }

  it('an owner\'s 100% is a report, not completion; staff return it with a reason, then accept the next report', async () => {
    const { rid, action } = await resolutionWithAction()
    const reported = await t.db.rpc<Resolution>('action_progress_add', { p_id: action.id, p_note: '顶棚已换好', p_percent: 100 }, as('grid1'))
    expect(reported.status).toBe('in_progress')
    expect(reported.completedAt).toBeNull()
    expect(reported.actions[0]).toMatchObject({ status: 'reported', percent: 100, doneAt: null })
    const [row] = await t.sql<{ done_at: string | null; status: string }>('select done_at, status from public.resolution_actions where id = $1', [action.id])
    expect(row).toEqual({ done_at: null, status: 'reported' })

    // only staff of the community accept or return; the owner (a grid worker) cannot accept their own report
    for (const h of ['grid1', 'resident1', 'staff2'] as const) {
      expect((await failure(t.db.rpc('action_accept', { p_id: action.id }, as(h)))).code, h).toBe('auth.forbidden')
    }
    expect((await failure(t.db.rpc('action_return', { p_id: action.id, p_reason: '没' }, as('staff1')))).field).toBe('reason')
    const returned = await t.db.rpc<Resolution>('action_return', { p_id: action.id, p_reason: '顶棚有一角漏雨，请处理后再报' }, as('staff1'))
    expect(returned.actions[0]).toMatchObject({ status: 'in_progress', doneAt: null, returnReason: '顶棚有一角漏雨，请处理后再报' })
    // nothing to accept until the owner reports again
    expect((await failure(t.db.rpc('action_accept', { p_id: action.id }, as('staff1')))).code).toBe('action.not_reported')
    const [{ payload }] = await t.sql<{ payload: { note: string } }>(`select payload from public.notifications where profile_id = $1 and kind = 'resolution.progress' order by id desc limit 1`, [IDS.grid1])
    expect(payload.note).toContain('顶棚有一角漏雨')

    await t.db.rpc('action_progress_add', { p_id: action.id, p_note: '漏雨处已修补', p_percent: 100 }, as('grid1'))
    const accepted = await t.db.rpc<Resolution>('action_accept', { p_id: action.id }, as('staff1'))
    expect(accepted.status).toBe('completed')
    expect(accepted.actions[0].status).toBe('done')
    expect(accepted.actions[0].doneAt).not.toBeNull()
    // an accepted item takes no more reports
    expect((await failure(t.db.rpc('action_progress_add', { p_id: action.id, p_note: '再报一次', p_percent: 100 }, as('grid1')))).code).toBe('action.already_done')
    const [{ status }] = await t.sql<{ status: string }>('select status from public.resolutions where id = $1', [rid])
    expect(status).toBe('completed')
  })

  it('a resolution counts as completed (conversion) only when every action is accepted', async () => {
    const quarter = new Date(Date.UTC(new Date().getUTCFullYear(), Math.floor(new Date().getUTCMonth() / 3) * 3, 1)).toISOString().slice(0, 10)
    const metrics = () => t.db.rpc<{ conversion: { completed: number; passed: number } }>('deliberation_metrics', { p_street_id: IDS.street, p_quarter_start: quarter }, as('staff1'))
    const before = (await metrics()).conversion
    const { action } = await resolutionWithAction()
    await t.db.rpc('action_progress_add', { p_id: action.id, p_note: '完成', p_percent: 100 }, as('grid1'))
    expect((await metrics()).conversion).toEqual({ ...before, passed: before.passed + 1, completed: before.completed, rate: expect.any(Number), list: expect.any(Array) })
    await t.db.rpc('action_accept', { p_id: action.id }, as('staff1'))
    expect((await metrics()).conversion.completed).toBe(before.completed + 1)
  })
})

describe('votes and close on the real server', () => {
  let url: string
  let db: Gateway
  let sql: postgres.Sql
  beforeAll(async () => {
    ;({ url, gateway: db } = await postgresDatabase('deliberation_integrity_race'))
    sql = postgres(url, { max: 3, onnotice: () => {} })
  })
  afterAll(async () => {
    await sql?.end()
    await db?.close()
  })

  async function motionFor(voters: number) {
    const people = await sql<{ id: string }[]>`insert into public.profiles (display_name, community_id)
      select '表决居民' || g, ${IDS.communityA} from generate_series(1, ${voters}) g returning id`
    await sql`insert into public.profile_roles (profile_id, role, community_id)
      select id, 'resident', ${IDS.communityA} from public.profiles where id = any(${people.map((p) => p.id)})`
    const meeting = await db.rpc<{ id: string }>('meeting_create', { p_title: '收票测试', p_form: 'online', p_starts_at: iso(10), p_place: '线上', p_capacity: 10 }, as('staff1'))
    const motion = await db.rpc<Motion>('motion_create', {
      p_meeting_id: meeting.id, p_title: '是否同意', p_options: ['同意', '反对'], p_voters: 'residents', p_quorum: 1, p_threshold: 'majority',
    }, as('staff1'))
    return { people, motion }
  }

  it('a vote that read the motion open while staff were closing it is refused, not stored after the result', async () => {
    const { people, motion } = await motionFor(1)
    const closer = postgres(url, { max: 1, onnotice: () => {} })
    let vote: Promise<unknown> | undefined
    try {
      await closer.begin(async (tx) => {
        await tx.unsafe(`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', $1, true)`, [JSON.stringify(as('staff1'))])
        await tx.unsafe('select public.motion_close($1)', [motion.id])
        // the vote starts while the close is not yet committed; wait until it is stuck behind the close's lock
        vote = db.rpc('motion_vote', { p_id: motion.id, p_option_id: motion.options[0].id }, { role: 'authenticated', sub: people[0].id }).catch((e) => e)
        for (let i = 0; i < 200; i++) {
          const [{ n }] = await sql<{ n: number }[]>`select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and query like '%motion_vote%'`
          if (n > 0) break
          await new Promise((r) => setTimeout(r, 25))
        }
      })
    } finally {
      await closer.end()
    }
    const outcome = await vote
    const [{ n }] = await sql<{ n: number }[]>`select count(*)::int as n from public.votes where motion_id = ${motion.id}`
    expect(n).toBe(0)
    expect(outcome).toBeInstanceOf(DomainError)
    expect((outcome as DomainError).code).toBe('motion.closed')
  })

  it('100 voters vote while staff close: the result decided at close counts every stored vote; later votes get 409', async () => {
    for (let trial = 0; trial < 3; trial++) {
      const { people, motion } = await motionFor(100)
      let closing: Promise<Motion> | undefined
      const votes = people.map((p, i) => {
        const v = db.rpc('motion_vote', { p_id: motion.id, p_option_id: motion.options[i % 2].id }, { role: 'authenticated', sub: p.id })
        // staff close once a third of the ballots are under way
        if (i === 33) closing = db.rpc<Motion>('motion_close', { p_id: motion.id }, as('staff1'))
        return v
      })
      const out = await Promise.allSettled(votes)
      const closed = await closing!
      const accepted = out.filter((o) => o.status === 'fulfilled').length
      const refused = out.filter((o) => o.status === 'rejected') as PromiseRejectedResult[]
      const [{ stored }] = await sql<{ stored: number }[]>`select count(*)::int as stored from public.votes where motion_id = ${motion.id}`
      expect(stored, `trial ${trial}`).toBe(accepted)
      expect(closed.tally!.cast, `trial ${trial}: tally at close vs stored votes`).toBe(stored)
      expect(new Set(refused.map((r) => (r.reason as DomainError).code))).toEqual(refused.length ? new Set(['motion.closed']) : new Set())
      expect(refused.every((r) => (r.reason as DomainError).status === 409)).toBe(true)
      expect(accepted + refused.length).toBe(100)
    }
  })
})
