import { describe, expect, it } from 'vitest'
import { beijingTime, clip, INBOX_ONLY_KINDS, renderTemplate, TEMPLATE_GROUPS, TEMPLATE_KINDS, templateGroupOf } from './templates'

const LONG = '这是一个非常非常长的标题，用来检查二十个字符以内的截断是否正确处理'
const ID = '00000000-0000-4000-8000-000000000001'
const AT = '2026-11-30T16:30:00Z'

// One realistic payload per kind, as the SQL functions write them, with every text field too long.
const PAYLOADS: Record<string, Record<string, unknown>> = {
  'need.status': { needId: ID, title: LONG, from: 'submitted', to: 'triaged', note: LONG, at: AT },
  'need.answered': { needId: ID, title: LONG, department: '区城管局', answer: LONG, from: 'escalated', to: 'in_progress', at: AT },
  'volunteer.review': { registrationId: ID, kind: 'volunteer', approved: false, reason: LONG },
  'shift.confirmed': { shiftId: ID, approved: true, minutes: 120, postId: ID, title: LONG, at: AT, beans: 12 },
  'shift.rejected': { shiftId: ID, approved: false, postId: ID, title: LONG, at: AT, reason: LONG },
  'post.changed': { postId: ID, title: LONG, place: LONG },
  'post.cancelled': { postId: ID, title: LONG, shiftId: ID, at: AT, reason: LONG },
  'whistle.call': { whistleId: ID, title: LONG, place: LONG, at: AT },
  'meeting.scheduled': { meetingId: ID, title: LONG, at: AT, place: LONG, topicTitle: LONG },
  'meeting.changed': { meetingId: ID, title: LONG, at: AT, place: LONG, previousAt: AT, previousPlace: '旧地点' },
  'meeting.cancelled': { meetingId: ID, title: LONG, at: AT, place: LONG, reason: LONG },
  'meeting.promoted': { meetingId: ID, title: LONG, at: AT, place: LONG },
  'motion.closed': { motionId: ID, meetingId: ID, title: LONG, meetingTitle: LONG, result: 'passed', resolutionId: ID },
  'resolution.progress': { resolutionId: ID, title: LONG, actionTitle: LONG, percent: 60, note: null, completed: false },
  'redemption.verified': { redemptionId: ID, rewardId: ID, title: LONG, beans: 30, at: AT },
  'reward.archived': { rewardId: ID, title: LONG, redemptionId: ID, expiresAt: AT },
  'shift.no_show': { shiftId: ID, postId: ID, title: LONG, at: AT },
  'motion.opened': { motionId: ID, meetingId: ID, title: LONG, meetingTitle: LONG, voters: 'residents', closesAt: AT },
  'redemption.refunded': { redemptionId: ID, rewardId: ID, title: LONG, beans: 30, reason: 'expired' },
  'service.confirmed': { projectId: ID, needId: ID, title: LONG, resourceTitle: LONG, side: 'owner' },
}

function withinLimits(kind: string, payload: unknown) {
  const m = renderTemplate(kind, payload, '2026-11-01T00:00:00Z')!
  expect(m, kind).not.toBeNull()
  const { thing1, phrase2, thing3, time4 } = m.data
  for (const t of [thing1, thing3]) {
    expect([...t.value].length, kind).toBeLessThanOrEqual(20)
    expect(t.value.trim(), kind).not.toBe('')
  }
  // a phrase is at most five Chinese characters, nothing else
  expect(phrase2.value, kind).toMatch(/^[\u4e00-\u9fa5]{1,5}$/)
  expect(time4.value, kind).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/)
  expect(m.page, kind).not.toMatch(/^\//)
  return m
}

