import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ZNeedDetail, ZSimilarNeedsResponse } from '../../core/contracts/needs'
import { IDS } from '../helpers/db'
import { TEST_CRON_SECRET, startTestApi, type TestApi } from '../helpers/api'

const valid = { title: '楼道灯坏了', description: '3单元楼道灯坏了一周，晚上老人上下楼很危险。', category: 'facility_repair' }

describe('needs loop over HTTP', () => {
  let api: TestApi
  const t: Record<string, string> = {}
  beforeAll(async () => {
    api = await startTestApi('needsloop_api')
    for (const h of ['resident1', 'resident2', 'resident3', 'staff1', 'staff2', 'grid1', 'admin1']) t[h] = await api.login(h)
  })
  afterAll(async () => {
    await api?.close()
  })

  const create = async (token = t.resident1, body: Record<string, unknown> = valid) => {
    const r = await api.call('POST', '/api/needs', { token, body })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    return ZNeedDetail.parse(r.body)
  }

  it('submit → triage → in progress → resolved → rated, with the timeline on GET /api/needs/{id}', async () => {
    const n = await create(t.resident1, { ...valid, urgency: 'high', address: '和平路 12 号', peopleAffected: 30 })
    const tri = await api.call('POST', `/api/needs/${n.id}/triage`, { token: t.staff1, body: { track: 'shared', severity: 'general', handlerId: IDS.staff1, note: '联系物业维修' } })
    expect(tri.status).toBe(200)
    expect(tri.body).toMatchObject({ status: 'triaged', track: 'shared', severity: 'general', dueGoal: 'resolve', overdue: false })
    for (const to of ['in_progress', 'resolved']) {
      const r = await api.call('POST', `/api/needs/${n.id}/transition`, { token: t.staff1, body: { to, ...(to === 'resolved' ? { note: '已联系物业更换了楼道灯' } : {}) } })
      expect(r.status, to).toBe(200)
    }
    const rate = await api.call('POST', `/api/needs/${n.id}/evaluate`, { token: t.resident1, body: { rating: 5, comment: '很及时' } })
    expect(rate.status).toBe(200)
    const got = ZNeedDetail.parse((await api.call('GET', `/api/needs/${n.id}`, { token: t.resident1 })).body)
    expect(got.timeline.map((e) => e.to)).toEqual(['submitted', 'triaged', 'in_progress', 'resolved', 'evaluated'])
    expect(got).toMatchObject({ status: 'evaluated', rating: 5, urgency: 'high', peopleAffected: 30, address: '和平路 12 号' })
    expect(got.dueAt).not.toBeNull()
  })

  it('a resident cannot triage (403); staff of B cannot touch A’s need (404); only the owner rates (403)', async () => {
    const n = await create()
    expect((await api.call('POST', `/api/needs/${n.id}/triage`, { token: t.resident1, body: { track: 'private', severity: 'general' } })).status).toBe(403)
    expect((await api.call('POST', `/api/needs/${n.id}/triage`, { token: t.staff2, body: { track: 'private', severity: 'general' } })).status).toBe(404)
    expect((await api.call('POST', `/api/needs/${n.id}/transition`, { token: t.staff2, body: { to: 'rejected', note: '不归我们管' } })).status).toBe(404)
    await api.call('POST', `/api/needs/${n.id}/triage`, { token: t.staff1, body: { track: 'private', severity: 'general' } })
    await api.call('POST', `/api/needs/${n.id}/transition`, { token: t.staff1, body: { to: 'in_progress' } })
    await api.call('POST', `/api/needs/${n.id}/transition`, { token: t.staff1, body: { to: 'resolved', note: '已联系物业更换了楼道灯' } })
    expect((await api.call('POST', `/api/needs/${n.id}/evaluate`, { token: t.staff1, body: { rating: 5 } })).status).toBe(403)
  })

  it('a refused transition is a 409 with a Chinese message naming the field', async () => {
    const n = await create()
    const r = await api.call('POST', `/api/needs/${n.id}/transition`, { token: t.staff1, body: { to: 'resolved', note: '已联系物业更换了楼道灯' } })
    expect(r.status).toBe(409)
    expect(r.body.error).toMatchObject({ code: 'need.transition_invalid', field: 'to' })
    expect(r.body.error.message).toMatch(/当前状态/)
    const noReason = await api.call('POST', `/api/needs/${n.id}/transition`, { token: t.staff1, body: { to: 'rejected' } })
    expect(noReason.status).toBe(400)
    expect(noReason.body.error.field).toBe('note')
  })

  it.each([
    ['/triage', { track: 'household', severity: 'general' }, 'track'],
    ['/triage', { track: 'private' }, 'severity'],
    ['/triage', { track: 'public', severity: 'general' }, 'department'],
    ['/triage', { track: 'private', severity: 'general', handlerId: 'x' }, 'handlerId'],
    ['/transition', { to: 'done' }, 'to'],
    ['/transition', { to: 'rejected', note: 'x'.repeat(501) }, 'note'],
    ['/evaluate', { rating: 0 }, 'rating'],
    ['/evaluate', { rating: 3.5 }, 'rating'],
    ['/evaluate', { rating: '5' }, 'rating'],
    ['/evaluate', { rating: 4, comment: 'x'.repeat(501) }, 'comment'],
  ])('POST /api/needs/{id}%s with %j → 400 naming %s', async (path, body, field) => {
    const n = await create()
    const r = await api.call('POST', `/api/needs/${n.id}${path}`, { token: t.staff1, body })
    expect(r.status).toBe(400)
    expect(r.body.error.field).toBe(field)
    expect(r.body.error.message).toMatch(/[\u4e00-\u9fa5]/)
  })

  it.each([
    [{ ...valid, urgency: 'asap' }, 'urgency'],
    [{ ...valid, peopleAffected: 0 }, 'peopleAffected'],
    [{ ...valid, windowFrom: 'tomorrow' }, 'windowFrom'],
    [{ ...valid, windowFrom: '2026-11-23T10:00:00Z', windowTo: '2026-11-23T09:00:00Z' }, 'windowTo'],
    [{ ...valid, source: 'fax' }, 'source'],
    [{ ...valid, contactPhone: '12ab' }, 'contactPhone'],
    [{ ...valid, address: 'x'.repeat(201) }, 'address'],
  ])('POST /api/needs with %j → 400 naming %s', async (body, field) => {
    const r = await api.call('POST', '/api/needs', { token: t.resident1, body })
    expect(r.status).toBe(400)
    expect(r.body.error.field).toBe(field)
  })

  it('GET /api/needs/similar suggests open needs of the micro-grid; bad input → 400', async () => {
    const a = await create(t.resident2, { ...valid, title: '5号楼电梯经常故障', microGridId: IDS.microA1 })
    const r = await api.call('GET', `/api/needs/similar?microGridId=${IDS.microA1}&title=${encodeURIComponent('电梯故障')}`, { token: t.resident1 })
    expect(r.status).toBe(200)
    expect(ZSimilarNeedsResponse.parse(r.body).items.map((i) => i.id)).toContain(a.id)
    expect((await api.call('GET', '/api/needs/similar?title=电梯', { token: t.resident1 })).body.error.field).toBe('microGridId')
    expect((await api.call('GET', `/api/needs/similar?microGridId=${IDS.microA1}`, { token: t.resident1 })).body.error.field).toBe('title')
    expect((await api.call('GET', `/api/needs/similar?microGridId=${IDS.microA1}&title=x`)).status).toBe(401)
  })

  it('POST/DELETE /api/needs/{id}/follow counts residents of the community', async () => {
    const n = await create(t.resident2)
    expect((await api.call('POST', `/api/needs/${n.id}/follow`, { token: t.resident1 })).body).toEqual({ id: n.id, followers: 1, following: true })
    expect((await api.call('POST', `/api/needs/${n.id}/follow`, { token: t.resident3 })).status).toBe(404)
    expect((await api.call('DELETE', `/api/needs/${n.id}/follow`, { token: t.resident1 })).body).toEqual({ id: n.id, followers: 0, following: false })
    expect((await api.call('POST', `/api/needs/${n.id}/follow`, { token: t.resident2 })).status).toBe(409)
  })

  it('staff list filters: status, track, severity, grid, overdue, oldest first', async () => {
    const n = await create()
    await api.call('POST', `/api/needs/${n.id}/triage`, { token: t.staff1, body: { track: 'public', severity: 'major', department: '区城管局' } })
    await api.sql(`update public.needs set due_at = now() - interval '1 hour' where id = $1`, [n.id])
    const r = await api.call('GET', `/api/needs?track=public&severity=major&gridId=${IDS.gridA1}&overdue=true&order=oldest`, { token: t.staff1 })
    expect(r.status).toBe(200)
    expect(r.body.items.map((i: { id: string }) => i.id)).toContain(n.id)
    expect(r.body.items.every((i: { overdue: boolean; track: string }) => i.overdue && i.track === 'public')).toBe(true)
    for (const [q, field] of [['overdue=maybe', 'overdue'], ['order=random', 'order'], ['track=x', 'track'], ['gridId=1', 'gridId']]) {
      expect((await api.call('GET', `/api/needs?${q}`, { token: t.staff1 })).body.error?.field, q).toBe(field)
    }
  })

  it('SLA rules: GET and PUT for staff of the community and the street admin; not for residents or other staff', async () => {
    const g = await api.call('GET', `/api/communities/${IDS.communityA}/sla`, { token: t.staff1 })
    expect(g.status).toBe(200)
    expect(g.body.rules).toHaveLength(4)
    expect((await api.call('GET', `/api/communities/${IDS.communityA}/sla`, { token: t.resident1 })).status).toBe(403)
    const body = { severity: 'major', minutes: 720, goal: 'resolve' }
    expect((await api.call('PUT', `/api/communities/${IDS.communityA}/sla`, { token: t.resident1, body })).status).toBe(403)
    expect((await api.call('PUT', `/api/communities/${IDS.communityA}/sla`, { token: t.staff2, body })).status).toBe(403)
    expect((await api.call('PUT', `/api/communities/${IDS.communityA}/sla`, { token: t.staff1, body: { ...body, minutes: 600 } })).status).toBe(200)
    const ok = await api.call('PUT', `/api/communities/${IDS.communityA}/sla`, { token: t.admin1, body })
    expect(ok.status).toBe(200)
    expect(ok.body.rules.find((r: { severity: string }) => r.severity === 'major').minutes).toBe(720)
    expect((await api.call('PUT', `/api/communities/${IDS.communityA}/sla`, { token: t.admin1, body: { ...body, minutes: 0 } })).body.error.field).toBe('minutes')
    await api.call('PUT', `/api/communities/${IDS.communityA}/sla`, { token: t.admin1, body: { ...body, minutes: 1440 } })
  })
})

