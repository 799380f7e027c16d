import { NEED_STATUS_LABELS, type NeedStatus } from '../contracts/needs'
import { TEMPLATE_GROUPS, type TemplateGroup } from '../contracts/subscriptions'
import { describeNotification, inboxTime } from '../inbox/describe'

/**
 * WeChat subscribe messages (订阅消息): which template each outbox kind goes out through, and its fields.
 *
 * ## Templates (README)
 *
 * Pick four one-time subscribe-message templates (一次性订阅消息) in the mini-program's admin console
 * (功能 → 订阅消息 → 公共模板库) whose keywords are exactly the ones below, and put their ids in the environment.
 * Every group uses the same four keywords, so one template layout serves all four; a group without a template id
 * is not offered to residents and its events stay in the in-app inbox (消息) only.
 *
 * | Group         | Environment variable         | Sent for                                                        |
 * |---------------|------------------------------|-----------------------------------------------------------------|
 * | `need_status` | `WECHAT_TEMPLATE_NEED_STATUS`| a need's status changed (受理、处理中、已解决、退回 …), a department answered it, a service was confirmed for it |
 * | `service`     | `WECHAT_TEMPLATE_SERVICE`    | volunteer registration reviewed, service hours confirmed or not, a no-show, a claimed post changed or cancelled, 吹哨 call |
 * | `meeting`     | `WECHAT_TEMPLATE_MEETING`    | meeting scheduled / changed / cancelled, promoted from the waitlist, vote opened, vote result, resolution progress |
 * | `redemption`  | `WECHAT_TEMPLATE_REDEMPTION` | a redemption was picked up (核销), refunded (cancelled or expired), a redeemed reward was withdrawn |
 *
 * Fields of every template (WeChat's limits in brackets):
 *   - `thing1`  事项 — the need, post, meeting, motion or reward title (thing: ≤ 20 characters)
 *   - `phrase2` 状态 — 已受理, 已确认, 已取消, 通过 … (phrase: ≤ 5 characters, Chinese only)
 *   - `thing3`  说明 — the note, reason, place or next step (thing: ≤ 20 characters)
 *   - `time4`   时间 — when it happens or happened, Beijing time `YYYY-MM-DD HH:mm` (time)
 *
 * Not sent as a WeChat message (inbox only): `invitation.accepted` (staff, not residents), `shift.claimed` (the person
 * just claimed it), `service.proposed` (a step before `service.confirmed`), and any kind not listed above.
 *
 * A message opens the page the inbox item links to. Each "allow" a person taps lets the server send exactly one
 * message of that template (WeChat's rule); the mini-program asks when the person submits a need (`need_status`),
 * claims a slot (`service`), registers for a meeting (`meeting`) or redeems a reward (`redemption`).
 */

export { TEMPLATE_GROUPS, type TemplateGroup }

/** The environment variable holding each group's template id (api/_lib/env.ts validates them). */
export const TEMPLATE_GROUP_ENV = {
  need_status: 'WECHAT_TEMPLATE_NEED_STATUS',
  service: 'WECHAT_TEMPLATE_SERVICE',
  meeting: 'WECHAT_TEMPLATE_MEETING',
  redemption: 'WECHAT_TEMPLATE_REDEMPTION',
} as const satisfies Record<TemplateGroup, string>

/** WeChat's field limits, in characters (code points). */
export const FIELD_LIMITS = { thing: 20, phrase: 5 } as const

export interface TemplateFields {
  thing1: { value: string }
  phrase2: { value: string }
  thing3: { value: string }
  time4: { value: string }
}

export interface TemplateMessage {
  group: TemplateGroup
  /** mini-program page without the leading slash, as WeChat's `page` wants it */
  page: string
  data: TemplateFields
}

type Payload = Record<string, unknown>

interface Parts {
  thing1: string | null
  phrase2: string
  thing3: string | null
  /** ISO instant; the outbox row's time when null */
  at: string | null
}

interface KindSpec {
  group: TemplateGroup
  parts(p: Payload): Parts
  /** thing1 when the payload has no title */
  subject: string
  /** thing3 when there is nothing to say */
  hint: string
}

function str(p: Payload, key: string): string | null {
  const v = p[key]
  if (typeof v !== 'string') return null
  const t = v.replace(/\s+/g, ' ').trim()
  return t === '' ? null : t
}

function num(p: Payload, key: string): number | null {
  const v = p[key]
  return typeof v === 'number' && Number.isFinite(v) ? v : null
}

/** Cut to `n` characters (code points, as WeChat counts), marking the cut with …. */
export function clip(s: string, n: number): string {
  const chars = [...s]
  return chars.length <= n ? s : chars.slice(0, n - 1).join('') + '…'
}

