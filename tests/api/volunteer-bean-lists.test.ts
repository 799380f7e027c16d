import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ZBeansMeResponse, ZHonourRollResponse, ZListRedemptionsResponse, ZListRewardsResponse } from '../../core/contracts/beans'
import { ZListPostsResponse, ZListShiftsResponse, ZListVolunteersResponse, ZListWhistlesResponse } from '../../core/contracts/volunteers'
import { IDS } from '../helpers/db'
import { startTestApi, walkPages, type TestApi } from '../helpers/api'

/**
 * Keyset paging over HTTP for the volunteer and bean lists (issue 14): `limit` 1..50 (default 20), an opaque
 * `nextCursor` followed to the end gives every row once, a forged cursor or a bad limit is a 400 naming the field,
 * and who may read each list is unchanged.
 */
type Parsed = { items: unknown[]; nextCursor: string | null }

describe('paged volunteer and bean lists over HTTP', () => {
  let api: TestApi
  const t: Record<string, string> = {}
  const A = IDS.communityA
  const N = 23
  const month = new Date().toISOString().slice(0, 7)

  beforeAll(async () => {
    api = await startTestApi('vb_lists_api')
    for (const h of ['resident1', 'resident2', 'resident3', 'staff1', 'staff2', 'party1', 'unit1']) t[h] = await api.login(h)
    // N people of A, opted in to the honour roll, each registered as a talent; several share a minute
    await api.sql(`insert into public.profiles (id, display_name, community_id, honour_opt_in)
      select ('e1000000-0000-4000-8000-' || lpad(g::text, 12, '0'))::uuid, '分页居民' || g, $1, true from generate_series(1, ${N}) g`, [A])
    await api.sql(`insert into public.volunteer_registrations (profile_id, community_id, kind, status, skills, created_at)
      select ('e1000000-0000-4000-8000-' || lpad(g::text, 12, '0'))::uuid, $1, 'talent', 'pending', '{维修}',
        '2026-10-01T00:00:00Z'::timestamptz + (g / 4) * interval '1 minute' from generate_series(1, ${N}) g`, [A])
    // N posts of A with a slot to come (ties of four), party1 in one slot of each, half of them checked out
    await api.sql(`insert into public.service_posts (id, community_id, title, category, lat, lng, radius_m, bean_rate_per_hour, created_by)
      select ('e2000000-0000-4000-8000-' || lpad(g::text, 12, '0'))::uuid, $1, '分页岗位' || g, 'environment', 32.04, 118.78, 200, 10, $2
      from generate_series(1, ${N}) g`, [A, IDS.staff1])
    await api.sql(`insert into public.post_slots (id, post_id, starts_at, ends_at, capacity, claimed)
      select ('e3000000-0000-4000-8000-' || lpad(g::text, 12, '0'))::uuid, ('e2000000-0000-4000-8000-' || lpad(g::text, 12, '0'))::uuid,
        date_trunc('hour', now()) + (1 + g / 4) * interval '1 day', date_trunc('hour', now()) + (1 + g / 4) * interval '1 day' + interval '2 hours', 5, 1
      from generate_series(1, ${N}) g`)
    await api.sql(`insert into public.shifts (slot_id, post_id, profile_id, status, check_in_at, check_out_at)
      select ('e3000000-0000-4000-8000-' || lpad(g::text, 12, '0'))::uuid, ('e2000000-0000-4000-8000-' || lpad(g::text, 12, '0'))::uuid, $1,
        'checked_out', now() - interval '3 hours', date_trunc('minute', now()) - (g / 4) * interval '1 minute'
      from generate_series(1, ${N}) g`, [IDS.party1])
    await api.sql(`insert into public.whistles (community_id, title, place, starts_at, headcount, created_by)
      select $1, '分页吹哨' || g, '社区广场', date_trunc('hour', now()) + (g / 4) * interval '1 hour', 5, $2 from generate_series(1, ${N}) g`, [A, IDS.staff1])
    await api.sql(`insert into public.rewards (community_id, provider_id, title, price_beans, stock, created_at, valid_from)
      select $1, $2, '分页兑换' || g, 1, 100, now() - (g / 4) * interval '1 minute', now() - interval '1 day' from generate_series(1, ${N}) g`, [A, IDS.unit1])
    // beans: awards to the N people and to resident2, who redeems N times
    await api.sql(`update public.bean_rules set manual_daily_cap = 100000 where community_id = $1`, [A])
    for (let g = 1; g <= N; g++) {
      const r = await api.call('POST', '/api/beans/award', { token: t.staff1, body: { profileId: `e1000000-0000-4000-8000-${String(g).padStart(12, '0')}`, amount: 10 + (g % 3), reason: '分页测试奖励' } })
      expect(r.status).toBe(201)
    }
    expect((await api.call('POST', '/api/beans/award', { token: t.staff1, body: { profileId: IDS.resident2, amount: 100, reason: '分页测试奖励' } })).status).toBe(201)
    const reward = await api.call('POST', '/api/rewards', { token: t.unit1, body: { title: '分页理发', priceBeans: 1, stock: 100 } })
    for (let g = 1; g <= N; g++) {
      const r = await api.call('POST', `/api/rewards/${reward.body.id}/redeem`, { token: t.resident2, headers: { 'Idempotency-Key': `vb-lists-${g}` } })
      expect(r.status, JSON.stringify(r.body)).toBe(201)
    }
  })
  afterAll(async () => {
    await api?.close()
  })

  const byId = (x: { id: string | number }) => x.id
  const lists: [string, string, (b: unknown) => Parsed, (x: never) => string | number][] = [
    [`/api/posts?communityId=${A}`, 'party1', (b) => ZListPostsResponse.parse(b), byId],
    ['/api/shifts?scope=mine', 'party1', (b) => ZListShiftsResponse.parse(b), byId],
    ['/api/shifts?scope=to_confirm', 'staff1', (b) => ZListShiftsResponse.parse(b), byId],
    ['/api/volunteers?status=pending', 'staff1', (b) => ZListVolunteersResponse.parse(b), byId],
    [`/api/whistles?communityId=${A}`, 'party1', (b) => ZListWhistlesResponse.parse(b), byId],
    [`/api/rewards?communityId=${A}`, 'resident1', (b) => ZListRewardsResponse.parse(b), byId],
    ['/api/redemptions', 'resident2', (b) => ZListRedemptionsResponse.parse(b), byId],
    ['/api/beans/me', 'resident2', (b) => { const p = ZBeansMeResponse.parse(b); return { items: p.movements, nextCursor: p.nextCursor } }, byId],
    [`/api/beans/honour-roll?communityId=${A}&month=${month}`, 'resident1', (b) => ZHonourRollResponse.parse(b), (x: { displayName: string }) => x.displayName],
  ]

  it.each(lists)('%s: pages of 4 and of 50 give the same rows once each, in the same order', async (path, who, parse, key) => {
    const small = await walkPages(api, path, t[who], 4, parse, key)
    const big = await walkPages(api, path, t[who], 50, parse, key)
    expect(small.ids).toEqual(big.ids)
    expect(big.ids.length).toBeGreaterThanOrEqual(N)
    expect(small.pages).toBeGreaterThanOrEqual(6)
  })

  it.each(lists)('%s: the default page is 20; limit over 50, under 1 or not a number, and a forged cursor, are 400 naming the field', async (path, who, parse) => {
    const sep = path.includes('?') ? '&' : '?'
    const def = await api.call('GET', path, { token: t[who] })
    expect(def.status).toBe(200)
    const page = parse(def.body)
    expect(page.items).toHaveLength(20)
    expect(page.nextCursor).toEqual(expect.any(String))
    for (const [q, field] of [['limit=51', 'limit'], ['limit=0', 'limit'], ['limit=abc', 'limit'], ['cursor=not!base64', 'cursor']] as const) {
      const r = await api.call('GET', `${path}${sep}${q}`, { token: t[who] })
      expect([r.status, r.body.error?.field], `${path} ${q}`).toEqual([400, field])
    }
    // well-formed base64url, wrong inside: still 400 naming cursor, never a 500
    for (const forged of [Buffer.from('[1,2,3,4,5]').toString('base64url'), Buffer.from('{"a":1}').toString('base64url'), Buffer.from('["x"]').toString('base64url'), 'AAAA']) {
      const r = await api.call('GET', `${path}${sep}cursor=${forged}`, { token: t[who] })
      expect([r.status, r.body.error?.field], `${path} ${forged}`).toEqual([400, 'cursor'])
    }
  })

  it('permissions unchanged: staff-only lists refuse others; another community\'s lists hold nothing of A', async () => {
    expect((await api.call('GET', '/api/shifts?scope=to_confirm', { token: t.resident1 })).status).toBe(403)
    expect((await api.call('GET', '/api/volunteers', { token: t.resident1 })).status).toBe(403)
    expect((await api.call('GET', '/api/volunteers', { token: t.party1 })).status).toBe(403)
    expect(ZListShiftsResponse.parse((await api.call('GET', '/api/shifts?scope=to_confirm&limit=50', { token: t.staff2 })).body).items
      .filter((s) => s.profileId === IDS.party1)).toEqual([])
    for (const path of [`/api/posts?communityId=${A}`, `/api/whistles?communityId=${A}`, `/api/rewards?communityId=${A}`, `/api/beans/honour-roll?communityId=${A}&month=${month}`]) {
      const r = await api.call('GET', path, { token: t.resident3 })
      expect([r.status, r.body], path).toEqual([200, { items: [], nextCursor: null }])
    }
    // my redemptions and my beans are mine: another person's first page holds none of resident2's
    const theirs = ZListRedemptionsResponse.parse((await api.call('GET', '/api/redemptions?limit=50', { token: t.unit1 })).body)
    expect(theirs.items.filter((x) => x.profileId === IDS.resident2)).toEqual([])
    for (const path of ['/api/posts', '/api/shifts', '/api/volunteers', '/api/whistles', '/api/rewards', '/api/redemptions', '/api/beans/me']) {
      expect((await api.call('GET', path)).status, path).toBe(401)
    }
  })
})
