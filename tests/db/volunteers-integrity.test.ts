import { describe, expect, it } from 'vitest'
import { DomainError } from '../../core/errors'
import type { Post, Shift, Whistle } from '../../core/contracts/volunteers'
import { ADAPTERS, IDS, as, failure, useTestDb } from '../helpers/db'

// Issue 13 item 8: a forgotten check-out no longer loses the hours (补签退 confirmed by staff), and staff of a
// whistle's community see who answered it while everyone else sees only the count.

const SITE = { lat: 32.0416, lng: 118.7784 }
const iso = (minutesFromNow: number) => new Date(Date.now() + minutesFromNow * 60_000).toISOString()

describe.each(ADAPTERS)('volunteers integrity on %s', (kind) => {
  const t = useTestDb(kind, 'volunteers_integrity')

  /**
   * A 60-minute slot of community A that party1 (or `who`) claimed and checked in to, then never checked out of:
   * the slot is moved `endedHoursAgo` into the past, as if the volunteer went home and forgot.
   */
  async function forgotten(endedHoursAgo = 2, who: 'party1' | 'talent1' = 'party1'): Promise<{ post: Post; shift: Shift }> {
    const post = await t.db.rpc<Post>('post_create', {
      p_title: '周末助老服务', p_category: 'elderly_disabled_aid', p_place: '和平社区活动中心',
      p_lat: SITE.lat, p_lng: SITE.lng, p_radius_m: 200, p_bean_rate_per_hour: 10,
      p_slots: [{ startsAt: iso(-10), endsAt: iso(50), capacity: 3 }],
    }, as('staff1'))
    const s = await t.db.rpc<Shift>('shift_claim', { p_post_id: post.id, p_slot_id: post.slots[0].id }, as(who))
    await t.db.rpc('shift_check_in', { p_id: s.id, p_lat: SITE.lat, p_lng: SITE.lng }, as(who))
    await t.sql(
      `update public.post_slots set starts_at = now() - make_interval(hours => $2) - interval '60 minutes', ends_at = now() - make_interval(hours => $2) where id = $1`,
      [post.slots[0].id, endedHoursAgo],
    )
    await t.sql(`update public.shifts set check_in_at = now() - make_interval(hours => $2) - interval '62 minutes' where id = $1`, [s.id, endedHoursAgo])
    return { post, shift: s }
  }

  const transfers = async (shiftId: string) =>
    Number((await t.sql<{ n: string }>(`select count(*) as n from public.bean_transfers where idempotency_key = 'shift:' || $1`, [shiftId]))[0].n)

  it('a volunteer who forgot to check out can get their minutes confirmed, with beans exactly once', async () => {
    const { shift } = await forgotten()
    // today: check-out is closed after the window, the sweep leaves it checked in, and the hours are lost
    expect((await failure(t.db.rpc('shift_check_out', { p_id: shift.id, p_lat: SITE.lat, p_lng: SITE.lng }, as('party1')))).code).toBe('shift.outside_window')
    await t.db.rpc('shifts_sweep', {}, { role: 'service_role' })

    const asked = await t.db.rpc<Shift>('shift_close_request', { p_id: shift.id, p_minutes: 55, p_note: '服务到 11 点，走时忘记签退' }, as('party1'))
    expect(asked).toMatchObject({ status: 'checked_in', closure: { minutes: 55, note: '服务到 11 点，走时忘记签退' } })
    expect(asked.closure?.requestedAt).toBeTruthy()
    expect((await failure(t.db.rpc('shift_close_request', { p_id: shift.id, p_minutes: 50, p_note: '再改一下' }, as('party1')))).code).toBe('shift.close_already_requested')

    const list = (await t.db.rpc<{ items: Shift[] }>('shifts_list', { p_scope: 'to_confirm' }, as('staff1'))).items
    expect(list.find((x) => x.id === shift.id)).toMatchObject({ status: 'checked_in', closure: { minutes: 55 } })
    // the ordinary confirmation needs a check-out; the forgotten one goes through its own decision
    expect((await failure(t.db.rpc('shift_confirm', { p_id: shift.id, p_approve: true }, as('staff1')))).code).toBe('shift.transition_invalid')

    const ok = await t.db.rpc<Shift>('shift_close_resolve', { p_id: shift.id, p_approve: true, p_minutes: 45 }, as('staff1'))
    expect(ok).toMatchObject({ status: 'confirmed', verifiedMinutes: 45, beansPending: 8, checkOutAt: null, closure: { minutes: 55 } })
    expect(await transfers(shift.id)).toBe(1)
    expect((await failure(t.db.rpc('shift_close_resolve', { p_id: shift.id, p_approve: true, p_minutes: 45 }, as('staff1')))).code).toBe('shift.transition_invalid')
    expect((await failure(t.db.rpc('shift_confirm', { p_id: shift.id, p_approve: true }, as('staff1')))).code).toBe('shift.transition_invalid')
    expect(await transfers(shift.id)).toBe(1)
    const told = await t.sql<{ kind: string; payload: { minutes: number; beans: number } }>(
      `select kind, payload from public.notifications where profile_id = $1 and payload->>'shiftId' = $2 and kind in ('shift.confirmed', 'shift.rejected')`, [IDS.party1, shift.id])
    expect(told).toEqual([expect.objectContaining({ kind: 'shift.confirmed', payload: expect.objectContaining({ minutes: 45, beans: 8 }) })])
    const mine = (await t.db.rpc<{ items: Shift[] }>('shifts_list', { p_scope: 'mine' }, as('party1'))).items
    expect(mine.find((x) => x.id === shift.id)).toMatchObject({ status: 'confirmed', verifiedMinutes: 45 })
  })

  it('staff may take the requested minutes as they are, and a rejection carries a reason the volunteer sees', async () => {
    const a = await forgotten()
    await t.db.rpc('shift_close_request', { p_id: a.shift.id, p_minutes: 30, p_note: '提前离开，忘记签退' }, as('party1'))
    expect(await t.db.rpc<Shift>('shift_close_resolve', { p_id: a.shift.id, p_approve: true }, as('staff1'))).toMatchObject({ status: 'confirmed', verifiedMinutes: 30, beansPending: 5 })

    const b = await forgotten()
    await t.db.rpc('shift_close_request', { p_id: b.shift.id, p_minutes: 60, p_note: '忘记签退' }, as('party1'))
    expect((await failure(t.db.rpc('shift_close_resolve', { p_id: b.shift.id, p_approve: false }, as('staff1')))).field).toBe('reason')
    const no = await t.db.rpc<Shift>('shift_close_resolve', { p_id: b.shift.id, p_approve: false, p_reason: '当天未见到您在岗' }, as('staff1'))
    expect(no).toMatchObject({ status: 'rejected', rejectReason: '当天未见到您在岗', verifiedMinutes: null })
    expect(await transfers(b.shift.id)).toBe(0)
    const mine = (await t.db.rpc<{ items: Shift[] }>('shifts_list', { p_scope: 'mine' }, as('party1'))).items
    expect(mine.find((x) => x.id === b.shift.id)).toMatchObject({ status: 'rejected', rejectReason: '当天未见到您在岗' })
    expect((await failure(t.db.rpc('shift_close_request', { p_id: b.shift.id, p_minutes: 30, p_note: '再申请一次' }, as('party1')))).code).toBe('shift.transition_invalid')
  })

  it('the request is bounded: 1 minute to the slot’s length, a note, a checked-in shift, 7 days after the slot', async () => {
    const { shift } = await forgotten()
    for (const [minutes, note, field] of [[0, '忘记签退', 'minutes'], [61, '忘记签退', 'minutes'], [30, '  ', 'note']] as const) {
      const e = await failure(t.db.rpc('shift_close_request', { p_id: shift.id, p_minutes: minutes, p_note: note }, as('party1')))
      expect(e.code, `${minutes} ${note}`).toMatch(/^shift\.close_/)
      expect(e.field).toBe(field)
    }
    await t.db.rpc('shift_close_request', { p_id: shift.id, p_minutes: 60, p_note: '忘记签退' }, as('party1'))
    // staff may lower the minutes, never raise them past the slot
    expect((await failure(t.db.rpc('shift_close_resolve', { p_id: shift.id, p_approve: true, p_minutes: 61 }, as('staff1')))).field).toBe('minutes')
    expect((await failure(t.db.rpc('shift_close_resolve', { p_id: shift.id, p_approve: true, p_minutes: 0 }, as('staff1')))).field).toBe('minutes')

    const old = await forgotten(8 * 24)
    expect((await failure(t.db.rpc('shift_close_request', { p_id: old.shift.id, p_minutes: 30, p_note: '忘记签退' }, as('party1')))).code).toBe('shift.close_window_passed')
    const lastDay = await forgotten(6 * 24)
    expect((await t.db.rpc<Shift>('shift_close_request', { p_id: lastDay.shift.id, p_minutes: 30, p_note: '忘记签退' }, as('party1'))).closure?.minutes).toBe(30)

    // a shift never checked in (no-show) or already checked out has nothing to close
    const p = await t.db.rpc<Post>('post_create', {
      p_title: '治安巡逻', p_category: 'security_patrol', p_lat: SITE.lat, p_lng: SITE.lng, p_radius_m: 200, p_bean_rate_per_hour: 10,
      p_slots: [{ startsAt: iso(-10), endsAt: iso(50), capacity: 3 }],
    }, as('staff1'))
    const claimed = await t.db.rpc<Shift>('shift_claim', { p_post_id: p.id, p_slot_id: p.slots[0].id }, as('party1'))
    expect((await failure(t.db.rpc('shift_close_request', { p_id: claimed.id, p_minutes: 30, p_note: '忘记签退' }, as('party1')))).code).toBe('shift.transition_invalid')
    const out = await t.db.rpc<Shift>('shift_claim', { p_post_id: p.id, p_slot_id: p.slots[0].id }, as('talent1'))
    await t.db.rpc('shift_check_in', { p_id: out.id, p_lat: SITE.lat, p_lng: SITE.lng }, as('talent1'))
    await t.db.rpc('shift_check_out', { p_id: out.id, p_lat: SITE.lat, p_lng: SITE.lng }, as('talent1'))
    expect((await failure(t.db.rpc('shift_close_request', { p_id: out.id, p_minutes: 30, p_note: '忘记签退' }, as('talent1')))).code).toBe('shift.transition_invalid')
    // without a request staff cannot close a checked-in shift on their own
    const open = await forgotten()
    expect((await failure(t.db.rpc('shift_close_resolve', { p_id: open.shift.id, p_approve: true, p_minutes: 30 }, as('staff1')))).code).toBe('shift.transition_invalid')
  })

  it('only the shift’s own volunteer asks, only staff of the post’s community decide', async () => {
    const { shift } = await forgotten()
    for (const who of ['talent1', 'staff1', 'staff2', 'resident1'] as const) {
      expect((await failure(t.db.rpc('shift_close_request', { p_id: shift.id, p_minutes: 30, p_note: '忘记签退' }, as(who)))).code, who).toBe('shift.not_found')
    }
    await t.db.rpc('shift_close_request', { p_id: shift.id, p_minutes: 30, p_note: '忘记签退' }, as('party1'))
    for (const who of ['party1', 'talent1', 'staff2', 'resident1'] as const) {
      expect((await failure(t.db.rpc('shift_close_resolve', { p_id: shift.id, p_approve: true, p_minutes: 30 }, as(who)))).code, who).toBe('shift.not_found')
    }
    expect((await t.db.rpc<{ items: Shift[] }>('shifts_list', { p_scope: 'to_confirm' }, as('staff2'))).items.map((x) => x.id)).not.toContain(shift.id)
    expect((await t.db.rpc<Shift>('shift_close_resolve', { p_id: shift.id, p_approve: true, p_minutes: 30 }, as('staff1'))).status).toBe('confirmed')
  })

  it('a staff member who is also the volunteer cannot close their own shift', async () => {
    await t.sql(`insert into public.profile_roles (profile_id, role, community_id) values ($1, 'party_member', $2) on conflict do nothing`, [IDS.staff1, IDS.communityA])
    const post = await t.db.rpc<Post>('post_create', {
      p_title: '环境整治', p_category: 'environment', p_lat: SITE.lat, p_lng: SITE.lng, p_radius_m: 200, p_bean_rate_per_hour: 10,
      p_slots: [{ startsAt: iso(-10), endsAt: iso(50), capacity: 3 }],
    }, as('staff1'))
    const s = await t.db.rpc<Shift>('shift_claim', { p_post_id: post.id, p_slot_id: post.slots[0].id }, as('staff1'))
    await t.db.rpc('shift_check_in', { p_id: s.id, p_lat: SITE.lat, p_lng: SITE.lng }, as('staff1'))
    await t.sql(`update public.shifts set check_in_at = now() - interval '40 minutes' where id = $1`, [s.id])
    await t.db.rpc('shift_close_request', { p_id: s.id, p_minutes: 30, p_note: '忘记签退' }, as('staff1'))
    expect((await failure(t.db.rpc('shift_close_resolve', { p_id: s.id, p_approve: true }, as('staff1')))).code).toBe('shift.confirm_own')
    await t.sql(`delete from public.profile_roles where profile_id = $1 and role = 'party_member'`, [IDS.staff1])
  })

  it.runIf(kind === 'postgres')('two staff deciding at once: one confirmation, one award', async () => {
    const { shift } = await forgotten()
    await t.db.rpc('shift_close_request', { p_id: shift.id, p_minutes: 40, p_note: '忘记签退' }, as('party1'))
    await t.sql(`insert into public.profile_roles (profile_id, role, community_id) values ($1, 'staff', $2) on conflict do nothing`, [IDS.grid1, IDS.communityA])
    const results = await Promise.allSettled([
      t.db.rpc<Shift>('shift_close_resolve', { p_id: shift.id, p_approve: true, p_minutes: 40 }, as('staff1')),
      t.db.rpc<Shift>('shift_close_resolve', { p_id: shift.id, p_approve: true, p_minutes: 35 }, as('grid1')),
      t.db.rpc<Shift>('shift_close_resolve', { p_id: shift.id, p_approve: false, p_reason: '不符' }, as('staff1')),
    ])
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    for (const r of results) if (r.status === 'rejected') expect((r.reason as DomainError).code).toBe('shift.transition_invalid')
    const [{ n }] = await t.sql<{ n: string }>(`select count(*) as n from public.bean_transfers where idempotency_key = 'shift:' || $1`, [shift.id])
    expect(Number(n)).toBeLessThanOrEqual(1)
    await t.sql(`delete from public.profile_roles where profile_id = $1 and role = 'staff'`, [IDS.grid1])
  })

  it('staff of the whistle’s community see who answered; everyone else sees only the count', async () => {
    const w = await t.db.rpc<Whistle>('whistle_create', { p_title: '防汛巡查', p_category: 'security_patrol', p_place: '和平河堤', p_starts_at: iso(30), p_headcount: 5 }, as('staff1'))
    expect(w.responders).toEqual([])
    const answered = await t.db.rpc<Whistle>('whistle_respond', { p_id: w.id }, as('party1'))
    expect(answered).toMatchObject({ responded: 1, responders: null })
    await t.db.rpc('whistle_respond', { p_id: w.id }, as('talent1'))

    const staffView = (await t.db.rpc<{ items: Whistle[] }>('whistles_list', {}, as('staff1'))).items.find((x) => x.id === w.id)!
    expect(staffView.responded).toBe(2)
    expect(staffView.responders).toEqual([
      { profileId: IDS.party1, displayName: '孙先生', kinds: ['party_member'], phoneMasked: '138****0007', respondedAt: expect.any(String) },
      { profileId: IDS.talent1, displayName: '周师傅', kinds: ['talent'], phoneMasked: '138****0008', respondedAt: expect.any(String) },
    ])
    for (const who of ['party1', 'talent1', 'resident1', 'grid1'] as const) {
      const seen = (await t.db.rpc<{ items: Whistle[] }>('whistles_list', {}, as(who))).items.find((x) => x.id === w.id)!
      expect(seen, who).toMatchObject({ responded: 2, responders: null })
    }
    // staff of community B, even naming A's community, never see A's responders
    const fromB = (await t.db.rpc<{ items: Whistle[] }>('whistles_list', { p_community_id: IDS.communityA }, as('staff2'))).items
    for (const x of fromB) expect(x.responders).toBeNull()
  })
})
