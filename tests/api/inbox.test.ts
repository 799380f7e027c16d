import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ZListNotificationsResponse, ZReadNotificationsResponse } from '../../core/contracts/inbox'
import { ZNeedDetail } from '../../core/contracts/needs'
import { IDS } from '../helpers/db'
import { startTestApi, type TestApi } from '../helpers/api'

const UUID_ANYWHERE = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i

describe('the inbox over HTTP', () => {
  let api: TestApi
  const t: Record<string, string> = {}
  beforeAll(async () => {
    api = await startTestApi('inbox_api')
    for (const h of ['resident1', 'resident2', 'staff1']) t[h] = await api.login(h)
  })
  afterAll(async () => {
    await api?.close()
  })

  const list = async (token: string, cursor?: string) => {
    const r = await api.call('GET', `/api/notifications${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`, { token })
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    return ZListNotificationsResponse.parse(r.body)
  }

  it('a need status change by staff reaches the resident: the handler note in plain words, a link to the need', async () => {
    const created = await api.call('POST', '/api/needs', {
      token: t.resident1, body: { title: '楼道灯坏了', description: '3单元楼道灯坏了一周，晚上老人上下楼很危险。', category: 'facility_repair' },
    })
    const need = ZNeedDetail.parse(created.body)
    const before = (await list(t.resident1)).unread
    const tri = await api.call('POST', `/api/needs/${need.id}/triage`, { token: t.staff1, body: { track: 'private', severity: 'general', note: '已联系物业电工' } })
    expect(tri.status).toBe(200)
    const moved = await api.call('POST', `/api/needs/${need.id}/transition`, { token: t.staff1, body: { to: 'in_progress', note: '电工今天下午上门' } })
    expect(moved.status).toBe(200)

    const page = await list(t.resident1)
    expect(page.unread).toBe(before + 2)
    const [latest, triaged] = page.items
    expect(latest).toMatchObject({ kind: 'need.status', title: '您的需求正在处理', readAt: null, link: `/packageNeeds/pages/detail/index?id=${need.id}` })
    expect(latest.body).toContain('电工今天下午上门')
    expect(latest.body).toContain('楼道灯坏了')
    expect(triaged.title).toBe('您的需求已受理')
    expect(triaged.body).toContain('处理说明：已联系物业电工')
    expect(triaged.body).toMatch(/将于 .+ 前办结/)
    for (const item of page.items) expect(`${item.title}${item.body}`).not.toMatch(UUID_ANYWHERE)
    // the staff member who acted gets nothing about it
    expect((await list(t.staff1)).items.filter((i) => i.link?.includes(need.id))).toEqual([])
  })

  it('pages 20 at a time and back to front with the opaque cursor; a forged cursor is a 400 naming the field', async () => {
    await api.sql(`insert into public.notifications (profile_id, kind, payload)
                   select $1, 'meeting.cancelled', jsonb_build_object('title', '第' || g || '次议事会', 'reason', '场地维修') from generate_series(1, 23) g`, [IDS.resident2])
    const first = await list(t.resident2)
    expect(first.items).toHaveLength(20)
    expect(first.unread).toBe(23)
    expect(first.items[0]).toMatchObject({ kind: 'meeting.cancelled', title: '议事会已取消', link: '/pages/deliberation/index' })
    expect(first.items[0].body).toContain('第23次议事会')
    const second = await list(t.resident2, first.nextCursor!)
    expect(second.items).toHaveLength(3)
    expect(second.nextCursor).toBeNull()
    const ids = [...first.items, ...second.items].map((i) => i.id)
    expect(new Set(ids).size).toBe(23)
    expect([...ids].sort((a, b) => b - a)).toEqual(ids)

    for (const forged of [Buffer.from('["abc"]').toString('base64url'), 'AAAA', Buffer.from('{"id":1}').toString('base64url')]) {
      const r = await api.call('GET', `/api/notifications?cursor=${forged}`, { token: t.resident2 })
      expect(r.status, forged).toBe(400)
      expect(r.body.error).toMatchObject({ code: 'list.cursor_invalid', field: 'cursor' })
    }
    const bad = await api.call('GET', '/api/notifications?cursor=not%20base64!', { token: t.resident2 })
    expect(bad.status).toBe(400)
    expect(bad.body.error.field).toBe('cursor')
  })

  it('marks read: my ids only, or all; refuses {} and both at once, naming the field', async () => {
    const mine = (await list(t.resident2)).items
    const theirs = (await list(t.resident1)).items[0]
    const unreadBefore = (await list(t.resident1)).unread

    const r = await api.call('POST', '/api/notifications/read', { token: t.resident2, body: { ids: [mine[0].id, mine[1].id, theirs.id] } })
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    expect(ZReadNotificationsResponse.parse(r.body).unread).toBe(21)
    // resident1's item stays unread
    const after1 = await list(t.resident1)
    expect(after1.unread).toBe(unreadBefore)
    expect(after1.items.find((i) => i.id === theirs.id)!.readAt).toBeNull()
    const after2 = await list(t.resident2)
    expect(after2.items[0].readAt).not.toBeNull()
    expect(after2.items[2].readAt).toBeNull()

    for (const [body, field] of [
      [{}, 'ids'],
      [{ ids: [] }, 'ids'],
      [{ ids: [], all: true }, 'ids'],
      [{ ids: [mine[2].id], all: true }, 'all'],
      [{ all: false }, 'all'],
      [{ ids: ['1'] }, 'ids.0'],
      [{ ids: Array.from({ length: 101 }, (_, i) => i + 1) }, 'ids'],
    ] as const) {
      const bad = await api.call('POST', '/api/notifications/read', { token: t.resident2, body })
      expect(bad.status, JSON.stringify(body)).toBe(400)
      expect(bad.body.error.code).toBe('request.invalid')
      expect(bad.body.error.field, JSON.stringify(body)).toBe(field)
      expect(bad.body.error.message).toMatch(/[\u4e00-\u9fff]/)
    }
    expect((await list(t.resident2)).unread).toBe(21)

    const all = await api.call('POST', '/api/notifications/read', { token: t.resident2, body: { all: true } })
    expect(all.status).toBe(200)
    expect(all.body).toEqual({ unread: 0 })
    expect((await list(t.resident2)).items.every((i) => i.readAt !== null)).toBe(true)
    expect((await list(t.resident1)).unread).toBe(unreadBefore)
  })

  it('needs a login', async () => {
    expect((await api.call('GET', '/api/notifications')).status).toBe(401)
    expect((await api.call('POST', '/api/notifications/read', { body: { all: true } })).status).toBe(401)
  })
})
