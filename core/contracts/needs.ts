import { z } from 'zod'
import { op } from './operation'
import { ZCursorParam, ZUuid, ZTimestamp, zIsoDateTime, zPhotoKey, ZCommunityIdParams, ZIdParams } from './common'

/** The fixed category list of needs (issue 3, from the source documents). Keys are stable identifiers. */
export const NEED_CATEGORIES = [
  'elderly_childcare',
  'meal_aid',
  'housekeeping',
  'medical',
  'culture_sports',
  'facility_repair',
  'parking',
  'sanitation',
  'dispute',
  'legal',
  'employment',
  'other',
] as const
export const ZNeedCategory = z.enum(NEED_CATEGORIES, { error: '请选择需求类别' })
export type NeedCategory = z.infer<typeof ZNeedCategory>

export const NEED_CATEGORY_LABELS: Record<NeedCategory, string> = {
  elderly_childcare: '养老托育',
  meal_aid: '社区助餐',
  housekeeping: '家政便民',
  medical: '医疗卫生',
  culture_sports: '文化体育',
  facility_repair: '设施维修',
  parking: '停车',
  sanitation: '环境卫生',
  dispute: '矛盾纠纷',
  legal: '法律咨询',
  employment: '就业帮扶',
  other: '其他',
}

export const NEED_STATUSES = [
  'submitted',
  'triaged',
  'in_progress',
  'resolved',
  'evaluated',
  'closed',
  'rejected',
  'escalated',
  'in_deliberation',
  'matched',
] as const
export const ZNeedStatus = z.enum(NEED_STATUSES, { error: '状态取值不正确' })
export type NeedStatus = z.infer<typeof ZNeedStatus>

export const NEED_STATUS_LABELS: Record<NeedStatus, string> = {
  submitted: '已提交',
  triaged: '已研判',
  in_progress: '处理中',
  resolved: '已解决',
  evaluated: '已评价',
  closed: '已办结',
  rejected: '未受理',
  escalated: '已上报',
  in_deliberation: '议事中',
  matched: '已匹配服务',
}

/** The same statuses in the words residents use (their pages): no 研判, no internal terms. */
export const NEED_STATUS_PLAIN_LABELS: Record<NeedStatus, string> = {
  submitted: '已提交',
  triaged: '已受理',
  in_progress: '办理中',
  resolved: '已解决',
  evaluated: '已评价',
  closed: '已办结',
  rejected: '未受理',
  escalated: '已上报街道',
  in_deliberation: '居民议事中',
  matched: '已安排服务',
}

/** A micro-grid as residents say it: 「1号楼微网格」 → 「1号楼」. */
export function buildingName(microGridName: string | null | undefined): string | null {
  if (!microGridName) return null
  const plain = microGridName.replace(/微网格$/, '').trim()
  return plain || microGridName
}

export const NEED_TITLE_MIN = 4
export const NEED_TITLE_MAX = 40
export const NEED_DESCRIPTION_MIN = 10
export const NEED_DESCRIPTION_MAX = 1000

export const ZCreateNeedRequest = z.object({
  title: z
    .string({ error: '请填写标题' })
    .trim()
    .min(NEED_TITLE_MIN, { error: `标题至少 ${NEED_TITLE_MIN} 个字` })
    .max(NEED_TITLE_MAX, { error: `标题最多 ${NEED_TITLE_MAX} 个字` }),
  description: z
    .string({ error: '请填写需求描述' })
    .trim()
    .min(NEED_DESCRIPTION_MIN, { error: `描述至少 ${NEED_DESCRIPTION_MIN} 个字，请说清楚遇到了什么问题` })
    .max(NEED_DESCRIPTION_MAX, { error: `描述最多 ${NEED_DESCRIPTION_MAX} 个字` }),
  category: ZNeedCategory,
  microGridId: ZUuid.optional(),
})
export type CreateNeedRequest = z.infer<typeof ZCreateNeedRequest>

/** 受理编号: <community prefix>-<Beijing date>-<sequence>, e.g. HP-20261128-0042. Shown to people instead of the id. */
export const NEED_REF_NO = /^[A-Z][A-Z0-9]{1,7}-\d{8}-\d{4,}$/

