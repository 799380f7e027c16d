import { describe, expect, it } from 'vitest'
import type { Meeting, Motion } from '../../core/contracts/deliberation'
import type { Post, Shift } from '../../core/contracts/volunteers'
import type { Claims } from '../../api/_lib/db/types'
import { ADAPTERS, IDS, as, inboxQueries, useTestDb } from '../helpers/db'

// The inbox items of claims, votes, refunds and matches (written by the volunteers, deliberation, beans and
// resources_services migrations): for each kind, who gets the row and who does not.
const SITE = { lat: 32.0416, lng: 118.7784 }
const iso = (minutesFromNow: number) => new Date(Date.now() + minutesFromNow * 60_000).toISOString()
const SERVICE: Claims = { role: 'service_role' }

describe.each(ADAPTERS)('more inbox items on %s', (kind) => {
  const t = useTestDb(kind, 'inbox_more')

  const { recipients, payloadOf } = inboxQueries(t)

  const resource = (title: string) => t.db.rpc<{ id: string }>('resource_create', {
    p_title: title, p_description: '上门维修水电', p_kind: 'social', p_partner_type: 'property', p_categories: ['facility_repair'],
    p_capacity: 5, p_period: 'month', p_community_ids: [], p_grid_ids: [], p_availability: [],
    p_contact_name: '王师傅', p_contact_phone: '13900000000',
  }, as('unit1'))
  const need = async (title: string, who: 'resident1' | 'resident2') => {
    const n = await t.db.rpc<{ id: string }>('need_create', { p_title: title, p_description: `${title}，需要师傅上门。`, p_category: 'facility_repair' }, as(who))
    await t.db.rpc('need_triage', { p_id: n.id, p_track: 'private', p_severity: 'general' }, as('staff1'))
    return n
  }

  it('match proposed by staff: the resident and the publisher; confirmed by the publisher: the resident, not the publisher', async () => {
    const r = await resource('水电维修')
    const n = await need('厨房水管漏水', 'resident1')
    const p = await t.db.rpc<{ id: string }>('service_claim', { p_need_id: n.id, p_resource_id: r.id }, as('staff1'))
    expect(await recipients('service.proposed', 'projectId', p.id)).toEqual([IDS.resident1, IDS.unit1].sort())
    expect(await payloadOf('service.proposed', 'projectId', p.id, IDS.resident1)).toMatchObject({ side: 'owner', needId: n.id, title: '厨房水管漏水', resourceTitle: '水电维修' })
    expect(await payloadOf('service.proposed', 'projectId', p.id, IDS.unit1)).toMatchObject({ side: 'provider' })
    await t.db.rpc('service_confirm', { p_id: p.id }, as('unit1'))
    expect(await recipients('service.confirmed', 'projectId', p.id)).toEqual([IDS.resident1])
  })

  it('match claimed by the publisher: the resident only; confirmed by staff: the resident and the publisher', async () => {
    const r = await resource('管道疏通')
    const n = await need('卫生间下水堵了', 'resident2')
    const p = await t.db.rpc<{ id: string }>('service_claim', { p_need_id: n.id, p_resource_id: r.id }, as('unit1'))
    expect(await recipients('service.proposed', 'projectId', p.id)).toEqual([IDS.resident2])
    await t.db.rpc('service_confirm', { p_id: p.id }, as('staff1'))
    expect(await recipients('service.confirmed', 'projectId', p.id)).toEqual([IDS.resident2, IDS.unit1].sort())
    expect(await payloadOf('service.confirmed', 'projectId', p.id, IDS.unit1)).toMatchObject({ side: 'provider', title: '卫生间下水堵了' })
  })

  it('shift claimed: the volunteer, with the slot; a no-show from the cron: that volunteer only', async () => {
    const post = await t.db.rpc<Post>('post_create', {
      p_title: '周末助老服务', p_category: 'elderly_disabled_aid', p_description: '陪老人聊天、代购', p_place: '和平社区活动中心',
      p_lat: SITE.lat, p_lng: SITE.lng, p_radius_m: 200, p_bean_rate_per_hour: 10, p_slots: [{ startsAt: iso(-10), endsAt: iso(50), capacity: 3 }],
    }, as('staff1'))
    const a = await t.db.rpc<Shift>('shift_claim', { p_post_id: post.id, p_slot_id: post.slots[0].id }, as('talent1'))
    const b = await t.db.rpc<Shift>('shift_claim', { p_post_id: post.id, p_slot_id: post.slots[0].id }, as('party1'))
    expect(await recipients('shift.claimed', 'shiftId', a.id)).toEqual([IDS.talent1])
    expect(await payloadOf('shift.claimed', 'shiftId', a.id, IDS.talent1)).toMatchObject({ postId: post.id, title: '周末助老服务', place: '和平社区活动中心' })
    expect(Date.parse((await payloadOf('shift.claimed', 'shiftId', a.id, IDS.talent1))!.at as string)).toBeLessThan(Date.now())
    // party1 checks in and out; talent1 never shows up
    await t.db.rpc('shift_check_in', { p_id: b.id, p_lat: SITE.lat, p_lng: SITE.lng }, as('party1'))
    await t.db.rpc('shift_check_out', { p_id: b.id, p_lat: SITE.lat, p_lng: SITE.lng, p_notes: '陪老人聊天' }, as('party1'))
    await t.sql(`update public.post_slots set starts_at = now() - interval '3 hours', ends_at = now() - interval '2 hours' where id = $1`, [post.slots[0].id])
    await t.db.rpc('shifts_sweep', {}, SERVICE)
    expect(await recipients('shift.no_show', 'shiftId', a.id)).toEqual([IDS.talent1])
    expect(await recipients('shift.no_show', 'shiftId', b.id)).toEqual([])
    expect(await payloadOf('shift.no_show', 'shiftId', a.id, IDS.talent1)).toMatchObject({ postId: post.id, title: '周末助老服务' })
    // the sweep does not tell twice
    await t.db.rpc('shifts_sweep', {}, SERVICE)
    expect(await recipients('shift.no_show', 'shiftId', a.id)).toEqual([IDS.talent1])
  })

  it('vote opened: the community’s residents, or the meeting’s registered attendees; nobody else', async () => {
    const m = await t.db.rpc<Meeting>('meeting_create', {
      p_title: '停车难议事会', p_form: 'five_party', p_starts_at: iso(60), p_place: '社区议事厅', p_capacity: 10,
    }, as('staff1'))
    const all = await t.db.rpc<Motion>('motion_create', {
      p_meeting_id: m.id, p_title: '划定临时停车区', p_options: ['同意', '反对'], p_voters: 'residents', p_quorum: 1, p_threshold: 'majority',
    }, as('staff1'))
    // community A's residents; not its staff or unit, not community B's resident
    expect(await recipients('motion.opened', 'motionId', all.id)).toEqual([IDS.resident1, IDS.resident2, IDS.party1, IDS.talent1].sort())
    expect(await payloadOf('motion.opened', 'motionId', all.id, IDS.resident2)).toMatchObject({ meetingId: m.id, title: '划定临时停车区', meetingTitle: '停车难议事会', voters: 'residents' })

    await t.db.rpc('meeting_register', { p_id: m.id }, as('resident1'))
    const room = await t.db.rpc<Motion>('motion_create', {
      p_meeting_id: m.id, p_title: '会场内表决事项', p_options: ['同意', '反对'], p_voters: 'attendees', p_quorum: 1, p_threshold: 'majority',
    }, as('staff1'))
    expect(await recipients('motion.opened', 'motionId', room.id)).toEqual([IDS.resident1])
  })

  it('redemption refunded: the holder when staff cancel it or it expires; not when the holder cancels it', async () => {
    await t.db.rpc('beans_award', { p_profile_id: IDS.resident2, p_amount: 100, p_reason: '环境整治表现突出', p_key: `inbox-more-${kind}` }, as('staff1'))
    const reward = (title: string) => t.db.rpc<{ id: string }>('reward_create', { p_title: title, p_price_beans: 20, p_stock: 5 }, as('unit1'))
    const redeem = async (title: string) => {
      const r = await reward(title)
      return t.db.rpc<{ id: string }>('reward_redeem', { p_reward_id: r.id, p_key: `inbox-more-${title}-${kind}` }, as('resident2'))
    }
    const byStaff = await redeem('免费理发')
    await t.db.rpc('redemption_cancel', { p_id: byStaff.id }, as('staff1'))
    expect(await recipients('redemption.refunded', 'redemptionId', byStaff.id)).toEqual([IDS.resident2])
    expect(await payloadOf('redemption.refunded', 'redemptionId', byStaff.id, IDS.resident2)).toMatchObject({ title: '免费理发', beans: 20, reason: 'cancelled' })

    const byHolder = await redeem('洗衣液')
    await t.db.rpc('redemption_cancel', { p_id: byHolder.id }, as('resident2'))
    expect(await recipients('redemption.refunded', 'redemptionId', byHolder.id)).toEqual([])

    const expired = await redeem('大米')
    await t.sql(`update public.redemptions set expires_at = now() - interval '1 minute' where id = $1`, [expired.id])
    await t.db.rpc('beans_sweep', {}, SERVICE)
    expect(await recipients('redemption.refunded', 'redemptionId', expired.id)).toEqual([IDS.resident2])
    expect(await payloadOf('redemption.refunded', 'redemptionId', expired.id, IDS.resident2)).toMatchObject({ reason: 'expired', beans: 20 })
  })
})
