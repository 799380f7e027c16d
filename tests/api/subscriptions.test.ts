import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ZSubscriptionsResponse } from '../../core/contracts/subscriptions'
import { IDS } from '../helpers/db'
import { TEST_CRON_SECRET, startTestApi, type TestApi } from '../helpers/api'

// WeChat subscribe messages against the local fake WeChat: one message per allowance, refused groups never sent,
// a stale access token refreshed once, a busy WeChat retried later (backoff), 43101 skipped.
const TEMPLATES = { WECHAT_TEMPLATE_SERVICE: 'tmpl-service', WECHAT_TEMPLATE_MEETING: 'tmpl-meeting', WECHAT_TEMPLATE_REDEMPTION: 'tmpl-redemption' }
const valid = { title: '楼道灯坏了', description: '3单元楼道灯坏了一周，晚上老人上下楼很危险。', category: 'facility_repair' }

describe('WeChat subscribe messages', () => {
  let api: TestApi
  let staff: string
  const tok: Record<string, string> = {}
  const pid: Record<string, string> = {}

  const cron = async () => {
    const r = await api.call('GET', '/api/cron/sla', { headers: { Authorization: `Bearer ${TEST_CRON_SECRET}` } })
    expect(r.status).toBe(200)
    return r.body.notifications as { sent: number; skipped: number; failed: number; retry: number }
  }
  const subscribe = (who: string, body: unknown) => api.call('POST', '/api/me/subscriptions', { token: tok[who], body })
  const credits = async (who: string) => ZSubscriptionsResponse.parse((await api.call('GET', '/api/me/subscriptions', { token: tok[who] })).body).credits
  const needFor = async (who: string, title = valid.title) => {
    const r = await api.call('POST', '/api/needs', { token: tok[who], body: { ...valid, title } })
    expect(r.status).toBe(201)
    return r.body.id as string
  }
  const triage = async (id: string) =>
    expect((await api.call('POST', `/api/needs/${id}/triage`, { token: staff, body: { track: 'private', severity: 'general', note: '已安排上门' } })).status).toBe(200)
  const rows = (who: string) =>
    api.sql<{ id: string; kind: string; status: string; last_error: string | null; attempts: number; due_in: number }>(
      `select id, kind, status, last_error, attempts, extract(epoch from next_attempt_at - now())::int as due_in
       from public.notifications where profile_id = $1 order by id`, [pid[who]])

  beforeAll(async () => {
    api = await startTestApi('subscriptions_api', TEMPLATES)
    const people = ['sub-once', 'flaky', 'refuser', 'sub-all', 'sub-token']
    const made = await api.sql<{ id: string; wechat_openid: string }>(
      `insert into public.profiles (wechat_openid, display_name, community_id, micro_grid_id)
       select o, '订阅居民', $1, $2 from unnest($3::text[]) o returning id, wechat_openid`, [IDS.communityA, IDS.microA1, people])
    await api.sql(`insert into public.profile_roles (profile_id, role, community_id) select id, 'resident', $1 from public.profiles where wechat_openid = any($2)`, [IDS.communityA, people])
    for (const m of made) {
      pid[m.wechat_openid] = m.id
      tok[m.wechat_openid] = (await api.call('POST', '/api/auth/wechat', { body: { code: `ok-${m.wechat_openid}` } })).body.token
    }
    staff = await api.login('staff1')
  })
  afterAll(async () => {
    await api?.close()
  })

  it('GET lists the configured template ids per group; POST adds one allowance per accepted group, capped at 20', async () => {
    const g = await api.call('GET', '/api/me/subscriptions', { token: tok['sub-token'] })
    expect(g.status).toBe(200)
    expect(g.body).toEqual({
      templates: { need_status: 'tmpl-need-status', service: 'tmpl-service', meeting: 'tmpl-meeting', redemption: 'tmpl-redemption' },
      credits: { need_status: 0, service: 0, meeting: 0, redemption: 0 },
    })
    const p = await subscribe('sub-token', { accepted: ['need_status', 'need_status', 'meeting'], rejected: ['service'] })
    expect(p.status).toBe(200)
    expect(p.body.credits).toEqual({ need_status: 1, service: 0, meeting: 1, redemption: 0 })
    for (let i = 0; i < 25; i++) await subscribe('sub-token', { accepted: ['redemption'] })
    expect((await credits('sub-token')).redemption).toBe(20)
    // only one's own: another person sees none of it
    expect(await credits('sub-once')).toEqual({ need_status: 0, service: 0, meeting: 0, redemption: 0 })
    await api.sql(`update public.notification_subscriptions set credits = 0 where profile_id = $1`, [pid['sub-token']])
  })

  it('RLS: a person reads only their own allowances and cannot write them directly', async () => {
    await subscribe('sub-all', { accepted: ['meeting'] })
    const sql = postgres(api.dbUrl, { max: 1, onnotice: () => {} })
    const asPerson = (who: string, fn: (tx: postgres.TransactionSql) => Promise<unknown>) =>
      sql.begin(async (tx) => {
        await tx.unsafe('set local role authenticated')
        await tx.unsafe(`select set_config('request.jwt.claims', $1, true)`, [JSON.stringify({ sub: pid[who], role: 'authenticated' })])
        return fn(tx)
      })
    try {
      const seen = (await asPerson('sub-token', (tx) => tx.unsafe('select distinct profile_id::text as p from public.notification_subscriptions'))) as Array<{ p: string }>
      expect(seen.map((r) => r.p)).toEqual([pid['sub-token']])
      await expect(asPerson('sub-token', (tx) => tx.unsafe(`update public.notification_subscriptions set credits = 20`))).rejects.toThrow(/permission denied/)
      await expect(asPerson('sub-token', (tx) => tx.unsafe(`insert into public.notification_subscriptions (profile_id, template_group, credits) values ($1, 'service', 20)`, [pid['sub-token']]))).rejects.toThrow(/permission denied/)
      await expect(asPerson('sub-token', (tx) => tx.unsafe(`select public.subscription_credit($1, 'meeting', 'take')`, [pid['sub-all']]))).rejects.toThrow(/permission denied/)
    } finally {
      await sql.end()
    }
    expect((await credits('sub-all')).meeting).toBe(1)
    await api.sql(`update public.notification_subscriptions set credits = 0 where profile_id = $1`, [pid['sub-all']])
  })

  it.each([
    [{}, 'accepted'],
    [{ accepted: 'need_status' }, 'accepted'],
    [{ accepted: ['sms'] }, 'accepted.0'],
    [{ accepted: [], rejected: ['need_status', 42] }, 'rejected.1'],
    [{ accepted: [], rejected: 'meeting' }, 'rejected'],
  ])('POST /api/me/subscriptions with %j → 400 naming %s', async (body, field) => {
    const r = await subscribe('sub-once', body)
    expect(r.status).toBe(400)
    expect(r.body.error.field).toBe(field)
    expect(r.body.error.message).toMatch(/[\u4e00-\u9fa5]/)
  })

  it('needs a login', async () => {
    expect((await api.call('POST', '/api/me/subscriptions', { body: { accepted: ['need_status'] } })).status).toBe(401)
    expect((await api.call('GET', '/api/me/subscriptions')).status).toBe(401)
  })

  it('one allowance, two status changes: exactly one message, the second skipped for lack of allowance; a refused group is never sent', async () => {
    await api.sql(`update public.notifications set status = 'skipped' where status in ('pending', 'sending')`)
    await subscribe('sub-once', { accepted: ['need_status'], rejected: ['meeting'] })
    const id = await needFor('sub-once')
    await triage(id)
    await api.call('POST', `/api/needs/${id}/transition`, { token: staff, body: { to: 'in_progress' } })
    await api.sql(`insert into public.notifications (profile_id, kind, payload) values ($1, 'meeting.cancelled', $2)`,
      [pid['sub-once'], { meetingId: IDS.communityA, title: '停车议事会', at: '2026-12-01T06:00:00Z', reason: '场地冲突' }])
    const before = api.wechat.sends.length
    expect(await cron()).toEqual({ sent: 1, skipped: 2, failed: 0, retry: 0 })
    const mine = api.wechat.sends.slice(before).filter((s) => s.body.touser === 'sub-once')
    expect(mine).toHaveLength(1)
    expect(mine[0].body).toMatchObject({ template_id: 'tmpl-need-status', data: { phrase2: { value: '已研判' }, thing3: { value: '已安排上门' } } })
    const r = await rows('sub-once')
    expect(r.map((x) => [x.kind, x.status])).toEqual([['need.status', 'sent'], ['need.status', 'skipped'], ['meeting.cancelled', 'skipped']])
    expect(r[1].last_error).toMatch(/not subscribed \(need_status\)/)
    expect(r[2].last_error).toMatch(/not subscribed \(meeting\)/)
    expect(await credits('sub-once')).toMatchObject({ need_status: 0, meeting: 0 })
    // the inbox still has all three
    const inbox = await api.call('GET', '/api/notifications', { token: tok['sub-once'] })
    expect(inbox.body.items).toHaveLength(3)
  })

  it('a stale access token is refreshed once and the message still goes out', async () => {
    await subscribe('sub-token', { accepted: ['need_status'] })
    const id = await needFor('sub-token')
    await cron() // warms the token cache (nothing of sub-token's is due yet)
    await triage(id)
    api.wechat.expireTokens()
    const tokenCalls = () => api.wechat.requests.filter((u) => u.pathname === '/cgi-bin/token').length
    const calls = tokenCalls()
    const before = api.wechat.sends.length
    expect(await cron()).toMatchObject({ sent: 1, retry: 0, failed: 0 })
    expect(tokenCalls()).toBe(calls + 1)
    const sent = api.wechat.sends.slice(before)
    expect(sent.map((s) => s.body.touser)).toEqual(['sub-token'])
    expect(sent[0].accessToken).toMatch(/^tok-\d+$/)
  })

  it('a busy WeChat (-1) is retried later with backoff, the allowance kept, then sent', async () => {
    await subscribe('flaky', { accepted: ['need_status'] })
    await triage(await needFor('flaky'))
    expect(await cron()).toMatchObject({ retry: 1, sent: 0 })
    let [row] = await rows('flaky')
    expect(row).toMatchObject({ status: 'pending', attempts: 1 })
    expect(row.last_error).toMatch(/^-1 /)
    // 1 minute after the first failure
    expect(row.due_in).toBeGreaterThan(45)
    expect(row.due_in).toBeLessThanOrEqual(60)
    expect((await credits('flaky')).need_status).toBe(1)
    expect(await cron()).toEqual({ sent: 0, skipped: 0, failed: 0, retry: 0 })
    await api.sql(`update public.notifications set next_attempt_at = now() - interval '1 second' where id = $1`, [row.id])
    expect(await cron()).toMatchObject({ sent: 1 })
    ;[row] = await rows('flaky')
    expect(row).toMatchObject({ status: 'sent', attempts: 2 })
    expect(api.wechat.sends.at(-1)!.body.touser).toBe('flaky')
    expect((await credits('flaky')).need_status).toBe(0)
  })

  it('the backoff grows (1 min, 5 min, 30 min, 2 h, 6 h) and the 6th failed attempt is final', async () => {
    const [n] = await api.sql<{ id: string }>(`insert into public.notifications (profile_id, kind, payload) values ($1, 'need.status', '{}') returning id`, [pid['refuser']])
    const waits: number[] = []
    for (let attempt = 1; attempt <= 6; attempt++) {
      // as the sender leaves it: claimed (attempts counted), then marked for a retry
      await api.sql(`update public.notifications set attempts = $2, status = 'sending' where id = $1`, [n.id, attempt])
      await api.sql(`select public.notification_mark($1, 'pending', 'busy')`, [n.id])
      const [s] = await api.sql<{ status: string; wait: number }>(`select status, round(extract(epoch from next_attempt_at - now()) / 60)::int as wait from public.notifications where id = $1`, [n.id])
      waits.push(s.status === 'failed' ? -1 : s.wait)
    }
    expect(waits).toEqual([1, 5, 30, 120, 360, -1])
    await api.sql(`update public.notifications set status = 'skipped' where id = $1`, [n.id])
  })

  it('WeChat 43101 (no allowance there) is skipped and clears ours', async () => {
    await subscribe('refuser', { accepted: ['need_status'] })
    await subscribe('refuser', { accepted: ['need_status'] })
    await triage(await needFor('refuser'))
    expect(await cron()).toMatchObject({ skipped: 1, sent: 0, retry: 0 })
    const r = (await rows('refuser')).filter((x) => /43101/.test(x.last_error ?? ''))
    expect(r.map((x) => [x.kind, x.status])).toEqual([['need.status', 'skipped']])
    expect(api.wechat.sends.some((x) => x.body.touser === 'refuser')).toBe(false)
    expect((await credits('refuser')).need_status).toBe(0)
  })

  it('every template group renders its fields within WeChat’s limits and opens the item’s page', async () => {
    await subscribe('sub-all', { accepted: ['need_status', 'service', 'meeting', 'redemption'] })
    const long = '这是一个非常非常长的标题，用来检查二十个字符以内的截断是否正确处理'
    const id = '00000000-0000-4000-8000-000000000001'
    const items: Array<[string, Record<string, unknown>]> = [
      ['need.status', { needId: id, title: long, to: 'in_deliberation', note: long, at: '2026-11-30T16:30:00Z' }],
      ['post.cancelled', { postId: id, title: long, shiftId: id, at: '2026-12-02T01:00:00Z', reason: long }],
      ['motion.closed', { motionId: id, meetingId: id, title: long, meetingTitle: long, result: 'no_quorum', resolutionId: null }],
      ['reward.archived', { rewardId: id, title: long, redemptionId: id, expiresAt: '2026-12-31T15:59:00Z' }],
    ]
    for (const [kind, payload] of items) {
      await api.sql(`insert into public.notifications (profile_id, kind, payload) values ($1, $2, $3)`, [pid['sub-all'], kind, payload])
    }
    const before = api.wechat.sends.length
    expect(await cron()).toMatchObject({ sent: 4, failed: 0 })
    const sent = api.wechat.sends.slice(before)
    expect(sent.map((s) => s.body.template_id)).toEqual(['tmpl-need-status', 'tmpl-service', 'tmpl-meeting', 'tmpl-redemption'])
    for (const s of sent) {
      expect(Object.keys(s.body.data).sort()).toEqual(['phrase2', 'thing1', 'thing3', 'time4'])
      expect([...s.body.data.thing1.value].length).toBeLessThanOrEqual(20)
      expect([...s.body.data.thing3.value].length).toBeLessThanOrEqual(20)
      expect(s.body.data.phrase2.value).toMatch(/^[\u4e00-\u9fa5]{1,5}$/)
      expect(s.body.data.time4.value).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/)
      expect(s.body.page).not.toMatch(/^\//)
    }
    expect(sent[0].body.data.time4.value).toBe('2026-12-01 00:30')
    expect(sent[0].body.page).toBe(`packageNeeds/pages/detail/index?id=${id}`)
    expect(sent[1].body.data.phrase2.value).toBe('已取消')
    expect(sent[2].body.data.phrase2.value).toBe('人数不足')
    expect(sent[3].body.page).toBe('packageBeans/pages/redemptions/index')
    expect(await credits('sub-all')).toEqual({ need_status: 0, service: 0, meeting: 0, redemption: 0 })
  })

  it('an inbox-only kind is skipped without touching WeChat or the allowance', async () => {
    await subscribe('sub-all', { accepted: ['service'] })
    await api.sql(`insert into public.notifications (profile_id, kind, payload) values ($1, 'invitation.accepted', '{}')`, [pid['sub-all']])
    const before = api.wechat.sends.length
    expect(await cron()).toMatchObject({ skipped: 1, sent: 0 })
    expect(api.wechat.sends.length).toBe(before)
    expect((await credits('sub-all')).service).toBe(1)
  })
})