describe('cron /api/cron/sla over HTTP', () => {
  let api: TestApi
  beforeAll(async () => {
    api = await startTestApi('cron_api')
  })
  afterAll(async () => {
    await api?.close()
  })

  const cron = (secret: string | null = TEST_CRON_SECRET) =>
    api.call('GET', '/api/cron/sla', { headers: secret ? { Authorization: `Bearer ${secret}` } : {} })

  it('refuses a call without the cron secret', async () => {
    expect((await cron(null)).status).toBe(401)
    expect((await cron('wrong-secret-wrong-secret')).status).toBe(401)
    const person = await api.login('staff1')
    expect((await api.call('GET', '/api/cron/sla', { token: person })).status).toBe(401)
  })

  it('escalates overdue needs, closes unrated resolved ones after 7 days, and a second run changes nothing', async () => {
    const resident = await api.login('resident1')
    const staff = await api.login('staff1')
    const mk = async () => (await api.call('POST', '/api/needs', { token: resident, body: valid })).body.id as string
    const late = await mk()
    await api.call('POST', `/api/needs/${late}/triage`, { token: staff, body: { track: 'private', severity: 'general' } })
    const fresh = await mk()
    await api.call('POST', `/api/needs/${fresh}/triage`, { token: staff, body: { track: 'private', severity: 'general' } })
    const stale = await mk()
    await api.call('POST', `/api/needs/${stale}/triage`, { token: staff, body: { track: 'private', severity: 'general' } })
    await api.call('POST', `/api/needs/${stale}/transition`, { token: staff, body: { to: 'in_progress' } })
    await api.call('POST', `/api/needs/${stale}/transition`, { token: staff, body: { to: 'resolved', note: '已联系物业更换了楼道灯' } })
    // 2 hours past a 1-hour deadline (the grace is 60 minutes); resolved 8 days ago
    await api.sql(`update public.needs set due_at = now() - interval '2 hours' where id = $1`, [late])
    await api.sql(`update public.needs set resolved_at = now() - interval '8 days' where id = $1`, [stale])

    const first = await cron()
    expect(first.status).toBe(200)
    expect(first.body).toMatchObject({ escalated: 1, closed: 1 })
    const statuses = await api.sql<{ id: string; status: string }>('select id, status from public.needs where id = any($1)', [[late, fresh, stale]])
    expect(Object.fromEntries(statuses.map((s) => [s.id, s.status]))).toEqual({ [late]: 'escalated', [fresh]: 'triaged', [stale]: 'closed' })
    const timeline = (await api.call('GET', `/api/needs/${late}`, { token: resident })).body.timeline
    expect(timeline.at(-1)).toMatchObject({ to: 'escalated', actor: 'system', actorName: null })

    const before = await api.sql('select count(*)::int as n from public.need_events')
    const second = await cron()
    expect(second.body).toMatchObject({ escalated: 0, closed: 0 })
    expect(await api.sql('select count(*)::int as n from public.need_events')).toEqual(before)
  })

  it('drains the outbox through WeChat subscribe messages: sent, skipped without subscription, retried later when busy', async () => {
    await api.sql(`update public.notifications set status = 'skipped'`)
    const p = await api.sql<{ id: string }>(`insert into public.profiles (wechat_openid, display_name, community_id, micro_grid_id) values
      ('openid-ok', '微信居民', $1, $2), ('refuser', '未订阅居民', $1, $2), ('flaky', '网络不稳居民', $1, $2) returning id`, [IDS.communityA, IDS.microA1])
    await api.sql(`insert into public.profile_roles (profile_id, role, community_id) select id, 'resident', $1 from public.profiles where wechat_openid in ('openid-ok', 'refuser', 'flaky')`, [IDS.communityA])
    const tokens = await Promise.all(['ok-openid-ok', 'ok-refuser', 'ok-flaky'].map(async (code) => (await api.call('POST', '/api/auth/wechat', { body: { code } })).body.token as string))
    const staff = await api.login('staff1')
    // each allowed one need-status message when submitting (a message is only sent against an allowance)
    for (const tok of tokens) expect((await api.call('POST', '/api/me/subscriptions', { token: tok, body: { accepted: ['need_status'] } })).status).toBe(200)
    for (const tok of tokens) {
      const id = (await api.call('POST', '/api/needs', { token: tok, body: { ...valid, title: '这是一个标题很长很长的需求用来测试截断' } })).body.id
      await api.call('POST', `/api/needs/${id}/triage`, { token: staff, body: { track: 'private', severity: 'general', note: '已安排工作人员上门查看并处理，请保持电话畅通' } })
    }
    expect(p).toHaveLength(3)
    api.wechat.expireTokens()
    const first = await cron()
    expect(first.body.notifications).toEqual({ sent: 1, skipped: 1, failed: 0, retry: 1 })
    const sent = api.wechat.sends.at(-1)!
    expect(sent.body).toMatchObject({ touser: 'openid-ok', template_id: 'tmpl-need-status' })
    expect(sent.body.page).toMatch(/^packageNeeds\/pages\/detail\/index\?id=/)
    expect(sent.body.data.phrase2.value).toBe('已研判')
    expect([...sent.body.data.thing1.value].length).toBeLessThanOrEqual(20)
    // the busy one backs off: not retried on the next run, only once its next attempt is due
    const second = await cron()
    expect(second.body.notifications).toEqual({ sent: 0, skipped: 0, failed: 0, retry: 0 })
    await api.sql(`update public.notifications set next_attempt_at = now() - interval '1 second' where status = 'pending'`)
    const third = await cron()
    expect(third.body.notifications).toEqual({ sent: 1, skipped: 0, failed: 0, retry: 0 })
    expect(api.wechat.sends.at(-1)!.body.touser).toBe('flaky')
    const fourth = await cron()
    expect(fourth.body.notifications).toEqual({ sent: 0, skipped: 0, failed: 0, retry: 0 })
  })
})
