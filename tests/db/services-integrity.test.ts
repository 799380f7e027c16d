import { describe, expect, it } from 'vitest'
import type { ServiceProjectDetail } from '../../core/contracts/services'
import { MAX_SCORE, REASON_TEXTS, waitingReason } from '../../core/matching'
import { IDS, as, failure, useTestDb } from '../helpers/db'

// Issue 13 items 4, 7 (service_claim) and 8 (provider contact) (20261201000300_resources_services.sql).
// Real Postgres only: the ordering test depends on heap order, which PGlite and Postgres share, but the
// concurrency-free checks below gain nothing from a second adapter.

describe('services integrity on postgres', () => {
  const t = useTestDb('postgres', 'services_integrity')

  const resourceArgs = (title: string, communityIds: string[] = [], extra: Record<string, unknown> = {}) => ({
    p_title: title, p_description: '上门维修水电', p_kind: 'social', p_partner_type: null, p_categories: ['facility_repair'],
    p_capacity: 5, p_period: 'month', p_community_ids: communityIds, p_grid_ids: [], p_availability: [],
    p_contact_name: '王师傅', p_contact_phone: '13900000000', ...extra,
  })
  const createResource = (who: 'unit1' | 'talent1' | 'staff1' | 'staff2', title: string, communityIds: string[] = []) =>
    t.db.rpc<{ id: string }>('resource_create', resourceArgs(title, communityIds), as(who))
  /** A row as it may exist from before the fix: written straight into the table, no check on the way. */
  const insertResourceRaw = async (publisher: string, community: string, area: string[], title: string) =>
    (await t.sql<{ id: string }>(
      `insert into public.resources (community_id, publisher_id, title, kind, categories, capacity, area_community_ids, contact_name, contact_phone)
       values ($1, $2, $3, 'social', '{facility_repair}', 5, $4::uuid[], '联系人', '13900000000') returning id`,
      [community, publisher, title, `{${area.join(',')}}`],
    ))[0].id
  const needIn = async (community: 'A' | 'B', title: string) => {
    const [owner, staff] = community === 'A' ? (['resident1', 'staff1'] as const) : (['resident3', 'staff2'] as const)
    const n = await t.db.rpc<{ id: string }>('need_create', {
      p_title: title, p_description: `${title}，需要师傅上门看看。`, p_category: 'facility_repair', p_address: '5号楼2单元301',
    }, as(owner))
    await t.db.rpc('need_triage', { p_id: n.id, p_track: 'private', p_severity: 'general' }, as(staff))
    return n.id
  }
  const claimableIds = async (who: 'unit1' | 'talent1') =>
    (await t.db.rpc<{ items: { id: string }[] }>('needs_claimable', { p_limit: 50 }, as(who))).items.map((x) => x.id)

  describe('cross-community reach (item 4)', () => {
    it('a unit of A may not declare B in its service area (create and update): 400 naming communityIds', async () => {
      const e = await failure(createResource('unit1', '跨社区维修', [IDS.communityB]))
      expect([e.code, e.status, e.field]).toEqual(['resource.area_not_served', 400, 'communityIds'])
      expect(e.userMessage).toMatch(/社区/)
      const mixed = await failure(createResource('unit1', '跨社区维修', [IDS.communityA, IDS.communityB]))
      expect(mixed.code).toBe('resource.area_not_served')
      const r = await createResource('unit1', '本社区维修', [IDS.communityA])
      const u = await failure(t.db.rpc('resource_update', { p_id: r.id, p_community_ids: [IDS.communityB] }, as('unit1')))
      expect([u.code, u.field]).toEqual(['resource.area_not_served', 'communityIds'])
      // staff of A editing the unit's resource cannot widen the unit's reach either
      const s = await failure(t.db.rpc('resource_update', { p_id: r.id, p_community_ids: [IDS.communityB] }, as('staff1')))
      expect(s.code).toBe('resource.area_not_served')
      // an edit that leaves the area alone still works
      expect((await t.db.rpc<{ title: string }>('resource_update', { p_id: r.id, p_title: '本社区维修队' }, as('unit1'))).title).toBe('本社区维修队')
    })

    it('a volunteer names only its own community; staff their own', async () => {
      expect((await failure(createResource('talent1', '家电维修', [IDS.communityB]))).code).toBe('resource.area_not_served')
      expect((await createResource('talent1', '家电维修', [IDS.communityA])).id).toBeTruthy()
      expect((await failure(createResource('staff1', '社区便民维修', [IDS.communityB]))).code).toBe('resource.area_not_served')
      expect((await createResource('staff2', '光明便民维修', [IDS.communityB])).id).toBeTruthy()
    })

    it('attack: a resource of A that names B (written before the fix) neither lists nor claims B\'s needs', async () => {
      const needB = await needIn('B', '光明社区楼道漏水')
      const rid = await insertResourceRaw(IDS.unit1, IDS.communityA, [IDS.communityA, IDS.communityB], '旧的跨社区资源')
      expect(await claimableIds('unit1')).not.toContain(needB)
      const e = await failure(t.db.rpc('service_claim', { p_need_id: needB, p_resource_id: rid }, as('unit1')))
      expect([e.code, e.status]).toEqual(['need.not_found', 404])
      expect(await t.sql(`select 1 from public.service_projects where need_id = $1`, [needB])).toHaveLength(0)
    })

    it('approval is what counts: a unit approved in B reaches B; once withdrawn it does not', async () => {
      await t.sql(`insert into public.profile_roles (profile_id, role, community_id) values ($1, 'unit', $2)`, [IDS.unit1, IDS.communityB])
      const r = await createResource('unit1', '两社区维修', [IDS.communityA, IDS.communityB])
      const needB = await needIn('B', '光明社区门禁坏了')
      expect(await claimableIds('unit1')).toContain(needB)
      await t.sql(`delete from public.profile_roles where profile_id = $1 and role = 'unit' and community_id = $2`, [IDS.unit1, IDS.communityB])
      expect(await claimableIds('unit1')).not.toContain(needB)
      const e = await failure(t.db.rpc('service_claim', { p_need_id: needB, p_resource_id: r.id }, as('unit1')))
      expect(e.code).toBe('need.not_found')
      // staff of B cannot pull the unit's resource in either: it no longer serves B
      const s = await failure(t.db.rpc('service_claim', { p_need_id: needB, p_resource_id: r.id }, as('staff2')))
      expect(s.code).toBe('service.not_covered')
      // A's needs are still reachable
      const needA = await needIn('A', '和平社区水管漏水')
      expect(await claimableIds('unit1')).toContain(needA)
      expect((await t.db.rpc<{ status: string }>('service_claim', { p_need_id: needA, p_resource_id: r.id }, as('unit1'))).status).toBe('proposed')
    })

    it('matching_input of B leaves out a resource whose publisher does not serve B', async () => {
      const rid = await insertResourceRaw(IDS.unit1, IDS.communityA, [IDS.communityA, IDS.communityB], '旧的跨社区资源2')
      const input = await t.db.rpc<{ resources: { id: string }[] }>('matching_input', { p_community_id: IDS.communityB }, as('staff2'))
      expect(input.resources.map((r) => r.id)).not.toContain(rid)
    })
  })

  describe('matching checked and deterministic (item 4)', () => {
    it('matching_input is in a total order (created_at, id), whatever the heap order', async () => {
      // two needs and two resources whose heap order is the reverse of their creation order
      const n1 = await needIn('A', '排序测试需求一号')
      const n2 = await needIn('A', '排序测试需求二号')
      await t.sql(`update public.needs set created_at = now() - interval '3 days' where id = $1`, [n2])
      await t.sql(`update public.needs set created_at = now() - interval '2 days' where id = $1`, [n1])
      const r1 = await insertResourceRaw(IDS.unit1, IDS.communityA, [], '排序资源一')
      const r2 = await insertResourceRaw(IDS.unit1, IDS.communityA, [], '排序资源二')
      await t.sql(`update public.resources set created_at = '2020-01-02' where id = $1`, [r2])
      await t.sql(`update public.resources set created_at = '2020-01-03' where id = $1`, [r1])
      const input = await t.db.rpc<{ needs: { id: string; createdAt: string }[]; resources: { id: string }[] }>(
        'matching_input', { p_community_id: IDS.communityA }, as('staff1'))
      const needKeys = await t.sql<{ id: string }>(
        `select id from public.needs where community_id = $1 and status in ('triaged', 'in_progress') order by created_at, id`, [IDS.communityA])
      expect(input.needs.map((n) => n.id)).toEqual(needKeys.map((n) => n.id))
      const resKeys = input.resources.map((r) => r.id)
      expect(resKeys.indexOf(r2)).toBeLessThan(resKeys.indexOf(r1))
      const sorted = await t.sql<{ id: string }>(`select id from public.resources where id = any ($1::uuid[]) order by created_at, id`, [`{${resKeys.join(',')}}`])
      expect(resKeys).toEqual(sorted.map((r) => r.id))
    })

    async function scene() {
      const need = await needIn('A', '伪造配对测试需求')
      const res = await createResource('unit1', '伪造配对测试资源')
      return { need, res: res.id }
    }
    const store = (proposals: unknown, who: 'staff1' | 'staff2' = 'staff1', community = IDS.communityA) =>
      t.db.rpc<{ runId: string; proposals: { needId: string; resourceId: string; score: number; reasons: string[] }[] }>(
        'matching_store', { p_community_id: community, p_proposals: proposals, p_stats: {} }, as(who))

    it('a valid pair is stored with every known reason', async () => {
      const { need, res } = await scene()
      const reasons = [...Object.values(REASON_TEXTS), waitingReason(3)]
      const out = await store([{ need, resource: res, score: MAX_SCORE, reasons }])
      expect(out.proposals.find((p) => p.needId === need)).toMatchObject({ resourceId: res, score: MAX_SCORE, reasons })
    })

    it('forged pairs are refused naming the pair, and nothing is stored', async () => {
      const { need, res } = await scene()
      const needB = await needIn('B', '伪造配对的光明需求')
      const archived = await createResource('unit1', '已下架的资源')
      await t.db.rpc('resource_archive', { p_id: archived.id }, as('unit1'))
      const outsider = await insertResourceRaw(IDS.staff2, IDS.communityB, [IDS.communityA, IDS.communityB], '光明社区越界资源')
      const wrongCategory = (await t.sql<{ id: string }>(
        `insert into public.resources (community_id, publisher_id, title, kind, categories, capacity, contact_name, contact_phone)
         values ($1, $2, '法律咨询', 'social', '{legal}', 5, '联系人', '13900000000') returning id`, [IDS.communityA, IDS.unit1]))[0].id
      const closed = await needIn('A', '已经关闭的需求')
      await t.sql(`update public.needs set status = 'closed' where id = $1`, [closed])
      const runsBefore = (await t.sql(`select 1 from public.match_runs`)).length

      const cases: [string, unknown[], string, string][] = [
        ['other community\'s need', [{ need: needB, resource: res, score: 1, reasons: [] }], 'matching.pair_invalid', 'proposals[0]'],
        ['archived resource', [{ need, resource: archived.id, score: 1, reasons: [] }], 'matching.pair_invalid', 'proposals[0]'],
        ['publisher does not serve A', [{ need, resource: outsider, score: 1, reasons: [] }], 'matching.pair_invalid', 'proposals[0]'],
        ['category does not fit', [{ need, resource: wrongCategory, score: 1, reasons: [] }], 'matching.pair_invalid', 'proposals[0]'],
        ['closed need', [{ need: closed, resource: res, score: 1, reasons: [] }], 'matching.pair_invalid', 'proposals[0]'],
        ['unknown need', [{ need: '00000000-0000-4000-8000-000000000000', resource: res, score: 1, reasons: [] }], 'matching.pair_invalid', 'proposals[0]'],
        ['not a uuid', [{ need: 'x', resource: res, score: 1, reasons: [] }], 'matching.pair_invalid', 'proposals[0]'],
        ['second pair bad', [{ need, resource: res, score: 1, reasons: [] }, { need: needB, resource: res, score: 1, reasons: [] }], 'matching.pair_invalid', 'proposals[1]'],
        ['same pair twice', [{ need, resource: res, score: 1, reasons: [] }, { need, resource: res, score: 2, reasons: [] }], 'matching.pair_duplicate', 'proposals[1]'],
        ['score above MAX_SCORE', [{ need, resource: res, score: MAX_SCORE + 1, reasons: [] }], 'matching.score_invalid', 'proposals[0].score'],
        ['negative score', [{ need, resource: res, score: -1, reasons: [] }], 'matching.score_invalid', 'proposals[0].score'],
        ['fractional score', [{ need, resource: res, score: 1.5, reasons: [] }], 'matching.score_invalid', 'proposals[0].score'],
        ['score as text', [{ need, resource: res, score: '99', reasons: [] }], 'matching.score_invalid', 'proposals[0].score'],
        ['unknown reason', [{ need, resource: res, score: 1, reasons: ['社区主任特批'] }], 'matching.reason_invalid', 'proposals[0].reasons'],
        ['reason not text', [{ need, resource: res, score: 1, reasons: [1] }], 'matching.reason_invalid', 'proposals[0].reasons'],
      ]
      for (const [label, proposals, code, field] of cases) {
        const e = await failure(store(proposals))
        expect([e.code, e.field], label).toEqual([code, field])
        expect(e.status, label).toBeGreaterThanOrEqual(400)
        expect(e.status, label).toBeLessThan(500)
      }
      const pair = await failure(store([{ need: needB, resource: res, score: 1, reasons: [] }]))
      expect(pair.userMessage).toContain(needB)
      expect(pair.userMessage).toContain(res)
      // a demand of 1 cannot take two resources in one run
      const res2 = await createResource('unit1', '伪造配对测试资源二')
      const over = await failure(store([{ need, resource: res, score: 1, reasons: [] }, { need, resource: res2.id, score: 1, reasons: [] }]))
      expect([over.code, over.field]).toEqual(['matching.over_allocated', 'proposals[1]'])
      // staff of B cannot store A's run at all
      expect((await failure(store([{ need, resource: res, score: 1, reasons: [] }], 'staff2'))).code).toBe('auth.forbidden')
      expect((await t.sql(`select 1 from public.match_runs`)).length).toBe(runsBefore)
    })
  })

  describe('service_claim is no existence oracle (item 7)', () => {
    it('a need that does not exist and another community\'s need give the same error', async () => {
      const r = await createResource('unit1', '探测用资源')
      const needB = await needIn('B', '光明社区的私密需求')
      const missing = await failure(t.db.rpc('service_claim', { p_need_id: '00000000-0000-4000-8000-000000000000', p_resource_id: r.id }, as('unit1')))
      const hidden = await failure(t.db.rpc('service_claim', { p_need_id: needB, p_resource_id: r.id }, as('unit1')))
      expect([hidden.code, hidden.status, hidden.field, hidden.userMessage]).toEqual([missing.code, missing.status, missing.field, missing.userMessage])
      expect(missing.status).toBe(404)
      // a resident of A (no resource at all) probing B's need: the same 404, not a 403
      const resident = await failure(t.db.rpc('service_claim', { p_need_id: needB, p_resource_id: r.id }, as('resident2')))
      expect([resident.code, resident.status]).toEqual([missing.code, 404])
      // staff of A probing B's need with a resource of A
      const staff = await failure(t.db.rpc('service_claim', { p_need_id: needB, p_resource_id: r.id }, as('staff1')))
      expect([staff.code, staff.status]).toEqual([missing.code, 404])
    })
  })

  describe('provider contact only once confirmed (item 8)', () => {
    const contactOf = (p: ServiceProjectDetail) => [p.needContactName, p.needContactPhone, p.needAddress]
    it('the provider sees address and contact after both sides confirm; before that, and others never', async () => {
      const r = await createResource('unit1', '联系方式测试资源')
      const need = await needIn('A', '联系方式测试需求')
      const claimed = await t.db.rpc<ServiceProjectDetail>('service_claim', { p_need_id: need, p_resource_id: r.id }, as('unit1'))
      expect(contactOf(claimed)).toEqual([null, null, null])
      expect(contactOf(await t.db.rpc<ServiceProjectDetail>('service_get', { p_id: claimed.id }, as('unit1')))).toEqual([null, null, null])
      // the owner and staff of the community see it at any time
      expect(contactOf(await t.db.rpc<ServiceProjectDetail>('service_get', { p_id: claimed.id }, as('resident1')))).toEqual(['张阿姨', '13800000001', '5号楼2单元301'])
      expect(contactOf(await t.db.rpc<ServiceProjectDetail>('service_get', { p_id: claimed.id }, as('staff1')))).toEqual(['张阿姨', '13800000001', '5号楼2单元301'])

      await t.db.rpc('service_confirm', { p_id: claimed.id }, as('staff1'))
      const provider = await t.db.rpc<ServiceProjectDetail>('service_get', { p_id: claimed.id }, as('unit1'))
      expect(provider.status).toBe('confirmed')
      expect(contactOf(provider)).toEqual(['张阿姨', '13800000001', '5号楼2单元301'])
      // a neighbour, staff of another community and a volunteer of A who is not the provider: nothing
      for (const who of ['resident2', 'talent1'] as const) {
        expect(contactOf(await t.db.rpc<ServiceProjectDetail>('service_get', { p_id: claimed.id }, as(who))), who).toEqual([null, null, null])
      }
      // another community reads nothing of the project at all (issue 13 item 1)
      for (const who of ['staff2', 'resident3'] as const) {
        expect((await failure(t.db.rpc('service_get', { p_id: claimed.id }, as(who)))).code, who).toBe('service.not_found')
      }
      // lists never carry it
      const list = await t.db.rpc<{ items: Record<string, unknown>[] }>('services_list', {}, as('unit1'))
      for (const item of list.items) {
        expect(item).not.toHaveProperty('needContactPhone')
        expect(item).not.toHaveProperty('needAddress')
      }
      const claimable = (await t.db.rpc<{ items: Record<string, unknown>[] }>('needs_claimable', { p_limit: 50 }, as('unit1'))).items
      for (const item of claimable) expect(JSON.stringify(item)).not.toMatch(/contact|address|1380000/i)
      // once cancelled, the provider loses it again
      await t.db.rpc('service_transition', { p_id: claimed.id, p_to: 'cancelled', p_note: '居民已自行解决' }, as('staff1'))
      expect(contactOf(await t.db.rpc<ServiceProjectDetail>('service_get', { p_id: claimed.id }, as('unit1')))).toEqual([null, null, null])
    })

    it('an on-behalf need shows the recorded contact to the confirmed provider', async () => {
      const r = await createResource('unit1', '代办联系测试资源')
      const n = await t.db.rpc<{ id: string }>('need_create', {
        p_title: '代办老人家里断电', p_description: '独居老人家里断电，请尽快上门。', p_category: 'facility_repair',
        p_contact_name: '赵奶奶', p_contact_phone: '13700000001', p_address: '3号楼101', p_source: 'hotline', p_micro_grid_id: IDS.microA1,
      }, as('staff1'))
      await t.db.rpc('need_triage', { p_id: n.id, p_track: 'private', p_severity: 'general' }, as('staff1'))
      const p = await t.db.rpc<ServiceProjectDetail>('service_claim', { p_need_id: n.id, p_resource_id: r.id }, as('staff1'))
      expect(contactOf(await t.db.rpc<ServiceProjectDetail>('service_get', { p_id: p.id }, as('unit1')))).toEqual([null, null, null])
      await t.db.rpc('service_confirm', { p_id: p.id }, as('unit1'))
      expect(contactOf(await t.db.rpc<ServiceProjectDetail>('service_get', { p_id: p.id }, as('unit1')))).toEqual(['赵奶奶', '13700000001', '3号楼101'])
    })

    it('app.need_contact is a definer function with a fixed search_path, callable by authenticated only', async () => {
      const rows = await t.sql<{ secdef: boolean; config: string[] | null; auth: boolean; anon: boolean }>(
        `select p.prosecdef as secdef, p.proconfig as config,
                has_function_privilege('authenticated', p.oid, 'execute') as auth, has_function_privilege('anon', p.oid, 'execute') as anon
         from pg_proc p join pg_namespace s on s.oid = p.pronamespace where s.nspname = 'app' and p.proname = 'need_contact'`)
      expect(rows).toEqual([{ secdef: true, config: ['search_path=""'], auth: true, anon: false }])
    })
  })
})
