import { beforeAll, describe, expect, it } from 'vitest'
import type { Claims } from '../../api/_lib/db/types'
import { ADAPTERS, IDS, as, failure, useTestDb, walkList, type Handle } from '../helpers/db'

/**
 * Keyset paging of the deliberation, services and information lists (issue 14): 议题, 议事会, 匹配建议, 社区通知,
 * 我的消息, 操作日志 and 邀请. Each list is walked page by page with small pages whose boundaries fall inside ties
 * (same score, same minute), and must give every row once, in the list's order; a forged cursor is refused naming
 * `cursor`; who may read what is unchanged.
 */

type Page<T> = { items: T[]; nextCursor: string | null }
type Row = { id: string }

/** Ids whose order is known: within one sort key, id desc puts …9 before …1. */
const id = (prefix: string, n: number) => `${prefix}000000-0000-4000-8000-${String(n).padStart(12, '0')}`
const base = Date.parse('2026-11-01T08:00:00Z')
const at = (minutes: number) => new Date(base + minutes * 60_000).toISOString()

/** A cursor the server could have made, but naming something else: the right shape with the wrong parts. */
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v), 'utf8').toString('base64url')
const FORGED = ['not-a-cursor', b64({ a: 1 }), b64([1, 2]), b64(['x', 'y', 'z', 'w']), b64([2, 0, '2026-11-01T00:00:00Z', IDS.resident1]), b64([1, 0, '2026-02-30T00:00:00Z', 'x'])]

