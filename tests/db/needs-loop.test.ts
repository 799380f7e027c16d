import { describe, expect, it } from 'vitest'
import { DEFAULT_SLA_RULES, computeDue } from '../../core/needs/sla'
import type { NeedDetail, NeedStatus } from '../../core/contracts/needs'
import { NEED_STATUSES } from '../../core/contracts/needs'
import { ADAPTERS, IDS, as, failure, useTestDb, type Handle } from '../helpers/db'

/**
 * The state machine as the issue specifies it, per role: [from, to, reasonRequired].
 * staff = staff of the need's community, grid = the grid worker of its grid, owner = the resident.
 * (Triage moves submitted/triaged → triaged and rating moves resolved → evaluated through their own RPCs.)
 */
const SPEC: Record<'staff' | 'grid' | 'owner', [NeedStatus, NeedStatus, boolean][]> = {
  staff: [
    ['submitted', 'rejected', true], ['triaged', 'rejected', true], ['triaged', 'in_progress', false],
    ['triaged', 'escalated', true], ['triaged', 'in_deliberation', false], ['triaged', 'matched', false],
    ['in_progress', 'resolved', true], ['in_progress', 'escalated', true], ['in_progress', 'matched', false],
    ['in_progress', 'in_deliberation', false], ['escalated', 'in_progress', false], ['escalated', 'resolved', true],
    ['in_deliberation', 'in_progress', false], ['in_deliberation', 'resolved', true], ['matched', 'in_progress', false],
    ['matched', 'resolved', true], ['evaluated', 'closed', false],
  ],
  // 已解决 by a person needs the 办理结果 (issue 15)
  grid: [['submitted', 'rejected', true], ['triaged', 'in_progress', false], ['in_progress', 'resolved', true]],
  owner: [['resolved', 'in_progress', true]],
}
const WHO: Record<keyof typeof SPEC, Handle> = { staff: 'staff1', grid: 'grid1', owner: 'resident1' }

