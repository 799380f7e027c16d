import { APP_ROLE_LABELS, type AppRole } from '../contracts/common'
import { NEED_STATUS_LABELS, SLA_GOAL_LABELS, type NeedStatus, type SlaGoal } from '../contracts/needs'
import { VOLUNTEER_KIND_LABELS, type VolunteerKind } from '../contracts/volunteers'

/**
 * What the inbox (消息) shows for one outbox row: the SQL functions write `(kind, payload)` in the event's transaction,
 * this turns it into plain Chinese and the page it is about. Pure, so the endpoint, tests and any later channel agree.
 *
 * A resident never reads an id or an internal word here: ids only go into `link`, and a payload that lacks what a
 * sentence needs falls back to a general sentence rather than an empty or technical one.
 */
export interface InboxText {
  title: string
  body: string
  /** a mini-program page path (leading slash); null when there is nothing to open */
  link: string | null
}

// Page paths, as in miniapp/utils/routes.ts and the packages' routes.ts (core cannot import the mini-program;
// describe.test.ts checks every path below is a page of miniapp/app.config.ts).
export const INBOX_PAGES = {
  home: '/pages/index/index',
  deliberation: '/pages/deliberation/index',
  mine: '/pages/mine/index',
  needDetail: '/packageNeeds/pages/detail/index',
  register: '/packageVolunteers/pages/register/index',
  shifts: '/packageVolunteers/pages/shifts/index',
  postDetail: '/packageVolunteers/pages/post-detail/index',
  meetingDetail: '/packageDeliberation/pages/meeting-detail/index',
  resolution: '/packageDeliberation/pages/resolution/index',
  redemptions: '/packageBeans/pages/redemptions/index',
  invitations: '/packageAdmin/pages/invitations/index',
} as const

/** Pages that are tabs of the mini-program: opened with switchTab, which takes no query string. */
export const INBOX_TAB_PAGES: readonly string[] = [INBOX_PAGES.home, INBOX_PAGES.deliberation, INBOX_PAGES.mine, '/pages/needs/index', '/pages/services/index']

type Payload = Record<string, unknown>

const REF_NO = /^[A-Z][A-Z0-9]{1,7}-\d{8}-\d{4,}$/
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

function str(p: Payload, key: string): string | null {
  const v = p[key]
  if (typeof v !== 'string') return null
  const t = v.trim()
  return t === '' ? null : t
}

function num(p: Payload, key: string): number | null {
  const v = p[key]
  return typeof v === 'number' && Number.isFinite(v) ? v : null
}

function withId(page: string, key: string, id: string | null): string | null {
  return id && UUID.test(id) ? `${page}?${key}=${encodeURIComponent(id)}` : null
}

function quoted(title: string | null): string {
  return title ? `“${title}”` : ''
}

/** Ends a sentence with 。 unless it already ends with punctuation. */
function sentence(s: string): string {
  return /[。！？!?.…）)”"]$/.test(s) ? s : `${s}。`
}

function join(...parts: Array<string | null | false | undefined>): string {
  return parts.filter((x): x is string => typeof x === 'string' && x !== '').map(sentence).join('')
}

const CST_OFFSET_MS = 8 * 60 * 60 * 1000
const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n))

/** "11月30日 14:00" in Beijing time; the year is added when it is not the current one. */
export function inboxTime(iso: string | null, now: Date = new Date()): string | null {
  if (!iso) return null
  const ms = Date.parse(iso)
  if (Number.isNaN(ms)) return null
  const d = new Date(ms + CST_OFFSET_MS)
  const thisYear = new Date(now.getTime() + CST_OFFSET_MS).getUTCFullYear()
  const year = d.getUTCFullYear() === thisYear ? '' : `${d.getUTCFullYear()}年`
  return `${year}${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}`
}

// A resident-facing headline per status the need moved to (the status badge words are for lists).
const NEED_TITLES: Record<NeedStatus, string> = {
  submitted: '您的需求已重新提交',
  triaged: '您的需求已受理',
  in_progress: '您的需求正在处理',
  resolved: '您的需求已解决，请评价',
  evaluated: '感谢您的评价',
  closed: '您的需求已办结',
  rejected: '您的需求未被受理',
  escalated: '您的需求已上报处理',
  in_deliberation: '您的需求已提交居民议事',
  matched: '您的需求已匹配到服务',
}

