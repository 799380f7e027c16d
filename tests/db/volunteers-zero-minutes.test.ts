import { describe, expect, it } from 'vitest'
import type { Post, Shift } from '../../core/contracts/volunteers'
import type { ServiceProjectDetail } from '../../core/contracts/services'
import { ADAPTERS, IDS, as, failure, useTestDb } from '../helpers/db'

// Issue 15: a shift checked out at the moment of its check-in (0 minutes) is never confirmed as "0 分钟": staff
// must give the minutes they verified (1 to the slot's length). And a service project names its need's 受理编号.

const SITE = { lat: 32.0416, lng: 118.7784 }
const iso = (minutesFromNow: number) => new Date(Date.now() + minutesFromNow * 60_000).toISOString()

describe.each(ADAPTERS)('0-minute shifts and project need numbers on %s', (kind) => {
  const t = useTestDb(kind, 'volunteers_zero_minutes')

  /** party1 claims a 60-minute slot of community A running now, checks in, and checks out `worked` minutes later. */
  async function checkedOut(worked: number): Promise<Shift> {
    const post = await t.db.rpc<Post>('post_create', {
      p_title: '楼道清扫', p_category: 'environment', p_place: '和平社区3号楼',
      p_lat: SITE.lat, p_lng: SITE.lng, p_radius_m: 200, p_bean_rate_per_hour: 12,
      p_slots: [{ startsAt: iso(-10), endsAt: iso(50), capacity: 3 }],
    }, as('staff1'))
    const s = await t.db.rpc<Shift>('shift_claim', { p_post_id: post.id, p_slot_id: post.slots[0].id }, as('party1'))
    await t.db.rpc('shift_check_in', { p_id: s.id, p_lat: SITE.lat, p_lng: SITE.lng }, as('party1'))
    await t.db.rpc('shift_check_out', { p_id: s.id, p_lat: SITE.lat, p_lng: SITE.lng, p_notes: '打扫了楼道' }, as('party1'))
    // the same instant for 0; otherwise check-in moved back by `worked` minutes
    await t.sql(`update public.shifts set check_in_at = check_out_at - make_interval(mins => $2) where id = $1`, [s.id, worked])
    return s
  }

  const transfers = async (shiftId: string) =>
    Number((await t.sql<{ n: string }>(`select count(*) as n from public.bean_transfers where idempotency_key = 'shift:' || $1`, [shiftId]))[0].n)

  it('0 minutes cannot be confirmed as is: refused on field minutes, nothing credited', async () => {
    const s = await checkedOut(0)
    const e = await failure(t.db.rpc('shift_confirm', { p_id: s.id, p_approve: true }, as('staff1')))
    expect(e.code).toBe('shift.close_minutes_invalid')
    expect(e.field).toBe('minutes')
    expect((await t.sql<{ status: string }>(`select status from public.shifts where id = $1`, [s.id]))[0].status).toBe('checked_out')
    expect(await transfers(s.id)).toBe(0)
    // adjusted minutes of 0, or beyond the 60-minute slot, are refused the same way
    for (const m of [0, -5, 61]) {
      expect((await failure(t.db.rpc('shift_confirm', { p_id: s.id, p_approve: true, p_minutes: m }, as('staff1')))).field, String(m)).toBe('minutes')
    }
  })

  it('with adjusted minutes (≥ 1) staff confirm it, and the beans follow those minutes once', async () => {
    const s = await checkedOut(0)
    const ok = await t.db.rpc<Shift>('shift_confirm', { p_id: s.id, p_approve: true, p_minutes: 30 }, as('staff1'))
    expect(ok).toMatchObject({ status: 'confirmed', verifiedMinutes: 30, beansPending: 6, beanRatePerHour: 12 })
    expect(await transfers(s.id)).toBe(1)
    expect((await failure(t.db.rpc('shift_confirm', { p_id: s.id, p_approve: true, p_minutes: 30 }, as('staff1')))).code).toBe('shift.transition_invalid')
  })

  it('a 0-minute shift can still be sent back with a reason, without minutes', async () => {
    const s = await checkedOut(0)
    const no = await t.db.rpc<Shift>('shift_confirm', { p_id: s.id, p_approve: false, p_reason: '签到后马上签退，没有实际服务' }, as('staff1'))
    expect(no).toMatchObject({ status: 'rejected', verifiedMinutes: null })
  })

  it('a shift with real minutes confirms as before, or with the minutes staff verified', async () => {
    const a = await checkedOut(40)
    expect(await t.db.rpc<Shift>('shift_confirm', { p_id: a.id, p_approve: true }, as('staff1'))).toMatchObject({ status: 'confirmed', verifiedMinutes: 40, beansPending: 8 })
    const b = await checkedOut(40)
    expect(await t.db.rpc<Shift>('shift_confirm', { p_id: b.id, p_approve: true, p_minutes: 35 }, as('staff1'))).toMatchObject({ status: 'confirmed', verifiedMinutes: 35, beansPending: 7 })
  })

  it('only staff of the post’s community confirm, adjusted minutes or not; never the volunteer', async () => {
    const s = await checkedOut(0)
    for (const who of ['staff2', 'party1', 'talent1', 'resident1'] as const) {
      expect((await failure(t.db.rpc('shift_confirm', { p_id: s.id, p_approve: true, p_minutes: 30 }, as(who)))).code, who).toBe('shift.not_found')
    }
    expect((await t.sql<{ status: string }>(`select status from public.shifts where id = $1`, [s.id]))[0].status).toBe('checked_out')
    expect((await t.db.rpc<Shift>('shift_confirm', { p_id: s.id, p_approve: true, p_minutes: 20 }, as('staff1'))).verifiedMinutes).toBe(20)
  })

  it('a service project carries its need’s 受理编号, in the detail and the list', async () => {
    const n = await t.db.rpc<{ id: string }>('need_create', {
      p_title: '6号楼水管漏水', p_description: '6号楼水管漏水，需要师傅上门看看。', p_category: 'facility_repair', p_address: '6号楼1单元101',
    }, as('resident1'))
    await t.db.rpc('need_triage', { p_id: n.id, p_track: 'private', p_severity: 'general' }, as('staff1'))
    const r = await t.db.rpc<{ id: string }>('resource_create', {
      p_title: '水电维修', p_description: '上门维修水电', p_kind: 'social', p_partner_type: null, p_categories: ['facility_repair'],
      p_capacity: 5, p_period: 'month', p_community_ids: [], p_grid_ids: [], p_availability: [],
      p_contact_name: '王师傅', p_contact_phone: '13900000000',
    }, as('unit1'))
    const project = await t.db.rpc<ServiceProjectDetail>('service_claim', { p_need_id: n.id, p_resource_id: r.id }, as('unit1'))
    const refNo = (await t.sql<{ ref_no: string }>(`select ref_no from public.needs where id = $1`, [n.id]))[0].ref_no
    expect(refNo).toMatch(/^[A-Z]+-\d{8}-\d{4}$/)
    expect(project).toMatchObject({ needId: n.id, needRefNo: refNo })
    expect(await t.db.rpc<ServiceProjectDetail>('service_get', { p_id: project.id }, as('resident1'))).toMatchObject({ needId: n.id, needRefNo: refNo })
    const list = await t.db.rpc<{ items: ServiceProjectDetail[] }>('services_list', { p_community_id: IDS.communityA, p_limit: 100 }, as('staff1'))
    expect(list.items.find((x) => x.id === project.id)).toMatchObject({ needRefNo: refNo })
  })
})
