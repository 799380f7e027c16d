import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AcceptInvitationResponse, AuditEntry, Invitation, Member, Person } from '../../core/contracts/admin'
import type { Profile } from '../../core/contracts/auth'
import { DomainError } from '../../core/errors'
import { SERVICE_CLAIMS, type Claims } from '../../api/_lib/db/types'
import { ADAPTERS, IDS, as, failure, postgresDatabase, readAsPerson, useTestDb } from '../helpers/db'

type Page<T> = { items: T[]; nextCursor: string | null }
const person = (id: string): Claims => ({ role: 'authenticated', sub: id, aud: 'authenticated' })
let seq = 0

describe.each(ADAPTERS)('joining, invitations, members on %s', (kind) => {
  const t = useTestDb(kind, 'joining')
  /** a never-seeded person as the WeChat login creates them: no community, no roles */
  const fresh = async () => (await t.db.rpc<Profile>('auth_upsert_wechat', { p_openid: `db-joining-${kind}-${++seq}` }, SERVICE_CLAIMS)).id
  const invite = (who: Claims, body: Record<string, unknown>) =>
    t.db.rpc<Invitation>('invitation_create', { p_community_id: IDS.communityA, ...body }, who)

  it('a fresh person joins A with a micro-grid, then moves to B: A roles and grids end, the move is recorded', async () => {
    const id = await fresh()
    const me = person(id)
    expect((await failure(t.db.rpc('community_join', { p_community_id: IDS.communityA, p_micro_grid_id: IDS.microB1 }, me))).field).toBe('microGridId')
    expect((await failure(t.db.rpc('community_join', { p_community_id: '00000000-0000-4000-8000-000000000000' }, me))).code).toBe('join.community_not_found')
    const joined = await t.db.rpc<Profile>('community_join', { p_community_id: IDS.communityA, p_micro_grid_id: IDS.microA1 }, me)
    expect(joined).toMatchObject({ communityId: IDS.communityA, microGridId: IDS.microA1, microGridName: '1号楼微网格', roles: ['resident'] })
    // the same community again only changes the micro-grid
    const again = await t.db.rpc<Profile>('community_join', { p_community_id: IDS.communityA, p_micro_grid_id: IDS.microA2 }, me)
    expect(again).toMatchObject({ communityId: IDS.communityA, microGridId: IDS.microA2 })
    // staff of A make them a grid worker of 第一网格 and a talent
    await t.db.rpc('member_roles_change', { p_profile_id: id, p_community_id: IDS.communityA, p_add: ['grid_worker', 'talent'], p_grid_id: IDS.gridA1 }, as('staff1'))
    expect((await t.sql<{ n: number }>('select count(*)::int as n from public.grid_assignments where profile_id = $1', [id]))[0].n).toBe(1)

    const moved = await t.db.rpc<Profile>('community_join', { p_community_id: IDS.communityB }, me)
    expect(moved).toMatchObject({ communityId: IDS.communityB, microGridId: null, roles: ['resident'] })
    const roles = await t.sql<{ role: string; community_id: string }>('select role::text, community_id from public.profile_roles where profile_id = $1', [id])
    expect(roles).toEqual([{ role: 'resident', community_id: IDS.communityB }])
    expect((await t.sql<{ n: number }>('select count(*)::int as n from public.grid_assignments where profile_id = $1', [id]))[0].n).toBe(0)
    const moves = await t.sql<{ from_community_id: string | null; to_community_id: string }>(
      'select from_community_id, to_community_id from public.community_moves where profile_id = $1 order by moved_at', [id])
    expect(moves).toEqual([{ from_community_id: null, to_community_id: IDS.communityA }, { from_community_id: IDS.communityA, to_community_id: IDS.communityB }])
    const log = await t.sql<{ action: string; community_id: string; detail: Record<string, string> }>(
      'select action, community_id, detail from public.audit_log where target_profile_id = $1 order by id', [id])
    expect(log.map((l) => l.action)).toEqual(['member.joined', 'role.granted', 'role.granted', 'role.revoked', 'role.revoked', 'role.revoked', 'member.moved'])
    expect(log.at(-1)).toMatchObject({ community_id: IDS.communityB, detail: { from: '和平社区', to: '光明社区' } })
    expect(log.filter((l) => l.action === 'role.revoked').every((l) => l.community_id === IDS.communityA)).toBe(true)
  })

  it('finding a community: streets, search by name or code prefix (any case), micro-grids; forged cursor refused', async () => {
    const me = person(await fresh())
    const streets = await t.db.rpc<{ items: { id: string; name: string }[] }>('streets_list', {}, me)
    expect(streets.items).toEqual(expect.arrayContaining([{ id: IDS.street, name: '幸福街道', code: '320102' }]))
    type Found = { items: { id: string; code: string }[]; nextCursor: string | null }
    expect((await t.db.rpc<Found>('communities_search', { p_q: '光明' }, me)).items.map((c) => c.id)).toEqual([IDS.communityB])
    const a = (await t.db.rpc<Found>('communities_search', { p_q: '和平', p_street_id: IDS.street }, me)).items[0]
    expect((await t.db.rpc<Found>('communities_search', { p_q: a.code.slice(0, 10).toLowerCase() }, me)).items.map((c) => c.id)).toEqual([IDS.communityA])
    expect((await t.db.rpc<Found>('communities_search', { p_q: '_' }, me)).items).toEqual([])
    const one = await t.db.rpc<Found>('communities_search', { p_q: '320102', p_limit: 1 }, me)
    expect(one.items).toHaveLength(1)
    const two = await t.db.rpc<Found>('communities_search', { p_q: '320102', p_limit: 1, p_cursor: one.nextCursor }, me)
    expect(two.items[0].code > one.items[0].code).toBe(true)
    for (const bad of ['AAAA', 'bm90LWpzb24', 'WyJ4IiwieSJd', '!!']) {
      expect((await failure(t.db.rpc('communities_search', { p_cursor: bad }, me))).field, bad).toBe('cursor')
    }
    const micro = await t.db.rpc<{ items: { id: string }[] }>('micro_grids_of', { p_community_id: IDS.communityB }, me)
    expect(micro.items.map((m) => m.id)).toContain(IDS.microB1)
    expect((await failure(t.db.rpc('micro_grids_of', { p_community_id: '00000000-0000-4000-8000-000000000000' }, me))).status).toBe(404)
    await expect(t.db.rpc('streets_list', {}, { role: 'anon' })).rejects.toThrow(/permission denied/)
  })

  it('a street admin who moves home keeps the admin role that comes with the street', async () => {
    await t.db.rpc('community_join', { p_community_id: IDS.communityA }, as('admin1'))
    await t.db.rpc('community_join', { p_community_id: IDS.communityB }, as('admin1'))
    const roles = await t.sql<{ r: string }>(
      `select role::text || '@' || community_id as r from public.profile_roles where profile_id = $1`, [IDS.admin1])
    expect(roles.map((x) => x.r).sort()).toEqual([`admin@${IDS.communityA}`, `admin@${IDS.communityB}`, `resident@${IDS.communityB}`].sort())
    // put admin1 back as seeded for the rest of the file
    await t.sql(`update public.profiles set community_id = null where id = $1`, [IDS.admin1])
    await t.sql(`delete from public.profile_roles where profile_id = $1 and role = 'resident'`, [IDS.admin1])
  })

  it('invitations: who may issue which role', async () => {
    expect((await failure(invite(as('resident1'), { p_role: 'staff' }))).code).toBe('auth.forbidden')
    expect((await failure(invite(as('grid1'), { p_role: 'unit', p_unit_name: '某某单位' }))).code).toBe('auth.forbidden')
    expect((await failure(invite(as('staff2'), { p_role: 'staff' }))).code).toBe('auth.forbidden')
    const e = await failure(invite(as('staff1'), { p_role: 'admin' }))
    expect([e.code, e.status]).toEqual(['invitation.admin_only_street', 403])
    expect((await failure(invite(as('staff1'), { p_role: 'grid_worker', p_grid_id: '30000000-0000-4000-8000-0000000000b1' }))).field).toBe('gridId')
    expect((await failure(invite(as('staff1'), { p_role: 'unit' }))).field).toBe('unitName')
    expect((await failure(invite(as('staff1'), { p_role: 'staff', p_partner_type: 'red' }))).field).toBe('partnerType')
    const staff = await invite(as('staff1'), { p_role: 'staff' })
    expect(staff).toMatchObject({ role: 'staff', status: 'pending', communityName: '和平社区', createdByName: '陈主任' })
    expect(staff.code).toMatch(/^[A-HJKMNP-Z2-9]{8}$/)
    expect(Date.parse(staff.expiresAt) - Date.parse(staff.createdAt)).toBe(7 * 24 * 3600 * 1000)
    const admin = await invite(as('admin1'), { p_role: 'admin' })
    expect(admin.role).toBe('admin')
    // staff of A do not see (or revoke) an admin invitation: its code would make them street admins
    const listed = await t.db.rpc<Page<Invitation>>('invitations_list', { p_community_id: IDS.communityA }, as('staff1'))
    expect(listed.items.map((i) => i.id)).toContain(staff.id)
    expect(listed.items.map((i) => i.id)).not.toContain(admin.id)
    expect((await failure(t.db.rpc('invitation_revoke', { p_id: admin.id }, as('staff1')))).code).toBe('invitation.not_found')
    expect((await t.db.rpc<Page<Invitation>>('invitations_list', { p_community_id: IDS.communityA }, as('admin1'))).items.map((i) => i.id)).toContain(admin.id)
    expect((await failure(t.db.rpc('invitations_list', { p_community_id: IDS.communityA }, as('staff2')))).code).toBe('auth.forbidden')
  })

  it('codes are drawn from the 31-character alphabet and differ', async () => {
    const codes = await t.sql<{ code: string }>('select app.invitation_code() as code from generate_series(1, 300)')
    expect(codes.every((c) => /^[A-HJKMNP-Z2-9]{8}$/.test(c.code))).toBe(true)
    expect(new Set(codes.map((c) => c.code)).size).toBe(300)
    const chars = new Set(codes.flatMap((c) => [...c.code]))
    expect(chars.size).toBe(31)
  })

  it('accepting: grants the role, sets the home community, single use, expired and revoked refused', async () => {
    const gw = await invite(as('staff1'), { p_role: 'grid_worker', p_grid_id: IDS.gridA1 })
    const id = await fresh()
    const r = await t.db.rpc<AcceptInvitationResponse>('invitation_accept', { p_code: gw.code.toLowerCase() }, person(id))
    expect(r).toMatchObject({ role: 'grid_worker', communityId: IDS.communityA, unitId: null, profile: { communityId: IDS.communityA, roles: ['grid_worker'] } })
    expect((await t.sql('select 1 from public.grid_assignments where profile_id = $1 and grid_id = $2', [id, IDS.gridA1])).length).toBe(1)
    const used = await failure(t.db.rpc('invitation_accept', { p_code: gw.code }, person(await fresh())))
    expect([used.code, used.status]).toEqual(['invitation.used', 410])
    expect((await t.db.rpc<{ status: string }>('invitation_preview', { p_code: gw.code }, as('resident1'))).status).toBe('accepted')

    const unit = await invite(as('staff1'), { p_role: 'unit', p_unit_name: '市第三医院', p_partner_type: 'public_welfare' })
    const liveInB = await fresh()
    await t.db.rpc('community_join', { p_community_id: IDS.communityB }, person(liveInB))
    const u = await t.db.rpc<AcceptInvitationResponse>('invitation_accept', { p_code: unit.code }, person(liveInB))
    expect(u.unitId).toBeTruthy()
    // someone living in B: the unit role is in A, the home stays B
    expect(u.profile).toMatchObject({ communityId: IDS.communityB, roles: ['resident', 'unit'] })
    expect(await t.sql('select name, partner_type::text, profile_id from public.member_units where id = $1', [u.unitId])).toEqual([
      { name: '市第三医院', partner_type: 'public_welfare', profile_id: liveInB },
    ])

    const old = await invite(as('staff1'), { p_role: 'staff' })
    await t.sql(`update public.invitations set expires_at = now() - interval '1 minute' where id = $1`, [old.id])
    expect((await failure(t.db.rpc('invitation_accept', { p_code: old.code }, person(await fresh())))).code).toBe('invitation.expired')
    const gone = await invite(as('staff1'), { p_role: 'staff' })
    expect((await t.db.rpc<Invitation>('invitation_revoke', { p_id: gone.id }, as('staff1'))).status).toBe('revoked')
    const rv = await failure(t.db.rpc('invitation_accept', { p_code: gone.code }, person(await fresh())))
    expect([rv.code, rv.status]).toEqual(['invitation.revoked', 410])
    expect((await failure(t.db.rpc('invitation_accept', { p_code: 'ZZZZZZZZ' }, as('resident1')))).status).toBe(404)
    expect((await failure(t.db.rpc('invitation_revoke', { p_id: gw.id }, as('staff1')))).code).toBe('invitation.used')

    const adm = await invite(as('admin1'), { p_role: 'admin' })
    const a = await t.db.rpc<AcceptInvitationResponse>('invitation_accept', { p_code: adm.code }, as('staff2'))
    expect(a.profile.adminStreetIds).toEqual([IDS.street])
    // the street admin's admin role covers every community of the street
    const adminIn = await t.sql<{ community_id: string }>(`select community_id from public.profile_roles where profile_id = $1 and role = 'admin' order by community_id`, [IDS.staff2])
    expect(adminIn.map((x) => x.community_id)).toEqual([IDS.communityA, IDS.communityB])
    const acts = await t.sql<{ action: string }>(`select action from public.audit_log where target_profile_id = $1 order by id`, [IDS.staff2])
    expect(acts.map((x) => x.action)).toEqual(['invitation.accepted', 'role.granted'])
    // undo for the rest of the file
    await t.sql('delete from public.street_admins where profile_id = $1', [IDS.staff2])
  })

  it('changeRoles: staff grant the everyday roles; staff/admin only by the street admin; never your own admin', async () => {
    const m = await t.db.rpc<Member>('member_roles_change', { p_profile_id: IDS.resident2, p_community_id: IDS.communityA, p_add: ['party_member'] }, as('staff1'))
    expect(m.roles).toEqual(['resident', 'party_member'])
    expect(m.phoneMasked).toBe('138****0002')
    expect((await failure(t.db.rpc('member_roles_change', { p_profile_id: IDS.resident2, p_community_id: IDS.communityA, p_add: ['staff'] }, as('staff1')))).code).toBe('role.street_admin_only')
    expect((await failure(t.db.rpc('member_roles_change', { p_profile_id: IDS.resident2, p_community_id: IDS.communityA, p_add: ['talent'] }, as('staff2')))).code).toBe('auth.forbidden')
    expect((await failure(t.db.rpc('member_roles_change', { p_profile_id: IDS.resident2, p_community_id: IDS.communityA, p_add: ['talent'] }, as('resident1')))).code).toBe('auth.forbidden')
    expect((await failure(t.db.rpc('member_roles_change', { p_profile_id: IDS.resident3, p_community_id: IDS.communityA, p_add: ['talent'] }, as('staff1')))).code).toBe('member.not_found')
    expect((await failure(t.db.rpc('member_roles_change', { p_profile_id: IDS.resident2, p_community_id: IDS.communityA, p_add: ['grid_worker'], p_grid_id: '30000000-0000-4000-8000-0000000000b1' }, as('staff1')))).field).toBe('gridId')
    const self = await failure(t.db.rpc('member_roles_change', { p_profile_id: IDS.admin1, p_community_id: IDS.communityA, p_remove: ['admin'] }, as('admin1')))
    expect([self.code, self.status]).toEqual(['role.self_admin', 409])
    const staffNow = await t.db.rpc<Member>('member_roles_change', { p_profile_id: IDS.resident2, p_community_id: IDS.communityA, p_add: ['staff'], p_remove: ['party_member'] }, as('admin1'))
    expect(staffNow.roles).toEqual(['resident', 'staff'])
    const log = await t.sql<{ action: string; detail: { role: string } }>(
      `select action, detail from public.audit_log where target_profile_id = $1 and action like 'role.%' order by id`, [IDS.resident2])
    expect(log.map((l) => `${l.action}:${l.detail.role}`)).toEqual(['role.granted:party_member', 'role.revoked:party_member', 'role.granted:staff'])
    await t.db.rpc('member_roles_change', { p_profile_id: IDS.resident2, p_community_id: IDS.communityA, p_remove: ['staff'] }, as('admin1'))
  })

  it('members list: staff of A, the street admin for the whole street, masked phones, keyset pages, forged cursor', async () => {
    expect((await failure(t.db.rpc('members_list', { p_community_id: IDS.communityA }, as('staff2')))).code).toBe('auth.forbidden')
    expect((await failure(t.db.rpc('members_list', {}, as('staff1')))).code).toBe('auth.forbidden')
    expect((await failure(t.db.rpc('members_list', { p_community_id: IDS.communityA }, as('resident1')))).code).toBe('auth.forbidden')
    const all = await t.db.rpc<Page<Member>>('members_list', { p_community_id: IDS.communityA, p_limit: 50 }, as('staff1'))
    expect(all.items.map((m) => m.displayName)).toContain('张阿姨')
    expect(all.items.find((m) => m.displayName === '王女士')).toBeUndefined()
    expect(all.items.find((m) => m.profileId === IDS.unit1)).toMatchObject({ unitName: '红星物业', roles: ['unit'] })
    expect(all.items.find((m) => m.profileId === IDS.grid1)).toMatchObject({ gridNames: ['第一网格'], phoneMasked: '138****0006' })
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const page: Page<Member> = await t.db.rpc('members_list', { p_community_id: IDS.communityA, p_cursor: cursor, p_limit: 3 }, as('staff1'))
      expect(page.items.length).toBeLessThanOrEqual(3)
      seen.push(...page.items.map((m) => m.profileId))
      cursor = page.nextCursor
    } while (cursor)
    expect(seen).toEqual(all.items.map((m) => m.profileId))
    const forged = await failure(t.db.rpc('members_list', { p_community_id: IDS.communityA, p_cursor: 'bm90LWpzb24' }, as('staff1')))
    expect([forged.code, forged.field]).toEqual(['list.cursor_invalid', 'cursor'])
    const street = await t.db.rpc<Page<Member>>('members_list', { p_limit: 50 }, as('admin1'))
    expect(street.items.map((m) => m.displayName)).toEqual(expect.arrayContaining(['张阿姨', '王女士']))
    const byPhone = await t.db.rpc<Page<Member>>('members_list', { p_community_id: IDS.communityA, p_q: '0000002' }, as('staff1'))
    expect(byPhone.items.map((m) => m.displayName)).toEqual(['李大爷'])
    const byRole = await t.db.rpc<Page<Member>>('members_list', { p_community_id: IDS.communityA, p_role: 'talent' }, as('staff1'))
    expect(byRole.items.every((m) => m.roles.includes('talent'))).toBe(true)
  })

  it('audit: staff of A and the street admin read it newest first; staff of B do not see A', async () => {
    const a = await t.db.rpc<Page<AuditEntry>>('audit_list', { p_community_id: IDS.communityA, p_limit: 50 }, as('staff1'))
    expect(a.items.length).toBeGreaterThan(3)
    const ids = a.items.map((e) => Number(e.id))
    expect(ids).toEqual([...ids].sort((x, y) => y - x))
    expect(a.items.every((e) => e.communityId === IDS.communityA)).toBe(true)
    expect((await failure(t.db.rpc('audit_list', { p_community_id: IDS.communityA }, as('staff2')))).code).toBe('auth.forbidden')
    const b = await t.db.rpc<Page<AuditEntry>>('audit_list', { p_limit: 50 }, as('staff2'))
    expect(b.items.every((e) => e.communityId === IDS.communityB)).toBe(true)
    const street = await t.db.rpc<Page<AuditEntry>>('audit_list', { p_limit: 2 }, as('admin1'))
    expect(street.nextCursor).toBeTruthy()
    const next = await t.db.rpc<Page<AuditEntry>>('audit_list', { p_limit: 2, p_cursor: street.nextCursor }, as('admin1'))
    expect(Number(next.items[0].id)).toBeLessThan(Number(street.items[1].id))
    expect((await failure(t.db.rpc('audit_list', {}, as('resident1')))).code).toBe('auth.forbidden')
  })

  it('person picker: staff by name or phone with masked phones; residents by name only; never another community', async () => {
    const byName = await t.db.rpc<{ items: Person[] }>('people_search', { p_community_id: IDS.communityA, p_q: '张' }, as('staff1'))
    expect(byName.items.map((p) => [p.displayName, p.phoneMasked])).toEqual([['张阿姨', '138****0001']])
    const byPhone = await t.db.rpc<{ items: Person[] }>('people_search', { p_community_id: IDS.communityA, p_q: '0000008' }, as('grid1'))
    expect(byPhone.items.map((p) => p.displayName)).toEqual(['周师傅'])
    const neighbour = await t.db.rpc<{ items: Person[] }>('people_search', { p_community_id: IDS.communityA, p_q: '李' }, as('resident1'))
    expect(neighbour.items).toEqual([expect.objectContaining({ displayName: '李大爷', phoneMasked: null })])
    expect((await t.db.rpc<{ items: Person[] }>('people_search', { p_community_id: IDS.communityA, p_q: '0000002' }, as('resident1'))).items).toEqual([])
    expect((await failure(t.db.rpc('people_search', { p_community_id: IDS.communityA }, as('resident1')))).field).toBe('q')
    expect((await t.db.rpc<{ items: Person[] }>('people_search', { p_community_id: IDS.communityA, p_q: '王' }, as('staff1'))).items).toEqual([])
    expect((await failure(t.db.rpc('people_search', { p_community_id: IDS.communityA, p_q: '张' }, as('resident3')))).code).toBe('auth.forbidden')
    // a LIKE wildcard is taken literally
    expect((await t.db.rpc<{ items: Person[] }>('people_search', { p_community_id: IDS.communityA, p_q: '%' }, as('staff1'))).items).toEqual([])
  })

  it('phone_bind is for the API (service role) only', async () => {
    await expect(t.db.rpc('phone_bind', { p_profile_id: IDS.resident1, p_phone: '13900000000' }, as('resident1'))).rejects.toThrow(/permission denied/)
    const p = await t.db.rpc<Profile>('phone_bind', { p_profile_id: IDS.resident1, p_phone: '13900000001' }, SERVICE_CLAIMS)
    expect(p.phone).toBe('13900000001')
    const [entry] = await t.sql<{ actor_id: string; detail: object }>(`select actor_id, detail from public.audit_log where action = 'phone.bound' and target_profile_id = $1`, [IDS.resident1])
    expect(entry).toEqual({ actor_id: IDS.resident1, detail: {} })
  })
})

