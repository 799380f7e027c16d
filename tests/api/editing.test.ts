import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ZReward } from '../../core/contracts/beans'
import { ZMeetingDetail, ZTopic } from '../../core/contracts/deliberation'
import { ZCommunitySettings, ZManagedPost } from '../../core/contracts/editing'
import { ZResource } from '../../core/contracts/services'
import { ZPost } from '../../core/contracts/volunteers'
import { IDS } from '../helpers/db'
import { startTestApi, type TestApi } from '../helpers/api'

const SITE = { lat: 32.0416, lng: 118.7784 }
const iso = (m: number) => new Date(Date.now() + m * 60_000).toISOString()

describe('editing and settings over HTTP', () => {
  let api: TestApi
  const t: Record<string, string> = {}
  beforeAll(async () => {
    api = await startTestApi('editing_api')
    for (const h of ['resident1', 'resident2', 'staff1', 'staff2', 'party1', 'talent1', 'unit1', 'admin1']) t[h] = await api.login(h)
    // a second unit of community A: it may not touch unit1's rewards and resources
    const [u] = await api.sql<{ id: string }>(`insert into public.profiles (handle, display_name, community_id) values ('unit2', '绿叶公益', $1) returning id`, [IDS.communityA])
    await api.sql(`insert into public.profile_roles (profile_id, role, community_id) values ($1, 'unit', $2)`, [u.id, IDS.communityA])
    t.unit2 = await api.login('unit2')
  })
  afterAll(async () => {
    await api?.close()
  })

  const postBody = {
    title: '健康义诊', category: 'health_clinic', lat: SITE.lat, lng: SITE.lng, radiusM: 200, beanRatePerHour: 12,
    slots: [{ startsAt: iso(90), endsAt: iso(150), capacity: 2 }, { startsAt: iso(24 * 60), endsAt: iso(25 * 60), capacity: 2 }],
  }

  it('PATCH /api/posts/{id}: staff of the community only; capacity below the claims is a clear 409; malformed → 400 naming the field', async () => {
    const p = ZPost.parse((await api.call('POST', '/api/posts', { token: t.staff1, body: postBody })).body)
    await api.call('POST', `/api/posts/${p.id}/claim`, { token: t.party1, body: { slotId: p.slots[0].id } })
    await api.call('POST', `/api/posts/${p.id}/claim`, { token: t.talent1, body: { slotId: p.slots[0].id } })
    const low = await api.call('PATCH', `/api/posts/${p.id}`, { token: t.staff1, body: { slots: [{ id: p.slots[0].id, capacity: 1 }] } })
    expect(low.status).toBe(409)
    expect(low.body.error).toMatchObject({ code: 'post.capacity_below_claimed', field: 'slots.0.capacity' })
    expect(low.body.error.message).toBe('名额不能少于已认领的人数（已有 2 人认领）')
    expect((await api.call('PATCH', `/api/posts/${p.id}`, { token: t.staff2, body: { title: '别人的岗位' } })).status).toBe(403)
    expect((await api.call('PATCH', `/api/posts/${p.id}`, { token: t.resident1, body: { title: '我来改改' } })).status).toBe(403)
    for (const [body, field] of [
      [{ title: 'x' }, 'title'], [{ title: '坏\u0000字' }, 'title'], [{ radiusM: 5 }, 'radiusM'], [{ beanRatePerHour: -1 }, 'beanRatePerHour'],
      [{ slots: [{ id: p.slots[0].id, capacity: 0 }] }, 'slots.0.capacity'], [{ slots: [{ id: 'nope', capacity: 3 }] }, 'slots.0.id'],
      [{ addSlots: [{ startsAt: iso(60), endsAt: iso(30), capacity: 1 }] }, 'addSlots.0.endsAt'],
    ] as const) {
      const r = await api.call('PATCH', `/api/posts/${p.id}`, { token: t.staff1, body })
      expect(r.status, field).toBe(400)
      expect(r.body.error.field).toBe(field)
    }
    const ok = await api.call('PATCH', `/api/posts/${p.id}`, {
      token: t.staff1, body: { title: '健康义诊（加场）', slots: [{ id: p.slots[0].id, capacity: 5 }], addSlots: [{ startsAt: iso(48 * 60), endsAt: iso(49 * 60), capacity: 3 }] },
    })
    expect(ok.status).toBe(200)
    const edited = ZManagedPost.parse(ok.body)
    expect(edited.title).toBe('健康义诊（加场）')
    expect(edited.slots.map((s) => [s.capacity, s.claimed])).toEqual([[5, 2], [2, 0], [3, 0]])
  })

  it('POST /api/posts/{id}/cancel: holders are told, their shifts are cancelled by the community, not late; the reason is required', async () => {
    const p = ZPost.parse((await api.call('POST', '/api/posts', { token: t.staff1, body: postBody })).body)
    const claim = await api.call('POST', `/api/posts/${p.id}/claim`, { token: t.party1, body: { slotId: p.slots[0].id } })
    expect(claim.status).toBe(201)
    expect((await api.call('POST', `/api/posts/${p.id}/cancel`, { token: t.staff1, body: {} })).body.error.field).toBe('reason')
    expect((await api.call('POST', `/api/posts/${p.id}/cancel`, { token: t.resident1, body: { reason: '我想取消' } })).status).toBe(403)
    expect((await api.call('POST', `/api/posts/${p.id}/cancel`, { token: t.staff2, body: { reason: '我想取消' } })).status).toBe(403)
    const r = await api.call('POST', `/api/posts/${p.id}/cancel`, { token: t.staff1, body: { reason: '医生临时有事，改期另行通知' } })
    expect(r.status).toBe(200)
    expect(ZManagedPost.parse(r.body)).toMatchObject({ status: 'cancelled', cancelReason: '医生临时有事，改期另行通知' })
    // a volunteer opening it later reads that it was cancelled, and why
    expect((await api.call('GET', `/api/posts/${p.id}`, { token: t.party1 })).body).toMatchObject({ status: 'cancelled', cancelReason: '医生临时有事，改期另行通知' })
    const mine = await api.call('GET', '/api/shifts', { token: t.party1 })
    expect(mine.body.items.find((s: { id: string }) => s.id === claim.body.id)).toMatchObject({ status: 'cancelled', lateCancel: false })
    const [n] = await api.sql<{ profile_id: string; payload: { reason: string } }>(
      `select profile_id, payload from public.notifications where kind = 'post.cancelled' and payload->>'postId' = $1`, [p.id])
    expect(n).toMatchObject({ profile_id: IDS.party1, payload: { reason: '医生临时有事，改期另行通知' } })
    expect((await api.call('GET', '/api/credit/me', { token: t.party1 })).body.inputs.lateCancels).toBe(0)
    const again = await api.call('POST', `/api/posts/${p.id}/claim`, { token: t.talent1, body: { slotId: p.slots[1].id } })
    expect(again.status).toBe(409)
    expect(again.body.error.code).toBe('post.cancelled')
  })

  it('PATCH /api/meetings/{id} and POST .../cancel: waitlist promoted in order, drops refused, cancellation frees and tells everyone', async () => {
    const created = await api.call('POST', '/api/meetings', { token: t.staff1, body: { title: '停车管理议事会', form: 'street_side', startsAt: iso(24 * 60), place: '3号楼下', capacity: 1 } })
    const m = ZMeetingDetail.parse(created.body)
    for (const h of ['resident1', 'resident2', 'party1']) await api.call('POST', `/api/meetings/${m.id}/register`, { token: t[h] })
    const drop = await api.call('PATCH', `/api/meetings/${m.id}`, { token: t.staff1, body: { capacity: 0 } })
    expect(drop.status).toBe(400)
    expect(drop.body.error.field).toBe('capacity')
    expect((await api.call('PATCH', `/api/meetings/${m.id}`, { token: t.staff2, body: { capacity: 3 } })).status).toBe(403)
    expect((await api.call('PATCH', `/api/meetings/${m.id}`, { token: t.resident1, body: { capacity: 3 } })).status).toBe(403)
    const up = await api.call('PATCH', `/api/meetings/${m.id}`, { token: t.staff1, body: { capacity: 2, place: '社区议事厅' } })
    expect(up.status).toBe(200)
    expect(ZMeetingDetail.parse(up.body)).toMatchObject({ capacity: 2, registered: 2, waitlisted: 1, place: '社区议事厅' })
    expect((await api.call('GET', `/api/meetings/${m.id}`, { token: t.resident2 })).body.myStatus).toBe('registered')
    expect((await api.call('GET', `/api/meetings/${m.id}`, { token: t.party1 })).body.myStatus).toBe('waitlisted')
    const low = await api.call('PATCH', `/api/meetings/${m.id}`, { token: t.staff1, body: { capacity: 1 } })
    expect(low.status).toBe(409)
    expect(low.body.error).toMatchObject({ code: 'meeting.capacity_below_registered', field: 'capacity', message: '已有 2 人报名，人数上限不能少于已报名的人数' })
    const changed = await api.sql<{ profile_id: string }>(`select profile_id from public.notifications where kind = 'meeting.changed' and payload->>'meetingId' = $1`, [m.id])
    expect(changed.map((x) => x.profile_id).sort()).toEqual([IDS.resident1, IDS.resident2, IDS.party1].sort())

    expect((await api.call('POST', `/api/meetings/${m.id}/cancel`, { token: t.resident1, body: { reason: '不想开了' } })).status).toBe(403)
    const c = await api.call('POST', `/api/meetings/${m.id}/cancel`, { token: t.staff1, body: { reason: '遇暴雨，改期另行通知' } })
    expect(c.status).toBe(200)
    expect(ZMeetingDetail.parse(c.body)).toMatchObject({ status: 'cancelled', registered: 0, waitlisted: 0 })
    const told = await api.sql<{ profile_id: string }>(`select profile_id from public.notifications where kind = 'meeting.cancelled' and payload->>'meetingId' = $1`, [m.id])
    expect(told).toHaveLength(3)
    expect((await api.call('GET', `/api/meetings/${m.id}`, { token: t.resident1 })).body.myStatus).toBe('withdrawn')
    expect((await api.call('POST', `/api/meetings/${m.id}/register`, { token: t.resident1 })).status).toBe(409)
  })

  it('the co-sign threshold is enforced when a topic is scheduled: below → 409 with a clear message; at it → ok; after lowering it in settings → ok', async () => {
    expect((await api.call('PUT', `/api/communities/${IDS.communityA}/settings`, { token: t.staff1, body: { cosignThreshold: 2 } })).status).toBe(200)
    const topic = ZTopic.parse((await api.call('POST', '/api/topics', { token: t.resident1, body: { title: '小区车位规划', description: '车位太少' } })).body)
    await api.call('POST', `/api/topics/${topic.id}/cosign`, { token: t.resident2 })
    const meetingBody = (topicIds: string[]) => ({ title: '车位议事会', form: 'five_party', startsAt: iso(24 * 60), place: '社区议事厅', capacity: 20, topicIds })
    const below = await api.call('POST', '/api/meetings', { token: t.staff1, body: meetingBody([topic.id]) })
    expect(below.status).toBe(409)
    expect(below.body.error).toMatchObject({ code: 'topic.below_threshold', field: 'topicIds', message: '居民提出的议题需要至少 2 人联名才能安排上会' })
    await api.call('POST', `/api/topics/${topic.id}/cosign`, { token: t.party1 })
    expect((await api.call('POST', '/api/meetings', { token: t.staff1, body: meetingBody([topic.id]) })).status).toBe(201)

    const second = ZTopic.parse((await api.call('POST', '/api/topics', { token: t.resident2, body: { title: '垃圾分类亭选址', description: '离楼太近' } })).body)
    expect((await api.call('POST', '/api/meetings', { token: t.staff1, body: meetingBody([second.id]) })).status).toBe(409)
    const put = await api.call('PUT', `/api/communities/${IDS.communityA}/settings`, { token: t.staff1, body: { cosignThreshold: 0 } })
    expect(put.status).toBe(400)
    expect(put.body.error.field).toBe('cosignThreshold')
    // lowering the threshold to zero co-signatures is not possible; to one it is, and the topic has none yet
    await api.call('PUT', `/api/communities/${IDS.communityA}/settings`, { token: t.staff1, body: { cosignThreshold: 1 } })
    expect((await api.call('POST', '/api/meetings', { token: t.staff1, body: meetingBody([second.id]) })).status).toBe(409)
    await api.call('POST', `/api/topics/${second.id}/cosign`, { token: t.resident1 })
    expect((await api.call('POST', '/api/meetings', { token: t.staff1, body: meetingBody([second.id]) })).status).toBe(201)
  })

  it('resources: the publisher and staff edit and archive; another unit, staff of B and residents cannot; archived is no longer listed', async () => {
    const body = { title: '家电维修', kind: 'social', partnerType: 'property', categories: ['facility_repair'], capacity: 4, contactName: '王师傅', contactPhone: '13900000000' }
    const r = ZResource.parse((await api.call('POST', '/api/resources', { token: t.unit1, body })).body)
    for (const who of ['unit2', 'staff2', 'resident1']) {
      expect((await api.call('PATCH', `/api/resources/${r.id}`, { token: t[who], body: { capacity: 9 } })).status, who).toBe(403)
      expect((await api.call('POST', `/api/resources/${r.id}/archive`, { token: t[who] })).status, who).toBe(403)
    }
    const bad = await api.call('PATCH', `/api/resources/${r.id}`, { token: t.unit1, body: { contactPhone: '电话' } })
    expect(bad.status).toBe(400)
    expect(bad.body.error.field).toBe('contactPhone')
    const ok = await api.call('PATCH', `/api/resources/${r.id}`, { token: t.unit1, body: { capacity: 9, partnerType: null } })
    expect(ok.status).toBe(200)
    expect(ZResource.parse(ok.body)).toMatchObject({ capacity: 9, partnerType: null })
    expect((await api.call('PATCH', `/api/resources/${r.id}`, { token: t.staff1, body: { title: '家电维修（社区审核）' } })).body.title).toBe('家电维修（社区审核）')
    const a = await api.call('POST', `/api/resources/${r.id}/archive`, { token: t.staff1 })
    expect(a.status).toBe(200)
    expect(a.body.status).toBe('archived')
    const list = await api.call('GET', '/api/resources?limit=50', { token: t.resident1 })
    expect(list.body.items.map((x: { id: string }) => x.id)).not.toContain(r.id)
    expect((await api.call('PATCH', `/api/resources/${r.id}`, { token: t.unit1, body: { capacity: 2 } })).status).toBe(409)
  })

  it('rewards: edit, restock (20 parallel +1 → +20) and archive; an open redemption is still verified after archiving', async () => {
    await api.call('POST', '/api/beans/award', { token: t.staff1, body: { profileId: IDS.resident1, amount: 50, reason: '环境整治表现突出' }, headers: { 'Idempotency-Key': 'editing-api-award-01' } })
    const r = ZReward.parse((await api.call('POST', '/api/rewards', { token: t.unit1, body: { title: '社区理发', priceBeans: 10, stock: 0 } })).body)
    for (const who of ['unit2', 'staff2', 'resident1']) {
      expect((await api.call('PATCH', `/api/rewards/${r.id}`, { token: t[who], body: { priceBeans: 1 } })).status, who).toBe(403)
      expect((await api.call('POST', `/api/rewards/${r.id}/restock`, { token: t[who], body: { add: 1 } })).status, who).toBe(403)
      expect((await api.call('POST', `/api/rewards/${r.id}/archive`, { token: t[who] })).status, who).toBe(403)
    }
    for (const [body, field] of [[{ add: 0 }, 'add'], [{ add: 1.5 }, 'add'], [{}, 'add']] as const) {
      const x = await api.call('POST', `/api/rewards/${r.id}/restock`, { token: t.unit1, body })
      expect(x.status).toBe(400)
      expect(x.body.error.field).toBe(field)
    }
    const all = await Promise.all(Array.from({ length: 20 }, () => api.call('POST', `/api/rewards/${r.id}/restock`, { token: t.unit1, body: { add: 1 } })))
    expect(all.map((x) => x.status)).toEqual(Array(20).fill(200))
    const [{ stock }] = await api.sql<{ stock: number }>('select stock from public.rewards where id = $1', [r.id])
    expect(stock).toBe(20)

    const redeemed = await api.call('POST', `/api/rewards/${r.id}/redeem`, { token: t.resident1, headers: { 'Idempotency-Key': 'editing-api-redeem-01' } })
    expect(redeemed.status).toBe(201)
    const priced = await api.call('PATCH', `/api/rewards/${r.id}`, { token: t.unit1, body: { priceBeans: 25, perPersonLimit: { count: 1, period: 'once' }, validUntil: iso(30 * 24 * 60) } })
    expect(priced.status).toBe(200)
    expect(ZReward.parse(priced.body)).toMatchObject({ priceBeans: 25, perPersonLimit: 1, limitPeriod: 'once' })
    expect((await api.call('GET', '/api/redemptions', { token: t.resident1 })).body.items.find((x: { id: string }) => x.id === redeemed.body.id).priceBeans).toBe(10)
    expect((await api.call('PATCH', `/api/rewards/${r.id}`, { token: t.unit1, body: { validUntil: 'tomorrow' } })).body.error.field).toBe('validUntil')

    const archived = await api.call('POST', `/api/rewards/${r.id}/archive`, { token: t.unit1 })
    expect(archived.status).toBe(200)
    expect(archived.body.status).toBe('archived')
    expect((await api.call('GET', '/api/rewards', { token: t.resident2 })).body.items.map((x: { id: string }) => x.id)).not.toContain(r.id)
    expect((await api.call('POST', `/api/rewards/${r.id}/redeem`, { token: t.resident1, headers: { 'Idempotency-Key': 'editing-api-redeem-02' } })).status).toBe(404)
    const [n] = await api.sql<{ profile_id: string }>(`select profile_id from public.notifications where kind = 'reward.archived' and payload->>'rewardId' = $1`, [r.id])
    expect(n.profile_id).toBe(IDS.resident1)
    const v = await api.call('POST', '/api/redemptions/verify', { token: t.unit1, body: { code: redeemed.body.code } })
    expect(v.status).toBe(200)
    expect(v.body.status).toBe('verified')
  })

  it('GET/PUT /api/communities/{id}/settings: staff of A and the street admin; staff of B and residents refused; invalid values → 400 naming the field', async () => {
    const url = `/api/communities/${IDS.communityA}/settings`
    const g = await api.call('GET', url, { token: t.staff1 })
    expect(g.status).toBe(200)
    const s = ZCommunitySettings.parse(g.body)
    expect(s.communityName).toBe('和平社区')
    expect((await api.call('GET', url, { token: t.admin1 })).status).toBe(200)
    for (const who of ['staff2', 'resident1', 'unit1']) {
      expect((await api.call('GET', url, { token: t[who] })).status, who).toBe(403)
      expect((await api.call('PUT', url, { token: t[who], body: { yearlyTargetHours: 20 } })).status, who).toBe(403)
    }
    for (const [body, field] of [
      [{ yearlyTargetHours: -1 }, 'yearlyTargetHours'], [{ yearlyTargetHours: 12.25 }, 'yearlyTargetHours'], [{ cosignThreshold: 0 }, 'cosignThreshold'],
      [{ cosignThreshold: 2.5 }, 'cosignThreshold'], [{ beanRules: [{ rule: 'meeting_attendance', beans: -1 }] }, 'beanRules.0.beans'],
      [{ beanRules: [{ rule: 'free_money', beans: 1 }] }, 'beanRules.0.rule'], [{ beanRules: [{ rule: 'need_rated', beans: 5000 }] }, 'beanRules.0.beans'],
      [{ beanRules: [{ rule: 'need_rated', beans: 1 }, { rule: 'need_rated', beans: 2 }] }, 'beanRules.1.rule'],
      [{ sla: [{ severity: 'general', minutes: 0, goal: 'resolve' }] }, 'sla.0.minutes'], [{ sla: [{ severity: 'urgent', minutes: 60, goal: 'resolve' }] }, 'sla.0.severity'],
      [{ needLoop: { autoCloseDays: 0 } }, 'needLoop.autoCloseDays'],
    ] as const) {
      const r = await api.call('PUT', url, { token: t.staff1, body })
      expect(r.status, field).toBe(400)
      expect(r.body.error.field).toBe(field)
    }
    const put = await api.call('PUT', url, {
      token: t.staff1,
      body: { yearlyTargetHours: 16, beanRules: [{ rule: 'need_rated', beans: 3 }], sla: [{ severity: 'major', minutes: 720, goal: 'resolve' }], needLoop: { reopenDays: 14 } },
    })
    expect(put.status).toBe(200)
    const after = ZCommunitySettings.parse(put.body)
    expect(after).toMatchObject({ yearlyTargetHours: 16, cosignThreshold: s.cosignThreshold, needLoop: { ...s.needLoop, reopenDays: 14 } })
    expect(after.beanRules.find((b) => b.rule === 'need_rated')?.beans).toBe(3)
    expect(after.sla.find((b) => b.severity === 'major')).toEqual({ severity: 'major', minutes: 720, goal: 'resolve' })
    // the SLA rules the needs loop reads are the same ones
    expect((await api.call('GET', `/api/communities/${IDS.communityA}/sla`, { token: t.staff1 })).body.rules.find((x: { severity: string }) => x.severity === 'major').minutes).toBe(720)
    const [audit] = await api.sql<{ actor_id: string; detail: Record<string, unknown> }>(
      `select actor_id, detail from public.audit_log where action = 'settings.updated' and community_id = $1 order by id desc limit 1`, [IDS.communityA])
    expect(audit.actor_id).toBe(IDS.staff1)
    expect(Object.keys(audit.detail).sort()).toEqual(['beanRules', 'needLoop', 'sla', 'yearlyTargetHours'])
    // the street admin writes too
    expect((await api.call('PUT', url, { token: t.admin1, body: { needLoop: { escalateGraceMinutes: 30 } } })).body.needLoop.escalateGraceMinutes).toBe(30)
  })

  it('without a login every new operation is 401', async () => {
    for (const [m, path] of [
      ['PATCH', '/api/posts/' + IDS.street], ['POST', `/api/meetings/${IDS.street}/cancel`], ['PATCH', `/api/resources/${IDS.street}`],
      ['POST', `/api/rewards/${IDS.street}/restock`], ['GET', `/api/communities/${IDS.communityA}/settings`],
    ] as const) {
      expect((await api.call(m, path, { body: m === 'GET' ? undefined : {} })).status, path).toBe(401)
    }
  })
})
