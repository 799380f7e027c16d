import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  ZCommunity, ZCommunityStructure, ZGrid, ZListAdminCommunitiesResponse, ZListPartyOrgsResponse, ZMicroGrid, ZPartyOrg,
  type Community, type Grid, type MicroGrid,
} from '../../core/contracts/admin'
import { ZNeedDetail } from '../../core/contracts/needs'
import { IDS } from '../helpers/db'
import { startTestApi, type TestApi } from '../helpers/api'

const OTHER = { street: '10000000-0000-4000-8000-000000000003', admin: '50000000-0000-4000-8000-000000000098' }
const ORG = { street: '60000000-0000-4000-8000-000000000001', committeeA: '60000000-0000-4000-8000-00000000000a', branchA1: '60000000-0000-4000-8000-0000000000a1' }
const GRID_A2 = '30000000-0000-4000-8000-0000000000a2'

const community = (name: string, extra: Record<string, unknown> = {}) => ({
  streetId: IDS.street, name, scale: 'large', function: 'urban', subtype: 'commercial_housing', ...extra,
})

describe('community structure administration over HTTP', () => {
  let api: TestApi
  const t: Record<string, string> = {}
  beforeAll(async () => {
    api = await startTestApi('structure_api')
    await api.sql(`insert into public.streets (id, name, code) values ($1, '安康街道', '320104')`, [OTHER.street])
    await api.sql(`insert into public.profiles (id, handle, display_name) values ($1, 'admin_ankang', '钱科长')`, [OTHER.admin])
    await api.sql(`insert into public.street_admins (profile_id, street_id) values ($1, $2)`, [OTHER.admin, OTHER.street])
    for (const h of ['resident1', 'resident3', 'staff1', 'staff2', 'grid1', 'admin1', 'admin_ankang']) t[h] = await api.login(h)
  })
  afterAll(async () => {
    await api?.close()
  })

  const ok = <T>(r: { status: number; body: unknown }, status: number, parse: (x: unknown) => T): T => {
    expect(r.status, JSON.stringify(r.body)).toBe(status)
    return parse(r.body)
  }

  it('POST /api/admin/communities: the street admin only; the code per classification; a taken name → 409 naming name', async () => {
    for (const who of ['resident1', 'staff1', 'grid1', 'admin_ankang']) {
      const r = await api.call('POST', '/api/admin/communities', { token: t[who], body: community('被拒社区') })
      expect(r.status, who).toBe(403)
      expect(r.body.error.code).toBe('auth.forbidden')
    }
    const c = ok(await api.call('POST', '/api/admin/communities', { token: t.admin1, body: community('春风社区', { scale: 'general', function: 'rural', subtype: 'village_to_residential' }) }), 201, ZCommunity.parse)
    expect(c).toMatchObject({ name: '春风社区', seq: 3, code: '320102-1R2-003', branchSecretaryLeadsGrid: true, archived: false })
    const dup = await api.call('POST', '/api/admin/communities', { token: t.admin1, body: community('春风社区') })
    expect(dup.status).toBe(409)
    expect(dup.body.error).toMatchObject({ code: 'community.name_taken', field: 'name' })
    expect(dup.body.error.message).toMatch(/同名社区/)
    for (const [body, field] of [
      [community('春风二社区', { scale: 'huge' }), 'scale'], [community('x'), 'name'], [{ ...community('春风三社区'), streetId: 'nope' }, 'streetId'],
      [community('春风四社区', { branchSecretaryLeadsGrid: 'yes' }), 'branchSecretaryLeadsGrid'],
    ] as const) {
      const r = await api.call('POST', '/api/admin/communities', { token: t.admin1, body })
      expect(r.status, field).toBe(400)
      expect(r.body.error.field).toBe(field)
    }
  })

  it('PATCH /api/admin/communities/{id}: rename and reclassify, the code follows; staff and other streets refused', async () => {
    const c = ZCommunity.parse((await api.call('POST', '/api/admin/communities', { token: t.admin1, body: community('秋实社区') })).body)
    const seq = String(c.seq).padStart(3, '0')
    expect(c.code).toBe(`320102-2U3-${seq}`)
    expect((await api.call('PATCH', `/api/admin/communities/${c.id}`, { token: t.staff1, body: { name: '秋实新社区' } })).status).toBe(403)
    expect((await api.call('PATCH', `/api/admin/communities/${IDS.communityA}`, { token: t.staff1, body: { subtype: 'mixed' } })).status).toBe(403)
    expect((await api.call('PATCH', `/api/admin/communities/${c.id}`, { token: t.admin_ankang, body: { name: '秋实新社区' } })).status).toBe(403)
    const taken = await api.call('PATCH', `/api/admin/communities/${c.id}`, { token: t.admin1, body: { name: '和平社区' } })
    expect(taken.status).toBe(409)
    expect(taken.body.error.field).toBe('name')
    const u = ok(await api.call('PATCH', `/api/admin/communities/${c.id}`, { token: t.admin1, body: { name: '秋实新社区', scale: 'extra_large', subtype: 'relocation' } }), 200, ZCommunity.parse)
    expect(u).toMatchObject({ name: '秋实新社区', code: `320102-3U1-${seq}`, seq: c.seq })
    const [row] = await api.sql<{ code: string }>(`select code from public.communities where id = $1`, [c.id])
    expect(row.code).toBe(u.code)
    expect((await api.call('PATCH', `/api/admin/communities/${c.id}`, { token: t.admin1, body: { function: 'village' } })).body.error.field).toBe('function')
  })

  it('社区服务电话 and 受理编号前缀: the community\'s staff and the street admin set them; the profile carries the phone', async () => {
    const path = `/api/admin/communities/${IDS.communityA}`
    // the demo phone reaches login and GET /api/me
    const login = await api.call('POST', '/api/auth/dev', { body: { handle: 'resident1' } })
    expect(login.body.profile).toMatchObject({ communityName: '和平社区', communityPhone: '025-84561234' })
    expect((await api.call('GET', '/api/me', { token: t.resident3 })).body).toMatchObject({ communityPhone: '025-84567788' })

    // allowed: staff of A
    const a = ok(await api.call('PATCH', path, { token: t.staff1, body: { servicePhone: '025-84569999', refPrefix: ' hpx ' } }), 200, ZCommunity.parse)
    expect(a).toMatchObject({ servicePhone: '025-84569999', refPrefix: 'HPX', name: '和平社区' })
    expect((await api.call('GET', '/api/me', { token: t.resident1 })).body).toMatchObject({ communityPhone: '025-84569999' })
    const listed = ZListAdminCommunitiesResponse.parse((await api.call('GET', '/api/admin/communities', { token: t.staff1 })).body)
    expect(listed.items[0]).toMatchObject({ servicePhone: '025-84569999', refPrefix: 'HPX' })
    // denied: another community's staff, a resident, a grid worker; staff may not rename on the way
    for (const who of ['staff2', 'resident1', 'grid1']) {
      const r = await api.call('PATCH', path, { token: t[who], body: { servicePhone: '025-80000000' } })
      expect(r.status, who).toBe(403)
    }
    expect((await api.call('PATCH', path, { token: t.staff1, body: { refPrefix: 'ZZ', name: '新和平社区' } })).status).toBe(403)
    // bad input: 400 naming the field, from the contract and from SQL alike
    for (const [body, field] of [
      [{ servicePhone: '电话' }, 'servicePhone'], [{ servicePhone: '12' }, 'servicePhone'], [{ servicePhone: 12345678 }, 'servicePhone'],
      [{ refPrefix: 'H' }, 'refPrefix'], [{ refPrefix: '1AB' }, 'refPrefix'], [{ refPrefix: '' }, 'refPrefix'], [{ refPrefix: 'ABCDEFGHI' }, 'refPrefix'],
    ] as const) {
      const r = await api.call('PATCH', path, { token: t.staff1, body })
      expect(r.status, JSON.stringify(body)).toBe(400)
      expect(r.body.error.field).toBe(field)
      expect(r.body.error.message).toMatch(/电话|前缀/)
    }
    // another community's prefix: 409 naming refPrefix, with a message that says so
    const taken = await api.call('PATCH', path, { token: t.staff1, body: { refPrefix: 'GM' } })
    expect(taken.status).toBe(409)
    expect(taken.body.error).toMatchObject({ code: 'community.ref_prefix_taken', field: 'refPrefix' })
    expect(taken.body.error.message).toMatch(/已被其他社区使用/)
    // the street admin clears the phone (null) and restores the prefix
    const b = ok(await api.call('PATCH', path, { token: t.admin1, body: { servicePhone: null, refPrefix: 'HP' } }), 200, ZCommunity.parse)
    expect(b).toMatchObject({ servicePhone: null, refPrefix: 'HP' })
    expect((await api.call('GET', '/api/me', { token: t.resident1 })).body.communityPhone).toBeNull()
    ok(await api.call('PATCH', path, { token: t.admin1, body: { servicePhone: '025-84561234' } }), 200, ZCommunity.parse)
    const [audit] = await api.sql<{ actor_id: string; detail: { to: Record<string, unknown> } }>(
      `select actor_id, detail from public.audit_log where action = 'community.updated' and community_id = $1 and actor_id = $2 order by id limit 1`, [IDS.communityA, IDS.staff1])
    expect(audit.detail.to).toMatchObject({ servicePhone: '025-84569999', refPrefix: 'HPX' })
    // a new community may start with both
    const c = ok(await api.call('POST', '/api/admin/communities', { token: t.admin1, body: community('电话社区', { servicePhone: '025-80001111', refPrefix: 'dh' }) }), 201, ZCommunity.parse)
    expect(c).toMatchObject({ servicePhone: '025-80001111', refPrefix: 'DH' })
    const dupPrefix = await api.call('POST', '/api/admin/communities', { token: t.admin1, body: community('前缀重复社区', { refPrefix: 'DH' }) })
    expect(dupPrefix.status).toBe(409)
    expect(dupPrefix.body.error.field).toBe('refPrefix')
  })

  it('POST /api/admin/communities/{id}/archive: never deleted, hidden from joining and the default list', async () => {
    const c = ZCommunity.parse((await api.call('POST', '/api/admin/communities', { token: t.admin1, body: community('夕阳社区') })).body)
    expect((await api.call('POST', `/api/admin/communities/${c.id}/archive`, { token: t.staff1, body: { reason: '撤并到和平社区' } })).status).toBe(403)
    expect((await api.call('POST', `/api/admin/communities/${c.id}/archive`, { token: t.resident1, body: { reason: '撤并到和平社区' } })).status).toBe(403)
    expect((await api.call('POST', `/api/admin/communities/${c.id}/archive`, { token: t.admin1, body: {} })).body.error.field).toBe('reason')
    const a = ok(await api.call('POST', `/api/admin/communities/${c.id}/archive`, { token: t.admin1, body: { reason: '撤并到和平社区' } }), 200, ZCommunity.parse)
    expect(a).toMatchObject({ archived: true })
    expect((await api.call('POST', `/api/admin/communities/${c.id}/archive`, { token: t.admin1, body: { reason: '再归档一次' } })).status).toBe(409)
    const [row] = await api.sql<{ archived_reason: string; n: number }>(`select archived_reason, (select count(*)::int from public.communities where id = $1) as n from public.communities where id = $1`, [c.id])
    expect(row).toEqual({ archived_reason: '撤并到和平社区', n: 1 })
    const list = ZListAdminCommunitiesResponse.parse((await api.call('GET', '/api/admin/communities', { token: t.admin1 })).body)
    expect(list.items.map((x) => x.id)).not.toContain(c.id)
    const all = ZListAdminCommunitiesResponse.parse((await api.call('GET', '/api/admin/communities?includeArchived=true', { token: t.admin1 })).body)
    expect(all.items.find((x) => x.id === c.id)).toMatchObject({ archived: true })
    // the joining search (built alongside) offers a live community of a like name, never the archived one
    const live = ZCommunity.parse((await api.call('POST', '/api/admin/communities', { token: t.admin1, body: community('夕阳红社区') })).body)
    const search = await api.call('GET', `/api/communities?q=${encodeURIComponent('夕阳')}`, { token: t.resident1 })
    if (!(search.status === 404 && search.body.error?.code === 'request.not_found')) {
      expect(search.status, JSON.stringify(search.body)).toBe(200)
      const ids = search.body.items.map((x: { id: string }) => x.id)
      expect(ids).toContain(live.id)
      expect(ids).not.toContain(c.id)
    }
    expect((await api.call('POST', '/api/admin/grids', { token: t.admin1, body: { communityId: c.id, name: '第一网格', households: 400 } })).status).toBe(409)
  })

  it('GET /api/admin/communities: the street admin sees the street, staff their community, residents are refused', async () => {
    const admin = ok(await api.call('GET', '/api/admin/communities', { token: t.admin1 }), 200, ZListAdminCommunitiesResponse.parse)
    expect(admin.items.map((c) => c.name)).toEqual(expect.arrayContaining(['和平社区', '光明社区']))
    const staff = ok(await api.call('GET', '/api/admin/communities', { token: t.staff2 }), 200, ZListAdminCommunitiesResponse.parse)
    expect(staff.items.map((c) => c.id)).toEqual([IDS.communityB])
    expect(staff.items[0]).toMatchObject({ code: '320102-1U1-002', streetName: '幸福街道' })
    expect((await api.call('GET', '/api/admin/communities', { token: t.resident1 })).status).toBe(403)
    expect((await api.call('GET', `/api/admin/communities?streetId=${IDS.street}`, { token: t.admin_ankang })).status).toBe(403)
    expect((await api.call('GET', '/api/admin/communities?includeArchived=maybe', { token: t.admin1 })).body.error.field).toBe('includeArchived')
  })

  it('grids: staff of the community and the street admin; staff of B cannot add to or edit A', async () => {
    const g = ok(await api.call('POST', '/api/admin/grids', { token: t.staff1, body: { communityId: IDS.communityA, name: '第五网格', households: 450 } }), 201, ZGrid.parse)
    expect(g).toMatchObject({ communityId: IDS.communityA, kind: 'comprehensive', households: 450, warnings: [], leaderName: null, workerNames: [] })
    for (const who of ['staff2', 'resident1', 'grid1', 'admin_ankang']) {
      expect((await api.call('POST', '/api/admin/grids', { token: t[who], body: { communityId: IDS.communityA, name: '第六网格', households: 400 } })).status, who).toBe(403)
      expect((await api.call('PATCH', `/api/admin/grids/${g.id}`, { token: t[who], body: { households: 400 } })).status, who).toBe(403)
      expect((await api.call('PATCH', `/api/admin/grids/${IDS.gridA1}`, { token: t[who], body: { name: '被改的网格' } })).status, who).toBe(403)
    }
    const dup = await api.call('POST', '/api/admin/grids', { token: t.admin1, body: { communityId: IDS.communityA, name: '第五网格', households: 400 } })
    expect(dup.status).toBe(409)
    expect(dup.body.error).toMatchObject({ code: 'grid.name_taken', field: 'name' })
    expect((await api.call('PATCH', `/api/admin/grids/${g.id}`, { token: t.admin1, body: { name: '第一网格' } })).body.error.field).toBe('name')
    const u = ok(await api.call('PATCH', `/api/admin/grids/${g.id}`, { token: t.admin1, body: { name: '第五网格（西）', households: 520 } }), 200, ZGrid.parse)
    expect(u).toMatchObject({ name: '第五网格（西）', households: 520, warnings: [{ code: 'grid.households_above' }] })
    for (const [body, field] of [[{ communityId: IDS.communityA, name: '第七网格' }, 'households'], [{ communityId: IDS.communityA, name: '第七网格', households: -1 }, 'households'],
      [{ communityId: IDS.communityA, name: '第七网格', households: 400, kind: 'special' }, 'kind'], [{ communityId: IDS.communityA, name: '', households: 400 }, 'name']] as const) {
      const r = await api.call('POST', '/api/admin/grids', { token: t.staff1, body })
      expect(r.status, field).toBe(400)
      expect(r.body.error.field).toBe(field)
    }
    expect((await api.call('PATCH', '/api/admin/grids/30000000-0000-4000-8000-0000000000ff', { token: t.staff1, body: { households: 300 } })).status).toBe(404)
  })

  it('household warnings exactly at and around the guideline (grid 300-500, micro-grid 50-80; none for a dedicated grid)', async () => {
    const grid = async (households: number, kind = 'comprehensive') =>
      ok(await api.call('POST', '/api/admin/grids', { token: t.staff2, body: { communityId: IDS.communityB, name: `户数${kind}${households}`, kind, households } }), 201, ZGrid.parse)
    expect((await grid(299)).warnings.map((w) => w.code)).toEqual(['grid.households_below'])
    expect((await grid(300)).warnings).toEqual([])
    expect((await grid(500)).warnings).toEqual([])
    const above = await grid(501)
    expect(above.warnings.map((w) => w.code)).toEqual(['grid.households_above'])
    expect(above.warnings[0].message).toMatch(/501/)
    expect((await grid(10, 'dedicated')).warnings).toEqual([])
    expect((await grid(1200, 'dedicated')).warnings).toEqual([])

    const host = await grid(400)
    const micro = async (households: number) =>
      ok(await api.call('POST', '/api/admin/micro-grids', { token: t.staff2, body: { gridId: host.id, name: `${households}户楼`, households } }), 201, ZMicroGrid.parse)
    expect((await micro(49)).warnings.map((w) => w.code)).toEqual(['micro_grid.households_below'])
    expect((await micro(50)).warnings).toEqual([])
    expect((await micro(80)).warnings).toEqual([])
    expect((await micro(81)).warnings.map((w) => w.code)).toEqual(['micro_grid.households_above'])

    // the structure carries the same warnings, and a change of kind clears them
    const s = ok(await api.call('GET', `/api/admin/communities/${IDS.communityB}/structure`, { token: t.staff2 }), 200, ZCommunityStructure.parse)
    const h = s.grids.find((g) => g.id === host.id)!
    expect(h.microGrids.map((m) => [m.households, m.warnings.length])).toEqual([[49, 1], [50, 0], [80, 0], [81, 1]])
    expect(s.grids.find((g) => g.id === above.id)!.warnings).toHaveLength(1)
    const dedicated = ok(await api.call('PATCH', `/api/admin/grids/${above.id}`, { token: t.staff2, body: { kind: 'dedicated' } }), 200, ZGrid.parse)
    expect(dedicated.warnings).toEqual([])
  })

  it('micro-grids: belong to a grid of a managed, open community; names unique in the grid', async () => {
    const m = ok(await api.call('POST', '/api/admin/micro-grids', { token: t.staff1, body: { gridId: IDS.gridA1, name: '3号楼微网格', households: 66 } }), 201, ZMicroGrid.parse)
    expect(m).toMatchObject({ gridId: IDS.gridA1, warnings: [] })
    expect((await api.call('POST', '/api/admin/micro-grids', { token: t.staff2, body: { gridId: IDS.gridA1, name: '4号楼微网格', households: 66 } })).status).toBe(403)
    expect((await api.call('PATCH', `/api/admin/micro-grids/${m.id}`, { token: t.staff2, body: { households: 70 } })).status).toBe(403)
    expect((await api.call('PATCH', `/api/admin/micro-grids/${m.id}`, { token: t.admin_ankang, body: { households: 70 } })).status).toBe(403)
    const dup = await api.call('POST', '/api/admin/micro-grids', { token: t.staff1, body: { gridId: IDS.gridA1, name: '1号楼微网格', households: 66 } })
    expect(dup.status).toBe(409)
    expect(dup.body.error.field).toBe('name')
    const u = ok(await api.call('PATCH', `/api/admin/micro-grids/${m.id}`, { token: t.admin1, body: { households: 90 } }), 200, ZMicroGrid.parse)
    expect(u.warnings.map((w) => w.code)).toEqual(['micro_grid.households_above'])
    expect((await api.call('POST', '/api/admin/micro-grids', { token: t.staff1, body: { gridId: '30000000-0000-4000-8000-0000000000ff', name: '无主楼', households: 60 } })).status).toBe(404)
    expect((await api.call('PATCH', `/api/admin/micro-grids/${m.id}`, { token: t.staff1, body: { households: 1.5 } })).body.error.field).toBe('households')
  })

  it('GET /api/admin/communities/{id}/structure: workers and the grid leader, following the community rule', async () => {
    expect((await api.call('GET', `/api/admin/communities/${IDS.communityA}/structure`, { token: t.staff2 })).status).toBe(403)
    expect((await api.call('GET', `/api/admin/communities/${IDS.communityA}/structure`, { token: t.resident1 })).status).toBe(403)
    const s = ok(await api.call('GET', `/api/admin/communities/${IDS.communityA}/structure`, { token: t.staff1 }), 200, ZCommunityStructure.parse)
    expect(s.grids.find((g) => g.id === IDS.gridA1)).toMatchObject({ leaderName: '赵网格', workerNames: ['赵网格'], warnings: [] })
    expect((await api.call('PATCH', `/api/admin/communities/${IDS.communityA}`, { token: t.admin1, body: { branchSecretaryLeadsGrid: false } })).body.branchSecretaryLeadsGrid).toBe(false)
    const off = ok(await api.call('GET', `/api/admin/communities/${IDS.communityA}/structure`, { token: t.admin1 }), 200, ZCommunityStructure.parse)
    expect(off.grids.find((g) => g.id === IDS.gridA1)!.leaderName).toBeNull()
    await api.call('PATCH', `/api/admin/communities/${IDS.communityA}`, { token: t.admin1, body: { branchSecretaryLeadsGrid: true } })
  })

  it('party organisations over HTTP: the tree, who edits which part, a secretary from elsewhere refused', async () => {
    const list = ok(await api.call('GET', `/api/admin/party-orgs?communityId=${IDS.communityA}`, { token: t.staff1 }), 200, ZListPartyOrgsResponse.parse)
    expect(list.items.map((o) => o.level)).toEqual(['street_committee', 'community_committee', 'grid_branch', 'building_group'])
    expect(list.items.map((o) => o.name)).toEqual(['幸福街道党工委', '和平社区党委', '第一网格党支部', '1号楼党小组'])
    expect((await api.call('GET', `/api/admin/party-orgs?communityId=${IDS.communityA}`, { token: t.staff2 })).status).toBe(403)
    expect((await api.call('GET', '/api/admin/party-orgs', { token: t.resident1 })).status).toBe(403)

    const branch = ok(await api.call('POST', '/api/admin/party-orgs', { token: t.staff1, body: { level: 'grid_branch', name: '和平小学网格党支部', parentId: ORG.committeeA, gridId: GRID_A2 } }), 201, ZPartyOrg.parse)
    expect(branch).toMatchObject({ parentId: ORG.committeeA, gridName: '和平小学专属网格', secretaryId: null })
    const wrong = await api.call('POST', '/api/admin/party-orgs', { token: t.admin1, body: { level: 'building_group', name: '错挂党小组', parentId: ORG.committeeA } })
    expect(wrong.status).toBe(400)
    expect(wrong.body.error.field).toBe('parentId')
    const stranger = await api.call('PATCH', `/api/admin/party-orgs/${branch.id}`, { token: t.staff1, body: { secretaryId: IDS.resident3 } })
    expect(stranger.status).toBe(400)
    expect(stranger.body.error).toMatchObject({ code: 'party_org.secretary_invalid', field: 'secretaryId' })
    expect((await api.call('PATCH', `/api/admin/party-orgs/${branch.id}`, { token: t.staff2, body: { name: '被改的支部' } })).status).toBe(403)
    expect((await api.call('PATCH', `/api/admin/party-orgs/${ORG.street}`, { token: t.staff1, body: { name: '改名党工委' } })).status).toBe(403)
    expect((await api.call('POST', '/api/admin/party-orgs', { token: t.staff1, body: { level: 'street_committee', name: '第二党工委', streetId: IDS.street } })).status).toBe(403)
    expect((await api.call('POST', '/api/admin/party-orgs', { token: t.admin1, body: { level: 'street_committee', name: '第二党工委', streetId: IDS.street } })).status).toBe(409)

    // naming the secretary makes them the grid's leader; null clears it, leaving the name alone
    const named = ok(await api.call('PATCH', `/api/admin/party-orgs/${branch.id}`, { token: t.staff1, body: { secretaryId: IDS.staff1 } }), 200, ZPartyOrg.parse)
    expect(named.secretaryName).toBe('陈主任')
    const s = ZCommunityStructure.parse((await api.call('GET', `/api/admin/communities/${IDS.communityA}/structure`, { token: t.staff1 })).body)
    expect(s.grids.find((g) => g.id === GRID_A2)!.leaderName).toBe('陈主任')
    const renamed = ok(await api.call('PATCH', `/api/admin/party-orgs/${branch.id}`, { token: t.admin1, body: { name: '和平小学党支部' } }), 200, ZPartyOrg.parse)
    expect(renamed).toMatchObject({ name: '和平小学党支部', secretaryName: '陈主任' })
    const cleared = ok(await api.call('PATCH', `/api/admin/party-orgs/${branch.id}`, { token: t.staff1, body: { secretaryId: null } }), 200, ZPartyOrg.parse)
    expect(cleared).toMatchObject({ name: '和平小学党支部', secretaryId: null, secretaryName: null })
    expect((await api.call('POST', '/api/admin/party-orgs', { token: t.admin1, body: { level: 'district', name: '区委' } })).body.error.field).toBe('level')
  })

  it('10 parallel creates in one street: 10 distinct seqs and codes', async () => {
    const rs = await Promise.all(Array.from({ length: 10 }, (_, i) =>
      api.call('POST', '/api/admin/communities', { token: t.admin1, body: community(`同时新建社区${i + 1}`) })))
    expect(rs.map((r) => r.status)).toEqual(Array(10).fill(201))
    const made = rs.map((r) => ZCommunity.parse(r.body))
    expect(new Set(made.map((c) => c.seq)).size).toBe(10)
    expect(new Set(made.map((c) => c.code)).size).toBe(10)
    const [dups] = await api.sql<{ n: number }>(`select count(*)::int as n from (select code from public.communities group by code having count(*) > 1) d`)
    expect(dups.n).toBe(0)
  })

  it('end to end: admin1 opens a community with a grid and a micro-grid, and the community works', async () => {
    const c: Community = ok(await api.call('POST', '/api/admin/communities', { token: t.admin1, body: community('新苑社区', { scale: 'general', subtype: 'mixed' }) }), 201, ZCommunity.parse)
    expect(c.code).toBe(`320102-1U4-${String(c.seq).padStart(3, '0')}`)
    const g: Grid = ok(await api.call('POST', '/api/admin/grids', { token: t.admin1, body: { communityId: c.id, name: '新苑第一网格', households: 380 } }), 201, ZGrid.parse)
    const m: MicroGrid = ok(await api.call('POST', '/api/admin/micro-grids', { token: t.admin1, body: { gridId: g.id, name: '新苑1号楼', households: 60 } }), 201, ZMicroGrid.parse)

    const sla = ok(await api.call('GET', `/api/communities/${c.id}/sla`, { token: t.admin1 }), 200, (x) => x as { rules: { severity: string; minutes: number }[] })
    expect(sla.rules.map((r) => [r.severity, r.minutes])).toEqual(expect.arrayContaining([['general', 60], ['major', 1440], ['complex', 10080], ['escalated', 10080]]))

    // people arrive (joining is another endpoint; arranged here directly) and the loop runs
    await api.sql(`insert into public.profiles (id, handle, display_name, community_id, micro_grid_id) values
      ('50000000-0000-4000-8000-0000000000e1', 'xinyuan_staff', '新苑社工', $1, null),
      ('50000000-0000-4000-8000-0000000000e2', 'xinyuan_resident', '新苑居民', $1, $2)`, [c.id, m.id])
    await api.sql(`insert into public.profile_roles (profile_id, role, community_id) values
      ('50000000-0000-4000-8000-0000000000e1', 'staff', $1), ('50000000-0000-4000-8000-0000000000e2', 'resident', $1)`, [c.id])
    const staff = await api.login('xinyuan_staff')
    const resident = await api.login('xinyuan_resident')
    const need = ok(await api.call('POST', '/api/needs', { token: resident, body: { title: '楼下路灯不亮', description: '新苑1号楼楼下的路灯不亮了，晚上走路看不清。', category: 'facility_repair' } }), 201, ZNeedDetail.parse)
    const queue = ok(await api.call('GET', '/api/needs', { token: staff }), 200, (x) => x as { items: { id: string }[] })
    expect(queue.items.map((n) => n.id)).toEqual([need.id])
    const tri = ok(await api.call('POST', `/api/needs/${need.id}/triage`, { token: staff, body: { track: 'shared', severity: 'general' } }), 200, ZNeedDetail.parse)
    expect(tri).toMatchObject({ status: 'triaged', dueGoal: 'resolve' })
    expect(Date.parse(tri.dueAt!) - Date.now()).toBeGreaterThan(55 * 60_000)

    const list = ok(await api.call('GET', `/api/admin/communities?streetId=${IDS.street}`, { token: t.admin1 }), 200, ZListAdminCommunitiesResponse.parse)
    expect(list.items.find((x) => x.id === c.id)).toMatchObject({ gridCount: 1, microGridCount: 1, memberCount: 2 })
    const s = ok(await api.call('GET', `/api/admin/communities/${c.id}/structure`, { token: staff }), 200, ZCommunityStructure.parse)
    expect(s.grids).toHaveLength(1)
    expect(s.grids[0]).toMatchObject({ name: '新苑第一网格', leaderName: null, microGrids: [{ name: '新苑1号楼', households: 60, warnings: [] }] })
    const audit = await api.sql<{ action: string }>(`select action from public.audit_log where community_id = $1 order by id`, [c.id])
    expect(audit.map((a) => a.action)).toEqual(['community.created', 'grid.created', 'micro_grid.created'])
  })

  it('GET /api/admin/communities/{id}/qr: the join QR of a community its managers show; others cannot', async () => {
    const r = await api.call('GET', `/api/admin/communities/${IDS.communityA}/qr`, { token: t.staff1 })
    expect(r.status).toBe(200)
    expect(r.body).toMatchObject({ communityId: IDS.communityA, name: '和平社区' })
    expect(r.body.link).toBe(`/packageJoin/pages/join/index?community=${encodeURIComponent(r.body.code)}`)
    expect(r.body.qrSvg).toMatch(/^<svg/)
    expect((await api.call('GET', `/api/admin/communities/${IDS.communityA}/qr`, { token: t.admin1 })).status).toBe(200)
    for (const who of ['staff2', 'resident1', 'admin_ankang']) {
      expect([403, 404], who).toContain((await api.call('GET', `/api/admin/communities/${IDS.communityA}/qr`, { token: t[who] })).status)
    }
    expect((await api.call('GET', `/api/admin/communities/not-an-id/qr`, { token: t.staff1 })).body.error.field).toBe('id')
  })
})
