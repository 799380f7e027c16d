import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Announcement, AnnouncementPage } from '../../core/contracts/announcements'
import type { Profile } from '../../core/contracts/auth'
import { SERVICE_CLAIMS, type Claims, type Gateway } from '../../api/_lib/db/types'
import { ADAPTERS, IDS, as, failure, postgresDatabase, readAsPerson, useTestDb } from '../helpers/db'

const GRID_A2 = '30000000-0000-4000-8000-0000000000a2'
const GRID_B1 = '30000000-0000-4000-8000-0000000000b1'

const person = (id: string): Claims => ({ role: 'authenticated', sub: id, aud: 'authenticated' })

function publish(db: Gateway, who: Claims, args: Record<string, unknown>): Promise<Announcement> {
  return db.rpc<Announcement>('announcement_create', { p_scope: 'community', p_title: '停水通知', p_body: '明天上午停水。\n请提前储水。', ...args }, who)
}

async function listAll(db: Gateway, who: Claims, communityId: string, manage = false): Promise<Announcement[]> {
  const out: Announcement[] = []
  let cursor: string | null = null
  do {
    const page: AnnouncementPage = await db.rpc<AnnouncementPage>('announcements_list', { p_community_id: communityId, p_manage: manage, p_cursor: cursor }, who)
    expect(page.items.length).toBeLessThanOrEqual(20)
    out.push(...page.items)
    cursor = page.nextCursor
  } while (cursor)
  return out
}

const ids = (xs: Announcement[]) => xs.map((x) => x.id)

