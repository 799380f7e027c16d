import { beforeAll, describe, expect, it } from 'vitest'
import type { Claims } from '../../api/_lib/db/types'
import type { Community, CommunityStructure, Grid, MicroGrid, PartyOrg } from '../../core/contracts/admin'
import { ADAPTERS, IDS, as, failure, useTestDb } from '../helpers/db'

const ORG = {
  street: '60000000-0000-4000-8000-000000000001',
  committeeA: '60000000-0000-4000-8000-00000000000a',
  committeeB: '60000000-0000-4000-8000-00000000000b',
  branchA1: '60000000-0000-4000-8000-0000000000a1',
  groupA11: '60000000-0000-4000-8000-000000000a11',
}
const GRID_A2 = '30000000-0000-4000-8000-0000000000a2'
const GRID_B1 = '30000000-0000-4000-8000-0000000000b1'
// a second street with its own admin, arranged by each test file run
const OTHER = { street: '10000000-0000-4000-8000-000000000002', admin: '50000000-0000-4000-8000-000000000099' }
const other: Claims = { role: 'authenticated', sub: OTHER.admin, aud: 'authenticated' }

const newCommunity = (name: string, extra: Record<string, unknown> = {}) => ({
  p_street_id: IDS.street, p_name: name, p_scale: 'general', p_function: 'urban', p_subtype: 'mixed', ...extra,
})