export const ZNeed = z.object({
  id: ZUuid,
  refNo: z.string(),
  title: z.string(),
  description: z.string(),
  category: ZNeedCategory,
  status: ZNeedStatus,
  communityId: ZUuid,
  microGridId: ZUuid.nullable(),
  createdBy: ZUuid,
  createdAt: ZTimestamp,
  updatedAt: ZTimestamp,
})
export type Need = z.infer<typeof ZNeed>

export const ZListMyNeedsResponse = z.object({ items: z.array(ZNeed), nextCursor: z.string().nullable() })
export type ListMyNeedsResponse = z.infer<typeof ZListMyNeedsResponse>

/** The largest page of any needs list (DESIGN.md §5: keyset, at most 50 a page). */
export const NEEDS_PAGE_MAX = 50

/** Keyset paging of every needs list: the opaque cursor of the previous page's `nextCursor`, 1..50 rows (default 20). */
export const ZNeedsPageQuery = {
  cursor: ZCursorParam.optional(),
  limit: z.coerce.number({ error: '每页条数必须是数字' }).int({ error: '每页条数必须是整数' })
    .min(1, { error: '每页至少 1 条' }).max(NEEDS_PAGE_MAX, { error: `每页最多 ${NEEDS_PAGE_MAX} 条` }).default(20),
}
export const ZNeedsPageRequest = z.object(ZNeedsPageQuery)
export type NeedsPageRequest = z.input<typeof ZNeedsPageRequest>

export const ZListNeedsRequest = z.object({
  status: ZNeedStatus.optional(),
  ...ZNeedsPageQuery,
})
export type ListNeedsRequest = z.infer<typeof ZListNeedsRequest>

export const ZListNeedsResponse = z.object({ items: z.array(ZNeed), nextCursor: z.string().nullable() })
export type ListNeedsResponse = z.infer<typeof ZListNeedsResponse>

// ---------------------------------------------------------------------------------------------
// The closed loop (issue 3): triage, deadlines, timeline, rating, follows, duplicates
// ---------------------------------------------------------------------------------------------

export const NEED_TRACKS = ['private', 'shared', 'public'] as const
export const ZNeedTrack = z.enum(NEED_TRACKS, { error: '请选择事项类型（自家事/大家事/公家事）' })
export type NeedTrack = z.infer<typeof ZNeedTrack>
export const NEED_TRACK_LABELS: Record<NeedTrack, string> = { private: '自家事', shared: '大家事', public: '公家事' }

export const NEED_SEVERITIES = ['general', 'major', 'complex', 'escalated'] as const
export const ZNeedSeverity = z.enum(NEED_SEVERITIES, { error: '请选择事项等级' })
export type NeedSeverity = z.infer<typeof ZNeedSeverity>
export const NEED_SEVERITY_LABELS: Record<NeedSeverity, string> = { general: '一般', major: '重大', complex: '复杂', escalated: '疑难' }

export const NEED_URGENCIES = ['low', 'normal', 'high', 'urgent'] as const
export const ZNeedUrgency = z.enum(NEED_URGENCIES, { error: '请选择紧急程度' })
export type NeedUrgency = z.infer<typeof ZNeedUrgency>
export const NEED_URGENCY_LABELS: Record<NeedUrgency, string> = { low: '不急', normal: '一般', high: '较急', urgent: '紧急' }

export const NEED_SOURCES = ['resident', 'patrol', 'hotline', 'on_behalf'] as const
export const ZNeedSource = z.enum(NEED_SOURCES, { error: '来源取值不正确' })
export type NeedSource = z.infer<typeof ZNeedSource>
export const NEED_SOURCE_LABELS: Record<NeedSource, string> = { resident: '居民提交', patrol: '巡查发现', hotline: '热线登记', on_behalf: '网格员代办' }

export const SLA_GOALS = ['resolve', 'plan', 'report'] as const
export const ZSlaGoal = z.enum(SLA_GOALS)
export type SlaGoal = z.infer<typeof ZSlaGoal>
export const SLA_GOAL_LABELS: Record<SlaGoal, string> = { resolve: '办结', plan: '拿出方案', report: '上报' }

export const NEED_ACTORS = ['staff', 'grid_worker', 'owner', 'system', 'department'] as const
export const ZNeedActor = z.enum(NEED_ACTORS)
export type NeedActor = z.infer<typeof ZNeedActor>

