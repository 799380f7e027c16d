import { beforeEach, describe, expect, it, vi } from 'vitest'
import {
  COMMUNITY_A,
  GRID_1,
  INVITATION_ID,
  MICRO_1,
  ORG_COMMUNITY,
  ORG_GRID,
  PERSON,
  STREET,
  auditEntry,
  community,
  created,
  grid,
  invitation,
  member,
  microGrid,
  partyOrg,
  structure,
} from '../packageAdmin/testing/fixtures'
import { ok, resetSignedIn, sent } from '../testing/requests'
import { Taro } from '../testing/taroMock'
import {
  archiveCommunity,
  changeRoles,
  createCommunity,
  createGrid,
  createInvitation,
  createMicroGrid,
  createPartyOrg,
  getCommunityQr,
  getCommunityStructure,
  listAdminCommunities,
  listAudit,
  listInvitations,
  listMembers,
  listPartyOrgs,
  revokeInvitation,
  suspendMember,
  updateCommunity,
  updateGrid,
  updateMicroGrid,
  updatePartyOrg,
} from './admin'

vi.mock('@tarojs/taro', async () => (await import('../testing/taroMock')).taroModule)

beforeEach(resetSignedIn)

describe('services/admin', () => {
  it('listAdminCommunities: only the set parameters go in the query; the answer is validated', async () => {
    ok({ items: [community()] })
    expect(await listAdminCommunities()).toEqual([community()])
    expect(sent()).toMatchObject({ url: '/api/admin/communities', method: 'GET' })
    expect(sent().header.Authorization).toBe('Bearer tok')
    await listAdminCommunities({ streetId: STREET, includeArchived: true })
    expect(sent(1).url).toBe(`/api/admin/communities?streetId=${STREET}&includeArchived=true`)
    await listAdminCommunities({ streetId: '', includeArchived: false })
    expect(sent(2).url).toBe('/api/admin/communities')
    ok({ items: [{ ...community(), code: 7 }] })
    await expect(listAdminCommunities()).rejects.toMatchObject({ code: 'bad_response' })
  })

  it('createCommunity checks the classification before sending and returns the generated code', async () => {
    await expect(createCommunity({ streetId: STREET, name: '光明社区', scale: 'general', function: 'urban' } as never)).rejects.toMatchObject({
      status: 400, field: 'subtype', message: '请选择社区细分类型',
    })
    await expect(createCommunity({ streetId: STREET, name: '光', scale: 'general', function: 'urban', subtype: 'mixed' })).rejects.toMatchObject({ field: 'name', message: '社区名称至少 2 个字' })
    expect(Taro.request).not.toHaveBeenCalled()
    ok(community({ name: '光明社区', code: '320106-01-A4-002' }), 201)
    const c = await createCommunity({ streetId: STREET, name: ' 光明社区 ', scale: 'general', function: 'urban', subtype: 'mixed' })
    expect(c.code).toBe('320106-01-A4-002')
    expect(sent()).toMatchObject({
      url: '/api/admin/communities', method: 'POST',
      data: { streetId: STREET, name: '光明社区', scale: 'general', function: 'urban', subtype: 'mixed', branchSecretaryLeadsGrid: true },
    })
  })

  it('updateCommunity and archiveCommunity put the id in the path, not the body', async () => {
    ok(community({ name: '新和平社区' }))
    await updateCommunity({ id: COMMUNITY_A, name: '新和平社区', branchSecretaryLeadsGrid: false })
    expect(sent()).toMatchObject({ url: `/api/admin/communities/${COMMUNITY_A}`, method: 'PATCH', data: { name: '新和平社区', branchSecretaryLeadsGrid: false } })
    expect(sent().data).not.toHaveProperty('id')
    Taro.request.mockClear()
    await expect(archiveCommunity(COMMUNITY_A, ' ')).rejects.toMatchObject({ field: 'reason' })
    expect(Taro.request).not.toHaveBeenCalled()
    ok(community({ archived: true, archivedAt: '2024-11-23T02:00:00Z' }))
    expect((await archiveCommunity(COMMUNITY_A, '并入光明社区')).archived).toBe(true)
    expect(sent()).toMatchObject({ url: `/api/admin/communities/${COMMUNITY_A}/archive`, method: 'POST', data: { reason: '并入光明社区' } })
  })

  it('structure, grids and micro-grids: warnings come back with the saved item', async () => {
    ok(structure())
    expect((await getCommunityStructure(COMMUNITY_A)).grids[0].microGrids).toHaveLength(1)
    expect(sent()).toMatchObject({ url: `/api/admin/communities/${COMMUNITY_A}/structure`, method: 'GET' })
    Taro.request.mockClear()
    await expect(createGrid({ communityId: COMMUNITY_A, name: '第三网格', households: -1 })).rejects.toMatchObject({ field: 'households', message: '户数不能小于 0' })
    expect(Taro.request).not.toHaveBeenCalled()
    const warned = grid({ households: 620, warnings: [{ code: 'grid.households_out_of_range', message: '网格户数建议在 300-500 户之间' }] })
    ok(warned, 201)
    expect((await createGrid({ communityId: COMMUNITY_A, name: '第三网格', households: 620 })).warnings).toHaveLength(1)
    expect(sent()).toMatchObject({ url: '/api/admin/grids', method: 'POST', data: { communityId: COMMUNITY_A, name: '第三网格', kind: 'comprehensive', households: 620 } })
    ok(grid({ kind: 'dedicated' }))
    await updateGrid({ id: GRID_1, kind: 'dedicated' })
    expect(sent(1)).toMatchObject({ url: `/api/admin/grids/${GRID_1}`, method: 'PATCH', data: { kind: 'dedicated' } })
    ok(microGrid(), 201)
    await createMicroGrid({ gridId: GRID_1, name: '2号楼', households: 70 })
    expect(sent(2)).toMatchObject({ url: '/api/admin/micro-grids', method: 'POST', data: { gridId: GRID_1, name: '2号楼', households: 70 } })
    ok(microGrid({ households: 90 }))
    await updateMicroGrid({ id: MICRO_1, households: 90 })
    expect(sent(3)).toMatchObject({ url: `/api/admin/micro-grids/${MICRO_1}`, method: 'PATCH', data: { households: 90 } })
  })

  it('party organisations: list by street or community, create below a parent, clear a secretary with null', async () => {
    ok({ items: [partyOrg()] })
    expect(await listPartyOrgs({ streetId: STREET })).toHaveLength(1)
    expect(sent().url).toBe(`/api/admin/party-orgs?streetId=${STREET}`)
    await listPartyOrgs({ communityId: COMMUNITY_A })
    expect(sent(1).url).toBe(`/api/admin/party-orgs?communityId=${COMMUNITY_A}`)
    ok(partyOrg({ id: ORG_GRID, level: 'grid_branch' }), 201)
    await createPartyOrg({ level: 'grid_branch', name: '第一网格党支部', parentId: ORG_COMMUNITY, gridId: GRID_1 })
    expect(sent(2)).toMatchObject({ url: '/api/admin/party-orgs', method: 'POST', data: { level: 'grid_branch', name: '第一网格党支部', parentId: ORG_COMMUNITY, gridId: GRID_1 } })
    ok(partyOrg({ id: ORG_GRID }))
    await updatePartyOrg({ id: ORG_GRID, secretaryId: null })
    expect(sent(3)).toMatchObject({ url: `/api/admin/party-orgs/${ORG_GRID}`, method: 'PATCH', data: { secretaryId: null } })
  })

  it('invitations: a grid worker needs a grid; the answer carries the QR and link; revoke by id', async () => {
    await expect(createInvitation({ communityId: COMMUNITY_A, role: 'grid_worker' })).rejects.toMatchObject({ field: 'gridId', message: '邀请网格员请选择网格' })
    await expect(createInvitation({ communityId: COMMUNITY_A, role: 'unit' })).rejects.toMatchObject({ field: 'unitName' })
    expect(Taro.request).not.toHaveBeenCalled()
    ok(created({ role: 'unit', unitName: '红星物业', partnerType: 'property' }), 201)
    const res = await createInvitation({ communityId: COMMUNITY_A, role: 'unit', unitName: '红星物业', partnerType: 'property' })
    expect(res.qrSvg).toContain('<svg')
    expect(sent()).toMatchObject({ url: '/api/admin/invitations', method: 'POST', data: { communityId: COMMUNITY_A, role: 'unit', unitName: '红星物业', partnerType: 'property' } })
    ok({ items: [invitation()], nextCursor: 'c2' })
    expect(await listInvitations({ communityId: COMMUNITY_A })).toEqual({ items: [invitation()], nextCursor: 'c2' })
    expect(sent(1).url).toBe(`/api/admin/invitations?communityId=${COMMUNITY_A}`)
    await listInvitations({ communityId: COMMUNITY_A, cursor: 'c2' })
    expect(sent(2).url).toBe(`/api/admin/invitations?communityId=${COMMUNITY_A}&cursor=c2`)
    ok(invitation({ status: 'revoked' }))
    expect((await revokeInvitation(INVITATION_ID)).status).toBe('revoked')
    expect(sent(3)).toMatchObject({ url: `/api/admin/invitations/${INVITATION_ID}/revoke`, method: 'POST', data: {} })
  })

  it('members: search and role filter in the query; a street admin may leave the community out', async () => {
    ok({ items: [member()], nextCursor: null })
    await listMembers()
    expect(sent().url).toBe('/api/admin/members')
    await listMembers({ communityId: COMMUNITY_A, q: ' 张 ', role: 'grid_worker', cursor: 'n1' })
    expect(sent(1).url).toBe(`/api/admin/members?communityId=${COMMUNITY_A}&q=${encodeURIComponent('张')}&role=grid_worker&cursor=n1`)
    Taro.request.mockClear()
    await expect(listMembers({ cursor: 'bad cursor' })).rejects.toMatchObject({ field: 'cursor', message: '分页参数不正确' })
    expect(Taro.request).not.toHaveBeenCalled()
  })

  it('changeRoles: checked like the server (nothing to change, grid for a grid worker); refusals keep their message', async () => {
    await expect(changeRoles({ profileId: PERSON, communityId: COMMUNITY_A })).rejects.toMatchObject({ field: 'add', message: '请选择要授予或撤销的身份' })
    await expect(changeRoles({ profileId: PERSON, communityId: COMMUNITY_A, add: ['grid_worker'] })).rejects.toMatchObject({ field: 'gridId' })
    expect(Taro.request).not.toHaveBeenCalled()
    ok(member({ roles: ['resident', 'grid_worker'] }))
    await changeRoles({ profileId: PERSON, communityId: COMMUNITY_A, add: ['grid_worker'], gridId: GRID_1 })
    expect(sent()).toMatchObject({
      url: `/api/admin/members/${PERSON}/roles`, method: 'POST',
      data: { communityId: COMMUNITY_A, add: ['grid_worker'], remove: [], gridId: GRID_1 },
    })
    ok({ error: { code: 'role.self_admin', message: '不能撤销自己的管理员身份' } }, 409)
    await expect(changeRoles({ profileId: PERSON, communityId: COMMUNITY_A, remove: ['admin'] })).rejects.toMatchObject({ status: 409, message: '不能撤销自己的管理员身份' })
  })

  it('getCommunityQr: the community in the path; suspendMember: the person in the path, a reason required to suspend', async () => {
    const qr = { communityId: COMMUNITY_A, name: '和平社区', code: 'HP01', link: 'https://x.cn/join?community=HP01', qrSvg: '<svg/>', miniProgramCode: null }
    ok(qr)
    expect(await getCommunityQr(COMMUNITY_A)).toEqual(qr)
    expect(sent()).toMatchObject({ url: `/api/admin/communities/${COMMUNITY_A}/qr`, method: 'GET' })
    Taro.request.mockClear()
    await expect(suspendMember({ profileId: PERSON, suspend: true })).rejects.toMatchObject({ status: 400, field: 'reason', message: '请填写停用原因' })
    expect(Taro.request).not.toHaveBeenCalled()
    ok(member())
    await suspendMember({ profileId: PERSON, suspend: true, reason: '冒用他人身份' })
    expect(sent()).toMatchObject({ url: `/api/admin/members/${PERSON}/suspend`, method: 'POST', data: { suspend: true, reason: '冒用他人身份' } })
    expect(sent().data).not.toHaveProperty('profileId')
  })

  it('listAudit pages by community or street', async () => {
    ok({ items: [auditEntry()], nextCursor: null })
    expect((await listAudit({ communityId: COMMUNITY_A })).items[0].action).toBe('role.granted')
    expect(sent().url).toBe(`/api/admin/audit?communityId=${COMMUNITY_A}`)
    await listAudit({ streetId: STREET, cursor: 'a9' })
    expect(sent(1).url).toBe(`/api/admin/audit?streetId=${STREET}&cursor=a9`)
  })
})