describe.each(ADAPTERS)('announcements on %s', (kind) => {
  const t = useTestDb(kind, 'announcements')
  let seq = 0
  /** a new resident of A living in a micro-grid (or none) */
  const resident = async (microGridId?: string) => {
    const id = (await t.db.rpc<Profile>('auth_upsert_wechat', { p_openid: `db-ann-${kind}-${++seq}` }, SERVICE_CLAIMS)).id
    await t.db.rpc('community_join', { p_community_id: IDS.communityA, p_micro_grid_id: microGridId }, person(id))
    return person(id)
  }

  it('who may publish: staff of the community (its grids only), the street admin street-wide; everyone else refused', async () => {
    for (const [who, args, code, field] of [
      ['resident1', { p_community_id: IDS.communityA }, 'announcement.publish_forbidden', 'communityId'],
      ['grid1', { p_community_id: IDS.communityA }, 'announcement.publish_forbidden', 'communityId'],
      ['unit1', { p_community_id: IDS.communityA }, 'announcement.publish_forbidden', 'communityId'],
      ['staff2', { p_community_id: IDS.communityA }, 'announcement.publish_forbidden', 'communityId'],
      ['staff2', { p_scope: 'street', p_community_id: IDS.communityB }, 'announcement.street_admin_only', 'scope'],
      ['staff2', { p_scope: 'street', p_street_id: IDS.street }, 'announcement.street_admin_only', 'scope'],
      ['staff1', { p_scope: 'street', p_community_id: IDS.communityA }, 'announcement.street_admin_only', 'scope'],
      ['resident1', { p_scope: 'street', p_street_id: IDS.street }, 'announcement.street_admin_only', 'scope'],
      ['staff1', { p_scope: 'grid', p_community_id: IDS.communityA, p_grid_id: GRID_B1 }, 'announcement.grid_invalid', 'gridId'],
      ['staff1', { p_scope: 'grid', p_community_id: IDS.communityB, p_grid_id: GRID_B1 }, 'announcement.publish_forbidden', 'communityId'],
      ['staff2', { p_scope: 'grid', p_community_id: IDS.communityA, p_grid_id: IDS.gridA1 }, 'announcement.publish_forbidden', 'communityId'],
    ] as const) {
      const e = await failure(publish(t.db, as(who), args))
      expect([e.code, e.field, e.status], `${who} ${JSON.stringify(args)}`).toEqual([code, field, code === 'announcement.grid_invalid' ? 400 : 403])
    }
    const before = (await t.sql<{ n: number }>('select count(*)::int as n from public.announcements'))[0].n
    expect(before).toBe(0)

    const community = await publish(t.db, as('staff1'), { p_community_id: IDS.communityA })
    expect(community).toMatchObject({ scope: 'community', communityId: IDS.communityA, communityName: '和平社区', authorName: '陈主任', status: 'active', canManage: true, images: [] })
    expect(community.body).toBe('明天上午停水。\n请提前储水。')
    const grid = await publish(t.db, as('staff1'), { p_scope: 'grid', p_community_id: IDS.communityA, p_grid_id: IDS.gridA1 })
    expect(grid).toMatchObject({ scope: 'grid', gridId: IDS.gridA1, gridName: '第一网格' })
    const street = await publish(t.db, as('admin1'), { p_scope: 'street', p_street_id: IDS.street, p_title: '街道通知' })
    expect(street).toMatchObject({ scope: 'street', streetId: IDS.street, communityId: null, gridId: null })
    // the street admin publishes into any community of the street, and street-wide from a community page
    expect(await publish(t.db, as('admin1'), { p_community_id: IDS.communityB })).toMatchObject({ communityId: IDS.communityB })
    expect(await publish(t.db, as('admin1'), { p_scope: 'street', p_community_id: IDS.communityB })).toMatchObject({ scope: 'street', communityId: null })

    const log = await t.sql<{ action: string; community_id: string | null; street_id: string; actor_id: string }>(
      `select action, community_id, street_id, actor_id from public.audit_log where action like 'announcement.%' order by id`)
    expect(log.map((l) => l.action)).toEqual(Array(5).fill('announcement.published'))
    expect(log[2]).toMatchObject({ community_id: null, street_id: IDS.street, actor_id: IDS.admin1 })
  })

  it('refuses bad input in SQL too: title, body, expiry in the past or beyond a year, images not the author\'s own', async () => {
    const staff = as('staff1')
    const cases: [Record<string, unknown>, string][] = [
      [{ p_title: 'x' }, 'title'],
      [{ p_title: '   ' }, 'title'],
      [{ p_body: '  ' }, 'body'],
      [{ p_body: 'x'.repeat(5001) }, 'body'],
      [{ p_expires_at: '2020-01-01T00:00:00Z' }, 'expiresAt'],
      [{ p_expires_at: new Date(Date.now() + 400 * 86_400_000).toISOString() }, 'expiresAt'],
      [{ p_images: [`shifts/${IDS.staff2}/00000000-0000-4000-8000-000000000001.jpg`] }, 'images'],
      [{ p_images: ['../etc/passwd'] }, 'images'],
      [{ p_images: [1, 2, 3, 4].map((i) => `shifts/${IDS.staff1}/00000000-0000-4000-8000-00000000000${i}.jpg`) }, 'images'],
      [{ p_scope: 'grid', p_grid_id: null }, 'gridId'],
    ]
    for (const [args, field] of cases) {
      const e = await failure(publish(t.db, staff, { p_community_id: IDS.communityA, ...args }))
      expect([e.status, e.field], JSON.stringify(args).slice(0, 80)).toEqual([400, field])
    }
    const withImages = await publish(t.db, staff, {
      p_community_id: IDS.communityA,
      p_images: [`shifts/${IDS.staff1}/00000000-0000-4000-8000-000000000001.jpg`],
      p_expires_at: new Date(Date.now() + 86_400_000).toISOString(),
    })
    expect(withImages.images).toEqual([`shifts/${IDS.staff1}/00000000-0000-4000-8000-000000000001.jpg`])
    expect(withImages.expiresAt).not.toBeNull()
  })

  it('visibility: grid notices reach that grid\'s micro-grids only, street notices every community, nothing of A reaches B', async () => {
    const [microA3] = await t.sql<{ id: string }>(`insert into public.micro_grids (grid_id, name, households) values ($1, '校内宿舍', 60) returning id`, [GRID_A2])
    const inA1 = await resident(IDS.microA1)
    const inA2Grid = await resident(microA3.id)
    const noGrid = await resident()

    const grid = await publish(t.db, as('staff1'), { p_scope: 'grid', p_community_id: IDS.communityA, p_grid_id: IDS.gridA1, p_title: '一网格消杀' })
    const otherGrid = await publish(t.db, as('staff1'), { p_scope: 'grid', p_community_id: IDS.communityA, p_grid_id: GRID_A2, p_title: '校园网格通知' })
    const aOnly = await publish(t.db, as('staff1'), { p_community_id: IDS.communityA, p_title: '和平社区通知' })
    const bOnly = await publish(t.db, as('staff2'), { p_community_id: IDS.communityB, p_title: '光明社区通知' })
    const street = await publish(t.db, as('admin1'), { p_scope: 'street', p_street_id: IDS.street, p_title: '全街道通知' })

    const seen = async (who: Claims, community: string) => ids(await listAll(t.db, who, community))
    for (const who of [as('resident1'), as('resident2'), inA1, as('grid1')]) {
      const s = await seen(who, IDS.communityA)
      expect(s).toEqual(expect.arrayContaining([grid.id, aOnly.id, street.id]))
      expect(s).not.toContain(otherGrid.id)
      expect(s).not.toContain(bOnly.id)
    }
    const campus = await seen(inA2Grid, IDS.communityA)
    expect(campus).toEqual(expect.arrayContaining([otherGrid.id, aOnly.id, street.id]))
    expect(campus).not.toContain(grid.id)
    const none = await seen(noGrid, IDS.communityA)
    expect(none).toEqual(expect.arrayContaining([aOnly.id, street.id]))
    expect(none).not.toContain(grid.id)
    expect(none).not.toContain(otherGrid.id)
    // staff of A see every grid's notices of A, to manage them
    expect(await seen(as('staff1'), IDS.communityA)).toEqual(expect.arrayContaining([grid.id, otherGrid.id, aOnly.id, street.id]))

    const b = await seen(as('resident3'), IDS.communityB)
    expect(b).toEqual(expect.arrayContaining([bOnly.id, street.id]))
    expect(b).not.toContain(aOnly.id)
    expect(b).not.toContain(grid.id)
    const notMember = await failure(t.db.rpc('announcements_list', { p_community_id: IDS.communityA }, as('resident3')))
    expect([notMember.code, notMember.status, notMember.field]).toEqual(['announcement.not_member', 403, 'communityId'])
    expect((await failure(t.db.rpc('announcements_list', { p_community_id: IDS.communityA }, as('staff2')))).code).toBe('announcement.not_member')
    // one by one: what the list hides does not exist for the reader
    for (const [who, id] of [[as('resident3'), aOnly.id], [as('resident3'), grid.id], [as('resident2'), otherGrid.id], [noGrid, grid.id], [as('staff2'), aOnly.id]] as const) {
      expect((await failure(t.db.rpc('announcement_get', { p_id: id }, who))).code).toBe('announcement.not_found')
    }
    expect(await t.db.rpc<Announcement>('announcement_get', { p_id: street.id }, as('resident3'))).toMatchObject({ title: '全街道通知', canManage: false })
    expect(await t.db.rpc<Announcement>('announcement_get', { p_id: grid.id }, inA1)).toMatchObject({ title: '一网格消杀', canManage: false })
    expect(await t.db.rpc<Announcement>('announcement_get', { p_id: street.id }, as('admin1'))).toMatchObject({ canManage: true })
    expect(await t.db.rpc<Announcement>('announcement_get', { p_id: street.id }, as('staff1'))).toMatchObject({ canManage: false })
  })

  it('expired and withdrawn notices leave the residents\' list and stay in the managers\' list', async () => {
    const expiring = await publish(t.db, as('staff1'), { p_community_id: IDS.communityA, p_title: '即将过期', p_expires_at: new Date(Date.now() + 3_600_000).toISOString() })
    const doomed = await publish(t.db, as('staff1'), { p_community_id: IDS.communityA, p_title: '将被撤回', p_pinned: true })
    const streetDoomed = await publish(t.db, as('admin1'), { p_scope: 'street', p_street_id: IDS.street, p_title: '街道撤回' })
    await t.sql(`update public.announcements set expires_at = now() - interval '1 minute', created_at = created_at - interval '2 hours' where id = $1`, [expiring.id])

    // withdrawing: resident refused (they can read it), staff of B find nothing, staff of A may not withdraw a street notice
    expect((await failure(t.db.rpc('announcement_withdraw', { p_id: doomed.id }, as('resident1')))).code).toBe('announcement.manage_forbidden')
    expect((await failure(t.db.rpc('announcement_withdraw', { p_id: doomed.id }, as('staff2')))).code).toBe('announcement.not_found')
    expect((await failure(t.db.rpc('announcement_withdraw', { p_id: streetDoomed.id }, as('staff1')))).code).toBe('announcement.manage_forbidden')
    expect((await failure(t.db.rpc('announcement_withdraw', { p_id: streetDoomed.id }, as('staff2')))).status).toBe(403)
    const w = await t.db.rpc<Announcement>('announcement_withdraw', { p_id: doomed.id }, as('admin1'))
    expect(w).toMatchObject({ status: 'withdrawn', pinned: false })
    expect(await t.db.rpc<Announcement>('announcement_withdraw', { p_id: streetDoomed.id }, as('admin1'))).toMatchObject({ status: 'withdrawn' })
    // twice is harmless and logged once
    await t.db.rpc('announcement_withdraw', { p_id: doomed.id }, as('staff1'))
    const log = await t.sql<{ action: string; actor_id: string }>(
      `select action, actor_id from public.audit_log where action = 'announcement.withdrawn' and detail->>'announcementId' = $1`, [doomed.id])
    expect(log).toEqual([{ action: 'announcement.withdrawn', actor_id: IDS.admin1 }])

    for (const who of [as('resident1'), as('resident2')]) {
      const s = ids(await listAll(t.db, who, IDS.communityA))
      expect(s).not.toContain(expiring.id)
      expect(s).not.toContain(doomed.id)
      expect(s).not.toContain(streetDoomed.id)
      expect((await failure(t.db.rpc('announcement_get', { p_id: doomed.id }, who))).code).toBe('announcement.not_found')
    }
    expect(ids(await listAll(t.db, as('resident3'), IDS.communityB))).not.toContain(streetDoomed.id)
    expect(ids(await listAll(t.db, as('staff1'), IDS.communityA))).not.toContain(doomed.id)

    const managed = await listAll(t.db, as('staff1'), IDS.communityA, true)
    expect(managed.find((a) => a.id === expiring.id)?.status).toBe('expired')
    expect(managed.find((a) => a.id === doomed.id)?.status).toBe('withdrawn')
    // a withdrawn street notice is the street admins' housekeeping, not the community's
    expect(ids(managed)).not.toContain(streetDoomed.id)
    expect(ids(await listAll(t.db, as('admin1'), IDS.communityA, true))).toEqual(expect.arrayContaining([expiring.id, doomed.id, streetDoomed.id]))
    for (const who of ['resident1', 'grid1', 'staff2'] as const) {
      expect((await failure(t.db.rpc('announcements_list', { p_community_id: IDS.communityA, p_manage: true }, as(who)))).code).toBe('announcement.manage_forbidden')
    }
    // the author still reads a notice they withdrew
    expect(await t.db.rpc<Announcement>('announcement_get', { p_id: doomed.id }, as('staff1'))).toMatchObject({ status: 'withdrawn' })
  })

  it('pinning: managers only, never a withdrawn notice; pinned first then newest, paged by 20 with an opaque cursor', async () => {
    const made: Announcement[] = []
    for (let i = 0; i < 23; i++) made.push(await publish(t.db, as('staff2'), { p_community_id: IDS.communityB, p_title: `光明通知${i + 1}` }))
    expect((await failure(t.db.rpc('announcement_pin', { p_id: made[0].id, p_pinned: true }, as('resident3')))).code).toBe('announcement.manage_forbidden')
    expect((await failure(t.db.rpc('announcement_pin', { p_id: made[0].id, p_pinned: true }, as('staff1')))).code).toBe('announcement.not_found')
    expect(await t.db.rpc<Announcement>('announcement_pin', { p_id: made[0].id, p_pinned: true }, as('staff2'))).toMatchObject({ pinned: true })
    expect(await t.db.rpc<Announcement>('announcement_pin', { p_id: made[1].id, p_pinned: true }, as('admin1'))).toMatchObject({ pinned: true })
    const withdrawn = await t.db.rpc<Announcement>('announcement_withdraw', { p_id: made[2].id }, as('staff2'))
    expect((await failure(t.db.rpc('announcement_pin', { p_id: withdrawn.id, p_pinned: true }, as('staff2')))).code).toBe('announcement.withdrawn')
    const pinLog = await t.sql<{ n: number }>(`select count(*)::int as n from public.audit_log where action = 'announcement.pinned'`)
    expect(pinLog[0].n).toBe(2)

    const first = await t.db.rpc<AnnouncementPage>('announcements_list', { p_community_id: IDS.communityB }, as('resident3'))
    expect(first.items).toHaveLength(20)
    expect(first.nextCursor).toMatch(/^[A-Za-z0-9_-]+$/)
    const all = await listAll(t.db, as('resident3'), IDS.communityB)
    expect(new Set(ids(all)).size).toBe(all.length)
    expect(ids(all).slice(0, 2)).toEqual([made[1].id, made[0].id])
    const rest = all.slice(2)
    expect(rest.every((a) => !a.pinned)).toBe(true)
    expect(rest.map((a) => a.createdAt)).toEqual([...rest.map((a) => a.createdAt)].sort().reverse())
    expect(ids(all)).not.toContain(withdrawn.id)
    const [{ n }] = await t.sql<{ n: number }>(
      `select count(*)::int as n from public.announcements where withdrawn_at is null and (expires_at is null or expires_at > now())
         and (community_id = $1 or scope = 'street')`, [IDS.communityB])
    expect(all).toHaveLength(n)

    for (const bad of ['AAAA', 'bm90LWpzb24', 'WyJ4IiwieSJd', 'WzIsIjIwMjYtMDEtMDFUMDA6MDA6MDBaIiwiMDAwMDAwMDAtMDAwMC00MDAwLTgwMDAtMDAwMDAwMDAwMDAxIl0']) {
      const e = await failure(t.db.rpc('announcements_list', { p_community_id: IDS.communityB, p_cursor: bad }, as('resident3')))
      expect([e.code, e.field], bad).toEqual(['list.cursor_invalid', 'cursor'])
    }
  })
})

