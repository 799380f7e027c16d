import { describe, expect, it } from 'vitest'
import { haversineM } from '../../core/volunteers/rules'
import type { Post, Registration, Shift, Whistle } from '../../core/contracts/volunteers'
import { ADAPTERS, IDS, as, failure, useTestDb } from '../helpers/db'

const SITE = { lat: 32.0416, lng: 118.7784 }
const iso = (minutesFromNow: number) => new Date(Date.now() + minutesFromNow * 60_000).toISOString()

describe.each(ADAPTERS)('volunteers on %s', (kind) => {
  const t = useTestDb(kind, 'volunteers')

  const post = (slots = [{ startsAt: iso(-10), endsAt: iso(50), capacity: 3 }], who: Parameters<typeof as>[0] = 'staff1') =>
    t.db.rpc<Post>('post_create', {
      p_title: '周末助老服务', p_category: 'elderly_disabled_aid', p_description: '陪老人聊天、代购', p_place: '和平社区活动中心',
      p_lat: SITE.lat, p_lng: SITE.lng, p_radius_m: 200, p_bean_rate_per_hour: 10, p_slots: slots,
    }, as(who))

  it('双报到: a party member registers, staff approve, and only then may they claim', async () => {
    // resident2 has no volunteer role yet
    const p = await post()
    expect((await failure(t.db.rpc('shift_claim', { p_post_id: p.id, p_slot_id: p.slots[0].id }, as('resident2')))).code).toBe('shift.not_volunteer')
    const reg = await t.db.rpc<Registration>('volunteer_register', { p_kind: 'party_member', p_work_unit: '区税务局', p_party_org: '区税务局机关党委', p_skills: ['政策宣讲'] }, as('resident2'))
    expect(reg).toMatchObject({ status: 'pending', kind: 'party_member', source: 'self', workUnit: '区税务局' })
    expect((await failure(t.db.rpc('volunteer_register', { p_kind: 'party_member', p_work_unit: '区税务局' }, as('resident2')))).code).toBe('volunteer.already_registered')
    expect((await failure(t.db.rpc('shift_claim', { p_post_id: p.id, p_slot_id: p.slots[0].id }, as('resident2')))).code).toBe('shift.not_volunteer')
    expect((await failure(t.db.rpc('volunteer_review', { p_id: reg.id, p_approve: true }, as('staff2')))).code).toBe('volunteer.not_found')
    expect((await failure(t.db.rpc('volunteer_review', { p_id: reg.id, p_approve: true }, as('resident1')))).code).toBe('volunteer.not_found')
    expect((await failure(t.db.rpc('volunteer_review', { p_id: reg.id, p_approve: false }, as('staff1')))).field).toBe('reason')
    expect(await t.db.rpc<Registration>('volunteer_review', { p_id: reg.id, p_approve: true }, as('staff1'))).toMatchObject({ status: 'approved' })
    expect((await failure(t.db.rpc('volunteer_review', { p_id: reg.id, p_approve: true }, as('staff1')))).code).toBe('volunteer.already_reviewed')
    const shift = await t.db.rpc<Shift>('shift_claim', { p_post_id: p.id, p_slot_id: p.slots[0].id }, as('resident2'))
    expect(shift.status).toBe('claimed')
  })

  it('talent pool: a resident recommends a neighbour, staff discovery, skill search for staff only', async () => {
    const rec = await t.db.rpc<Registration>('volunteer_recommend', { p_profile_id: IDS.resident1, p_reason: '张阿姨会做手工，热心', p_skills: ['手工', '剪纸'] }, as('resident2'))
    expect(rec).toMatchObject({ kind: 'talent', source: 'recommended', recommendedByName: '李大爷', status: 'pending' })
    expect((await failure(t.db.rpc('volunteer_recommend', { p_profile_id: IDS.resident3, p_reason: '很会修电器', p_skills: ['家电'] }, as('resident2')))).field).toBe('profileId')
    expect((await failure(t.db.rpc('volunteer_recommend', { p_profile_id: IDS.resident2, p_reason: '我自己', p_skills: ['家电'] }, as('resident2')))).code).toBe('volunteer.recommend_self')
    const found = await t.db.rpc<Registration>('volunteer_recommend', { p_profile_id: IDS.grid1, p_reason: '巡查中发现会急救', p_skills: ['急救'] }, as('staff1'))
    expect(found.source).toBe('discovered')
    const search = await t.db.rpc<{ items: Registration[] }>('volunteers_list', { p_skill: '剪' }, as('staff1'))
    expect(search.items.map((r) => r.id)).toEqual([rec.id])
    expect((await failure(t.db.rpc('volunteers_list', {}, as('resident1')))).code).toBe('auth.forbidden')
  })

  it('geofence and window are checked server-side; positions and distance are recorded', async () => {
    const p = await post()
    const s = await t.db.rpc<Shift>('shift_claim', { p_post_id: p.id, p_slot_id: p.slots[0].id }, as('party1'))
    const far = { lat: SITE.lat + 0.01, lng: SITE.lng } // ~1.1 km north
    const e = await failure(t.db.rpc('shift_check_in', { p_id: s.id, p_lat: far.lat, p_lng: far.lng }, as('party1')))
    expect(e.code).toBe('shift.out_of_range')
    expect(e.userMessage).toMatch(/距岗位约 11\d\d 米/)
    expect((await failure(t.db.rpc('shift_check_in', { p_id: s.id, p_lat: SITE.lat, p_lng: SITE.lng }, as('talent1')))).code).toBe('shift.not_found')
    const near = { lat: SITE.lat + 0.001, lng: SITE.lng }
    const inn = await t.db.rpc<Shift>('shift_check_in', { p_id: s.id, p_lat: near.lat, p_lng: near.lng }, as('party1'))
    expect(inn.status).toBe('checked_in')
    expect(inn.checkInDistanceM).toBeCloseTo(haversineM(SITE, near), 0)
    // a future slot is outside the window
    const later = await post([{ startsAt: iso(180), endsAt: iso(240), capacity: 2 }])
    const s2 = await t.db.rpc<Shift>('shift_claim', { p_post_id: later.id, p_slot_id: later.slots[0].id }, as('party1'))
    expect((await failure(t.db.rpc('shift_check_in', { p_id: s2.id, p_lat: SITE.lat, p_lng: SITE.lng }, as('party1')))).code).toBe('shift.outside_window')
  })

  it('check-out with the service record, then staff confirm: verified hours and pending beans; never one’s own', async () => {
    const p = await post()
    const s = await t.db.rpc<Shift>('shift_claim', { p_post_id: p.id, p_slot_id: p.slots[0].id }, as('talent1'))
    await t.db.rpc('shift_check_in', { p_id: s.id, p_lat: SITE.lat, p_lng: SITE.lng }, as('talent1'))
    await t.sql(`update public.shifts set check_in_at = now() - interval '45 minutes' where id = $1`, [s.id])
    expect((await failure(t.db.rpc('shift_check_out', { p_id: s.id, p_lat: SITE.lat, p_lng: SITE.lng, p_photos: ['shifts/someone-else/x.jpg'] }, as('talent1')))).field).toBe('photos')
    const out = await t.db.rpc<Shift>('shift_check_out', { p_id: s.id, p_lat: SITE.lat, p_lng: SITE.lng, p_notes: '陪王奶奶聊天，帮忙买菜' }, as('talent1'))
    expect(out).toMatchObject({ status: 'checked_out', notes: '陪王奶奶聊天，帮忙买菜' })
    expect((await failure(t.db.rpc('shift_confirm', { p_id: s.id, p_approve: true }, as('talent1')))).code).toBe('shift.not_found')
    expect((await failure(t.db.rpc('shift_confirm', { p_id: s.id, p_approve: true }, as('staff2')))).code).toBe('shift.not_found')
    const toConfirm = await t.db.rpc<{ items: Shift[] }>('shifts_list', { p_scope: 'to_confirm' }, as('staff1'))
    expect(toConfirm.items.map((x) => x.id)).toContain(s.id)
    const ok = await t.db.rpc<Shift>('shift_confirm', { p_id: s.id, p_approve: true }, as('staff1'))
    expect(ok.status).toBe('confirmed')
    expect(ok.verifiedMinutes).toBeGreaterThanOrEqual(44)
    expect(ok.verifiedMinutes).toBeLessThanOrEqual(46)
    expect(ok.beansPending).toBe(Math.round((ok.verifiedMinutes! / 60) * 10))
    const me = await t.db.rpc<{ hoursThisYear: number; targetHours: number }>('volunteer_me', {}, as('talent1'))
    expect(Number(me.hoursThisYear)).toBeCloseTo(0.8, 0)
    expect(Number(me.targetHours)).toBe(12)
  })

  it('a staff member who is also a volunteer cannot confirm their own shift', async () => {
    await t.sql(`insert into public.profile_roles (profile_id, role, community_id) values ($1, 'party_member', $2) on conflict do nothing`, [IDS.staff1, IDS.communityA])
    const p = await post()
    const s = await t.db.rpc<Shift>('shift_claim', { p_post_id: p.id, p_slot_id: p.slots[0].id }, as('staff1'))
    await t.db.rpc('shift_check_in', { p_id: s.id, p_lat: SITE.lat, p_lng: SITE.lng }, as('staff1'))
    await t.db.rpc('shift_check_out', { p_id: s.id, p_lat: SITE.lat, p_lng: SITE.lng }, as('staff1'))
    expect((await failure(t.db.rpc('shift_confirm', { p_id: s.id, p_approve: true }, as('staff1')))).code).toBe('shift.confirm_own')
  })

  it('cancelling less than 2 hours before the start is late; a slot never takes more than its capacity', async () => {
    const soon = await post([{ startsAt: iso(60), endsAt: iso(120), capacity: 1 }])
    const s = await t.db.rpc<Shift>('shift_claim', { p_post_id: soon.id, p_slot_id: soon.slots[0].id }, as('party1'))
    expect((await failure(t.db.rpc('shift_claim', { p_post_id: soon.id, p_slot_id: soon.slots[0].id }, as('talent1')))).code).toBe('shift.slot_full')
    expect((await failure(t.db.rpc('shift_claim', { p_post_id: soon.id, p_slot_id: soon.slots[0].id }, as('party1')))).code).toBe('shift.already_claimed')
    const c = await t.db.rpc<Shift>('shift_cancel', { p_id: s.id }, as('party1'))
    expect(c).toMatchObject({ status: 'cancelled', lateCancel: true })
    expect((await t.db.rpc<Shift>('shift_claim', { p_post_id: soon.id, p_slot_id: soon.slots[0].id }, as('talent1'))).status).toBe('claimed')
    const far = await post([{ startsAt: iso(600), endsAt: iso(660), capacity: 1 }])
    const f = await t.db.rpc<Shift>('shift_claim', { p_post_id: far.id, p_slot_id: far.slots[0].id }, as('party1'))
    expect((await t.db.rpc<Shift>('shift_cancel', { p_id: f.id }, as('party1'))).lateCancel).toBe(false)
  })

  it('the sweep marks a claimed shift of an ended slot as a no-show, once', async () => {
    const p = await post([{ startsAt: iso(-10), endsAt: iso(20), capacity: 2 }])
    const s = await t.db.rpc<Shift>('shift_claim', { p_post_id: p.id, p_slot_id: p.slots[0].id }, as('party1'))
    await t.sql(`update public.post_slots set starts_at = now() - interval '3 hours', ends_at = now() - interval '2 hours' where id = $1`, [p.slots[0].id])
    const first = await t.db.rpc<{ noShows: number }>('shifts_sweep', {}, { role: 'service_role' })
    expect(first.noShows).toBeGreaterThanOrEqual(1)
    expect((await t.db.rpc<{ noShows: number }>('shifts_sweep', {}, { role: 'service_role' })).noShows).toBe(0)
    const [{ status }] = await t.sql<{ status: string }>('select status from public.shifts where id = $1', [s.id])
    expect(status).toBe('no_show')
  })

  it('the whistle calls approved volunteers through the outbox and closes at the headcount', async () => {
    expect((await failure(t.db.rpc('whistle_create', { p_title: '防汛巡查', p_place: '河堤', p_starts_at: iso(30), p_headcount: 2 }, as('resident1')))).code).toBe('auth.forbidden')
    const w = await t.db.rpc<Whistle>('whistle_create', { p_title: '防汛巡查', p_category: 'security_patrol', p_place: '和平河堤', p_starts_at: iso(30), p_headcount: 2 }, as('staff1'))
    const called = await t.sql<{ profile_id: string }>(`select profile_id from public.notifications where kind = 'whistle.call' and payload->>'whistleId' = $1`, [w.id])
    expect(called.map((c) => c.profile_id)).toEqual(expect.arrayContaining([IDS.party1, IDS.talent1]))
    expect((await failure(t.db.rpc('whistle_respond', { p_id: w.id }, as('resident1')))).code).toBe('shift.not_volunteer')
    expect((await t.db.rpc<Whistle>('whistle_respond', { p_id: w.id }, as('party1'))).responded).toBe(1)
    expect((await t.db.rpc<Whistle>('whistle_respond', { p_id: w.id }, as('party1'))).responded).toBe(1)
    const full = await t.db.rpc<Whistle>('whistle_respond', { p_id: w.id }, as('talent1'))
    expect(full).toMatchObject({ responded: 2, status: 'closed', answered: true })
    expect((await failure(t.db.rpc('whistle_respond', { p_id: w.id }, as('resident2')))).code).toBe('whistle.closed')
    const list = await t.db.rpc<{ items: Whistle[] }>('whistles_list', {}, as('resident1'))
    expect(list.items.map((x) => x.id)).toContain(w.id)
  })

  it('report per work unit and the 127 picture are for staff only', async () => {
    const rows = await t.db.rpc<{ workUnit: string; member: string }[]>('volunteer_report', { p_community_id: IDS.communityA, p_year: new Date().getFullYear() }, as('staff1'))
    expect(rows.map((r) => r.workUnit)).toContain('区税务局')
    expect((await failure(t.db.rpc('volunteer_report', { p_community_id: IDS.communityA, p_year: 2026 }, as('staff2')))).code).toBe('auth.forbidden')
    const bands = await t.db.rpc<{ residents: number; bands: Record<string, { count: number; share: number }> }>('participation_bands', { p_community_id: IDS.communityA }, as('staff1'))
    const total = bands.bands.core.count + bands.bands.active.count + bands.bands.general.count
    expect(total).toBe(bands.residents)
    expect(bands.bands.active.count + bands.bands.core.count).toBeGreaterThanOrEqual(1)
    expect((await failure(t.db.rpc('participation_bands', { p_community_id: IDS.communityA }, as('resident1')))).code).toBe('auth.forbidden')
  })
})