function needStatus(p: Payload, now: Date): InboxText {
  const to = str(p, 'to') as NeedStatus | null
  const title = to && to in NEED_TITLES ? NEED_TITLES[to] : '您的需求有新进展'
  const note = str(p, 'note')
  const due = inboxTime(str(p, 'dueAt'), now)
  const goal = str(p, 'dueGoal') as SlaGoal | null
  const goalWord = goal && goal in SLA_GOAL_LABELS ? SLA_GOAL_LABELS[goal] : SLA_GOAL_LABELS.resolve
  const label = to && to in NEED_STATUS_LABELS ? NEED_STATUS_LABELS[to] : null
  // the 受理编号 a resident reads out on the phone (never an id)
  const refNo = str(p, 'refNo')
  const noteWord = to === 'resolved' ? '办理结果' : to === 'rejected' ? '未受理原因' : to === 'escalated' ? '上报原因' : '处理说明'
  return {
    title,
    body: join(
      str(p, 'title') ? `${quoted(str(p, 'title'))}${label ? `：${label}` : ''}` : label ? `当前状态：${label}` : '点击查看办理进度',
      note && `${noteWord}：${note}`,
      due && `将于 ${due} 前${goalWord}`,
      refNo && REF_NO.test(refNo) && `受理编号 ${refNo}`,
    ),
    link: withId(INBOX_PAGES.needDetail, 'id', str(p, 'needId')),
  }
}

function shiftOutcome(p: Payload, approved: boolean, now: Date): InboxText {
  const when = inboxTime(str(p, 'at'), now)
  const what = [when, quoted(str(p, 'title'))].filter(Boolean).join(' ')
  const minutes = num(p, 'minutes')
  const beans = num(p, 'beans')
  if (approved) {
    return {
      title: '服务时长已确认',
      body: join(
        what ? `您在 ${what} 的服务已确认` : '您的一次志愿服务已确认',
        minutes !== null && `记入服务时长 ${minutes} 分钟`,
        beans !== null && beans > 0 && `将获得 ${beans} 个金豆`,
      ),
      link: INBOX_PAGES.shifts,
    }
  }
  const reason = str(p, 'reason')
  return {
    title: '服务时长未通过确认',
    body: join(what ? `您在 ${what} 的服务未通过确认` : '您的一次志愿服务未通过确认', reason && `原因：${reason}`, '如有疑问请联系社区'),
    link: INBOX_PAGES.shifts,
  }
}

function serviceMatch(p: Payload, confirmed: boolean): InboxText {
  const need = quoted(str(p, 'title'))
  const resource = quoted(str(p, 'resourceTitle'))
  if (str(p, 'side') === 'provider') {
    return {
      title: confirmed ? '服务对接已确认' : '有一项服务对接待您确认',
      body: join(
        confirmed
          ? `社区已确认由您的${resource || '资源'}为居民需求${need}提供服务，服务项目成立`
          : `社区希望由您的${resource || '资源'}为居民需求${need}提供服务`,
        confirmed ? '请与社区联系安排服务' : '请在“服务”页查看并确认',
      ),
      link: '/pages/services/index',
    }
  }
  return {
    title: confirmed ? '您的需求已对接到服务' : '您的需求有了服务匹配',
    body: join(
      confirmed
        ? `${need || '您的需求'}已与${resource || '服务资源'}对接成功`
        : `${need || '您的需求'}匹配到了${resource || '服务资源'}，正在等待双方确认`,
      confirmed && '服务方将与您联系',
    ),
    link: withId(INBOX_PAGES.needDetail, 'id', str(p, 'needId')),
  }
}

type Describer = (p: Payload, now: Date) => InboxText

