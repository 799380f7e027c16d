import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ZAnnouncement, ZListAnnouncementsResponse, type Announcement } from '../../core/contracts/announcements'
import { ZListAuditResponse } from '../../core/contracts/admin'
import { IDS } from '../helpers/db'
import { startTestApi, type TestApi } from '../helpers/api'

const GRID_A2 = '30000000-0000-4000-8000-0000000000a2'
const GRID_B1 = '30000000-0000-4000-8000-0000000000b1'
const tomorrow = () => new Date(Date.now() + 86_400_000).toISOString()

describe('announcements over HTTP', () => {
  let api: TestApi
  const t: Record<string, string> = {}
  const post = (who: string, body: Record<string, unknown>) =>
    api.call('POST', '/api/announcements', { token: t[who], body: { scope: 'community', communityId: IDS.communityA, title: '电梯检修', body: '3号楼电梯周二检修。\n请走楼梯。', ...body } })
  const list = (who: string, query: string) => api.call('GET', `/api/announcements?${query}`, { token: t[who] })
  const listAll = async (who: string, communityId: string, manage = false): Promise<Announcement[]> => {
    const out: Announcement[] = []
    let cursor: string | null = null
    do {
      const r = await list(who, `communityId=${communityId}${manage ? '&manage=true' : ''}${cursor ? `&cursor=${cursor}` : ''}`)
      expect(r.status, JSON.stringify(r.body)).toBe(200)
      const page = ZListAnnouncementsResponse.parse(r.body)
      expect(page.items.length).toBeLessThanOrEqual(20)
      out.push(...page.items)
      cursor = page.nextCursor
    } while (cursor)
    return out
  }
  const ids = (xs: Announcement[]) => xs.map((x) => x.id)

  beforeAll(async () => {
    api = await startTestApi('announcements_api')
    for (const h of ['resident1', 'resident2', 'resident3', 'staff1', 'staff2', 'grid1', 'admin1']) t[h] = await api.login(h)
  })
  afterAll(async () => {
    await api?.close()
  })

  it('who may publish where', async () => {
    for (const [who, body, status, code] of [
      ['resident1', {}, 403, 'announcement.publish_forbidden'],
      ['grid1', {}, 403, 'announcement.publish_forbidden'],
      ['staff2', {}, 403, 'announcement.publish_forbidden'], // staff of B into A
      ['staff2', { scope: 'street', communityId: IDS.communityB }, 403, 'announcement.street_admin_only'],
      ['staff2', { scope: 'street', communityId: undefined, streetId: IDS.street }, 403, 'announcement.street_admin_only'],
      ['staff1', { scope: 'grid', gridId: GRID_B1 }, 400, 'announcement.grid_invalid'], // another community's grid
      ['staff2', { scope: 'grid', gridId: IDS.gridA1 }, 403, 'announcement.publish_forbidden'],
      ['staff1', {}, 201, null],
      ['staff1', { scope: 'grid', gridId: IDS.gridA1 }, 201, null],
      ['admin1', { scope: 'street', communityId: undefined, streetId: IDS.street }, 201, null],
      ['admin1', { communityId: IDS.communityB }, 201, null],
    ] as const) {
      const r = await post(who, body)
      expect(r.status, `${who} ${JSON.stringify(body)} ${JSON.stringify(r.body)}`).toBe(status)
      if (code) {
        expect(r.body.error.code).toBe(code)
        expect(r.body.error.message).toMatch(/[\u4e00-\u9fff]/)
      } else {
        ZAnnouncement.parse(r.body)
      }
    }
    // the publication is in the audit log the staff read
    const audit = await api.call('GET', `/api/admin/audit?communityId=${IDS.communityA}`, { token: t.staff1 })
    expect(audit.status).toBe(200)
    expect(ZListAuditResponse.parse(audit.body).items.filter((e) => e.action === 'announcement.published').length).toBeGreaterThanOrEqual(2)
  })

  it('malformed input → 400 naming the field', async () => {
    const past = new Date(Date.now() - 60_000).toISOString()
    for (const [body, field] of [
      [{ title: '停水\u0000通知' }, 'title'],
      [{ title: 'x' }, 'title'],
      [{ body: '' }, 'body'],
      [{ body: '   ' }, 'body'],
      [{ expiresAt: past }, 'expiresAt'],
      [{ expiresAt: '0000-01-01T00:00:00Z' }, 'expiresAt'],
      [{ expiresAt: '2026-13-45' }, 'expiresAt'],
      [{ expiresAt: new Date(Date.now() + 400 * 86_400_000).toISOString() }, 'expiresAt'],
      [{ scope: 'everyone' }, 'scope'],
      [{ scope: 'grid' }, 'gridId'],
      [{ communityId: undefined }, 'communityId'],
      [{ images: ['not-a-key'] }, 'images.0'],
      [{ images: [1, 2, 3, 4].map((i) => `shifts/${IDS.staff1}/00000000-0000-4000-8000-00000000000${i}.jpg`) }, 'images'],
      [{ pinned: 'yes' }, 'pinned'],
    ] as const) {
      const r = await post('staff1', body)
      expect(r.status, JSON.stringify(body)).toBe(400)
      expect(r.body.error.field, JSON.stringify(body)).toBe(field)
      expect(r.body.error.message).toMatch(/[\u4e00-\u9fff]/)
    }
    // the server's own check of photo ownership: another person's upload
    const r = await post('staff1', { images: [`shifts/${IDS.staff2}/00000000-0000-4000-8000-000000000001.jpg`] })
    expect([r.status, r.body.error.field, r.body.error.code]).toEqual([400, 'images', 'announcement.images_invalid'])
    for (const [q, field] of [
      ['', 'communityId'],
      [`communityId=${IDS.communityA}&cursor=WyJ4IiwieSJd`, 'cursor'],
      [`communityId=${IDS.communityA}&cursor=%21%21`, 'cursor'],
      [`communityId=${IDS.communityA}&manage=yes`, 'manage'],
    ] as const) {
      const l = await list('resident1', q)
      expect([l.status, l.body.error.field], q).toEqual([400, field])
    }
    expect((await api.call('POST', `/api/announcements/${IDS.communityA}/pin`, { token: t.staff1, body: {} })).body.error.field).toBe('pinned')
    expect((await api.call('GET', '/api/announcements/not-an-id', { token: t.staff1 })).body.error.field).toBe('id')
  })

  it('residents see what is addressed to them: their grid, their community, the street; never another community\'s', async () => {
    const grid = ZAnnouncement.parse((await post('staff1', { scope: 'grid', gridId: IDS.gridA1, title: '一网格消杀', expiresAt: tomorrow() })).body)
    const campus = ZAnnouncement.parse((await post('staff1', { scope: 'grid', gridId: GRID_A2, title: '校园网格通知' })).body)
    const a = ZAnnouncement.parse((await post('staff1', { title: '和平社区通知' })).body)
    const b = ZAnnouncement.parse((await post('staff2', { communityId: IDS.communityB, title: '光明社区通知' })).body)
    const street = ZAnnouncement.parse((await post('admin1', { scope: 'street', communityId: undefined, streetId: IDS.street, title: '全街道通知' })).body)

    for (const who of ['resident1', 'resident2']) {
      const seen = ids(await listAll(who, IDS.communityA))
      expect(seen).toEqual(expect.arrayContaining([grid.id, a.id, street.id]))
      expect(seen).not.toContain(campus.id)
      expect(seen).not.toContain(b.id)
    }
    const inB = ids(await listAll('resident3', IDS.communityB))
    expect(inB).toEqual(expect.arrayContaining([b.id, street.id]))
    expect(inB).not.toContain(a.id)
    expect(inB).not.toContain(grid.id)
    const refused = await list('resident3', `communityId=${IDS.communityA}`)
    expect([refused.status, refused.body.error.code]).toEqual([403, 'announcement.not_member'])
    expect((await api.call('GET', `/api/announcements/${a.id}`, { token: t.resident3 })).status).toBe(404)
    expect((await api.call('GET', `/api/announcements/${campus.id}`, { token: t.resident1 })).status).toBe(404)

    const detail = await api.call('GET', `/api/announcements/${grid.id}`, { token: t.resident1 })
    expect(detail.status).toBe(200)
    expect(ZAnnouncement.parse(detail.body)).toMatchObject({ title: '一网格消杀', gridName: '第一网格', authorName: '陈主任', canManage: false, body: '3号楼电梯周二检修。\n请走楼梯。' })
    expect((await api.call('GET', `/api/announcements/${street.id}`, { token: t.resident3 })).status).toBe(200)
  })

  it('withdraw and pin: who may, what residents then see, pinned first and paged', async () => {
    const mine = ZAnnouncement.parse((await post('staff1', { title: '将被撤回的通知' })).body)
    const pinMe = ZAnnouncement.parse((await post('staff1', { title: '最早的一条' })).body)
    for (let i = 0; i < 21; i++) expect((await post('staff1', { title: `和平通知${i}` })).status).toBe(201)
    const withdraw = (who: string, id: string) => api.call('POST', `/api/announcements/${id}/withdraw`, { token: t[who], body: {} })
    const pin = (who: string, id: string, pinned: boolean) => api.call('POST', `/api/announcements/${id}/pin`, { token: t[who], body: { pinned } })

    expect((await withdraw('resident1', mine.id)).status).toBe(403)
    expect((await withdraw('staff2', mine.id)).status).toBe(404)
    expect((await pin('resident1', pinMe.id, true)).status).toBe(403)
    expect((await pin('staff2', pinMe.id, true)).status).toBe(404)
    const pinned = await pin('staff1', pinMe.id, true)
    expect([pinned.status, pinned.body.pinned]).toEqual([200, true])

    const all = await listAll('resident1', IDS.communityA)
    expect(all.length).toBeGreaterThan(20)
    expect(all[0].id).toBe(pinMe.id)
    expect(all.slice(1).every((x) => !x.pinned)).toBe(true)
    expect(new Set(ids(all)).size).toBe(all.length)
    expect(ids(all)).toContain(mine.id)

    const w = await withdraw('admin1', mine.id)
    expect([w.status, w.body.status]).toEqual([200, 'withdrawn'])
    expect(ids(await listAll('resident1', IDS.communityA))).not.toContain(mine.id)
    expect((await api.call('GET', `/api/announcements/${mine.id}`, { token: t.resident1 })).status).toBe(404)
    expect((await pin('staff1', mine.id, true)).body.error.code).toBe('announcement.withdrawn')

    // expired: gone for residents, still there for managers
    const old = ZAnnouncement.parse((await post('staff1', { title: '已经过期的通知', expiresAt: tomorrow() })).body)
    await api.sql(`update public.announcements set expires_at = now() - interval '1 minute' where id = $1`, [old.id])
    expect(ids(await listAll('resident2', IDS.communityA))).not.toContain(old.id)
    const managed = await listAll('staff1', IDS.communityA, true)
    expect(managed.find((x) => x.id === old.id)?.status).toBe('expired')
    expect(managed.find((x) => x.id === mine.id)?.status).toBe('withdrawn')
    expect((await list('resident1', `communityId=${IDS.communityA}&manage=true`)).status).toBe(403)
    expect((await list('staff2', `communityId=${IDS.communityA}&manage=true`)).status).toBe(403)
  })

  it('a resident of B never reads A\'s notices straight from the table either', async () => {
    const a = ZAnnouncement.parse((await post('staff1', { title: '只给和平社区' })).body)
    const { default: postgres } = await import('postgres')
    const sql = postgres(api.dbUrl, { max: 1, onnotice: () => {} })
    try {
      const readAs = (sub: string) =>
        sql.begin(async (tx) => {
          await tx.unsafe(`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', $1, true)`, [JSON.stringify({ role: 'authenticated', sub })])
          return (await tx.unsafe('select id from public.announcements where id = $1', [a.id])) as unknown as { id: string }[]
        })
      expect(await readAs(IDS.resident3)).toEqual([])
      expect(await readAs(IDS.staff2)).toEqual([])
      expect(await readAs(IDS.resident1)).toEqual([{ id: a.id }])
    } finally {
      await sql.end()
    }
  })
})
