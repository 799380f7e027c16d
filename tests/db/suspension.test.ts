import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Member } from '../../core/contracts/admin'
import { IDS, as, failure, openTestDb, type TestDb } from '../helpers/db'

type Page = { items: Member[]; nextCursor: string | null }

/**
 * Suspending and reinstating an account (20261201000700_administration.sql), on a real server: who may (street admin,
 * an `admin` of the person's community) and who may not (staff, staff of another community, a resident, oneself,
 * anyone against a street admin), the audit rows, and that the gateway's app.check_request refuses every RPC of the
 * suspended person until they are reinstated.
 */
describe('member_suspend on postgres', () => {
  let t: TestDb
  const suspend = (who: Parameters<typeof as>[0], id: string, reason?: string) =>
    t.db.rpc<Member>('member_suspend', { p_profile_id: id, p_suspend: true, p_reason: reason }, as(who))
  const reinstate = (who: Parameters<typeof as>[0], id: string, reason?: string) =>
    t.db.rpc<Member>('member_suspend', { p_profile_id: id, p_suspend: false, p_reason: reason }, as(who))
  const state = async (id: string) =>
    (await t.sql<{ suspended_at: Date | null; suspended_by: string | null; suspended_reason: string | null }>(
      'select suspended_at, suspended_by, suspended_reason from public.profiles where id = $1', [id]))[0]
  const audit = async (id: string) =>
    t.sql<{ action: string; actor_id: string; community_id: string | null; street_id: string | null; detail: Record<string, string> }>(
      `select action, actor_id, community_id, street_id, detail from public.audit_log
       where target_profile_id = $1 and action like 'member.%' order by id`, [id])

  beforeAll(async () => {
    t = await openTestDb('postgres', 'suspension')
  })
  afterAll(async () => {
    await t?.close()
  })

  it('the street admin suspends a resident of their street: stored with who and why, audited, shown in the list', async () => {
    const m = await suspend('admin1', IDS.resident2, '  多次发布广告骚扰邻居  ')
    expect(m).toMatchObject({ profileId: IDS.resident2, suspended: true, suspendedReason: '多次发布广告骚扰邻居', canSuspend: true, roles: ['resident'] })
    const s = await state(IDS.resident2)
    expect(s.suspended_at).not.toBeNull()
    expect(s).toMatchObject({ suspended_by: IDS.admin1, suspended_reason: '多次发布广告骚扰邻居' })
    expect(await audit(IDS.resident2)).toEqual([
      { action: 'member.suspended', actor_id: IDS.admin1, community_id: IDS.communityA, street_id: IDS.street, detail: { reason: '多次发布广告骚扰邻居' } },
    ])

    // the members list shows it to staff of the community (with the reason: they manage the person) ...
    const page = await t.db.rpc<Page>('members_list', { p_community_id: IDS.communityA, p_q: '李大爷' }, as('staff1'))
    expect(page.items).toEqual([expect.objectContaining({ profileId: IDS.resident2, suspended: true, suspendedReason: '多次发布广告骚扰邻居', canSuspend: false })])
    // ... and everyone else in it is not suspended, and only the street admin may act on them
    const all = await t.db.rpc<Page>('members_list', { p_community_id: IDS.communityA, p_limit: 50 }, as('admin1'))
    expect(all.items.filter((x) => x.suspended).map((x) => x.profileId)).toEqual([IDS.resident2])
    expect(all.items.find((x) => x.profileId === IDS.resident1)).toMatchObject({ suspended: false, suspendedReason: null, canSuspend: true })
    // nobody may act on the street admin, not even themself
    expect(all.items.find((x) => x.profileId === IDS.admin1)).toMatchObject({ canSuspend: false })

    // a second suspension is refused (two admins at once: the second learns what the first did)
    expect((await failure(suspend('admin1', IDS.resident2, '重复停用'))).code).toBe('member.already_suspended')

    const back = await reinstate('admin1', IDS.resident2)
    expect(back).toMatchObject({ suspended: false, suspendedReason: null })
    expect(await state(IDS.resident2)).toEqual({ suspended_at: null, suspended_by: null, suspended_reason: null })
    expect((await audit(IDS.resident2)).map((a) => [a.action, a.detail])).toEqual([
      ['member.suspended', { reason: '多次发布广告骚扰邻居' }],
      ['member.reinstated', {}],
    ])
    expect((await failure(reinstate('admin1', IDS.resident2))).code).toBe('member.not_suspended')
  })

  it('a suspended person is refused on every RPC (auth.suspended), reader or writer; reinstated, they are served again', async () => {
    const fns: [string, Record<string, unknown>][] = [
      ['me', {}],
      ['needs_mine', {}],
      ['request_check', {}],
      ['needs_similar', { p_micro_grid_id: IDS.microA1, p_title: '路灯' }],
      ['community_join', { p_community_id: IDS.communityA, p_micro_grid_id: IDS.microA1 }],
    ]
    for (const [fn, args] of fns) await t.db.rpc(fn, args, as('talent1'))
    await suspend('admin1', IDS.talent1, '冒用他人身份报名服务')
    for (const [fn, args] of fns) {
      const e = await failure(t.db.rpc(fn, args, as('talent1')))
      expect(e.code, fn).toBe('auth.suspended')
      expect(e.status, fn).toBe(403)
    }
    // the others are untouched
    expect(await t.db.rpc('request_check', {}, as('resident1'))).toBe(true)
    await reinstate('admin1', IDS.talent1, '核实后误会已澄清')
    for (const [fn, args] of fns) await t.db.rpc(fn, args, as('talent1'))
    expect((await audit(IDS.talent1)).at(-1)).toMatchObject({ action: 'member.reinstated', detail: { reason: '核实后误会已澄清' } })
  })

  it('an `admin` of the person\'s community may; a suspended administrator is refused like anyone else', async () => {
    // party1 made admin of community A directly (not a street admin)
    await t.sql(`insert into public.profile_roles (profile_id, role, community_id) values ($1, 'admin', $2)`, [IDS.party1, IDS.communityA])
    try {
      const m = await suspend('party1', IDS.resident1, '恶意刷单获取金豆')
      expect(m).toMatchObject({ profileId: IDS.resident1, suspended: true })
      expect((await audit(IDS.resident1)).at(-1)).toMatchObject({ action: 'member.suspended', actor_id: IDS.party1, community_id: IDS.communityA })
      // but not a person of another community, whom they cannot even see
      expect((await failure(suspend('party1', IDS.resident3, '恶意刷单获取金豆'))).code).toBe('member.not_found')
      // nor the street admin
      expect((await failure(suspend('party1', IDS.admin1, '恶意刷单获取金豆'))).code).toBe('member.suspend_street_admin')
      // the street admin may suspend the community admin; who then can do nothing, this included
      await suspend('admin1', IDS.party1, '越权操作账号')
      expect((await failure(reinstate('party1', IDS.resident1))).code).toBe('auth.suspended')
      await reinstate('admin1', IDS.party1)
      await reinstate('party1', IDS.resident1)
      expect((await state(IDS.resident1)).suspended_at).toBeNull()
    } finally {
      await t.sql(`delete from public.profile_roles where profile_id = $1 and role = 'admin'`, [IDS.party1])
    }
  })

  it('denied: staff (not admin), staff of another community, a resident, oneself, a street admin; nothing changes', async () => {
    const cases: [Parameters<typeof as>[0], string, string, number][] = [
      ['staff1', IDS.resident1, 'member.suspend_forbidden', 403],
      ['staff2', IDS.resident1, 'member.not_found', 404],
      ['resident2', IDS.resident1, 'auth.forbidden', 403],
      ['admin1', IDS.admin1, 'member.suspend_self', 403],
      ['staff1', IDS.admin1, 'member.suspend_street_admin', 403],
      ['admin1', '00000000-0000-4000-8000-000000000000', 'member.not_found', 404],
    ]
    for (const [who, target, code, status] of cases) {
      const e = await failure(suspend(who, target, '违反社区公约'))
      expect(`${who} → ${target}: ${e.code} ${e.status}`).toBe(`${who} → ${target}: ${code} ${status}`)
    }
    expect((await failure(reinstate('staff1', IDS.resident1))).code).toBe('member.suspend_forbidden')
    for (const id of [IDS.resident1, IDS.admin1]) expect((await state(id)).suspended_at).toBeNull()
    const [{ n }] = await t.sql<{ n: number }>(`select count(*)::int as n from public.audit_log where actor_id in ($1, $2, $3) and action like 'member.%'`, [IDS.staff1, IDS.staff2, IDS.resident2])
    expect(n).toBe(0)
  })

  it('suspending needs a reason of 2..200 characters (400 naming reason); reinstating does not', async () => {
    for (const bad of [undefined, '', '   ', '坏', 'x'.repeat(201)]) {
      const e = await failure(suspend('admin1', IDS.resident1, bad))
      expect([e.code, e.status, e.field], String(bad)).toEqual(['member.reason_invalid', 400, 'reason'])
    }
    expect((await state(IDS.resident1)).suspended_at).toBeNull()
    // a bad reason still never tells an outsider anything about the person
    expect((await failure(suspend('staff2', IDS.resident1, ''))).code).toBe('member.not_found')
    await suspend('admin1', IDS.resident1, 'x'.repeat(200))
    await reinstate('admin1', IDS.resident1)
  })

  it('the new columns are not readable directly, and only the function writes them', async () => {
    for (const col of ['suspended_by', 'suspended_reason']) {
      const e = await t.sql(`select has_column_privilege('authenticated', 'public.profiles', $1, 'select') as r`, [col])
      expect(e[0], col).toEqual({ r: false })
    }
    await expect(t.sql(`update public.profiles set suspended_reason = '无停用的原因' where id = $1`, [IDS.resident1])).rejects.toThrow(/profiles_suspension_detail/)
  })
})
