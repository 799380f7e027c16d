import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import postgres from 'postgres'
import { SERVICE_CLAIMS, type Gateway } from '../../api/_lib/db/types'
import { IDS, as, postgresDatabase } from '../helpers/db'

// Real server only: PGlite serialises transactions and would prove nothing here.
describe('concurrency on a real Postgres', () => {
  let db: Gateway
  let url = ''
  beforeAll(async () => {
    ;({ url, gateway: db } = await postgresDatabase('concurrency'))
  })
  afterAll(async () => {
    await db?.close()
  })

  it('60 simultaneous first logins with one openid create exactly one profile', async () => {
    const results = await Promise.all(
      Array.from({ length: 60 }, () => db.rpc<{ id: string }>('auth_upsert_wechat', { p_openid: 'same-openid' }, SERVICE_CLAIMS)),
    )
    expect(new Set(results.map((r) => r.id)).size).toBe(1)
    const sql = postgres(url, { max: 1 })
    const [{ n }] = await sql`select count(*)::int as n from public.profiles where wechat_openid = 'same-openid'`
    await sql.end()
    expect(n).toBe(1)
  })

  it('100 parallel need submissions by different people all land, each once', async () => {
    const who = ['resident1', 'resident2', 'party1', 'talent1'] as const
    const made = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        db.rpc<{ id: string }>('need_create', {
          p_title: `并发提交 ${i}`, p_description: '并发测试：很多人同时提交需求。', p_category: 'other',
        }, as(who[i % who.length])),
      ),
    )
    expect(new Set(made.map((m) => m.id)).size).toBe(100)
    // the staff queue pages 50 at a time: follow it to the end
    const titles: string[] = []
    let after: { createdAt: string; id: string } | undefined
    for (let guard = 0; guard < 20; guard++) {
      const page = await db.rpc<{ items: { id: string; title: string; createdAt: string }[]; hasMore: boolean }>('needs_list', {
        p_limit: 50, p_after_created_at: after?.createdAt, p_after_id: after?.id,
      }, as('staff1'))
      titles.push(...page.items.map((n) => n.title))
      if (!page.hasMore) break
      after = page.items.at(-1)
    }
    expect(titles.filter((n) => n.startsWith('并发提交')).length).toBe(100)
  })

  it('parallel SLA sweeps escalate each overdue need exactly once (skip locked)', async () => {
    const sql = postgres(url, { max: 2 })
    const ids: string[] = []
    for (let i = 0; i < 30; i++) {
      const n = await db.rpc<{ id: string }>('need_create', { p_title: `超期测试 ${i}`, p_description: '并发定时任务测试用的需求。', p_category: 'other' }, as('resident1'))
      await db.rpc('need_triage', { p_id: n.id, p_track: 'private', p_severity: 'general' }, as('staff1'))
      ids.push(n.id)
    }
    await sql`update public.needs set due_at = now() - interval '3 hours' where id = any(${ids})`
    const results = await Promise.all(Array.from({ length: 8 }, () => db.rpc<{ escalated: number }>('needs_sla_sweep', {}, SERVICE_CLAIMS)))
    expect(results.reduce((a, r) => a + r.escalated, 0)).toBe(30)
    const [{ n }] = await sql`select count(*)::int as n from public.need_events where to_status = 'escalated' and need_id = any(${ids})`
    expect(n).toBe(30)
    await sql.end()
  })

  it('parallel outbox drains claim each notification once', async () => {
    const sql = postgres(url, { max: 2 })
    await sql`update public.notifications set status = 'skipped'`
    await sql`insert into public.notifications (profile_id, kind, payload) select ${IDS.resident1}, 'need.status', '{}'::jsonb from generate_series(1, 200)`
    const batches = await Promise.all(Array.from({ length: 10 }, () => db.rpc<{ id: number }[]>('notifications_claim', { p_limit: 50 }, SERVICE_CLAIMS)))
    const claimed = batches.flat().map((b) => b.id)
    expect(claimed).toHaveLength(200)
    expect(new Set(claimed).size).toBe(200)
    await sql.end()
  })

  it('50 residents following at once leave the counter equal to the rows', async () => {
    const sql = postgres(url, { max: 2 })
    const people = await sql<{ id: string }[]>`insert into public.profiles (display_name, community_id)
      select '关注者' || g, ${IDS.communityA} from generate_series(1, 50) g returning id`
    const need = await db.rpc<{ id: string }>('need_create', { p_title: '关注并发测试', p_description: '很多居民同时点关注的测试。', p_category: 'other' }, as('resident1'))
    await Promise.all(people.map((p) => db.rpc('need_follow', { p_id: need.id }, { role: 'authenticated', sub: p.id })))
    const [{ c, f }] = await sql`select (select count(*)::int from public.need_followers where need_id = ${need.id}) as c,
      (select follower_count from public.needs where id = ${need.id}) as f`
    expect(c).toBe(50)
    expect(f).toBe(50)
    await sql.end()
  })

  it('two units claiming the last place on a need: exactly one wins; 20 claims on a resource of capacity 2: exactly 2', async () => {
    const sql = postgres(url, { max: 2 })
    const units = await sql<{ id: string }[]>`insert into public.profiles (display_name, community_id)
      select '单位' || g, ${IDS.communityA} from generate_series(1, 2) g returning id`
    await sql`insert into public.profile_roles (profile_id, role, community_id) select id, 'unit', ${IDS.communityA} from public.profiles where id = any(${units.map((u) => u.id)})`
    const mkResource = (who: string, capacity: number) => db.rpc<{ id: string }>('resource_create', {
      p_title: '维修服务', p_description: '', p_kind: 'social', p_partner_type: 'property', p_categories: ['facility_repair'],
      p_capacity: capacity, p_period: 'month', p_community_ids: [], p_grid_ids: [], p_availability: [],
      p_contact_name: '联系人', p_contact_phone: '13900000000',
    }, { role: 'authenticated', sub: who })
    const [ra, rb] = await Promise.all(units.map((u) => mkResource(u.id, 5)))
    const need = await db.rpc<{ id: string }>('need_create', { p_title: '需要维修水管', p_description: '厨房水管漏水，需要师傅上门。', p_category: 'facility_repair' }, as('resident1'))
    await db.rpc('need_triage', { p_id: need.id, p_track: 'private', p_severity: 'general' }, as('staff1'))
    const outcomes = await Promise.allSettled([
      db.rpc('service_claim', { p_need_id: need.id, p_resource_id: ra.id }, { role: 'authenticated', sub: units[0].id }),
      db.rpc('service_claim', { p_need_id: need.id, p_resource_id: rb.id }, { role: 'authenticated', sub: units[1].id }),
    ])
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1)
    const loser = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult
    expect(loser.reason.code).toBe('service.need_full')

    const small = await mkResource(units[0].id, 2)
    const needs = []
    for (let i = 0; i < 20; i++) {
      const n = await db.rpc<{ id: string }>('need_create', { p_title: `维修需求 ${i}`, p_description: '需要师傅上门维修的需求。', p_category: 'facility_repair' }, as('resident2'))
      await db.rpc('need_triage', { p_id: n.id, p_track: 'private', p_severity: 'general' }, as('staff1'))
      needs.push(n.id)
    }
    const claims = await Promise.allSettled(needs.map((id) => db.rpc('service_claim', { p_need_id: id, p_resource_id: small.id }, as('staff1'))))
    expect(claims.filter((o) => o.status === 'fulfilled')).toHaveLength(2)
    const [{ n }] = await sql`select count(*)::int as n from public.service_projects where resource_id = ${small.id} and status <> 'cancelled'`
    expect(n).toBe(2)
    await sql.end()
  })

  it('50 parallel claims for a slot with capacity 5: exactly 5 succeed, the counter matches', async () => {
    const sql = postgres(url, { max: 2 })
    const people = await sql<{ id: string }[]>`insert into public.profiles (display_name, community_id)
      select '志愿者' || g, ${IDS.communityA} from generate_series(1, 50) g returning id`
    await sql`insert into public.profile_roles (profile_id, role, community_id)
      select id, 'party_member', ${IDS.communityA} from public.profiles where id = any(${people.map((p) => p.id)})`
    const post = await db.rpc<{ id: string; slots: { id: string }[] }>('post_create', {
      p_title: '治安巡逻', p_category: 'security_patrol', p_description: '', p_place: '小区南门', p_lat: 32.04, p_lng: 118.78,
      p_radius_m: 300, p_bean_rate_per_hour: 10,
      p_slots: [{ startsAt: new Date(Date.now() + 3600_000).toISOString(), endsAt: new Date(Date.now() + 7200_000).toISOString(), capacity: 5 }],
    }, as('staff1'))
    const outcomes = await Promise.allSettled(people.map((p) =>
      db.rpc('shift_claim', { p_post_id: post.id, p_slot_id: post.slots[0].id }, { role: 'authenticated', sub: p.id })))
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(5)
    const refused = outcomes.filter((o) => o.status === 'rejected') as PromiseRejectedResult[]
    expect(new Set(refused.map((r) => r.reason.code))).toEqual(new Set(['shift.slot_full']))
    const [{ claimed, live }] = await sql`select s.claimed, (select count(*)::int from public.shifts x where x.slot_id = s.id and x.status <> 'cancelled') as live
      from public.post_slots s where s.id = ${post.slots[0].id}`
    expect(claimed).toBe(5)
    expect(live).toBe(5)
    await sql.end()
  })

  it('100 parallel votes by 60 residents (40 of them twice): exactly 60 counted', async () => {
    const sql = postgres(url, { max: 2 })
    const voters = await sql<{ id: string }[]>`insert into public.profiles (display_name, community_id)
      select '投票居民' || g, ${IDS.communityA} from generate_series(1, 60) g returning id`
    await sql`insert into public.profile_roles (profile_id, role, community_id)
      select id, 'resident', ${IDS.communityA} from public.profiles where id = any(${voters.map((v) => v.id)})`
    const meeting = await db.rpc<{ id: string }>('meeting_create', { p_title: '并发表决', p_form: 'online', p_starts_at: new Date(Date.now() + 3600_000).toISOString(), p_place: '线上', p_capacity: 100 }, as('staff1'))
    const motion = await db.rpc<{ id: string; options: { id: string }[] }>('motion_create', {
      p_meeting_id: meeting.id, p_title: '是否同意', p_options: ['同意', '反对', '弃权'], p_voters: 'residents', p_quorum: 30, p_threshold: 'majority',
    }, as('staff1'))
    const ballots = [...voters, ...voters.slice(0, 40)].map((v, i) => ({ who: v.id, option: motion.options[i % 3].id }))
    const out = await Promise.allSettled(ballots.map((b) => db.rpc('motion_vote', { p_id: motion.id, p_option_id: b.option }, { role: 'authenticated', sub: b.who })))
    expect(out.filter((o) => o.status === 'fulfilled')).toHaveLength(60)
    expect(new Set((out.filter((o) => o.status === 'rejected') as PromiseRejectedResult[]).map((o) => o.reason.code))).toEqual(new Set(['motion.already_voted']))
    const closed = await db.rpc<{ tally: { cast: number } }>('motion_close', { p_id: motion.id }, as('staff1'))
    expect(closed.tally.cast).toBe(60)
    await sql.end()
  })

  it('a meeting with capacity 5 and 30 parallel registrations: 5 seats, 25 in line, in order', async () => {
    const sql = postgres(url, { max: 2 })
    const people = await sql<{ id: string }[]>`insert into public.profiles (display_name, community_id)
      select '报名居民' || g, ${IDS.communityA} from generate_series(1, 30) g returning id`
    const meeting = await db.rpc<{ id: string }>('meeting_create', { p_title: '并发报名', p_form: 'street_side', p_starts_at: new Date(Date.now() + 3600_000).toISOString(), p_place: '3号楼下', p_capacity: 5 }, as('staff1'))
    await Promise.all(people.map((p) => db.rpc('meeting_register', { p_id: meeting.id }, { role: 'authenticated', sub: p.id })))
    const [{ registered, seats, line }] = await sql`select m.registered,
      (select count(*)::int from public.meeting_registrations r where r.meeting_id = m.id and r.status = 'registered') as seats,
      (select count(*)::int from public.meeting_registrations r where r.meeting_id = m.id and r.status = 'waitlisted') as line
      from public.meetings m where m.id = ${meeting.id}`
    expect({ registered, seats, line }).toEqual({ registered: 5, seats: 5, line: 25 })
    await sql.end()
  })
})