/** `YYYY-MM-DD HH:mm` in Beijing time (UTC+8, no daylight saving); null for a missing or bad instant. */
export function beijingTime(iso: string | null): string | null {
  if (!iso) return null
  const ms = Date.parse(iso)
  if (Number.isNaN(ms)) return null
  const d = new Date(ms + 8 * 3600_000)
  const p = (x: number) => String(x).padStart(2, '0')
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`
}

const MOTION_RESULTS: Record<string, string> = { passed: '通过', failed: '未通过', no_quorum: '人数不足' }

const KINDS: Record<string, KindSpec> = {
  'need.status': {
    group: 'need_status',
    subject: '您的需求',
    hint: '点击查看办理进度',
    parts: (p) => {
      const to = str(p, 'to') as NeedStatus | null
      return { thing1: str(p, 'title'), phrase2: (to && NEED_STATUS_LABELS[to]) || '有新进展', thing3: str(p, 'note'), at: str(p, 'at') }
    },
  },
  // a department's answer to a routed need (部门答疑, 20261201000700_administration.sql)
  'need.answered': {
    group: 'need_status',
    subject: '您的需求',
    hint: '职能部门已答复',
    parts: (p) => ({
      thing1: str(p, 'title'),
      phrase2: '已答复',
      thing3: str(p, 'answer') ?? (str(p, 'department') && `${str(p, 'department')}已答复`),
      at: str(p, 'at'),
    }),
  },
  'volunteer.review': {
    group: 'service',
    subject: '志愿者报到申请',
    hint: '点击查看详情',
    parts: (p) => ({
      thing1: null,
      phrase2: p.approved === true ? '已通过' : '未通过',
      thing3: p.approved === true ? '可以认领服务岗位了' : str(p, 'reason') && `原因：${str(p, 'reason')}`,
      at: null,
    }),
  },
  'shift.confirmed': {
    group: 'service',
    subject: '志愿服务',
    hint: '服务时长已确认',
    parts: (p) => {
      const minutes = num(p, 'minutes')
      return { thing1: str(p, 'title'), phrase2: '已确认', thing3: minutes !== null ? `记入服务时长${minutes}分钟` : null, at: str(p, 'at') }
    },
  },
  'shift.rejected': {
    group: 'service',
    subject: '志愿服务',
    hint: '如有疑问请联系社区',
    parts: (p) => ({ thing1: str(p, 'title'), phrase2: '未通过', thing3: str(p, 'reason') && `原因：${str(p, 'reason')}`, at: str(p, 'at') }),
  },
  // 未到岗, from the shifts cron (20261201000400_volunteers.sql)
  'shift.no_show': {
    group: 'service',
    subject: '志愿服务',
    hint: '如有特殊情况请联系社区',
    parts: (p) => ({ thing1: str(p, 'title'), phrase2: '未到岗', thing3: null, at: str(p, 'at') }),
  },
  'post.changed': {
    group: 'service',
    subject: '您认领的岗位',
    hint: '请按新的安排到岗',
    parts: (p) => ({ thing1: str(p, 'title'), phrase2: '有变动', thing3: str(p, 'place') && `地点：${str(p, 'place')}`, at: null }),
  },
  'post.cancelled': {
    group: 'service',
    subject: '您认领的岗位',
    hint: '不影响您的信用',
    parts: (p) => ({ thing1: str(p, 'title'), phrase2: '已取消', thing3: str(p, 'reason') && `原因：${str(p, 'reason')}`, at: str(p, 'at') }),
  },
  'whistle.call': {
    group: 'service',
    subject: '社区吹哨请求支援',
    hint: '能来的请在首页响应',
    parts: (p) => ({ thing1: str(p, 'title'), phrase2: '请求支援', thing3: str(p, 'place') && `地点：${str(p, 'place')}`, at: str(p, 'at') }),
  },
  'meeting.scheduled': {
    group: 'meeting',
    subject: '议事会',
    hint: '欢迎报名参加',
    parts: (p) => ({ thing1: str(p, 'title'), phrase2: '已安排', thing3: str(p, 'place') && `地点：${str(p, 'place')}`, at: str(p, 'at') }),
  },
  'meeting.changed': {
    group: 'meeting',
    subject: '议事会',
    hint: '时间或地点有调整',
    parts: (p) => ({ thing1: str(p, 'title'), phrase2: '有调整', thing3: str(p, 'place') && `地点：${str(p, 'place')}`, at: str(p, 'at') }),
  },
  'meeting.cancelled': {
    group: 'meeting',
    subject: '议事会',
    hint: '您报名的议事会已取消',
    parts: (p) => ({ thing1: str(p, 'title'), phrase2: '已取消', thing3: str(p, 'reason') && `原因：${str(p, 'reason')}`, at: str(p, 'at') }),
  },
  'meeting.promoted': {
    group: 'meeting',
    subject: '议事会',
    hint: '您已从候补转为正式报名',
    parts: (p) => ({ thing1: str(p, 'title'), phrase2: '候补成功', thing3: str(p, 'place') && `地点：${str(p, 'place')}`, at: str(p, 'at') }),
  },
  // 表决开始 (20261201000600_deliberation.sql)
  'motion.opened': {
    group: 'meeting',
    subject: '表决事项',
    hint: '点击参加投票',
    parts: (p) => ({
      thing1: str(p, 'title'),
      phrase2: '请投票',
      thing3: p.voters === 'attendees' ? '到会签到后即可投票' : str(p, 'meetingTitle'),
      at: str(p, 'closesAt'),
    }),
  },
  'motion.closed': {
    group: 'meeting',
    subject: '表决事项',
    hint: '点击查看表决结果',
    parts: (p) => {
      const result = str(p, 'result')
      return {
        thing1: str(p, 'title'),
        phrase2: (result && MOTION_RESULTS[result]) || '已结束',
        thing3: result === 'passed' ? '社区将跟进落实' : str(p, 'meetingTitle'),
        at: null,
      }
    },
  },
  'resolution.progress': {
    group: 'meeting',
    subject: '议事决议',
    hint: '点击查看落实进展',
    parts: (p) => {
      const percent = num(p, 'percent')
      // a phrase is Chinese only: the percentage goes into the note
      return {
        thing1: str(p, 'title'),
        phrase2: p.completed === true ? '已落实' : '有进展',
        thing3: str(p, 'note') ?? (percent !== null ? `落实进度${percent}%` : str(p, 'actionTitle')),
        at: null,
      }
    },
  },
  'redemption.verified': {
    group: 'redemption',
    subject: '兑换物品',
    hint: '兑换已核销领取',
    parts: (p) => {
      const beans = num(p, 'beans')
      return { thing1: str(p, 'title'), phrase2: '已领取', thing3: beans !== null ? `使用金豆${beans}个` : null, at: str(p, 'at') }
    },
  },
  // a cancel by staff or an expiry refunds the beans (20261201000500_beans.sql)
  'redemption.refunded': {
    group: 'redemption',
    subject: '兑换物品',
    hint: '金豆已退回您的账户',
    parts: (p) => {
      const beans = num(p, 'beans')
      return {
        thing1: str(p, 'title'),
        phrase2: str(p, 'reason') === 'expired' ? '已过期' : '已取消',
        thing3: beans !== null ? `已退回金豆${beans}个` : null,
        at: null,
      }
    },
  },
  // a need matched to a service: the resident's need_status subscription (20261201000300_resources_services.sql)
  'service.confirmed': {
    group: 'need_status',
    subject: '服务对接',
    hint: '服务项目已成立',
    parts: (p) => ({
      thing1: str(p, 'title'),
      phrase2: '已对接',
      thing3: str(p, 'resourceTitle') && `服务：${str(p, 'resourceTitle')}`,
      at: null,
    }),
  },
  'reward.archived': {
    group: 'redemption',
    subject: '兑换物品',
    hint: '已兑换的仍然有效',
    parts: (p) => {
      const until = inboxTime(str(p, 'expiresAt'))
      return { thing1: str(p, 'title'), phrase2: '已下架', thing3: until ? `请于${until}前领取` : null, at: null }
    },
  },
}

/** Kinds deliberately kept to the in-app inbox; any kind not mapped above is inbox only as well. */
// shift.claimed: the person just did it, and the one allowance they tapped is worth more for the confirmed hours;
// service.proposed: an intermediate step, the confirmation (service.confirmed) is what is sent.
export const INBOX_ONLY_KINDS: readonly string[] = ['invitation.accepted', 'shift.claimed', 'service.proposed']

/** Kinds that go out as WeChat messages (every other kind is inbox only). */
export const TEMPLATE_KINDS = Object.keys(KINDS)

export function templateGroupOf(kind: string): TemplateGroup | null {
  return Object.prototype.hasOwnProperty.call(KINDS, kind) ? KINDS[kind].group : null
}

/**
 * The message for one outbox row, or null when its kind is inbox only. `createdAt` (the row's time) stands in for
 * events without a time of their own. Every field is within WeChat's limits and never empty.
 */
export function renderTemplate(kind: string, payload: unknown, createdAt: string): TemplateMessage | null {
  if (!Object.prototype.hasOwnProperty.call(KINDS, kind)) return null
  const spec = KINDS[kind]
  const p: Payload = payload && typeof payload === 'object' && !Array.isArray(payload) ? (payload as Payload) : {}
  let parts: Parts
  try {
    parts = spec.parts(p)
  } catch {
    parts = { thing1: null, phrase2: '有新消息', thing3: null, at: null }
  }
  const link = describeNotification(kind, p).link
  return {
    group: spec.group,
    // a message must open something: the inbox's page for it, else 我的
    page: (link ?? '/pages/mine/index').replace(/^\//, ''),
    data: {
      thing1: { value: clip(parts.thing1 || spec.subject, FIELD_LIMITS.thing) },
      phrase2: { value: clip(parts.phrase2, FIELD_LIMITS.phrase) },
      thing3: { value: clip(parts.thing3 || spec.hint, FIELD_LIMITS.thing) },
      time4: { value: beijingTime(parts.at) ?? beijingTime(createdAt) ?? beijingTime(new Date().toISOString())! },
    },
  }
}
