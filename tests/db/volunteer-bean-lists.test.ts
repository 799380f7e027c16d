import { beforeAll, describe, expect, it } from 'vitest'
import type { Claims } from '../../api/_lib/db/types'
import { ADAPTERS, IDS, as, failure, useTestDb, walkList, type Handle } from '../helpers/db'

/**
 * Keyset paging of the volunteer and bean lists (issue 14): 服务岗位, 我的服务, 工作纪实确认, 能人库/报到审核, 吹哨,
 * 积分兑换, 我的兑换, 我的金豆 and 光荣榜. Each list is walked page by page with pages small enough that their
 * boundaries fall inside ties (same start, same minute, same beans), and must give every row once, in the list's
 * order, filters included; a forged cursor is refused naming `cursor`; who may read what is unchanged.
 */

type Page<T> = { items: T[]; nextCursor: string | null }
type Row = { id: string }

/** Ids whose order is known: within one sort key, id order is n order. */
const id = (prefix: string, n: number) => `${prefix}000000-0000-4000-8000-${String(n).padStart(12, '0')}`
/** Whole hours from now, so that two rows given the same hour tie exactly. */
const HOUR = 3_600_000
const hour0 = Math.ceil(Date.now() / HOUR) * HOUR
const inHours = (h: number) => new Date(hour0 + h * HOUR).toISOString()

/** A cursor the server could have made, but naming something else: the right shape with the wrong parts. */
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v), 'utf8').toString('base64url')
const FORGED = ['not-a-cursor', b64({ a: 1 }), b64([1]), b64(['x', 'y', 'z', 'w']), b64([null, null, null]), b64(['2026-02-30T00:00:00Z', 'x', 'y'])]

/** `sub` keeps its order in `all`: the rows this test made show up in the list's order, whatever else it holds. */
const inOrder = (all: string[], sub: string[]) => all.filter((x) => sub.includes(x))