const DESCRIBERS: Record<string, Describer> = {
  'need.status': needStatus,

  // 部门答疑 (20261201000700_administration.sql)
  'need.answered': (p) => {
    const dept = str(p, 'department')
    const answer = str(p, 'answer')
    return {
      title: dept ? `${dept}答复了您的需求` : '职能部门答复了您的需求',
      body: join(`${quoted(str(p, 'title')) || '您的需求'}有了部门答复`, answer && `答复：${answer}`,
        str(p, 'to') === 'in_progress' && '社区将按答复继续办理'),
      link: withId(INBOX_PAGES.needDetail, 'id', str(p, 'needId')),
    }
  },

  // 街道吹哨·部门报到 (20261201000700_administration.sql): to every member of a called department
  'whistle.department': (p, now) => {
    const when = inboxTime(str(p, 'at'), now)
    const place = str(p, 'place')
    return {
      title: '街道吹哨，请部门报到',
      body: join(
        `${str(p, 'department') ? `${str(p, 'department')}：` : ''}${quoted(str(p, 'title')) || '街道需要部门到场'}`,
        [when && `时间：${when}`, place && `地点：${place}`].filter(Boolean).join('，'),
        '请报到并说明到场人员和时间',
      ),
      link: withId(INBOX_PAGES.needDetail, 'id', str(p, 'needId')) ?? INBOX_PAGES.home,
    }
  },

  'volunteer.review': (p) => {
    const kind = str(p, 'kind') as VolunteerKind | null
    const as = kind && kind in VOLUNTEER_KIND_LABELS ? VOLUNTEER_KIND_LABELS[kind] : '志愿者'
    const reason = str(p, 'reason')
    return p.approved === true
      ? { title: '报到申请已通过', body: join(`您已登记为${as}`, '可以认领服务岗位了'), link: INBOX_PAGES.register }
      : { title: '报到申请未通过', body: join(`您的${as}报到申请未通过`, reason && `原因：${reason}`), link: INBOX_PAGES.register }
  },

  'shift.confirmed': (p, now) => shiftOutcome(p, p.approved !== false, now),
  'shift.rejected': (p, now) => shiftOutcome(p, false, now),

  // 认领岗位 (20261201000400_volunteers.sql): the volunteer's own confirmation of the slot
  'shift.claimed': (p, now) => {
    const when = inboxTime(str(p, 'at'), now)
    const place = str(p, 'place')
    return {
      title: '岗位认领成功',
      body: join(
        `您已认领${quoted(str(p, 'title')) || '志愿服务岗位'}${when ? `，时间：${when}` : ''}`,
        place && `地点：${place}`,
        '请按时到岗签到，不能参加请提前取消',
      ),
      link: withId(INBOX_PAGES.postDetail, 'id', str(p, 'postId')) ?? INBOX_PAGES.shifts,
    }
  },

  // 未到岗 (the shifts cron)
  'shift.no_show': (p, now) => {
    const when = inboxTime(str(p, 'at'), now)
    return {
      title: '您有一次岗位未到岗',
      body: join(
        `您认领的${quoted(str(p, 'title')) || '志愿服务岗位'}${when ? `（${when}）` : ''}没有签到，已记为未到岗`,
        '如有特殊情况请联系社区',
      ),
      link: INBOX_PAGES.shifts,
    }
  },

  // 忘记签退 (shifts_sweep, 20261201000400_volunteers.sql): once per shift whose check-out window closed without a
  // check-out; 补签退 is on 我的岗位 until `until` (7 days after the slot)
  'shift.checkout_missed': (p, now) => {
    const when = inboxTime(str(p, 'at'), now)
    const title = str(p, 'title')
    const until = inboxTime(str(p, 'until'), now)
    return {
      title: '您有一次岗位忘记签退',
      body: join(
        title ? `您在${when ? ` ${when} 的` : ''}${quoted(title)}已签到但没有签退` : '您有一次志愿服务已签到但没有签退',
        '可以在“我的岗位”申请补签退，由社区工作者确认服务时长',
        until && `请在 ${until} 前申请`,
      ),
      link: INBOX_PAGES.shifts,
    }
  },

  'post.changed': (p) => {
    const place = str(p, 'place')
    return {
      title: '您认领的岗位有变动',
      body: join(`${quoted(str(p, 'title')) || '您认领的岗位'}的地点有变化`, place && `现在的地点：${place}`, '请按新的安排到岗'),
      link: withId(INBOX_PAGES.postDetail, 'id', str(p, 'postId')) ?? INBOX_PAGES.shifts,
    }
  },

  'post.cancelled': (p, now) => {
    const when = inboxTime(str(p, 'at'), now)
    const reason = str(p, 'reason')
    return {
      title: '您认领的岗位已取消',
      body: join(
        `${quoted(str(p, 'title')) || '您认领的岗位'}${when ? `（${when}）` : ''}已由社区取消`,
        reason && `原因：${reason}`,
        '不影响您的信用',
      ),
      link: INBOX_PAGES.shifts,
    }
  },

  'whistle.call': (p, now) => {
    const when = inboxTime(str(p, 'at'), now)
    const place = str(p, 'place')
    return {
      title: '社区吹哨，请求支援',
      body: join(
        `${quoted(str(p, 'title')) || '社区需要志愿者支援'}`,
        [when && `时间：${when}`, place && `地点：${place}`].filter(Boolean).join('，'),
        '能来的请在首页响应',
      ),
      link: INBOX_PAGES.home,
    }
  },

  'meeting.scheduled': (p, now) => {
    const when = inboxTime(str(p, 'at'), now)
    const place = str(p, 'place')
    const topic = str(p, 'topicTitle')
    return {
      title: '议事会已安排',
      body: join(
        topic ? `您提出或联名的议题${quoted(topic)}将在议事会${quoted(str(p, 'title'))}上讨论` : `议事会${quoted(str(p, 'title'))}已安排`,
        [when && `时间：${when}`, place && `地点：${place}`].filter(Boolean).join('，'),
        '欢迎报名参加',
      ),
      link: withId(INBOX_PAGES.meetingDetail, 'id', str(p, 'meetingId')) ?? INBOX_PAGES.deliberation,
    }
  },

  'meeting.changed': (p, now) => {
    const when = inboxTime(str(p, 'at'), now)
    const place = str(p, 'place')
    return {
      title: '议事会时间或地点有变',
      body: join(
        `您报名的议事会${quoted(str(p, 'title'))}有调整`,
        [when && `时间：${when}`, place && `地点：${place}`].filter(Boolean).join('，'),
      ),
      link: withId(INBOX_PAGES.meetingDetail, 'id', str(p, 'meetingId')) ?? INBOX_PAGES.deliberation,
    }
  },

  'meeting.cancelled': (p, now) => {
    const when = inboxTime(str(p, 'at'), now)
    const reason = str(p, 'reason')
    return {
      title: '议事会已取消',
      body: join(`您报名的议事会${quoted(str(p, 'title'))}${when ? `（${when}）` : ''}已取消`, reason && `原因：${reason}`),
      link: withId(INBOX_PAGES.meetingDetail, 'id', str(p, 'meetingId')) ?? INBOX_PAGES.deliberation,
    }
  },

  'meeting.promoted': (p, now) => {
    const when = inboxTime(str(p, 'at'), now)
    const place = str(p, 'place')
    return {
      title: '候补成功，您可以参加议事会了',
      body: join(
        `议事会${quoted(str(p, 'title'))}有了空位，您已从候补转为正式报名`,
        [when && `时间：${when}`, place && `地点：${place}`].filter(Boolean).join('，'),
      ),
      link: withId(INBOX_PAGES.meetingDetail, 'id', str(p, 'meetingId')) ?? INBOX_PAGES.deliberation,
    }
  },

  // 表决开始 (20261201000600_deliberation.sql): to those who may vote
  'motion.opened': (p, now) => {
    const until = inboxTime(str(p, 'closesAt'), now)
    const meeting = str(p, 'meetingTitle')
    return {
      title: '有一项表决请您投票',
      body: join(
        `${meeting ? `议事会${quoted(meeting)}的` : ''}表决${quoted(str(p, 'title'))}已开始投票`,
        p.voters === 'attendees' ? '到会签到后即可投票' : '本社区居民均可投票',
        until && `投票截止：${until}`,
      ),
      link: withId(INBOX_PAGES.meetingDetail, 'id', str(p, 'meetingId')) ?? INBOX_PAGES.deliberation,
    }
  },

  'motion.closed': (p) => {
    const result = str(p, 'result')
    const words: Record<string, string> = { passed: '通过', failed: '未通过', no_quorum: '因投票人数不足未能通过' }
    const outcome = result && result in words ? words[result] : null
    const meetingLink = withId(INBOX_PAGES.meetingDetail, 'id', str(p, 'meetingId'))
    return {
      title: '表决结果出来了',
      body: join(
        `您参与投票的${quoted(str(p, 'title')) || '表决事项'}${outcome ? `：${outcome}` : '已结束投票'}`,
        result === 'passed' && '社区将跟进落实，您可以随时查看进展',
      ),
      link: withId(INBOX_PAGES.resolution, 'id', str(p, 'resolutionId')) ?? meetingLink ?? INBOX_PAGES.deliberation,
    }
  },

  'resolution.progress': (p) => {
    const percent = num(p, 'percent')
    const note = str(p, 'note')
    const action = str(p, 'actionTitle')
    return {
      title: p.completed === true ? '议事决议已落实' : '议事决议有新进展',
      body: join(
        `决议${quoted(str(p, 'title'))}${action ? `的“${action}”` : ''}${percent !== null ? `进度 ${percent}%` : '有新进展'}`,
        note && `说明：${note}`,
        p.completed === true && '欢迎您评价落实效果',
      ),
      link: withId(INBOX_PAGES.resolution, 'id', str(p, 'resolutionId')) ?? INBOX_PAGES.deliberation,
    }
  },

  // 待验收 (20261201000600_deliberation.sql): to the community's staff when an owner reports an item complete
  'action.reported': (p) => {
    const owner = str(p, 'ownerName')
    const title = str(p, 'title')
    const action = str(p, 'actionTitle')
    const what = `${title ? `决议${quoted(title)}的` : ''}${action ? `“${action}”` : '落实事项'}`
    return {
      title: '有落实事项待验收',
      body: join(
        owner || title || action ? `${owner ?? '负责人'}报告${what}已完成` : '一项落实事项已报告完成',
        str(p, 'note') && `说明：${str(p, 'note')}`,
        '请核实后验收或退回',
      ),
      link: withId(INBOX_PAGES.resolution, 'id', str(p, 'resolutionId')) ?? INBOX_PAGES.deliberation,
    }
  },

  'reward.archived': (p, now) => {
    const until = inboxTime(str(p, 'expiresAt'), now)
    return {
      title: '兑换物品已下架',
      body: join(
        `${quoted(str(p, 'title')) || '您兑换的物品'}已下架`,
        `您已兑换的仍然有效${until ? `，请在 ${until} 前领取` : '，请尽快领取'}`,
      ),
      link: INBOX_PAGES.redemptions,
    }
  },

  'redemption.verified': (p) => {
    const beans = num(p, 'beans')
    return {
      title: '兑换已领取',
      body: join(`您兑换的${quoted(str(p, 'title')) || '物品'}已核销领取`, beans !== null && `使用金豆 ${beans} 个`),
      link: INBOX_PAGES.redemptions,
    }
  },

  // 兑换退回: a cancel by staff or an expiry refunds the beans (20261201000500_beans.sql)
  'redemption.refunded': (p) => {
    const beans = num(p, 'beans')
    const expired = str(p, 'reason') === 'expired'
    const what = quoted(str(p, 'title')) || '物品'
    return {
      title: '兑换金豆已退回',
      body: join(
        expired ? `您兑换的${what}超过领取期限未领取，兑换已失效` : `您兑换的${what}已被取消`,
        beans !== null ? `${beans} 个金豆已退回您的账户` : '金豆已退回您的账户',
      ),
      link: INBOX_PAGES.redemptions,
    }
  },

  // 服务匹配 (20261201000300_resources_services.sql): the resident whose need it is, or the resource publisher
  'service.proposed': (p) => serviceMatch(p, false),
  'service.confirmed': (p) => serviceMatch(p, true),

  'invitation.accepted': (p) => {
    const role = str(p, 'role') as AppRole | null
    const roleLabel = role && role in APP_ROLE_LABELS ? APP_ROLE_LABELS[role] : null
    const who = str(p, 'name') ?? '受邀人'
    const unit = str(p, 'unitName')
    const community = str(p, 'communityName')
    const communityId = str(p, 'communityId')
    return {
      title: '邀请已被接受',
      body: join(`${who}已接受您的邀请${roleLabel ? `，成为${community ?? ''}${roleLabel}` : ''}${unit ? `（${unit}）` : ''}`),
      link: withId(INBOX_PAGES.invitations, 'communityId', communityId),
    }
  },
}

/** The kinds this knows; any other kind still gets a safe, general text. */
export const INBOX_KINDS = Object.keys(DESCRIBERS)

export function describeNotification(kind: string, payload: unknown, now: Date = new Date()): InboxText {
  const p: Payload = payload && typeof payload === 'object' && !Array.isArray(payload) ? (payload as Payload) : {}
  const d = Object.prototype.hasOwnProperty.call(DESCRIBERS, kind) ? DESCRIBERS[kind] : undefined
  if (d) {
    try {
      return d(p, now)
    } catch {
      // a malformed payload must not cost the whole inbox page
    }
  }
  return { title: '您有一条新消息', body: '社区有一条与您有关的新消息。', link: null }
}
