import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { IDS } from '../helpers/db'
import { startTestApi, type TestApi } from '../helpers/api'

/**
 * Everything seed.sql creates for a community can now be created through the API alone, by the people who run a
 * street: the street administrator sets up the community, its grids and micro-grids and its party organisation;
 * staff, a grid worker and a member unit come by invitation; residents log in with WeChat and join; volunteers
 * register and are approved. This re-creates community A (和平社区) as 和平新村 and checks it works like the seed.
 */
describe('re-creating a seeded community through the API', () => {
  let api: TestApi
  let admin: string
  beforeAll(async () => {
    api = await startTestApi('recreate_community')
    admin = await api.login('admin1')
  })
  afterAll(async () => {
    await api?.close()
  })

  /** A person who was never seeded: WeChat login through the fake WeChat server, then their name. */
  async function newPerson(openid: string, name: string): Promise<string> {
    const login = await api.call('POST', '/api/auth/wechat', { body: { code: `ok-${openid}` } })
    expect(login.status).toBe(200)
    expect(login.body.profile.communityId).toBeNull()
    const token = login.body.token as string
    expect((await api.call('PATCH', '/api/me', { token, body: { displayName: name } })).status).toBe(200)
    return token
  }

  async function ok(r: Promise<{ status: number; body: any }>, status = 200) {
    const x = await r
    expect(x.status, JSON.stringify(x.body)).toBe(status)
    return x.body
  }

  it('street admin → community, grids, micro-grids, party organisation; invitations; residents join; volunteers approved', async () => {
    // the community, coded by its classification like A (较大 · 城市 · 商品房型)
    const community = await ok(api.call('POST', '/api/admin/communities', {
      token: admin, body: { streetId: IDS.street, name: '和平新村', scale: 'large', function: 'urban', subtype: 'commercial_housing' },
    }), 201)
    expect(community.code).toMatch(/^320102-2U3-\d{3}$/)
    const cid = community.id as string

    const grid = await ok(api.call('POST', '/api/admin/grids', { token: admin, body: { communityId: cid, name: '第一网格', kind: 'comprehensive', households: 420 } }), 201)
    expect(grid.warnings).toEqual([])
    const school = await ok(api.call('POST', '/api/admin/grids', { token: admin, body: { communityId: cid, name: '和平小学专属网格', kind: 'dedicated', households: 0 } }), 201)
    expect(school.warnings).toEqual([])
    const b1 = await ok(api.call('POST', '/api/admin/micro-grids', { token: admin, body: { gridId: grid.id, name: '1号楼微网格', households: 64 } }), 201)
    const b2 = await ok(api.call('POST', '/api/admin/micro-grids', { token: admin, body: { gridId: grid.id, name: '2号楼微网格', households: 72 } }), 201)

    // staff by invitation
    const staffInvite = await ok(api.call('POST', '/api/admin/invitations', { token: admin, body: { communityId: cid, role: 'staff' } }), 201)
    expect(staffInvite.qrSvg).toContain('<svg')
    const staff = await newPerson('rc-staff', '陈主任')
    expect((await ok(api.call('POST', `/api/invitations/${staffInvite.code}/accept`, { token: staff }))).role).toBe('staff')
    // the new staff member's queue is their new community's, and empty
    expect((await ok(api.call('GET', '/api/needs', { token: staff }))).items).toEqual([])

    // a grid worker for 第一网格 and a member unit, invited by the new staff member
    const gridInvite = await ok(api.call('POST', '/api/admin/invitations', { token: staff, body: { communityId: cid, role: 'grid_worker', gridId: grid.id } }), 201)
    const gridWorker = await newPerson('rc-grid', '赵网格')
    await ok(api.call('POST', `/api/invitations/${gridInvite.code}/accept`, { token: gridWorker }))
    const unitInvite = await ok(api.call('POST', '/api/admin/invitations', {
      token: staff, body: { communityId: cid, role: 'unit', unitName: '红星物业', partnerType: 'property' },
    }), 201)
    const unit = await newPerson('rc-unit', '红星物业')
    const accepted = await ok(api.call('POST', `/api/invitations/${unitInvite.code}/accept`, { token: unit }))
    expect(accepted.unitId).toBeTruthy()

    // residents join with WeChat
    const res1 = await newPerson('rc-res1', '张阿姨')
    const joined = await ok(api.call('POST', '/api/me/community', { token: res1, body: { communityId: cid, microGridId: b1.id } }))
    expect(joined).toMatchObject({ communityId: cid, microGridId: b1.id, roles: ['resident'] })
    const res2 = await newPerson('rc-res2', '李大爷')
    await ok(api.call('POST', '/api/me/community', { token: res2, body: { communityId: cid, microGridId: b2.id } }))

    // a party member (双报到) and a talent register and are approved by staff
    const party = await newPerson('rc-party', '孙先生')
    await ok(api.call('POST', '/api/me/community', { token: party, body: { communityId: cid, microGridId: b2.id } }))
    const reg = await ok(api.call('POST', '/api/volunteers/register', { token: party, body: { kind: 'party_member', workUnit: '市第一医院' } }), 201)
    await ok(api.call('POST', `/api/volunteers/${reg.id}/review`, { token: staff, body: { approve: true } }))
    const talent = await newPerson('rc-talent', '周师傅')
    await ok(api.call('POST', '/api/me/community', { token: talent, body: { communityId: cid, microGridId: b1.id } }))
    const treg = await ok(api.call('POST', '/api/volunteers/register', { token: talent, body: { kind: 'talent', skills: ['家电维修'] } }), 201)
    await ok(api.call('POST', `/api/volunteers/${treg.id}/review`, { token: staff, body: { approve: true } }))

    // the party organisation beside the grids, the grid branch secretary leading the grid
    const orgs = await ok(api.call('GET', `/api/admin/party-orgs?streetId=${IDS.street}`, { token: admin }))
    const streetCommittee = orgs.items.find((o: { level: string }) => o.level === 'street_committee')
    expect(streetCommittee).toBeTruthy()
    const committee = await ok(api.call('POST', '/api/admin/party-orgs', {
      token: admin, body: { level: 'community_committee', name: '和平新村党委', parentId: streetCommittee.id, communityId: cid },
    }), 201)
    const people = await ok(api.call('GET', `/api/people?communityId=${cid}&q=${encodeURIComponent('赵')}`, { token: staff }))
    const zhao = people.items.find((p: { displayName: string }) => p.displayName === '赵网格')
    expect(zhao).toBeTruthy()
    await ok(api.call('POST', '/api/admin/party-orgs', {
      token: staff, body: { level: 'grid_branch', name: '第一网格党支部', parentId: committee.id, gridId: grid.id, secretaryId: zhao.id },
    }), 201)
    const structure = await ok(api.call('GET', `/api/admin/communities/${cid}/structure`, { token: staff }))
    const first = structure.grids.find((g: { name: string }) => g.name === '第一网格')
    expect(first.leaderName).toBe('赵网格')
    expect(first.workerNames).toEqual(['赵网格'])
    expect(first.microGrids.map((m: { name: string }) => m.name).sort()).toEqual(['1号楼微网格', '2号楼微网格'])

    // the same role structure as the seeded community A
    const members = await ok(api.call('GET', `/api/admin/members?communityId=${cid}`, { token: staff }))
    const count = (role: string) => members.items.filter((m: { roles: string[] }) => m.roles.includes(role)).length
    expect({ staff: count('staff'), grid_worker: count('grid_worker'), unit: count('unit'), party_member: count('party_member'), talent: count('talent') })
      .toEqual({ staff: 1, grid_worker: 1, unit: 1, party_member: 1, talent: 1 })
    expect(count('resident')).toBeGreaterThanOrEqual(4)

    // and it works: a resident's need reaches the new staff member's queue and the grid worker's
    const need = await ok(api.call('POST', '/api/needs', {
      token: res1, body: { title: '楼道灯坏了', description: '3单元楼道灯坏了一周，晚上老人上下楼很危险。', category: 'facility_repair' },
    }), 201)
    expect(need.microGridId).toBe(b1.id)
    expect((await ok(api.call('GET', '/api/needs', { token: staff }))).items.map((n: { id: string }) => n.id)).toEqual([need.id])
    expect((await ok(api.call('GET', '/api/needs', { token: gridWorker }))).items.map((n: { id: string }) => n.id)).toEqual([need.id])
    // and nothing of it leaks to the seeded community's staff
    expect((await ok(api.call('GET', '/api/needs', { token: await api.login('staff1') }))).items.map((n: { id: string }) => n.id)).not.toContain(need.id)

    // every step is in the audit log the street admin reads
    const audit = await ok(api.call('GET', `/api/admin/audit?communityId=${cid}`, { token: admin }))
    const actions = new Set(audit.items.map((e: { action: string }) => e.action))
    for (const a of ['community.created', 'grid.created', 'micro_grid.created', 'invitation.created', 'invitation.accepted', 'member.joined']) {
      expect(actions.has(a), a).toBe(true)
    }
  })
})