describe.each(ADAPTERS)('paged volunteer and bean lists on %s', (kind) => {
  const t = useTestDb(kind, 'vblists')

  const walk = <T,>(fn: string, args: Record<string, unknown>, who: Handle | Claims, limit: number, key?: (x: T) => string) =>
    walkList<T>(t.db, fn, args, who, limit, key)

  async function refusesForged(fn: string, args: Record<string, unknown>, who: Handle, forged = FORGED) {
    for (const bad of forged) {
      const e = await failure(t.db.rpc(fn, { ...args, p_cursor: bad }, as(who)))
      expect([e.code, e.field], `${fn} ${bad}`).toEqual(['list.cursor_invalid', 'cursor'])
    }
  }

  const A = IDS.communityA
  const B = IDS.communityB
  /** people of community A made for this test (registrations, honour roll) */
  const person = (n: number) => id('d4', n)

  beforeAll(async () => {
    for (let n = 1; n <= 12; n++) {
      await t.sql(`insert into public.profiles (id, display_name, community_id, honour_opt_in) values ($1, $2, $3, true)`,
        [person(n), `H${String.fromCharCode(96 + n)}`, A])
    }
  })

  describe('服务岗位 (posts_list)', () => {
    // [n, community, category, status, next slot in hours, a past slot too]: soonest next slot first, ties by id
    const rows: [number, string, string, string, number][] = [
      [1, A, 'health_clinic', 'open', 24], [2, A, 'health_clinic', 'open', 24], [3, A, 'tutoring', 'open', 24],
      [4, A, 'health_clinic', 'open', 48], [5, A, 'tutoring', 'open', 24], [6, A, 'health_clinic', 'cancelled', 24],
      [7, A, 'health_clinic', 'open', -30], [8, B, 'health_clinic', 'open', 24], [9, A, 'tutoring', 'open', 30],
    ]
    const post = (n: number) => id('d1', n)
    const slot = (n: number, k: number) => id('d2', n * 10 + k)

    beforeAll(async () => {
      for (const [n, community, category, status, next] of rows) {
        await t.sql(
          `insert into public.service_posts (id, community_id, title, category, lat, lng, radius_m, bean_rate_per_hour, created_by, status, cancel_reason)
           values ($1, $2, $3, $4, 32.04, 118.78, 200, 10, $5, $6, $7)`,
          [post(n), community, `分页岗位${n}`, category, community === A ? IDS.staff1 : IDS.staff2, status, status === 'cancelled' ? '天气原因取消' : null],
        )
        // a slot long over (which must not decide the order) and the next one; post 7 has only the one long over
        await t.sql(`insert into public.post_slots (id, post_id, starts_at, ends_at, capacity) values ($1, $2, $3, $4, 5)`,
          [slot(n, 1), post(n), inHours(-200), inHours(-198)])
        if (next > 0) {
          await t.sql(`insert into public.post_slots (id, post_id, starts_at, ends_at, capacity) values ($1, $2, $3, $4, 5)`,
            [slot(n, 2), post(n), inHours(next), inHours(next + 2)])
        }
      }
      // party1 holds a place in post 2's next slot
      await t.sql(`update public.post_slots set claimed = 1 where id = $1`, [slot(2, 2)])
      await t.sql(`insert into public.shifts (id, slot_id, post_id, profile_id) values ($1, $2, $3, $4)`, [id('d3', 99), slot(2, 2), post(2), IDS.party1])
    })

    it('pages give every open post with a slot to come once, soonest next slot first, ties by id', async () => {
      const { ids, items } = await walk<{ id: string; slots: { id: string; mine: boolean }[] }>('posts_list', {}, 'party1', 2)
      expect(inOrder(ids, rows.map(([n]) => post(n)))).toEqual([1, 2, 3, 5, 9, 4].map(post))
      const p2 = items.find((x) => x.id === post(2))!
      expect(p2.slots.map((s) => [s.id, s.mine])).toEqual([[slot(2, 1), false], [slot(2, 2), true]])
      const [{ n }] = await t.sql<{ n: number }>(
        `select count(distinct p.id)::int as n from public.service_posts p join public.post_slots s on s.post_id = p.id
         where p.community_id = $1 and p.status = 'open' and s.cancelled_at is null and s.ends_at >= now()`, [A])
      expect(ids).toHaveLength(n)
    })

    it('a category pages on its own', async () => {
      const { ids } = await walk<Row>('posts_list', { p_category: 'tutoring' }, 'resident1', 1)
      expect(inOrder(ids, rows.map(([n]) => post(n)))).toEqual([3, 5, 9].map(post))
    })

    it('the cursor keeps the `from` of the first page', async () => {
      const first = await t.db.rpc<Page<Row>>('posts_list', { p_from: inHours(27), p_limit: 1 }, as('party1'))
      const rest = await walk<Row>('posts_list', { p_from: inHours(27) }, 'party1', 1)
      expect(rest.ids[0]).toBe(first.items[0].id)
      expect(inOrder(rest.ids, rows.map(([n]) => post(n)))).toEqual([9, 4].map(post))
    })

    it('a forged cursor is refused naming cursor', async () => {
      await refusesForged('posts_list', {}, 'party1')
    })

    it('who sees what is unchanged: another community sees none of A\'s posts, even naming A', async () => {
      const { ids } = await walk<Row>('posts_list', { p_community_id: A }, 'resident3', 50)
      expect(ids).toEqual([])
      expect((await walk<Row>('posts_list', {}, 'staff2', 50)).ids).toContain(post(8))
    })
  })

  describe('我的服务 and 工作纪实确认 (shifts_list)', () => {
    const post = id('d1', 50)
    const slot = (k: number) => id('d2', 500 + k)
    const shift = (k: number) => id('d3', k)

    beforeAll(async () => {
      await t.sql(`insert into public.service_posts (id, community_id, title, category, lat, lng, radius_m, bean_rate_per_hour, created_by)
        values ($1, $2, '分页纪实岗位', 'environment', 32.04, 118.78, 200, 10, $3)`, [post, A, IDS.staff1])
      // slots 1-3 start at the same hour, 4 an hour later, 5 a day before
      const starts = [0, -5, -5, -5, -4, -29]
      for (let k = 1; k <= 5; k++) {
        await t.sql(`insert into public.post_slots (id, post_id, starts_at, ends_at, capacity, claimed) values ($1, $2, $3, $4, 10, 4)`,
          [slot(k), post, inHours(starts[k]), inHours(starts[k] + 1)])
      }
      // party1's shifts: [k, slot, status]
      const mine: [number, number, string][] = [[1, 1, 'checked_out'], [2, 2, 'checked_out'], [3, 3, 'confirmed'], [4, 4, 'checked_out'], [5, 5, 'no_show']]
      for (const [k, s, status] of mine) {
        await t.sql(
          `insert into public.shifts (id, slot_id, post_id, profile_id, status, check_in_at, check_out_at, verified_minutes)
           values ($1, $2, $3, $4, $5::public.shift_status, case when $5 in ('checked_out', 'confirmed') then $6::timestamptz end,
                   case when $5 in ('checked_out', 'confirmed') then $7::timestamptz end, case when $5 = 'confirmed' then 60 end)`,
          [shift(k), slot(s), post, IDS.party1, status, inHours(-5), inHours(-3)],
        )
      }
      // others waiting for staff: two checked out at the same minute as party1's, one 补签退 request at that minute too
      for (const [k, who] of [[11, IDS.talent1], [12, IDS.resident2]] as const) {
        await t.sql(`insert into public.shifts (id, slot_id, post_id, profile_id, status, check_in_at, check_out_at) values ($1, $2, $3, $4, 'checked_out', $5, $6)`,
          [shift(k), slot(1), post, who, inHours(-5), inHours(-3)])
      }
      await t.sql(`insert into public.shifts (id, slot_id, post_id, profile_id, status, check_in_at, closure_minutes, closure_note, closure_requested_at)
        values ($1, $2, $3, $4, 'checked_in', $5, 50, '忘记签退了', $6)`, [shift(13), slot(2), post, IDS.resident1, inHours(-5), inHours(-3)])
      // an earlier one checked out long ago comes first
      await t.sql(`update public.shifts set check_out_at = $2 where id = $1`, [shift(4), inHours(-20)])
    })

    it('我的服务: every shift of mine once, newest slot first, ties by id (newest id first)', async () => {
      const { ids } = await walk<Row>('shifts_list', { p_scope: 'mine' }, 'party1', 2)
      expect(inOrder(ids, [1, 2, 3, 4, 5].map(shift))).toEqual([4, 3, 2, 1, 5].map(shift))
      const [{ n }] = await t.sql<{ n: number }>(`select count(*)::int as n from public.shifts where profile_id = $1`, [IDS.party1])
      expect(ids).toHaveLength(n)
    })

    it('工作纪实确认: the community\'s waiting shifts once, the longest waiting first, ties by id; names shown', async () => {
      const { ids, items } = await walk<{ id: string; volunteerName: string; closure: unknown }>('shifts_list', { p_scope: 'to_confirm' }, 'staff1', 2)
      expect(inOrder(ids, [1, 2, 3, 4, 5, 11, 12, 13].map(shift))).toEqual([4, 1, 2, 11, 12, 13].map(shift))
      expect(items.find((x) => x.id === shift(11))?.volunteerName).toBe('周师傅')
      expect(items.find((x) => x.id === shift(13))?.closure).toMatchObject({ minutes: 50 })
    })

    it('a forged cursor is refused naming cursor, in both scopes', async () => {
      await refusesForged('shifts_list', { p_scope: 'mine' }, 'party1')
      await refusesForged('shifts_list', { p_scope: 'to_confirm' }, 'staff1')
    })

    it('who sees what is unchanged: staff of B see none of A\'s, a resident may not ask, a neighbour sees only their own', async () => {
      expect((await walk<Row>('shifts_list', { p_scope: 'to_confirm' }, 'staff2', 50)).ids).not.toContain(shift(1))
      expect((await failure(t.db.rpc('shifts_list', { p_scope: 'to_confirm' }, as('resident1')))).code).toBe('auth.forbidden')
      const theirs = await walk<Row>('shifts_list', { p_scope: 'mine' }, 'talent1', 50)
      expect(theirs.ids).toContain(shift(11))
      expect(theirs.ids).not.toContain(shift(1))
    })
  })

  describe('能人库 / 报到审核 (volunteers_list)', () => {
    const reg = (n: number) => id('d5', n)
    // [n, status, kind, skill, minute]: in the order they came, ties by id
    const rows: [number, string, string, string, number][] = [
      [1, 'pending', 'talent', '维修', 0], [2, 'approved', 'talent', '理发', 0], [3, 'approved', 'party_member', '维修', 0],
      [4, 'pending', 'talent', '家电维修', 5], [5, 'approved', 'talent', '维修', 5], [6, 'rejected', 'talent', '维修', -10],
      [7, 'approved', 'party_member', '法律', 5],
    ]

    beforeAll(async () => {
      for (const [n, status, kind, skill, minute] of rows) {
        await t.sql(
          `insert into public.volunteer_registrations (id, profile_id, community_id, kind, status, source, work_unit, skills, review_reason, created_at)
           values ($1, $2, $3, $4::public.volunteer_kind, $5::public.registration_status, 'self', $6, array[$7], $8, $9)`,
          [reg(n), person(n), A, kind, status, kind === 'party_member' ? '市第一医院' : null, skill, status === 'rejected' ? '不符合条件' : null,
            new Date(Date.parse('2026-10-01T08:00:00Z') + minute * 60_000).toISOString()],
        )
      }
    })

    it('every registration once, in the order they came, ties by id; names shown', async () => {
      const { ids, items } = await walk<{ id: string; displayName: string }>('volunteers_list', {}, 'staff1', 2)
      expect(inOrder(ids, rows.map(([n]) => reg(n)))).toEqual([6, 1, 2, 3, 4, 5, 7].map(reg))
      expect(items.find((x) => x.id === reg(2))?.displayName).toBe('Hb')
      const [{ n }] = await t.sql<{ n: number }>(`select count(*)::int as n from public.volunteer_registrations where community_id = $1`, [A])
      expect(ids).toHaveLength(n)
    })

    it('status, kind and skill filters page', async () => {
      expect(inOrder((await walk<Row>('volunteers_list', { p_status: 'approved' }, 'staff1', 1)).ids, rows.map(([n]) => reg(n)))).toEqual([2, 3, 5, 7].map(reg))
      expect(inOrder((await walk<Row>('volunteers_list', { p_status: 'approved', p_kind: 'talent' }, 'staff1', 1)).ids, rows.map(([n]) => reg(n)))).toEqual([2, 5].map(reg))
      expect(inOrder((await walk<Row>('volunteers_list', { p_skill: '维修' }, 'staff1', 2)).ids, rows.map(([n]) => reg(n)))).toEqual([6, 1, 3, 4, 5].map(reg))
    })

    it('a forged cursor is refused naming cursor', async () => {
      await refusesForged('volunteers_list', {}, 'staff1')
    })

    it('who sees what is unchanged: only staff, only their community', async () => {
      expect((await failure(t.db.rpc('volunteers_list', {}, as('resident1')))).code).toBe('auth.forbidden')
      expect((await failure(t.db.rpc('volunteers_list', {}, as('party1')))).code).toBe('auth.forbidden')
      expect((await walk<Row>('volunteers_list', {}, 'staff2', 50)).ids.filter((x) => x.startsWith('d5'))).toEqual([])
    })
  })

  describe('吹哨 (whistles_list)', () => {
    const w = (n: number) => id('d6', n)
    // [n, community, status, starts in hours, closed hours ago]: open ones first by start, then those closed within the day
    const rows: [number, string, string, number, number | null][] = [
      [1, A, 'open', 3, null], [2, A, 'open', 3, null], [3, A, 'open', 1, null], [4, A, 'closed', -2, 1], [5, A, 'closed', -2, 2],
      [6, A, 'closed', -50, 40], [7, B, 'open', 3, null], [8, A, 'open', 3, null],
    ]

    beforeAll(async () => {
      for (const [n, community, status, starts, closedAgo] of rows) {
        await t.sql(
          `insert into public.whistles (id, community_id, title, place, starts_at, headcount, status, created_by, closed_at)
           values ($1, $2, $3, '社区广场', $4, 5, $5, $6, case when $7::int is null then null else now() - make_interval(hours => $7::int) end)`,
          [w(n), community, `分页吹哨${n}`, inHours(starts), status, community === A ? IDS.staff1 : IDS.staff2, closedAgo],
        )
      }
    })

    it('open ones first (soonest first), then those closed within the day; every one once, ties by id', async () => {
      const { ids } = await walk<Row>('whistles_list', {}, 'resident1', 2)
      expect(inOrder(ids, rows.map(([n]) => w(n)))).toEqual([3, 1, 2, 8, 4, 5].map(w))
    })

    it('a forged cursor is refused naming cursor', async () => {
      await refusesForged('whistles_list', {}, 'resident1')
    })

    it('who sees what is unchanged: another community sees none of A\'s, even naming A; responders for staff only', async () => {
      await t.sql(`insert into public.whistle_responses (whistle_id, profile_id) values ($1, $2)`, [w(3), IDS.party1])
      expect((await walk<Row>('whistles_list', { p_community_id: A }, 'resident3', 50)).ids).toEqual([])
      const staff = (await walk<{ id: string; responders: { displayName: string; phoneMasked: string | null }[] | null }>('whistles_list', {}, 'staff1', 3)).items
      expect(staff.find((x) => x.id === w(3))?.responders).toEqual([expect.objectContaining({ displayName: '孙先生', phoneMasked: '138****0007' })])
      const seen = (await walk<{ id: string; responders: unknown; answered: boolean }>('whistles_list', {}, 'party1', 3)).items.find((x) => x.id === w(3))
      expect(seen).toMatchObject({ responders: null, answered: true })
    })
  })

  describe('积分兑换 (rewards_list)', () => {
    const r = (n: number) => id('d7', n)
    // [n, community, status, minute, valid for hours]: newest first, ties by id (newest id first)
    const rows: [number, string, string, number, number | null][] = [
      [1, A, 'active', 0, null], [2, A, 'active', 0, null], [3, A, 'active', 0, 24], [4, A, 'archived', 5, null],
      [5, A, 'active', 5, -1], [6, A, 'active', 10, null], [7, B, 'active', 10, null],
    ]

    beforeAll(async () => {
      for (const [n, community, status, minute, validHours] of rows) {
        const created = new Date(hour0 - 100 * HOUR + minute * 60_000).toISOString()
        await t.sql(
          `insert into public.rewards (id, community_id, provider_id, title, price_beans, stock, status, created_at, valid_from, valid_until)
           values ($1, $2, $3, $4, 10, 5, $5, $6, $6, case when $7::int is null then null else now() + make_interval(hours => $7::int) end)`,
          [r(n), community, community === A ? IDS.unit1 : IDS.staff2, `分页兑换${n}`, status, created, validHours],
        )
      }
    })

    it('every active reward still valid once, newest first, ties by id; the provider named', async () => {
      const { ids, items } = await walk<{ id: string; providerName: string }>('rewards_list', {}, 'resident1', 2)
      expect(inOrder(ids, rows.map(([n]) => r(n)))).toEqual([6, 3, 2, 1].map(r))
      expect(items.find((x) => x.id === r(1))?.providerName).toBe('红星物业')
    })

    it('a forged cursor is refused naming cursor', async () => {
      await refusesForged('rewards_list', {}, 'resident1')
    })

    it('who sees what is unchanged: another community sees none of A\'s, even naming A', async () => {
      expect((await walk<Row>('rewards_list', { p_community_id: A }, 'resident3', 50)).ids).toEqual([])
      expect((await walk<Row>('rewards_list', {}, 'resident3', 50)).ids).toContain(r(7))
    })
  })

  describe('我的兑换, 我的金豆 and 光荣榜 (redemptions_mine, beans_me, honour_roll)', () => {
    let reward: string
    const made: { id: string; code: string }[] = []

    beforeAll(async () => {
      await t.sql(`update public.bean_rules set manual_daily_cap = 100000 where community_id = $1`, [A])
      const award = (to: string, amount: number, key: string) =>
        t.db.rpc('beans_award', { p_profile_id: to, p_amount: amount, p_reason: '分页测试奖励', p_key: key }, as('staff1'))
      await award(IDS.resident2, 100, 'vbl-r2')
      reward = (await t.db.rpc<{ id: string }>('reward_create', { p_title: '分页理发', p_price_beans: 3, p_stock: 50 }, as('unit1'))).id
      for (let i = 0; i < 6; i++) {
        made.push(await t.db.rpc<{ id: string; code: string }>('reward_redeem', { p_reward_id: reward, p_key: `vbl-redeem-${i}` }, as('resident2')))
      }
      // four made at the same moment: the page boundaries fall inside the tie
      await t.sql(`update public.redemptions set created_at = '2026-11-01T08:00:00Z' where id = any($1::uuid[])`, [made.slice(1, 5).map((x) => x.id)])
      await t.sql(`update public.redemptions set created_at = '2026-10-01T08:00:00Z' where id = $1`, [made[5].id])
      await t.sql(`update public.redemptions set created_at = '2026-12-01T08:00:00Z' where id = $1`, [made[0].id])
      // the honour roll: [person, beans] (H1..H5 opted in; ties on beans ordered by name)
      for (const [n, beans] of [[1, 30], [2, 50], [3, 30], [4, 30], [5, 10], [6, 50]] as const) await award(person(n), beans, `vbl-honour-${n}`)
      await t.sql(`update public.profiles set honour_opt_in = false where id = $1`, [person(6)])
    })

    it('我的兑换: mine once, newest first, ties by id (newest id first), each with its code', async () => {
      const { items } = await walk<{ id: string; code: string | null }>('redemptions_mine', {}, 'resident2', 2)
      const tied = made.slice(1, 5).map((x) => x.id).sort().reverse()
      expect(inOrder(items.map((x) => x.id), made.map((x) => x.id))).toEqual([made[0].id, ...tied, made[5].id])
      for (const m of made) expect(items.find((x) => x.id === m.id)?.code).toBe(m.code)
      await refusesForged('redemptions_mine', {}, 'resident2')
      // nobody else sees them, the provider neither
      expect((await walk<Row>('redemptions_mine', {}, 'unit1', 50)).ids.filter((x) => made.some((m) => m.id === x))).toEqual([])
    })

    it('我的金豆: every movement of mine once, newest first; the balance on every page', async () => {
      const [{ balance }] = await t.sql<{ balance: number }>(`select balance::int from public.bean_accounts where profile_id = $1 and kind = 'person'`, [IDS.resident2])
      const pages: Page<{ id: number }>[] = []
      let cursor: string | null = null
      do {
        const page: Page<{ id: number }> & { balance: number } = await t.db.rpc('beans_me', { p_cursor: cursor, p_limit: 2 }, as('resident2'))
        expect(page.balance).toBe(balance)
        expect(page.items.length).toBeLessThanOrEqual(2)
        pages.push(page)
        cursor = page.nextCursor
      } while (cursor)
      const ids = pages.flatMap((p) => p.items.map((x) => x.id))
      const expected = await t.sql<{ id: string }>(
        `select m.id::text as id from public.bean_movements m join public.bean_accounts a on a.id = m.account_id
         where a.profile_id = $1 and a.kind = 'person' order by m.id desc`, [IDS.resident2])
      expect(ids).toEqual(expected.map((x) => Number(x.id)))
      // one number is a position in the ledger like any other: a cursor that is not one is refused
      await refusesForged('beans_me', {}, 'resident2', [...FORGED.filter((x) => x !== b64([1])), b64(['x']), b64([1.5])])
    })

    it('光荣榜: the opted-in members by beans this month, most first, ties by name; every one once', async () => {
      const month = new Date().toISOString().slice(0, 7) + '-01'
      const { items } = await walk<{ displayName: string; beans: number }>('honour_roll', { p_community_id: A, p_month: month }, 'resident1', 2, (x) => x.displayName)
      const mine = items.filter((x) => /^H[a-l]$/.test(x.displayName))
      expect(mine).toEqual([{ displayName: 'Hb', beans: 50 }, { displayName: 'Ha', beans: 30 }, { displayName: 'Hc', beans: 30 }, { displayName: 'Hd', beans: 30 }, { displayName: 'He', beans: 10 }])
      for (let i = 1; i < items.length; i++) expect(items[i].beans).toBeLessThanOrEqual(items[i - 1].beans)
      await refusesForged('honour_roll', { p_community_id: A, p_month: month }, 'resident1')
      // members of another community see nothing of A's
      expect((await walk<Row>('honour_roll', { p_community_id: A, p_month: month }, 'resident3', 50, (x) => JSON.stringify(x))).items).toEqual([])
    })
  })
})
