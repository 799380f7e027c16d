import { beforeAll, describe, expect, it } from 'vitest'
import type { NeedDetail } from '../../core/contracts/needs'
import type { Resource, ServiceProject } from '../../core/contracts/services'
import { ADAPTERS, IDS, as, useTestDb, type Handle } from '../helpers/db'

type Page<T> = { items: T[]; hasMore: boolean }

/** Ids whose order is known: within one created_at, id desc puts …9 before …1. */
const rid = (n: number) => `71000000-0000-4000-8000-${String(n).padStart(12, '0')}`
const pid = (n: number) => `72000000-0000-4000-8000-${String(n).padStart(12, '0')}`

describe.each(ADAPTERS)('keyset paging of 资源清单 and 服务清单 on %s', (kind) => {
  const t = useTestDb(kind, 'listpaging')
  /** community A's visible active resources, in the order the list must give them */
  let expectedA: string[]
  let expectedProjects: string[]

  beforeAll(async () => {
    // 9 active resources of unit1 in A: three share one created_at, two share another (the cursor boundary
    // must fall inside such a group with limit 2); one of talent1; one of B serving A; and rows that never show:
    // paused, B-only, and a category filter's miss.
    const base = Date.parse('2026-11-01T08:00:00Z')
    const at = (minutes: number) => new Date(base + minutes * 60_000).toISOString()
    const rows: [number, Handle | 'b', string, string, string][] = [
      // [n, publisher, created_at, status, category]
      [1, 'unit1', at(0), 'active', 'facility_repair'],
      [2, 'unit1', at(10), 'active', 'facility_repair'],
      [3, 'unit1', at(10), 'active', 'medical'],
      [4, 'unit1', at(10), 'active', 'facility_repair'],
      [5, 'unit1', at(20), 'active', 'facility_repair'],
      [6, 'talent1', at(30), 'active', 'facility_repair'],
      [7, 'unit1', at(30), 'active', 'facility_repair'],
      [8, 'unit1', at(40), 'paused', 'facility_repair'],
      [9, 'b', at(50), 'active', 'facility_repair'], // B serving A
      [10, 'b', at(60), 'active', 'facility_repair'], // B only
    ]
    for (const [n, who, created, status, category] of rows) {
      const community = who === 'b' ? IDS.communityB : IDS.communityA
      const publisher = who === 'b' ? IDS.staff2 : IDS[who]
      const area = n === 9 ? `{${IDS.communityA},${IDS.communityB}}` : '{}'
      await t.sql(
        `insert into public.resources (id, community_id, publisher_id, title, kind, categories, capacity, area_community_ids,
           contact_name, contact_phone, status, created_at)
         values ($1, $2, $3, $4, 'social', array[$5]::public.need_category[], 3, $6::uuid[], '联系人', '13900000000', $7, $8)`,
        [rid(n), community, publisher, `资源${n}`, category, area, status, created],
      )
    }
    expectedA = [9, 7, 6, 5, 4, 3, 2, 1].map(rid)

    // service projects in A: needs of resident1, all on resource 1, with created_at ties as above
    const needs: string[] = []
    for (let i = 0; i < 6; i++) {
      const n = await t.db.rpc<NeedDetail>('need_create', {
        p_title: `分页测试需求${i}`, p_description: '用来检查服务清单的分页顺序。', p_category: 'facility_repair',
      }, as('resident1'))
      needs.push(n.id)
    }
    const projects: [number, number, string][] = [[1, 0, at(0)], [2, 1, at(5)], [3, 2, at(5)], [4, 3, at(5)], [5, 4, at(9)], [6, 5, at(9)]]
    for (const [n, need, created] of projects) {
      await t.sql(
        `insert into public.service_projects (id, community_id, need_id, resource_id, origin, status, cancel_reason, created_by, created_at, updated_at)
         values ($1, $2, $3, $4, 'community_claim', $5::text::public.project_status,
           case when $5::text = 'cancelled' then '测试' end, $6, $7, $7)`,
        [pid(n), IDS.communityA, needs[need], rid(1), n % 2 === 0 ? 'cancelled' : 'proposed', IDS.staff1, created],
      )
    }
    expectedProjects = [6, 5, 4, 3, 2, 1].map(pid)
  })

  async function collect<T extends { id: string; createdAt: string }>(
    fn: string, args: Record<string, unknown>, who: Handle, limit: number,
  ): Promise<{ ids: string[]; pages: T[][] }> {
    const pages: T[][] = []
    let after: T | undefined
    for (let guard = 0; guard < 50; guard++) {
      const page = await t.db.rpc<Page<T>>(fn, {
        ...args, p_limit: limit, p_after_created_at: after?.createdAt ?? null, p_after_id: after?.id ?? null,
      }, as(who))
      expect(page.items.length).toBeLessThanOrEqual(limit)
      pages.push(page.items)
      if (!page.hasMore) break
      expect(page.items).toHaveLength(limit)
      after = page.items.at(-1)
    }
    return { ids: pages.flat().map((x) => x.id), pages }
  }

  it('resources: pages of 2 give every visible row once, newest first, ties by id, across equal created_at', async () => {
    const { ids, pages } = await collect<Resource>('resources_list', {}, 'resident1', 2)
    expect(ids).toEqual(expectedA)
    expect(new Set(ids).size).toBe(ids.length)
    expect(pages).toHaveLength(4)
    // both boundaries that matter fall inside a tie: minute 30 (9, 7 | 6, 5) and minute 10 (4, 3 | 2, 1)
    expect(pages[0].at(-1)!.createdAt).toBe(pages[1][0].createdAt)
    expect(pages[2].at(-1)!.createdAt).toBe(pages[3][0].createdAt)
    const whole = await t.db.rpc<Page<Resource>>('resources_list', { p_limit: 100 }, as('resident1'))
    expect(whole).toMatchObject({ hasMore: false })
    expect(whole.items.map((r) => r.id)).toEqual(expectedA)
  })

  it('resources: the default page is 20 and the limit is clamped to 1..50', async () => {
    const one = await t.db.rpc<Page<Resource>>('resources_list', { p_limit: 0 }, as('resident1'))
    expect(one.items.map((r) => r.id)).toEqual([expectedA[0]])
    expect(one.hasMore).toBe(true)
    const def = await t.db.rpc<Page<Resource>>('resources_list', {}, as('resident1'))
    expect(def).toMatchObject({ hasMore: false })
    expect(def.items).toHaveLength(expectedA.length)
    await t.sql(`insert into public.resources (community_id, publisher_id, title, kind, categories, capacity, contact_name, contact_phone, created_at)
      select $1, $2, '批量资源' || g, 'social', '{other}', 1, '联系人', '13900000000', '2026-10-01T00:00:00Z'::timestamptz + g * interval '1 second'
      from generate_series(1, 120) g`, [IDS.communityA, IDS.talent1])
    try {
      const capped = await t.db.rpc<Page<Resource>>('resources_list', { p_limit: 1000 }, as('resident1'))
      expect(capped.items).toHaveLength(50)
      expect(capped.hasMore).toBe(true)
      const twenty = await t.db.rpc<Page<Resource>>('resources_list', {}, as('resident1'))
      expect(twenty.items).toHaveLength(20)
      expect(twenty.hasMore).toBe(true)
    } finally {
      await t.sql(`delete from public.resources where title like '批量资源%'`)
    }
  })

  it('resources: the category filter and mine=true page the same way', async () => {
    const repair = await collect<Resource>('resources_list', { p_category: 'facility_repair' }, 'resident1', 3)
    expect(repair.ids).toEqual(expectedA.filter((id) => id !== rid(3)))
    const mine = await collect<Resource>('resources_list', { p_mine: true }, 'unit1', 2)
    expect(mine.ids).toEqual([7, 5, 4, 3, 2, 1].map(rid))
    const bMine = await collect<Resource>('resources_list', { p_mine: true }, 'staff2', 1)
    expect(bMine.ids).toEqual([10, 9].map(rid))
    const b = await collect<Resource>('resources_list', {}, 'resident3', 1)
    expect(b.ids).toEqual([10, 9].map(rid))
  })

  it('resources: contact only for staff of the resource\'s community and its publisher, on every page', async () => {
    const contact = (rows: Resource[]) => Object.fromEntries(rows.map((r) => [r.id, r.contactPhone]))
    const resident = contact((await collect<Resource>('resources_list', {}, 'resident1', 3)).pages.flat())
    expect(Object.values(resident).every((p) => p === null)).toBe(true)
    const staff = contact((await collect<Resource>('resources_list', {}, 'staff1', 3)).pages.flat())
    // staff of A see A's contacts, not those of B's resource that serves A
    expect(staff[rid(9)]).toBeNull()
    for (const n of [7, 6, 5, 4, 3, 2, 1]) expect(staff[rid(n)], `resource ${n}`).toBe('13900000000')
    const unit = (await collect<Resource>('resources_list', {}, 'unit1', 3)).pages.flat()
    for (const r of unit) expect(r.contactPhone, r.title).toBe(r.publisherId === IDS.unit1 ? '13900000000' : null)
    expect(unit.find((r) => r.id === rid(7))).toMatchObject({ mine: true })
    expect(unit.find((r) => r.id === rid(6))).toMatchObject({ mine: false, contactName: null })
  })

  it('services: pages of 2 give every project once, newest first, across equal created_at; status filters page too', async () => {
    const { ids, pages } = await collect<ServiceProject>('services_list', {}, 'resident2', 2)
    expect(ids).toEqual(expectedProjects)
    expect(pages).toHaveLength(3)
    // minute 5 holds three projects: the boundary after page 2 splits them (4, 3 | 2, 1), ties broken by id
    expect(pages[1].at(-1)!.createdAt).toBe(pages[2][0].createdAt)
    const proposed = await collect<ServiceProject>('services_list', { p_status: 'proposed' }, 'resident2', 1)
    expect(proposed.ids).toEqual([5, 3, 1].map(pid))
    const cancelled = await collect<ServiceProject>('services_list', { p_community_id: IDS.communityA, p_status: 'cancelled' }, 'resident2', 2)
    expect(cancelled.ids).toEqual([6, 4, 2].map(pid))
    // a resident of B naming A's community reads nothing of it (issue 13: it read A's list with need titles)
    expect(await t.db.rpc<Page<ServiceProject>>('services_list', { p_community_id: IDS.communityA }, as('resident3'))).toEqual({ items: [], hasMore: false })
    // B's own list (the caller's community by default) holds none of them
    expect(await t.db.rpc<Page<ServiceProject>>('services_list', {}, as('resident3'))).toEqual({ items: [], hasMore: false })
  })

  it('services: the public part only, and the limit is clamped', async () => {
    const page = await t.db.rpc<Page<ServiceProject>>('services_list', { p_limit: 0 }, as('staff1'))
    expect(page.items).toHaveLength(1)
    expect(page.hasMore).toBe(true)
    expect(page.items[0]).not.toHaveProperty('contactPhone')
    expect(page.items[0]).not.toHaveProperty('progress')
  })

  it('both lists refuse a caller without a login', async () => {
    for (const fn of ['resources_list', 'services_list']) {
      await expect(t.db.rpc(fn, {}, { role: 'anon' }), fn).rejects.toThrow(/permission denied/)
    }
  })
})
