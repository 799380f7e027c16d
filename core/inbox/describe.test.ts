import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { INBOX_KINDS, INBOX_PAGES, INBOX_TAB_PAGES, describeNotification, inboxTime } from './describe'

const NEED = '11111111-1111-4111-8111-111111111111'
const MEETING = '22222222-2222-4222-8222-222222222222'
const RESOLUTION = '33333333-3333-4333-8333-333333333333'
const POST = '44444444-4444-4444-8444-444444444444'
const COMMUNITY = '55555555-5555-4555-8555-555555555555'
const NOW = new Date('2026-11-28T12:00:00Z')
const UUID_ANYWHERE = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i

// A representative payload per kind, as the SQL functions write it.
const SAMPLES: Record<string, Record<string, unknown>> = {
  'need.status': { needId: NEED, title: '楼道灯坏了', from: 'submitted', to: 'triaged', note: '已派电工', at: '2026-11-28T10:00:00.000000Z', dueAt: '2026-11-29T02:00:00.000000Z', dueGoal: 'resolve' },
  'need.answered': { needId: NEED, title: '路灯不亮', department: '城管科', answer: '已派人维修，本周内修好', from: 'escalated', to: 'in_progress', at: '2026-11-28T10:00:00.000000Z' },
  'whistle.department': { whistleId: NEED, title: '占道经营联合整治', place: '和平路菜场', needId: NEED, at: '2026-11-29T01:00:00.000000Z', department: '城管科' },
  'volunteer.review': { registrationId: NEED, kind: 'party_member', approved: true, reason: null },
  'shift.confirmed': { shiftId: NEED, approved: true, minutes: 90, postId: POST, title: '助老助残', at: '2026-11-27T01:00:00.000000Z', beans: 15 },
  'shift.rejected': { shiftId: NEED, approved: false, minutes: null, postId: POST, title: '助老助残', reason: '未见到签到照片' },
  'post.changed': { postId: POST, title: '治安巡逻', place: '小区北门' },
  'post.cancelled': { postId: POST, title: '治安巡逻', shiftId: NEED, at: '2026-11-30T01:00:00.000000Z', reason: '暴雨预警' },
  'whistle.call': { whistleId: NEED, title: '防汛巡查', place: '和平河堤', at: '2026-11-28T13:00:00.000000Z' },
  'meeting.scheduled': { meetingId: MEETING, title: '十一月议事会', at: '2026-12-01T06:00:00.000000Z', place: '社区活动室', topicTitle: '加装电梯' },
  'meeting.changed': { meetingId: MEETING, title: '十一月议事会', at: '2026-12-02T06:00:00.000000Z', place: '社区二楼', previousAt: '2026-12-01T06:00:00.000000Z', previousPlace: '社区活动室' },
  'meeting.cancelled': { meetingId: MEETING, title: '十一月议事会', at: '2026-12-01T06:00:00.000000Z', place: '社区活动室', reason: '场地维修' },
  'meeting.promoted': { meetingId: MEETING, title: '十一月议事会', at: '2026-12-01T06:00:00.000000Z', place: '社区活动室' },
  'motion.closed': { motionId: NEED, meetingId: MEETING, title: '是否加装电梯', meetingTitle: '十一月议事会', result: 'passed', resolutionId: RESOLUTION },
  'resolution.progress': { resolutionId: RESOLUTION, title: '加装电梯', actionTitle: '征求住户意见', percent: 50, note: '已走访一半住户', completed: false },
  'reward.archived': { rewardId: NEED, title: '洗衣液', redemptionId: NEED, expiresAt: '2026-12-05T15:59:00.000000Z' },
  'redemption.verified': { redemptionId: NEED, rewardId: NEED, title: '洗衣液', beans: 30, at: '2026-11-28T10:00:00.000000Z' },
  'shift.claimed': { shiftId: NEED, postId: POST, title: '治安巡逻', place: '小区北门', at: '2026-11-30T01:00:00.000000Z', endsAt: '2026-11-30T03:00:00.000000Z' },
  'shift.no_show': { shiftId: NEED, postId: POST, title: '治安巡逻', at: '2026-11-27T01:00:00.000000Z' },
  'motion.opened': { motionId: NEED, meetingId: MEETING, title: '是否加装电梯', meetingTitle: '十一月议事会', voters: 'residents', closesAt: '2026-12-01T10:00:00.000000Z' },
  'redemption.refunded': { redemptionId: NEED, rewardId: NEED, title: '洗衣液', beans: 30, reason: 'expired' },
  'service.proposed': { projectId: NEED, needId: NEED, title: '老人助浴', resourceTitle: '上门助浴服务', origin: 'proposal', side: 'owner' },
  'service.confirmed': { projectId: NEED, needId: NEED, title: '老人助浴', resourceTitle: '上门助浴服务', side: 'provider' },
  'action.reported': { resolutionId: RESOLUTION, title: '加装电梯', actionId: NEED, actionTitle: '征求住户意见', ownerName: '赵网格', note: '已走访全部住户' },
  'shift.checkout_missed': { shiftId: NEED, postId: POST, title: '周末助老服务', at: '2026-11-28T01:00:00.000000Z', endsAt: '2026-11-28T02:00:00.000000Z', until: '2026-12-05T02:00:00.000000Z' },
  'invitation.accepted': { invitationId: NEED, role: 'staff', communityId: COMMUNITY, communityName: '和平社区', unitName: null, name: '王敏' },
}