describe.each(ADAPTERS)('needs loop on %s', (kind) => {
  const t = useTestDb(kind, 'needsloop')

  const submit = (who: Handle = 'resident1', extra: Record<string, unknown> = {}) =>
    t.db.rpc<NeedDetail>('need_create', {
      p_title: '楼道灯坏了', p_description: '3单元楼道灯坏了一周，晚上老人上下楼很危险。', p_category: 'facility_repair', ...extra,
    }, as(who))
  /** Puts a fresh need of resident1 (micro-grid A1, grid1's grid) straight into a status. */
  async function needIn(status: NeedStatus): Promise<string> {
    const n = await submit()
    await t.sql(`update public.needs set status = $1::text::public.need_status,
      track = case when $1::text <> 'submitted' then 'shared'::public.need_track end,
      severity = case when $1::text <> 'submitted' then 'general'::public.need_severity end,
      resolved_at = case when $1::text = 'resolved' then now() end where id = $2`, [status, n.id])
    return n.id
  }

  it('every allowed transition per role succeeds (with a reason where one is required), and is on the timeline', async () => {
    for (const [role, edges] of Object.entries(SPEC) as [keyof typeof SPEC, (typeof SPEC)['staff']][]) {
      for (const [from, to, reason] of edges) {
        const id = await needIn(from)
        if (reason) {
          const e = await failure(t.db.rpc('need_transition', { p_id: id, p_to: to }, as(WHO[role])))
          expect(e.code, `${role} ${from}→${to} without reason`).toBe(to === 'resolved' ? 'need.result_required' : 'need.reason_required')
          expect(e.field).toBe('note')
        }
        const r = await t.db.rpc<NeedDetail>('need_transition', { p_id: id, p_to: to, p_note: reason ? '已说明原因和结果' : null }, as(WHO[role]))
        expect(r.status, `${role} ${from}→${to}`).toBe(to)
        const last = r.timeline.at(-1)!
        expect(last).toMatchObject({ from, to, note: reason ? '已说明原因和结果' : null })
      }
    }
  })

  it('every other transition is refused for each role', async () => {
    const targets = NEED_STATUSES.filter((s) => s !== 'triaged' && s !== 'evaluated')
    const allowed = (role: keyof typeof SPEC, from: NeedStatus, to: NeedStatus) => SPEC[role].some(([f, x]) => f === from && x === to)
    let refused = 0
    for (const role of Object.keys(SPEC) as (keyof typeof SPEC)[]) {
      for (const from of NEED_STATUSES) {
        const id = await needIn(from)
        for (const to of targets) {
          if (allowed(role, from, to)) continue
          const e = await failure(t.db.rpc('need_transition', { p_id: id, p_to: to, p_note: '试一下' }, as(WHO[role])))
          expect(['need.transition_invalid', 'auth.forbidden'], `${role} ${from}→${to}`).toContain(e.code)
          refused++
        }
        const [{ status }] = await t.sql<{ status: string }>('select status from public.needs where id = $1', [id])
        expect(status, `${role} left ${from} unchanged`).toBe(from)
      }
    }
    expect(refused).toBeGreaterThan(150)
  })

  it('residents, other residents and staff of another community cannot move a need', async () => {
    const id = await needIn('triaged')
    expect((await failure(t.db.rpc('need_transition', { p_id: id, p_to: 'in_progress' }, as('resident1')))).code).toBe('auth.forbidden')
    expect((await failure(t.db.rpc('need_transition', { p_id: id, p_to: 'in_progress' }, as('resident2')))).code).toBe('need.not_found')
    expect((await failure(t.db.rpc('need_transition', { p_id: id, p_to: 'in_progress' }, as('staff2')))).code).toBe('need.not_found')
  })

  it('triage by staff sets track, severity, handler and the SLA deadline from the community rules', async () => {
    const n = await submit()
    const before = Date.now()
    const r = await t.db.rpc<NeedDetail>('need_triage', { p_id: n.id, p_track: 'shared', p_severity: 'major', p_handler_id: IDS.staff1, p_note: '大家事，协调物业' }, as('staff1'))
    expect(r).toMatchObject({ status: 'triaged', track: 'shared', severity: 'major', handlerId: IDS.staff1, handlerName: '陈主任', dueGoal: 'resolve', overdue: false })
    const [{ triaged_at }] = await t.sql<{ triaged_at: Date }>('select triaged_at from public.needs where id = $1', [n.id])
    expect(Date.parse(r.dueAt!)).toBe(computeDue(DEFAULT_SLA_RULES, 'major', new Date(triaged_at)).dueAt.getTime())
    expect(Date.parse(r.dueAt!)).toBeGreaterThanOrEqual(before + 24 * 3600_000 - 5000)
    expect(r.timeline.map((e) => e.to)).toEqual(['submitted', 'triaged'])
    expect(r.timeline[1]).toMatchObject({ actor: 'staff', actorName: '陈主任', note: '大家事，协调物业' })
  })

  it('triage by the grid worker of the need’s grid is allowed; by a resident or staff of B it is not', async () => {
    const n = await submit()
    expect((await t.db.rpc<NeedDetail>('need_triage', { p_id: n.id, p_track: 'private', p_severity: 'general' }, as('grid1'))).status).toBe('triaged')
    const m = await submit()
    expect((await failure(t.db.rpc('need_triage', { p_id: m.id, p_track: 'private', p_severity: 'general' }, as('resident1')))).code).toBe('auth.forbidden')
    expect((await failure(t.db.rpc('need_triage', { p_id: m.id, p_track: 'private', p_severity: 'general' }, as('staff2')))).code).toBe('need.not_found')
    // a need outside grid1's grid (micro-grid A2 is in the same grid; move one to the dedicated grid)
    await t.sql(`insert into public.micro_grids (id, grid_id, name) values ('40000000-0000-4000-8000-0000000000a9', '30000000-0000-4000-8000-0000000000a2', '校园微网格') on conflict do nothing`)
    const o = await submit('resident1', { p_micro_grid_id: '40000000-0000-4000-8000-0000000000a9' })
    expect((await failure(t.db.rpc('need_triage', { p_id: o.id, p_track: 'private', p_severity: 'general' }, as('grid1')))).code).toBe('need.not_found')
  })

  it('the public track needs a department; the handler must be staff of the community', async () => {
    const n = await submit()
    expect((await failure(t.db.rpc('need_triage', { p_id: n.id, p_track: 'public', p_severity: 'general' }, as('staff1')))).field).toBe('department')
    expect((await failure(t.db.rpc('need_triage', { p_id: n.id, p_track: 'shared', p_severity: 'general', p_handler_id: IDS.staff2 }, as('staff1')))).field).toBe('handlerId')
    const r = await t.db.rpc<NeedDetail>('need_triage', { p_id: n.id, p_track: 'public', p_severity: 'general', p_department: '区市政管理所' }, as('staff1'))
    expect(r.department).toBe('区市政管理所')
  })

  it('only the owner rates, only a resolved need, 1 to 5', async () => {
    const id = await needIn('resolved')
    expect((await failure(t.db.rpc('need_evaluate', { p_id: id, p_rating: 5 }, as('staff1')))).code).toBe('auth.forbidden')
    expect((await failure(t.db.rpc('need_evaluate', { p_id: id, p_rating: 5 }, as('resident2')))).code).toBe('need.not_found')
    expect((await failure(t.db.rpc('need_evaluate', { p_id: id, p_rating: 6 }, as('resident1')))).field).toBe('rating')
    const r = await t.db.rpc<NeedDetail>('need_evaluate', { p_id: id, p_rating: 4, p_comment: '修得很快' }, as('resident1'))
    expect(r).toMatchObject({ status: 'evaluated', rating: 4, ratingComment: '修得很快' })
    expect(r.timeline.at(-1)).toMatchObject({ to: 'evaluated', actor: 'owner', note: '评价 4 星：修得很快' })
    expect((await failure(t.db.rpc('need_evaluate', { p_id: id, p_rating: 1 }, as('resident1')))).code).toBe('need.not_resolved')
    const open = await needIn('in_progress')
    expect((await failure(t.db.rpc('need_evaluate', { p_id: open, p_rating: 3 }, as('resident1')))).code).toBe('need.not_resolved')
  })

  it('the owner reopens a resolved need once, with a reason, within 7 days', async () => {
    const id = await needIn('resolved')
    const r = await t.db.rpc<NeedDetail>('need_transition', { p_id: id, p_to: 'in_progress', p_note: '灯又坏了' }, as('resident1'))
    expect(r).toMatchObject({ status: 'in_progress', reopenCount: 1 })
    await t.db.rpc('need_transition', { p_id: id, p_to: 'resolved', p_note: '已更换灯泡' }, as('staff1'))
    expect((await failure(t.db.rpc('need_transition', { p_id: id, p_to: 'in_progress', p_note: '还是不亮' }, as('resident1')))).code).toBe('need.reopen_used')
    const late = await needIn('resolved')
    await t.sql(`update public.needs set resolved_at = now() - interval '8 days' where id = $1`, [late])
    expect((await failure(t.db.rpc('need_transition', { p_id: late, p_to: 'in_progress', p_note: '又坏了' }, as('resident1')))).code).toBe('need.reopen_expired')
  })

  it('every transition queues a notification for the owner', async () => {
    const n = await submit()
    await t.db.rpc('need_triage', { p_id: n.id, p_track: 'private', p_severity: 'general' }, as('staff1'))
    await t.db.rpc('need_transition', { p_id: n.id, p_to: 'in_progress' }, as('staff1'))
    const rows = await t.sql<{ profile_id: string; kind: string; payload: { to: string } }>(
      `select profile_id, kind, payload from public.notifications where payload->>'needId' = $1 order by id`, [n.id])
    expect(rows.map((r) => r.payload.to)).toEqual(['triaged', 'in_progress'])
    expect(rows.every((r) => r.profile_id === IDS.resident1 && r.kind === 'need.status')).toBe(true)
  })

  it('overdue is derived from dueAt and the goal; staff filter by it', async () => {
    const n = await submit()
    await t.db.rpc('need_triage', { p_id: n.id, p_track: 'private', p_severity: 'general' }, as('staff1'))
    await t.sql(`update public.needs set due_at = now() - interval '5 minutes' where id = $1`, [n.id])
    expect((await t.db.rpc<NeedDetail>('need_get', { p_id: n.id }, as('resident1'))).overdue).toBe(true)
    const overdue = await t.db.rpc<{ items: { id: string; overdue: boolean }[] }>('needs_list', { p_overdue: true, p_limit: 100 }, as('staff1'))
    expect(overdue.items.map((i) => i.id)).toContain(n.id)
    expect(overdue.items.every((i) => i.overdue)).toBe(true)
    const fine = await t.db.rpc<{ items: { id: string }[] }>('needs_list', { p_overdue: false, p_limit: 100 }, as('staff1'))
    expect(fine.items.map((i) => i.id)).not.toContain(n.id)
    const shared = await t.db.rpc<{ items: { track: string }[] }>('needs_list', { p_track: 'private', p_severity: 'general', p_limit: 100 }, as('staff1'))
    expect(shared.items.length).toBeGreaterThan(0)
    expect(shared.items.every((i) => i.track === 'private')).toBe(true)
    const oldest = await t.db.rpc<{ items: { createdAt: string }[] }>('needs_list', { p_oldest_first: true, p_limit: 5 }, as('staff1'))
    const times = oldest.items.map((i) => i.createdAt)
    expect([...times].sort()).toEqual(times)
  })

  it('address and contact are personal: owner and staff see them, a follower does not', async () => {
    const n = await submit('resident1', { p_address: '和平路 12 号 3 单元 502' })
    expect(n.address).toBe('和平路 12 号 3 单元 502')
    expect((await t.db.rpc<NeedDetail>('need_get', { p_id: n.id }, as('staff1'))).address).toBe('和平路 12 号 3 单元 502')
    await t.db.rpc('need_follow', { p_id: n.id }, as('resident2'))
    const seen = await t.db.rpc<NeedDetail>('need_get', { p_id: n.id }, as('resident2'))
    expect(seen.address).toBeNull()
    expect(seen.following).toBe(true)
    expect((await failure(t.db.rpc('need_get', { p_id: n.id }, as('resident3')))).code).toBe('need.not_found')
  })

  it('follow (+1) is idempotent, counted, and limited to the community; unfollow undoes it', async () => {
    const n = await submit()
    expect(await t.db.rpc('need_follow', { p_id: n.id }, as('resident2'))).toEqual({ id: n.id, followers: 1, following: true })
    expect(await t.db.rpc('need_follow', { p_id: n.id }, as('resident2'))).toEqual({ id: n.id, followers: 1, following: true })
    expect(await t.db.rpc('need_follow', { p_id: n.id }, as('party1'))).toMatchObject({ followers: 2 })
    expect((await failure(t.db.rpc('need_follow', { p_id: n.id }, as('resident3')))).code).toBe('need.not_found')
    expect((await failure(t.db.rpc('need_follow', { p_id: n.id }, as('resident1')))).code).toBe('need.follow_own')
    expect(await t.db.rpc('need_follow', { p_id: n.id, p_follow: false }, as('resident2'))).toEqual({ id: n.id, followers: 1, following: false })
    expect((await t.db.rpc<NeedDetail>('need_get', { p_id: n.id }, as('resident1'))).followers).toBe(1)
  })

  it('similar open needs in the same micro-grid are suggested by title', async () => {
    const a = await submit('resident2', { p_title: '3单元楼道灯不亮了', p_micro_grid_id: IDS.microA1 })
    await submit('resident2', { p_title: '小区门口垃圾没人清理', p_micro_grid_id: IDS.microA1 })
    const elsewhere = await submit('resident2', { p_title: '3单元楼道灯不亮', p_micro_grid_id: IDS.microA2 })
    const hits = (await t.db.rpc<{ items: { id: string; title: string; similarity: number }[] }>('needs_similar', { p_micro_grid_id: IDS.microA1, p_title: '楼道灯不亮' }, as('resident1'))).items
    expect(hits.map((h) => h.id)).toContain(a.id)
    expect(hits.map((h) => h.id)).not.toContain(elsewhere.id)
    expect(hits.every((h) => !h.title.includes('垃圾'))).toBe(true)
    expect((await failure(t.db.rpc('needs_similar', { p_micro_grid_id: IDS.microB1, p_title: '楼道灯' }, as('resident1')))).field).toBe('microGridId')
  })

  it('a grid worker files on behalf of a resident (owned by them) or of a name+phone record', async () => {
    const forResident = await t.db.rpc<NeedDetail>('need_create', {
      p_title: '代办：助餐申请', p_description: '王奶奶行动不便，需要社区助餐送餐上门。', p_category: 'meal_aid',
      p_source: 'on_behalf', p_on_behalf_of: IDS.resident2,
    }, as('grid1'))
    expect(forResident).toMatchObject({ createdBy: IDS.resident2, source: 'on_behalf', microGridId: IDS.microA2 })
    const mine = (await t.db.rpc<{ items: { id: string }[] }>('needs_mine', {}, as('resident2'))).items
    expect(mine.map((m) => m.id)).toContain(forResident.id)
    const record = await t.db.rpc<NeedDetail>('need_create', {
      p_title: '代办：独居老人助浴', p_description: '独居老人没有手机，需要助浴服务，每周一次。', p_category: 'elderly_childcare',
      p_source: 'on_behalf', p_contact_name: '刘奶奶', p_contact_phone: '02588886666', p_micro_grid_id: IDS.microA1,
    }, as('grid1'))
    expect(record).toMatchObject({ createdBy: null, contactName: '刘奶奶' })
    expect((await t.db.rpc<NeedDetail>('need_get', { p_id: record.id }, as('grid1'))).contactPhone).toBeNull()
    expect((await t.db.rpc<NeedDetail>('need_get', { p_id: record.id }, as('staff1'))).contactPhone).toBe('02588886666')
    expect((await failure(t.db.rpc('need_create', {
      p_title: '代办：助餐申请', p_description: '王奶奶行动不便，需要社区助餐送餐上门。', p_category: 'meal_aid', p_source: 'on_behalf', p_on_behalf_of: IDS.resident2,
    }, as('resident1')))).code).toBe('auth.forbidden')
    expect((await failure(t.db.rpc('need_create', {
      p_title: '代办：助餐申请', p_description: '王奶奶行动不便，需要社区助餐送餐上门。', p_category: 'meal_aid', p_source: 'on_behalf', p_on_behalf_of: IDS.resident3,
    }, as('grid1')))).field).toBe('onBehalfOf')
    const patrol = await t.db.rpc<NeedDetail>('need_create', {
      p_title: '巡查：井盖缺失', p_description: '2号楼前井盖缺失，存在安全隐患，已临时围挡。', p_category: 'facility_repair', p_source: 'patrol', p_micro_grid_id: IDS.microA2,
    }, as('grid1'))
    expect(patrol).toMatchObject({ createdBy: IDS.grid1, source: 'patrol' })
    expect(patrol.timeline[0].note).toBe('网格员巡查发现')
  })

  it('staff of the community and the street admin edit the SLA rule; staff of another community and residents may not', async () => {
    await expect(t.db.rpc('sla_rules_get', { p_community_id: IDS.communityA }, as('staff1'))).resolves.toMatchObject({ communityId: IDS.communityA })
    expect((await failure(t.db.rpc('sla_rule_set', { p_community_id: IDS.communityA, p_severity: 'general', p_minutes: 30, p_goal: 'resolve' }, as('staff2')))).code).toBe('auth.forbidden')
    expect((await failure(t.db.rpc('sla_rule_set', { p_community_id: IDS.communityA, p_severity: 'general', p_minutes: 30, p_goal: 'resolve' }, as('resident1')))).code).toBe('auth.forbidden')
    await t.db.rpc('sla_rule_set', { p_community_id: IDS.communityA, p_severity: 'major', p_minutes: 720, p_goal: 'resolve' }, as('staff1'))
    expect((await failure(t.db.rpc('sla_rules_get', { p_community_id: IDS.communityA }, as('resident1')))).code).toBe('auth.forbidden')
    const r = await t.db.rpc<{ rules: { severity: string; minutes: number }[] }>('sla_rule_set', { p_community_id: IDS.communityA, p_severity: 'general', p_minutes: 30, p_goal: 'resolve' }, as('admin1'))
    expect(r.rules.find((x) => x.severity === 'general')!.minutes).toBe(30)
    expect(r.rules.find((x) => x.severity === 'major')!.minutes).toBe(720)
    // each change is in the audit log, by whom
    const audit = await t.sql<{ actor_id: string }>(`select actor_id from public.audit_log where action = 'settings.updated' and community_id = $1 and detail ? 'sla' order by id`, [IDS.communityA])
    expect(audit.map((a) => a.actor_id)).toEqual([IDS.staff1, IDS.admin1])
    const n = await submit()
    const tri = await t.db.rpc<NeedDetail>('need_triage', { p_id: n.id, p_track: 'private', p_severity: 'general' }, as('staff1'))
    expect(Date.parse(tri.dueAt!) - Date.now()).toBeLessThan(31 * 60_000)
    expect(Date.parse(tri.dueAt!) - Date.now()).toBeGreaterThan(29 * 60_000)
  })

  it('the timeline is append-only even for the service role', async () => {
    await t.sql('set role service_role')
    try {
      await expect(t.sql('delete from public.need_events')).rejects.toThrow(/permission denied/)
      await expect(t.sql('update public.need_events set note = null')).rejects.toThrow(/permission denied/)
    } finally {
      await t.sql('reset role')
    }
  })
})
