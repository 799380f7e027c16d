import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { CommunitySettings } from '../../core/contracts'
import { reward } from '../packageBeans/testing/fixtures'
import { meetingDetail } from '../packageDeliberation/testing/fixtures'
import { resource } from '../packageServices/testing/fixtures'
import { SLOT_ID, post } from '../packageVolunteers/testing/fixtures'
import { ok, resetSignedIn, sent } from '../testing/requests'
import { Taro } from '../testing/taroMock'
import {
  archiveResource,
  archiveReward,
  cancelMeeting,
  cancelPost,
  getCommunitySettings,
  putCommunitySettings,
  restockReward,
  updateMeeting,
  updatePost,
  updateResource,
  updateReward,
} from './editing'

vi.mock('@tarojs/taro', async () => (await import('../testing/taroMock')).taroModule)

const ID = '7a1c1d52-8a0e-4a43-9b7c-0c6f1f2b9b01'
const COMMUNITY = '20000000-0000-4000-8000-00000000000a'

beforeEach(resetSignedIn)

function settings(o: Partial<CommunitySettings> = {}): CommunitySettings {
  return {
    communityId: COMMUNITY, communityName: '和平社区', cosignThreshold: 10, yearlyTargetHours: 12,
    beanRules: [{ rule: 'meeting_attendance', beans: 5 }, { rule: 'need_rated', beans: 2 }, { rule: 'talent_recommendation', beans: 10 }, { rule: 'manual_daily_cap', beans: 200 }],
    sla: [{ severity: 'general', minutes: 60, goal: 'resolve' }, { severity: 'major', minutes: 1440, goal: 'resolve' }],
    needLoop: { escalateGraceMinutes: 60, autoCloseDays: 7, reopenDays: 7 },
    ...o,
  }
}

describe('services/editing', () => {
  it('updatePost PATCHes the post with its id in the path only, and validates the answer', async () => {
    ok({ ...post(), status: 'open', cancelReason: null })
    const p = await updatePost({ id: ID, title: '健康义诊（加场）', slots: [{ id: SLOT_ID, capacity: 6 }] })
    expect(p.status).toBe('open')
    expect(sent()).toMatchObject({ url: `/api/posts/${ID}`, method: 'PATCH', data: { title: '健康义诊（加场）', slots: [{ id: SLOT_ID, capacity: 6 }] } })
    expect(sent().data).not.toHaveProperty('id')
    await expect(updatePost({ id: ID, radiusM: 5 })).rejects.toMatchObject({ status: 400, field: 'radiusM' })
    expect(Taro.request).toHaveBeenCalledTimes(1)
    ok({ ...post(), status: 'gone' })
    await expect(updatePost({ id: ID, title: '健康义诊' })).rejects.toMatchObject({ code: 'bad_response' })
  })

  it('cancelPost and cancelMeeting need a reason people can read', async () => {
    await expect(cancelPost(ID, ' ')).rejects.toMatchObject({ status: 400, field: 'reason' })
    expect(Taro.request).not.toHaveBeenCalled()
    ok({ ...post({ slots: [] }), status: 'cancelled', cancelReason: '天气原因' })
    expect((await cancelPost(ID, '天气原因')).status).toBe('cancelled')
    expect(sent()).toMatchObject({ url: `/api/posts/${ID}/cancel`, method: 'POST', data: { reason: '天气原因' } })
    ok(meetingDetail({ status: 'cancelled' }))
    expect((await cancelMeeting(ID, '场地占用')).status).toBe('cancelled')
    expect(sent(1)).toMatchObject({ url: `/api/meetings/${ID}/cancel`, data: { reason: '场地占用' } })
  })

  it('updateMeeting, the server refusing a capacity below the registered count comes back with its field', async () => {
    Taro.request.mockResolvedValue({ statusCode: 409, data: { error: { code: 'meeting.capacity_below_registered', message: '已有 5 人报名，人数上限不能少于已报名的人数', field: 'capacity' } } })
    await expect(updateMeeting({ id: ID, capacity: 2 })).rejects.toMatchObject({ status: 409, field: 'capacity', message: '已有 5 人报名，人数上限不能少于已报名的人数' })
    expect(sent()).toMatchObject({ url: `/api/meetings/${ID}`, method: 'PATCH', data: { capacity: 2 } })
  })

  it('resources and rewards: update, archive, restock', async () => {
    ok(resource({ capacity: 9 }))
    expect((await updateResource({ id: ID, capacity: 9, partnerType: null })).capacity).toBe(9)
    expect(sent()).toMatchObject({ url: `/api/resources/${ID}`, method: 'PATCH', data: { capacity: 9, partnerType: null } })
    ok(resource({ status: 'archived' }))
    expect((await archiveResource(ID)).status).toBe('archived')
    expect(sent(1)).toMatchObject({ url: `/api/resources/${ID}/archive`, method: 'POST' })
    ok(reward({ priceBeans: 40 }))
    expect((await updateReward({ id: ID, priceBeans: 40, validUntil: null })).priceBeans).toBe(40)
    expect(sent(2).data).toEqual({ priceBeans: 40, validUntil: null })
    await expect(restockReward(ID, 0)).rejects.toMatchObject({ field: 'add' })
    ok(reward({ stock: 15 }))
    expect((await restockReward(ID, 10)).stock).toBe(15)
    expect(sent(3)).toMatchObject({ url: `/api/rewards/${ID}/restock`, data: { add: 10 } })
    ok(reward({ status: 'archived' }))
    expect((await archiveReward(ID)).status).toBe('archived')
    expect(sent(4).url).toBe(`/api/rewards/${ID}/archive`)
  })

  it('community settings: GET and a partial PUT; invalid values never leave the phone', async () => {
    ok(settings())
    expect((await getCommunitySettings(COMMUNITY)).cosignThreshold).toBe(10)
    expect(sent()).toMatchObject({ url: `/api/communities/${COMMUNITY}/settings`, method: 'GET' })
    await expect(putCommunitySettings({ communityId: COMMUNITY, yearlyTargetHours: -1 })).rejects.toMatchObject({ status: 400, field: 'yearlyTargetHours' })
    await expect(putCommunitySettings({ communityId: COMMUNITY, cosignThreshold: 0 })).rejects.toMatchObject({ field: 'cosignThreshold' })
    expect(Taro.request).toHaveBeenCalledTimes(1)
    ok(settings({ cosignThreshold: 5 }))
    expect((await putCommunitySettings({ communityId: COMMUNITY, cosignThreshold: 5 })).cosignThreshold).toBe(5)
    expect(sent(1)).toMatchObject({ method: 'PUT', data: { cosignThreshold: 5 } })
    expect(sent(1).data).not.toHaveProperty('communityId')
  })
})
