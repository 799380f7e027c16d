import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ZPost, ZShift } from '../../core/contracts/volunteers'
import { ZServiceProjectDetail, ZListServicesResponse } from '../../core/contracts/services'
import { IDS } from '../helpers/db'
import { startTestApi, type TestApi } from '../helpers/api'

// Issue 15 over HTTP: a 0-minute shift (checked out at check-in) is confirmed only with the minutes staff verified;
// the request's minutes are checked by the contract (400 naming minutes); a project names its need's 受理编号.

const SITE = { lat: 32.0416, lng: 118.7784 }
const iso = (m: number) => new Date(Date.now() + m * 60_000).toISOString()

describe('0-minute shifts over HTTP', () => {
  let api: TestApi
  const t: Record<string, string> = {}
  beforeAll(async () => {
    api = await startTestApi('volunteers_zero_minutes_api')
    for (const h of ['resident1', 'staff1', 'staff2', 'party1', 'unit1']) t[h] = await api.login(h)
  })
  afterAll(async () => {
    await api?.close()
  })

  /** party1 checks in to a 60-minute slot running now and checks out at once: 0 minutes. */
  async function zeroMinutes() {
    const body = { title: '楼道清扫', category: 'environment', lat: SITE.lat, lng: SITE.lng, radiusM: 200, beanRatePerHour: 12, slots: [{ startsAt: iso(-5), endsAt: iso(55), capacity: 4 }] }
    const p = ZPost.parse((await api.call('POST', '/api/posts', { token: t.staff1, body })).body)
    const shift = ZShift.parse((await api.call('POST', `/api/posts/${p.id}/claim`, { token: t.party1, body: { slotId: p.slots[0].id } })).body)
    expect((await api.call('POST', `/api/shifts/${shift.id}/check-in`, { token: t.party1, body: SITE })).status).toBe(200)
    expect((await api.call('POST', `/api/shifts/${shift.id}/check-out`, { token: t.party1, body: SITE })).status).toBe(200)
    await api.sql(`update public.shifts set check_in_at = check_out_at where id = $1`, [shift.id])
    return shift
  }

  it('confirming 0 minutes without adjusted minutes is a 400 naming minutes; with them it is confirmed', async () => {
    const shift = await zeroMinutes()
    const refused = await api.call('POST', `/api/shifts/${shift.id}/confirm`, { token: t.staff1, body: { approve: true } })
    expect(refused.status).toBe(400)
    expect(refused.body.error).toMatchObject({ code: 'shift.close_minutes_invalid', field: 'minutes' })
    expect(refused.body.error.message).toMatch(/1 到 60 分钟/)

    const ok = await api.call('POST', `/api/shifts/${shift.id}/confirm`, { token: t.staff1, body: { approve: true, minutes: 45 } })
    expect(ok.status, JSON.stringify(ok.body)).toBe(200)
    expect(ZShift.parse(ok.body)).toMatchObject({ status: 'confirmed', verifiedMinutes: 45, beansPending: 9 })
  })

  it('another community’s staff and the volunteer are denied, even with minutes', async () => {
    const shift = await zeroMinutes()
    for (const who of ['staff2', 'party1', 'resident1']) {
      const r = await api.call('POST', `/api/shifts/${shift.id}/confirm`, { token: t[who], body: { approve: true, minutes: 30 } })
      expect(r.status, who).toBe(404)
    }
    const [{ status }] = await api.sql<{ status: string }>(`select status from public.shifts where id = $1`, [shift.id])
    expect(status).toBe('checked_out')
  })

  it('bad minutes are 400 naming minutes before anything is written', async () => {
    const shift = await zeroMinutes()
    for (const minutes of [0, -1, 30.5, 'half an hour', 1441, 61]) {
      const r = await api.call('POST', `/api/shifts/${shift.id}/confirm`, { token: t.staff1, body: { approve: true, minutes } })
      expect(r.status, String(minutes)).toBe(400)
      expect(r.body.error.field, String(minutes)).toBe('minutes')
    }
    const noReason = await api.call('POST', `/api/shifts/${shift.id}/confirm`, { token: t.staff1, body: { approve: false } })
    expect([noReason.status, noReason.body.error.field]).toEqual([400, 'reason'])
    const noDecision = await api.call('POST', `/api/shifts/${shift.id}/confirm`, { token: t.staff1, body: {} })
    expect([noDecision.status, noDecision.body.error.field]).toEqual([400, 'approve'])
    const [{ status }] = await api.sql<{ status: string }>(`select status from public.shifts where id = $1`, [shift.id])
    expect(status).toBe('checked_out')
  })

  it('a service project names its need’s 受理编号 in the detail and the list', async () => {
    const need = await api.call('POST', '/api/needs', {
      token: t.resident1, body: { title: '7号楼水管漏水', description: '7号楼水管漏水，需要师傅上门看看。', category: 'facility_repair' },
    })
    expect(need.status, JSON.stringify(need.body)).toBe(201)
    const needId = need.body.id as string
    const triage = await api.call('POST', `/api/needs/${needId}/triage`, { token: t.staff1, body: { track: 'private', severity: 'general' } })
    expect(triage.status, JSON.stringify(triage.body)).toBe(200)
    const res = await api.call('POST', '/api/resources', {
      token: t.unit1,
      body: { title: '水电维修', description: '上门维修水电', kind: 'social', categories: ['facility_repair'], capacity: 5, period: 'month', contactName: '王师傅', contactPhone: '13900000000' },
    })
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    const claim = await api.call('POST', '/api/services/claim', { token: t.unit1, body: { needId, resourceId: res.body.id } })
    expect(claim.status, JSON.stringify(claim.body)).toBe(201)
    const [{ ref_no }] = await api.sql<{ ref_no: string }>(`select ref_no from public.needs where id = $1`, [needId])
    const detail = await api.call('GET', `/api/services/${claim.body.id}`, { token: t.resident1 })
    expect(ZServiceProjectDetail.parse(detail.body)).toMatchObject({ needId, needRefNo: ref_no })
    const list = ZListServicesResponse.parse((await api.call('GET', `/api/services?communityId=${IDS.communityA}`, { token: t.staff1 })).body)
    expect(list.items.find((x) => x.id === claim.body.id)).toMatchObject({ needRefNo: ref_no })
  })
})
