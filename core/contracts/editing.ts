import { z } from 'zod'
import { ZUuid, zText, zIsoDateTime, ZCommunityIdParams, ZIdParams } from './common'
import { LIMIT_PERIODS, ZReward } from './beans'
import { ZMeetingDetail, ZMeetingForm } from './deliberation'
import { ZNeedCategory, ZNeedSeverity, ZSlaGoal } from './needs'
import { op } from './operation'
import { ZPartnerType, ZResource, ZResourceKind, ZResourcePeriod, ZTimeWindow } from './services'
import { ZPost, ZPostCategory } from './volunteers'

// ---------------------------------------------------------------------------------------------
// Editing, cancelling and restocking posts, meetings, resources and rewards, and community settings — issue 11.
// Every change keeps what people already hold: claimed shifts, meeting seats and open redemptions.
// ---------------------------------------------------------------------------------------------

const ZIso = zIsoDateTime()
const ZLat = z.number({ error: '纬度必须是数字' }).min(-90, { error: '纬度超出范围' }).max(90, { error: '纬度超出范围' })
const ZLng = z.number({ error: '经度必须是数字' }).min(-180, { error: '经度超出范围' }).max(180, { error: '经度超出范围' })
const int = (label: string, min: number, max: number, unit = '') =>
  z
    .number({ error: `${label}必须是数字` })
    .int({ error: `${label}必须是整数` })
    .min(min, { error: `${label}不能小于 ${min}${unit}` })
    .max(max, { error: `${label}不能超过 ${max}${unit}` })

/** The reason the people affected read in their notification. */
export const ZCancelReason = zText('取消原因', 2, 200)

// ---------------------------------------------------------------------------------------------
// Posts
// ---------------------------------------------------------------------------------------------

const ZSlotCapacity = int('名额', 1, 500, ' 人')
export const ZNewSlot = z
  .object({ startsAt: ZIso, endsAt: ZIso, capacity: ZSlotCapacity })
  .refine((s) => Date.parse(s.endsAt) > Date.parse(s.startsAt), { error: '结束时间要晚于开始时间', path: ['endsAt'] })

export const ZUpdatePostRequest = z.object({
  title: zText('岗位名称', 2, 40).optional(),
  category: ZPostCategory.optional(),
  description: zText('岗位说明', 0, 1000).optional(),
  place: zText('地点', 0, 100).optional(),
  lat: ZLat.optional(),
  lng: ZLng.optional(),
  radiusM: int('签到范围', 20, 5000, ' 米').optional(),
  beanRatePerHour: int('金豆标准', 0, 1000).optional(),
  /** capacity changes of existing slots; never below what is already claimed */
  slots: z.array(z.object({ id: ZUuid, capacity: ZSlotCapacity }), { error: '时段格式不正确' }).max(50, { error: '最多修改 50 个时段' }).optional(),
  /** new slots to add */
  addSlots: z.array(ZNewSlot, { error: '新增时段格式不正确' }).max(50, { error: '最多新增 50 个时段' }).optional(),
})

export const ZCancelPostRequest = z.object({ reason: ZCancelReason })

/** A post as its managers see it after a change: with its status and why it was cancelled. */
export const ZManagedPost = ZPost.extend({
  status: z.enum(['open', 'cancelled']),
  cancelReason: z.string().nullable(),
})
export type ManagedPost = z.infer<typeof ZManagedPost>

// ---------------------------------------------------------------------------------------------
// Meetings
// ---------------------------------------------------------------------------------------------

export const ZUpdateMeetingRequest = z.object({
  title: zText('会议名称', 2, 60).optional(),
  form: ZMeetingForm.optional(),
  startsAt: ZIso.optional(),
  /** a new start without a new end keeps the meeting's length */
  endsAt: ZIso.optional(),
  place: zText('地点', 2, 100).optional(),
  /** a drop below the registered count is refused; a raise seats the waitlist in order */
  capacity: int('人数上限', 1, 1000, ' 人').optional(),
  /** the agenda, in order; topics raised by residents need enough co-signatures */
  topicIds: z.array(ZUuid, { error: '议题格式不正确' }).max(20, { error: '最多 20 个议题' }).optional(),
})

export const ZCancelMeetingRequest = z.object({ reason: ZCancelReason })

// ---------------------------------------------------------------------------------------------
// Resources
// ---------------------------------------------------------------------------------------------

export const ZUpdateResourceRequest = z.object({
  title: zText('资源名称', 2, 40).optional(),
  description: zText('介绍', 0, 1000).optional(),
  kind: ZResourceKind.optional(),
  /** null removes the partner type */
  partnerType: ZPartnerType.nullable().optional(),
  categories: z.array(ZNeedCategory, { error: '请至少选择一个服务类别' }).min(1, { error: '请至少选择一个服务类别' }).max(12).optional(),
  capacity: int('服务能力', 1, 1000).optional(),
  period: ZResourcePeriod.optional(),
  communityIds: z.array(ZUuid, { error: '服务社区格式不正确' }).max(50).optional(),
  gridIds: z.array(ZUuid, { error: '服务网格格式不正确' }).max(200).optional(),
  availability: z.array(ZTimeWindow, { error: '服务时间格式不正确' }).max(50).optional(),
  contactName: zText('联系人', 1, 40).optional(),
  contactPhone: z.string({ error: '联系电话格式不正确' }).trim().regex(/^[0-9]{7,15}$/, { error: '联系电话格式不正确' }).optional(),
})

