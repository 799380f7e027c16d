import { z } from 'zod'
import { op } from './operation'
import { ZCursorParam, ZTimestamp, ZUuid, zIsoDateTime, zPhotoKey, ZIdParams } from './common'

// ---------------------------------------------------------------------------------------------
// Volunteers (issue 5): 双报到 registration, the talent pool, service posts with geofenced check-in, whistles
// ---------------------------------------------------------------------------------------------

export const VOLUNTEER_KINDS = ['party_member', 'talent'] as const
export const ZVolunteerKind = z.enum(VOLUNTEER_KINDS, { error: '请选择报到类型（在职党员或社区能人）' })
export type VolunteerKind = z.infer<typeof ZVolunteerKind>
export const VOLUNTEER_KIND_LABELS: Record<VolunteerKind, string> = { party_member: '在职党员', talent: '社区能人' }

export const REGISTRATION_STATUSES = ['pending', 'approved', 'rejected'] as const
export const REGISTRATION_STATUS_LABELS = { pending: '待审核', approved: '已通过', rejected: '未通过' } as const
export const TALENT_SOURCES = ['self', 'recommended', 'discovered'] as const
export const TALENT_SOURCE_LABELS = { self: '个人自荐', recommended: '居民推荐', discovered: '组织发现' } as const

export const POST_CATEGORIES = [
  'policy_talk', 'tutoring', 'appliance_repair', 'health_clinic', 'counseling', 'legal_advice',
  'security_patrol', 'environment', 'elderly_disabled_aid',
] as const
export const ZPostCategory = z.enum(POST_CATEGORIES, { error: '请选择岗位类别' })
export type PostCategory = z.infer<typeof ZPostCategory>
export const POST_CATEGORY_LABELS: Record<PostCategory, string> = {
  policy_talk: '政策宣讲', tutoring: '家教辅导', appliance_repair: '家电维修', health_clinic: '健康义诊',
  counseling: '心理咨询', legal_advice: '法律咨询', security_patrol: '治安巡逻', environment: '环境整治',
  elderly_disabled_aid: '助老助残',
}

export const SHIFT_STATUSES = ['claimed', 'cancelled', 'checked_in', 'checked_out', 'confirmed', 'rejected', 'no_show'] as const
export const ZShiftStatus = z.enum(SHIFT_STATUSES)
export type ShiftStatus = z.infer<typeof ZShiftStatus>
export const SHIFT_STATUS_LABELS: Record<ShiftStatus, string> = {
  claimed: '已认领', cancelled: '已取消', checked_in: '已签到', checked_out: '已签退待确认', confirmed: '已确认',
  rejected: '未通过', no_show: '未到岗',
}

/**
 * Keyset paging (issue 14): an opaque cursor from the last page's `nextCursor`, and at most 50 rows a page
 * (default 20). A cursor the server did not hand out is a 400 naming `cursor`.
 */
const ZPageQuery = {
  cursor: ZCursorParam.optional(),
  limit: z.coerce.number({ error: '每页条数必须是数字' }).int({ error: '每页条数必须是整数' })
    .min(1, { error: '每页至少 1 条' }).max(50, { error: '每页最多 50 条' }).default(20),
}
const ZNextCursor = z.string().nullable()

const ZSkills = z.array(z.string().trim().min(1).max(20, { error: '每项技能最多 20 个字' })).max(10, { error: '最多填写 10 项技能' })
const ZIso = zIsoDateTime()
const ZLat = z.number({ error: '缺少位置（纬度）' }).min(-90).max(90)
const ZLng = z.number({ error: '缺少位置（经度）' }).min(-180).max(180)