// Real server only: a direct table read as PostgREST would run it for this person.
describe('announcements: direct reads under RLS', () => {
  let db: Gateway
  let sql: postgres.Sql
  beforeAll(async () => {
    const opened = await postgresDatabase('announcements_rls')
    db = opened.gateway
    sql = postgres(opened.url, { max: 2, onnotice: () => {} })
  })
  afterAll(async () => {
    await sql?.end()
    await db?.close()
  })

  const readAs = <T>(sub: string, text: string, params: unknown[] = []) => readAsPerson<T>(sql, sub, text, params)
  const titlesSeenBy = async (sub: string) => (await readAs<{ title: string }>(sub, 'select title from public.announcements order by title')).map((r) => r.title)

  it('a person selects exactly the live notices addressed to them, plus what they manage', async () => {
    await publish(db, as('staff1'), { p_community_id: IDS.communityA, p_title: 'A社区' })
    await publish(db, as('staff1'), { p_scope: 'grid', p_community_id: IDS.communityA, p_grid_id: IDS.gridA1, p_title: 'A一网格' })
    await publish(db, as('staff1'), { p_scope: 'grid', p_community_id: IDS.communityA, p_grid_id: GRID_A2, p_title: 'A校园网格' })
    await publish(db, as('staff2'), { p_community_id: IDS.communityB, p_title: 'B社区' })
    await publish(db, as('admin1'), { p_scope: 'street', p_street_id: IDS.street, p_title: '街道' })
    const gone = await publish(db, as('staff1'), { p_community_id: IDS.communityA, p_title: 'A已撤回' })
    await db.rpc('announcement_withdraw', { p_id: gone.id }, as('staff1'))
    const old = await publish(db, as('staff2'), { p_community_id: IDS.communityB, p_title: 'B已过期' })
    await sql`update public.announcements set expires_at = now() - interval '1 minute' where id = ${old.id}`

    expect(await titlesSeenBy(IDS.resident1)).toEqual(['A一网格', 'A社区', '街道'].sort())
    expect(await titlesSeenBy(IDS.resident3)).toEqual(['B社区', '街道'].sort())
    expect(await titlesSeenBy(IDS.staff2)).toEqual(['B已过期', 'B社区', '街道'].sort())
    expect(await titlesSeenBy(IDS.staff1)).toEqual(['A一网格', 'A已撤回', 'A校园网格', 'A社区', '街道'].sort())
    expect(await titlesSeenBy(IDS.admin1)).toEqual(['A一网格', 'A已撤回', 'A校园网格', 'A社区', 'B已过期', 'B社区', '街道'].sort())
    // a person of no community sees nothing; nobody writes the table directly
    const stranger = (await db.rpc<Profile>('auth_upsert_wechat', { p_openid: 'ann-rls-stranger' }, SERVICE_CLAIMS)).id
    expect(await titlesSeenBy(stranger)).toEqual([])
    await expect(readAs(IDS.staff1, `update public.announcements set pinned = true`)).rejects.toThrow(/permission denied/)
    await expect(readAs(IDS.staff1, `insert into public.announcements (scope, street_id, title, body) values ('street', $1, '伪造', '伪造')`, [IDS.street]))
      .rejects.toThrow(/permission denied/)
  })
})