const ZIso = zIsoDateTime()
const ZNote = z.string().trim().max(500, { error: '说明最多 500 个字' })

/** The full submission: a resident's own, or a grid worker's / staff member's on someone's behalf. */
export const ZCreateNeedFullRequest = ZCreateNeedRequest.extend({
  urgency: ZNeedUrgency.optional(),
  address: z.string().trim().max(200, { error: '地址最多 200 个字' }).optional(),
  windowFrom: ZIso.optional(),
  windowTo: ZIso.optional(),
  peopleAffected: z.coerce.number({ error: '受影响人数必须是数字' }).int({ error: '受影响人数必须是整数' }).min(1, { error: '受影响人数至少 1 人' }).max(100000).optional(),
  source: ZNeedSource.optional(),
  onBehalfOf: ZUuid.optional(),
  contactName: z.string().trim().min(1, { error: '请填写联系人姓名' }).max(40).optional(),
  contactPhone: z.string().trim().regex(/^[0-9]{7,15}$/, { error: '联系电话格式不正确' }).optional(),
}).refine((v) => !v.windowFrom || !v.windowTo || Date.parse(v.windowTo) > Date.parse(v.windowFrom), {
  error: '结束时间要晚于开始时间', path: ['windowTo'],
})
export type CreateNeedFullRequest = z.infer<typeof ZCreateNeedFullRequest>

export const ZNeedFull = ZNeed.extend({
  microGridName: z.string().nullable(),
  createdBy: ZUuid.nullable(),
  source: ZNeedSource,
  urgency: ZNeedUrgency,
  peopleAffected: z.number().int(),
  windowFrom: z.string().nullable(),
  windowTo: z.string().nullable(),
  /** personal data: only for the owner and staff of the community */
  address: z.string().nullable(),
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  track: ZNeedTrack.nullable(),
  severity: ZNeedSeverity.nullable(),
  handlerId: ZUuid.nullable(),
  handlerName: z.string().nullable(),
  department: z.string().nullable(),
  /** upward routing (issue 12): the street's department the need is routed to, its deadline and its answer */
  departmentId: ZUuid.nullable().optional(),
  departmentName: z.string().nullable().optional(),
  departmentDueAt: z.string().nullable().optional(),
  departmentAnswer: z.string().nullable().optional(),
  departmentAnsweredAt: z.string().nullable().optional(),
  dueAt: z.string().nullable(),
  dueGoal: ZSlaGoal.nullable(),
  overdue: z.boolean(),
  reopenCount: z.number().int(),
  resolvedAt: z.string().nullable(),
  rating: z.number().int().nullable(),
  ratingComment: z.string().nullable(),
  followers: z.number().int(),
  following: z.boolean(),
})
export type NeedFull = z.infer<typeof ZNeedFull>

export const ZNeedEvent = z.object({
  id: z.number().int(),
  from: ZNeedStatus.nullable(),
  to: ZNeedStatus,
  actor: ZNeedActor,
  actorName: z.string().nullable(),
  note: z.string().nullable(),
  /** photos of a 办理结果 (storage keys, seen through /api/files) */
  photos: z.array(z.string()).optional(),
  at: z.string(),
})
export type NeedEvent = z.infer<typeof ZNeedEvent>

/** What the person reading the need should see first: the 办理结果, the reason it was not accepted, or escalated. */
export const ZNeedOutcome = z.object({
  kind: z.enum(['resolved', 'rejected', 'escalated']),
  note: z.string().nullable(),
  photos: z.array(z.string()),
  at: z.string(),
  actor: ZNeedActor.nullable(),
  actorName: z.string().nullable(),
})
export type NeedOutcome = z.infer<typeof ZNeedOutcome>