export const ZRegisterVolunteerRequest = z.object({
  kind: ZVolunteerKind,
  workUnit: z.string().trim().max(60, { error: '工作单位最多 60 个字' }).optional(),
  partyOrg: z.string().trim().max(60, { error: '党组织名称最多 60 个字' }).optional(),
  skills: ZSkills.default([]),
  microGridId: ZUuid.optional(),
  intro: z.string().trim().max(300, { error: '自我介绍最多 300 个字' }).optional(),
}).refine((v) => v.kind !== 'party_member' || (v.workUnit && v.workUnit.length > 0), { error: '在职党员请填写工作单位', path: ['workUnit'] })
  .refine((v) => v.kind !== 'talent' || v.skills.length > 0, { error: '社区能人请至少填写一项技能', path: ['skills'] })

export const ZRecommendTalentRequest = z.object({
  profileId: ZUuid,
  reason: z.string({ error: '请填写推荐理由' }).trim().min(4, { error: '推荐理由至少 4 个字' }).max(300),
  skills: ZSkills.min(1, { error: '请至少填写一项技能' }),
})

export const ZRegistration = z.object({
  id: ZUuid,
  profileId: ZUuid,
  displayName: z.string(),
  communityId: ZUuid,
  kind: ZVolunteerKind,
  status: z.enum(REGISTRATION_STATUSES),
  source: z.enum(TALENT_SOURCES),
  workUnit: z.string().nullable(),
  partyOrg: z.string().nullable(),
  skills: z.array(z.string()),
  intro: z.string().nullable(),
  recommendedByName: z.string().nullable(),
  recommendReason: z.string().nullable(),
  reviewReason: z.string().nullable(),
  createdAt: ZTimestamp,
})
export type Registration = z.infer<typeof ZRegistration>

export const ZReviewVolunteerRequest = z.object({
  approve: z.boolean({ error: '请选择通过或不通过' }),
  reason: z.string().trim().max(300, { error: '原因最多 300 个字' }).optional(),
}).refine((v) => v.approve || (v.reason && v.reason.length > 0), { error: '不通过时请填写原因', path: ['reason'] })

export const ZListVolunteersRequest = z.object({
  status: z.enum(REGISTRATION_STATUSES).optional(),
  kind: ZVolunteerKind.optional(),
  skill: z.string().trim().max(20).optional(),
  ...ZPageQuery,
})
/** In the order they came (oldest first). */
export const ZListVolunteersResponse = z.object({ items: z.array(ZRegistration), nextCursor: ZNextCursor })

export const ZVolunteerMe = z.object({
  registrations: z.array(ZRegistration),
  year: z.number().int(),
  hoursThisYear: z.number(),
  targetHours: z.number(),
  shiftsThisYear: z.number().int(),
})

export const ZReportRequest = z.object({ communityId: ZUuid, year: z.coerce.number().int().min(2000).max(2100).optional() })

export const ZParticipationRequest = z.object({ communityId: ZUuid })
export const ZParticipationResponse = z.object({
  residents: z.number().int(),
  targetHours: z.number(),
  bands: z.object({
    core: z.object({ count: z.number().int(), share: z.number() }),
    active: z.object({ count: z.number().int(), share: z.number() }),
    general: z.object({ count: z.number().int(), share: z.number() }),
  }),
  /** the "127" picture the community aims for */
  ideal: z.object({ core: z.number(), active: z.number(), general: z.number() }),
})

export const ZCreatePostRequest = z.object({
  title: z.string({ error: '请填写岗位名称' }).trim().min(2, { error: '岗位名称至少 2 个字' }).max(40, { error: '岗位名称最多 40 个字' }),
  category: ZPostCategory,
  description: z.string().trim().max(1000, { error: '岗位说明最多 1000 个字' }).optional(),
  place: z.string().trim().max(100, { error: '地点最多 100 个字' }).optional(),
  lat: ZLat,
  lng: ZLng,
  radiusM: z.number({ error: '签到范围必须是数字（米）' }).int().min(20, { error: '签到范围至少 20 米' }).max(5000, { error: '签到范围最多 5000 米' }),
  beanRatePerHour: z.number({ error: '金豆标准必须是数字' }).int().min(0).max(1000, { error: '每小时最多 1000 金豆' }),
  slots: z.array(z.object({
    startsAt: ZIso,
    endsAt: ZIso,
    capacity: z.number({ error: '名额必须是数字' }).int().min(1, { error: '每个时段至少 1 个名额' }).max(500, { error: '每个时段最多 500 个名额' }),
  }).refine((s) => Date.parse(s.endsAt) > Date.parse(s.startsAt), { error: '结束时间要晚于开始时间', path: ['endsAt'] }),
  { error: '请至少添加一个时段' }).min(1, { error: '请至少添加一个时段' }).max(50),
})
export type CreatePostRequest = z.infer<typeof ZCreatePostRequest>