describe('subscribe-message templates', () => {
  it('every kind with a template is tested here; inbox-only kinds and unknown kinds are not sent', () => {
    // an inbox kind added later is inbox only until it is given a group here (and a payload above)
    expect([...TEMPLATE_KINDS].sort()).toEqual(Object.keys(PAYLOADS).sort())
    for (const kind of INBOX_ONLY_KINDS) expect(templateGroupOf(kind), kind).toBeNull()
    expect(renderTemplate('invitation.accepted', {}, AT)).toBeNull()
    expect(renderTemplate('no.such', {}, AT)).toBeNull()
    expect(renderTemplate('shift.claimed', {}, AT)).toBeNull()
    expect(renderTemplate('service.proposed', {}, AT)).toBeNull()
    // every group has at least one kind
    expect(new Set(TEMPLATE_KINDS.map(templateGroupOf))).toEqual(new Set(TEMPLATE_GROUPS))
  })

  it.each(Object.keys(PAYLOADS))('%s renders within WeChat’s limits from a realistic payload', (kind) => {
    withinLimits(kind, PAYLOADS[kind])
  })

  it.each(TEMPLATE_KINDS)('%s still renders from an empty or malformed payload', (kind) => {
    for (const p of [{}, null, [], 'x', { title: 42, at: 'not a time', percent: 'a' }]) {
      const m = withinLimits(kind, p)
      expect(m.data.time4.value).toBe('2026-11-01 08:00')
    }
  })

  it('need.status keeps the established fields: title, status word, note, Beijing time, the need’s page', () => {
    const m = renderTemplate('need.status', { needId: ID, title: '楼道灯坏了', to: 'triaged', note: '已安排上门', at: AT }, AT)!
    expect(m).toEqual({
      group: 'need_status',
      page: `packageNeeds/pages/detail/index?id=${ID}`,
      data: { thing1: { value: '楼道灯坏了' }, phrase2: { value: '已研判' }, thing3: { value: '已安排上门' }, time4: { value: '2026-12-01 00:30' } },
    })
    expect(renderTemplate('need.status', { needId: ID, to: 'resolved' }, AT)!.data.thing3.value).toBe('点击查看办理进度')
  })

  it('maps each kind to its group and words', () => {
    expect(renderTemplate('shift.confirmed', PAYLOADS['shift.confirmed'], AT)).toMatchObject({ group: 'service', data: { phrase2: { value: '已确认' }, thing3: { value: '记入服务时长120分钟' } } })
    expect(renderTemplate('whistle.call', PAYLOADS['whistle.call'], AT)).toMatchObject({ group: 'service', page: 'pages/index/index' })
    expect(renderTemplate('motion.closed', { ...PAYLOADS['motion.closed'], result: 'failed' }, AT)!.data.phrase2.value).toBe('未通过')
    expect(renderTemplate('resolution.progress', PAYLOADS['resolution.progress'], AT)).toMatchObject({ group: 'meeting', data: { phrase2: { value: '有进展' }, thing3: { value: '落实进度60%' } } })
    expect(renderTemplate('redemption.verified', PAYLOADS['redemption.verified'], AT)).toMatchObject({ group: 'redemption', data: { thing3: { value: '使用金豆30个' } } })
    expect(renderTemplate('redemption.refunded', PAYLOADS['redemption.refunded'], AT)).toMatchObject({ group: 'redemption', data: { phrase2: { value: '已过期' }, thing3: { value: '已退回金豆30个' } } })
    expect(renderTemplate('motion.opened', PAYLOADS['motion.opened'], AT)).toMatchObject({ group: 'meeting', data: { phrase2: { value: '请投票' }, time4: { value: '2026-12-01 00:30' } } })
    expect(renderTemplate('shift.no_show', PAYLOADS['shift.no_show'], AT)).toMatchObject({ group: 'service', page: 'packageVolunteers/pages/shifts/index' })
    expect(renderTemplate('service.confirmed', PAYLOADS['service.confirmed'], AT)).toMatchObject({ group: 'need_status', page: `packageNeeds/pages/detail/index?id=${ID}` })
    expect(renderTemplate('reward.archived', PAYLOADS['reward.archived'], AT)!.data.thing3.value).toMatch(/^请于12月1日 00:30前领取$/)
  })

  it('clips by characters, not UTF-16 units, and formats Beijing time', () => {
    expect(clip('一二三四五六', 5)).toBe('一二三四…')
    expect([...clip('😀'.repeat(30), 20)].length).toBe(20)
    expect(clip('短', 20)).toBe('短')
    expect(beijingTime('2026-12-31T16:00:00Z')).toBe('2027-01-01 00:00')
    expect(beijingTime('nope')).toBeNull()
    expect(beijingTime(null)).toBeNull()
  })
})
