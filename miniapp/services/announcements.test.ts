import { beforeEach, describe, expect, it, vi } from 'vitest'
import { ANN_1, COMMUNITY_A, GRID_1, announcement } from '../packageInfo/testing/announcementFixtures'
import { ok, resetSignedIn, sent } from '../testing/requests'
import { Taro } from '../testing/taroMock'
import { announcementImageUrl, createAnnouncement, getAnnouncement, listAnnouncements, pinAnnouncement, withdrawAnnouncement } from './announcements'
import { ApiError } from './errors'

vi.mock('@tarojs/taro', async () => (await import('../testing/taroMock')).taroModule)

beforeEach(resetSignedIn)

describe('services/announcements', () => {
  it('listAnnouncements: communityId, cursor and manage in the query only when set; the answer is validated', async () => {
    ok({ items: [announcement()], nextCursor: 'abc' })
    expect(await listAnnouncements({ communityId: COMMUNITY_A })).toEqual({ items: [announcement()], nextCursor: 'abc' })
    expect(sent()).toMatchObject({ url: `/api/announcements?communityId=${COMMUNITY_A}`, method: 'GET' })
    await listAnnouncements({ communityId: COMMUNITY_A, cursor: 'abc', manage: true })
    expect(sent(1).url).toBe(`/api/announcements?communityId=${COMMUNITY_A}&cursor=abc&manage=true`)
    ok({ items: [{ id: 'x' }], nextCursor: null })
    await expect(listAnnouncements({ communityId: COMMUNITY_A })).rejects.toBeInstanceOf(ApiError)
  })

  it('createAnnouncement: checks the form before sending (the field is named) and posts the body', async () => {
    await expect(createAnnouncement({ scope: 'grid', communityId: COMMUNITY_A, title: '消杀通知', body: '周三消杀' })).rejects.toMatchObject({ status: 400, field: 'gridId' })
    await expect(createAnnouncement({ scope: 'community', communityId: COMMUNITY_A, title: '消杀通知', body: '' })).rejects.toMatchObject({ field: 'body' })
    await expect(createAnnouncement({ scope: 'community', communityId: COMMUNITY_A, title: '消杀通知', body: '周三', expiresAt: '2020-01-01T00:00:00+08:00' })).rejects.toMatchObject({ field: 'expiresAt' })
    expect(Taro.request).not.toHaveBeenCalled()
    ok(announcement({ scope: 'grid', gridId: GRID_1, gridName: '第一网格' }), 201)
    const made = await createAnnouncement({ scope: 'grid', communityId: COMMUNITY_A, gridId: GRID_1, title: '消杀通知', body: '周三消杀', pinned: true })
    expect(made.gridName).toBe('第一网格')
    expect(sent()).toMatchObject({ url: '/api/announcements', method: 'POST', data: { scope: 'grid', communityId: COMMUNITY_A, gridId: GRID_1, title: '消杀通知', body: '周三消杀', pinned: true } })
  })

  it('get, withdraw and pin go to the notice\'s own path', async () => {
    ok(announcement())
    await getAnnouncement(ANN_1)
    await withdrawAnnouncement(ANN_1)
    await pinAnnouncement(ANN_1, false)
    expect(sent(0)).toMatchObject({ url: `/api/announcements/${ANN_1}`, method: 'GET' })
    expect(sent(1)).toMatchObject({ url: `/api/announcements/${ANN_1}/withdraw`, method: 'POST', data: {} })
    expect(sent(2)).toMatchObject({ url: `/api/announcements/${ANN_1}/pin`, method: 'POST', data: { pinned: false } })
    await expect(getAnnouncement('nope')).rejects.toMatchObject({ field: 'id' })
  })

  it('announcementImageUrl: a notice\'s photo comes from the one file service, with the key encoded', () => {
    expect(announcementImageUrl('announcements/a b.jpg')).toContain('key=announcements%2Fa%20b.jpg')
  })
})