export const NEED_STORY_KINDS = [
  'submitted', 'triaged', 'routed', 'answered', 'in_progress', 'reopened', 'resolved', 'evaluated', 'closed', 'rejected',
  'escalated', 'in_deliberation', 'matched', 'service', 'service_progress', 'topic', 'meeting', 'resolution',
] as const
/** A page the story links to: a service project, a deliberation topic, meeting or resolution. */
export const ZNeedStoryLink = z.object({ type: z.enum(['service', 'topic', 'meeting', 'resolution']), id: ZUuid })
export type NeedStoryLink = z.infer<typeof ZNeedStoryLink>
/** One step of a need's story (its own steps and what it went to), oldest first; titles already in plain words. */
export const ZNeedStoryItem = z.object({
  kind: z.string(),
  at: z.string(),
  title: z.string(),
  detail: z.string().nullable(),
  photos: z.array(z.string()),
  actorName: z.string().nullable(),
  link: ZNeedStoryLink.nullable(),
})
export type NeedStoryItem = z.infer<typeof ZNeedStoryItem>

export const ZNeedDetail = ZNeedFull.extend({
  timeline: z.array(ZNeedEvent),
  /** statuses the caller may move this need to now (triage excluded: see canTriage) */
  actions: z.array(ZNeedStatus),
  canTriage: z.boolean(),
  /** a member of the routed department may answer (部门答疑) */
  canAnswer: z.boolean().optional(),
  /** the 办理结果 / 未受理原因 / 上报原因 card, null while none applies */
  outcome: ZNeedOutcome.nullable().optional(),
  /** one story per need: its steps and the service project, topic, meeting and resolution it went to */
  story: z.array(ZNeedStoryItem).optional(),
})
export type NeedDetail = z.infer<typeof ZNeedDetail>

export const NEED_QUERY_MAX = 40
export const ZListNeedsFullRequest = ZListNeedsRequest.extend({
  track: ZNeedTrack.optional(),
  severity: ZNeedSeverity.optional(),
  gridId: ZUuid.optional(),
  overdue: z.enum(['true', 'false'], { error: 'overdue 只能是 true 或 false' }).transform((v) => v === 'true').optional(),
  order: z.enum(['newest', 'oldest'], { error: '排序只能是 newest 或 oldest' }).default('newest'),
  /** community (default): the community's queue; street: escalated needs and 公家事 of the street (street admin);
   *  department: needs routed to the caller's department (its members). Street and department queues are newest first. */
  scope: z.enum(['community', 'street', 'department'], { error: 'scope 只能是 community、street 或 department' }).default('community'),
  departmentId: ZUuid.optional(),
  streetId: ZUuid.optional(),
  /** search (community queue): a 受理编号 or its start (HP-20261128), any case; else a piece of the title */
  q: z.string().trim().max(NEED_QUERY_MAX, { error: `搜索内容最多 ${NEED_QUERY_MAX} 个字` }).optional(),
})
export const ZListNeedsFullResponse = z.object({ items: z.array(ZNeedFull), nextCursor: z.string().nullable() })
/** 我的需求: the caller's own needs, newest first, one page at a time. */
export const ZListMyNeedsRequest = ZNeedsPageRequest
export const ZListMyNeedsFullResponse = z.object({ items: z.array(ZNeedFull), nextCursor: z.string().nullable() })

export const ZTriageNeedRequest = z.object({
  track: ZNeedTrack,
  severity: ZNeedSeverity,
  handlerId: ZUuid.optional(),
  department: z.string().trim().max(60, { error: '部门名称最多 60 个字' }).optional(),
  /** 公家事: a department of the street (preferred to the free-text `department`) */
  departmentId: ZUuid.optional(),
  note: ZNote.optional(),
}).refine((v) => v.track !== 'public' || v.departmentId || (v.department && v.department.length > 0), {
  error: '公家事请填写承办部门', path: ['department'],
})
export type TriageNeedRequest = z.infer<typeof ZTriageNeedRequest>

export const ZAnswerNeedRequest = z.object({
  answer: z.string({ error: '请填写答复内容' }).trim().min(2, { error: '答复至少 2 个字' }).max(400, { error: '答复最多 400 个字' }),
})
export type AnswerNeedRequest = z.infer<typeof ZAnswerNeedRequest>

export const ZRouteNeedRequest = z.object({ departmentId: ZUuid, note: z.string().trim().max(400, { error: '说明最多 400 个字' }).optional() })
export type RouteNeedRequest = z.infer<typeof ZRouteNeedRequest>

