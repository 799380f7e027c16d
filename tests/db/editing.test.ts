import { beforeAll, describe, expect, it } from 'vitest'
import type { CommunitySettings, ManagedPost } from '../../core/contracts/editing'
import type { Meeting, Topic } from '../../core/contracts/deliberation'
import type { Redemption, Reward } from '../../core/contracts/beans'
import type { Resource } from '../../core/contracts/services'
import type { Claims } from '../../api/_lib/db/types'
import { ADAPTERS, IDS, as, failure, useTestDb } from '../helpers/db'

const iso = (m: number) => new Date(Date.now() + m * 60_000).toISOString()
const SITE = { lat: 32.0416, lng: 118.7784 }
const by = (id: string): Claims => ({ role: 'authenticated', sub: id, aud: 'authenticated' })

describe.each(ADAPTERS)('editing and settings on %s', (kind) => {
  const t = useTestDb(kind, 'editing')
  let unit2: string
  beforeAll(async () => {
    // a second unit of community A, to show one unit cannot touch another's things
    const [u] = await t.sql<{ id: string }>(`insert into public.profiles (display_name, community_id) values ('绿叶公益', $1) returning id`, [IDS.communityA])
    unit2 = u.id
    await t.sql(`insert into public.profile_roles (profile_id, role, community_id) values ($1, 'unit', $2)`, [unit2, IDS.communityA])
  })

  const notifications = (kind: string, ref: string) =>
    t.sql<{ profile_id: string; payload: Record<string, unknown> }>(
      `select profile_id, payload from public.notifications where kind = $1 and payload::text like '%' || $2 || '%' order by id`, [kind, ref])

  const createPost = () =>
    t.db.rpc<ManagedPost>('post_create', {
      p_title: '助老陪护', p_category: 'elderly_disabled_aid', p_lat: SITE.lat, p_lng: SITE.lng, p_radius_m: 200, p_bean_rate_per_hour: 10,
      // the first slot starts within 2 hours: a volunteer cancelling it themself would be a late cancellation
      p_slots: [{ startsAt: iso(60), endsAt: iso(120), capacity: 2 }, { startsAt: iso(24 * 60), endsAt: iso(25 * 60), capacity: 3 }],
    }, as('staff1'))

  describe('posts', () => {
    it('staff of the community edit a post; capacity never drops below the claims; staff of B and residents are refused', async () => {
      const p = await createPost()
      await t.db.rpc('shift_claim', { p_post_id: p.id, p_slot_id: p.slots[0].id }, as('party1'))
      await t.db.rpc('shift_claim', { p_post_id: p.id, p_slot_id: p.slots[0].id }, as('talent1'))
      const low = await failure(t.db.rpc('post_update', { p_id: p.id, p_slots: [{ id: p.slots[0].id, capacity: 1 }] }, as('staff1')))
      expect(low).toMatchObject({ code: 'post.capacity_below_claimed', status: 409, field: 'slots.0.capacity' })
      expect(low.userMessage).toContain('已有 2 人认领')
      expect((await failure(t.db.rpc('post_update', { p_id: p.id, p_title: '别人的岗位' }, as('staff2')))).code).toBe('auth.forbidden')
      expect((await failure(t.db.rpc('post_update', { p_id: p.id, p_title: '我来改改' }, as('resident1')))).code).toBe('auth.forbidden')

      const edited = await t.db.rpc<ManagedPost>('post_update', {
        p_id: p.id, p_title: '助老陪护（周末）', p_place: '社区活动中心', p_bean_rate_per_hour: 15,
        p_slots: [{ id: p.slots[0].id, capacity: 4 }], p_add_slots: [{ startsAt: iso(48 * 60), endsAt: iso(49 * 60), capacity: 2 }],
      }, as('staff1'))
      expect(edited).toMatchObject({ title: '助老陪护（周末）', place: '社区活动中心', beanRatePerHour: 15, status: 'open' })
      expect(edited.slots.map((s) => s.capacity)).toEqual([4, 3, 2])
      expect(edited.slots[0].claimed).toBe(2)
      // the new place is told to the two volunteers holding a shift
      expect((await notifications('post.changed', p.id)).map((n) => n.profile_id).sort()).toEqual([IDS.party1, IDS.talent1].sort())
      expect((await failure(t.db.rpc('post_update', { p_id: p.id, p_add_slots: [{ startsAt: iso(-120), endsAt: iso(-60), capacity: 2 }] }, as('staff1')))).field)
        .toBe('addSlots.0.endsAt')
    })

    it('cancelling frees the slots still to come; holders are told and it is not their late cancellation', async () => {
      const p = await createPost()
      const s1 = await t.db.rpc<{ id: string }>('shift_claim', { p_post_id: p.id, p_slot_id: p.slots[0].id }, as('party1'))
      await t.db.rpc('shift_claim', { p_post_id: p.id, p_slot_id: p.slots[1].id }, as('talent1'))
      expect((await failure(t.db.rpc('post_cancel', { p_id: p.id, p_reason: '天气原因取消' }, as('resident1')))).code).toBe('auth.forbidden')
      expect((await failure(t.db.rpc('post_cancel', { p_id: p.id, p_reason: '天气原因取消' }, as('staff2')))).code).toBe('auth.forbidden')
      expect((await failure(t.db.rpc('post_cancel', { p_id: p.id, p_reason: ' ' }, as('staff1')))).field).toBe('reason')

      const c = await t.db.rpc<ManagedPost>('post_cancel', { p_id: p.id, p_reason: '天气原因取消' }, as('staff1'))
      expect(c).toMatchObject({ status: 'cancelled', cancelReason: '天气原因取消', slots: [] })
      const shifts = await t.sql<{ profile_id: string; status: string; late_cancel: boolean; cancelled_by_community: boolean }>(
        'select profile_id, status, late_cancel, cancelled_by_community from public.shifts where post_id = $1 order by profile_id', [p.id])
      expect(shifts).toHaveLength(2)
      for (const s of shifts) expect(s).toMatchObject({ status: 'cancelled', late_cancel: false, cancelled_by_community: true })
      const told = await notifications('post.cancelled', p.id)
      expect(told.map((n) => n.profile_id).sort()).toEqual([IDS.party1, IDS.talent1].sort())
      expect(told[0].payload).toMatchObject({ reason: '天气原因取消', title: '助老陪护' })
      // their credit shows no late cancellation
      const credit = await t.db.rpc<{ inputs: { lateCancels: number; noShows: number } }>('credit_me', {}, as('party1'))
      expect(credit.inputs).toMatchObject({ lateCancels: 0, noShows: 0 })
      // the volunteer cannot cancel again, nobody can claim, the post is not listed, and it cannot be cancelled twice
      expect((await failure(t.db.rpc('shift_cancel', { p_id: s1.id }, as('party1')))).code).toBe('shift.transition_invalid')
      expect((await failure(t.db.rpc('shift_claim', { p_post_id: p.id, p_slot_id: p.slots[0].id }, as('talent1')))).code).toBe('post.cancelled')
      expect((await t.db.rpc<{ items: ManagedPost[] }>('posts_list', {}, as('party1'))).items.map((x) => x.id)).not.toContain(p.id)
      expect((await failure(t.db.rpc('post_cancel', { p_id: p.id, p_reason: '再取消一次' }, as('staff1')))).code).toBe('post.cancelled')
      expect((await failure(t.db.rpc('post_update', { p_id: p.id, p_title: '复活岗位' }, as('staff1')))).code).toBe('post.cancelled')
      const [{ claimed }] = await t.sql<{ claimed: number }>('select sum(claimed)::int as claimed from public.post_slots where post_id = $1', [p.id])
      expect(claimed).toBe(0)
    })
  })

  describe('meetings', () => {
    type Detail = Meeting & { checkInCode: string }
    const meeting = (capacity: number, topicIds: string[] = []) =>
      t.db.rpc<Detail>('meeting_create', { p_title: '加装电梯议事会', p_form: 'five_party', p_starts_at: iso(24 * 60), p_place: '社区议事厅', p_capacity: capacity, p_topic_ids: topicIds }, as('staff1'))

    it('a capacity drop below the registered count is a 409; a raise seats the waitlist in order; a new time is told', async () => {
      const m = await meeting(2)
      for (const h of ['resident1', 'resident2', 'party1', 'talent1'] as const) await t.db.rpc('meeting_register', { p_id: m.id }, as(h))
      const low = await failure(t.db.rpc('meeting_update', { p_id: m.id, p_capacity: 1 }, as('staff1')))
      expect(low).toMatchObject({ code: 'meeting.capacity_below_registered', status: 409, field: 'capacity' })
      expect(low.userMessage).toContain('已有 2 人报名')
      expect((await failure(t.db.rpc('meeting_update', { p_id: m.id, p_capacity: 5 }, as('staff2')))).code).toBe('auth.forbidden')
      expect((await failure(t.db.rpc('meeting_update', { p_id: m.id, p_capacity: 5 }, as('resident1')))).code).toBe('auth.forbidden')

      const up = await t.db.rpc<Detail>('meeting_update', { p_id: m.id, p_capacity: 3 }, as('staff1'))
      expect(up).toMatchObject({ capacity: 3, registered: 3, waitlisted: 1 })
      // party1 queued before talent1
      expect((await t.db.rpc<Meeting>('meeting_get', { p_id: m.id }, as('party1'))).myStatus).toBe('registered')
      expect((await t.db.rpc<Meeting>('meeting_get', { p_id: m.id }, as('talent1'))).myStatus).toBe('waitlisted')
      expect((await notifications('meeting.promoted', m.id)).map((n) => n.profile_id)).toEqual([IDS.party1])
      expect(await t.db.rpc<Detail>('meeting_update', { p_id: m.id, p_capacity: 10 }, as('staff1'))).toMatchObject({ registered: 4, waitlisted: 0 })

      const later = iso(48 * 60)
      const moved = await t.db.rpc<Detail>('meeting_update', { p_id: m.id, p_starts_at: later, p_place: '3号楼下' }, as('staff1'))
      expect(moved.place).toBe('3号楼下')
      expect(Date.parse(moved.startsAt)).toBe(Date.parse(later))
      expect((await notifications('meeting.changed', m.id)).map((n) => n.profile_id).sort())
        .toEqual([IDS.resident1, IDS.resident2, IDS.party1, IDS.talent1].sort())
      expect((await failure(t.db.rpc('meeting_update', { p_id: m.id, p_starts_at: iso(-60) }, as('staff1')))).field).toBe('startsAt')
    })

    it('the co-sign threshold holds when a topic is scheduled; lowering it in settings lets the topic on; cancelling frees everything', async () => {
      await t.db.rpc('community_settings_put', { p_community_id: IDS.communityA, p_cosign_threshold: 3 }, as('staff1'))
      const topic = await t.db.rpc<Topic>('topic_create', { p_title: '小区加装电梯', p_description: '老人上下楼困难' }, as('resident1'))
      await t.db.rpc('topic_cosign', { p_id: topic.id }, as('resident2'))
      const below = await failure(meeting(10, [topic.id]))
      expect(below).toMatchObject({ code: 'topic.below_threshold', status: 409, field: 'topicIds' })
      expect(below.userMessage).toContain('至少 3 人联名')
      // the refused meeting was not created either
      const [{ n }] = await t.sql<{ n: number }>(`select count(*)::int as n from public.meeting_topics where topic_id = $1`, [topic.id])
      expect(n).toBe(0)
      // a topic staff made from a 大家事 need is exempt
      const need = await t.db.rpc<{ id: string }>('need_create', { p_title: '楼道照明损坏', p_description: '3号楼楼道灯坏了很久，晚上很黑。', p_category: 'facility_repair' }, as('resident2'))
      await t.db.rpc('need_triage', { p_id: need.id, p_track: 'shared', p_severity: 'major' }, as('staff1'))
      const fromNeed = await t.db.rpc<Topic>('topic_create', { p_title: '楼道照明怎么修', p_need_id: need.id }, as('staff1'))
      const m0 = await meeting(10, [fromNeed.id])
      expect(m0.agenda.map((a) => a.id)).toEqual([fromNeed.id])
      // adding the resident topic to that meeting's agenda is refused the same way
      expect((await failure(t.db.rpc('meeting_update', { p_id: m0.id, p_topic_ids: [fromNeed.id, topic.id] }, as('staff1')))).code).toBe('topic.below_threshold')

      const settings = await t.db.rpc<CommunitySettings>('community_settings_put', { p_community_id: IDS.communityA, p_cosign_threshold: 1 }, as('staff1'))
      expect(settings.cosignThreshold).toBe(1)
      expect((await t.db.rpc<{ items: Topic[] }>('topics_list', { p_limit: 50 }, as('resident1'))).items.find((x) => x.id === topic.id)).toMatchObject({ status: 'ready', threshold: 1 })
      const m = await meeting(1, [topic.id])
      expect(m.agenda[0]).toMatchObject({ id: topic.id, status: 'scheduled' })
      await t.db.rpc('meeting_register', { p_id: m.id }, as('resident1'))
      await t.db.rpc('meeting_register', { p_id: m.id }, as('resident2'))

      expect((await failure(t.db.rpc('meeting_cancel', { p_id: m.id, p_reason: '场地临时占用' }, as('staff2')))).code).toBe('auth.forbidden')
      expect((await failure(t.db.rpc('meeting_cancel', { p_id: m.id, p_reason: '场地临时占用' }, as('resident1')))).code).toBe('auth.forbidden')
      const c = await t.db.rpc<Meeting>('meeting_cancel', { p_id: m.id, p_reason: '场地临时占用' }, as('staff1'))
      expect(c).toMatchObject({ status: 'cancelled', registered: 0, waitlisted: 0 })
      const regs = await t.sql<{ status: string }>('select status from public.meeting_registrations where meeting_id = $1', [m.id])
      expect(regs.map((r) => r.status)).toEqual(['withdrawn', 'withdrawn'])
      const told = await notifications('meeting.cancelled', m.id)
      expect(told.map((x) => x.profile_id).sort()).toEqual([IDS.resident1, IDS.resident2].sort())
      expect(told[0].payload).toMatchObject({ reason: '场地临时占用' })
      // the topic can be scheduled again; the meeting takes no registrations and is not listed
      expect((await t.db.rpc<{ items: Topic[] }>('topics_list', { p_limit: 50 }, as('resident1'))).items.find((x) => x.id === topic.id)?.status).toBe('ready')
      expect((await failure(t.db.rpc('meeting_register', { p_id: m.id }, as('party1')))).code).toBe('meeting.closed')
      expect((await t.db.rpc<{ items: Meeting[] }>('meetings_list', { p_limit: 50 }, as('resident1'))).items.map((x) => x.id)).not.toContain(m.id)
      expect((await failure(t.db.rpc('meeting_update', { p_id: m.id, p_title: '恢复会议' }, as('staff1')))).code).toBe('meeting.not_editable')
      const again = await meeting(5, [topic.id])
      expect(again.agenda[0].id).toBe(topic.id)
    })
  })

  describe('resources', () => {
    const mk = (who: Claims) => t.db.rpc<Resource>('resource_create', {
      p_title: '水电维修', p_description: '上门维修水电', p_kind: 'social', p_partner_type: 'property', p_categories: ['facility_repair'],
      p_capacity: 5, p_period: 'month', p_community_ids: [], p_grid_ids: [], p_availability: [],
      p_contact_name: '王师傅', p_contact_phone: '13900000000',
    }, who)

    it('the publisher and staff of its community edit it; another unit, staff of B and residents cannot', async () => {
      const r = await mk(as('unit1'))
      expect(await t.db.rpc<Resource>('resource_update', { p_id: r.id, p_capacity: 8, p_title: '水电维修（夜间）' }, as('unit1'))).toMatchObject({ capacity: 8, title: '水电维修（夜间）' })
      expect((await t.db.rpc<Resource>('resource_update', { p_id: r.id, p_categories: ['facility_repair', 'housekeeping'] }, as('staff1'))).categories.sort())
        .toEqual(['facility_repair', 'housekeeping'])
      for (const who of [by(unit2), as('staff2'), as('resident1')]) {
        expect((await failure(t.db.rpc('resource_update', { p_id: r.id, p_title: '抢来的资源' }, who))).code).toBe('auth.forbidden')
        expect((await failure(t.db.rpc('resource_archive', { p_id: r.id }, who))).code).toBe('auth.forbidden')
      }
      expect((await t.db.rpc<Resource>('resource_update', { p_id: r.id, p_clear_partner_type: true }, as('unit1'))).partnerType).toBeNull()
    })

    it('archived: not listed, matched or claimable; a project already agreed continues', async () => {
      const r = await mk(as('unit1'))
      const need = await t.db.rpc<{ id: string }>('need_create', { p_title: '厨房水管漏水', p_description: '厨房水管漏水，需要师傅上门。', p_category: 'facility_repair' }, as('resident1'))
      await t.db.rpc('need_triage', { p_id: need.id, p_track: 'private', p_severity: 'general' }, as('staff1'))
      const project = await t.db.rpc<{ id: string; status: string }>('service_claim', { p_need_id: need.id, p_resource_id: r.id }, as('unit1'))
      const a = await t.db.rpc<Resource>('resource_archive', { p_id: r.id }, as('unit1'))
      expect(a.status).toBe('archived')
      const list = await t.db.rpc<{ items: Resource[] }>('resources_list', { p_limit: 100 }, as('resident1'))
      expect(list.items.map((x) => x.id)).not.toContain(r.id)
      const input = await t.db.rpc<{ resources: { id: string }[] }>('matching_input', { p_community_id: IDS.communityA }, as('staff1'))
      expect(input.resources.map((x) => x.id)).not.toContain(r.id)
      const need2 = await t.db.rpc<{ id: string }>('need_create', { p_title: '卫生间水管漏水', p_description: '卫生间水管漏水，需要师傅上门。', p_category: 'facility_repair' }, as('resident2'))
      await t.db.rpc('need_triage', { p_id: need2.id, p_track: 'private', p_severity: 'general' }, as('staff1'))
      expect((await failure(t.db.rpc('service_claim', { p_need_id: need2.id, p_resource_id: r.id }, as('unit1')))).code).toBe('resource.not_found')
      expect((await failure(t.db.rpc('resource_update', { p_id: r.id, p_title: '重新上架' }, as('unit1')))).code).toBe('resource.archived')
      // the project agreed before continues to its confirmation
      expect((await t.db.rpc<{ status: string }>('service_confirm', { p_id: project.id }, as('staff1'))).status).toBe('confirmed')
    })
  })

  describe('rewards', () => {
    const mk = (who: Claims, stock = 3) => t.db.rpc<Reward>('reward_create', { p_title: '免费理发', p_price_beans: 10, p_stock: stock }, who)

    it('the provider edits; the price change leaves redemptions made; another unit, staff of B and residents cannot', async () => {
      await t.db.rpc('beans_award', { p_profile_id: IDS.resident1, p_amount: 100, p_reason: '环境整治表现突出', p_key: 'editing-award-1' }, as('staff1'))
      const r = await mk(as('unit1'))
      const x = await t.db.rpc<Redemption>('reward_redeem', { p_reward_id: r.id, p_key: 'editing-redeem-0001' }, as('resident1'))
      const up = await t.db.rpc<Reward>('reward_update', {
        p_id: r.id, p_price_beans: 20, p_set_limit: true, p_per_person_limit: 2, p_limit_period: 'month', p_min_credit_level: 0,
      }, as('unit1'))
      expect(up).toMatchObject({ priceBeans: 20, perPersonLimit: 2, limitPeriod: 'month' })
      const [{ price_beans }] = await t.sql<{ price_beans: number }>('select price_beans from public.redemptions where id = $1', [x.id])
      expect(price_beans).toBe(10)
      expect((await t.db.rpc<Reward>('reward_update', { p_id: r.id, p_set_limit: true }, as('staff1'))).perPersonLimit).toBeNull()
      expect((await failure(t.db.rpc('reward_update', { p_id: r.id, p_set_valid_until: true, p_valid_until: iso(-10) }, as('unit1')))).field).toBe('validUntil')
      for (const who of [by(unit2), as('staff2'), as('resident1')]) {
        expect((await failure(t.db.rpc('reward_update', { p_id: r.id, p_price_beans: 1 }, who))).code).toBe('auth.forbidden')
        expect((await failure(t.db.rpc('reward_restock', { p_id: r.id, p_add: 1 }, who))).code).toBe('auth.forbidden')
        expect((await failure(t.db.rpc('reward_archive', { p_id: r.id }, who))).code).toBe('auth.forbidden')
      }
      expect((await t.db.rpc<Reward>('reward_restock', { p_id: r.id, p_add: 5 }, as('unit1'))).stock).toBe(2 + 5)
    })

    it('archived: not listed or redeemable; an open redemption can still be verified and its holder is told', async () => {
      await t.db.rpc('beans_award', { p_profile_id: IDS.resident2, p_amount: 100, p_reason: '环境整治表现突出', p_key: 'editing-award-2' }, as('staff1'))
      const r = await mk(as('unit1'))
      const x = await t.db.rpc<Redemption>('reward_redeem', { p_reward_id: r.id, p_key: 'editing-redeem-0002' }, as('resident2'))
      const a = await t.db.rpc<Reward>('reward_archive', { p_id: r.id }, as('unit1'))
      expect(a.status).toBe('archived')
      expect((await t.db.rpc<{ items: Reward[] }>('rewards_list', {}, as('resident1'))).items.map((y) => y.id)).not.toContain(r.id)
      expect((await failure(t.db.rpc('reward_redeem', { p_reward_id: r.id, p_key: 'editing-redeem-0003' }, as('resident2')))).code).toBe('reward.not_found')
      expect((await failure(t.db.rpc('reward_restock', { p_id: r.id, p_add: 1 }, as('unit1')))).code).toBe('reward.archived')
      const told = await notifications('reward.archived', r.id)
      expect(told.map((n) => n.profile_id)).toEqual([IDS.resident2])
      const v = await t.db.rpc<Redemption>('redemption_verify', { p_code: x.code }, as('unit1'))
      expect(v.status).toBe('verified')
    })

    it.runIf(kind === 'postgres')('20 parallel restocks of +1 add exactly 20', async () => {
      const r = await mk(as('unit1'), 0)
      await Promise.all(Array.from({ length: 20 }, () => t.db.rpc('reward_restock', { p_id: r.id, p_add: 1 }, as('unit1'))))
      const [{ stock }] = await t.sql<{ stock: number }>('select stock from public.rewards where id = $1', [r.id])
      expect(stock).toBe(20)
    })
  })

  describe('community settings', () => {
    it('staff of the community and the street admin read and write; staff of B and residents are refused; every change is audited', async () => {
      const s = await t.db.rpc<CommunitySettings>('community_settings_get', { p_community_id: IDS.communityA }, as('staff1'))
      expect(s.communityId).toBe(IDS.communityA)
      expect(s.beanRules.map((r) => r.rule)).toEqual(['meeting_attendance', 'need_rated', 'talent_recommendation', 'manual_daily_cap'])
      expect(s.sla).toHaveLength(4)
      expect(await t.db.rpc<CommunitySettings>('community_settings_get', { p_community_id: IDS.communityA }, as('admin1'))).toEqual(s)
      for (const who of [as('staff2'), as('resident1')]) {
        expect((await failure(t.db.rpc('community_settings_get', { p_community_id: IDS.communityA }, who))).code).toBe('auth.forbidden')
        expect((await failure(t.db.rpc('community_settings_put', { p_community_id: IDS.communityA, p_yearly_target_hours: 1 }, who))).code).toBe('auth.forbidden')
      }
      const after = await t.db.rpc<CommunitySettings>('community_settings_put', {
        p_community_id: IDS.communityA, p_yearly_target_hours: 24.5,
        p_bean_rules: [{ rule: 'meeting_attendance', beans: 8 }],
        p_sla: [{ severity: 'general', minutes: 120, goal: 'resolve' }],
        p_need_loop: { autoCloseDays: 10 },
      }, as('staff1'))
      expect(after).toMatchObject({ yearlyTargetHours: 24.5, cosignThreshold: s.cosignThreshold, needLoop: { ...s.needLoop, autoCloseDays: 10 } })
      expect(after.beanRules.find((r) => r.rule === 'meeting_attendance')?.beans).toBe(8)
      expect(after.beanRules.find((r) => r.rule === 'need_rated')?.beans).toBe(s.beanRules.find((r) => r.rule === 'need_rated')?.beans)
      expect(after.sla.find((r) => r.severity === 'general')?.minutes).toBe(120)
      // the volunteers' yearly target follows
      expect((await t.db.rpc<{ targetHours: number }>('volunteer_me', {}, as('party1'))).targetHours).toBe(24.5)

      const audit = await t.sql<{ actor_id: string; detail: Record<string, { from: unknown; to: unknown }> }>(
        `select actor_id, detail from public.audit_log where action = 'settings.updated' and community_id = $1 order by id desc limit 1`, [IDS.communityA])
      expect(audit[0].actor_id).toBe(IDS.staff1)
      expect(Object.keys(audit[0].detail).sort()).toEqual(['beanRules', 'needLoop', 'sla', 'yearlyTargetHours'])
      expect(audit[0].detail.yearlyTargetHours).toEqual({ from: s.yearlyTargetHours, to: 24.5 })

      expect((await t.db.rpc<CommunitySettings>('community_settings_put', { p_community_id: IDS.communityB, p_cosign_threshold: 4 }, as('admin1'))).cosignThreshold).toBe(4)
      for (const [args, field] of [
        [{ p_cosign_threshold: 0 }, 'cosignThreshold'], [{ p_yearly_target_hours: -1 }, 'yearlyTargetHours'],
        [{ p_bean_rules: [{ rule: 'need_rated', beans: 5000 }] }, 'beanRules.0.beans'], [{ p_sla: [{ severity: 'major', minutes: 0, goal: 'resolve' }] }, 'sla.0.minutes'],
        [{ p_need_loop: { reopenDays: 0 } }, 'needLoop.reopenDays'],
      ] as const) {
        const e = await failure(t.db.rpc('community_settings_put', { p_community_id: IDS.communityA, ...args }, as('staff1')))
        expect(e, field).toMatchObject({ code: 'settings.value_invalid', status: 400, field })
      }
    })
  })
})
