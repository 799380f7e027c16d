import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { NEED_REF_NO, ZListNeedsFullResponse, ZNeedDetail, type NeedDetail } from '../../core/contracts/needs'
import { startTestApi, type TestApi } from '../helpers/api'

const valid = { title: '楼道灯坏了', description: '3单元楼道灯坏了一周，晚上老人上下楼很危险。', category: 'facility_repair' }
// a 1×1 PNG
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=='

describe('办理结果, 受理编号 and the story over HTTP', () => {
  let api: TestApi
  const t: Record<string, string> = {}
  beforeAll(async () => {
    api = await startTestApi('needstory_api')
    for (const h of ['resident1', 'resident2', 'resident3', 'staff1', 'staff2', 'grid1', 'dept1']) t[h] = await api.login(h)
  })
  afterAll(async () => {
    await api?.close()
  })

  async function create(token = t.resident1): Promise<NeedDetail> {
    const r = await api.call('POST', '/api/needs', { token, body: valid })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    return ZNeedDetail.parse(r.body)
  }
  async function inProgress(token = t.resident1, staff = t.staff1): Promise<NeedDetail> {
    const n = await create(token)
    expect((await api.call('POST', `/api/needs/${n.id}/triage`, { token: staff, body: { track: 'private', severity: 'general' } })).status).toBe(200)
    expect((await api.call('POST', `/api/needs/${n.id}/transition`, { token: staff, body: { to: 'in_progress' } })).status).toBe(200)
    return n
  }
  const resolve = (id: string, token: string, body: Record<string, unknown>) =>
    api.call('POST', `/api/needs/${id}/transition`, { token, body: { to: 'resolved', ...body } })

  it.each([
    ['missing', {}],
    ['blank', { note: '    ' }],
    ['too short', { note: '修好了' }],
    ['too long', { note: '修'.repeat(501) }],
    ['NUL', { note: '已经修好\u0000了楼道灯' }],
  ])('a 办理结果 %s is a 400 naming note, and nothing changes', async (_case, body) => {
    const n = await inProgress()
    const r = await resolve(n.id, t.staff1, body)
    expect(r.status, JSON.stringify(r.body)).toBe(400)
    expect(r.body.error.field).toBe('note')
    expect(r.body.error.message).toMatch(/[\u4e00-\u9fa5]/)
    const got = ZNeedDetail.parse((await api.call('GET', `/api/needs/${n.id}`, { token: t.staff1 })).body)
    expect(got.status).toBe('in_progress')
  })

  it('bad photos are a 400 naming photos (not a key, someone else\'s, more than 3, with another step)', async () => {
    const n = await inProgress()
    for (const photos of [['../../etc/passwd'], ['shifts/50000000-0000-4000-8000-000000000001/a.jpg'], ['a.jpg', 'b.jpg', 'c.jpg', 'd.jpg'], 'a.jpg']) {
      const r = await resolve(n.id, t.staff1, { note: '已更换楼道灯泡', photos })
      expect(r.status, JSON.stringify(photos)).toBe(400)
      // the whole list or the bad item (photos.0)
      expect(r.body.error.field).toMatch(/^photos(\.\d+)?$/)
    }
    const other = await create()
    const r = await api.call('POST', `/api/needs/${other.id}/transition`, { token: t.staff1, body: { to: 'rejected', note: '不属于社区办理范围', photos: ['x/a.jpg'] } })
    expect(r.status).toBe(400)
    expect(r.body.error.field).toBe('photos')
  })

  it('staff resolve with a note and an uploaded photo; the resident reads the outcome card and the story', async () => {
    const n = await inProgress()
    const up = await api.call('POST', '/api/uploads/photo', { token: t.staff1, body: { contentType: 'image/png', dataBase64: PNG } })
    expect(up.status, JSON.stringify(up.body)).toBe(201)
    const r = await resolve(n.id, t.staff1, { note: '  已更换 3 单元楼道灯泡，并检查了线路  ', photos: [up.body.key] })
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    const seen = ZNeedDetail.parse((await api.call('GET', `/api/needs/${n.id}`, { token: t.resident1 })).body)
    expect(seen.refNo).toMatch(NEED_REF_NO)
    expect(seen.outcome).toMatchObject({ kind: 'resolved', note: '已更换 3 单元楼道灯泡，并检查了线路', photos: [up.body.key] })
    expect(seen.story!.map((s) => s.kind)).toEqual(['submitted', 'triaged', 'in_progress', 'resolved'])
    expect(seen.story!.at(-1)!.detail).toBe('办理结果：已更换 3 单元楼道灯泡，并检查了线路')
  })

  it('who may resolve: staff of the community and the grid worker of its grid; not the owner, a neighbour, staff of B or a department', async () => {
    const byGrid = await inProgress()
    expect((await resolve(byGrid.id, t.grid1, { note: '网格员上门处理好了' })).status).toBe(200)
    const n = await inProgress()
    expect((await resolve(n.id, t.resident1, { note: '我自己修好了灯' })).status).toBe(403)
    for (const token of [t.resident2, t.staff2, t.dept1]) {
      expect((await resolve(n.id, token, { note: '已经修好了楼道灯' })).status).toBe(404)
    }
  })

  it('不予受理 and 上报 need a reason (400 naming note); the resident sees it as the outcome', async () => {
    const n = await create()
    for (const to of ['rejected', 'escalated']) {
      const r = await api.call('POST', `/api/needs/${n.id}/transition`, { token: t.staff1, body: { to, note: '  ' } })
      expect(r.status).toBe(400)
      expect(r.body.error.field).toBe('note')
    }
    expect((await api.call('POST', `/api/needs/${n.id}/transition`, { token: t.staff1, body: { to: 'rejected', note: '属于物业维修范围' } })).status).toBe(200)
    const seen = ZNeedDetail.parse((await api.call('GET', `/api/needs/${n.id}`, { token: t.resident1 })).body)
    expect(seen.outcome).toMatchObject({ kind: 'rejected', note: '属于物业维修范围' })
  })

  it('the queue search finds a need by its 受理编号 or its prefix, within the caller\'s community only', async () => {
    const a = await create()
    const b = await create(t.resident3)
    const search = (token: string, q: string) => api.call('GET', `/api/needs?q=${encodeURIComponent(q)}&limit=50`, { token })
    const exact = await search(t.staff1, a.refNo.toLowerCase())
    expect(exact.status).toBe(200)
    expect(ZListNeedsFullResponse.parse(exact.body).items.map((x) => x.id)).toEqual([a.id])
    const prefix = a.refNo.split('-').slice(0, 2).join('-')
    const byDay = ZListNeedsFullResponse.parse((await search(t.staff1, ` ${prefix} `)).body)
    expect(byDay.items.map((x) => x.id)).toContain(a.id)
    expect(byDay.items.every((x) => x.refNo.startsWith(prefix))).toBe(true)
    expect(ZListNeedsFullResponse.parse((await search(t.staff1, b.refNo)).body).items).toEqual([])
    expect(ZListNeedsFullResponse.parse((await search(t.staff2, b.refNo)).body).items.map((x) => x.id)).toEqual([b.id])
    const long = await search(t.staff1, 'H'.repeat(41))
    expect(long.status).toBe(400)
    expect(long.body.error.field).toBe('q')
    expect((await search(t.resident1, a.refNo)).status).toBe(403)
    // lists carry the number too
    const mine = await api.call('GET', '/api/needs/mine', { token: t.resident1 })
    expect(mine.body.items.every((x: { refNo: string }) => NEED_REF_NO.test(x.refNo))).toBe(true)
  })
})