export const ZSlot = z.object({
  id: ZUuid,
  startsAt: z.string(),
  endsAt: z.string(),
  capacity: z.number().int(),
  claimed: z.number().int(),
  mine: z.boolean(),
})
export const ZPost = z.object({
  id: ZUuid,
  communityId: ZUuid,
  title: z.string(),
  category: ZPostCategory,
  description: z.string(),
  place: z.string().nullable(),
  lat: z.number(),
  lng: z.number(),
  radiusM: z.number().int(),
  beanRatePerHour: z.number().int(),
  slots: z.array(ZSlot),
  createdAt: ZTimestamp,
  /** cancelled by staff (取消岗位): the reason is what its volunteers were told */
  status: z.enum(['open', 'cancelled']).optional(),
  cancelReason: z.string().nullable().optional(),
})
export type Post = z.infer<typeof ZPost>
export const ZListPostsRequest = z.object({
  communityId: ZUuid.optional(),
  category: ZPostCategory.optional(),
  from: ZIso.optional(),
  ...ZPageQuery,
})
/** Open posts with a slot ending after `from`, the soonest next slot first. */
export const ZListPostsResponse = z.object({ items: z.array(ZPost), nextCursor: ZNextCursor })

export const ZShift = z.object({
  id: ZUuid,
  postId: ZUuid,
  postTitle: z.string(),
  category: ZPostCategory,
  slotId: ZUuid,
  startsAt: z.string(),
  endsAt: z.string(),
  profileId: ZUuid,
  volunteerName: z.string(),
  status: ZShiftStatus,
  lateCancel: z.boolean(),
  checkInAt: z.string().nullable(),
  checkInDistanceM: z.number().nullable(),
  checkOutAt: z.string().nullable(),
  checkOutDistanceM: z.number().nullable(),
  notes: z.string().nullable(),
  photos: z.array(z.string()),
  verifiedMinutes: z.number().int().nullable(),
  beansPending: z.number().int().nullable(),
  rejectReason: z.string().nullable(),
  /** the post's 金豆 per hour: what confirming the minutes will award (round(minutes / 60 × rate)) */
  beanRatePerHour: z.number().int().optional(),
  place: z.string().nullable(),
  lat: z.number(),
  lng: z.number(),
  radiusM: z.number().int(),
  /** 补签退: the volunteer forgot to check out and asked staff to close the shift with these minutes (issue 13) */
  closure: z.object({ minutes: z.number().int(), note: z.string(), requestedAt: z.string() }).nullable(),
})
export type Shift = z.infer<typeof ZShift>

export const ZRequestShiftCloseRequest = z.object({
  minutes: z.number({ error: '请填写服务时长（分钟）' }).int({ error: '服务时长须是整数分钟' }).min(1, { error: '服务时长至少 1 分钟' }).max(1440, { error: '服务时长不能超过 1440 分钟' }),
  note: z.string({ error: '请说明忘记签退的情况' }).trim().min(1, { error: '请说明忘记签退的情况' }).max(300, { error: '说明最多 300 个字' }),
})
export const ZResolveShiftCloseRequest = z.object({
  approve: z.boolean({ error: '请选择确认或退回' }),
  /** adjusted minutes; the volunteer's request when left out */
  minutes: z.number({ error: '服务时长必须是数字（分钟）' }).int({ error: '服务时长须是整数分钟' }).min(1, { error: '服务时长至少 1 分钟' }).max(1440, { error: '服务时长不能超过 1440 分钟' }).optional(),
  reason: z.string().trim().max(300, { error: '原因最多 300 个字' }).optional(),
}).refine((v) => v.approve || (v.reason && v.reason.length > 0), { error: '退回时请填写原因', path: ['reason'] })

