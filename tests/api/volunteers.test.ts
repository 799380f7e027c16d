import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ZPost, ZShift } from '../../core/contracts/volunteers'
import { IDS } from '../helpers/db'
import { startTestApi, type TestApi } from '../helpers/api'

const SITE = { lat: 32.0416, lng: 118.7784 }
const iso = (m: number) => new Date(Date.now() + m * 60_000).toISOString()
const PNG_B64 = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex').toString('base64')

describe('volunteers over HTTP', () => {
  let api: TestApi
  const t: Record<string, string> = {}
  beforeAll(async () => {
    api = await startTestApi('volunteers_api')
    for (const h of ['resident1', 'resident2', 'staff1', 'staff2', 'party1', 'talent1']) t[h] = await api.login(h)
  })
  afterAll(async () => {
    await api?.close()
  })

  const postBody = { title: '健康义诊', category: 'health_clinic', lat: SITE.lat, lng: SITE.lng, radiusM: 200, beanRatePerHour: 12, slots: [{ startsAt: iso(-5), endsAt: iso(55), capacity: 4 }] }

  it('staff publish a post → 201 with slot ids; residents may not; malformed → 400 naming the field', async () => {
    const r = await api.call('POST', '/api/posts', { token: t.staff1, body: postBody })
    expect(r.status).toBe(201)
    expect(ZPost.parse(r.body).slots[0].id).toBeTruthy()
    expect((await api.call('POST', '/api/posts', { token: t.resident1, body: postBody })).status).toBe(403)
    for (const [body, field] of [
      [{ ...postBody, category: 'dancing' }, 'category'], [{ ...postBody, lat: 'north' }, 'lat'], [{ ...postBody, radiusM: 5 }, 'radiusM'],
      [{ ...postBody, slots: [] }, 'slots'], [{ ...postBody, slots: [{ startsAt: iso(60), endsAt: iso(30), capacity: 1 }] }, 'slots.0.endsAt'],
      [{ ...postBody, slots: [{ startsAt: iso(0), endsAt: iso(30), capacity: 0 }] }, 'slots.0.capacity'], [{ ...postBody, beanRatePerHour: -1 }, 'beanRatePerHour'],
    ] as const) {
      const x = await api.call('POST', '/api/posts', { token: t.staff1, body })
      expect(x.status, field).toBe(400)
      expect(x.body.error.field).toBe(field)
    }
  })

  it('claim → check in (out of range is a clear 409) → upload photo → check out → staff confirm → hours', async () => {
    const p = ZPost.parse((await api.call('POST', '/api/posts', { token: t.staff1, body: postBody })).body)
    const claim = await api.call('POST', `/api/posts/${p.id}/claim`, { token: t.party1, body: { slotId: p.slots[0].id } })
    expect(claim.status).toBe(201)
    const shift = ZShift.parse(claim.body)
    expect((await api.call('POST', `/api/posts/${p.id}/claim`, { token: t.resident1, body: { slotId: p.slots[0].id } })).status).toBe(403)
    const far = await api.call('POST', `/api/shifts/${shift.id}/check-in`, { token: t.party1, body: { lat: SITE.lat + 0.02, lng: SITE.lng } })
    expect(far.status).toBe(409)
    expect(far.body.error.message).toMatch(/不在岗位签到范围内（距岗位约 2\d{3} 米）/)
    expect((await api.call('POST', `/api/shifts/${shift.id}/check-in`, { token: t.party1, body: { lat: SITE.lat } })).body.error.field).toBe('lng')
    expect((await api.call('POST', `/api/shifts/${shift.id}/check-in`, { token: t.party1, body: SITE })).body.status).toBe('checked_in')

    const up = await api.call('POST', '/api/uploads/photo', { token: t.party1, body: { contentType: 'image/png', dataBase64: PNG_B64 } })
    expect(up.status).toBe(201)
    expect(up.body.key).toMatch(new RegExp(`^shifts/${IDS.party1}/[0-9a-f-]{36}\\.png$`))
    // /api/files serves a record's photo only to who may see it (issue 13): the uploader, with their token
    const file = await fetch(api.base + up.body.url, { headers: { authorization: `Bearer ${t.party1}` } })
    expect(file.status).toBe(200)
    expect(file.headers.get('content-type')).toBe('image/png')
    const lie = await api.call('POST', '/api/uploads/photo', { token: t.party1, body: { contentType: 'image/jpeg', dataBase64: PNG_B64 } })
    expect(lie.status).toBe(400)
    expect(lie.body.error.field).toBe('dataBase64')

    await api.sql(`update public.shifts set check_in_at = now() - interval '50 minutes' where id = $1`, [shift.id])
    const out = await api.call('POST', `/api/shifts/${shift.id}/check-out`, { token: t.party1, body: { ...SITE, notes: '为 30 位老人测量血压', photos: [up.body.key] } })
    expect(out.status).toBe(200)
    expect(out.body).toMatchObject({ status: 'checked_out', photos: [up.body.key] })
    expect((await api.call('POST', `/api/shifts/${shift.id}/confirm`, { token: t.party1, body: { approve: true } })).status).toBe(404)
    expect((await api.call('POST', `/api/shifts/${shift.id}/confirm`, { token: t.staff1, body: { approve: false } })).body.error.field).toBe('reason')
    const ok = await api.call('POST', `/api/shifts/${shift.id}/confirm`, { token: t.staff1, body: { approve: true } })
    expect(ok.body).toMatchObject({ status: 'confirmed', beansPending: 10 })
    const me = await api.call('GET', '/api/volunteers/me', { token: t.party1 })
    expect(me.body.hoursThisYear).toBeGreaterThanOrEqual(0.8)
    const mine = await api.call('GET', '/api/shifts', { token: t.party1 })
    expect(mine.body.items.map((s: { id: string }) => s.id)).toContain(shift.id)
  })

  it('registration, review and the CSV report per work unit', async () => {
    const reg = await api.call('POST', '/api/volunteers/register', { token: t.resident2, body: { kind: 'party_member', workUnit: '市第一医院', skills: ['健康咨询'] } })
    expect(reg.status).toBe(201)
    expect((await api.call('POST', '/api/volunteers/register', { token: t.resident1, body: { kind: 'party_member' } })).body.error.field).toBe('workUnit')
    expect((await api.call('POST', '/api/volunteers/register', { token: t.resident1, body: { kind: 'talent', skills: [] } })).body.error.field).toBe('skills')
    expect((await api.call('POST', '/api/volunteers/register', { token: t.resident1, body: { kind: 'mayor' } })).body.error.field).toBe('kind')
    expect((await api.call('POST', `/api/volunteers/${reg.body.id}/review`, { token: t.staff2, body: { approve: true } })).status).toBe(404)
    expect((await api.call('POST', `/api/volunteers/${reg.body.id}/review`, { token: t.staff1, body: { approve: true } })).body.status).toBe('approved')
    const list = await api.call('GET', '/api/volunteers?status=approved&kind=party_member', { token: t.staff1 })
    expect(list.body.items.map((r: { id: string }) => r.id)).toContain(reg.body.id)
    expect((await api.call('GET', '/api/volunteers', { token: t.resident1 })).status).toBe(403)
    const csv = await fetch(`${api.base}/api/volunteers/report?communityId=${IDS.communityA}`, { headers: { Authorization: `Bearer ${t.staff1}` } })
    expect(csv.status).toBe(200)
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/)
    const bytes = Buffer.from(await csv.arrayBuffer())
    // a UTF-8 BOM first, so Excel reads the Chinese correctly
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const text = bytes.subarray(3).toString('utf8')
    expect(text.startsWith('工作单位,党员,')).toBe(true)
    expect(text).toContain('市第一医院,李大爷,0,0')
    expect((await api.call('GET', `/api/volunteers/report?communityId=${IDS.communityA}`, { token: t.resident1 })).status).toBe(403)
    const bands = await api.call('GET', `/api/volunteers/participation?communityId=${IDS.communityA}`, { token: t.staff1 })
    expect(bands.status).toBe(200)
    expect(bands.body.ideal).toEqual({ core: 0.1, active: 0.2, general: 0.7 })
  })

  it('whistle: staff blow, volunteers answer until the headcount', async () => {
    const w = await api.call('POST', '/api/whistles', { token: t.staff1, body: { title: '防汛巡查', place: '和平河堤', startsAt: iso(20), headcount: 1 } })
    expect(w.status).toBe(201)
    expect((await api.call('POST', '/api/whistles', { token: t.resident1, body: { title: '防汛巡查', place: '和平河堤', startsAt: iso(20), headcount: 1 } })).status).toBe(403)
    expect((await api.call('POST', '/api/whistles', { token: t.staff1, body: { title: '防汛', place: '河堤', startsAt: 'soon', headcount: 1 } })).body.error.field).toBe('startsAt')
    const r = await api.call('POST', `/api/whistles/${w.body.id}/respond`, { token: t.talent1 })
    expect(r.body).toMatchObject({ status: 'closed', responded: 1 })
    expect((await api.call('POST', `/api/whistles/${w.body.id}/respond`, { token: t.party1 })).status).toBe(409)
    expect((await api.call('GET', '/api/whistles', { token: t.resident1 })).body.items[0]).toMatchObject({ title: '防汛巡查' })
  })
})
