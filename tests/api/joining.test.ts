import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  ZListAuditResponse, ZListCommunitiesResponse, ZListMembersResponse, ZListMicroGridsResponse, ZListStreetsResponse, ZMember, ZPeopleResponse,
} from '../../core/contracts/admin'
import { ZProfile } from '../../core/contracts/auth'
import { IDS, readAsPerson } from '../helpers/db'
import { startTestApi, type TestApi } from '../helpers/api'

const need = { title: '楼道灯坏了', description: '3单元楼道灯坏了一周，晚上老人上下楼很危险。', category: 'facility_repair' }

describe('joining a community, phone binding, members, roles, audit and the person picker over HTTP', () => {
  let api: TestApi
  let sql: postgres.Sql
  const t: Record<string, string> = {}
  let n = 0
  /** A never-seeded person through the WeChat login (fake WeChat): no community, no roles. */
  const newcomer = async (name?: string) => {
    const r = await api.call('POST', '/api/auth/wechat', { body: { code: `ok-joining-${++n}` } })
    expect(r.status).toBe(200)
    expect(r.body.profile).toMatchObject({ communityId: null, roles: [] })
    const token = r.body.token as string
    if (name) expect((await api.call('PATCH', '/api/me', { token, body: { displayName: name } })).status).toBe(200)
    return { token, id: r.body.profile.id as string }
  }
  const readAs = <T>(sub: string, text: string, params: unknown[] = []) => readAsPerson<T>(sql, sub, text, params)

  beforeAll(async () => {
    api = await startTestApi('joining_api')
    sql = postgres(api.dbUrl, { max: 2, onnotice: () => {} })
    for (const h of ['resident1', 'resident2', 'resident3', 'staff1', 'staff2', 'grid1', 'admin1']) t[h] = await api.login(h)
  })
  afterAll(async () => {
    await sql?.end()
    await api?.close()
  })

  it('a new WeChat user cannot submit a need until they find a community (street → name or code → micro-grid) and join', async () => {
    const me = await newcomer()
    const before = await api.call('POST', '/api/needs', { token: me.token, body: need })
    expect(before.status).toBe(403)
    expect(before.body.error.code).toBe('need.no_community')

    const streets = ZListStreetsResponse.parse((await api.call('GET', '/api/streets', { token: me.token })).body)
    const street = streets.items.find((s) => s.name === '幸福街道')!
    expect(street).toMatchObject({ id: IDS.street, code: '320102' })

    const byName = ZListCommunitiesResponse.parse((await api.call('GET', `/api/communities?streetId=${street.id}&q=${encodeURIComponent('和平')}`, { token: me.token })).body)
    expect(byName.items.map((c) => c.name)).toEqual(['和平社区'])
    const a = byName.items[0]
    expect(a).toMatchObject({ id: IDS.communityA, streetName: '幸福街道' })
    // 一社区一编码: the exact code, or a prefix of it, in any case
    const byCode = ZListCommunitiesResponse.parse((await api.call('GET', `/api/communities?q=${a.code.toLowerCase()}`, { token: me.token })).body)
    expect(byCode.items.map((c) => c.id)).toEqual([IDS.communityA])
    const byPrefix = ZListCommunitiesResponse.parse((await api.call('GET', `/api/communities?q=320102-`, { token: me.token })).body)
    expect(byPrefix.items.map((c) => c.id)).toEqual(expect.arrayContaining([IDS.communityA, IDS.communityB]))

    const micro = ZListMicroGridsResponse.parse((await api.call('GET', `/api/communities/${a.id}/micro-grids`, { token: me.token })).body)
    expect(micro.items).toEqual(expect.arrayContaining([{ id: IDS.microA1, name: '1号楼微网格', gridId: IDS.gridA1, gridName: '第一网格' }]))
    expect(micro.items.some((m) => m.id === IDS.microB1)).toBe(false)
    expect((await api.call('GET', `/api/communities/00000000-0000-4000-8000-000000000000/micro-grids`, { token: me.token })).status).toBe(404)

    const wrong = await api.call('POST', '/api/me/community', { token: me.token, body: { communityId: a.id, microGridId: IDS.microB1 } })
    expect(wrong.status).toBe(400)
    expect(wrong.body.error.field).toBe('microGridId')
    const joined = await api.call('POST', '/api/me/community', { token: me.token, body: { communityId: a.id, microGridId: IDS.microA1 } })
    expect(joined.status).toBe(200)
    expect(ZProfile.parse(joined.body)).toMatchObject({ communityId: IDS.communityA, communityName: '和平社区', microGridName: '1号楼微网格', roles: ['resident'] })

    const after = await api.call('POST', '/api/needs', { token: me.token, body: need })
    expect(after.status).toBe(201)
    expect(after.body).toMatchObject({ communityId: IDS.communityA, microGridId: IDS.microA1 })
  })

  it('the community list leaves out archived communities and pages with an opaque cursor', async () => {
    for (let i = 0; i < 24; i++) {
      await api.sql(`insert into public.communities (street_id, name, seq, scale, function, subtype) values ($1, $2, $3, 'general', 'urban', 'mixed')`,
        [IDS.street, `测试社区${String(i).padStart(2, '0')}`, 100 + i])
    }
    await api.sql(`update public.communities set archived_at = now(), archived_reason = '测试归档' where name = '测试社区00'`)
    const seen: string[] = []
    let cursor: string | null = null
    let pages = 0
    do {
      const r = await api.call('GET', `/api/communities?q=${encodeURIComponent('测试社区')}${cursor ? `&cursor=${cursor}` : ''}`, { token: t.resident1 })
      expect(r.status).toBe(200)
      const page = ZListCommunitiesResponse.parse(r.body)
      expect(page.items.length).toBeLessThanOrEqual(50)
      seen.push(...page.items.map((c) => c.name))
      cursor = page.nextCursor
      pages++
    } while (cursor)
    expect(pages).toBe(2)
    expect(seen).toHaveLength(23)
    expect(new Set(seen).size).toBe(23)
    expect(seen).not.toContain('测试社区00')
    const forged = await api.call('GET', '/api/communities?cursor=bm90LWpzb24', { token: t.resident1 })
    expect(forged.status).toBe(400)
    expect(forged.body.error.field).toBe('cursor')
    const archivedId = (await api.sql<{ id: string }>(`select id from public.communities where name = '测试社区00'`))[0].id
    expect((await api.call('POST', '/api/me/community', { token: t.resident1, body: { communityId: archivedId } })).status).toBe(409)
  })

  it('phone binding: WeChat vouches for the number (token refreshed when stale); a used or invalid code is a 400 on `code`', async () => {
    const me = await newcomer('钱奶奶')
    await api.call('POST', '/api/me/community', { token: me.token, body: { communityId: IDS.communityA } })
    const ok = await api.call('POST', '/api/me/phone', { token: me.token, body: { code: 'phone-13912345678' } })
    expect(ok.status).toBe(200)
    expect(ZProfile.parse(ok.body).phone).toBe('13912345678')
    const again = await api.call('POST', '/api/me/phone', { token: me.token, body: { code: 'phone-13912345678' } })
    expect(again.status).toBe(400)
    expect(again.body.error).toMatchObject({ code: 'phone.code_invalid', field: 'code' })
    expect((await api.call('POST', '/api/me/phone', { token: me.token, body: { code: 'nonsense' } })).body.error.field).toBe('code')
    expect((await api.call('POST', '/api/me/phone', { token: me.token, body: { code: '' } })).body.error.field).toBe('code')
    expect((await api.call('POST', '/api/me/phone', { token: me.token, body: { code: 'phone-boom' } })).status).toBe(502)

    // the cached access token goes stale: the server fetches a new one and retries once
    api.wechat.expireTokens()
    const tokensBefore = api.wechat.requests.filter((u) => u.pathname === '/cgi-bin/token').length
    const fresh = await api.call('POST', '/api/me/phone', { token: me.token, body: { code: 'phone-13912345679' } })
    expect(fresh.status).toBe(200)
    expect(fresh.body.phone).toBe('13912345679')
    expect(api.wechat.requests.filter((u) => u.pathname === '/cgi-bin/token').length).toBe(tokensBefore + 1)

    // the person sees the whole number; staff of their community see it masked; a resident of B nothing
    expect((await api.call('GET', '/api/me', { token: me.token })).body.phone).toBe('13912345679')
    const members = ZListMembersResponse.parse((await api.call('GET', `/api/admin/members?communityId=${IDS.communityA}&q=2345679`, { token: t.staff1 })).body)
    expect(members.items.map((m) => [m.displayName, m.phoneMasked])).toEqual([['钱奶奶', '139****5679']])
    expect(JSON.stringify(members)).not.toContain('13912345679')
    expect((await api.call('GET', `/api/admin/members?communityId=${IDS.communityA}&q=2345679`, { token: t.resident3 })).status).toBe(403)
    expect((await api.call('GET', `/api/people?communityId=${IDS.communityA}&q=${encodeURIComponent('钱')}`, { token: t.resident3 })).status).toBe(403)
    // the phone column is not readable from the table by anyone, the person included; `me` gives it to its owner
    for (const reader of [IDS.resident3, IDS.staff2, me.id]) {
      await expect(readAs(reader, 'select phone from public.profiles where id = $1', [me.id])).rejects.toMatchObject({ code: '42501' })
    }
    // the audit log records the binding, never the number
    const log = ZListAuditResponse.parse((await api.call('GET', `/api/admin/audit?communityId=${IDS.communityA}`, { token: t.staff1 })).body)
    const bound = log.items.filter((e) => e.action === 'phone.bound' && e.targetName === '钱奶奶')
    expect(bound).toHaveLength(2)
    expect(JSON.stringify(log)).not.toContain('1391234567')
  })

  it('moving from A to B ends every role held in A and shows in the audit log of both', async () => {
    const me = await newcomer('孙大姐')
    await api.call('POST', '/api/me/community', { token: me.token, body: { communityId: IDS.communityA, microGridId: IDS.microA2 } })
    const granted = await api.call('POST', `/api/admin/members/${me.id}/roles`, { token: t.staff1, body: { communityId: IDS.communityA, add: ['talent', 'grid_worker'], gridId: IDS.gridA1 } })
    expect(granted.status).toBe(200)
    expect(ZMember.parse(granted.body)).toMatchObject({ roles: ['resident', 'talent', 'grid_worker'], gridNames: ['第一网格'] })

    const moved = await api.call('POST', '/api/me/community', { token: me.token, body: { communityId: IDS.communityB, microGridId: IDS.microB1 } })
    expect(moved.status).toBe(200)
    expect(moved.body).toMatchObject({ communityId: IDS.communityB, microGridId: IDS.microB1, roles: ['resident'] })
    expect((await api.call('GET', '/api/me', { token: me.token })).body.roles).toEqual(['resident'])
    // gone from A's members, present in B's
    const inA = ZListMembersResponse.parse((await api.call('GET', `/api/admin/members?communityId=${IDS.communityA}&q=${encodeURIComponent('孙大姐')}`, { token: t.staff1 })).body)
    expect(inA.items).toEqual([])
    const inB = ZListMembersResponse.parse((await api.call('GET', `/api/admin/members?communityId=${IDS.communityB}&q=${encodeURIComponent('孙大姐')}`, { token: t.staff2 })).body)
    expect(inB.items.map((m) => m.roles)).toEqual([['resident']])

    const b = ZListAuditResponse.parse((await api.call('GET', `/api/admin/audit?communityId=${IDS.communityB}`, { token: t.staff2 })).body)
    expect(b.items.find((e) => e.action === 'member.moved' && e.targetName === '孙大姐')).toMatchObject({ detail: { from: '和平社区', to: '光明社区' }, communityName: '光明社区' })
    const a = ZListAuditResponse.parse((await api.call('GET', `/api/admin/audit?communityId=${IDS.communityA}`, { token: t.staff1 })).body)
    const ended = a.items.filter((e) => e.action === 'role.revoked' && e.targetName === '孙大姐').map((e) => e.detail.role)
    expect(ended.sort()).toEqual(['grid_worker', 'resident', 'talent'])
    // the street admin sees both
    const street = ZListAuditResponse.parse((await api.call('GET', '/api/admin/audit', { token: t.admin1 })).body)
    expect(street.items.some((e) => e.action === 'member.moved' && e.targetName === '孙大姐')).toBe(true)
  })

  it('members: staff of A and the street admin; others 403; pages of ≤ 50 with a cursor round trip; forged cursor → 400', async () => {
    for (let i = 0; i < 30; i++) {
      await api.sql(`insert into public.profiles (display_name, phone, community_id) values ($1, $2, $3)`,
        [`居民${String(i).padStart(2, '0')}`, `1370000${String(i).padStart(4, '0')}`, IDS.communityA])
    }
    expect((await api.call('GET', `/api/admin/members?communityId=${IDS.communityA}`, { token: t.staff2 })).status).toBe(403)
    expect((await api.call('GET', `/api/admin/members?communityId=${IDS.communityA}`, { token: t.resident1 })).status).toBe(403)
    expect((await api.call('GET', `/api/admin/members?communityId=${IDS.communityA}`, { token: t.grid1 })).status).toBe(403)
    expect((await api.call('GET', '/api/admin/members', { token: t.staff1 })).status).toBe(403)
    const seen: string[] = []
    let cursor: string | null = null
    let pages = 0
    do {
      const r = await api.call('GET', `/api/admin/members?communityId=${IDS.communityA}${cursor ? `&cursor=${cursor}` : ''}`, { token: t.staff1 })
      expect(r.status).toBe(200)
      const page = ZListMembersResponse.parse(r.body)
      expect(page.items.length).toBeLessThanOrEqual(50)
      for (const m of page.items) if (m.phoneMasked) expect(m.phoneMasked).toMatch(/^\d{3}\*{4}\d{4}$/)
      seen.push(...page.items.map((m) => m.profileId))
      cursor = page.nextCursor
      pages++
    } while (cursor)
    expect(pages).toBeGreaterThan(1)
    expect(new Set(seen).size).toBe(seen.length)
    expect(seen).toEqual(expect.arrayContaining([IDS.resident1, IDS.staff1, IDS.unit1, IDS.admin1]))
    expect(seen).not.toContain(IDS.resident3)
    const forged = await api.call('GET', `/api/admin/members?communityId=${IDS.communityA}&cursor=AAAA`, { token: t.staff1 })
    expect(forged.status).toBe(400)
    expect(forged.body.error.field).toBe('cursor')
    const street = ZListMembersResponse.parse((await api.call('GET', `/api/admin/members?role=resident&q=${encodeURIComponent('王女士')}`, { token: t.admin1 })).body)
    expect(street.items.map((m) => m.profileId)).toEqual([IDS.resident3])
    const units = ZListMembersResponse.parse((await api.call('GET', `/api/admin/members?communityId=${IDS.communityA}&role=unit`, { token: t.staff1 })).body)
    expect(units.items.map((m) => [m.displayName, m.unitName])).toEqual([['红星物业', '红星物业']])
  })

  it('changeRoles: who may grant what', async () => {
    const url = `/api/admin/members/${IDS.resident2}/roles`
    const ok = await api.call('POST', url, { token: t.staff1, body: { communityId: IDS.communityA, add: ['talent'] } })
    expect(ok.status).toBe(200)
    expect(ok.body.roles).toEqual(['resident', 'talent'])
    const staffGrant = await api.call('POST', url, { token: t.staff1, body: { communityId: IDS.communityA, add: ['staff'] } })
    expect(staffGrant.status).toBe(403)
    expect(staffGrant.body.error.code).toBe('role.street_admin_only')
    // a department membership is set in the street's department management, never as a community role
    for (const body of [{ communityId: IDS.communityA, add: ['department'] }, { communityId: IDS.communityA, remove: ['department'] }]) {
      const r = await api.call('POST', url, { token: t.admin1, body })
      expect(r.status).toBe(400)
      expect(r.body.error.field).toBe(body.add ? 'add' : 'remove')
    }
    expect((await api.call('POST', url, { token: t.staff2, body: { communityId: IDS.communityA, add: ['talent'] } })).status).toBe(403)
    expect((await api.call('POST', url, { token: t.resident1, body: { communityId: IDS.communityA, remove: ['talent'] } })).status).toBe(403)
    expect((await api.call('POST', url, { token: t.grid1, body: { communityId: IDS.communityA, remove: ['talent'] } })).status).toBe(403)
    const own = await api.call('POST', `/api/admin/members/${IDS.admin1}/roles`, { token: t.admin1, body: { communityId: IDS.communityA, remove: ['admin'] } })
    expect(own.status).toBe(409)
    expect(own.body.error.message).toContain('不能撤销自己的管理员身份')
    const byAdmin = await api.call('POST', url, { token: t.admin1, body: { communityId: IDS.communityA, add: ['staff'], remove: ['talent'] } })
    expect(byAdmin.status).toBe(200)
    expect(byAdmin.body.roles).toEqual(['resident', 'staff'])
    expect((await api.call('POST', url, { token: t.staff1, body: { communityId: IDS.communityA, add: ['grid_worker'] } })).body.error.field).toBe('gridId')
    expect((await api.call('POST', url, { token: t.staff1, body: { communityId: IDS.communityA } })).body.error.field).toBe('add')
    const log = ZListAuditResponse.parse((await api.call('GET', `/api/admin/audit?communityId=${IDS.communityA}`, { token: t.staff1 })).body)
    const mine = log.items.filter((e) => e.targetName === '李大爷' && e.action.startsWith('role.')).map((e) => `${e.action}:${e.detail.role}:${e.actorName}`)
    expect(mine).toEqual(['role.granted:staff:吴科长', 'role.revoked:talent:吴科长', 'role.granted:talent:陈主任'])
  })

  it('audit: staff of A and the street admin read A; staff of B and residents may not', async () => {
    const a = await api.call('GET', `/api/admin/audit?communityId=${IDS.communityA}`, { token: t.staff1 })
    expect(a.status).toBe(200)
    const byAdmin = ZListAuditResponse.parse((await api.call('GET', `/api/admin/audit?communityId=${IDS.communityA}`, { token: t.admin1 })).body)
    expect(byAdmin.items.map((e) => e.id)).toEqual(ZListAuditResponse.parse(a.body).items.map((e) => e.id))
    expect((await api.call('GET', `/api/admin/audit?communityId=${IDS.communityA}`, { token: t.staff2 })).status).toBe(403)
    expect((await api.call('GET', `/api/admin/audit?streetId=${IDS.street}`, { token: t.staff1 })).status).toBe(403)
    expect((await api.call('GET', '/api/admin/audit', { token: t.resident1 })).status).toBe(403)
    const ofB = ZListAuditResponse.parse((await api.call('GET', '/api/admin/audit', { token: t.staff2 })).body)
    expect(ofB.items.every((e) => e.communityId === IDS.communityB)).toBe(true)
    // enough entries for a second page
    for (let i = 0; i < 6; i++) {
      for (const change of [{ add: ['talent'] }, { remove: ['talent'] }]) {
        expect((await api.call('POST', `/api/admin/members/${IDS.resident1}/roles`, { token: t.staff1, body: { communityId: IDS.communityA, ...change } })).status).toBe(200)
      }
    }
    const first = ZListAuditResponse.parse((await api.call('GET', `/api/admin/audit?streetId=${IDS.street}`, { token: t.admin1 })).body)
    expect(first.items.length).toBe(20)
    const second = ZListAuditResponse.parse((await api.call('GET', `/api/admin/audit?streetId=${IDS.street}&cursor=${first.nextCursor}`, { token: t.admin1 })).body)
    expect(Number(second.items[0].id)).toBeLessThan(Number(first.items.at(-1)!.id))
  })

  it('person picker: staff by name or phone; a resident by name only and without phones; never another community', async () => {
    const staffByName = ZPeopleResponse.parse((await api.call('GET', `/api/people?communityId=${IDS.communityA}&q=${encodeURIComponent('张阿姨')}`, { token: t.staff1 })).body)
    expect(staffByName.items.map((p) => [p.displayName, p.phoneMasked])).toEqual([['张阿姨', '138****0001']])
    const staffByPhone = ZPeopleResponse.parse((await api.call('GET', `/api/people?communityId=${IDS.communityA}&q=800000002`, { token: t.staff1 })).body)
    expect(staffByPhone.items.map((p) => p.displayName)).toEqual(['李大爷'])
    const gridByPhone = ZPeopleResponse.parse((await api.call('GET', `/api/people?communityId=${IDS.communityA}&q=800000001`, { token: t.grid1 })).body)
    expect(gridByPhone.items.map((p) => p.displayName)).toEqual(['张阿姨'])
    const many = ZPeopleResponse.parse((await api.call('GET', `/api/people?communityId=${IDS.communityA}&q=${encodeURIComponent('居民')}`, { token: t.staff1 })).body)
    expect(many.items).toHaveLength(20)

    const neighbour = ZPeopleResponse.parse((await api.call('GET', `/api/people?communityId=${IDS.communityA}&q=${encodeURIComponent('李')}`, { token: t.resident1 })).body)
    expect(neighbour.items.map((p) => [p.displayName, p.phoneMasked])).toEqual([['李大爷', null]])
    const residentByPhone = await api.call('GET', `/api/people?communityId=${IDS.communityA}&q=800000002`, { token: t.resident1 })
    expect(residentByPhone.status).toBe(200)
    expect(residentByPhone.body.items).toEqual([])
    const noQuery = await api.call('GET', `/api/people?communityId=${IDS.communityA}`, { token: t.resident1 })
    expect(noQuery.status).toBe(400)
    expect(noQuery.body.error.field).toBe('q')

    for (const token of [t.staff1, t.resident1]) {
      const other = ZPeopleResponse.parse((await api.call('GET', `/api/people?communityId=${IDS.communityA}&q=${encodeURIComponent('王女士')}`, { token })).body)
      expect(other.items).toEqual([])
    }
    expect((await api.call('GET', `/api/people?communityId=${IDS.communityA}&q=800000003`, { token: t.staff1 })).body.items).toEqual([])
    const bAskingA = await api.call('GET', `/api/people?communityId=${IDS.communityA}&q=${encodeURIComponent('张')}`, { token: t.resident3 })
    expect(bAskingA.status).toBe(403)
    expect((await api.call('GET', `/api/people?communityId=${IDS.communityA}&q=${encodeURIComponent('张')}`, { token: t.staff2 })).status).toBe(403)
    const byAdmin = ZPeopleResponse.parse((await api.call('GET', `/api/people?communityId=${IDS.communityB}&q=${encodeURIComponent('王')}`, { token: t.admin1 })).body)
    expect(byAdmin.items.map((p) => [p.displayName, p.phoneMasked])).toEqual([['王女士', '138****0003']])
  })
})