export const ZClaimSlotRequest = z.object({ slotId: ZUuid })
export const ZCheckInRequest = z.object({ lat: ZLat, lng: ZLng })
export const ZCheckOutRequest = z.object({ lat: ZLat, lng: ZLng,
  notes: z.string().trim().max(1000, { error: '工作纪实最多 1000 个字' }).optional(),
  photos: z.array(z.string()).max(3, { error: '最多上传 3 张照片' }).pipe(z.array(zPhotoKey())).optional(),
})
export const ZConfirmShiftRequest = z.object({
  approve: z.boolean({ error: '请选择确认或退回' }),
  reason: z.string().trim().max(300, { error: '原因最多 300 个字' }).optional(),
  /**
   * the minutes staff verified, 1 to the slot's length; left out, check-in to check-out capped at the slot. Required
   * when that is 0 (checked out at check-in): the server refuses 0 minutes on field `minutes`.
   */
  minutes: z.number({ error: '服务时长必须是数字（分钟）' }).int({ error: '服务时长须是整数分钟' }).min(1, { error: '服务时长至少 1 分钟' }).max(1440, { error: '服务时长不能超过 1440 分钟' }).optional(),
}).refine((v) => v.approve || (v.reason && v.reason.length > 0), { error: '退回时请填写原因', path: ['reason'] })
export const ZListShiftsRequest = z.object({
  scope: z.enum(['mine', 'to_confirm'], { error: 'scope 只能是 mine 或 to_confirm' }).default('mine'),
  ...ZPageQuery,
})
/** mine: newest slot first; to_confirm: the longest waiting first. */
export const ZListShiftsResponse = z.object({ items: z.array(ZShift), nextCursor: ZNextCursor })

export const ZUploadPhotoRequest = z.object({
  contentType: z.enum(['image/jpeg', 'image/png', 'image/webp'], { error: '只支持 JPG、PNG、WebP 图片' }),
  dataBase64: z.string({ error: '缺少图片内容' }).min(4).max(3_000_000, { error: '图片不能超过 2 MB' }).regex(/^[A-Za-z0-9+/=]+$/, { error: '图片内容格式不正确' }),
})
export const ZUploadPhotoResponse = z.object({ key: z.string(), url: z.string() })

export const ZCreateWhistleRequest = z.object({
  title: z.string({ error: '请填写事由' }).trim().min(2, { error: '事由至少 2 个字' }).max(40),
  category: ZPostCategory.optional(),
  description: z.string().trim().max(500).optional(),
  place: z.string({ error: '请填写集合地点' }).trim().min(2, { error: '请填写集合地点' }).max(100),
  lat: ZLat.optional(),
  lng: ZLng.optional(),
  startsAt: ZIso,
  headcount: z.number({ error: '需要人数必须是数字' }).int().min(1, { error: '至少需要 1 人' }).max(500),
})
export const ZWhistle = z.object({
  id: ZUuid,
  communityId: ZUuid,
  title: z.string(),
  category: ZPostCategory.nullable(),
  description: z.string().nullable(),
  place: z.string(),
  startsAt: z.string(),
  headcount: z.number().int(),
  responded: z.number().int(),
  status: z.enum(['open', 'closed']),
  answered: z.boolean(),
  createdAt: ZTimestamp,
  /** who answered, for staff of the whistle's community only; null for everyone else, who see the count (issue 13) */
  responders: z.array(z.object({
    profileId: ZUuid,
    displayName: z.string(),
    kinds: z.array(ZVolunteerKind),
    /** 138****0007, as the members list shows it */
    phoneMasked: z.string().nullable(),
    respondedAt: z.string(),
  })).nullable(),
})
export type Whistle = z.infer<typeof ZWhistle>
export type WhistleResponder = NonNullable<Whistle['responders']>[number]
export const ZListWhistlesRequest = z.object({ communityId: ZUuid.optional(), ...ZPageQuery })
/** Open whistles first (soonest first), then those closed within the last day. */
export const ZListWhistlesResponse = z.object({ items: z.array(ZWhistle), nextCursor: ZNextCursor })



