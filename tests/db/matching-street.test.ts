import { describe, expect, it } from 'vitest'
import { IDS, as, failure, useTestDb } from '../helpers/db'

// Issue 14 item 3: matching for a community or a whole street (20261201000300_resources_services.sql).

type Input = { communities: string[]; needs: unknown[][]; resources: unknown[][] }
type Stored = { runId: string; runs: { communityId: string; runId: string }[]; ids: string[]; stored: number }

describe('matching for a street on postgres', () => {
  const t = useTestDb('postgres', 'matching_street')

  const needIn = async (community: 'A' | 'B', title: string, category = 'facility_repair') => {
    const [owner, staff] = community === 'A' ? (['resident1', 'staff1'] as const) : (['resident3', 'staff2'] as const)
    const n = await t.db.rpc<{ id: string }>('need_create', {
      p_title: title, p_description: `${title}，需要师傅上门看看。`, p_category: category, p_address: '5号楼2单元301',
    }, as(owner))
    await t.db.rpc('need_triage', { p_id: n.id, p_track: 'private', p_severity: 'general' }, as(staff))
    return n.id
  }
  const rawResource = async (publisher: string, community: string, area: string[], title: string, grids: string[] = []) =>
    (await t.sql<{ id: string }>(
      `insert into public.resources (community_id, publisher_id, title, kind, categories, capacity, area_community_ids, area_grid_ids, contact_name, contact_phone)
       values ($1, $2, $3, 'social', '{facility_repair}', 5, $4::uuid[], $5::uuid[], '联系人', '13900000000') returning id`,
      [community, publisher, title, `{${area.join(',')}}`, `{${grids.join(',')}}`],
    ))[0].id
  const input = (who: 'staff1' | 'staff2' | 'admin1', scope: { community?: string; street?: string }) =>
    t.db.rpc<Input>('matching_run_input', { p_community_id: scope.community ?? null, p_street_id: scope.street ?? null }, as(who))

  it('scope: exactly one of community and street; staff their community only, street admins their street', async () => {
    expect((await failure(input('staff1', {}))).field).toBe('communityId')
    expect((await failure(input('staff1', { community: IDS.communityA, street: IDS.street }))).field).toBe('streetId')
    expect((await failure(input('staff1', { street: IDS.street }))).code).toBe('auth.forbidden')
    expect((await failure(input('staff1', { community: IDS.communityB }))).code).toBe('auth.forbidden')
    const street = await input('admin1', { street: IDS.street })
    expect(street.communities.sort()).toEqual([IDS.communityA, IDS.communityB].sort())
    expect((await input('staff1', { community: IDS.communityA })).communities).toEqual([IDS.communityA])
  })

  it('a street run reads the open needs of every community and each resource with the communities it reaches by approval', async () => {
    const needA = await needIn('A', '街道匹配和平需求')
    const needB = await needIn('B', '街道匹配光明需求')
    // unit1 serves A only: naming B does not reach B; staff2 serves B; a grid-limited resource reaches that grid only
    const both = await rawResource(IDS.unit1, IDS.communityA, [IDS.communityA, IDS.communityB], '跨社区的维修队')
    const bOnly = await rawResource(IDS.staff2, IDS.communityB, [], '光明社区维修点')
    const gridOnly = await rawResource(IDS.unit1, IDS.communityA, [IDS.communityA], '第一网格维修', [IDS.gridA1])
    const street = await input('admin1', { street: IDS.street })
    const needIds = street.needs.map((n) => n[0])
    expect(needIds).toEqual(expect.arrayContaining([needA, needB]))
    const res = new Map(street.resources.map((r) => [r[0] as string, r]))
    expect(res.get(both)![4]).toEqual([IDS.communityA])
    expect(res.get(bOnly)![4]).toEqual([IDS.communityB])
    expect(res.get(gridOnly)![4]).toEqual([])
    expect(res.get(gridOnly)![5]).toEqual([IDS.gridA1])
    // the total order (created_at, id) of the needs
    const keys = await t.sql<{ id: string }>(
      `select id from public.needs where status in ('triaged', 'in_progress') order by created_at, id`)
    expect(needIds).toEqual(keys.map((k) => k.id))
    // the object view of one community is the same rows
    const a = await t.db.rpc<{ needs: { id: string }[]; resources: { id: string; serviceArea: { communityIds: string[] } }[] }>(
      'matching_input', { p_community_id: IDS.communityA }, as('staff1'))
    expect(a.needs.map((n) => n.id)).toEqual(street.needs.filter((n) => n[3] === IDS.communityA).map((n) => n[0]))
    expect(a.resources.find((r) => r.id === both)!.serviceArea.communityIds).toEqual([IDS.communityA])
    expect(a.resources.map((r) => r.id)).not.toContain(bOnly)
  })

  it('a street store writes one run per community, shares a street run id, and checks every pair set-based', async () => {
    const needA = await needIn('A', '街道存储和平需求')
    const needB = await needIn('B', '街道存储光明需求')
    const resA = await rawResource(IDS.unit1, IDS.communityA, [], '和平维修队')
    const resB = await rawResource(IDS.staff2, IDS.communityB, [], '光明维修队')
    const store = (proposals: unknown[], who: 'admin1' | 'staff1' = 'admin1') =>
      t.db.rpc<Stored>('matching_run_store', { p_community_id: null, p_street_id: IDS.street, p_proposals: proposals, p_stats: { totalScore: 1 } }, as(who))
    // B's resource cannot serve A's need: refused naming the pair, nothing written
    const runsBefore = (await t.sql(`select 1 from public.match_runs`)).length
    const bad = await failure(store([{ need: needA, resource: resA, score: 5, reasons: [] }, { need: needA, resource: resB, score: 5, reasons: [] }]))
    expect([bad.code, bad.field]).toEqual(['matching.pair_invalid', 'proposals[1]'])
    expect((await failure(store([{ need: needA, resource: resA, score: 5, reasons: [] }], 'staff1'))).code).toBe('auth.forbidden')
    expect((await t.sql(`select 1 from public.match_runs`)).length).toBe(runsBefore)

    const out = await store([{ need: needB, resource: resB, score: 7, reasons: ['同一社区'] }, { need: needA, resource: resA, score: 5, reasons: [] }])
    expect(out.stored).toBe(2)
    expect(out.runs.map((r) => r.communityId).sort()).toEqual([IDS.communityA, IDS.communityB].sort())
    const rows = await t.sql<{ id: string; run_id: string; community_id: string; street_run_id: string; need_id: string }>(
      `select p.id, p.run_id, p.community_id, r.street_run_id, p.need_id from public.match_proposals p join public.match_runs r on r.id = p.run_id
       where p.id = any ($1::uuid[])`, [`{${out.ids.join(',')}}`])
    expect(rows).toHaveLength(2)
    for (const row of rows) {
      expect(row.street_run_id).toBe(out.runId)
      expect(row.run_id).toBe(out.runs.find((r) => r.communityId === row.community_id)!.runId)
    }
    expect(rows.find((r) => r.id === out.ids[0])!.need_id).toBe(needB)
    // each community's proposals list shows its own part
    const list = async (who: 'staff1' | 'staff2', community: string) =>
      (await t.db.rpc<{ items: { needId: string }[] }>('matching_proposals', { p_community_id: community }, as(who))).items.map((p) => p.needId)
    expect(await list('staff1', IDS.communityA)).toEqual([needA])
    expect(await list('staff2', IDS.communityB)).toEqual([needB])
    // a later community run of A supersedes A's proposals only
    await t.db.rpc('matching_store', { p_community_id: IDS.communityA, p_proposals: [], p_stats: {} }, as('staff1'))
    expect(await list('staff1', IDS.communityA)).toEqual([])
    expect(await list('staff2', IDS.communityB)).toEqual([needB])
  })

  it('over-allocation counts across the whole street: one resource reaching A and B takes no more than its capacity', async () => {
    const shared = await t.sql<{ id: string }>(
      `insert into public.resources (community_id, publisher_id, title, kind, categories, capacity, area_community_ids, contact_name, contact_phone)
       values ($1, $2, '街道共享维修', 'social', '{facility_repair}', 1, $3::uuid[], '联系人', '13900000000') returning id`,
      [IDS.communityA, IDS.admin1, `{${IDS.communityA},${IDS.communityB}}`])
    const needA = await needIn('A', '共享资源和平需求')
    const needB = await needIn('B', '共享资源光明需求')
    const e = await failure(t.db.rpc('matching_run_store', {
      p_community_id: null, p_street_id: IDS.street, p_stats: {},
      p_proposals: [{ need: needA, resource: shared[0].id, score: 1, reasons: [] }, { need: needB, resource: shared[0].id, score: 1, reasons: [] }],
    }, as('admin1')))
    expect([e.code, e.field]).toEqual(['matching.over_allocated', 'proposals[1]'])
  })
})
