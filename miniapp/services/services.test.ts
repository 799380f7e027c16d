import { beforeEach, describe, expect, it, vi } from 'vitest'
import { COMMUNITY_A, PROJECT_ID, detail, proposal, resource } from '../packageServices/testing/fixtures'
import { ok, resetSignedIn, sent } from '../testing/requests'
import { Taro } from '../testing/taroMock'
import {
  acceptProposal,
  claimService,
  confirmService,
  createResource,
  evaluateService,
  getService,
  listAllResources,
  listClaimable,
  listProposals,
  listResources,
  listServices,
  progressService,
  runMatching,
  transitionService,
} from './services'

vi.mock('@tarojs/taro', async () => (await import('../testing/taroMock')).taroModule)

const NEED = '6f1c1d52-8a0e-4a43-9b7c-0c6f1f2b9a01'

beforeEach(resetSignedIn)

describe('services/services', () => {
  it('listResources sends only the filters that are set, mine as text, and returns the page', async () => {
    ok({ items: [resource()], nextCursor: 'c1' })
    const page = await listResources({ category: 'medical', mine: true })
    expect(page.items).toHaveLength(1)
    expect(page.nextCursor).toBe('c1')
    expect(sent()).toMatchObject({ url: '/api/resources?category=medical&mine=true', method: 'GET' })
    expect(sent().data).toBeUndefined()
    Taro.request.mockClear()
    ok({ items: [], nextCursor: null })
    await listResources()
    expect(sent().url).toBe('/api/resources')
    Taro.request.mockClear()
    await listResources({ cursor: 'c1', limit: 50 })
    expect(sent().url).toBe('/api/resources?cursor=c1&limit=50')
  })

  it('list paging is checked with the contract before sending', async () => {
    await expect(listResources({ limit: 0 })).rejects.toMatchObject({ status: 400, field: 'limit' })
    await expect(listServices({ limit: 101 })).rejects.toMatchObject({ status: 400, field: 'limit' })
    expect(Taro.request).not.toHaveBeenCalled()
  })

  it('listServices sends status, cursor and limit and returns the page', async () => {
    ok({ items: [], nextCursor: null })
    expect(await listServices({ status: 'evaluated', cursor: 'c2', limit: 20 })).toEqual({ items: [], nextCursor: null })
    expect(sent()).toMatchObject({ url: '/api/services?status=evaluated&cursor=c2&limit=20', method: 'GET' })
  })

  it('listAllResources follows nextCursor with pages of 50 (the largest) and stops at the last page', async () => {
    const r2 = resource({ id: '5e1c1d52-8a0e-4a43-9b7c-0c6f1f2b9a02' })
    Taro.request
      .mockResolvedValueOnce({ statusCode: 200, data: { items: [resource()], nextCursor: 'c1' } })
      .mockResolvedValueOnce({ statusCode: 200, data: { items: [r2], nextCursor: null } })
    const all = await listAllResources({ mine: true })
    expect(all.map((r) => r.id)).toEqual([resource().id, r2.id])
    const calls = Taro.request.mock.calls.map((c) => (c[0] as { url: string }).url)
    expect(calls).toEqual(['/api/resources?mine=true&limit=50', '/api/resources?mine=true&cursor=c1&limit=50'])
  })

  it('listAllResources is bounded: at most 10 pages however long the list claims to be', async () => {
    let n = 0
    Taro.request.mockImplementation(async () => {
      n++
      return { statusCode: 200, data: { items: [resource({ id: `5e1c1d52-8a0e-4a43-9b7c-0c6f1f2b${String(n).padStart(4, '0')}` })], nextCursor: `c${n}` } }
    })
    expect(await listAllResources({ mine: true })).toHaveLength(10)
    expect(Taro.request).toHaveBeenCalledTimes(10)
  })

  it('createResource validates with the contract before sending', async () => {
    await expect(createResource({ title: '义', kind: 'party', categories: ['medical'], capacity: 1, contactName: '孙', contactPhone: '13800138000' }))
      .rejects.toMatchObject({ status: 400, field: 'title', message: '资源名称至少 2 个字' })
    expect(Taro.request).not.toHaveBeenCalled()
    ok(resource(), 201)
    await createResource({ title: '党员义诊', kind: 'party', categories: ['medical'], capacity: 1, contactName: '孙', contactPhone: '13800138000' })
    expect(sent()).toMatchObject({ url: '/api/resources', method: 'POST', data: { title: '党员义诊', period: 'month', communityIds: [] } })
  })

  it('matching: run and accept go to their paths', async () => {
    ok({ runId: '9c1c1d52-8a0e-4a43-9b7c-0c6f1f2b9a01', proposals: [proposal()], totalScore: 8750, optimal: true, ms: 1.5, needs: 1, resources: 1, candidates: 1 })
    const res = await runMatching(COMMUNITY_A)
    expect(res.proposals).toHaveLength(1)
    expect(sent()).toMatchObject({ url: '/api/matching/run', method: 'POST', data: { communityId: COMMUNITY_A } })
    Taro.request.mockClear()
    ok(detail(), 201)
    await acceptProposal(proposal().id)
    expect(sent()).toMatchObject({ url: `/api/matching/proposals/${proposal().id}/accept`, method: 'POST' })
  })

  it('rejects an id that is not a uuid without a request', async () => {
    await expect(getService('../../etc')).rejects.toMatchObject({ status: 400, field: 'id' })
    await expect(runMatching('A')).rejects.toMatchObject({ status: 400, field: 'communityId' })
    expect(Taro.request).not.toHaveBeenCalled()
  })

  it('project actions put the id in the path and the rest in the body', async () => {
    ok(detail())
    await transitionService({ id: PROJECT_ID, to: 'completed', beneficiaries: 3 })
    expect(sent()).toMatchObject({ url: `/api/services/${PROJECT_ID}/transition`, method: 'POST', data: { to: 'completed', beneficiaries: 3 } })
    expect((sent().data as Record<string, unknown>).id).toBeUndefined()
    Taro.request.mockClear()
    await progressService({ id: PROJECT_ID, note: '已上门', percent: 50 })
    expect(sent()).toMatchObject({ url: `/api/services/${PROJECT_ID}/progress`, data: { note: '已上门', percent: 50 } })
    Taro.request.mockClear()
    await confirmService(PROJECT_ID)
    expect(sent()).toMatchObject({ url: `/api/services/${PROJECT_ID}/confirm`, method: 'POST' })
    Taro.request.mockClear()
    await claimService({ needId: NEED, resourceId: resource().id })
    expect(sent()).toMatchObject({ url: '/api/services/claim', data: { needId: NEED, resourceId: resource().id } })
  })

  it('evaluate checks the rating locally', async () => {
    await expect(evaluateService({ id: PROJECT_ID, rating: 0 })).rejects.toMatchObject({ field: 'rating', message: '请选择 1 到 5 星' })
    expect(Taro.request).not.toHaveBeenCalled()
  })

  it('lists validate the response with the contract', async () => {
    ok({ items: [{ id: 'x' }], nextCursor: null })
    await expect(listServices()).rejects.toMatchObject({ code: 'bad_response' })
    Taro.request.mockClear()
    ok({ items: [], nextCursor: null })
    expect(await listClaimable()).toEqual({ items: [], nextCursor: null })
    expect(sent().url).toBe('/api/needs/claimable')
    Taro.request.mockClear()
    ok({ items: [], nextCursor: null })
    await listClaimable('abc_DEF-123')
    expect(sent().url).toBe('/api/needs/claimable?cursor=abc_DEF-123')
  })

  it('listProposals pages the community\'s proposals; getService reads one project', async () => {
    ok({ items: [proposal()], nextCursor: 'c1' })
    expect(await listProposals(COMMUNITY_A)).toEqual({ items: [proposal()], nextCursor: 'c1' })
    expect(sent()).toMatchObject({ url: `/api/matching/proposals?communityId=${COMMUNITY_A}`, method: 'GET' })
    await listProposals(COMMUNITY_A, { cursor: 'c1', limit: 50 })
    expect(Taro.request.mock.calls[1][0].url).toBe(`/api/matching/proposals?communityId=${COMMUNITY_A}&cursor=c1&limit=50`)
    Taro.request.mockClear()
    ok(detail())
    expect((await getService(PROJECT_ID)).id).toBe(PROJECT_ID)
    expect(sent()).toMatchObject({ url: `/api/services/${PROJECT_ID}`, method: 'GET' })
  })
})
