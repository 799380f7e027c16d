import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ZMeetingDetail, ZTopic } from '../../core/contracts/deliberation'
import { startTestApi, type TestApi } from '../helpers/api'

// Issue 15 over HTTP: a topic made from a need names it by 受理编号 in every answer that carries the topic, within
// the contract; who may open the need is said per reader; another community reads none of it.
const iso = (m: number) => new Date(Date.now() + m * 60_000).toISOString()

describe('deliberation names its need by 受理编号 over HTTP', () => {
  let api: TestApi
  const t: Record<string, string> = {}
  let needId = ''
  let refNo = ''
  beforeAll(async () => {
    api = await startTestApi('deliberation_need_refs_api')
    for (const h of ['resident1', 'resident2', 'resident3', 'staff1']) t[h] = await api.login(h)
    const need = await api.call('POST', '/api/needs', {
      token: t.resident1, body: { title: '垃圾站异味大', description: '小区北门垃圾站夏天异味很大，希望改造。', category: 'sanitation' },
    })
    expect(need.status, JSON.stringify(need.body)).toBe(201)
    needId = need.body.id
    expect((await api.call('POST', `/api/needs/${needId}/triage`, { token: t.staff1, body: { track: 'shared', severity: 'general' } })).status).toBe(200)
    ;[{ ref_no: refNo }] = await api.sql<{ ref_no: string }>('select ref_no from public.needs where id = $1', [needId])
  })
  afterAll(async () => {
    await api?.close()
  })

  it('allowed: staff make the topic; the owner and staff may open the need, a neighbour reads the number only', async () => {
    // a resident may not turn someone's need into a topic (denied, naming the field)
    const refused = await api.call('POST', '/api/topics', { token: t.resident2, body: { title: '垃圾站改造方案', needId } })
    expect(refused.status).toBeGreaterThanOrEqual(400)
    expect(refused.body.error.field).toBe('needId')

    const created = await api.call('POST', '/api/topics', { token: t.staff1, body: { title: '垃圾站改造方案', needId } })
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    expect(ZTopic.parse(created.body)).toMatchObject({ needId, needRefNo: refNo, needVisible: true })

    const of = async (h: string) => (await api.call('GET', '/api/topics', { token: t[h] })).body.items.find((x: { id: string }) => x.id === created.body.id)
    expect(await of('resident1')).toMatchObject({ needRefNo: refNo, needVisible: true })
    expect(await of('resident2')).toMatchObject({ needRefNo: refNo, needVisible: false })

    const meeting = await api.call('POST', '/api/meetings', {
      token: t.staff1, body: { title: '垃圾站议事会', form: 'street_side', startsAt: iso(60), place: '北门', capacity: 10, topicIds: [created.body.id] },
    })
    expect(meeting.status, JSON.stringify(meeting.body)).toBe(201)
    const seen = ZMeetingDetail.parse((await api.call('GET', `/api/meetings/${meeting.body.id}`, { token: t.resident2 })).body)
    expect(seen.agenda[0]).toMatchObject({ needRefNo: refNo, needVisible: false })
    const list = await api.call('GET', '/api/meetings', { token: t.resident1 })
    expect(list.body.items.find((m: { id: string }) => m.id === meeting.body.id).agenda[0]).toMatchObject({ needRefNo: refNo, needVisible: true })

    // denied: another community sees neither the topic nor the meeting, nor the number
    const other = await api.call('GET', '/api/topics', { token: t.resident3 })
    expect(JSON.stringify(other.body)).not.toContain(refNo)
    expect((await api.call('GET', `/api/meetings/${meeting.body.id}`, { token: t.resident3 })).status).toBe(404)
  })

  it('bad input: a topic with a malformed needId is a 400 naming needId', async () => {
    const bad = await api.call('POST', '/api/topics', { token: t.staff1, body: { title: '垃圾站改造方案二', needId: 'HP-20261128-0001' } })
    expect(bad.status).toBe(400)
    expect(bad.body.error.field).toBe('needId')
  })
})
