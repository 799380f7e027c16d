import { beforeEach, describe, expect, it, vi } from 'vitest'
import { IDS, needDetail, needFull, similar } from '../testing/fixtures'
import { ok, resetSignedIn, sent } from '../testing/requests'
import { Taro, resetTaroMock, storage } from '../testing/taroMock'
import {
  createNeed,
  evaluateNeed,
  followNeed,
  getNeed,
  getSlaRules,
  listMyNeeds,
  listNeeds,
  similarNeeds,
  transitionNeed,
  triageNeed,
  unfollowNeed,
} from './needs'

vi.mock('@tarojs/taro', async () => (await import('../testing/taroMock')).taroModule)

beforeEach(resetSignedIn)

describe('needs service', () => {
  it('createNeed validates and posts the full request', async () => {
    ok(needDetail(), 201)
    await createNeed({ title: ' 楼道灯坏了 ', description: '三号楼二单元楼道灯坏了一周', category: 'facility_repair', peopleAffected: '3', source: 'patrol', microGridId: IDS.microGrid })
    expect(sent()).toMatchObject({ url: '/api/needs', method: 'POST', data: { title: '楼道灯坏了', peopleAffected: 3, source: 'patrol', microGridId: IDS.microGrid } })
  })

  it('createNeed refuses a bad phone before sending, naming the field', async () => {
    await expect(createNeed({ title: '楼道灯坏了', description: '三号楼二单元楼道灯坏了一周', category: 'other', source: 'on_behalf', contactName: '王奶奶', contactPhone: 'abc' }))
      .rejects.toMatchObject({ status: 400, field: 'contactPhone', message: '联系电话格式不正确' })
    expect(Taro.request).not.toHaveBeenCalled()
  })

  it('listMyNeeds and getNeed validate the full shapes', async () => {
    ok({ items: [needFull({ overdue: true })], nextCursor: null })
    expect((await listMyNeeds()).items[0].overdue).toBe(true)
    expect(sent().url).toBe('/api/needs/mine')
    resetTaroMock()
    storage.set('token', 'tok')
    ok(needDetail({ canTriage: true }))
    expect((await getNeed(IDS.need)).canTriage).toBe(true)
    expect(sent().url).toBe(`/api/needs/${IDS.need}`)
  })

  it('getNeed rejects a response without the timeline', async () => {
    ok(needFull())
    await expect(getNeed(IDS.need)).rejects.toMatchObject({ code: 'bad_response' })
  })

  it('listNeeds puts the filters in the query string', async () => {
    ok({ items: [], nextCursor: null })
    await listNeeds({ status: 'submitted', order: 'oldest', overdue: true, cursor: 'MjAyNi0x_-', limit: 20 })
    expect(sent().url).toBe('/api/needs?status=submitted&overdue=true&order=oldest&cursor=MjAyNi0x_-&limit=20')
    expect(sent().data).toBeUndefined()
  })

  it('listNeeds and listMyNeeds refuse a page over 50 or a cursor that was not handed out, before sending', async () => {
    await expect(listNeeds({ limit: 51 })).rejects.toMatchObject({ status: 400, field: 'limit' })
    await expect(listMyNeeds({ limit: 51 })).rejects.toMatchObject({ status: 400, field: 'limit' })
    await expect(listMyNeeds({ cursor: 'a b' })).rejects.toMatchObject({ status: 400, field: 'cursor' })
    expect(Taro.request).not.toHaveBeenCalled()
  })

  it('listMyNeeds asks for the next page with the cursor it was given', async () => {
    ok({ items: [needFull()], nextCursor: 'bmV4dA' })
    const page = await listMyNeeds({ cursor: 'Zmlyc3Q' })
    expect(page.nextCursor).toBe('bmV4dA')
    expect(sent().url).toBe('/api/needs/mine?cursor=Zmlyc3Q')
  })

  it('listNeeds refuses an unknown status before sending', async () => {
    await expect(listNeeds({ status: 'bogus' as never })).rejects.toMatchObject({ status: 400, field: 'status' })
    expect(Taro.request).not.toHaveBeenCalled()
  })

  it('triageNeed posts to the need\'s triage path without the id in the body, and checks 公家事 has a department', async () => {
    await expect(triageNeed(IDS.need, { track: 'public', severity: 'general' })).rejects.toMatchObject({ field: 'department' })
    expect(Taro.request).not.toHaveBeenCalled()
    ok(needDetail({ status: 'triaged' }))
    await triageNeed(IDS.need, { track: 'shared', severity: 'general', note: '已联系物业' })
    expect(sent()).toMatchObject({ url: `/api/needs/${IDS.need}/triage`, method: 'POST', data: { track: 'shared', severity: 'general', note: '已联系物业' } })
    expect(sent().data).not.toHaveProperty('id')
  })

  it('transitionNeed and evaluateNeed post their bodies; a rating outside 1-5 never leaves the phone', async () => {
    ok(needDetail({ status: 'resolved' }))
    await transitionNeed(IDS.need, 'rejected', '重复提交')
    expect(sent()).toMatchObject({ url: `/api/needs/${IDS.need}/transition`, data: { to: 'rejected', note: '重复提交' } })
    await expect(evaluateNeed(IDS.need, 6)).rejects.toMatchObject({ field: 'rating', message: '请选择 1 到 5 星' })
    expect(Taro.request).toHaveBeenCalledTimes(1)
    await evaluateNeed(IDS.need, 5, '很好')
    expect(Taro.request.mock.calls[1][0]).toMatchObject({ url: `/api/needs/${IDS.need}/evaluate`, data: { rating: 5, comment: '很好' } })
  })

  it('follow is a POST and unfollow a DELETE on the same path', async () => {
    ok({ id: IDS.need, followers: 1, following: true })
    await followNeed(IDS.need)
    await unfollowNeed(IDS.need)
    expect(Taro.request.mock.calls.map((c) => [c[0].method, c[0].url])).toEqual([
      ['POST', `/api/needs/${IDS.need}/follow`],
      ['DELETE', `/api/needs/${IDS.need}/follow`],
    ])
  })

  it('similarNeeds sends micro-grid and title in the query and asks for the first page of suggestions', async () => {
    ok({ items: [similar()], nextCursor: null })
    const items = await similarNeeds(IDS.microGrid, ' 楼道灯 ')
    expect(items).toHaveLength(1)
    expect(sent().url).toBe(`/api/needs/similar?microGridId=${IDS.microGrid}&title=${encodeURIComponent('楼道灯')}&limit=5`)
  })

  it('getSlaRules reads the community\'s rules', async () => {
    ok({ communityId: IDS.community, rules: [{ severity: 'general', minutes: 60, goal: 'resolve' }], settings: { escalateGraceMinutes: 0, autoCloseDays: 7, reopenDays: 7 } })
    const res = await getSlaRules(IDS.community)
    expect(res.rules[0].minutes).toBe(60)
    expect(sent().url).toBe(`/api/communities/${IDS.community}/sla`)
  })
})
