import { beforeAll, describe, expect, it } from 'vitest'
import type { NeedDetail, NeedFull, SimilarNeed } from '../../core/contracts/needs'
import type { z } from 'zod'
import type { ZClaimableNeed } from '../../core/contracts/services'
import { ADAPTERS, IDS, as, failure, useTestDb, type Handle } from '../helpers/db'

// Issue 14 item 2: every needs list keyset-paged (at most 50 a page), set-based, and showing each person exactly the
// rows they saw before. The scene has ties on created_at inside every list so that page boundaries fall inside them.

type Page<T> = { items: T[]; hasMore: boolean }
type Keyed = { id: string; createdAt: string }
type ClaimableNeed = z.infer<typeof ZClaimableNeed>

/** Ids whose order is known: within one created_at, id desc puts …9 before …1. */
const nid = (n: number) => `73000000-0000-4000-8000-${String(n).padStart(12, '0')}`
const CHENGGUAN = 'd1000000-0000-4000-8000-000000000001'
const ZHUJIAN = 'd1000000-0000-4000-8000-000000000002'
const BASE = Date.parse('2026-10-01T08:00:00Z')
const at = (minutes: number) => new Date(BASE + minutes * 60_000).toISOString()

interface Row {
  n: number
  minute: number
  community: 'A' | 'B'
  micro: string | null
  owner: Handle
  status: string
  track?: 'private' | 'shared' | 'public'
  severity?: 'general' | 'major'
  /** minutes from now: negative is past due */
  dueIn?: number
  dept?: string
  title?: string
  category?: string
}

// 16 needs of A (micro-grids A1 and A2 of grid A1, grid1's; and none), 4 of B; ties at minutes 10, 20, 40 and 60
const ROWS: Row[] = [
  { n: 1, minute: 0, community: 'A', micro: IDS.microA1, owner: 'resident1', status: 'closed', track: 'private', severity: 'general' },
  { n: 2, minute: 10, community: 'A', micro: IDS.microA1, owner: 'resident1', status: 'submitted', title: '三号楼楼道灯不亮了' },
  { n: 3, minute: 10, community: 'A', micro: IDS.microA2, owner: 'resident2', status: 'triaged', track: 'private', severity: 'general', dueIn: -30 },
  { n: 4, minute: 10, community: 'A', micro: null, owner: 'resident2', status: 'in_progress', track: 'shared', severity: 'major', dueIn: 600 },
  { n: 5, minute: 20, community: 'A', micro: IDS.microA1, owner: 'resident1', status: 'in_progress', track: 'private', severity: 'major', dueIn: -5 },
  { n: 6, minute: 20, community: 'A', micro: IDS.microA2, owner: 'party1', status: 'escalated', track: 'shared', severity: 'general' },
  { n: 7, minute: 30, community: 'A', micro: IDS.microA1, owner: 'resident1', status: 'triaged', track: 'public', severity: 'general', dept: CHENGGUAN, dueIn: 60, title: '楼道灯不亮需要维修', category: 'facility_repair' },
  { n: 8, minute: 40, community: 'A', micro: IDS.microA1, owner: 'talent1', status: 'submitted', title: '楼道灯又不亮了' },
  { n: 9, minute: 40, community: 'A', micro: IDS.microA2, owner: 'resident2', status: 'triaged', track: 'private', severity: 'general', dueIn: -60, category: 'facility_repair' },
  { n: 10, minute: 40, community: 'A', micro: IDS.microA1, owner: 'resident1', status: 'in_progress', track: 'public', severity: 'major', dept: ZHUJIAN, dueIn: -1, category: 'facility_repair' },
  { n: 11, minute: 50, community: 'A', micro: IDS.microA2, owner: 'resident2', status: 'matched', track: 'private', severity: 'general', category: 'facility_repair' },
  { n: 12, minute: 60, community: 'A', micro: IDS.microA1, owner: 'resident1', status: 'evaluated', track: 'private', severity: 'general' },
  { n: 13, minute: 60, community: 'A', micro: null, owner: 'party1', status: 'triaged', track: 'public', severity: 'general', dept: CHENGGUAN, category: 'facility_repair' },
  { n: 14, minute: 60, community: 'A', micro: IDS.microA1, owner: 'resident1', status: 'rejected' },
  { n: 15, minute: 70, community: 'A', micro: IDS.microA2, owner: 'resident2', status: 'resolved', track: 'private', severity: 'general' },
  { n: 16, minute: 80, community: 'A', micro: IDS.microA1, owner: 'resident1', status: 'triaged', track: 'private', severity: 'general', category: 'facility_repair' },
  { n: 21, minute: 10, community: 'B', micro: IDS.microB1, owner: 'resident3', status: 'escalated', track: 'private', severity: 'general' },
  { n: 22, minute: 40, community: 'B', micro: IDS.microB1, owner: 'resident3', status: 'triaged', track: 'public', severity: 'general', dept: CHENGGUAN },
  { n: 23, minute: 40, community: 'B', micro: IDS.microB1, owner: 'resident3', status: 'submitted' },
  { n: 24, minute: 90, community: 'B', micro: IDS.microB1, owner: 'resident3', status: 'triaged', track: 'shared', severity: 'general', category: 'facility_repair' },
]

