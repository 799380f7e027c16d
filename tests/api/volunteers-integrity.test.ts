import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ZPost, ZShift, ZWhistle } from '../../core/contracts/volunteers'
import { IDS } from '../helpers/db'
import { startTestApi, type TestApi } from '../helpers/api'

// Issue 13 item 8 over HTTP: 补签退 (a forgotten check-out closed by staff) and whistle responders for staff only.

const SITE = { lat: 32.0416, lng: 118.7784 }
const iso = (m: number) => new Date(Date.now() + m * 60_000).toISOString()

describe('volunteers integrity over HTTP', () => {
  let api: TestApi
  const t: Record<string, string> = {}
  beforeAll(async () => {
    api = await startTestApi('volunteers_integrity_api')
    for (const h of ['resident1', 'staff1', 'staff2', 'party1', 'talent1']) t[h] = await api.login(h)
  })
  afterAll(async () => {
    await api?.close()
  })

  /** party1 checked in to a 60-minute slot that ended two hours ago and never checked out. */
  async function forgotten() {
    const body = { title: '健康义诊', category: 'health_clinic', lat: SITE.lat, lng: SITE.lng, radiusM: 200, beanRatePerHour: 12, slots: [{ startsAt: iso(-5), endsAt: iso(55), capacity: 4 }] }
    const p = ZPost.parse((await api.call('POST', '/api/posts', { token: t.staff1, body })).body)
    const shift = ZShift.parse((await api.call('POST', `/api/posts/${p.id}/claim`, { token: t.party1, body: { slotId: p.slots[0].id } })).body)
    expect((await api.call('POST', `/api/shifts/${shift.id}/check-in`, { token: t.party1, body: SITE })).status).toBe(200)
    await api.sql(`update public.post_slots set starts_at = now() - interval '3 hours', ends_at = now() - interval '2 hours' where id = $1`, [p.slots[0].id])
    await api.sql(`update public.shifts set check_in_at = now() - interval '3 hours 2 minutes' where id = $1`, [shift.id])
    return shift
  }

  it('申请补签退 → staff see it in 工作纪实确认 → confirm with adjusted minutes → hours and beans', async () => {
    const shift = await forgotten()
    expect((await api.call('POST', `/api/shifts/${shift.id}/check-out`, { token: t.party1, body: SITE })).status).toBe(409)

    const asked = await api.call('POST', `/api/shifts/${shift.id}/close-request`, { token: t.party1, body: { minutes: 60, note: '义诊结束忘记签退' } })
    expect(asked.status).toBe(200)
    expect(ZShift.parse(asked.body)).toMatchObject({ status: 'checked_in', closure: { minutes: 60, note: '义诊结束忘记签退' } })
    const again = await api.call('POST', `/api/shifts/${shift.id}/close-request`, { token: t.party1, body: { minutes: 50, note: '再申请' } })
    expect(again.status).toBe(409)
    expect(again.body.error.code).toBe('shift.close_already_requested')

    const list = await api.call('GET', '/api/shifts?scope=to_confirm', { token: t.staff1 })
    expect(list.body.items.find((s: { id: string }) => s.id === shift.id)).toMatchObject({ closure: { minutes: 60 } })
    const otherCommunity = await api.call('GET', '/api/shifts?scope=to_confirm', { token: t.staff2 })
    expect(otherCommunity.body.items.map((s: { id: string }) => s.id)).not.toContain(shift.id)

    expect((await api.call('POST', `/api/shifts/${shift.id}/close-resolve`, { token: t.staff2, body: { approve: true } })).status).toBe(404)
    expect((await api.call('POST', `/api/shifts/${shift.id}/close-resolve`, { token: t.party1, body: { approve: true } })).status).toBe(404)
    const ok = await api.call('POST', `/api/shifts/${shift.id}/close-resolve`, { token: t.staff1, body: { approve: true, minutes: 50 } })
    expect(ok.status).toBe(200)
    expect(ZShift.parse(ok.body)).toMatchObject({ status: 'confirmed', verifiedMinutes: 50, beansPending: 10 })
    expect((await api.call('POST', `/api/shifts/${shift.id}/close-resolve`, { token: t.staff1, body: { approve: true, minutes: 50 } })).status).toBe(409)
    const [{ n }] = await api.sql<{ n: string }>(`select count(*) as n from public.bean_transfers where idempotency_key = 'shift:' || $1`, [shift.id])
    expect(Number(n)).toBe(1)
  })

  it('only the volunteer asks; bad minutes and a missing note are 400 naming the field; the path wins over the body', async () => {
    const shift = await forgotten()
    for (const who of ['talent1', 'staff1', 'staff2']) {
      const r = await api.call('POST', `/api/shifts/${shift.id}/close-request`, { token: t[who], body: { minutes: 30, note: '忘记签退' } })
      expect(r.status, who).toBe(404)
    }
    for (const [body, field] of [
      [{ minutes: 0, note: '忘记签退' }, 'minutes'], [{ minutes: 'an hour', note: '忘记签退' }, 'minutes'], [{ minutes: 30.5, note: '忘记签退' }, 'minutes'],
      [{ minutes: 30 }, 'note'], [{ minutes: 30, note: '   ' }, 'note'], [{ minutes: 61, note: '忘记签退' }, 'minutes'],
    ] as const) {
      const r = await api.call('POST', `/api/shifts/${shift.id}/close-request`, { token: t.party1, body })
      expect(r.status, JSON.stringify(body)).toBe(400)
      expect(r.body.error.field).toBe(field)
    }
    expect((await api.call('POST', `/api/shifts/${shift.id}/close-request`, { token: t.party1, body: { minutes: 61, note: '忘记签退' } })).body.error.message).toBe('服务时长须在 1 到 60 分钟之间')
    const r = await api.call('POST', `/api/shifts/${shift.id}/close-request`, { token: t.party1, body: { minutes: 30, note: '忘记签退' } })
    expect(r.status).toBe(200)
    const reject = await api.call('POST', `/api/shifts/${shift.id}/close-resolve`, { token: t.staff1, body: { approve: false } })
    expect(reject.body.error.field).toBe('reason')
    const no = await api.call('POST', `/api/shifts/${shift.id}/close-resolve`, { token: t.staff1, body: { approve: false, reason: '时长与记录不符' } })
    expect(no.body).toMatchObject({ status: 'rejected', rejectReason: '时长与记录不符' })
    const mine = await api.call('GET', '/api/shifts', { token: t.party1 })
    expect(mine.body.items.find((s: { id: string }) => s.id === shift.id)).toMatchObject({ status: 'rejected', rejectReason: '时长与记录不符' })
  })

  it('whistle responders by name for staff of its community; the count for everyone else', async () => {
    const w = ZWhistle.parse((await api.call('POST', '/api/whistles', { token: t.staff1, body: { title: '防汛巡查', place: '和平河堤', startsAt: iso(30), headcount: 3 } })).body)
    const answered = await api.call('POST', `/api/whistles/${w.id}/respond`, { token: t.party1 })
    expect(ZWhistle.parse(answered.body)).toMatchObject({ responded: 1, responders: null })
    const staff = await api.call('GET', '/api/whistles', { token: t.staff1 })
    const seen = ZWhistle.parse(staff.body.items.find((x: { id: string }) => x.id === w.id))
    expect(seen.responders).toEqual([{ profileId: IDS.party1, displayName: '孙先生', kinds: ['party_member'], phoneMasked: '138****0007', respondedAt: expect.any(String) }])
    for (const who of ['party1', 'talent1', 'resident1']) {
      const list = await api.call('GET', '/api/whistles', { token: t[who] })
      expect(list.body.items.find((x: { id: string }) => x.id === w.id), who).toMatchObject({ responded: 1, responders: null })
    }
    const fromB = await api.call('GET', `/api/whistles?communityId=${IDS.communityA}`, { token: t.staff2 })
    for (const x of fromB.body.items) expect(x.responders).toBeNull()
    expect(JSON.stringify(fromB.body)).not.toContain('13800000007')
  })
})
