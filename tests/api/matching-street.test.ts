import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ZRunMatchingResponse } from '../../core/contracts/services'
import { IDS } from '../helpers/db'
import { startTestApi, type TestApi } from '../helpers/api'

// Issue 14 item 3: POST /api/matching/run for a community or a whole street.

const resource = {
  title: '和平社区维修队', description: '水电、门窗、楼道灯维修', kind: 'social',
  categories: ['facility_repair'], capacity: 5, contactName: '王师傅', contactPhone: '13900000009',
}

describe('matching a whole street over HTTP', () => {
  let api: TestApi
  const t: Record<string, string> = {}
  beforeAll(async () => {
    api = await startTestApi('matching_street_api')
    for (const h of ['resident1', 'resident3', 'staff1', 'staff2', 'unit1', 'admin1']) t[h] = await api.login(h)
  })
  afterAll(async () => {
    await api?.close()
  })

  async function triagedNeed(community: 'A' | 'B', title: string) {
    const [owner, staff] = community === 'A' ? [t.resident1, t.staff1] : [t.resident3, t.staff2]
    const n = await api.call('POST', '/api/needs', { token: owner, body: { title, description: `${title}，晚上很危险，请尽快。`, category: 'facility_repair' } })
    expect(n.status).toBe(201)
    const r = await api.call('POST', `/api/needs/${n.body.id}/triage`, { token: staff, body: { track: 'shared', severity: 'general' } })
    expect(r.status).toBe(200)
    return n.body.id as string
  }
  const run = (token: string, body: unknown) => api.call('POST', '/api/matching/run', { token, body })

  it('400 naming the field unless exactly one of communityId and streetId', async () => {
    for (const [body, field] of [
      [{}, 'communityId'],
      [{ communityId: IDS.communityA, streetId: IDS.street }, 'streetId'],
      [{ streetId: 'street-1' }, 'streetId'],
      [{ communityId: 'A' }, 'communityId'],
    ] as const) {
      const r = await run(t.admin1, body)
      expect(r.status, JSON.stringify(body)).toBe(400)
      expect(r.body.error.field, JSON.stringify(body)).toBe(field)
    }
  })

  it('staff may not run a street (403), nor another community; a resident neither', async () => {
    expect((await run(t.staff1, { streetId: IDS.street })).status).toBe(403)
    expect((await run(t.staff2, { streetId: IDS.street })).status).toBe(403)
    expect((await run(t.staff1, { communityId: IDS.communityB })).status).toBe(403)
    expect((await run(t.resident1, { streetId: IDS.street })).status).toBe(403)
    expect((await run(t.admin1, { streetId: '10000000-0000-4000-8000-0000000000ff' })).status).toBe(403)
  })

  it('admin1 runs the street: needs of A and B, each matched only by resources whose service area covers it', async () => {
    const needA = await triagedNeed('A', '和平社区楼道灯坏了')
    const needB = await triagedNeed('B', '光明社区水管漏水了')
    const resA = await api.call('POST', '/api/resources', { token: t.unit1, body: resource })
    expect(resA.status).toBe(201)
    const resB = await api.call('POST', '/api/resources', { token: t.staff2, body: { ...resource, title: '光明社区维修点', capacity: 1 } })
    expect(resB.status).toBe(201)
    // a resource of A that names B without an approval there (a row from before issue 13): it must not reach B
    await api.sql(`update public.resources set area_community_ids = $2::uuid[] where id = $1`, [resA.body.id, `{${IDS.communityA},${IDS.communityB}}`])

    const r = await run(t.admin1, { streetId: IDS.street })
    expect(r.status).toBe(200)
    const body = ZRunMatchingResponse.parse(r.body)
    expect(body).toMatchObject({ scope: 'street', optimal: true })
    expect(body.runs!.map((x) => x.communityId).sort()).toEqual([IDS.communityA, IDS.communityB].sort())
    const pairs = body.proposals.map((p) => [p.needId, p.resourceId])
    expect(pairs).toContainEqual([needA, resA.body.id])
    expect(pairs).toContainEqual([needB, resB.body.id])
    for (const p of body.proposals) {
      if (p.resourceId === resA.body.id) expect(p.needId).not.toBe(needB)
      if (p.resourceId === resB.body.id) expect(p.needId).not.toBe(needA)
    }
    expect(body.proposalCount).toBe(body.proposals.length)
    expect(body.totalScore).toBe(body.proposals.reduce((a, p) => a + p.score, 0))
    for (const stage of ['input', 'candidates', 'scoring', 'solve', 'store', 'total'] as const) expect(body.timings![stage]).toBeGreaterThanOrEqual(0)
    // each proposal belongs to its community's run, and each community lists its own part
    const runOf = new Map(body.runs!.map((x) => [x.communityId, x.runId]))
    const listA = await api.call('GET', `/api/matching/proposals?communityId=${IDS.communityA}&limit=50`, { token: t.staff1 })
    const listB = await api.call('GET', `/api/matching/proposals?communityId=${IDS.communityB}&limit=50`, { token: t.staff2 })
    const a = listA.body.items.find((p: { needId: string }) => p.needId === needA)
    expect(a).toMatchObject({ resourceId: resA.body.id, runId: runOf.get(IDS.communityA) })
    expect(listB.body.items.find((p: { needId: string }) => p.needId === needB)).toMatchObject({ resourceId: resB.body.id, runId: runOf.get(IDS.communityB) })
    expect(listA.body.items.map((p: { needId: string }) => p.needId)).not.toContain(needB)
    expect(body.runs!.find((x) => x.communityId === IDS.communityA)!.proposals).toBe(listA.body.items.length)

    // staff of A accept their part of the street run as usual
    const accepted = await api.call('POST', `/api/matching/proposals/${a.id}/accept`, { token: t.staff1 })
    expect(accepted.status).toBe(201)
  })

  it('a community run (staff) still works and answers with timings; it leaves the other community\'s proposals alone', async () => {
    const before = await api.call('GET', `/api/matching/proposals?communityId=${IDS.communityB}&limit=50`, { token: t.staff2 })
    const r = await run(t.staff1, { communityId: IDS.communityA })
    expect(r.status).toBe(200)
    const body = ZRunMatchingResponse.parse(r.body)
    expect(body.scope).toBe('community')
    expect(body.runs).toEqual([{ communityId: IDS.communityA, runId: body.runId, proposals: body.proposalCount }])
    expect(body.timings!.total).toBeGreaterThanOrEqual(body.timings!.solve)
    const after = await api.call('GET', `/api/matching/proposals?communityId=${IDS.communityB}&limit=50`, { token: t.staff2 })
    expect(after.body.items).toEqual(before.body.items)
  })
})