describe('describeNotification', () => {
  it('has a sample for every kind it knows, and every sample reads as plain Chinese without ids', () => {
    expect(Object.keys(SAMPLES).sort()).toEqual([...INBOX_KINDS].sort())
    for (const [kind, payload] of Object.entries(SAMPLES)) {
      const d = describeNotification(kind, payload, NOW)
      expect(d.title, kind).toMatch(/[\u4e00-\u9fa5]/)
      expect(d.body, kind).toMatch(/[\u4e00-\u9fa5]/)
      expect(`${d.title}${d.body}`, kind).not.toMatch(UUID_ANYWHERE)
      expect(`${d.title}${d.body}`, kind).not.toMatch(/undefined|null|NaN|\[object/)
      expect(d.link, kind).toMatch(/^\//)
    }
  })

  it('tells a need owner the new status, the handler note, the deadline, and links to the need', () => {
    const d = describeNotification('need.status', SAMPLES['need.status'], NOW)
    expect(d.title).toBe('您的需求已受理')
    expect(d.body).toBe('“楼道灯坏了”：已研判。处理说明：已派电工。将于 11月29日 10:00 前办结。')
    expect(d.link).toBe(`/packageNeeds/pages/detail/index?id=${NEED}`)
  })

  it('a resolved need shows the 办理结果 and the 受理编号; a malformed number is left out', () => {
    const resolved = describeNotification('need.status', { needId: NEED, refNo: 'HP-20261128-0042', title: '楼道灯坏了', to: 'resolved', note: '已更换 3 单元楼道灯泡' }, NOW)
    expect(resolved.body).toBe('“楼道灯坏了”：已解决。办理结果：已更换 3 单元楼道灯泡。受理编号 HP-20261128-0042。')
    const rejected = describeNotification('need.status', { needId: NEED, title: '楼道灯坏了', to: 'rejected', note: '属物业维修范围', refNo: NEED }, NOW)
    expect(rejected.body).toBe('“楼道灯坏了”：未受理。未受理原因：属物业维修范围。')
  })

  it('gives the reason of a rejected shift and of a refused registration', () => {
    expect(describeNotification('shift.rejected', SAMPLES['shift.rejected'], NOW).body).toContain('原因：未见到签到照片')
    // rows written before shift.rejected existed: shift.confirmed with approved = false
    expect(describeNotification('shift.confirmed', { shiftId: NEED, approved: false, minutes: null }, NOW).title).toBe('服务时长未通过确认')
    const refused = describeNotification('volunteer.review', { registrationId: NEED, kind: 'talent', approved: false, reason: '材料不全' }, NOW)
    expect(refused).toMatchObject({ title: '报到申请未通过', body: '您的社区能人报到申请未通过。原因：材料不全。' })
  })

  it('links a passed vote to its resolution and a failed one to its meeting', () => {
    expect(describeNotification('motion.closed', SAMPLES['motion.closed'], NOW).link).toBe(`/packageDeliberation/pages/resolution/index?id=${RESOLUTION}`)
    const failed = describeNotification('motion.closed', { ...SAMPLES['motion.closed'], result: 'no_quorum', resolutionId: null }, NOW)
    expect(failed.body).toContain('因投票人数不足未能通过')
    expect(failed.link).toBe(`/packageDeliberation/pages/meeting-detail/index?id=${MEETING}`)
  })

  it('tells the resident and the provider of a service match what it means for each, and a refund why', () => {
    const owner = describeNotification('service.proposed', SAMPLES['service.proposed'], NOW)
    expect(owner).toMatchObject({ title: '您的需求有了服务匹配', link: `/packageNeeds/pages/detail/index?id=${NEED}` })
    expect(owner.body).toContain('“上门助浴服务”')
    const provider = describeNotification('service.proposed', { ...SAMPLES['service.proposed'], side: 'provider' }, NOW)
    expect(provider).toMatchObject({ title: '有一项服务对接待您确认', link: '/pages/services/index' })
    expect(describeNotification('service.confirmed', SAMPLES['service.confirmed'], NOW).title).toBe('服务对接已确认')
    expect(describeNotification('redemption.refunded', SAMPLES['redemption.refunded'], NOW).body).toBe('您兑换的“洗衣液”超过领取期限未领取，兑换已失效。30 个金豆已退回您的账户。')
    expect(describeNotification('redemption.refunded', { ...SAMPLES['redemption.refunded'], reason: 'cancelled' }, NOW).body).toContain('已被取消')
    expect(describeNotification('motion.opened', { ...SAMPLES['motion.opened'], voters: 'attendees' }, NOW).body).toContain('到会签到后即可投票')
  })

  it('tells staff an action item waits for 验收, and opens its resolution', () => {
    const d = describeNotification('action.reported', SAMPLES['action.reported'], NOW)
    expect(d).toEqual({
      title: '有落实事项待验收',
      body: '赵网格报告决议“加装电梯”的“征求住户意见”已完成。说明：已走访全部住户。请核实后验收或退回。',
      link: `/packageDeliberation/pages/resolution/index?id=${RESOLUTION}`,
    })
    // without the names it still reads, and without an id it opens 议事
    const bare = describeNotification('action.reported', { resolutionId: 'x' }, NOW)
    expect(bare.body).toBe('一项落实事项已报告完成。请核实后验收或退回。')
    expect(bare.link).toBe(INBOX_PAGES.deliberation)
  })

  it('reminds a volunteer of a forgotten check-out, with the post and the 补签退 deadline, and opens 我的岗位', () => {
    const d = describeNotification('shift.checkout_missed', SAMPLES['shift.checkout_missed'], NOW)
    expect(d).toEqual({
      title: '您有一次岗位忘记签退',
      body: '您在 11月28日 09:00 的“周末助老服务”已签到但没有签退。可以在“我的岗位”申请补签退，由社区工作者确认服务时长。请在 12月5日 10:00 前申请。',
      link: '/packageVolunteers/pages/shifts/index',
    })
    expect(describeNotification('shift.checkout_missed', {}, NOW).body).toBe('您有一次志愿服务已签到但没有签退。可以在“我的岗位”申请补签退，由社区工作者确认服务时长。')
  })

  it('never builds a link from something that is not an id', () => {
    expect(describeNotification('need.status', { needId: '../../x?y', title: '路灯', to: 'resolved' }, NOW).link).toBeNull()
    expect(describeNotification('meeting.cancelled', { meetingId: 7, title: '议事会' }, NOW).link).toBe(INBOX_PAGES.deliberation)
  })

  it('an unknown kind, or a payload that is not an object, still reads safely', () => {
    for (const [kind, payload] of [['shift.teleported', { id: NEED }], ['need.status', null], ['need.status', 'x'], ['__proto__', {}], ['toString', {}]] as const) {
      const d = describeNotification(kind, payload, NOW)
      expect(d.title).toMatch(/[\u4e00-\u9fa5]/)
      expect(d.body).not.toMatch(UUID_ANYWHERE)
    }
    expect(describeNotification('shift.teleported', {}, NOW)).toEqual({ title: '您有一条新消息', body: '社区有一条与您有关的新消息。', link: null })
  })

  it('every page it links to is a page of the mini-program', () => {
    const config = readFileSync(join(__dirname, '../../miniapp/app.config.ts'), 'utf8')
    for (const page of Object.values(INBOX_PAGES)) {
      const [, root, rest] = /^\/(package\w+)\/(.+)$/.exec(page) ?? [null, null, null]
      if (root) {
        expect(config, page).toContain(`root: '${root}'`)
        expect(config, page).toContain(`'${rest}'`)
      } else {
        expect(config, page).toContain(`'${page.slice(1)}'`)
      }
    }
    for (const tab of INBOX_TAB_PAGES) expect(config).toContain(`pagePath: '${tab.slice(1)}'`)
  })

  it('shows times in Beijing time', () => {
    expect(inboxTime('2026-11-28T16:30:00Z', NOW)).toBe('11月29日 00:30')
    expect(inboxTime('2025-01-02T00:00:00Z', NOW)).toBe('2025年1月2日 08:00')
    expect(inboxTime('garbage', NOW)).toBeNull()
  })
})
