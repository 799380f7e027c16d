import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ZListAnnouncementsResponse } from '../../core/contracts/announcements'
import { ZListMeetingsResponse, ZListTopicsResponse } from '../../core/contracts/deliberation'
import { ZListNotificationsResponse } from '../../core/contracts/inbox'
import { ZListProposalsResponse, ZListResourcesResponse, ZListServicesResponse } from '../../core/contracts/services'
import { IDS } from '../helpers/db'
import { startTestApi, walkPages, type TestApi } from '../helpers/api'

/**
 * Keyset paging over HTTP for the deliberation, services and information lists (issue 14): `limit` 1..50 (default 20),
 * an opaque `nextCursor` followed to the end gives every row once, a forged cursor or a bad limit is a 400 naming the
 * field, and who may read each list is unchanged.
 */
describe('paged deliberation, services and information lists over HTTP', () => {
  let api: TestApi
  const t: Record<string, string> = {}
  const A = IDS.communityA

  beforeAll(async () => {
    api = await startTestApi('more_lists_api')
    for (const h of ['resident1', 'resident2', 'resident3', 'staff1', 'staff2', 'unit1']) t[h] = await api.login(h)
    // 45 topics, 45 meetings, 45 open proposals, 45 notices and 45 inbox items in A, some sharing a minute
    await api.sql(`insert into public.topics (community_id, title, proposer_id, threshold, cosign_count, created_at)
      select $1, '分页议题' || g, $2, 10, g % 3, '2026-11-01T00:00:00Z'::timestamptz + (g / 5) * interval '1 minute'
      from generate_series(1, 45) g`, [A, IDS.resident1])
    await api.sql(`insert into public.meetings (community_id, title, form, starts_at, ends_at, place, capacity, check_in_code, created_by)
      select $1, '分页议事会' || g, 'online', '2026-11-01T00:00:00Z'::timestamptz + (g / 4) * interval '1 day',
        '2026-11-01T02:00:00Z'::timestamptz + (g / 4) * interval '1 day', '线上会议', 10, '654321', $2
      from generate_series(1, 45) g`, [A, IDS.staff1])
    const [run] = await api.sql<{ id: string }>(`insert into public.match_runs (community_id, run_by, stats) values ($1, $2, '{}') returning id`, [A, IDS.staff1])
    const [res] = await api.sql<{ id: string }>(`insert into public.resources (community_id, publisher_id, title, kind, categories, capacity, contact_name, contact_phone)
      values ($1, $2, '分页资源', 'social', '{other}', 5, '联系人', '13900000000') returning id`, [A, IDS.unit1])
    await api.sql(`with n as (
        insert into public.needs (community_id, title, description, category, created_by, submitted_by)
        select $1, '分页需求' || g, '用来检查匹配建议的分页。', 'other', $2, $2 from generate_series(1, 45) g returning id)
      insert into public.match_proposals (run_id, community_id, need_id, resource_id, score, reasons)
      select $3, $1, n.id, $4, (row_number() over (order by n.id))::int % 4 * 1000, array['类别相符'] from n`, [A, IDS.resident1, run.id, res.id])
    await api.sql(`insert into public.announcements (scope, street_id, community_id, title, body, pinned, author_id, created_at)
      select 'community', $1, $2, '分页通知' || g, '正文', g % 10 = 0, $3, '2026-11-01T00:00:00Z'::timestamptz + (g / 3) * interval '1 minute'
      from generate_series(1, 45) g`, [IDS.street, A, IDS.staff1])
    await api.sql(`insert into public.notifications (profile_id, kind, payload, status)
      select $1, 'need.status', '{}'::jsonb, 'sent' from generate_series(1, 45) g`, [IDS.resident2])
  })
  afterAll(async () => {
    await api?.close()
  })

  const lists: [string, string, (b: unknown) => { items: { id: string | number }[]; nextCursor: string | null }][] = [
    ['/api/topics', 'resident2', (b) => ZListTopicsResponse.parse(b)],
    ['/api/meetings', 'resident2', (b) => ZListMeetingsResponse.parse(b)],
    [`/api/matching/proposals?communityId=${A}`, 'staff1', (b) => ZListProposalsResponse.parse(b)],
    [`/api/announcements?communityId=${A}`, 'resident2', (b) => ZListAnnouncementsResponse.parse(b)],
    ['/api/notifications', 'resident2', (b) => ZListNotificationsResponse.parse(b)],
    ['/api/resources', 'resident1', (b) => ZListResourcesResponse.parse(b)],
    ['/api/services', 'resident1', (b) => ZListServicesResponse.parse(b)],
  ]

  it.each(lists)('%s: pages of 7 and of 50 give the same rows once each, in the same order', async (path, who, parse) => {
    const small = await walkPages(api, path, t[who], 7, parse)
    const big = await walkPages(api, path, t[who], 50, parse)
    expect(small.ids).toEqual(big.ids)
    if (!path.startsWith('/api/resources') && !path.startsWith('/api/services')) {
      expect(big.ids.length).toBeGreaterThanOrEqual(45)
      expect(small.pages).toBeGreaterThanOrEqual(7)
    }
  })

  it.each(lists)('%s: the default page is 20; limit over 50, under 1 or not a number, and a forged cursor, are 400 naming the field', async (path, who) => {
    const sep = path.includes('?') ? '&' : '?'
    const def = await api.call('GET', path, { token: t[who] })
    expect(def.status).toBe(200)
    expect(def.body.items.length).toBeLessThanOrEqual(20)
    for (const [q, field] of [['limit=51', 'limit'], ['limit=0', 'limit'], ['limit=abc', 'limit'], ['cursor=not!base64', 'cursor']] as const) {
      const r = await api.call('GET', `${path}${sep}${q}`, { token: t[who] })
      expect([r.status, r.body.error?.field], `${path} ${q}`).toEqual([400, field])
    }
    // well-formed base64url, wrong inside: still 400 naming cursor, never a 500
    for (const forged of [Buffer.from('[1,2,3,4,5]').toString('base64url'), Buffer.from('{"a":1}').toString('base64url'), 'AAAA']) {
      const r = await api.call('GET', `${path}${sep}cursor=${forged}`, { token: t[who] })
      expect([r.status, r.body.error?.field], `${path} ${forged}`).toEqual([400, 'cursor'])
    }
  })

  it('permissions unchanged: proposals for staff of the community only; another community\'s lists hold nothing of A', async () => {
    for (const who of ['resident1', 'unit1', 'staff2']) {
      expect((await api.call('GET', `/api/matching/proposals?communityId=${A}`, { token: t[who] })).status, who).toBe(403)
    }
    const topicsB = ZListTopicsResponse.parse((await api.call('GET', `/api/topics?communityId=${A}`, { token: t.resident3 })).body)
    expect(topicsB.items).toEqual([])
    const meetingsB = ZListMeetingsResponse.parse((await api.call('GET', `/api/meetings?communityId=${A}`, { token: t.resident3 })).body)
    expect(meetingsB).toEqual({ items: [], nextCursor: null })
    expect((await api.call('GET', `/api/announcements?communityId=${A}`, { token: t.resident3 })).status).toBe(403)
    // residents never see the check-in code; staff do
    const resident = ZListMeetingsResponse.parse((await api.call('GET', '/api/meetings?limit=50', { token: t.resident1 })).body)
    expect(resident.items.every((m) => m.checkInCode === null)).toBe(true)
    const staff = ZListMeetingsResponse.parse((await api.call('GET', '/api/meetings?limit=50', { token: t.staff1 })).body)
    expect(staff.items.every((m) => m.checkInCode === '654321')).toBe(true)
    for (const path of ['/api/topics', '/api/meetings', '/api/notifications']) {
      expect((await api.call('GET', path)).status, path).toBe(401)
    }
  })
})