describe.each(ADAPTERS)('paged deliberation, services and information lists on %s', (kind) => {
  const t = useTestDb(kind, 'morelists')

  const walk = <T extends Row>(fn: string, args: Record<string, unknown>, who: Handle | Claims, limit: number) =>
    walkList<T>(t.db, fn, args, who, limit)

  async function refusesForged(fn: string, args: Record<string, unknown>, who: Handle) {
    for (const bad of FORGED) {
      const e = await failure(t.db.rpc(fn, { ...args, p_cursor: bad }, as(who)))
      expect([e.code, e.field], `${fn} ${bad}`).toEqual(['list.cursor_invalid', 'cursor'])
    }
  }

  describe('议题 (topics_list)', () => {
    // [n, status, cosigns, minute]: ready first, then by co-signatures, then newest, ties by id
    const rows: [number, string, number, number][] = [
      [1, 'collecting', 3, 0], [2, 'collecting', 3, 0], [3, 'collecting', 3, 0], [4, 'ready', 10, 5], [5, 'ready', 10, 5],
      [6, 'collecting', 7, 9], [7, 'scheduled', 3, 9], [8, 'ready', 12, 1], [9, 'collecting', 0, 20],
    ]
    const expected = [8, 5, 4, 6, 7, 3, 2, 1, 9].map((n) => id('7c', n))

    beforeAll(async () => {
      for (const [n, status, cosigns, minute] of rows) {
        await t.sql(
          `insert into public.topics (id, community_id, title, description, proposer_id, status, cosign_count, threshold, created_at)
           values ($1, $2, $3, '', $4, $5, $6, 10, $7)`,
          [id('7c', n), IDS.communityA, `分页议题${n}`, n === 9 ? IDS.resident2 : IDS.resident1, status, cosigns, at(minute)],
        )
      }
      // B's topic, never in A's list
      await t.sql(`insert into public.topics (id, community_id, title, proposer_id, threshold) values ($1, $2, 'B 的议题', $3, 10)`,
        [id('7c', 99), IDS.communityB, IDS.resident3])
      await t.sql(`insert into public.topic_cosigns (topic_id, profile_id) values ($1, $2)`, [id('7c', 6), IDS.resident2])
    })

    it('pages of 2 give every topic once, ready first, by co-signatures, newest, ties by id', async () => {
      const { ids, pages } = await walk<Row & { cosigns: number; status: string }>('topics_list', {}, 'resident2', 2)
      expect(ids).toEqual(expected)
      // boundaries inside ties: (5 | 4) share ready, 10 co-signs and the minute; (3 | 2 | 1) share everything but the id
      expect(pages[0].at(-1)!.id).toBe(id('7c', 5))
      expect(pages[1][0].id).toBe(id('7c', 4))
      const whole = await t.db.rpc<Page<Row & { cosigned: boolean; proposerName: string }>>('topics_list', { p_limit: 50 }, as('resident2'))
      expect(whole.nextCursor).toBeNull()
      expect(whole.items.map((x) => x.id)).toEqual(expected)
      // the caller's own co-signature and the proposer's name come with each row
      expect(whole.items.find((x) => x.id === id('7c', 6))).toMatchObject({ cosigned: true, proposerName: expect.any(String) })
      expect(whole.items.filter((x) => x.cosigned)).toHaveLength(1)
    })

    it('the default page is 20 and the limit is clamped to 1..50', async () => {
      const one = await t.db.rpc<Page<Row>>('topics_list', { p_limit: 0 }, as('resident1'))
      expect(one.items.map((x) => x.id)).toEqual([expected[0]])
      expect(one.nextCursor).not.toBeNull()
      await t.sql(`insert into public.topics (community_id, title, proposer_id, threshold, created_at)
        select $1, '批量议题' || g, $2, 10, '2026-10-01T00:00:00Z'::timestamptz + g * interval '1 second' from generate_series(1, 60) g`,
      [IDS.communityA, IDS.resident1])
      try {
        expect((await t.db.rpc<Page<Row>>('topics_list', {}, as('resident1'))).items).toHaveLength(20)
        expect((await t.db.rpc<Page<Row>>('topics_list', { p_limit: 1000 }, as('resident1'))).items).toHaveLength(50)
      } finally {
        await t.sql(`delete from public.topics where title like '批量议题%'`)
      }
    })

    it('a forged cursor is refused naming cursor', async () => {
      await refusesForged('topics_list', {}, 'resident1')
    })

    it('permissions unchanged: a member of B reads B\'s, naming A reads only what the policy lets them', async () => {
      expect((await walk('topics_list', {}, 'resident3', 5)).ids).toEqual([id('7c', 99)])
      expect((await walk('topics_list', { p_community_id: IDS.communityA }, 'resident3', 5)).ids).toEqual([])
      await expect(t.db.rpc('topics_list', {}, { role: 'anon' })).rejects.toThrow(/permission denied/)
    })
  })

  describe('议事会 (meetings_list)', () => {
    // [n, minute, status]: latest start first, ties by id, cancelled never listed
    const rows: [number, number, string][] = [[1, 0, 'held'], [2, 60, 'scheduled'], [3, 60, 'scheduled'], [4, 60, 'held'], [5, 120, 'cancelled'], [6, 180, 'scheduled']]
    const expected = [6, 4, 3, 2, 1].map((n) => id('7d', n))

    beforeAll(async () => {
      for (const [n, minute, status] of rows) {
        await t.sql(
          `insert into public.meetings (id, community_id, title, form, starts_at, ends_at, place, capacity, registered, check_in_code, status, created_by,
             cancel_reason, cancelled_at)
           values ($1, $2, $3, 'online', $4, $4::timestamptz + interval '2 hours', '线上会议', 2, 0, '123456', $5, $6,
             case when $5 = 'cancelled' then '测试' end, case when $5 = 'cancelled' then now() end)`,
          [id('7d', n), IDS.communityA, `分页议事会${n}`, at(minute), status, IDS.staff1],
        )
      }
      // meeting 3: the agenda holds topic 4; resident2 waits second in line behind resident3
      await t.sql(`insert into public.meeting_topics (meeting_id, topic_id, position) values ($1, $2, 0)`, [id('7d', 3), id('7c', 4)])
      await t.sql(`insert into public.meeting_registrations (meeting_id, profile_id, status, queued_at) values
        ($1, $2, 'waitlisted', '2026-11-01T00:00:00Z'), ($1, $3, 'waitlisted', '2026-11-01T00:01:00Z'), ($1, $4, 'registered', '2026-11-01T00:00:00Z')`,
      [id('7d', 3), IDS.resident3, IDS.resident2, IDS.resident1])
    })

    it('pages of 2 give every meeting once, latest first, ties by id, no cancelled one', async () => {
      const { ids, pages } = await walk<Row & { startsAt: string }>('meetings_list', {}, 'resident2', 2)
      expect(ids).toEqual(expected)
      // the boundary after page 1 falls inside minute 60 (4 | 3, 2), told apart by id
      expect(pages[0].at(-1)!.startsAt).toBe(pages[1][0].startsAt)
    })

    it('each row carries its waiting line, the caller\'s place and agenda; the check-in code only for staff', async () => {
      const mine = await t.db.rpc<Page<Row & Record<string, unknown>>>('meetings_list', { p_limit: 50 }, as('resident2'))
      const m3 = mine.items.find((x) => x.id === id('7d', 3))!
      expect(m3).toMatchObject({ waitlisted: 2, myStatus: 'waitlisted', myWaitlistPosition: 2, checkedIn: false, checkInCode: null })
      expect((m3.agenda as Row[]).map((x) => x.id)).toEqual([id('7c', 4)])
      expect(mine.items.find((x) => x.id === id('7d', 2))).toMatchObject({ waitlisted: 0, myStatus: null, myWaitlistPosition: null })
      const r1 = (await t.db.rpc<Page<Row & Record<string, unknown>>>('meetings_list', { p_limit: 50 }, as('resident1'))).items
      expect(r1.find((x) => x.id === id('7d', 3))).toMatchObject({ myStatus: 'registered', myWaitlistPosition: null })
      const staff = (await t.db.rpc<Page<Row & Record<string, unknown>>>('meetings_list', { p_limit: 50 }, as('staff1'))).items
      expect(staff.every((x) => x.checkInCode === '123456')).toBe(true)
    })

    it('a forged cursor is refused naming cursor; a member of B naming A reads nothing', async () => {
      for (const bad of FORGED.slice(0, 4)) {
        const e = await failure(t.db.rpc('meetings_list', { p_cursor: bad }, as('resident1')))
        expect([e.code, e.field], bad).toEqual(['list.cursor_invalid', 'cursor'])
      }
      expect(await t.db.rpc('meetings_list', { p_community_id: IDS.communityA }, as('resident3'))).toEqual({ items: [], nextCursor: null })
      await expect(t.db.rpc('meetings_list', {}, { role: 'anon' })).rejects.toThrow(/permission denied/)
    })
  })

  describe('匹配建议 (matching_proposals)', () => {
    // [n, score, status]: highest score first, ties by id; only open ones
    const rows: [number, number, string][] = [[1, 5000, 'open'], [2, 8000, 'open'], [3, 8000, 'open'], [4, 8000, 'open'], [5, 9000, 'dismissed'], [6, 100, 'open']]
    const expected = [4, 3, 2, 1, 6].map((n) => id('7e', n))

    beforeAll(async () => {
      const [run] = await t.sql<{ id: string }>(`insert into public.match_runs (community_id, run_by, stats) values ($1, $2, '{}') returning id`,
        [IDS.communityA, IDS.staff1])
      await t.sql(`insert into public.resources (id, community_id, publisher_id, title, kind, categories, capacity, contact_name, contact_phone)
        values ($1, $2, $3, '分页资源', 'social', '{other}', 5, '联系人', '13900000000')`, [id('7e', 90), IDS.communityA, IDS.unit1])
      for (const [n, score, status] of rows) {
        const [need] = await t.sql<{ id: string }>(`insert into public.needs (community_id, title, description, category, created_by, submitted_by)
          values ($1, $2, '用来检查匹配建议的分页。', 'other', $3, $3) returning id`, [IDS.communityA, `分页需求${n}`, IDS.resident1])
        await t.sql(`insert into public.match_proposals (id, run_id, community_id, need_id, resource_id, score, reasons, status)
          values ($1, $2, $3, $4, $5, $6, array['类别相符'], $7)`, [id('7e', n), run.id, IDS.communityA, need.id, id('7e', 90), score, status])
      }
    })

    it('pages of 2 give every open proposal once, highest score first, ties by id, with need and resource', async () => {
      const { ids, pages } = await walk<Row & Record<string, unknown>>('matching_proposals', { p_community_id: IDS.communityA }, 'staff1', 2)
      expect(ids).toEqual(expected)
      expect(pages[0].map((x) => x.score)).toEqual([8000, 8000])
      expect(pages[1][0]).toMatchObject({ score: 8000, needTitle: '分页需求2', resourceTitle: '分页资源', needCategory: 'other', status: 'open' })
      expect(pages.flat().every((x) => typeof x.publisherName === 'string' && x.publisherName !== '')).toBe(true)
    })

    it('a forged cursor is refused naming cursor', async () => {
      await refusesForged('matching_proposals', { p_community_id: IDS.communityA }, 'staff1')
    })

    it('permissions unchanged: staff of the community only', async () => {
      for (const who of ['resident1', 'unit1', 'staff2'] as const) {
        expect((await failure(t.db.rpc('matching_proposals', { p_community_id: IDS.communityA }, as(who)))).code, who).toBe('auth.forbidden')
      }
      expect((await t.db.rpc<Page<Row>>('matching_proposals', { p_community_id: IDS.communityB }, as('staff2'))).items).toEqual([])
    })
  })

  describe('社区通知 (announcements_list)', () => {
    // [n, pinned, minute, scope]: pinned first, then newest, ties by id; the street's and the community's merged
    const rows: [number, boolean, number, 'community' | 'street' | 'grid'][] = [
      [1, false, 0, 'community'], [2, false, 10, 'street'], [3, false, 10, 'community'], [4, false, 10, 'street'],
      [5, true, 5, 'community'], [6, true, 5, 'street'], [7, false, 30, 'grid'], [8, false, 40, 'community'],
    ]
    // resident2 lives in micro-grid A2 (not grid A1's), so the grid notice is not theirs
    let expected: string[]

    beforeAll(async () => {
      for (const [n, pinned, minute, scope] of rows) {
        await t.sql(
          `insert into public.announcements (id, scope, street_id, community_id, grid_id, title, body, pinned, author_id, created_at)
           values ($1, $2::public.announcement_scope, $3, case when $2 <> 'street' then $4::uuid end, case when $2 = 'grid' then $5::uuid end,
             $6, '正文', $7, $8, $9)`,
          [id('7f', n), scope, IDS.street, IDS.communityA, IDS.gridA1, `分页通知${n}`, pinned, IDS.staff1, at(minute)],
        )
      }
      // expired and withdrawn: only for management
      await t.sql(`insert into public.announcements (id, scope, street_id, community_id, title, body, author_id, expires_at, created_at)
        values ($1, 'community', $2, $3, '过期通知', '正文', $4, now() - interval '1 day', $5)`, [id('7f', 20), IDS.street, IDS.communityA, IDS.staff1, at(50)])
      const [{ inGrid }] = await t.sql<{ inGrid: boolean }>(
        `select exists (select 1 from public.profiles p join public.micro_grids m on m.id = p.micro_grid_id where p.id = $1 and m.grid_id = $2) as "inGrid"`,
        [IDS.resident2, IDS.gridA1])
      expected = [6, 5, 8, ...(inGrid ? [7] : []), 4, 3, 2, 1].map((n) => id('7f', n))
    })

    it('pages of 2 give every notice addressed to the caller once, pinned first, newest, ties by id', async () => {
      const { ids } = await walk('announcements_list', { p_community_id: IDS.communityA }, 'resident2', 2)
      expect(ids).toEqual(expected)
      const one = await walk('announcements_list', { p_community_id: IDS.communityA }, 'resident2', 1)
      expect(one.ids).toEqual(expected)
    })

    it('management (staff) pages over every notice of the community, expired ones too, and may manage them', async () => {
      const { ids, pages } = await walk<Row & { canManage: boolean; status: string }>('announcements_list', { p_community_id: IDS.communityA, p_manage: true }, 'staff1', 3)
      expect(ids).toEqual([6, 5, 20, 8, 7, 4, 3, 2, 1].map((n) => id('7f', n)))
      const all = pages.flat()
      expect(all.find((x) => x.id === id('7f', 20))).toMatchObject({ status: 'expired', canManage: true })
      // a street notice is managed by the street's admin (staff1 wrote these, so they may: the author)
      expect(all.every((x) => x.canManage)).toBe(true)
      const r = await t.db.rpc<Page<Row & { canManage: boolean }>>('announcements_list', { p_community_id: IDS.communityA, p_limit: 50 }, as('resident1'))
      expect(r.items.every((x) => !x.canManage)).toBe(true)
    })

    it('a forged cursor is refused naming cursor; permissions unchanged', async () => {
      await refusesForged('announcements_list', { p_community_id: IDS.communityA }, 'resident1')
      expect((await failure(t.db.rpc('announcements_list', { p_community_id: IDS.communityA }, as('resident3')))).code).toBe('announcement.not_member')
      expect((await failure(t.db.rpc('announcements_list', { p_community_id: IDS.communityA, p_manage: true }, as('resident1')))).code).toBe('announcement.manage_forbidden')
    })
  })

  describe('我的消息 (notifications_list)', () => {
    beforeAll(async () => {
      await t.sql(`insert into public.notifications (profile_id, kind, payload, status, created_at)
        select $1, 'need.status', '{}'::jsonb, 'sent', now() - g * interval '1 minute' from generate_series(1, 75) g`, [IDS.party1])
    })

    it('pages of up to 50 give every item once, newest first', async () => {
      const [{ ids: all }] = await t.sql<{ ids: string[] }>(`select array_agg(id::int order by id desc) as ids from public.notifications where profile_id = $1`, [IDS.party1])
      const big = await walk<{ id: string }>('notifications_list', {}, 'party1', 50)
      expect(big.pages.map((p) => p.length)).toEqual([50, all.length - 50])
      expect(big.ids.map(Number)).toEqual(all.map(Number))
      expect((await t.db.rpc<Page<Row>>('notifications_list', { p_limit: 500 }, as('party1'))).items).toHaveLength(50)
      expect((await t.db.rpc<Page<Row>>('notifications_list', {}, as('party1'))).items).toHaveLength(20)
      expect((await walk('notifications_list', {}, 'party1', 7)).ids.map(Number)).toEqual(all.map(Number))
    })

    it('a forged cursor is refused naming cursor; nobody reads another\'s inbox', async () => {
      for (const bad of FORGED.slice(0, 3)) {
        const e = await failure(t.db.rpc('notifications_list', { p_cursor: bad }, as('party1')))
        expect([e.code, e.field], bad).toEqual(['list.cursor_invalid', 'cursor'])
      }
      const other = await t.db.rpc<Page<Row>>('notifications_list', { p_limit: 50 }, as('resident3'))
      const [{ n }] = await t.sql<{ n: number }>(`select count(*)::int as n from public.notifications where profile_id = $1`, [IDS.resident3])
      expect(other.items).toHaveLength(Math.min(n, 50))
    })
  })

  describe('操作日志 (audit_list) and 邀请 (invitations_list)', () => {
    beforeAll(async () => {
      // 30 entries each for A and B, interleaved; street-wide entries carry the street
      await t.sql(`insert into public.audit_log (street_id, community_id, actor_id, action, target_profile_id, detail)
        select $1, case when g % 2 = 0 then $2::uuid else $3::uuid end, $4, 'member.role_granted', $5, '{}'::jsonb from generate_series(1, 60) g`,
      [IDS.street, IDS.communityA, IDS.communityB, IDS.admin1, IDS.resident1])
      await t.sql(`insert into public.invitations (id, code, role, community_id, created_by, created_at, expires_at)
        select ('7a000000-0000-4000-8000-' || lpad(g::text, 12, '0'))::uuid,
          'QQ' || translate(lpad(g::text, 6, '0'), '0123456789', 'ABCDEFGHJK'),
          case when g % 3 = 0 then 'admin' else 'staff' end::public.app_role, $1, $2, $3::timestamptz + (g / 4) * interval '1 minute', now() + interval '7 days'
        from generate_series(1, 12) g`, [IDS.communityA, IDS.admin1, at(0)])
    })

    it('the audit log pages every entry of the community (or the street) once, newest first', async () => {
      const [{ a, s }] = await t.sql<{ a: string[]; s: string[] }>(
        `select (select array_agg(id::text order by id desc) from public.audit_log where community_id = $1) as a,
                (select array_agg(id::text order by id desc) from public.audit_log where street_id = $2) as s`, [IDS.communityA, IDS.street])
      expect((await walk('audit_list', { p_community_id: IDS.communityA }, 'staff1', 7)).ids).toEqual(a)
      expect((await walk('audit_list', { p_street_id: IDS.street }, 'admin1', 11)).ids).toEqual(s)
      const page = await t.db.rpc<Page<Record<string, unknown>>>('audit_list', { p_community_id: IDS.communityA, p_limit: 1 }, as('staff1'))
      expect(page.items[0]).toMatchObject({ action: 'member.role_granted', actorName: expect.any(String), targetName: expect.any(String), communityName: expect.any(String) })
      await refusesForged('audit_list', { p_community_id: IDS.communityA }, 'staff1')
      expect((await failure(t.db.rpc('audit_list', { p_community_id: IDS.communityA }, as('resident1')))).code).toBe('auth.forbidden')
      expect((await failure(t.db.rpc('audit_list', { p_community_id: IDS.communityA }, as('staff2')))).code).toBe('auth.forbidden')
    })

    it('invitations page once each across equal minutes; admin invitations only for the street admin', async () => {
      const [{ all, nonAdmin }] = await t.sql<{ all: string[]; nonAdmin: string[] }>(
        `select array_agg(id::text order by created_at desc, id desc) as all,
                array_agg(id::text order by created_at desc, id desc) filter (where role <> 'admin') as "nonAdmin"
         from public.invitations where community_id = $1`, [IDS.communityA])
      expect((await walk('invitations_list', { p_community_id: IDS.communityA }, 'admin1', 3)).ids).toEqual(all)
      const staff = await walk<Row & { status: string; createdByName: string }>('invitations_list', { p_community_id: IDS.communityA }, 'staff1', 2)
      expect(staff.ids).toEqual(nonAdmin)
      expect(staff.pages.flat().find((x) => x.id.startsWith('7a000000'))).toMatchObject({ status: 'pending', createdByName: expect.any(String) })
      await refusesForged('invitations_list', { p_community_id: IDS.communityA }, 'staff1')
      expect((await failure(t.db.rpc('invitations_list', { p_community_id: IDS.communityA }, as('resident1')))).code).toBe('auth.forbidden')
      expect((await failure(t.db.rpc('invitations_list', { p_community_id: IDS.communityA }, as('staff2')))).code).toBe('auth.forbidden')
    })
  })

  it('资源清单 and 服务清单 pages hold at most 50 rows', async () => {
    await t.sql(`insert into public.resources (community_id, publisher_id, title, kind, categories, capacity, contact_name, contact_phone)
      select $1, $2, '批量资源' || g, 'social', '{other}', 1, '联系人', '13900000000' from generate_series(1, 60) g`, [IDS.communityA, IDS.talent1])
    try {
      const page = await t.db.rpc<{ items: Row[]; hasMore: boolean }>('resources_list', { p_limit: 100 }, as('resident1'))
      expect(page.items).toHaveLength(50)
      expect(page.hasMore).toBe(true)
    } finally {
      await t.sql(`delete from public.resources where title like '批量资源%'`)
    }
  })
})