/** 办理结果: what was done, in words the resident reads on the need (5-500 characters). */
export const NEED_RESULT_MIN = 5
export const NEED_RESULT_MAX = 500
export const NEED_RESULT_PHOTOS_MAX = 3
/** Moving to 已解决 (by a person) needs the 办理结果; 不予受理 and 上报 a reason; photos go with a 办理结果 only. */
export const ZTransitionNeedRequest = z.object({
  to: ZNeedStatus,
  note: ZNote.optional(),
  photos: z.array(z.string(), { error: '照片格式不正确' })
    .max(NEED_RESULT_PHOTOS_MAX, { error: `最多上传 ${NEED_RESULT_PHOTOS_MAX} 张照片` }).pipe(z.array(zPhotoKey())).optional(),
}).superRefine((v, ctx) => {
  const note = v.note ?? ''
  if (v.to === 'resolved' && note.length < NEED_RESULT_MIN) {
    ctx.addIssue({ code: 'custom', path: ['note'], message: note.length === 0 ? '请填写办理结果，居民会看到' : `办理结果至少 ${NEED_RESULT_MIN} 个字，请写清楚做了什么` })
  }
  if ((v.to === 'rejected' || v.to === 'escalated') && note.length === 0) {
    ctx.addIssue({ code: 'custom', path: ['note'], message: v.to === 'rejected' ? '请填写不予受理的原因' : '请填写上报的原因' })
  }
  if (v.photos && v.photos.length > 0 && v.to !== 'resolved') {
    ctx.addIssue({ code: 'custom', path: ['photos'], message: '只有填写办理结果时可以附照片' })
  }
})
export type TransitionNeedRequest = z.infer<typeof ZTransitionNeedRequest>

export const ZEvaluateNeedRequest = z.object({
  rating: z.number({ error: '请选择 1 到 5 星' }).int({ error: '请选择 1 到 5 星' }).min(1, { error: '请选择 1 到 5 星' }).max(5, { error: '请选择 1 到 5 星' }),
  comment: z.string().trim().max(500, { error: '评价最多 500 个字' }).optional(),
})
export type EvaluateNeedRequest = z.infer<typeof ZEvaluateNeedRequest>

export const ZFollowNeedResponse = z.object({ id: ZUuid, followers: z.number().int(), following: z.boolean() })
export type FollowNeedResponse = z.infer<typeof ZFollowNeedResponse>

/** Most similar first (ties: newest first); the cursor belongs to the same micro-grid and title. */
export const ZSimilarNeedsRequest = z.object({
  microGridId: ZUuid,
  title: z.string({ error: '请填写标题' }).trim().min(2, { error: '标题至少 2 个字' }).max(NEED_TITLE_MAX),
  ...ZNeedsPageQuery,
})
export const ZSimilarNeed = z.object({
  id: ZUuid,
  refNo: z.string(),
  title: z.string(),
  category: ZNeedCategory,
  status: ZNeedStatus,
  followers: z.number().int(),
  following: z.boolean(),
  mine: z.boolean(),
  similarity: z.number(),
  createdAt: z.string(),
})
export type SimilarNeed = z.infer<typeof ZSimilarNeed>
export const ZSimilarNeedsResponse = z.object({ items: z.array(ZSimilarNeed), nextCursor: z.string().nullable() })

export const ZSlaRule = z.object({ severity: ZNeedSeverity, minutes: z.number().int(), goal: ZSlaGoal })
export type SlaRule = z.infer<typeof ZSlaRule>
export const ZSlaRulesResponse = z.object({
  communityId: ZUuid,
  rules: z.array(ZSlaRule),
  settings: z.object({ escalateGraceMinutes: z.number().int(), autoCloseDays: z.number().int(), reopenDays: z.number().int() }),
})
export const ZSetSlaRuleRequest = z.object({
  severity: ZNeedSeverity,
  minutes: z.number({ error: '时限必须是数字（分钟）' }).int().min(1, { error: '时限至少 1 分钟' }).max(525600, { error: '时限最多一年' }),
  goal: ZSlaGoal,
})

export const ZCronSlaResponse = z.object({
  escalated: z.number().int(),
  closed: z.number().int(),
  notifications: z.object({ sent: z.number().int(), skipped: z.number().int(), failed: z.number().int(), retry: z.number().int() }),
})

