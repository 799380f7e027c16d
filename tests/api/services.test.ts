import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ZListResourcesResponse, ZListServicesResponse, ZResource, ZRunMatchingResponse, ZServiceProjectDetail } from '../../core/contracts/services'
import { IDS } from '../helpers/db'
import { startTestApi, type TestApi } from '../helpers/api'

const resource = {
  title: '红星物业维修队', description: '水电、门窗、楼道灯维修', kind: 'social', partnerType: 'property',
  categories: ['facility_repair'], capacity: 3, contactName: '王师傅', contactPhone: '13900000009',
}

describe('resources, matching and service projects over HTTP', () => {
  let api: TestApi
  const t: Record<string, string> = {}
  beforeAll(async () => {
    api = await startTestApi('services_api')
    for (const h of ['resident1', 'resident2', 'resident3', 'staff1', 'staff2', 'unit1', 'talent1']) t[h] = await api.login(h)
  })
  afterAll(async () => {
    await api?.close()
  })

  async function triagedNeed(token = t.resident1, title = '楼道灯坏了需要维修', category = 'facility_repair') {
    const n = await api.call('POST', '/api/needs', { token, body: { title, description: '3单元楼道灯坏了一周，晚上很危险。', category } })
    expect(n.status).toBe(201)
    const r = await api.call('POST', `/api/needs/${n.body.id}/triage`, { token: t.staff1, body: { track: 'shared', severity: 'general' } })
    expect(r.status).toBe(200)
    return n.body.id as string
  }

  it('a unit publishes a resource; residents see the public part, the publisher and staff see the contact', async () => {
    const r = await api.call('POST', '/api/resources', { token: t.unit1, body: resource })
    expect(r.status).toBe(201)
    const res = ZResource.parse(r.body)
    expect(res).toMatchObject({ publisherName: '红星物业', partnerType: 'property', contactPhone: '13900000009', mine: true, load: 0 })
    const forResident = (await api.call('GET', '/api/resources?category=facility_repair', { token: t.resident1 })).body.items.find((x: { id: string }) => x.id === res.id)
    expect(forResident).toMatchObject({ title: '红星物业维修队', contactPhone: null, contactName: null })
    const forStaff = (await api.call('GET', '/api/resources', { token: t.staff1 })).body.items.find((x: { id: string }) => x.id === res.id)
    expect(forStaff.contactPhone).toBe('13900000009')
    const otherCommunity = (await api.call('GET', '/api/resources', { token: t.resident3 })).body.items
    expect(otherCommunity.find((x: { id: string }) => x.id === res.id)).toBeUndefined()
    const mine = (await api.call('GET', '/api/resources?mine=true', { token: t.unit1 })).body.items
    expect(mine.map((x: { id: string }) => x.id)).toContain(res.id)
  })

  it('publishing: a resident may not (403); a talent may, but not as a partner unit; bad input → 400 naming the field', async () => {
    expect((await api.call('POST', '/api/resources', { token: t.resident1, body: { ...resource, partnerType: undefined } })).status).toBe(403)
    const talent = await api.call('POST', '/api/resources', { token: t.talent1, body: { ...resource, partnerType: undefined, title: '周师傅家电维修' } })
    expect(talent.status).toBe(201)
    expect((await api.call('POST', '/api/resources', { token: t.talent1, body: resource })).body.error.field).toBe('partnerType')
    for (const [body, field] of [
      [{ ...resource, title: 'x' }, 'title'], [{ ...resource, categories: [] }, 'categories'], [{ ...resource, categories: ['flying'] }, 'categories.0'],
      [{ ...resource, capacity: 0 }, 'capacity'], [{ ...resource, kind: 'money' }, 'kind'], [{ ...resource, contactPhone: 'abc' }, 'contactPhone'],
      [{ ...resource, availability: [{ from: '2026-11-23T10:00:00Z', to: '2026-11-23T09:00:00Z' }] }, 'availability.0.to'],
      [{ ...resource, gridIds: ['30000000-0000-4000-8000-0000000000b1'] }, 'gridIds'],
    ] as const) {
      const r = await api.call('POST', '/api/resources', { token: t.unit1, body })
      expect(r.status, field).toBe(400)
      expect(r.body.error.field, JSON.stringify(body)).toBe(field)
    }
  })

  it('staff run matching (optimal), accept a proposal; the unit confirms; the need follows to matched and resolved; the owner rates', async () => {
    const needId = await triagedNeed()
    expect((await api.call('POST', '/api/matching/run', { token: t.resident1, body: { communityId: IDS.communityA } })).status).toBe(403)
    expect((await api.call('POST', '/api/matching/run', { token: t.staff2, body: { communityId: IDS.communityA } })).status).toBe(403)
    const run = await api.call('POST', '/api/matching/run', { token: t.staff1, body: { communityId: IDS.communityA } })
    expect(run.status).toBe(200)
    const result = ZRunMatchingResponse.parse(run.body)
    expect(result.optimal).toBe(true)
    const proposal = result.proposals.find((p) => p.needId === needId)!
    expect(proposal).toBeDefined()
    expect(proposal.reasons.length).toBeGreaterThan(0)
    expect(result.totalScore).toBe(result.proposals.reduce((a, p) => a + p.score, 0))
    const listed = await api.call('GET', `/api/matching/proposals?communityId=${IDS.communityA}`, { token: t.staff1 })
    expect(listed.body.items.map((p: { id: string }) => p.id)).toContain(proposal.id)

    // the resource side is whoever published the proposed resource (the unit or the talent of the earlier test)
    const provider = proposal.publisherName === '红星物业' ? t.unit1 : t.talent1
    expect((await api.call('POST', `/api/matching/proposals/${proposal.id}/accept`, { token: t.unit1 })).status).toBe(404)
    const accepted = await api.call('POST', `/api/matching/proposals/${proposal.id}/accept`, { token: t.staff1 })
    expect(accepted.status).toBe(201)
    const project = ZServiceProjectDetail.parse(accepted.body)
    expect(project).toMatchObject({ status: 'proposed', origin: 'proposal', communityConfirmed: true, unitConfirmed: false, canConfirm: false })
    expect((await api.call('POST', `/api/matching/proposals/${proposal.id}/accept`, { token: t.staff1 })).status).toBe(409)

    expect((await api.call('POST', `/api/services/${project.id}/confirm`, { token: t.resident1 })).status).toBe(403)
    const unitView = ZServiceProjectDetail.parse((await api.call('GET', `/api/services/${project.id}`, { token: provider })).body)
    expect(unitView.canConfirm).toBe(true)
    const confirmed = await api.call('POST', `/api/services/${project.id}/confirm`, { token: provider })
    expect(confirmed.body.status).toBe('confirmed')
    expect((await api.call('GET', `/api/needs/${needId}`, { token: t.resident1 })).body.status).toBe('matched')

    expect((await api.call('POST', `/api/services/${project.id}/transition`, { token: provider, body: { to: 'in_progress' } })).body.status).toBe('in_progress')
    const prog = await api.call('POST', `/api/services/${project.id}/progress`, { token: provider, body: { note: '已更换灯泡和开关', percent: 80 } })
    expect(prog.status).toBe(201)
    expect((await api.call('POST', `/api/services/${project.id}/progress`, { token: t.resident2, body: { note: '我也来写' } })).status).toBe(403)
    expect((await api.call('POST', `/api/services/${project.id}/evaluate`, { token: t.resident1, body: { rating: 5 } })).status).toBe(409)
    const done = await api.call('POST', `/api/services/${project.id}/transition`, { token: provider, body: { to: 'completed', beneficiaries: 24 } })
    expect(done.body).toMatchObject({ status: 'completed', beneficiaries: 24 })
    expect((await api.call('GET', `/api/needs/${needId}`, { token: t.resident1 })).body.status).toBe('resolved')

    expect((await api.call('POST', `/api/services/${project.id}/evaluate`, { token: t.staff1, body: { rating: 5 } })).status).toBe(403)
    const rated = await api.call('POST', `/api/services/${project.id}/evaluate`, { token: t.resident1, body: { rating: 5, comment: '师傅很专业' } })
    expect(rated.body).toMatchObject({ status: 'evaluated', rating: 5 })
    const detail = ZServiceProjectDetail.parse((await api.call('GET', `/api/services/${project.id}`, { token: t.resident2 })).body)
    expect(detail.progress.map((p) => p.note)).toEqual(expect.arrayContaining(['已更换灯泡和开关', '服务完成']))
    expect(detail.contactPhone).toBeNull()
    const list = await api.call('GET', `/api/services?communityId=${IDS.communityA}&status=evaluated`, { token: t.resident2 })
    expect(list.body.items.map((p: { id: string }) => p.id)).toContain(project.id)
  })

  it('two-way claim: a unit claims a need for its resource; staff claim a resource for a resident; others are refused', async () => {
    const needId = await triagedNeed(t.resident2, '单元门禁坏了')
    const claimable = await api.call('GET', '/api/needs/claimable', { token: t.unit1 })
    expect(claimable.body.items.map((n: { id: string }) => n.id)).toContain(needId)
    const item = claimable.body.items.find((n: { id: string }) => n.id === needId)
    const byUnit = await api.call('POST', '/api/services/claim', { token: t.unit1, body: { needId, resourceId: item.resourceIds[0] } })
    expect(byUnit.status).toBe(201)
    expect(byUnit.body).toMatchObject({ origin: 'unit_claim', unitConfirmed: true, communityConfirmed: false })
    const again = await api.call('POST', '/api/services/claim', { token: t.unit1, body: { needId, resourceId: item.resourceIds[0] } })
    expect(again.status).toBe(409)
    expect(again.body.error.message).toMatch(/[\u4e00-\u9fa5]/)

    const other = await triagedNeed(t.resident1, '厨房水管漏水')
    expect((await api.call('POST', '/api/services/claim', { token: t.resident1, body: { needId: other, resourceId: item.resourceIds[0] } })).status).toBe(403)
    const byStaff = await api.call('POST', '/api/services/claim', { token: t.staff1, body: { needId: other, resourceId: item.resourceIds[0] } })
    expect(byStaff.status).toBe(201)
    expect(byStaff.body).toMatchObject({ origin: 'community_claim', communityConfirmed: true, unitConfirmed: false })
    const cancel = await api.call('POST', `/api/services/${byStaff.body.id}/transition`, { token: t.staff1, body: { to: 'cancelled' } })
    expect(cancel.status).toBe(400)
    expect(cancel.body.error.field).toBe('note')
    expect((await api.call('POST', `/api/services/${byStaff.body.id}/transition`, { token: t.staff1, body: { to: 'cancelled', note: '居民已自行解决' } })).body.status).toBe('cancelled')
    const wrongCategory = await triagedNeed(t.resident1, '想学太极拳', 'culture_sports')
    expect((await api.call('POST', '/api/services/claim', { token: t.unit1, body: { needId: wrongCategory, resourceId: item.resourceIds[0] } })).status).toBe(409)
    for (const [body, field] of [[{ needId: 'x', resourceId: item.resourceIds[0] }, 'needId'], [{ needId }, 'resourceId']] as const) {
      expect((await api.call('POST', '/api/services/claim', { token: t.unit1, body })).body.error.field).toBe(field)
    }
    expect((await api.call('POST', '/api/services/claim', { body: { needId, resourceId: item.resourceIds[0] } })).status).toBe(401)
  })

  /** Follows nextCursor with pages of `limit`, checking each page against the contract. */
  async function walk(path: string, token: string, limit: number, schema: typeof ZListResourcesResponse | typeof ZListServicesResponse) {
    const ids: string[] = []
    let cursor: string | null = null
    let pages = 0
    do {
      const sep = path.includes('?') ? '&' : '?'
      const r = await api.call('GET', `${path}${sep}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`, { token })
      expect(r.status).toBe(200)
      const page = schema.parse(r.body)
      expect(page.items.length).toBeLessThanOrEqual(limit)
      if (page.nextCursor) expect(page.items).toHaveLength(limit)
      ids.push(...page.items.map((x) => x.id))
      cursor = page.nextCursor
      pages++
    } while (cursor && pages < 50)
    return { ids, pages }
  }

  it('GET /api/resources pages with limit and cursor: every resource once, in the order of the whole list; mine=true too', async () => {
    for (const title of ['分页资源一', '分页资源二', '分页资源三']) {
      expect((await api.call('POST', '/api/resources', { token: t.unit1, body: { ...resource, title } })).status).toBe(201)
    }
    const whole = ZListResourcesResponse.parse((await api.call('GET', '/api/resources?limit=50', { token: t.resident1 })).body)
    expect(whole.nextCursor).toBeNull()
    expect(whole.items.length).toBeGreaterThanOrEqual(5)
    const paged = await walk('/api/resources', t.resident1, 2, ZListResourcesResponse)
    expect(paged.ids).toEqual(whole.items.map((r) => r.id))
    expect(paged.pages).toBe(Math.ceil(whole.items.length / 2))
    const first = ZListResourcesResponse.parse((await api.call('GET', '/api/resources?limit=1', { token: t.resident1 })).body)
    expect(first.items).toHaveLength(1)
    expect(first.nextCursor).toEqual(expect.any(String))

    const mineWhole = ZListResourcesResponse.parse((await api.call('GET', '/api/resources?mine=true&limit=50', { token: t.unit1 })).body)
    expect(mineWhole.items.every((r) => r.mine)).toBe(true)
    const mine = await walk('/api/resources?mine=true', t.unit1, 2, ZListResourcesResponse)
    expect(mine.ids).toEqual(mineWhole.items.map((r) => r.id))
    expect(mine.ids.length).toBeGreaterThanOrEqual(4)
    // the category filter is kept across pages
    const repair = await walk('/api/resources?category=facility_repair', t.resident1, 2, ZListResourcesResponse)
    expect(repair.ids).toEqual(whole.items.filter((r) => r.categories.includes('facility_repair')).map((r) => r.id))
  })

  it('GET /api/services pages with limit and cursor; the default page is 20', async () => {
    const whole = ZListServicesResponse.parse((await api.call('GET', '/api/services?limit=50', { token: t.resident2 })).body)
    expect(whole.items.length).toBeGreaterThanOrEqual(2)
    expect(whole.nextCursor).toBeNull()
    const paged = await walk('/api/services', t.resident2, 1, ZListServicesResponse)
    expect(paged.ids).toEqual(whole.items.map((p) => p.id))
    const byDefault = ZListServicesResponse.parse((await api.call('GET', '/api/services', { token: t.resident2 })).body)
    expect(byDefault.items.map((p) => p.id)).toEqual(whole.items.slice(0, 20).map((p) => p.id))
    const evaluated = await walk(`/api/services?communityId=${IDS.communityA}&status=evaluated`, t.resident2, 1, ZListServicesResponse)
    expect(evaluated.ids).toEqual(whole.items.filter((p) => p.status === 'evaluated').map((p) => p.id))
  })

  it('GET /api/resources and /api/services with a bad cursor or limit → 400 naming the field', async () => {
    const bad = [['cursor=abc', 'cursor'], [`cursor=${Buffer.from('2026-11-01T00:00:00Z|nope').toString('base64url')}`, 'cursor'],
      ['limit=0', 'limit'], ['limit=101', 'limit'], ['limit=abc', 'limit'], ['limit=1.5', 'limit']] as const
    for (const path of ['/api/resources', '/api/services']) {
      for (const [q, field] of bad) {
        const r = await api.call('GET', `${path}?${q}`, { token: t.resident1 })
        expect(r.status, `${path}?${q}`).toBe(400)
        expect(r.body.error.field, `${path}?${q}`).toBe(field)
      }
    }
    expect((await api.call('GET', '/api/resources?mine=yes', { token: t.unit1 })).body.error.field).toBe('mine')
    expect((await api.call('GET', '/api/resources?limit=5')).status).toBe(401)
  })
})
