import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ZMeetingDetail, ZMetricsResponse, ZMotion, ZResolution, ZTopic } from '../../core/contracts/deliberation'
import { IDS } from '../helpers/db'
import { startTestApi, type TestApi } from '../helpers/api'

const iso = (m: number) => new Date(Date.now() + m * 60_000).toISOString()

describe('deliberation over HTTP', () => {
  let api: TestApi
  const t: Record<string, string> = {}
  beforeAll(async () => {
    api = await startTestApi('deliberation_api')
    for (const h of ['resident1', 'resident2', 'resident3', 'staff1', 'grid1']) t[h] = await api.login(h)
    // a resident's topic goes on a meeting only with enough co-signatures (issue 11); one is enough here
    await api.sql('update public.community_deliberation_settings set cosign_threshold = 1')
  })
  afterAll(async () => {
    await api?.close()
  })

  it('topic → meeting → register → check in → motion → vote → close → resolution → action → progress → rating', async () => {
    const topic = ZTopic.parse((await api.call('POST', '/api/topics', { token: t.resident1, body: { title: '小区绿化带改造', description: '绿化带杂草多' } })).body)
    expect((await api.call('POST', `/api/topics/${topic.id}/cosign`, { token: t.resident2 })).body.cosigns).toBe(1)
    expect((await api.call('GET', '/api/topics', { token: t.resident2 })).body.items.map((x: { id: string }) => x.id)).toContain(topic.id)
    const created = await api.call('POST', '/api/meetings', { token: t.staff1, body: { title: '绿化改造议事会', form: 'street_side', startsAt: iso(20), place: '3号楼下', capacity: 20, topicIds: [topic.id] } })
    expect(created.status).toBe(201)
    const meeting = ZMeetingDetail.parse(created.body)
    expect(meeting.checkInCode).toMatch(/^\d{6}$/)
    expect((await api.call('POST', '/api/meetings', { token: t.resident1, body: { title: '我来开会', form: 'online', startsAt: iso(30), place: '线上', capacity: 5 } })).status).toBe(403)
    for (const h of ['resident1', 'resident2']) {
      const reg = await api.call('POST', `/api/meetings/${meeting.id}/register`, { token: t[h] })
      expect(reg.body.myStatus, JSON.stringify(reg.body)).toBe('registered')
      expect((await api.call('POST', `/api/meetings/${meeting.id}/check-in`, { token: t[h], body: { code: meeting.checkInCode } })).body.checkedIn).toBe(true)
    }
    expect((await api.call('POST', `/api/meetings/${meeting.id}/comments`, { token: t.resident1, body: { body: '建议多种树' } })).status).toBe(201)
    const motion = ZMotion.parse((await api.call('POST', `/api/meetings/${meeting.id}/motions`, {
      token: t.staff1, body: { title: '按方案改造绿化带', options: ['同意', '反对', '弃权'], voters: 'attendees', quorum: 2, threshold: 'majority' },
    })).body)
    expect(motion.options.map((o) => o.label)).toEqual(['同意', '反对', '弃权'])
    expect((await api.call('POST', `/api/motions/${motion.id}/vote`, { token: t.resident3, body: { optionId: motion.options[0].id } })).status).toBe(404)
    for (const h of ['resident1', 'resident2']) {
      expect((await api.call('POST', `/api/motions/${motion.id}/vote`, { token: t[h], body: { optionId: motion.options[0].id } })).status).toBe(200)
    }
    expect((await api.call('POST', `/api/motions/${motion.id}/vote`, { token: t.resident1, body: { optionId: motion.options[1].id } })).status).toBe(409)
    expect((await api.call('POST', `/api/motions/${motion.id}/close`, { token: t.resident1 })).status).toBe(403)
    const closed = ZMotion.parse((await api.call('POST', `/api/motions/${motion.id}/close`, { token: t.staff1 })).body)
    expect(closed).toMatchObject({ status: 'closed', result: 'passed' })
    const rid = closed.resolutionId!
    const added = await api.call('POST', `/api/resolutions/${rid}/actions`, { token: t.staff1, body: { title: '采购苗木并种植', ownerId: IDS.grid1, dueAt: iso(60 * 24 * 7) } })
    expect(added.status).toBe(201)
    const action = ZResolution.parse(added.body).actions[0]
    expect((await api.call('POST', `/api/actions/${action.id}/progress`, { token: t.resident1, body: { note: '我来写', percent: 10 } })).status).toBe(403)
    // the owner's 100% is a report; the item (and so the resolution) completes when staff accept it (issue 13)
    expect((await api.call('POST', `/api/actions/${action.id}/progress`, { token: t.grid1, body: { note: '已种植完毕', percent: 100 } })).body.status).toBe('in_progress')
    expect((await api.call('POST', `/api/actions/${action.id}/accept`, { token: t.staff1 })).body.status).toBe('completed')
    expect((await api.call('POST', `/api/resolutions/${rid}/supervise`, { token: t.resident1, body: { note: '种得很好' } })).status).toBe(201)
    const rated = await api.call('POST', `/api/resolutions/${rid}/evaluate`, { token: t.resident2, body: { rating: 5, comment: '环境变好了' } })
    expect(ZResolution.parse(rated.body)).toMatchObject({ ratings: 1, myRating: 5, progress: 100 })
    // another community's resident reads nothing of it (issue 13: any logged-in person could)
    expect((await api.call('GET', `/api/resolutions/${rid}`, { token: t.resident3 })).status).toBe(404)
    expect((await api.call('GET', `/api/resolutions/${rid}`, { token: t.resident1 })).status).toBe(200)
  })

  it.each([
    ['POST', '/api/topics', { title: '短' }, 'title'],
    ['POST', '/api/meetings', { title: '议事会', form: 'party', startsAt: iso(30), place: '楼下', capacity: 5 }, 'form'],
    ['POST', '/api/meetings', { title: '议事会', form: 'online', startsAt: 'tomorrow', place: '楼下', capacity: 5 }, 'startsAt'],
    ['POST', '/api/meetings', { title: '议事会', form: 'online', startsAt: iso(30), place: '楼下', capacity: 0 }, 'capacity'],
  ])('%s %s with %j → 400 naming %s', async (m, path, body, field) => {
    const r = await api.call(m, path, { token: t.staff1, body })
    expect(r.status).toBe(400)
    expect(r.body.error.field).toBe(field)
  })

  it('motion and check-in validation; metrics by quarter for staff', async () => {
    const meeting = (await api.call('POST', '/api/meetings', { token: t.staff1, body: { title: '议事会', form: 'online', startsAt: iso(30), place: '线上', capacity: 5 } })).body
    expect((await api.call('POST', `/api/meetings/${meeting.id}/motions`, { token: t.staff1, body: { title: '表决', voters: 'everyone', quorum: 1, threshold: 'majority' } })).body.error.field).toBe('voters')
    expect((await api.call('POST', `/api/meetings/${meeting.id}/motions`, { token: t.staff1, body: { title: '表决', voters: 'residents', quorum: 1, threshold: 'most' } })).body.error.field).toBe('threshold')
    expect((await api.call('POST', `/api/meetings/${meeting.id}/check-in`, { token: t.resident1, body: { code: '12' } })).body.error.field).toBe('code')
    const q = `${new Date().getUTCFullYear()}Q${Math.floor(new Date().getUTCMonth() / 3) + 1}`
    const metrics = await api.call('GET', `/api/deliberation/metrics?streetId=${IDS.street}&quarter=${q}`, { token: t.staff1 })
    expect(metrics.status).toBe(200)
    expect(ZMetricsResponse.parse(metrics.body).coverage.covered).toBe(1)
    expect((await api.call('GET', `/api/deliberation/metrics?streetId=${IDS.street}&quarter=2026Q5`, { token: t.staff1 })).body.error.field).toBe('quarter')
    expect((await api.call('GET', `/api/deliberation/metrics?streetId=${IDS.street}&quarter=${q}`, { token: t.resident1 })).status).toBe(403)
  })
})