// Real server only: PGlite serialises transactions and would prove nothing here.
describe('joining on a real Postgres', () => {
  let url = ''
  let db: Awaited<ReturnType<typeof postgresDatabase>>['gateway']
  let sql: postgres.Sql
  beforeAll(async () => {
    ;({ url, gateway: db } = await postgresDatabase('joining_concurrency'))
    sql = postgres(url, { max: 2, onnotice: () => {} })
  })
  afterAll(async () => {
    await sql?.end()
    await db?.close()
  })

  const readAs = <T>(sub: string, text: string, params: unknown[] = []) => readAsPerson<T>(sql, sub, text, params)

  it('20 different people accepting one code at once: exactly one gets the role', async () => {
    const inv = await db.rpc<Invitation>('invitation_create', { p_community_id: IDS.communityA, p_role: 'staff' }, as('staff1'))
    const people = await Promise.all(Array.from({ length: 20 }, (_, i) =>
      db.rpc<Profile>('auth_upsert_wechat', { p_openid: `race-${i}` }, SERVICE_CLAIMS)))
    const results = await Promise.allSettled(people.map((p) => db.rpc('invitation_accept', { p_code: inv.code }, person(p.id))))
    expect(results.filter((r) => r.status === 'fulfilled').length).toBe(1)
    const codes = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => (r.reason as DomainError).code)
    expect(new Set(codes)).toEqual(new Set(['invitation.used']))
    const [{ n }] = await sql`select count(*)::int as n from public.profile_roles where role = 'staff' and profile_id = any(${people.map((p) => p.id)})`
    expect(n).toBe(1)
  })

  it('direct reads: phones, moves, invitations and units only for the person and who manages their community', async () => {
    // a phone is never readable from the table, by anyone (issue 13): the person reads theirs through `me`, staff
    // through the members list, both of which check; a neighbour sees the row (the name) without the phone
    const phoneOf = (reader: string, id: string) =>
      readAs(reader, 'select phone from public.profiles where id = $1', [id]).then(() => 'read', (e: { code?: string }) => e.code)
    for (const reader of [IDS.resident1, IDS.staff1, IDS.resident2, IDS.staff2]) expect(await phoneOf(reader, IDS.resident1)).toBe('42501')
    expect(await readAs(IDS.resident2, 'select display_name from public.profiles where id = $1', [IDS.resident1])).toEqual([{ display_name: '张阿姨' }])
    expect(await readAs(IDS.resident3, 'select display_name from public.profiles where id = $1', [IDS.resident1])).toEqual([])
    expect((await db.rpc<Profile>('me', {}, as('resident1'))).phone).toBe('13800000001')

    const inv = await db.rpc<Invitation>('invitation_create', { p_community_id: IDS.communityA, p_role: 'admin' }, as('admin1'))
    const codesSeenBy = async (reader: string) => (await readAs<{ code: string }>(reader, 'select code from public.invitations')).map((r) => r.code)
    expect(await codesSeenBy(IDS.admin1)).toContain(inv.code)
    expect(await codesSeenBy(IDS.staff1)).not.toContain(inv.code)
    expect(await codesSeenBy(IDS.resident1)).toEqual([])
    expect(await codesSeenBy(IDS.staff2)).toEqual([])

    const mover = (await db.rpc<Profile>('auth_upsert_wechat', { p_openid: 'mover-rls' }, SERVICE_CLAIMS)).id
    await db.rpc('community_join', { p_community_id: IDS.communityA }, person(mover))
    const movesSeenBy = async (reader: string) => (await readAs(reader, 'select id from public.community_moves where profile_id = $1', [mover])).length
    expect(await movesSeenBy(mover)).toBe(1)
    expect(await movesSeenBy(IDS.staff1)).toBe(1)
    expect(await movesSeenBy(IDS.staff2)).toBe(0)
    expect(await movesSeenBy(IDS.resident1)).toBe(0)

    expect((await readAs(IDS.resident1, 'select name from public.member_units'))).toEqual([{ name: '红星物业' }])
    expect((await readAs(IDS.resident3, 'select name from public.member_units'))).toEqual([])
    // no writes for the API role, whatever the table
    await expect(readAs(IDS.staff1, `insert into public.member_units (community_id, name) values ($1, '假单位')`, [IDS.communityA])).rejects.toThrow(/permission denied/)
    await expect(readAs(IDS.admin1, `update public.invitations set accepted_at = now()`)).rejects.toThrow(/permission denied/)
  })
})
