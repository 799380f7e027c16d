import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ZListMyNeedsResponse, ZListNeedsResponse, ZNeed } from '../../core/contracts/needs'
import { IDS } from '../helpers/db'
import { startTestApi, type TestApi } from '../helpers/api'

const valid = { title: '楼道灯坏了', description: '3单元楼道灯坏了一周，晚上老人上下楼很危险。', category: 'facility_repair' }

describe('needs endpoints over HTTP', () => {
  let api: TestApi
  const t: Record<string, string> = {}
  beforeAll(async () => {
    api = await startTestApi('needs')
    for (const h of ['resident1', 'resident2', 'resident3', 'staff1', 'staff2', 'grid1', 'admin1']) t[h] = await api.login(h)
  })
  afterAll(async () => {
    await api?.close()
  })

  it('POST /api/needs → 201 with the need; it then shows in 我的需求', async () => {
    const r = await api.call('POST', '/api/needs', { token: t.resident1, body: { ...valid, microGridId: IDS.microA2 } })
    expect(r.status).toBe(201)
    const need = ZNeed.parse(r.body)
    expect(need).toMatchObject({ title: valid.title, status: 'submitted', createdBy: IDS.resident1, microGridId: IDS.microA2 })
    const mine = await api.call('GET', '/api/needs/mine', { token: t.resident1 })
    expect(mine.status).toBe(200)
    expect(ZListMyNeedsResponse.parse(mine.body).items[0].id).toBe(need.id)
  })

  it('trims surrounding spaces before storing', async () => {
    const r = await api.call('POST', '/api/needs', { token: t.resident1, body: { ...valid, title: '   小区路灯不亮   ' } })
    expect(r.status).toBe(201)
    expect(r.body.title).toBe('小区路灯不亮')
  })

  it.each([
    [{ ...valid, title: '灯' }, 'title'],
    [{ ...valid, title: undefined }, 'title'],
    [{ ...valid, title: 'x'.repeat(41) }, 'title'],
    [{ ...valid, description: '太短' }, 'description'],
    [{ ...valid, category: 'spaceship' }, 'category'],
    [{ ...valid, category: undefined }, 'category'],
    [{ ...valid, microGridId: 'not-a-uuid' }, 'microGridId'],
    [{ ...valid, title: 42 }, 'title'],
  ])('malformed input %j → 400 naming %s with a Chinese message', async (body, field) => {
    const r = await api.call('POST', '/api/needs', { token: t.resident1, body })
    expect(r.status).toBe(400)
    expect(r.body.error.field).toBe(field)
    expect(r.body.error.message).toMatch(/[\u4e00-\u9fa5]/)
  })

  it('a micro-grid of another community → 400 naming microGridId', async () => {
    const r = await api.call('POST', '/api/needs', { token: t.resident1, body: { ...valid, microGridId: IDS.microB1 } })
    expect(r.status).toBe(400)
    expect(r.body.error).toMatchObject({ code: 'need.micro_grid_invalid', field: 'microGridId' })
  })

  it('invalid JSON → 400; an array body → 400', async () => {
    expect((await api.call('POST', '/api/needs', { token: t.resident1, raw: '{"title":' })).body.error.code).toBe('request.invalid_json')
    expect((await api.call('POST', '/api/needs', { token: t.resident1, raw: '[1,2]' })).status).toBe(400)
  })

  it('no token → 401 on every needs endpoint', async () => {
    for (const [m, p] of [['POST', '/api/needs'], ['GET', '/api/needs'], ['GET', '/api/needs/mine'], ['GET', `/api/needs/${IDS.resident1}`]]) {
      const r = await api.call(m, p, { body: m === 'POST' ? valid : undefined })
      expect(r.status, `${m} ${p}`).toBe(401)
      expect(r.body.error.code).toBe('auth.required')
    }
  })

  it('GET /api/needs/{id}: owner 200, another resident 404, staff of the community 200, staff of another community 404', async () => {
    const created = await api.call('POST', '/api/needs', { token: t.resident2, body: valid })
    const id = created.body.id
    expect((await api.call('GET', `/api/needs/${id}`, { token: t.resident2 })).status).toBe(200)
    const other = await api.call('GET', `/api/needs/${id}`, { token: t.resident1 })
    expect(other.status).toBe(404)
    expect(other.body.error.message).toBe('没有找到这条需求')
    expect((await api.call('GET', `/api/needs/${id}`, { token: t.staff1 })).status).toBe(200)
    expect((await api.call('GET', `/api/needs/${id}`, { token: t.staff2 })).status).toBe(404)
    expect((await api.call('GET', `/api/needs/${id}`, { token: t.resident3 })).status).toBe(404)
  })

  it('GET /api/needs/{id} with a malformed id → 400 naming id; an unknown id → 404', async () => {
    const bad = await api.call('GET', '/api/needs/123', { token: t.resident1 })
    expect(bad.status).toBe(400)
    expect(bad.body.error.field).toBe('id')
    expect((await api.call('GET', `/api/needs/${IDS.communityA}`, { token: t.resident1 })).status).toBe(404)
  })

  it('GET /api/needs (staff list): resident 403, staff 200 with only their community, grid worker only their grid', async () => {
    await api.call('POST', '/api/needs', { token: t.resident3, body: { ...valid, title: 'B社区的需求' } })
    const denied = await api.call('GET', '/api/needs', { token: t.resident1 })
    expect(denied.status).toBe(403)
    expect(denied.body.error.message).toMatch(/权限/)
    const grid = await api.call('GET', '/api/needs', { token: t.grid1 })
    expect(grid.status).toBe(200)
    expect(grid.body.items.every((n: { microGridId: string }) => ([IDS.microA1, IDS.microA2] as string[]).includes(n.microGridId))).toBe(true)
    const a = ZListNeedsResponse.parse((await api.call('GET', '/api/needs', { token: t.staff1 })).body)
    expect(a.items.length).toBeGreaterThan(0)
    expect(a.items.every((n) => n.communityId === IDS.communityA)).toBe(true)
    const b = ZListNeedsResponse.parse((await api.call('GET', '/api/needs', { token: t.staff2 })).body)
    expect(b.items.map((n) => n.title)).toContain('B社区的需求')
    expect(b.items.every((n) => n.communityId === IDS.communityB)).toBe(true)
  })

  it('GET /api/needs paginates with nextCursor and filters by status', async () => {
    for (let i = 0; i < 5; i++) await api.call('POST', '/api/needs', { token: t.resident2, body: { ...valid, title: `分页需求 ${i}` } })
    const all = (await api.call('GET', '/api/needs?limit=50', { token: t.staff1 })).body.items.map((n: { id: string }) => n.id)
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const r = await api.call('GET', `/api/needs?limit=2${cursor ? `&cursor=${cursor}` : ''}`, { token: t.staff1 })
      expect(r.status).toBe(200)
      expect(r.body.items.length).toBeLessThanOrEqual(2)
      seen.push(...r.body.items.map((n: { id: string }) => n.id))
      cursor = r.body.nextCursor
    } while (cursor)
    expect(seen).toEqual(all)
    const submitted = await api.call('GET', '/api/needs?status=submitted', { token: t.staff1 })
    expect(submitted.body.items.every((n: { status: string }) => n.status === 'submitted')).toBe(true)
    const none = await api.call('GET', '/api/needs?status=closed', { token: t.staff1 })
    expect(none.body).toEqual({ items: [], nextCursor: null })
  })

  it('GET /api/needs with a bad status, cursor or limit → 400 naming the field', async () => {
    for (const [q, field] of [['status=done', 'status'], ['cursor=abc', 'cursor'], ['limit=0', 'limit'], ['limit=abc', 'limit']]) {
      const r = await api.call('GET', `/api/needs?${q}`, { token: t.staff1 })
      expect(r.status, q).toBe(400)
      expect(r.body.error.field, q).toBe(field)
    }
  })

  it('a person without a home community cannot submit (403)', async () => {
    const r = await api.call('POST', '/api/needs', { token: t.admin1, body: valid })
    expect(r.status).toBe(403)
  })
})
