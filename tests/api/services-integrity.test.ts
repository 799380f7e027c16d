import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ZRunMatchingResponse, ZServiceProjectDetail } from '../../core/contracts/services'
import { IDS } from '../helpers/db'
import { startTestApi, type TestApi } from '../helpers/api'

// Issue 13 items 4, 7 (service_claim) and 8 (provider contact) over HTTP (20261201000300_resources_services.sql).
const resource = {
  title: '红星物业维修队', description: '水电、门窗、楼道灯维修', kind: 'social', partnerType: 'property',
  categories: ['facility_repair'], capacity: 3, contactName: '王师傅', contactPhone: '13900000009',
}

describe('services integrity over HTTP', () => {
  let api: TestApi
  const t: Record<string, string> = {}
  beforeAll(async () => {
    api = await startTestApi('services_integrity_api')
    for (const h of ['resident1', 'resident2', 'resident3', 'staff1', 'staff2', 'unit1']) t[h] = await api.login(h)
  })
  afterAll(async () => {
    await api?.close()
  })

  async function triagedNeed(owner: 'resident1' | 'resident2' | 'resident3', title: string, category = 'facility_repair') {
    const staff = owner === 'resident3' ? t.staff2 : t.staff1
    const n = await api.call('POST', '/api/needs', {
      token: t[owner], body: { title, description: '楼道里的灯坏了一周，晚上很危险。', category, address: '1号楼3单元402' },
    })
    expect(n.status).toBe(201)
    expect((await api.call('POST', `/api/needs/${n.body.id}/triage`, { token: staff, body: { track: 'shared', severity: 'general' } })).status).toBe(200)
    return n.body.id as string
  }
  const claimable = async () => ((await api.call('GET', '/api/needs/claimable', { token: t.unit1 })).body.items as { id: string }[]).map((x) => x.id)

  it('attack: a unit of A declares B, lists B\'s needs and claims one — refused at every step', async () => {
    const needB = await triagedNeed('resident3', '光明社区楼道灯坏了')
    const declared = await api.call('POST', '/api/resources', { token: t.unit1, body: { ...resource, communityIds: [IDS.communityB] } })
    expect(declared.status).toBe(400)
    expect(declared.body.error).toMatchObject({ code: 'resource.area_not_served', field: 'communityIds' })
    expect(declared.body.error.message).toMatch(/[\u4e00-\u9fff]/)
    // a row from before the fix (no check on the way in) still reaches nothing in B
    const [{ id: old }] = await api.sql<{ id: string }>(
      `insert into public.resources (community_id, publisher_id, title, kind, categories, capacity, area_community_ids, contact_name, contact_phone)
       values ($1, $2, '旧的跨社区资源', 'social', '{facility_repair}', 3, $3::uuid[], '王师傅', '13900000009') returning id`,
      [IDS.communityA, IDS.unit1, `{${IDS.communityA},${IDS.communityB}}`])
    expect(await claimable()).not.toContain(needB)
    const claim = await api.call('POST', '/api/services/claim', { token: t.unit1, body: { needId: needB, resourceId: old } })
    expect(claim.status).toBe(404)
    expect(await api.sql(`select 1 from public.service_projects where need_id = $1`, [needB])).toHaveLength(0)
    // the unit's own community is fine
    const own = await api.call('POST', '/api/resources', { token: t.unit1, body: { ...resource, title: '和平维修队', communityIds: [IDS.communityA] } })
    expect(own.status).toBe(201)
    const patched = await api.call('PATCH', `/api/resources/${own.body.id}`, { token: t.unit1, body: { communityIds: [IDS.communityA, IDS.communityB] } })
    expect([patched.status, patched.body.error?.field]).toEqual([400, 'communityIds'])
  })

  it('service_claim: a need that does not exist and another community\'s need give byte-identical 404 bodies', async () => {
    const r = await api.call('POST', '/api/resources', { token: t.unit1, body: { ...resource, title: '探测用资源' } })
    expect(r.status).toBe(201)
    const needB = await triagedNeed('resident3', '光明社区门禁坏了')
    const raw = async (needId: string, token: string) => {
      const res = await fetch(`${api.base}/api/services/claim`, {
        method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ needId, resourceId: r.body.id }),
      })
      return { status: res.status, text: await res.text() }
    }
    const missing = await raw('00000000-0000-4000-8000-000000000000', t.unit1)
    const hidden = await raw(needB, t.unit1)
    expect(missing.status).toBe(404)
    expect(hidden).toEqual(missing)
    expect(JSON.parse(missing.text).error.code).toBe('need.not_found')
    // neither does a resident of A (403 before) nor staff of A (409 before) learn that B's need exists
    expect(await raw(needB, t.resident2)).toEqual(missing)
    expect(await raw(needB, t.staff1)).toEqual(missing)
  })

  it('matching: two runs over tied candidates propose the same pairs, even after the rows move on disk', async () => {
    // B is empty of resources in this database: one resource with room for one need, two needs that tie exactly
    const created = await api.call('POST', '/api/resources', { token: t.staff2, body: { ...resource, partnerType: undefined, title: '光明便民维修', capacity: 1, communityIds: [IDS.communityB] } })
    expect(created.status).toBe(201)
    const a = await triagedNeed('resident3', '光明社区水管漏水甲', 'housekeeping')
    const b = await triagedNeed('resident3', '光明社区水管漏水乙', 'housekeeping')
    await api.sql(`update public.resources set categories = '{housekeeping}' where id = $1`, [created.body.id])
    await api.sql(`update public.needs set created_at = '2026-01-01T00:00:00Z' where id = any ($1::uuid[])`, [`{${a},${b}}`])
    const pairs = async () => {
      const run = await api.call('POST', '/api/matching/run', { token: t.staff2, body: { communityId: IDS.communityB } })
      expect(run.status).toBe(200)
      const body = ZRunMatchingResponse.parse(run.body)
      return body.proposals.filter((p) => p.needId === a || p.needId === b).map((p) => [p.needId, p.resourceId, p.score, p.reasons])
    }
    const first = await pairs()
    expect(first).toHaveLength(1)
    // staff start work on the winning need (triaged → in progress): its score is unchanged, so the tie stands, but an
    // unordered read returns the needs grouped by the status index; the same pair must still be proposed
    const winner = first[0][0] as string
    const started = await api.call('POST', `/api/needs/${winner}/transition`, { token: t.staff2, body: { to: 'in_progress' } })
    expect(started.status).toBe(200)
    expect(await pairs()).toEqual(first)
    // and a later update that writes a new row version at the end of the heap changes nothing either
    await api.sql(`update public.needs set updated_at = now() where id = any ($1::uuid[])`, [`{${a},${b}}`])
    expect(await pairs()).toEqual(first)
  })

  it('the provider sees the need\'s address and contact once both sides confirmed, and only then', async () => {
    const r = await api.call('POST', '/api/resources', { token: t.unit1, body: { ...resource, title: '联系测试维修队' } })
    const needId = await triagedNeed('resident1', '联系测试楼道灯坏了')
    const claimed = await api.call('POST', '/api/services/claim', { token: t.unit1, body: { needId, resourceId: r.body.id } })
    expect(claimed.status).toBe(201)
    const id = claimed.body.id as string
    const contact = async (who: string) => {
      const g = await api.call('GET', `/api/services/${id}`, { token: t[who] })
      expect(g.status).toBe(200)
      const d = ZServiceProjectDetail.parse(g.body)
      return [d.needContactName, d.needContactPhone, d.needAddress]
    }
    const none = [null, null, null]
    const full = ['张阿姨', '13800000001', '1号楼3单元402']
    expect(ZServiceProjectDetail.parse(claimed.body).needAddress).toBeNull()
    expect(await contact('unit1')).toEqual(none)
    expect(await contact('resident1')).toEqual(full)
    expect(await contact('staff1')).toEqual(full)
    expect((await api.call('POST', `/api/services/${id}/confirm`, { token: t.staff1 })).status).toBe(200)
    expect(await contact('unit1')).toEqual(full)
    expect(await contact('resident2')).toEqual(none)
    // another community reads nothing of the project at all (issue 13 item 1)
    for (const who of ['resident3', 'staff2']) expect((await api.call('GET', `/api/services/${id}`, { token: t[who] })).status, who).toBe(404)
    const list = await api.call('GET', '/api/services', { token: t.unit1 })
    expect(JSON.stringify(list.body)).not.toMatch(/1号楼3单元402|13800000001/)
    expect(JSON.stringify((await api.call('GET', '/api/needs/claimable', { token: t.unit1 })).body)).not.toMatch(/1号楼3单元402|13800000001/)
  })
})
