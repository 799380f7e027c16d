import { describe, expect, it } from 'vitest'
import type { Motion, Resolution } from '../../core/contracts/deliberation'
import type { Post, Shift } from '../../core/contracts/volunteers'
import { ADAPTERS, IDS, as, failure, useTestDb } from '../helpers/db'

// Follow-ups to issue 13 (20261201000600_deliberation.sql, 20261201000400_volunteers.sql): staff never accept their own action item, staff of the
// community hear of a report in the inbox, and a volunteer who forgot to check out is reminded once that 补签退 exists.

const iso = (m: number) => new Date(Date.now() + m * 60_000).toISOString()
const SITE = { lat: 32.0416, lng: 118.7784 }
const SERVICE = { role: 'service_role' } as const

describe.each(ADAPTERS)('issue 13 follow-ups on %s', (kind) => {
  const t = useTestDb(kind, 'followups')

  /** A passed motion of community A with one action item owned by `owner`. */
  async function actionOwnedBy(owner: 'grid1' | 'staff1') {
    const m = await t.db.rpc<{ id: string }>('meeting_create', {
      p_title: '凉亭修缮议事会', p_form: 'street_side', p_starts_at: iso(10), p_place: '3号楼下', p_capacity: 50,
    }, as('staff1'))
    const motion = await t.db.rpc<Motion>('motion_create', { p_meeting_id: m.id, p_title: '修缮凉亭', p_options: ['同意', '反对'], p_voters: 'residents', p_quorum: 1, p_threshold: 'majority' }, as('staff1'))
    await t.db.rpc('motion_vote', { p_id: motion.id, p_option_id: motion.options[0].id }, as('resident1'))
    const rid = (await t.db.rpc<Motion>('motion_close', { p_id: motion.id }, as('staff1'))).resolutionId!
    const r = await t.db.rpc<Resolution>('resolution_action_add', { p_id: rid, p_title: '更换凉亭顶棚', p_owner_id: IDS[owner], p_due_at: iso(60 * 24 * 7) }, as('staff1'))
    return { rid, action: r.actions[0] }
  }

  const told = async (kind: string, key: string, id: string) =>
    (await t.sql<{ profile_id: string }>(
      `select profile_id from public.notifications where kind = $1 and payload->>$2 = $3 order by profile_id`, [kind, key, id],
    )).map((r) => r.profile_id)

  describe('验收 is never by the item\'s owner', () => {
    it('staff who own an item cannot accept their own report (409); other staff of the community can', async () => {
      const { rid, action } = await actionOwnedBy('staff1')
      await t.db.rpc('action_progress_add', { p_id: action.id, p_note: '顶棚已换好', p_percent: 100 }, as('staff1'))
      const own = await failure(t.db.rpc('action_accept', { p_id: action.id }, as('staff1')))
      expect([own.code, own.status]).toEqual(['action.accept_own', 409])
      expect(own.userMessage).toBe('不能验收自己负责的事项，请由其他社区工作者验收')
      const [row] = await t.sql<{ status: string; done_at: string | null }>('select status, done_at from public.resolution_actions where id = $1', [action.id])
      expect(row).toEqual({ status: 'reported', done_at: null })
      // admin1 holds `admin` in community A: staff of it, and not the owner
      const accepted = await t.db.rpc<Resolution>('action_accept', { p_id: action.id }, as('admin1'))
      expect(accepted.actions[0].status).toBe('done')
      const [{ accepted_by }] = await t.sql<{ accepted_by: string }>('select accepted_by from public.resolution_actions where id = $1', [action.id])
      expect(accepted_by).toBe(IDS.admin1)
      expect((await t.sql<{ status: string }>('select status from public.resolutions where id = $1', [rid]))[0].status).toBe('completed')
    })

    it('an owner who is not staff is still refused as before (auth.forbidden), and staff accept their report', async () => {
      const { action } = await actionOwnedBy('grid1')
      await t.db.rpc('action_progress_add', { p_id: action.id, p_note: '顶棚已换好', p_percent: 100 }, as('grid1'))
      expect((await failure(t.db.rpc('action_accept', { p_id: action.id }, as('grid1')))).code).toBe('auth.forbidden')
      expect((await t.db.rpc<Resolution>('action_accept', { p_id: action.id }, as('staff1'))).actions[0].status).toBe('done')
    })
  })

  describe('staff hear of a report', () => {
    it('the owner\'s 100% tells the staff of the resolution\'s community (not the reporter, not another community), once per report', async () => {
      const { rid, action } = await actionOwnedBy('grid1')
      await t.db.rpc('action_progress_add', { p_id: action.id, p_note: '材料已采购', p_percent: 60 }, as('grid1'))
      // progress short of 100% is not a report
      expect(await told('action.reported', 'actionId', action.id)).toEqual([])
      await t.db.rpc('action_progress_add', { p_id: action.id, p_note: '顶棚已换好', p_percent: 100 }, as('grid1'))
      expect(await told('action.reported', 'actionId', action.id)).toEqual([IDS.staff1, IDS.admin1].sort())
      const [{ payload }] = await t.sql<{ payload: Record<string, unknown> }>(
        `select payload from public.notifications where kind = 'action.reported' and profile_id = $1 and payload->>'actionId' = $2`, [IDS.staff1, action.id],
      )
      expect(payload).toMatchObject({ resolutionId: rid, actionId: action.id, title: '修缮凉亭', actionTitle: '更换凉亭顶棚', ownerName: '赵网格', note: '顶棚已换好' })
      // returned and reported again: staff are told of the new report
      await t.db.rpc('action_return', { p_id: action.id, p_reason: '顶棚有一角漏雨' }, as('staff1'))
      await t.db.rpc('action_progress_add', { p_id: action.id, p_note: '漏雨处已修补', p_percent: 100 }, as('grid1'))
      expect(await told('action.reported', 'actionId', action.id)).toEqual([IDS.staff1, IDS.staff1, IDS.admin1, IDS.admin1].sort())
    })

    it('staff who report their own item are not told of it; the other staff are', async () => {
      const { action } = await actionOwnedBy('staff1')
      await t.db.rpc('action_progress_add', { p_id: action.id, p_note: '已完成', p_percent: 100 }, as('staff1'))
      expect(await told('action.reported', 'actionId', action.id)).toEqual([IDS.admin1])
    })

    it('the staff member reads it in the inbox', async () => {
      const { action } = await actionOwnedBy('grid1')
      await t.db.rpc('action_progress_add', { p_id: action.id, p_note: '顶棚已换好', p_percent: 100 }, as('grid1'))
      const page = await t.db.rpc<{ items: Array<{ kind: string; payload: { actionId: string } }> }>('notifications_list', {}, as('staff1'))
      expect(page.items.some((i) => i.kind === 'action.reported' && i.payload.actionId === action.id)).toBe(true)
    })
  })

  describe('a forgotten check-out is reminded once', () => {
    /** A 60-minute slot party1 claimed and checked in to; the slot is then moved to have ended `endedMinutesAgo`. */
    async function checkedIn(endedMinutesAgo: number, title = '周末助老服务') {
      const post = await t.db.rpc<Post>('post_create', {
        p_title: title, p_category: 'elderly_disabled_aid', p_place: '和平社区活动中心',
        p_lat: SITE.lat, p_lng: SITE.lng, p_radius_m: 200, p_bean_rate_per_hour: 10,
        p_slots: [{ startsAt: iso(-10), endsAt: iso(50), capacity: 3 }],
      }, as('staff1'))
      const s = await t.db.rpc<Shift>('shift_claim', { p_post_id: post.id, p_slot_id: post.slots[0].id }, as('party1'))
      await t.db.rpc('shift_check_in', { p_id: s.id, p_lat: SITE.lat, p_lng: SITE.lng }, as('party1'))
      const move = async (minutesAgo: number) => {
        await t.sql(
          `update public.post_slots set starts_at = now() - make_interval(mins => $2) - interval '60 minutes', ends_at = now() - make_interval(mins => $2) where id = $1`,
          [post.slots[0].id, minutesAgo],
        )
        await t.sql(`update public.shifts set check_in_at = now() - make_interval(mins => $2) - interval '62 minutes' where id = $1`, [s.id, minutesAgo])
      }
      await move(endedMinutesAgo)
      return { post, shift: s, move }
    }

    it('the sweep tells the volunteer once, with the post, after the check-out window closed', async () => {
      const { post, shift, move } = await checkedIn(20)
      // still inside the check-out window (slot end + 30 minutes): nothing yet
      await t.db.rpc('shifts_sweep', {}, SERVICE)
      expect(await told('shift.checkout_missed', 'shiftId', shift.id)).toEqual([])
      await move(45)
      const swept = await t.db.rpc<{ noShows: number; checkoutReminders: number }>('shifts_sweep', {}, SERVICE)
      expect(swept.checkoutReminders).toBeGreaterThanOrEqual(1)
      expect(await told('shift.checkout_missed', 'shiftId', shift.id)).toEqual([IDS.party1])
      const [{ payload }] = await t.sql<{ payload: Record<string, unknown> }>(
        `select payload from public.notifications where kind = 'shift.checkout_missed' and payload->>'shiftId' = $1`, [shift.id],
      )
      expect(payload).toMatchObject({ shiftId: shift.id, postId: post.id, title: '周末助老服务' })
      expect(Date.parse(String(payload.until)) - Date.parse(String(payload.endsAt))).toBe(7 * 86_400_000)
      // the shift stays checked in: the reminder does not close it, the volunteer's 补签退 does
      expect((await t.sql<{ status: string }>('select status from public.shifts where id = $1', [shift.id]))[0].status).toBe('checked_in')
      // the hourly sweep never tells twice
      await t.db.rpc('shifts_sweep', {}, SERVICE)
      await move(180)
      await t.db.rpc('shifts_sweep', {}, SERVICE)
      expect(await told('shift.checkout_missed', 'shiftId', shift.id)).toEqual([IDS.party1])
      // and the request it points to is open
      const asked = await t.db.rpc<Shift>('shift_close_request', { p_id: shift.id, p_minutes: 55, p_note: '走时忘记签退' }, as('party1'))
      expect(asked.closure?.minutes).toBe(55)
    })

    it('no reminder for a shift already asked to be closed, checked out, or past the 7-day request window', async () => {
      const asked = await checkedIn(45, '已申请补签退的岗位')
      await t.db.rpc('shift_close_request', { p_id: asked.shift.id, p_minutes: 50, p_note: '忘记签退' }, as('party1'))
      const old = await checkedIn(8 * 24 * 60, '很久以前的岗位')
      const out = await checkedIn(-30, '已签退的岗位')
      await t.db.rpc('shift_check_out', { p_id: out.shift.id, p_lat: SITE.lat, p_lng: SITE.lng, p_notes: '陪老人聊天' }, as('party1'))
      await out.move(45)
      await t.db.rpc('shifts_sweep', {}, SERVICE)
      for (const s of [asked, old, out]) expect(await told('shift.checkout_missed', 'shiftId', s.shift.id)).toEqual([])
    })
  })
})