export const volunteersOps = {
  registerVolunteer: op({
    id: 'registerVolunteer', method: 'POST', path: '/api/volunteers/register', auth: 'required', tags: ['volunteers'],
    summary: '双报到 / 能人自荐：向居住社区报到，等待审核',
    body: ZRegisterVolunteerRequest, responses: { 201: ZRegistration },
  }),
  recommendTalent: op({
    id: 'recommendTalent', method: 'POST', path: '/api/volunteers/recommend', auth: 'required', tags: ['volunteers'],
    summary: '居民推荐能人（社区工作者推荐即组织发现）',
    body: ZRecommendTalentRequest, responses: { 201: ZRegistration },
  }),
  reviewVolunteer: op({
    id: 'reviewVolunteer', method: 'POST', path: '/api/volunteers/{id}/review', auth: 'required', tags: ['volunteers'],
    summary: '审核报到（社区工作者；不通过须说明原因）',
    params: ZIdParams, body: ZReviewVolunteerRequest, responses: { 200: ZRegistration },
  }),
  listVolunteers: op({
    id: 'listVolunteers', method: 'GET', path: '/api/volunteers', auth: 'required', tags: ['volunteers'],
    summary: '本社区报到名单与能人库（社区工作者，可按技能搜索）',
    query: ZListVolunteersRequest, responses: { 200: ZListVolunteersResponse },
  }),
  volunteerMe: op({
    id: 'volunteerMe', method: 'GET', path: '/api/volunteers/me', auth: 'required', tags: ['volunteers'],
    summary: '我的报到与本年度服务时长（对照年度目标）',
    responses: { 200: ZVolunteerMe },
  }),
  volunteerReport: op({
    id: 'volunteerReport', method: 'GET', path: '/api/volunteers/report', auth: 'required', tags: ['volunteers'], produces: 'text/csv',
    summary: '按工作单位导出在职党员服务情况（CSV，反馈给所在单位）',
    query: ZReportRequest, responses: { 200: z.string() },
  }),
  participation: op({
    id: 'participation', method: 'GET', path: '/api/volunteers/participation', auth: 'required', tags: ['volunteers'],
    summary: '“127”参与结构：骨干、活跃、一般居民占比（近 12 个月服务时长）',
    query: ZParticipationRequest, responses: { 200: ZParticipationResponse },
  }),
  listPosts: op({
    id: 'listPosts', method: 'GET', path: '/api/posts', auth: 'required', tags: ['volunteers'],
    summary: '服务岗位（未结束的时段）',
    query: ZListPostsRequest, responses: { 200: ZListPostsResponse },
  }),
  createPost: op({
    id: 'createPost', method: 'POST', path: '/api/posts', auth: 'required', tags: ['volunteers'],
    summary: '发布服务岗位（社区工作者）',
    body: ZCreatePostRequest, responses: { 201: ZPost },
  }),
  getPost: op({
    id: 'getPost', method: 'GET', path: '/api/posts/{id}', auth: 'required', tags: ['volunteers'],
    summary: '岗位详情',
    params: ZIdParams, responses: { 200: ZPost },
  }),
  claimSlot: op({
    id: 'claimSlot', method: 'POST', path: '/api/posts/{id}/claim', auth: 'required', tags: ['volunteers'],
    summary: '认领岗位时段（已审核的在职党员、社区能人）',
    params: ZIdParams, body: ZClaimSlotRequest, responses: { 201: ZShift },
  }),
  listShifts: op({
    id: 'listShifts', method: 'GET', path: '/api/shifts', auth: 'required', tags: ['volunteers'],
    summary: '我的服务（scope=mine）或待确认的工作纪实（scope=to_confirm，社区工作者）',
    query: ZListShiftsRequest, responses: { 200: ZListShiftsResponse },
  }),
  cancelShift: op({
    id: 'cancelShift', method: 'POST', path: '/api/shifts/{id}/cancel', auth: 'required', tags: ['volunteers'],
    summary: '取消认领（开始前 2 小时内取消记为迟取消）',
    params: ZIdParams, responses: { 200: ZShift },
  }),
  checkIn: op({
    id: 'checkIn', method: 'POST', path: '/api/shifts/{id}/check-in', auth: 'required', tags: ['volunteers'],
    summary: '到岗签到（须在岗位范围内、时段前后 30 分钟内）',
    params: ZIdParams, body: ZCheckInRequest, responses: { 200: ZShift },
  }),
  checkOut: op({
    id: 'checkOut', method: 'POST', path: '/api/shifts/{id}/check-out', auth: 'required', tags: ['volunteers'],
    summary: '签退并提交工作纪实（最多 3 张照片）',
    params: ZIdParams, body: ZCheckOutRequest, responses: { 200: ZShift },
  }),
  confirmShift: op({
    id: 'confirmShift', method: 'POST', path: '/api/shifts/{id}/confirm', auth: 'required', tags: ['volunteers'],
    summary: '确认或退回工作纪实（社区工作者）',
    params: ZIdParams, body: ZConfirmShiftRequest, responses: { 200: ZShift },
  }),
  uploadPhoto: op({
    id: 'uploadPhoto', method: 'POST', path: '/api/uploads/photo', auth: 'required', tags: ['volunteers'], bodyLimit: 3_200_000,
    summary: '上传工作纪实照片（base64，≤ 2 MB）',
    body: ZUploadPhotoRequest, responses: { 201: ZUploadPhotoResponse },
  }),
  listWhistles: op({
    id: 'listWhistles', method: 'GET', path: '/api/whistles', auth: 'required', tags: ['volunteers'],
    summary: '社区吹哨（进行中的和一天内结束的）',
    query: ZListWhistlesRequest, responses: { 200: ZListWhistlesResponse },
  }),
  createWhistle: op({
    id: 'createWhistle', method: 'POST', path: '/api/whistles', auth: 'required', tags: ['volunteers'],
    summary: '社区吹哨：紧急召集志愿者（社区工作者）',
    body: ZCreateWhistleRequest, responses: { 201: ZWhistle },
  }),
  respondWhistle: op({
    id: 'respondWhistle', method: 'POST', path: '/api/whistles/{id}/respond', auth: 'required', tags: ['volunteers'],
    summary: '党员报到：响应吹哨',
    params: ZIdParams, responses: { 200: ZWhistle },
  }),
  cronShifts: op({
    id: 'cronShifts', method: 'GET', path: '/api/cron/shifts', auth: 'cron', tags: ['cron'],
    summary: '定时任务：未签到记为未到岗；提醒忘记签退的志愿者申请补签退',
    responses: { 200: z.object({ noShows: z.number().int(), checkoutReminders: z.number().int() }) },
  }),
  requestShiftClose: op({
    id: 'requestShiftClose', method: 'POST', path: '/api/shifts/{id}/close-request', auth: 'required', tags: ['volunteers'],
    summary: '申请补签退：忘记签退时，填写实际服务时长和说明，请社区工作者确认（时段结束后 7 天内）',
    params: ZIdParams, body: ZRequestShiftCloseRequest, responses: { 200: ZShift },
  }),
  resolveShiftClose: op({
    id: 'resolveShiftClose', method: 'POST', path: '/api/shifts/{id}/close-resolve', auth: 'required', tags: ['volunteers'],
    summary: '确认（可调整时长）或退回补签退申请（社区工作者）',
    params: ZIdParams, body: ZResolveShiftCloseRequest, responses: { 200: ZShift },
  }),
} as const