describe.each(ADAPTERS)('community structure on %s', (kind) => {
  const t = useTestDb(kind, 'structure')
  beforeAll(async () => {
    await t.sql(`insert into public.streets (id, name, code) values ($1, '平安街道', '320103')`, [OTHER.street])
    await t.sql(`insert into public.profiles (id, handle, display_name) values ($1, 'admin_other', '郑科长')`, [OTHER.admin])
    await t.sql(`insert into public.street_admins (profile_id, street_id) values ($1, $2)`, [OTHER.admin, OTHER.street])
  })

  it('only a street admin creates a community; the code follows the classification; the new community is ready to use', async () => {
    for (const who of ['resident1', 'staff1', 'grid1'] as const) {
      expect((await failure(t.db.rpc('community_create', newCommunity('新建社区'), as(who)))).code).toBe('auth.forbidden')
    }
    expect((await failure(t.db.rpc('community_create', newCommunity('新建社区'), other))).code).toBe('auth.forbidden')

    const c = await t.db.rpc<Community>('community_create', newCommunity('幸福里社区', { p_scale: 'extra_large', p_function: 'industrial', p_subtype: 'urbanizing_village' }), as('admin1'))
    expect(c).toMatchObject({ name: '幸福里社区', streetId: IDS.street, streetName: '幸福街道', seq: 3, code: '320102-3I5-003', archived: false, archivedAt: null, gridCount: 0, microGridCount: 0, memberCount: 0, branchSecretaryLeadsGrid: true })

    // every per-community settings trigger fired
    const [row] = await t.sql<{ sla: number; needs: number; vol: number; delib: number; beans: number; admin: number }>(`
      select (select count(*)::int from public.sla_rules where community_id = $1) as sla,
             (select count(*)::int from public.community_need_settings where community_id = $1) as needs,
             (select count(*)::int from public.community_volunteer_settings where community_id = $1) as vol,
             (select count(*)::int from public.community_deliberation_settings where community_id = $1) as delib,
             (select count(*)::int from public.bean_rules where community_id = $1) as beans,
             (select count(*)::int from public.profile_roles where community_id = $1 and profile_id = $2 and role = 'admin') as admin`, [c.id, IDS.admin1])
    expect(row).toEqual({ sla: 4, needs: 1, vol: 1, delib: 1, beans: 1, admin: 1 })
    const sla = await t.db.rpc<{ rules: unknown[] }>('sla_rules_get', { p_community_id: c.id }, as('admin1'))
    expect(sla.rules).toHaveLength(4)
    const [audit] = await t.sql<{ actor_id: string; street_id: string; detail: { code: string } }>(
      `select actor_id, street_id, detail from public.audit_log where action = 'community.created' and community_id = $1`, [c.id])
    expect(audit).toMatchObject({ actor_id: IDS.admin1, street_id: IDS.street, detail: { code: '320102-3I5-003' } })

    const dup = await failure(t.db.rpc('community_create', newCommunity(' 和平社区 '), as('admin1')))
    expect(dup).toMatchObject({ code: 'community.name_taken', field: 'name', status: 409 })
    // the same name in another street is fine
    const elsewhere = await t.db.rpc<Community>('community_create', newCommunity('和平社区', { p_street_id: OTHER.street }), other)
    expect(elsewhere).toMatchObject({ code: '320103-1U4-001', seq: 1 })
  })

  it('an update renames and reclassifies, and the code follows; only the street admin may', async () => {
    const c = await t.db.rpc<Community>('community_create', newCommunity('改名前社区'), as('admin1'))
    expect(c.code).toMatch(/^320102-1U4-\d{3}$/)
    const seq = String(c.seq).padStart(3, '0')
    expect((await failure(t.db.rpc('community_update', { p_id: c.id, p_name: '改名后社区' }, as('staff1')))).code).toBe('auth.forbidden')
    expect((await failure(t.db.rpc('community_update', { p_id: IDS.communityA, p_name: '和平新社区' }, as('staff1')))).code).toBe('auth.forbidden')
    expect((await failure(t.db.rpc('community_update', { p_id: c.id, p_name: '改名后社区' }, other))).code).toBe('auth.forbidden')
    expect((await failure(t.db.rpc('community_update', { p_id: c.id, p_name: '光明社区' }, as('admin1'))))).toMatchObject({ code: 'community.name_taken', field: 'name' })
    const u = await t.db.rpc<Community>('community_update', { p_id: c.id, p_name: '改名后社区', p_scale: 'large', p_function: 'rural', p_subtype: 'other_rural' }, as('admin1'))
    expect(u).toMatchObject({ id: c.id, name: '改名后社区', scale: 'large', function: 'rural', subtype: 'other_rural', code: `320102-2R6-${seq}`, seq: c.seq })
    const [audit] = await t.sql<{ detail: { from: Record<string, string>; to: Record<string, string> } }>(
      `select detail from public.audit_log where action = 'community.updated' and community_id = $1`, [c.id])
    expect(audit.detail.from).toMatchObject({ name: '改名前社区', code: c.code })
    expect(audit.detail.to).toMatchObject({ name: '改名后社区', code: `320102-2R6-${seq}` })
  })

  it('the service phone and the 受理编号 prefix: the community\'s staff and the street admin change them, nobody else', async () => {
    const newNeed = async () => {
      const n = await t.db.rpc<{ id: string }>('need_create', { p_title: '楼道灯坏了', p_description: '三楼楼道灯不亮，晚上看不清台阶', p_category: 'facility_repair' }, as('resident1'))
      return (await t.sql<{ ref_no: string }>(`select ref_no from public.needs where id = $1`, [n.id]))[0].ref_no
    }
    expect(await newNeed()).toMatch(/^HP-\d{8}-\d{4}$/)
    // allowed: staff of A (staff role), the street admin
    const a = await t.db.rpc<Community>('community_update', { p_id: IDS.communityA, p_service_phone: ' 025-84560000 ', p_ref_prefix: 'hpa' }, as('staff1'))
    expect(a).toMatchObject({ id: IDS.communityA, servicePhone: '025-84560000', refPrefix: 'HPA', name: '和平社区' })
    const [audit] = await t.sql<{ actor_id: string; detail: { from: Record<string, unknown>; to: Record<string, unknown> } }>(
      `select actor_id, detail from public.audit_log where action = 'community.updated' and community_id = $1 order by id desc limit 1`, [IDS.communityA])
    expect(audit).toMatchObject({ actor_id: IDS.staff1, detail: { from: { servicePhone: '025-84561234', refPrefix: 'HP' }, to: { servicePhone: '025-84560000', refPrefix: 'HPA' } } })
    // the profile of every member of A carries the new phone
    expect(await t.db.rpc<{ communityPhone: string | null }>('me', {}, as('resident1'))).toMatchObject({ communityPhone: '025-84560000', communityName: '和平社区' })
    expect(await t.db.rpc<{ communityPhone: string | null }>('me', {}, as('resident3'))).toMatchObject({ communityPhone: '025-84567788' })
    // a new need of A is numbered with the new prefix
    expect(await newNeed()).toMatch(/^HPA-\d{8}-\d{4}$/)

    const b = await t.db.rpc<Community>('community_update', { p_id: IDS.communityA, p_service_phone: '' }, as('admin1'))
    expect(b).toMatchObject({ servicePhone: null, refPrefix: 'HPA' })
    expect(await t.db.rpc<{ communityPhone: string | null }>('me', {}, as('resident1'))).toMatchObject({ communityPhone: null })

    // denied: staff of another community, a resident, a grid worker; and staff may not rename while at it
    for (const who of ['staff2', 'resident1', 'grid1'] as const) {
      expect((await failure(t.db.rpc('community_update', { p_id: IDS.communityA, p_service_phone: '025-11112222' }, as(who)))).code).toBe('auth.forbidden')
    }
    expect((await failure(t.db.rpc('community_update', { p_id: IDS.communityA, p_ref_prefix: 'ZZ', p_name: '和平新社区' }, as('staff1')))).code).toBe('auth.forbidden')
    // staff sending the unchanged name and classification along with the phone is fine
    await t.db.rpc('community_update', { p_id: IDS.communityA, p_name: '和平社区', p_scale: 'large', p_service_phone: '13800001111' }, as('staff1'))
    const [row] = await t.sql<{ service_phone: string; ref_prefix: string; name: string }>(`select service_phone, ref_prefix, name from public.communities where id = $1`, [IDS.communityA])
    expect(row).toEqual({ service_phone: '13800001111', ref_prefix: 'HPA', name: '和平社区' })

    // bad input names its field
    for (const phone of ['abc', '12', '025 8456 1234', '-0258456123', '0'.repeat(21)]) {
      expect(await failure(t.db.rpc('community_update', { p_id: IDS.communityA, p_service_phone: phone }, as('staff1')))).toMatchObject({ code: 'community.phone_invalid', field: 'servicePhone' })
    }
    for (const prefix of ['H', '1HP', 'HP-1', 'ABCDEFGHI', '和平']) {
      expect(await failure(t.db.rpc('community_update', { p_id: IDS.communityA, p_ref_prefix: prefix }, as('staff1')))).toMatchObject({ code: 'community.ref_prefix_invalid', field: 'refPrefix' })
    }
    // another community's prefix, or one that another community's needs still carry (HP-…), is taken
    expect(await failure(t.db.rpc('community_update', { p_id: IDS.communityA, p_ref_prefix: 'gm' }, as('staff1')))).toMatchObject({ code: 'community.ref_prefix_taken', field: 'refPrefix' })
    expect(await failure(t.db.rpc('community_update', { p_id: IDS.communityB, p_ref_prefix: 'HPA' }, as('staff2')))).toMatchObject({ code: 'community.ref_prefix_taken', field: 'refPrefix' })
    expect(await failure(t.db.rpc('community_update', { p_id: IDS.communityB, p_ref_prefix: 'HP' }, as('staff2')))).toMatchObject({ code: 'community.ref_prefix_taken', field: 'refPrefix' })
    // A may go back to its own old prefix
    expect(await t.db.rpc<Community>('community_update', { p_id: IDS.communityA, p_ref_prefix: 'HP' }, as('staff1'))).toMatchObject({ refPrefix: 'HP' })
    // the table refuses a bad value even past the function
    await expect(t.sql(`update public.communities set service_phone = 'call me' where id = $1`, [IDS.communityB])).rejects.toThrow(/communities_service_phone_format/)

    // a new community: with a prefix and phone, or SQ<n> without
    const c = await t.db.rpc<Community>('community_create', newCommunity('电话社区', { p_service_phone: '025-80001111', p_ref_prefix: 'dh' }), as('admin1'))
    expect(c).toMatchObject({ servicePhone: '025-80001111', refPrefix: 'DH' })
    const d = await t.db.rpc<Community>('community_create', newCommunity('无前缀社区'), as('admin1'))
    expect(d.refPrefix).toMatch(/^SQ\d+$/)
    expect(d.servicePhone).toBeNull()
    expect(await failure(t.db.rpc('community_create', newCommunity('重名前缀社区', { p_ref_prefix: 'GM' }), as('admin1')))).toMatchObject({ code: 'community.ref_prefix_taken', field: 'refPrefix' })
    await t.sql(`update public.communities set service_phone = '025-84561234' where id = $1`, [IDS.communityA])
  })

  it('archiving keeps the data, hides the community from the default list and freezes its structure', async () => {
    const c = await t.db.rpc<Community>('community_create', newCommunity('待归档社区'), as('admin1'))
    const g = await t.db.rpc<Grid>('grid_create', { p_community_id: c.id, p_name: '第一网格', p_households: 350 }, as('admin1'))
    expect((await failure(t.db.rpc('community_archive', { p_id: c.id, p_reason: '撤并' }, as('staff1')))).code).toBe('auth.forbidden')
    expect((await failure(t.db.rpc('community_archive', { p_id: c.id, p_reason: ' ' }, as('admin1')))).field).toBe('reason')
    const a = await t.db.rpc<Community>('community_archive', { p_id: c.id, p_reason: '与和平社区合并' }, as('admin1'))
    expect(a).toMatchObject({ archived: true, gridCount: 1 })
    expect(a.archivedAt).toBeTruthy()
    expect((await failure(t.db.rpc('community_archive', { p_id: c.id, p_reason: '再次归档' }, as('admin1')))).code).toBe('community.already_archived')
    const [row] = await t.sql<{ archived_reason: string; grids: number }>(
      `select archived_reason, (select count(*)::int from public.grids where community_id = c.id) as grids from public.communities c where id = $1`, [c.id])
    expect(row).toEqual({ archived_reason: '与和平社区合并', grids: 1 })

    const list = await t.db.rpc<{ items: Community[] }>('admin_communities_list', {}, as('admin1'))
    expect(list.items.map((x) => x.id)).not.toContain(c.id)
    const all = await t.db.rpc<{ items: Community[] }>('admin_communities_list', { p_include_archived: true }, as('admin1'))
    expect(all.items.map((x) => x.id)).toContain(c.id)

    expect((await failure(t.db.rpc('grid_create', { p_community_id: c.id, p_name: '第二网格', p_households: 350 }, as('admin1')))).code).toBe('community.archived')
    expect((await failure(t.db.rpc('grid_update', { p_id: g.id, p_households: 360 }, as('admin1')))).code).toBe('community.archived')
    expect((await failure(t.db.rpc('micro_grid_create', { p_grid_id: g.id, p_name: '1号楼', p_households: 60 }, as('admin1')))).code).toBe('community.archived')
    expect((await failure(t.db.rpc('community_update', { p_id: c.id, p_name: '复活社区' }, as('admin1')))).code).toBe('community.archived')
    expect((await failure(t.db.rpc('party_org_create', { p_level: 'community_committee', p_name: '待归档社区党委', p_parent_id: ORG.street, p_community_id: c.id }, as('admin1')))).code).toBe('community.archived')
  })

  it('the admin list: the street admin sees the street, staff their own community, residents nothing; counts are right', async () => {
    const admin = await t.db.rpc<{ items: Community[] }>('admin_communities_list', {}, as('admin1'))
    expect(admin.items.map((c) => c.name)).toEqual(expect.arrayContaining(['和平社区', '光明社区']))
    expect(admin.items.every((c) => c.streetId === IDS.street)).toBe(true)
    const staff = await t.db.rpc<{ items: Community[] }>('admin_communities_list', {}, as('staff1'))
    expect(staff.items.map((c) => c.id)).toEqual([IDS.communityA])
    const [members] = await t.sql<{ n: number }>(`select count(*)::int as n from public.profiles where community_id = $1`, [IDS.communityA])
    expect(staff.items[0]).toMatchObject({ gridCount: 2, microGridCount: 2, memberCount: members.n, code: '320102-2U3-001' })
    expect(members.n).toBeGreaterThanOrEqual(7)
    expect((await failure(t.db.rpc('admin_communities_list', {}, as('resident1')))).code).toBe('auth.forbidden')
    expect((await failure(t.db.rpc('admin_communities_list', { p_street_id: IDS.street }, other))).code).toBe('auth.forbidden')
    const mine = await t.db.rpc<{ items: Community[] }>('admin_communities_list', {}, other)
    expect(mine.items.every((c) => c.streetId === OTHER.street)).toBe(true)
  })

  it('grids and micro-grids: staff of the community and the street admin; never staff of another community or street', async () => {
    const g = await t.db.rpc<Grid>('grid_create', { p_community_id: IDS.communityA, p_name: '第三网格', p_kind: 'comprehensive', p_households: 299 }, as('staff1'))
    expect(g).toMatchObject({ communityId: IDS.communityA, name: '第三网格', kind: 'comprehensive', households: 299, leaderName: null, workerNames: [] })
    expect((await failure(t.db.rpc('grid_create', { p_community_id: IDS.communityA, p_name: '第四网格', p_households: 400 }, as('staff2')))).code).toBe('auth.forbidden')
    expect((await failure(t.db.rpc('grid_create', { p_community_id: IDS.communityA, p_name: '第四网格', p_households: 400 }, as('grid1')))).code).toBe('auth.forbidden')
    expect((await failure(t.db.rpc('grid_create', { p_community_id: IDS.communityA, p_name: '第四网格', p_households: 400 }, other))).code).toBe('auth.forbidden')
    expect((await failure(t.db.rpc('grid_update', { p_id: g.id, p_households: 400 }, as('staff2')))).code).toBe('auth.forbidden')
    expect((await failure(t.db.rpc('grid_update', { p_id: g.id, p_households: 400 }, as('resident1')))).code).toBe('auth.forbidden')
    expect((await failure(t.db.rpc('grid_create', { p_community_id: IDS.communityA, p_name: '第一网格', p_households: 400 }, as('staff1'))))).toMatchObject({ code: 'grid.name_taken', field: 'name', status: 409 })
    expect((await failure(t.db.rpc('grid_update', { p_id: g.id, p_name: '第一网格' }, as('staff1'))))).toMatchObject({ code: 'grid.name_taken', field: 'name' })
    // the same name in another community is fine
    expect(await t.db.rpc<Grid>('grid_create', { p_community_id: IDS.communityB, p_name: '第三网格', p_households: 310 }, as('staff2'))).toMatchObject({ name: '第三网格' })
    const u = await t.db.rpc<Grid>('grid_update', { p_id: g.id, p_name: '第三网格（东）', p_kind: 'dedicated', p_households: 120 }, as('admin1'))
    expect(u).toMatchObject({ name: '第三网格（东）', kind: 'dedicated', households: 120 })
    const [audit] = await t.sql<{ actor_id: string; detail: { from: { households: number }; to: { households: number } } }>(
      `select actor_id, detail from public.audit_log where action = 'grid.updated' and detail->>'gridId' = $1`, [g.id])
    expect(audit).toMatchObject({ actor_id: IDS.admin1, detail: { from: { households: 299 }, to: { households: 120 } } })

    const m = await t.db.rpc<MicroGrid>('micro_grid_create', { p_grid_id: g.id, p_name: '9号楼微网格', p_households: 49 }, as('staff1'))
    expect(m).toMatchObject({ gridId: g.id, name: '9号楼微网格', households: 49 })
    expect((await failure(t.db.rpc('micro_grid_create', { p_grid_id: g.id, p_name: '10号楼微网格', p_households: 60 }, as('staff2')))).code).toBe('auth.forbidden')
    expect((await failure(t.db.rpc('micro_grid_create', { p_grid_id: g.id, p_name: '9号楼微网格', p_households: 60 }, as('staff1'))))).toMatchObject({ code: 'micro_grid.name_taken', field: 'name' })
    expect((await failure(t.db.rpc('micro_grid_update', { p_id: m.id, p_households: 60 }, as('staff2')))).code).toBe('auth.forbidden')
    expect((await failure(t.db.rpc('micro_grid_update', { p_id: IDS.microA1, p_name: '2号楼微网格' }, as('staff1'))))).toMatchObject({ code: 'micro_grid.name_taken', field: 'name' })
    expect(await t.db.rpc<MicroGrid>('micro_grid_update', { p_id: m.id, p_households: 81 }, as('admin1'))).toMatchObject({ households: 81, name: '9号楼微网格' })
    expect((await failure(t.db.rpc('micro_grid_create', { p_grid_id: g.id, p_name: '负数楼', p_households: -1 }, as('staff1')))).field).toBe('households')
    expect((await failure(t.db.rpc('grid_update', { p_id: '30000000-0000-4000-8000-0000000000ff', p_households: 1 }, as('staff1')))).code).toBe('grid.not_found')
  })

  it('the structure: grids with micro-grids, workers, and the branch secretary as leader only where the community says so', async () => {
    expect((await failure(t.db.rpc('community_structure', { p_id: IDS.communityA }, as('staff2')))).code).toBe('auth.forbidden')
    expect((await failure(t.db.rpc('community_structure', { p_id: IDS.communityA }, as('resident1')))).code).toBe('auth.forbidden')
    const s = await t.db.rpc<CommunityStructure>('community_structure', { p_id: IDS.communityA }, as('staff1'))
    expect(s.community).toMatchObject({ id: IDS.communityA, name: '和平社区', branchSecretaryLeadsGrid: true })
    const first = s.grids.find((g) => g.id === IDS.gridA1)!
    expect(first).toMatchObject({ name: '第一网格', leaderName: '赵网格', workerNames: ['赵网格'], households: 420 })
    expect(first.microGrids.map((m) => m.name)).toEqual(['1号楼微网格', '2号楼微网格'])
    expect(s.grids.find((g) => g.id === GRID_A2)).toMatchObject({ kind: 'dedicated', leaderName: null, microGrids: [] })

    await t.db.rpc('community_update', { p_id: IDS.communityA, p_branch_secretary_leads_grid: false }, as('admin1'))
    const off = await t.db.rpc<CommunityStructure>('community_structure', { p_id: IDS.communityA }, as('admin1'))
    expect(off.grids.find((g) => g.id === IDS.gridA1)!.leaderName).toBeNull()
    await t.db.rpc('community_update', { p_id: IDS.communityA, p_branch_secretary_leads_grid: true }, as('admin1'))

    // a new secretary becomes the leader
    await t.db.rpc('party_org_update', { p_id: ORG.branchA1, p_secretary_id: IDS.party1, p_set_secretary: true }, as('staff1'))
    const on = await t.db.rpc<CommunityStructure>('community_structure', { p_id: IDS.communityA }, as('staff1'))
    expect(on.grids.find((g) => g.id === IDS.gridA1)!.leaderName).toBe('孙先生')
    await t.db.rpc('party_org_update', { p_id: ORG.branchA1, p_secretary_id: IDS.grid1, p_set_secretary: true }, as('staff1'))
  })

  it('the party tree: who reads which part', async () => {
    const admin = await t.db.rpc<{ items: PartyOrg[] }>('party_orgs_list', { p_street_id: IDS.street }, as('admin1'))
    expect(admin.items.map((o) => o.name)).toEqual(expect.arrayContaining(['幸福街道党工委', '和平社区党委', '光明社区党委', '第一网格党支部', '1号楼党小组']))
    // parents before children
    expect(admin.items[0]).toMatchObject({ level: 'street_committee', parentId: null })
    const staffA = await t.db.rpc<{ items: PartyOrg[] }>('party_orgs_list', {}, as('staff1'))
    const namesA = staffA.items.map((o) => o.name)
    expect(namesA).toEqual(expect.arrayContaining(['幸福街道党工委', '和平社区党委', '第一网格党支部', '1号楼党小组']))
    expect(namesA).not.toContain('光明社区党委')
    expect(staffA.items.find((o) => o.id === ORG.branchA1)).toMatchObject({ gridId: IDS.gridA1, gridName: '第一网格', secretaryId: IDS.grid1, secretaryName: '赵网格' })
    expect(staffA.items.find((o) => o.id === ORG.groupA11)).toMatchObject({ microGridId: IDS.microA1, microGridName: '1号楼微网格', parentId: ORG.branchA1 })
    const staffB = await t.db.rpc<{ items: PartyOrg[] }>('party_orgs_list', { p_community_id: IDS.communityB }, as('staff2'))
    expect(staffB.items.map((o) => o.name).sort()).toEqual(['光明社区党委', '幸福街道党工委'].sort())
    expect((await failure(t.db.rpc('party_orgs_list', { p_community_id: IDS.communityA }, as('staff2')))).code).toBe('auth.forbidden')
    expect((await failure(t.db.rpc('party_orgs_list', {}, as('resident1')))).code).toBe('auth.forbidden')
    expect((await failure(t.db.rpc('party_orgs_list', { p_street_id: IDS.street }, other))).code).toBe('auth.forbidden')
  })

  it('the party tree stays sound: levels, anchors, secretaries, one of each', async () => {
    // staff build inside their community
    const branch = await t.db.rpc<PartyOrg>('party_org_create', { p_level: 'grid_branch', p_name: '和平小学网格党支部', p_parent_id: ORG.committeeA, p_grid_id: GRID_A2, p_secretary_id: IDS.staff1 }, as('staff1'))
    expect(branch).toMatchObject({ level: 'grid_branch', parentId: ORG.committeeA, streetId: IDS.street, communityId: IDS.communityA, gridId: GRID_A2, secretaryName: '陈主任' })
    // wrong parent level: a grid branch straight under the street committee, a building group under a community committee
    expect((await failure(t.db.rpc('party_org_create', { p_level: 'grid_branch', p_name: '错挂支部', p_parent_id: ORG.street, p_grid_id: GRID_A2 }, as('admin1'))))).toMatchObject({ code: 'party_org.parent_invalid', field: 'parentId' })
    expect((await failure(t.db.rpc('party_org_create', { p_level: 'building_group', p_name: '错挂小组', p_parent_id: ORG.committeeA }, as('staff1'))))).toMatchObject({ code: 'party_org.parent_invalid', field: 'parentId' })
    expect((await failure(t.db.rpc('party_org_create', { p_level: 'street_committee', p_name: '第二党工委', p_street_id: IDS.street, p_parent_id: ORG.street }, as('admin1'))))).toMatchObject({ field: 'parentId' })
    // a branch on B's grid under A's committee
    expect((await failure(t.db.rpc('party_org_create', { p_level: 'grid_branch', p_name: '错社区支部', p_parent_id: ORG.committeeA, p_grid_id: GRID_B1 }, as('admin1'))))).toMatchObject({ code: 'party_org.parent_invalid' })
    // a secretary from another community
    expect((await failure(t.db.rpc('party_org_create', { p_level: 'building_group', p_name: '2号楼党小组', p_parent_id: ORG.branchA1, p_micro_grid_id: IDS.microA2, p_secretary_id: IDS.resident3 }, as('staff1'))))).toMatchObject({ code: 'party_org.secretary_invalid', field: 'secretaryId' })
    expect((await failure(t.db.rpc('party_org_update', { p_id: ORG.branchA1, p_secretary_id: IDS.resident3, p_set_secretary: true }, as('admin1'))))).toMatchObject({ code: 'party_org.secretary_invalid' })
    // a micro-grid outside the branch's grid
    expect((await failure(t.db.rpc('party_org_create', { p_level: 'building_group', p_name: '5号楼党小组', p_parent_id: ORG.branchA1, p_micro_grid_id: IDS.microB1 }, as('admin1'))))).toMatchObject({ code: 'party_org.micro_grid_invalid', field: 'microGridId' })
    const group = await t.db.rpc<PartyOrg>('party_org_create', { p_level: 'building_group', p_name: '2号楼党小组', p_parent_id: ORG.branchA1, p_micro_grid_id: IDS.microA2, p_secretary_id: IDS.party1 }, as('staff1'))
    expect(group).toMatchObject({ gridId: IDS.gridA1, microGridName: '2号楼微网格', secretaryName: '孙先生' })
    // one of each
    expect((await failure(t.db.rpc('party_org_create', { p_level: 'street_committee', p_name: '幸福街道第二党工委', p_street_id: IDS.street }, as('admin1')))).code).toBe('party_org.street_committee_exists')
    expect((await failure(t.db.rpc('party_org_create', { p_level: 'community_committee', p_name: '和平社区第二党委', p_parent_id: ORG.street, p_community_id: IDS.communityA }, as('admin1')))).code).toBe('party_org.community_committee_exists')
    expect((await failure(t.db.rpc('party_org_create', { p_level: 'grid_branch', p_name: '第一网格第二支部', p_parent_id: ORG.committeeA, p_grid_id: IDS.gridA1 }, as('staff1')))).code).toBe('party_org.grid_branch_exists')
    expect((await failure(t.db.rpc('party_org_create', { p_level: 'building_group', p_name: '1号楼党小组', p_parent_id: ORG.branchA1 }, as('staff1'))))).toMatchObject({ code: 'party_org.name_taken', field: 'name' })
    // the constraints hold for direct writes too
    await expect(t.sql(`insert into public.party_orgs (level, name, parent_id, street_id, community_id, grid_id) values ('grid_branch', '直写支部', $1, $2, $3, $4)`, [ORG.street, IDS.street, IDS.communityA, GRID_A2])).rejects.toThrow(/party_org.parent_invalid/)
    await expect(t.sql(`insert into public.party_orgs (level, name, street_id, community_id) values ('street_committee', '带社区党工委', $1, $2)`, [OTHER.street, IDS.communityA])).rejects.toThrow(/party_orgs_shape/)
    await expect(t.sql(`update public.party_orgs set parent_id = $1 where id = $2`, [ORG.committeeB, ORG.branchA1])).rejects.toThrow(/party_org.structure_fixed/)
  })

  it('the party tree: street admins edit all of it, staff only inside their community', async () => {
    expect((await failure(t.db.rpc('party_org_update', { p_id: ORG.street, p_name: '幸福街道党工委（新）' }, as('staff1')))).code).toBe('auth.forbidden')
    expect((await failure(t.db.rpc('party_org_create', { p_level: 'street_committee', p_name: '平安街道党工委', p_street_id: OTHER.street }, as('admin1')))).code).toBe('auth.forbidden')
    expect((await failure(t.db.rpc('party_org_update', { p_id: ORG.committeeB, p_name: '光明社区党委（新）' }, as('staff1')))).code).toBe('auth.forbidden')
    expect((await failure(t.db.rpc('party_org_update', { p_id: ORG.committeeA, p_name: '和平社区党委（新）' }, other))).code).toBe('auth.forbidden')
    expect((await failure(t.db.rpc('party_org_create', { p_level: 'grid_branch', p_name: '光明第一网格党支部', p_parent_id: ORG.committeeB, p_grid_id: GRID_B1 }, as('staff1')))).code).toBe('auth.forbidden')
    expect((await failure(t.db.rpc('party_org_create', { p_level: 'grid_branch', p_name: '光明第一网格党支部', p_parent_id: ORG.committeeB, p_grid_id: GRID_B1 }, as('resident3')))).code).toBe('auth.forbidden')
    expect(await t.db.rpc<PartyOrg>('party_org_update', { p_id: ORG.committeeA, p_name: '和平社区党委会' }, as('staff1'))).toMatchObject({ name: '和平社区党委会' })
    expect(await t.db.rpc<PartyOrg>('party_org_update', { p_id: ORG.street, p_secretary_id: IDS.staff2, p_set_secretary: true }, as('admin1'))).toMatchObject({ secretaryName: '刘主任' })
    // the street admin may lead the street committee themself; clearing the secretary
    expect(await t.db.rpc<PartyOrg>('party_org_update', { p_id: ORG.street, p_secretary_id: IDS.admin1, p_set_secretary: true }, as('admin1'))).toMatchObject({ secretaryName: '吴科长' })
    expect(await t.db.rpc<PartyOrg>('party_org_update', { p_id: ORG.street, p_set_secretary: true }, as('admin1'))).toMatchObject({ secretaryId: null })
    // the other street builds its own tree
    const st = await t.db.rpc<PartyOrg>('party_org_create', { p_level: 'street_committee', p_name: '平安街道党工委', p_street_id: OTHER.street, p_secretary_id: OTHER.admin }, other)
    expect(st).toMatchObject({ streetId: OTHER.street, communityId: null, secretaryName: '郑科长' })
    const [c] = await t.sql<{ id: string }>(`select id from public.communities where street_id = $1 limit 1`, [OTHER.street])
    // a committee of a community of another street under this street's committee
    expect((await failure(t.db.rpc('party_org_create', { p_level: 'community_committee', p_name: '错街道党委', p_parent_id: ORG.street, p_community_id: c.id }, other)))).toMatchObject({ code: 'party_org.parent_invalid' })
    expect(await t.db.rpc<PartyOrg>('party_org_create', { p_level: 'community_committee', p_name: '平安和平社区党委', p_parent_id: st.id, p_community_id: c.id }, other)).toMatchObject({ parentId: st.id, communityId: c.id })
    const audit = await t.sql<{ action: string }>(`select action from public.audit_log where action like 'party_org.%' and actor_id = $1`, [OTHER.admin])
    expect(audit.map((a) => a.action).sort()).toEqual(['party_org.created', 'party_org.created'])
  })

  it.runIf(kind === 'postgres')('10 parallel creates in one street take 10 distinct seqs and codes', async () => {
    const made = await Promise.all(
      Array.from({ length: 10 }, (_, i) => t.db.rpc<Community>('community_create', newCommunity(`并发社区${i + 1}`), as('admin1'))),
    )
    expect(new Set(made.map((c) => c.seq)).size).toBe(10)
    expect(new Set(made.map((c) => c.code)).size).toBe(10)
    const [dups] = await t.sql<{ n: number }>(`select count(*)::int as n from (select seq from public.communities where street_id = $1 group by seq having count(*) > 1) d`, [IDS.street])
    expect(dups.n).toBe(0)
  })
})