export const needsOps = {
  createNeed: op({
    id: 'createNeed', method: 'POST', path: '/api/needs', auth: 'required', tags: ['needs'],
    summary: '提交需求（居民本人；网格员巡查/代办；社区热线登记）',
    body: ZCreateNeedFullRequest, responses: { 201: ZNeedDetail },
  }),
  listNeeds: op({
    id: 'listNeeds', method: 'GET', path: '/api/needs', auth: 'required', tags: ['needs'],
    summary: '社区需求清单（社区工作者看本社区，网格员看本网格；分页、筛选）',
    query: ZListNeedsFullRequest, responses: { 200: ZListNeedsFullResponse },
  }),
  listMyNeeds: op({
    id: 'listMyNeeds', method: 'GET', path: '/api/needs/mine', auth: 'required', tags: ['needs'],
    summary: '我的需求',
    query: ZListMyNeedsRequest, responses: { 200: ZListMyNeedsFullResponse },
  }),
  similarNeeds: op({
    id: 'similarNeeds', method: 'GET', path: '/api/needs/similar', auth: 'required', tags: ['needs'],
    summary: '同一微网格内标题相近、尚未办结的需求（提交前提示，可关注）',
    query: ZSimilarNeedsRequest, responses: { 200: ZSimilarNeedsResponse },
  }),
  getNeed: op({
    id: 'getNeed', method: 'GET', path: '/api/needs/{id}', auth: 'required', tags: ['needs'],
    summary: '需求详情（含办理时间线、时限、是否超期）',
    params: ZIdParams, responses: { 200: ZNeedDetail },
  }),
  triageNeed: op({
    id: 'triageNeed', method: 'POST', path: '/api/needs/{id}/triage', auth: 'required', tags: ['needs'],
    summary: '研判分类：三事分流、事项等级、承办人或部门，按社区时限规则设定办理期限',
    params: ZIdParams, body: ZTriageNeedRequest, responses: { 200: ZNeedDetail },
  }),
  transitionNeed: op({
    id: 'transitionNeed', method: 'POST', path: '/api/needs/{id}/transition', auth: 'required', tags: ['needs'],
    summary: '推进需求状态（受理、办结、上报、不予受理、居民重新办理等）',
    params: ZIdParams, body: ZTransitionNeedRequest, responses: { 200: ZNeedDetail },
  }),
  evaluateNeed: op({
    id: 'evaluateNeed', method: 'POST', path: '/api/needs/{id}/evaluate', auth: 'required', tags: ['needs'],
    summary: '居民评价（1-5 星）',
    params: ZIdParams, body: ZEvaluateNeedRequest, responses: { 200: ZNeedDetail },
  }),
  followNeed: op({
    id: 'followNeed', method: 'POST', path: '/api/needs/{id}/follow', auth: 'required', tags: ['needs'],
    summary: '关注（+1）同社区的需求',
    params: ZIdParams, responses: { 200: ZFollowNeedResponse },
  }),
  unfollowNeed: op({
    id: 'unfollowNeed', method: 'DELETE', path: '/api/needs/{id}/follow', auth: 'required', tags: ['needs'],
    summary: '取消关注',
    params: ZIdParams, responses: { 200: ZFollowNeedResponse },
  }),
  getSlaRules: op({
    id: 'getSlaRules', method: 'GET', path: '/api/communities/{communityId}/sla', auth: 'required', tags: ['admin'],
    summary: '社区办理时限规则（社区工作者可看）',
    params: ZCommunityIdParams, responses: { 200: ZSlaRulesResponse },
  }),
  setSlaRule: op({
    id: 'setSlaRule', method: 'PUT', path: '/api/communities/{communityId}/sla', auth: 'required', tags: ['admin'],
    summary: '修改某一等级的办理时限（本社区工作者、街道管理员；记入操作日志）',
    params: ZCommunityIdParams, body: ZSetSlaRuleRequest, responses: { 200: ZSlaRulesResponse },
  }),
  cronSla: op({
    id: 'cronSla', method: 'GET', path: '/api/cron/sla', auth: 'cron', tags: ['cron'],
    summary: '定时任务：超期自动上报、未评价自动办结、发送通知（CRON_SECRET）',
    responses: { 200: ZCronSlaResponse },
  }),
} as const
