import { beforeEach, describe, expect, it, vi } from 'vitest'
import { IDS, needDetail, needFull } from '../testing/fixtures'
import { ok, resetSignedIn, sent } from '../testing/requests'
import { Taro } from '../testing/taroMock'
import { answerNeed, createStreetWhistle, listDepartments, listScopedNeeds, listStreetWhistles, reportStreetWhistle, routeNeed } from './departments'
import { ApiError } from './errors'

vi.mock('@tarojs/taro', async () => (await import('../testing/taroMock')).taroModule)

beforeEach(resetSignedIn)

const STREET = '20000000-0000-4000-8000-000000000001'
const DEPT = '30000000-0000-4000-8000-000000000001'
const department = {
  id: DEPT, streetId: STREET, name: '城管科', contactName: null, contactPhone: null, archived: false, archivedAt: null,
  members: [], openCount: 2, createdAt: '2026-11-20T08:00:00Z',
}

describe('departments service', () => {
  it('lists the street\'s departments, naming the street only when given', async () => {
    ok({ items: [department] })
    expect(await listDepartments()).toEqual([department])
    expect(sent().method).toBe('GET')
    expect(sent().url).toMatch(/\/api\/admin\/departments$/)
    Taro.request.mockClear()
    ok({ items: [] })
    await listDepartments(STREET)
    expect(sent().url).toMatch(new RegExp(`/api/admin/departments\\?streetId=${STREET}$`))
  })

  it('asks GET /api/needs with the scope, status, department and overdue as text', async () => {
    ok({ items: [needFull()], nextCursor: 'c1' })
    const page = await listScopedNeeds('street', { status: 'escalated', departmentId: DEPT, overdue: true, limit: 20 })
    expect(page.nextCursor).toBe('c1')
    const url = sent().url
    expect(url).toContain('/api/needs?')
    expect(url).toContain('scope=street')
    expect(url).toContain('status=escalated')
    expect(url).toContain(`departmentId=${DEPT}`)
    expect(url).toContain('overdue=true')
    expect(url).toContain('limit=20')
    Taro.request.mockClear()
    ok({ items: [], nextCursor: null })
    await listScopedNeeds('department')
    expect(sent().url).toContain('scope=department')
    expect(sent().url).not.toContain('departmentId')
  })

  it('answers a need with POST /api/needs/{id}/answer { answer }', async () => {
    ok(needDetail({ departmentAnswer: '已安排本周修复' }))
    const need = await answerNeed(IDS.need, '已安排本周修复')
    expect(need.departmentAnswer).toBe('已安排本周修复')
    expect(sent().method).toBe('POST')
    expect(sent().url).toMatch(new RegExp(`/api/needs/${IDS.need}/answer$`))
    expect(sent().data).toEqual({ answer: '已安排本周修复' })
  })

  it('refuses a too-short answer before any request, at the answer field', async () => {
    const err = await answerNeed(IDS.need, ' 好 ').catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect((err as ApiError).field).toBe('answer')
    expect((err as ApiError).message).toBe('答复至少 2 个字')
    expect(Taro.request).not.toHaveBeenCalled()
  })

  it('routes a need to a department', async () => {
    ok(needDetail({ departmentId: DEPT, departmentName: '城管科' }))
    await routeNeed(IDS.need, DEPT, ' 请三日内答复 ')
    expect(sent().url).toMatch(new RegExp(`/api/needs/${IDS.need}/route$`))
    expect(sent().data).toEqual({ departmentId: DEPT, note: '请三日内答复' })
  })

  const WHISTLE = '40000000-0000-4000-8000-000000000001'
  const whistle = {
    id: WHISTLE, streetId: STREET, title: '清理占道摊点', description: null, needId: null, needTitle: null, place: '幸福路口',
    meetAt: '2026-11-22T01:00:00Z', status: 'open', createdByName: '王主任', createdAt: '2026-11-21T08:00:00Z', closedAt: null,
    targets: [{ departmentId: DEPT, departmentName: '城管科', reported: false, reportedAt: null, reportedByName: null, attendee: null, arriveAt: null, note: null, late: false, mine: true }],
  }

  it('lists street whistles with GET /api/street-whistles', async () => {
    ok({ items: [whistle], nextCursor: null })
    const page = await listStreetWhistles({ streetId: STREET })
    expect(page.items[0].title).toBe('清理占道摊点')
    expect(sent().method).toBe('GET')
    expect(sent().url).toMatch(new RegExp(`/api/street-whistles\\?streetId=${STREET}$`))
  })

  it('blows a whistle with POST /api/street-whistles and refuses one with no department before any request', async () => {
    ok(whistle, 201)
    await createStreetWhistle({ streetId: STREET, title: '清理占道摊点', place: '幸福路口', departmentIds: [DEPT], meetAt: '2026-11-22T09:00:00+08:00' })
    expect(sent().method).toBe('POST')
    expect(sent().url).toMatch(/\/api\/street-whistles$/)
    expect(sent().data).toEqual({ streetId: STREET, title: '清理占道摊点', place: '幸福路口', departmentIds: [DEPT], meetAt: '2026-11-22T09:00:00+08:00' })
    Taro.request.mockClear()
    const err = await createStreetWhistle({ streetId: STREET, title: '清理占道摊点', place: '幸福路口', departmentIds: [], meetAt: '2026-11-22T09:00:00+08:00' }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect(Taro.request).not.toHaveBeenCalled()
  })

  it('reports with POST /api/street-whistles/{id}/report', async () => {
    ok(whistle)
    await reportStreetWhistle({ id: WHISTLE, attendee: '李队长等 3 人', arriveAt: '2026-11-22T09:00:00+08:00' })
    expect(sent().url).toMatch(new RegExp(`/api/street-whistles/${WHISTLE}/report$`))
    expect(sent().data).toEqual({ attendee: '李队长等 3 人', arriveAt: '2026-11-22T09:00:00+08:00' })
  })
})