/** newest first, ties by id desc, as every needs list but 认领需求 */
const newest = (rows: Row[]) => [...rows].sort((a, b) => b.minute - a.minute || b.n - a.n).map((r) => nid(r.n))
const oldest = (rows: Row[]) => [...rows].sort((a, b) => a.minute - b.minute || a.n - b.n).map((r) => nid(r.n))
const inA = ROWS.filter((r) => r.community === 'A')
const ACTIVE = ['submitted', 'triaged', 'in_progress', 'resolved', 'escalated', 'in_deliberation', 'matched']

describe.each(ADAPTERS)('needs lists: keyset pages, same rows for each person, on %s', (kind) => {
  const t = useTestDb(kind, 'needslists')
  let unitResource: string

  beforeAll(async () => {
    for (const r of ROWS) {
      const owner = IDS[r.owner]
      await t.sql(
        `insert into public.needs (id, community_id, micro_grid_id, title, description, category, status, created_by, submitted_by,
           track, severity, department, department_id, due_at, due_goal, created_at, updated_at)
         values ($1, $2, $3, $4, '用来检查需求清单分页和权限的需求。', $5::public.need_category, $6::public.need_status, $7, $7,
           $8::public.need_track, $9::public.need_severity, case when $8 = 'public' then '城管' end, $10,
           case when $11::int is null then null else now() + make_interval(mins => $11::int) end,
           case when $11::int is null then null else 'resolve'::public.sla_goal end, $12, $12)`,
        [nid(r.n), r.community === 'A' ? IDS.communityA : IDS.communityB, r.micro, r.title ?? `清单测试需求${r.n}`,
          r.category ?? 'other', r.status, owner, r.track ?? null, r.severity ?? null, r.dept ?? null, r.dueIn ?? null, at(r.minute)],
      )
    }
    // staff1 follows need 3: `following` on staff1's rows, on nobody else's
    await t.sql(`insert into public.need_followers (need_id, profile_id) values ($1, $2)`, [nid(3), IDS.staff1])
    // unit1: one active repair resource in A; need 16 is already taken by it (a live project), need 11 is at its demand
    const [res] = await t.sql<{ id: string }>(
      `insert into public.resources (community_id, publisher_id, title, kind, categories, capacity, contact_name, contact_phone)
       values ($1, $2, '上门维修', 'social', '{facility_repair}', 5, '联系人', '13900000000') returning id`, [IDS.communityA, IDS.unit1])
    unitResource = res.id
    const [other] = await t.sql<{ id: string }>(
      `insert into public.resources (community_id, publisher_id, title, kind, categories, capacity, contact_name, contact_phone)
       values ($1, $2, '社区维修队', 'social', '{facility_repair}', 5, '联系人', '13900000001') returning id`, [IDS.communityA, IDS.talent1])
    // need 16 asks for two providers: unit1 holds one place, talent1 may still take the other
    await t.sql(`update public.needs set demand = 2 where id = $1`, [nid(16)])
    for (const [need, resource] of [[16, unitResource], [11, other.id]] as const) {
      await t.sql(`insert into public.service_projects (community_id, need_id, resource_id, origin, status, created_by)
        values ($1, $2, $3, 'community_claim', 'proposed', $4)`, [IDS.communityA, nid(need), resource, IDS.staff1])
    }
  })

  /** Follows a list to its end with pages of `limit`, checking each page's size, and returns the ids in order. */
  async function collect<T extends Keyed>(fn: string, args: Record<string, unknown>, who: Handle, limit: number,
    key: (last: T) => Record<string, unknown> = (last) => ({ p_after_created_at: last.createdAt, p_after_id: last.id })) {
    const pages: T[][] = []
    let after: Record<string, unknown> = {}
    for (let guard = 0; guard < 60; guard++) {
      const page = await t.db.rpc<Page<T>>(fn, { ...args, ...after, p_limit: limit }, as(who))
      expect(page.items.length).toBeLessThanOrEqual(limit)
      pages.push(page.items)
      if (!page.hasMore) break
      expect(page.items).toHaveLength(limit)
      after = key(page.items.at(-1)!)
    }
    const ids = pages.flat().map((x) => x.id)
    expect(new Set(ids).size, `${fn} gives each row once`).toBe(ids.length)
    return { ids, pages, items: pages.flat() }
  }

  const ours = (ids: string[]) => ids.filter((id) => id.startsWith('73000000'))

  describe('the staff queue (needs_list)', () => {
    it('pages of 1, 2 and 3 give every need of the community once, newest first, ties by id; oldest first the reverse', async () => {
      for (const limit of [1, 2, 3]) {
        expect(ours((await collect<NeedFull>('needs_list', {}, 'staff1', limit)).ids), `limit ${limit}`).toEqual(newest(inA))
        expect(ours((await collect<NeedFull>('needs_list', { p_oldest_first: true }, 'staff1', limit)).ids)).toEqual(oldest(inA))
      }
      // a boundary inside a tie: minute 60 holds 14, 13, 12 (limit 2 after 16, 15: the page 14, 13 | 12 …)
      const { pages } = await collect<NeedFull>('needs_list', {}, 'staff1', 2)
      const cut = pages.findIndex((p) => p.some((x) => x.id === nid(13)))
      expect(pages[cut].at(-1)!.createdAt).toBe(pages[cut + 1][0].createdAt)
    })

    it('every filter pages the same way: status, overdue, track, severity, grid, and together', async () => {
      const cases: [Record<string, unknown>, Row[]][] = [
        [{ p_status: 'submitted' }, inA.filter((r) => r.status === 'submitted')],
        [{ p_status: 'triaged' }, inA.filter((r) => r.status === 'triaged')],
        [{ p_status: 'closed' }, inA.filter((r) => r.status === 'closed')],
        [{ p_overdue: true }, inA.filter((r) => r.dueIn !== undefined && r.dueIn < 0)],
        [{ p_overdue: false }, inA.filter((r) => !(r.dueIn !== undefined && r.dueIn < 0))],
        [{ p_track: 'public' }, inA.filter((r) => r.track === 'public')],
        [{ p_severity: 'major' }, inA.filter((r) => r.severity === 'major')],
        [{ p_grid_id: IDS.gridA1 }, inA.filter((r) => r.micro !== null)],
        [{ p_grid_id: IDS.gridA1, p_status: 'triaged', p_track: 'private' }, inA.filter((r) => r.micro && r.status === 'triaged' && r.track === 'private')],
      ]
      for (const [args, rows] of cases) {
        expect(rows.length, JSON.stringify(args)).toBeGreaterThan(0)
        expect(ours((await collect<NeedFull>('needs_list', args, 'staff1', 2)).ids), JSON.stringify(args)).toEqual(newest(rows))
        expect(ours((await collect<NeedFull>('needs_list', { ...args, p_oldest_first: true }, 'staff1', 1)).ids)).toEqual(oldest(rows))
      }
      const overdue = (await collect<NeedFull>('needs_list', { p_overdue: true }, 'staff1', 50)).items
      expect(overdue.every((n) => n.overdue)).toBe(true)
      // another community's grid is nobody's filter
      const [gB] = await t.sql<{ id: string }>(`select id from public.grids where community_id = $1 limit 1`, [IDS.communityB])
      expect(await t.db.rpc('needs_list', { p_grid_id: gB.id }, as('staff1'))).toEqual({ items: [], hasMore: false })
    })

    it('a grid worker pages the needs of their grids’ micro-grids only, with every filter', async () => {
      const mine = inA.filter((r) => r.micro !== null)
      expect(ours((await collect<NeedFull>('needs_list', {}, 'grid1', 2)).ids)).toEqual(newest(mine))
      expect(ours((await collect<NeedFull>('needs_list', { p_oldest_first: true }, 'grid1', 3)).ids)).toEqual(oldest(mine))
      expect(ours((await collect<NeedFull>('needs_list', { p_status: 'submitted' }, 'grid1', 1)).ids)).toEqual(newest(mine.filter((r) => r.status === 'submitted')))
      expect(ours((await collect<NeedFull>('needs_list', { p_overdue: true, p_oldest_first: true }, 'grid1', 1)).ids))
        .toEqual(oldest(mine.filter((r) => r.dueIn !== undefined && r.dueIn < 0)))
      expect(ours((await collect<NeedFull>('needs_list', { p_grid_id: IDS.gridA1, p_severity: 'major' }, 'grid1', 1)).ids))
        .toEqual(newest(mine.filter((r) => r.severity === 'major')))
      // a grid that is not theirs gives nothing
      const [gA2] = await t.sql<{ id: string }>(`select id from public.grids where community_id = $1 and id <> $2 limit 1`, [IDS.communityA, IDS.gridA1])
      expect(await t.db.rpc('needs_list', { p_grid_id: gA2.id }, as('grid1'))).toEqual({ items: [], hasMore: false })
      // address and contact are for staff, not the grid worker's queue
      const any = (await t.db.rpc<Page<NeedFull>>('needs_list', {}, as('grid1'))).items
      expect(any.every((n) => n.address === null && n.contactPhone === null)).toBe(true)
    })

    it('who may read it: staff of the community and grid workers; residents, units, departments and street admins of no community are refused', async () => {
      for (const h of ['resident1', 'resident3', 'party1', 'talent1', 'unit1', 'dept1'] as const) {
        expect((await failure(t.db.rpc('needs_list', {}, as(h)))).code, h).toBe('auth.forbidden')
      }
      expect(ours((await collect<NeedFull>('needs_list', {}, 'staff2', 50)).ids)).toEqual(newest(ROWS.filter((r) => r.community === 'B')))
      await expect(t.db.rpc('needs_list', {}, { role: 'anon' })).rejects.toThrow(/permission denied/)
    })

    it('a row is the list shape of need_get (same fields and values, detail aside), with following and department names', async () => {
      const items = (await collect<NeedFull>('needs_list', {}, 'staff1', 50)).items.filter((n) => ours([n.id]).length)
      for (const item of items) {
        const { timeline: _t, actions: _a, canTriage: _c, canAnswer: _d, outcome: _o, story: _s, ...full } = await t.db.rpc<NeedDetail & { canAnswer?: boolean }>('need_get', { p_id: item.id }, as('staff1'))
        expect(item, item.title).toEqual(full)
      }
      expect(items.find((n) => n.id === nid(7))).toMatchObject({ departmentId: CHENGGUAN, departmentName: '城管科', microGridName: '1号楼微网格' })
      expect(items.find((n) => n.id === nid(3))).toMatchObject({ following: true })
      expect(items.filter((n) => n.following).map((n) => n.id)).toEqual([nid(3)])
      const worker = (await collect<NeedFull>('needs_list', {}, 'grid1', 50)).items
      expect(worker.find((n) => n.id === nid(3))).toMatchObject({ following: false })
    })

    it('the limit is clamped to 1..50 (default 20)', async () => {
      await t.sql(`insert into public.needs (community_id, micro_grid_id, title, description, category, created_by, submitted_by, created_at)
        select $1, $2, '批量需求' || g, '用来检查每页上限的需求。', 'other', $3, $3, '2026-09-01T00:00:00Z'::timestamptz + g * interval '1 second'
        from generate_series(1, 60) g`, [IDS.communityA, IDS.microA1, IDS.resident2])
      try {
        const capped = await t.db.rpc<Page<NeedFull>>('needs_list', { p_limit: 1000 }, as('staff1'))
        expect(capped.items).toHaveLength(50)
        expect(capped.hasMore).toBe(true)
        expect((await t.db.rpc<Page<NeedFull>>('needs_list', {}, as('staff1'))).items).toHaveLength(20)
        expect((await t.db.rpc<Page<NeedFull>>('needs_list', { p_limit: 0 }, as('staff1'))).items).toHaveLength(1)
        expect((await t.db.rpc<Page<NeedFull>>('needs_mine', { p_limit: 1000 }, as('resident2'))).items).toHaveLength(50)
        expect((await t.db.rpc<Page<NeedFull>>('needs_list', { p_limit: 1000 }, as('grid1'))).items).toHaveLength(50)
      } finally {
        await t.sql(`delete from public.needs where title like '批量需求%'`)
      }
    })
  })

  describe('我的需求 (needs_mine)', () => {
    it('pages the caller’s own needs, newest first across ties, with address and contact; nobody else’s', async () => {
      for (const who of ['resident1', 'resident2', 'party1', 'resident3'] as const) {
        const own = ROWS.filter((r) => r.owner === who)
        const { ids, items } = await collect<NeedFull>('needs_mine', {}, who, 2)
        expect(ours(ids), who).toEqual(newest(own))
        expect(items.every((n) => n.createdBy === IDS[who])).toBe(true)
      }
      expect(ours((await collect<NeedFull>('needs_mine', {}, 'staff1', 3)).ids)).toEqual([])
      const five = (await collect<NeedFull>('needs_mine', {}, 'resident1', 50)).items.find((n) => n.id === nid(5))!
      const { timeline: _t, actions: _a, canTriage: _c, canAnswer: _d, outcome: _o, story: _s, ...full } = await t.db.rpc<NeedDetail & { canAnswer?: boolean }>('need_get', { p_id: nid(5) }, as('resident1'))
      expect(five).toEqual(full)
      await expect(t.db.rpc('needs_mine', {}, { role: 'anon' })).rejects.toThrow(/permission denied/)
    })
  })

  describe('the street and department queues', () => {
    it('the street admin pages escalated, 公家事 and routed needs of every community of the street, with filters', async () => {
      const street = ROWS.filter((r) => r.status === 'escalated' || r.track === 'public' || r.dept)
      expect(street.map((r) => r.community)).toEqual(expect.arrayContaining(['A', 'B']))
      expect(ours((await collect<NeedFull>('needs_street_queue', {}, 'admin1', 2)).ids)).toEqual(newest(street))
      expect(ours((await collect<NeedFull>('needs_street_queue', { p_status: 'triaged' }, 'admin1', 1)).ids)).toEqual(newest(street.filter((r) => r.status === 'triaged')))
      expect(ours((await collect<NeedFull>('needs_street_queue', { p_department_id: CHENGGUAN }, 'admin1', 1)).ids)).toEqual(newest(street.filter((r) => r.dept === CHENGGUAN)))
      const items = (await collect<NeedFull>('needs_street_queue', {}, 'admin1', 50)).items
      expect(items.find((n) => n.id === nid(22))).toMatchObject({ departmentName: '城管科' })
      for (const h of ['staff1', 'resident1', 'dept1', 'grid1', 'unit1'] as const) {
        expect((await failure(t.db.rpc('needs_street_queue', {}, as(h)))).code, h).toBe('auth.forbidden')
      }
    })

    it('a department member pages the needs routed to it, without residents’ contact', async () => {
      const routed = ROWS.filter((r) => r.dept === CHENGGUAN)
      const { ids, items } = await collect<NeedFull>('needs_department_queue', {}, 'dept1', 1)
      expect(ours(ids)).toEqual(newest(routed))
      expect(items.every((n) => n.departmentId === CHENGGUAN && n.address === null && n.contactPhone === null)).toBe(true)
      expect(ours((await collect<NeedFull>('needs_department_queue', { p_status: 'triaged', p_department_id: CHENGGUAN }, 'dept1', 2)).ids))
        .toEqual(newest(routed.filter((r) => r.status === 'triaged')))
      expect((await failure(t.db.rpc('needs_department_queue', { p_department_id: ZHUJIAN }, as('dept1')))).code).toBe('auth.forbidden')
      for (const h of ['staff1', 'resident1', 'admin1'] as const) {
        expect((await failure(t.db.rpc('needs_department_queue', {}, as(h)))).code, h).toBe('auth.forbidden')
      }
    })
  })

  describe('相似需求 (needs_similar)', () => {
    it('pages by similarity, then newest first, within the micro-grid, open needs only', async () => {
      const all = await t.db.rpc<Page<SimilarNeed>>('needs_similar', { p_micro_grid_id: IDS.microA1, p_title: '楼道灯不亮', p_limit: 50 }, as('resident2'))
      expect(all.hasMore).toBe(false)
      const ids = ours(all.items.map((s) => s.id))
      // 2, 7, 8 are open in A1 with a lamp title; 14 (rejected) and A2's are not offered
      expect([...ids].sort()).toEqual([nid(2), nid(7), nid(8)].sort())
      for (let i = 1; i < all.items.length; i++) {
        const [a, b] = [all.items[i - 1], all.items[i]]
        expect(a.similarity > b.similarity || (a.similarity === b.similarity && (a.createdAt > b.createdAt || (a.createdAt === b.createdAt && a.id > b.id)))).toBe(true)
      }
      const paged = await collect<SimilarNeed>('needs_similar', { p_micro_grid_id: IDS.microA1, p_title: '楼道灯不亮' }, 'resident2', 1,
        (last) => ({ p_after_similarity: last.similarity, p_after_created_at: last.createdAt, p_after_id: last.id }))
      expect(paged.ids).toEqual(all.items.map((s) => s.id))
      expect(all.items.find((s) => s.id === nid(8))).toMatchObject({ mine: false, following: false })
      const own = await t.db.rpc<Page<SimilarNeed>>('needs_similar', { p_micro_grid_id: IDS.microA1, p_title: '楼道灯不亮' }, as('talent1'))
      expect(own.items.find((s) => s.id === nid(8))).toMatchObject({ mine: true })
      // nothing personal in a suggestion
      expect(JSON.stringify(all.items)).not.toMatch(/address|contact|createdBy/)
    })

    it('a micro-grid outside the caller’s community is refused naming microGridId', async () => {
      expect((await failure(t.db.rpc('needs_similar', { p_micro_grid_id: IDS.microA1, p_title: '楼道灯' }, as('resident3')))).field).toBe('microGridId')
    })
  })

  describe('认领需求 (needs_claimable)', () => {
    it('pages the open needs the unit’s resources reach, oldest first across ties, less those taken or at their demand', async () => {
      // unit1 reaches A's triaged/in_progress/matched repair needs: 7, 9, 10, 13 (16: already taken by its own
      // resource; 11: at its demand of 1 with talent1's project; B's 24: outside its area)
      const expected = [7, 9, 10, 13].map((n) => ROWS.find((r) => r.n === n)!)
      for (const limit of [1, 2, 3]) {
        const { ids, items } = await collect<ClaimableNeed>('needs_claimable', {}, 'unit1', limit,
          (last) => ({ p_after_created_at: last.createdAt, p_after_id: last.id }))
        expect(ours(ids), `limit ${limit}`).toEqual(oldest(expected))
        expect(items.every((x) => x.resourceIds.length === 1 && x.resourceIds[0] === unitResource)).toBe(true)
      }
      const page = await t.db.rpc<Page<ClaimableNeed>>('needs_claimable', { p_limit: 50 }, as('unit1'))
      expect(JSON.stringify(page.items)).not.toMatch(/address|contact|phone/i)
      // a resident publishes nothing and is offered nothing; talent1's resource reaches the same needs but 11 (its own)
      expect(await t.db.rpc('needs_claimable', {}, as('resident1'))).toEqual({ items: [], hasMore: false })
      const talent = await collect<ClaimableNeed>('needs_claimable', {}, 'talent1', 2, (last) => ({ p_after_created_at: last.createdAt, p_after_id: last.id }))
      expect(ours(talent.ids)).toEqual(oldest([7, 9, 10, 13, 16].map((n) => ROWS.find((r) => r.n === n)!)))
    })

    it('gives exactly the rows of the unpaged needs_claimable it replaced, for every publisher', async () => {
      // the replaced needs_claimable, verbatim but for the caller, which it read from auth.uid()
      const before = async (who: string) => (await t.sql<{ x: ClaimableNeed }>(
        `select x from (
           select jsonb_build_object(
             'id', n.id, 'title', n.title, 'category', n.category, 'status', n.status,
             'microGridName', (select m.name from public.micro_grids m where m.id = n.micro_grid_id),
             'urgency', n.urgency, 'createdAt', app.iso(n.created_at),
             'resourceIds', jsonb_agg(r.id order by r.created_at, r.id)) as x
           from public.needs n
           join public.resources r on r.publisher_id = $1 and r.status = 'active' and app.resource_covers(r, n)
           where n.status in ('triaged', 'in_progress', 'matched')
             and (select count(*) from public.service_projects p where p.need_id = n.id and p.status <> 'cancelled') < n.demand
             and not exists (select 1 from public.service_projects p where p.need_id = n.id and p.resource_id = r.id and p.status <> 'cancelled')
           group by n.id) s
         order by x->>'createdAt', x->>'id'`, [who])).map((r) => r.x)
      for (const who of ['unit1', 'talent1', 'staff1', 'resident1'] as const) {
        const now = await collect<ClaimableNeed>('needs_claimable', {}, who, 2, (last) => ({ p_after_created_at: last.createdAt, p_after_id: last.id }))
        expect(now.items, who).toEqual(await before(IDS[who]))
      }
    })
  })

  it('the indexes the lists read exist (their plans are measured on the district data, see the migration)', async () => {
    const idx = await t.sql<{ indexname: string }>(`select indexname from pg_indexes where tablename = 'needs' order by 1`)
    expect(idx.map((i) => i.indexname)).toEqual(expect.arrayContaining([
      'needs_active_idx', 'needs_micro_grid_page_idx', 'needs_micro_grid_active_idx', 'needs_street_queue_idx', 'needs_created_by_page_idx',
      'needs_department_idx', 'needs_community_idx', 'needs_community_status_idx',
    ]))
  })
})
