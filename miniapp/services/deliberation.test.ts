import { beforeEach, describe, expect, it, vi } from 'vitest'
import { ZMeetingDetail, ZMetricsResponse, ZMotion, ZResolution, ZTopic } from '../../core/contracts'
import { D, meetingDetail, metrics, motion, resolution, tally, topic } from '../packageDeliberation/testing/fixtures'
import { ok, resetSignedIn, sent } from '../testing/requests'
import { Taro } from '../testing/taroMock'
import {
  acceptAction, actionProgress, addAction, checkInMeeting, closeMotion, commentMeeting, cosignTopic, createMeeting, createMotion,
  createTopic, deliberationMetrics, evaluateResolution, getMeeting, getResolution, listMeetings, listTopics, listTopicsPage,
  minutesMeeting, quarterOf, registerMeeting, returnAction, superviseResolution, voteMotion, withdrawMeeting,
} from './deliberation'

vi.mock('@tarojs/taro', async () => (await import('../testing/taroMock')).taroModule)

beforeEach(resetSignedIn)

describe('services/deliberation', () => {
  it('the fixtures match the contracts', () => {
    expect(ZTopic.safeParse(topic()).success).toBe(true)
    expect(ZMeetingDetail.safeParse(meetingDetail()).success).toBe(true)
    expect(ZMotion.safeParse(motion({ tally: tally(2, 1, 0) })).success).toBe(true)
    expect(ZResolution.safeParse(resolution()).success).toBe(true)
    expect(ZMetricsResponse.safeParse(metrics()).success).toBe(true)
  })

  it('topics: list, create (validated first) and co-sign hit the contract paths', async () => {
    ok({ items: [topic()], nextCursor: null })
    expect(await listTopics()).toHaveLength(1)
    // the picker's list: the first page of 50, ready topics first
    expect(sent()).toMatchObject({ url: '/api/topics?limit=50', method: 'GET' })
    Taro.request.mockClear()
    ok({ items: [topic()], nextCursor: 'c2' })
    expect(await listTopicsPage({ cursor: 'c1' })).toMatchObject({ nextCursor: 'c2' })
    expect(sent()).toMatchObject({ url: '/api/topics?cursor=c1', method: 'GET' })
    Taro.request.mockClear()
    ok({ items: [], nextCursor: null })
    expect(await listMeetings({ cursor: 'm1', limit: 10 })).toEqual({ items: [], nextCursor: null })
    expect(sent()).toMatchObject({ url: '/api/meetings?cursor=m1&limit=10', method: 'GET' })
    await expect(listMeetings({ limit: 51 })).rejects.toMatchObject({ field: 'limit' })
    Taro.request.mockClear()
    await expect(createTopic({ title: '充电' })).rejects.toMatchObject({ field: 'title', message: '议题至少 4 个字' })
    expect(Taro.request).not.toHaveBeenCalled()
    ok(topic(), 201)
    await createTopic({ title: ' 东门加装充电桩 ' })
    expect(sent()).toMatchObject({ url: '/api/topics', method: 'POST', data: { title: '东门加装充电桩' } })
    Taro.request.mockClear()
    ok(topic({ cosigned: true, cosigns: 4 }))
    expect((await cosignTopic(D.topic)).cosigned).toBe(true)
    expect(sent()).toMatchObject({ url: `/api/topics/${D.topic}/cosign`, method: 'POST' })
  })

  it('meetings: create, register with a seat, and check in only with 6 digits', async () => {
    await expect(createMeeting({ title: '议事会', form: 'five_party', startsAt: '明天', place: '东门', capacity: 10 })).rejects.toMatchObject({ field: 'startsAt' })
    ok(meetingDetail(), 201)
    await createMeeting({ title: '议事会', form: 'five_party', startsAt: '2026-12-01T19:00:00+08:00', place: '东门', capacity: 10, topicIds: [D.topic] })
    expect(sent()).toMatchObject({ url: '/api/meetings', method: 'POST', data: { form: 'five_party', topicIds: [D.topic] } })
    Taro.request.mockClear()
    ok(meetingDetail({ myStatus: 'registered' }))
    await registerMeeting(D.meeting, 'property')
    expect(sent()).toMatchObject({ url: `/api/meetings/${D.meeting}/register`, data: { seat: 'property' } })
    Taro.request.mockClear()
    await expect(checkInMeeting(D.meeting, '12a456')).rejects.toMatchObject({ field: 'code', message: '请输入 6 位数字签到码' })
    expect(Taro.request).not.toHaveBeenCalled()
    ok(meetingDetail({ checkedIn: true }))
    await checkInMeeting(D.meeting, ' 123456 ')
    expect(sent()).toMatchObject({ url: `/api/meetings/${D.meeting}/check-in`, data: { code: '123456' } })
  })

  it('motions: defaults the options to 同意/反对/弃权 (弃权 flagged as the abstention) and votes by option id', async () => {
    ok(motion(), 201)
    await createMotion(D.meeting, { title: '加装充电桩', voters: 'attendees', quorum: 2, threshold: 'majority' })
    expect(sent()).toMatchObject({ url: `/api/meetings/${D.meeting}/motions`, data: { options: [{ label: '同意' }, { label: '反对' }, { label: '弃权', abstain: true }], quorum: 2 } })
    expect((sent().data as Record<string, unknown>).id).toBeUndefined()
    Taro.request.mockClear()
    ok(motion({ myVote: D.optYes }))
    await voteMotion(D.motion, D.optYes)
    expect(sent()).toMatchObject({ url: `/api/motions/${D.motion}/vote`, data: { optionId: D.optYes } })
  })

  it('resolutions: actions, progress bounds, rating bounds', async () => {
    ok(resolution(), 201)
    await addAction(D.resolution, { title: '联系供电公司', ownerId: D.grid, dueAt: '2026-12-01T18:00:00+08:00' })
    expect(sent()).toMatchObject({ url: `/api/resolutions/${D.resolution}/actions`, data: { ownerId: D.grid } })
    Taro.request.mockClear()
    await expect(actionProgress(D.action, '完成', 120)).rejects.toMatchObject({ field: 'percent' })
    await expect(evaluateResolution(D.resolution, 6)).rejects.toMatchObject({ field: 'rating', message: '请选择 1 到 5 星' })
    expect(Taro.request).not.toHaveBeenCalled()
  })

  it('meeting and motion steps: each goes to its own path with only its fields; a bad id never leaves the phone', async () => {
    ok(meetingDetail())
    await getMeeting(D.meeting)
    await withdrawMeeting(D.meeting)
    await minutesMeeting(D.meeting, ' 会议决定加装充电桩 ')
    expect(sent(0)).toMatchObject({ url: `/api/meetings/${D.meeting}`, method: 'GET' })
    expect(sent(1)).toMatchObject({ url: `/api/meetings/${D.meeting}/withdraw`, method: 'POST', data: {} })
    expect(sent(2)).toMatchObject({ url: `/api/meetings/${D.meeting}/minutes`, method: 'POST', data: { minutes: '会议决定加装充电桩' } })
    ok({ id: 1, authorName: '张三', body: '支持', hidden: false, at: '2026-11-20T08:00:00Z' }, 201)
    expect((await commentMeeting(D.meeting, ' 支持 ')).body).toBe('支持')
    expect(sent(3)).toMatchObject({ url: `/api/meetings/${D.meeting}/comments`, method: 'POST', data: { body: '支持' } })
    ok(motion({ status: 'closed', result: 'passed' }))
    expect((await closeMotion(D.motion)).result).toBe('passed')
    expect(sent(4)).toMatchObject({ url: `/api/motions/${D.motion}/close`, method: 'POST', data: {} })
    Taro.request.mockClear()
    await expect(getMeeting('nope')).rejects.toMatchObject({ status: 400, field: 'id' })
    await expect(commentMeeting(D.meeting, ' ')).rejects.toMatchObject({ field: 'body', message: '请填写内容' })
    expect(Taro.request).not.toHaveBeenCalled()
  })

  it('resolution follow-up: read, accept, return with a reason, supervise and rate', async () => {
    ok(resolution())
    await getResolution(D.resolution)
    await acceptAction(D.action)
    await returnAction(D.action, ' 照片不清楚 ')
    await superviseResolution(D.resolution, '请加快进度')
    await evaluateResolution(D.resolution, 5, '')
    expect(sent(0)).toMatchObject({ url: `/api/resolutions/${D.resolution}`, method: 'GET' })
    expect(sent(1)).toMatchObject({ url: `/api/actions/${D.action}/accept`, method: 'POST', data: {} })
    expect(sent(2)).toMatchObject({ url: `/api/actions/${D.action}/return`, method: 'POST', data: { reason: '照片不清楚' } })
    expect(sent(3)).toMatchObject({ url: `/api/resolutions/${D.resolution}/supervise`, method: 'POST', data: { note: '请加快进度' } })
    expect(sent(4)).toMatchObject({ url: `/api/resolutions/${D.resolution}/evaluate`, method: 'POST', data: { rating: 5 } })
    expect(sent(4).data).not.toHaveProperty('comment', '')
    Taro.request.mockClear()
    await expect(returnAction(D.action, '差')).rejects.toMatchObject({ field: 'reason', message: '退回原因至少 2 个字' })
    expect(Taro.request).not.toHaveBeenCalled()
  })

  it('metrics: street and quarter in the query; the quarter is Beijing time', async () => {
    ok(metrics())
    await deliberationMetrics(D.street, '2026Q4')
    expect(sent()).toMatchObject({ url: `/api/deliberation/metrics?streetId=${D.street}&quarter=2026Q4`, method: 'GET' })
    await expect(deliberationMetrics(D.street, '2026-4')).rejects.toMatchObject({ field: 'quarter' })
    expect(quarterOf(new Date('2026-12-31T17:00:00Z'))).toBe('2027Q1')
    expect(quarterOf(new Date('2026-11-22T00:00:00Z'))).toBe('2026Q4')
  })
})
