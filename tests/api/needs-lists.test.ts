import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ZListClaimableResponse } from '../../core/contracts/services'
import { ZListMyNeedsFullResponse, ZListNeedsFullResponse, ZSimilarNeedsResponse } from '../../core/contracts/needs'
import { encodeCursor } from '../../core/pagination'
import { IDS } from '../helpers/db'
import { startTestApi, type TestApi } from '../helpers/api'

// Issue 14 item 2 over HTTP: every needs list answers `{ items, nextCursor }`, at most 50 a page, and follows its
// cursor to the end without repeating or skipping a row; a cursor it did not hand out is a 400 naming `cursor`.

const nid = (n: number) => `74000000-0000-4000-8000-${String(n).padStart(12, '0')}`
const CHENGGUAN = 'd1000000-0000-4000-8000-000000000001'
const BASE = Date.parse('2026-10-01T08:00:00Z')

describe('needs lists over HTTP: keyset pages', () => {
  let api: TestApi
  const t: Record<string, string> = {}
  let resource = ''

  beforeAll(async () => {
    api = await startTestApi('needslistsapi')
    for (const h of ['resident1', 'resident2', 'resident3', 'staff1', 'grid1', 'unit1', 'admin1', 'dept1']) t[h] = await api.login(h)
    // 9 needs of resident1 in A's micro-grid A1, three to a created_at (so page boundaries fall inside ties):
    // triaged repair needs (claimable by unit1), a public one routed to 城管科, lamp titles (similar)
    for (let n = 1; n <= 9; n++) {
      const minute = Math.floor((n - 1) / 3) * 10
      await api.sql(
        `insert into public.needs (id, community_id, micro_grid_id, title, description, category, status, created_by, submitted_by,
           track, severity, department, department_id, due_at, due_goal, created_at, updated_at)
         values ($1, $2, $3, $4, '用来检查需求清单分页的需求。', 'facility_repair', 'triaged', $5, $5, $6::public.need_track, 'general',
           case when $6 = 'public' then '城管' end, case when $6 = 'public' then $7::uuid end,
           now() - interval '1 hour', 'resolve', $8, $8)`,
        [nid(n), IDS.communityA, IDS.microA1, `${n}号楼楼道灯不亮了`, IDS.resident1, n % 3 === 0 ? 'public' : 'private', CHENGGUAN,
          new Date(BASE + minute * 60_000).toISOString()],
      )
    }
    const [r] = await api.sql<{ id: string }>(
      `insert into public.resources (community_id, publisher_id, title, kind, categories, capacity, contact_name, contact_phone)
       values ($1, $2, '上门维修', 'social', '{facility_repair}', 5, '联系人', '13900000000') returning id`, [IDS.communityA, IDS.unit1])
    resource = r.id
  })
  afterAll(async () => {
    await api?.close()
  })

  /** Follows `path` (which already has a query) page by page; returns every id in order and the pages. */
  async function follow(path: string, token: string) {
    const ids: string[] = []
    const pages: unknown[][] = []
    let cursor: string | null = null
    for (let guard = 0; guard < 60; guard++) {
      const r = await api.call('GET', `${path}${cursor ? `&cursor=${cursor}` : ''}`, { token })
      expect(r.status, JSON.stringify(r.body)).toBe(200)
      expect(Object.keys(r.body).sort()).toEqual(['items', 'nextCursor'])
      pages.push(r.body.items)
      ids.push(...r.body.items.map((x: { id: string }) => x.id))
      cursor = r.body.nextCursor
      if (!cursor) break
    }
    expect(new Set(ids).size, path).toBe(ids.length)
    return { ids, pages }
  }
  const ours = (ids: string[]) => ids.filter((id) => id.startsWith('74000000'))
  const newest = [9, 8, 7, 6, 5, 4, 3, 2, 1].map(nid)

  it('the staff queue, the overdue queue and the grid worker’s queue page to the end, with filters', async () => {
    expect(ours((await follow('/api/needs?limit=2', t.staff1)).ids)).toEqual(newest)
    expect(ours((await follow('/api/needs?limit=4&order=oldest', t.staff1)).ids)).toEqual([...newest].reverse())
    expect(ours((await follow('/api/needs?limit=2&overdue=true&order=oldest', t.staff1)).ids)).toEqual([...newest].reverse())
    expect(ours((await follow('/api/needs?limit=3&track=public', t.staff1)).ids)).toEqual([9, 6, 3].map(nid))
    expect(ours((await follow(`/api/needs?limit=2&gridId=${IDS.gridA1}&status=triaged`, t.grid1)).ids)).toEqual(newest)
    const first = await api.call('GET', '/api/needs?limit=2', { token: t.staff1 })
    ZListNeedsFullResponse.parse(first.body)
    expect(first.body.items).toHaveLength(2)
    expect(typeof first.body.nextCursor).toBe('string')
  })

  it('the street and department queues page to the end', async () => {
    expect(ours((await follow('/api/needs?scope=street&limit=1', t.admin1)).ids)).toEqual([9, 6, 3].map(nid))
    expect(ours((await follow('/api/needs?scope=department&limit=2', t.dept1)).ids)).toEqual([9, 6, 3].map(nid))
    expect((await api.call('GET', '/api/needs?scope=street', { token: t.staff1 })).status).toBe(403)
    expect((await api.call('GET', '/api/needs?scope=department', { token: t.admin1 })).status).toBe(403)
  })

  it('我的需求 pages the caller’s own needs, newest first', async () => {
    const { ids, pages } = await follow('/api/needs/mine?limit=2', t.resident1)
    expect(ours(ids)).toEqual(newest)
    expect(pages[0]).toHaveLength(2)
    const r = await api.call('GET', '/api/needs/mine', { token: t.resident2 })
    expect(ZListMyNeedsFullResponse.parse(r.body).items.map((n) => n.id).filter((id) => id.startsWith('74000000'))).toEqual([])
  })

  it('相似需求 pages by similarity; its cursor is its own', async () => {
    const path = `/api/needs/similar?microGridId=${IDS.microA1}&title=${encodeURIComponent('楼道灯不亮了')}`
    const all = await api.call('GET', `${path}&limit=50`, { token: t.resident2 })
    expect(all.status).toBe(200)
    const whole = ZSimilarNeedsResponse.parse(all.body)
    expect(whole.nextCursor).toBeNull()
    expect(ours(whole.items.map((s) => s.id)).sort()).toEqual([...newest].sort())
    expect((await follow(`${path}&limit=2`, t.resident2)).ids).toEqual(whole.items.map((s) => s.id))
    // a needs cursor is not a 相似需求 cursor
    const other = encodeCursor({ createdAt: '2026-10-01T08:00:00.000000Z', id: nid(1) })
    const r = await api.call('GET', `${path}&cursor=${other}`, { token: t.resident2 })
    expect([r.status, r.body.error?.field]).toEqual([400, 'cursor'])
    expect((await api.call('GET', `/api/needs/similar?microGridId=${IDS.microA1}&title=${encodeURIComponent('楼道灯')}`, { token: t.resident3 })).status).toBe(400)
  })

  it('认领需求 pages oldest first; what it shows is unchanged (the unit’s resource on each)', async () => {
    const { ids, pages } = await follow('/api/needs/claimable?limit=2', t.unit1)
    expect(ours(ids)).toEqual([...newest].reverse())
    for (const page of pages) for (const item of ZListClaimableResponse.shape.items.parse(page)) expect(item.resourceIds).toEqual([resource])
    const none = await api.call('GET', '/api/needs/claimable', { token: t.resident1 })
    expect(none.body).toEqual({ items: [], nextCursor: null })
  })

  it('a forged cursor is a 400 naming cursor on every needs list; a page over 50 is a 400 naming limit', async () => {
    const paths = ['/api/needs?x=1', '/api/needs?scope=street', '/api/needs?scope=department', '/api/needs?overdue=true',
      '/api/needs/mine?x=1', '/api/needs/claimable?x=1', `/api/needs/similar?microGridId=${IDS.microA1}&title=${encodeURIComponent('楼道灯')}`]
    const who = (p: string) => (p.includes('street') ? t.admin1 : p.includes('department') ? t.dept1 : p.includes('claimable') ? t.unit1 : p.includes('mine') || p.includes('similar') ? t.resident1 : t.staff1)
    const forged = [
      'bm90LWEtY3Vyc29y', // base64url of "not-a-cursor"
      Buffer.from('2026-02-30T00:00:00Z|' + nid(1)).toString('base64url'),
      Buffer.from('0000-01-01T00:00:00Z|' + nid(1)).toString('base64url'),
      'a%20b',
      'x'.repeat(201),
    ]
    for (const p of paths) {
      for (const c of forged) {
        const r = await api.call('GET', `${p}&cursor=${c}`, { token: who(p) })
        expect([r.status, r.body.error?.field], `${p} ${c}`).toEqual([400, 'cursor'])
      }
      for (const limit of ['51', '0', 'x']) {
        const r = await api.call('GET', `${p}&limit=${limit}`, { token: who(p) })
        expect([r.status, r.body.error?.field], `${p} limit=${limit}`).toEqual([400, 'limit'])
      }
      const ok = await api.call('GET', `${p}&limit=50`, { token: who(p) })
      expect(ok.status, p).toBe(200)
    }
  })

  it('who may read the queues is unchanged: a resident is refused the staff queue, and nobody reads without a token', async () => {
    expect((await api.call('GET', '/api/needs', { token: t.resident1 })).status).toBe(403)
    for (const p of ['/api/needs', '/api/needs/mine', '/api/needs/claimable']) expect((await api.call('GET', p)).status, p).toBe(401)
  })
})