// ---------------------------------------------------------------------------------------------
// Rewards
// ---------------------------------------------------------------------------------------------

export const ZUpdateRewardRequest = z.object({
  title: zText('名称', 2, 40).optional(),
  description: zText('说明', 0, 500).optional(),
  /** applies to redemptions from now on; those already made keep the price they paid */
  priceBeans: int('所需金豆', 1, 1_000_000).optional(),
  /** null removes the limit */
  perPersonLimit: z
    .object({
      count: int('次数', 1, 1000),
      period: z.enum(LIMIT_PERIODS, { error: '限制周期只能是每天、每周、每月或总共' }),
    }, { error: '每人限兑格式不正确' })
    .nullable()
    .optional(),
  /** null: no end date */
  validUntil: ZIso.nullable().optional(),
  minCreditLevel: int('信用等级要求', 0, 4).optional(),
})

export const ZRestockRewardRequest = z.object({ add: int('补充数量', 1, 100_000, ' 件') })

// ---------------------------------------------------------------------------------------------
// Community settings
// ---------------------------------------------------------------------------------------------

export const BEAN_RULE_KEYS = ['meeting_attendance', 'need_rated', 'talent_recommendation', 'manual_daily_cap'] as const
export const ZBeanRuleKey = z.enum(BEAN_RULE_KEYS, { error: '金豆规则取值不正确' })
export type BeanRuleKey = z.infer<typeof ZBeanRuleKey>
export const BEAN_RULE_LABELS: Record<BeanRuleKey, string> = {
  meeting_attendance: '参加议事会签到',
  need_rated: '提交的需求办结并评价',
  talent_recommendation: '推荐的能人通过审核',
  manual_daily_cap: '每位工作人员每天手动发放上限',
}
/** the largest value each rule may take */
export const BEAN_RULE_MAX: Record<BeanRuleKey, number> = {
  meeting_attendance: 1000,
  need_rated: 1000,
  talent_recommendation: 1000,
  manual_daily_cap: 100_000,
}

export const ZBeanRule = z.object({ rule: ZBeanRuleKey, beans: z.number().int() })
export type BeanRule = z.infer<typeof ZBeanRule>

export const ZNeedLoopSettings = z.object({
  escalateGraceMinutes: z.number().int(),
  autoCloseDays: z.number().int(),
  reopenDays: z.number().int(),
})

export const ZCommunitySettings = z.object({
  communityId: ZUuid,
  communityName: z.string(),
  cosignThreshold: z.number().int(),
  yearlyTargetHours: z.number(),
  beanRules: z.array(ZBeanRule),
  sla: z.array(z.object({ severity: ZNeedSeverity, minutes: z.number().int(), goal: ZSlaGoal })),
  needLoop: ZNeedLoopSettings,
})
export type CommunitySettings = z.infer<typeof ZCommunitySettings>

/** Any subset: what is left out stays as it is. */
export const ZPutCommunitySettingsRequest = z.object({
  cosignThreshold: int('联名门槛', 1, 10_000, ' 人').optional(),
  yearlyTargetHours: z
    .number({ error: '年度服务目标必须是数字' })
    .min(0, { error: '年度服务目标不能小于 0 小时' })
    .max(1000, { error: '年度服务目标不能超过 1000 小时' })
    .refine((v) => Math.round(v * 10) === v * 10, { error: '年度服务目标最多保留 1 位小数' })
    .optional(),
  beanRules: z
    .array(
      z.object({ rule: ZBeanRuleKey, beans: int('金豆数', 0, 100_000) }).superRefine((v, ctx) => {
        if (v.beans > BEAN_RULE_MAX[v.rule]) ctx.addIssue({ code: 'custom', path: ['beans'], message: `金豆数不能超过 ${BEAN_RULE_MAX[v.rule]}` })
      }),
      { error: '金豆规则格式不正确' },
    )
    .max(BEAN_RULE_KEYS.length, { error: '金豆规则条数不正确' })
    .superRefine((rules, ctx) => {
      const seen = new Set<string>()
      rules.forEach((r, i) => {
        if (seen.has(r.rule)) ctx.addIssue({ code: 'custom', path: [i, 'rule'], message: '同一条金豆规则只能填写一次' })
        seen.add(r.rule)
      })
    })
    .optional(),
  sla: z
    .array(
      z.object({
        severity: ZNeedSeverity,
        minutes: int('时限', 1, 525_600, ' 分钟'),
        goal: z.enum(['resolve', 'plan', 'report'], { error: '请选择时限目标' }),
      }),
      { error: '办理时限格式不正确' },
    )
    .max(4, { error: '办理时限条数不正确' })
    .superRefine((rules, ctx) => {
      const seen = new Set<string>()
      rules.forEach((r, i) => {
        if (seen.has(r.severity)) ctx.addIssue({ code: 'custom', path: [i, 'severity'], message: '同一等级的时限只能填写一次' })
        seen.add(r.severity)
      })
    })
    .optional(),
  needLoop: z
    .object({
      escalateGraceMinutes: int('超期上报宽限', 0, 43_200, ' 分钟').optional(),
      autoCloseDays: int('自动办结天数', 1, 90, ' 天').optional(),
      reopenDays: int('可重新办理天数', 1, 90, ' 天').optional(),
    }, { error: '需求闭环设置格式不正确' })
    .optional(),
})

// ---------------------------------------------------------------------------------------------
// Operations
// ---------------------------------------------------------------------------------------------

export const editingOps = {
  updatePost: op({
    id: 'updatePost', method: 'PATCH', path: '/api/posts/{id}', auth: 'required', tags: ['volunteers'],
    summary: '修改岗位（名称、说明、地点、金豆标准、时段名额；名额不能少于已认领人数，可新增时段）',
    params: ZIdParams, body: ZUpdatePostRequest, responses: { 200: ZManagedPost },
  }),
  cancelPost: op({
    id: 'cancelPost', method: 'POST', path: '/api/posts/{id}/cancel', auth: 'required', tags: ['volunteers'],
    summary: '取消岗位：未开始的时段取消，已认领的志愿者收到通知，不计入其迟取消或缺岗',
    params: ZIdParams, body: ZCancelPostRequest, responses: { 200: ZManagedPost },
  }),
  updateMeeting: op({
    id: 'updateMeeting', method: 'PATCH', path: '/api/meetings/{id}', auth: 'required', tags: ['deliberation'],
    summary: '修改议事会（时间、地点、人数上限、议程；改时间地点会通知报名者，扩容按顺序递补候补）',
    params: ZIdParams, body: ZUpdateMeetingRequest, responses: { 200: ZMeetingDetail },
  }),
  cancelMeeting: op({
    id: 'cancelMeeting', method: 'POST', path: '/api/meetings/{id}/cancel', auth: 'required', tags: ['deliberation'],
    summary: '取消议事会：报名与候补释放并通知，议题可重新安排上会',
    params: ZIdParams, body: ZCancelMeetingRequest, responses: { 200: ZMeetingDetail },
  }),
  updateResource: op({
    id: 'updateResource', method: 'PATCH', path: '/api/resources/{id}', auth: 'required', tags: ['services'],
    summary: '修改资源（发布者或所在社区工作者）',
    params: ZIdParams, body: ZUpdateResourceRequest, responses: { 200: ZResource },
  }),
  archiveResource: op({
    id: 'archiveResource', method: 'POST', path: '/api/resources/{id}/archive', auth: 'required', tags: ['services'],
    summary: '下架资源：不再展示、匹配和认领；进行中的服务项目继续',
    params: ZIdParams, responses: { 200: ZResource },
  }),
  updateReward: op({
    id: 'updateReward', method: 'PATCH', path: '/api/rewards/{id}', auth: 'required', tags: ['beans'],
    summary: '修改兑换项目（价格只影响之后的兑换）',
    params: ZIdParams, body: ZUpdateRewardRequest, responses: { 200: ZReward },
  }),
  restockReward: op({
    id: 'restockReward', method: 'POST', path: '/api/rewards/{id}/restock', auth: 'required', tags: ['beans'],
    summary: '补充库存',
    params: ZIdParams, body: ZRestockRewardRequest, responses: { 200: ZReward },
  }),
  archiveReward: op({
    id: 'archiveReward', method: 'POST', path: '/api/rewards/{id}/archive', auth: 'required', tags: ['beans'],
    summary: '下架兑换项目：不再展示和兑换；已兑换未核销的仍可核销或退回，持有人会收到通知',
    params: ZIdParams, responses: { 200: ZReward },
  }),
  getCommunitySettings: op({
    id: 'getCommunitySettings', method: 'GET', path: '/api/communities/{communityId}/settings', auth: 'required', tags: ['admin'],
    summary: '社区设置：联名门槛、年度服务目标、金豆规则、办理时限',
    params: ZCommunityIdParams, responses: { 200: ZCommunitySettings },
  }),
  putCommunitySettings: op({
    id: 'putCommunitySettings', method: 'PUT', path: '/api/communities/{communityId}/settings', auth: 'required', tags: ['admin'],
    summary: '修改社区设置（可只改其中几项；每次修改记入操作日志）',
    params: ZCommunityIdParams, body: ZPutCommunitySettingsRequest, responses: { 200: ZCommunitySettings },
  }),
} as const
