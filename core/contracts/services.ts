import { z } from 'zod'
import { op } from './operation'
import { ZCursorParam, ZTimestamp, ZUuid, zIsoDateTime, ZIdParams } from './common'
import { ZNeedCategory, ZNeedStatus } from './needs'

// ---------------------------------------------------------------------------------------------
// Resources (资源清单), matching proposals and service projects (服务清单, 双向认领) — issue 4
// ---------------------------------------------------------------------------------------------

export const RESOURCE_KINDS = ['party', 'administrative', 'social'] as const
export const ZResourceKind = z.enum(RESOURCE_KINDS, { error: '请选择资源类型' })
export type ResourceKind = z.infer<typeof ZResourceKind>
export const RESOURCE_KIND_LABELS: Record<ResourceKind, string> = { party: '党建资源', administrative: '行政资源', social: '社会资源' }

export const PARTNER_TYPES = ['red', 'property', 'public_welfare'] as const
export const ZPartnerType = z.enum(PARTNER_TYPES, { error: '请选择合伙人类型' })
export type PartnerType = z.infer<typeof ZPartnerType>
export const PARTNER_TYPE_LABELS: Record<PartnerType, string> = { red: '红色合伙人', property: '物业合伙人', public_welfare: '公益合伙人' }

export const RESOURCE_PERIODS = ['week', 'month'] as const
export const ZResourcePeriod = z.enum(RESOURCE_PERIODS, { error: '周期只能是每周或每月' })
export const RESOURCE_PERIOD_LABELS = { week: '每周', month: '每月' } as const

const ZIso = zIsoDateTime()
export const ZTimeWindow = z
  .object({ from: ZIso, to: ZIso })
  .refine((w) => Date.parse(w.to) > Date.parse(w.from), { error: '结束时间要晚于开始时间', path: ['to'] })

export const ZCreateResourceRequest = z.object({
  title: z.string({ error: '请填写资源名称' }).trim().min(2, { error: '资源名称至少 2 个字' }).max(40, { error: '资源名称最多 40 个字' }),
  description: z.string().trim().max(1000, { error: '介绍最多 1000 个字' }).default(''),
  kind: ZResourceKind,
  partnerType: ZPartnerType.optional(),
  categories: z.array(ZNeedCategory, { error: '请至少选择一个服务类别' }).min(1, { error: '请至少选择一个服务类别' }).max(12),
  capacity: z.number({ error: '服务能力必须是数字' }).int({ error: '服务能力必须是整数' }).min(1, { error: '每期至少能服务 1 个需求' }).max(1000, { error: '每期最多 1000 个需求' }),
  period: ZResourcePeriod.default('month'),
  /** communities served; empty = the publisher's own community */
  communityIds: z.array(ZUuid).max(50).default([]),
  /** grids served; empty = the whole communities */
  gridIds: z.array(ZUuid).max(200).default([]),
  availability: z.array(ZTimeWindow).max(50).default([]),
  contactName: z.string().trim().min(1, { error: '请填写联系人' }).max(40),
  contactPhone: z.string().trim().regex(/^[0-9]{7,15}$/, { error: '联系电话格式不正确' }),
})
export type CreateResourceRequest = z.infer<typeof ZCreateResourceRequest>

export const ZResource = z.object({
  id: ZUuid,
  title: z.string(),
  description: z.string(),
  kind: ZResourceKind,
  partnerType: ZPartnerType.nullable(),
  categories: z.array(ZNeedCategory),
  capacity: z.number().int(),
  period: ZResourcePeriod,
  load: z.number().int(),
  communityId: ZUuid,
  communityIds: z.array(ZUuid),
  gridIds: z.array(ZUuid),
  availability: z.array(z.object({ from: z.string(), to: z.string() })),
  publisherId: ZUuid,
  publisherName: z.string(),
  status: z.enum(['active', 'paused', 'archived']),
  /** contact: only for staff, the publisher, and the parties of a service project that uses it */
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  mine: z.boolean(),
  createdAt: ZTimestamp,
})
export type Resource = z.infer<typeof ZResource>

/** Keyset paging: an opaque cursor from the last page's `nextCursor`, and at most 50 rows a page (default 20). */
const ZPageQuery = {
  cursor: ZCursorParam.optional(),
  limit: z.coerce.number({ error: '每页条数必须是数字' }).int({ error: '每页条数必须是整数' })
    .min(1, { error: '每页至少 1 条' }).max(50, { error: '每页最多 50 条' }).default(20),
}

export const ZListResourcesRequest = z.object({
  category: ZNeedCategory.optional(),
  communityId: ZUuid.optional(),
  mine: z.enum(['true', 'false'], { error: 'mine 只能是 true 或 false' }).transform((v) => v === 'true').optional(),
  ...ZPageQuery,
})
export const ZListResourcesResponse = z.object({ items: z.array(ZResource), nextCursor: z.string().nullable() })

export const PROJECT_STATUSES = ['proposed', 'confirmed', 'in_progress', 'completed', 'evaluated', 'cancelled'] as const
export const ZProjectStatus = z.enum(PROJECT_STATUSES, { error: '状态取值不正确' })
export type ProjectStatus = z.infer<typeof ZProjectStatus>
export const PROJECT_STATUS_LABELS: Record<ProjectStatus, string> = {
  proposed: '待确认', confirmed: '已确认', in_progress: '服务中', completed: '已完成', evaluated: '已评价', cancelled: '已取消',
}
export const PROJECT_ORIGINS = ['proposal', 'unit_claim', 'community_claim'] as const
export const PROJECT_ORIGIN_LABELS = { proposal: '智能匹配', unit_claim: '单位认领需求', community_claim: '社区认领资源' } as const

export const ZProposal = z.object({
  id: ZUuid,
  runId: ZUuid,
  needId: ZUuid,
  needTitle: z.string(),
  needCategory: ZNeedCategory,
  resourceId: ZUuid,
  resourceTitle: z.string(),
  publisherName: z.string(),
  score: z.number().int(),
  reasons: z.array(z.string()),
  status: z.enum(['open', 'accepted', 'dismissed', 'superseded']),
})
export type Proposal = z.infer<typeof ZProposal>

/** A community (its staff) or a whole street (a street admin): exactly one of the two. */
export const ZRunMatchingRequest = z
  .object({ communityId: ZUuid.optional(), streetId: ZUuid.optional() })
  .superRefine((v, ctx) => {
    if (v.communityId && v.streetId) ctx.addIssue({ code: 'custom', path: ['streetId'], message: '社区和街道只能选择一个' })
    else if (!v.communityId && !v.streetId) ctx.addIssue({ code: 'custom', path: ['communityId'], message: '请选择要匹配的社区或街道' })
  })
export type RunMatchingRequest = z.input<typeof ZRunMatchingRequest>
/** Milliseconds per stage of a run, as measured by the server (DESIGN.md §5: a street within 2 s). */
export const ZMatchingTimings = z.object({
  /** reading the open needs and the resources that reach them (matching_run_input) */
  input: z.number(),
  /** the candidate rules */
  candidates: z.number(),
  /** scoring every candidate pair */
  scoring: z.number(),
  /** the exact b-matching */
  solve: z.number(),
  /** reasons of the chosen pairs */
  explain: z.number(),
  /** checking and writing the proposals (matching_run_store) */
  store: z.number(),
  total: z.number(),
})
export type MatchingTimings = z.infer<typeof ZMatchingTimings>
export const ZRunMatchingResponse = z.object({
  /** the community's run, or for a street the id its communities' runs share (match_runs.street_run_id) */
  runId: ZUuid,
  /** this run's proposals, highest score first (ties by id, as the proposals list): the first page of at most 50 */
  proposals: z.array(ZProposal),
  totalScore: z.number().int(),
  optimal: z.boolean(),
  /** solver time */
  ms: z.number(),
  needs: z.number().int(),
  resources: z.number().int(),
  candidates: z.number().int(),
  // Always sent by the server since issue 14; optional so that earlier clients' fixtures still parse.
  scope: z.enum(['community', 'street']).optional(),
  /** all proposals of the run (the list holds the first page) */
  proposalCount: z.number().int().optional(),
  /** one run per community of the scope, with its number of proposals */
  runs: z.array(z.object({ communityId: ZUuid, runId: ZUuid, proposals: z.number().int() })).optional(),
  timings: ZMatchingTimings.optional(),
})
/** Open proposals of the community, highest score first (ties by id), one page at a time. */
export const ZListProposalsRequest = z.object({ communityId: ZUuid, ...ZPageQuery })
export const ZListProposalsResponse = z.object({ items: z.array(ZProposal), nextCursor: z.string().nullable() })

export const ZProgressNote = z.object({
  id: z.number().int(),
  authorName: z.string().nullable(),
  note: z.string(),
  percent: z.number().int().nullable(),
  at: z.string(),
})

export const ZServiceProject = z.object({
  id: ZUuid,
  communityId: ZUuid,
  needId: ZUuid,
  /** the need's 受理编号 (e.g. HP-20261128-0042): the project page links back to the need by it */
  needRefNo: z.string().nullable(),
  needTitle: z.string(),
  needCategory: ZNeedCategory,
  needStatus: ZNeedStatus,
  resourceId: ZUuid,
  resourceTitle: z.string(),
  publisherName: z.string(),
  origin: z.enum(PROJECT_ORIGINS),
  status: ZProjectStatus,
  score: z.number().int().nullable(),
  reasons: z.array(z.string()),
  unitConfirmed: z.boolean(),
  communityConfirmed: z.boolean(),
  beneficiaries: z.number().int().nullable(),
  rating: z.number().int().nullable(),
  ratingComment: z.string().nullable(),
  cancelReason: z.string().nullable(),
  createdAt: ZTimestamp,
  updatedAt: ZTimestamp,
})
export type ServiceProject = z.infer<typeof ZServiceProject>

export const ZServiceProjectDetail = ZServiceProject.extend({
  progress: z.array(ZProgressNote),
  /** what the caller may do now */
  canConfirm: z.boolean(),
  canManage: z.boolean(),
  canEvaluate: z.boolean(),
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  /**
   * Who to reach for the need and where: for its owner and staff of its community at any time, for the provider (the
   * resource's publisher) only once both sides have confirmed the project, for everyone else null.
   */
  needContactName: z.string().nullable(),
  needContactPhone: z.string().nullable(),
  needAddress: z.string().nullable(),
})
export type ServiceProjectDetail = z.infer<typeof ZServiceProjectDetail>

export const ZListServicesRequest = z.object({ communityId: ZUuid.optional(), status: ZProjectStatus.optional(), ...ZPageQuery })
export const ZListServicesResponse = z.object({ items: z.array(ZServiceProject), nextCursor: z.string().nullable() })

export const ZClaimServiceRequest = z.object({ needId: ZUuid, resourceId: ZUuid })
export const ZProgressServiceRequest = z.object({
  note: z.string({ error: '请填写进展' }).trim().min(2, { error: '进展至少 2 个字' }).max(500, { error: '进展最多 500 个字' }),
  percent: z.number().int().min(0).max(100, { error: '进度在 0 到 100 之间' }).optional(),
})
export const ZTransitionServiceRequest = z.object({
  to: z.enum(['in_progress', 'completed', 'cancelled'], { error: '只能开始、完成或取消' }),
  note: z.string().trim().max(500, { error: '说明最多 500 个字' }).optional(),
  beneficiaries: z.number().int().min(0).max(100000, { error: '受益人数太大' }).optional(),
})
export const ZEvaluateServiceRequest = z.object({
  rating: z.number({ error: '请选择 1 到 5 星' }).int({ error: '请选择 1 到 5 星' }).min(1, { error: '请选择 1 到 5 星' }).max(5, { error: '请选择 1 到 5 星' }),
  comment: z.string().trim().max(500, { error: '评价最多 500 个字' }).optional(),
})

/** Needs a unit may claim for one of its resources: the public part only. */
export const ZClaimableNeed = z.object({
  id: ZUuid,
  title: z.string(),
  category: ZNeedCategory,
  status: ZNeedStatus,
  microGridName: z.string().nullable(),
  urgency: z.string(),
  createdAt: z.string(),
  resourceIds: z.array(ZUuid),
})
/** 认领需求: oldest first, one page at a time (issue 14). */
export const ZListClaimableRequest = z.object({ ...ZPageQuery })
export const ZListClaimableResponse = z.object({ items: z.array(ZClaimableNeed), nextCursor: z.string().nullable() })

export const servicesOps = {
  listResources: op({
    id: 'listResources', method: 'GET', path: '/api/resources', auth: 'required', tags: ['services'],
    summary: '资源清单（公开部分；mine=true 看自己发布的）',
    query: ZListResourcesRequest, responses: { 200: ZListResourcesResponse },
  }),
  createResource: op({
    id: 'createResource', method: 'POST', path: '/api/resources', auth: 'required', tags: ['services'],
    summary: '发布资源（驻区单位、在职党员、社区能人、社区工作者）',
    body: ZCreateResourceRequest, responses: { 201: ZResource },
  }),
  runMatching: op({
    id: 'runMatching', method: 'POST', path: '/api/matching/run', auth: 'required', tags: ['services'],
    summary: '运行智能匹配：需求清单 × 资源清单 → 匹配建议（社区工作者）',
    body: ZRunMatchingRequest, responses: { 200: ZRunMatchingResponse },
  }),
  listProposals: op({
    id: 'listProposals', method: 'GET', path: '/api/matching/proposals', auth: 'required', tags: ['services'],
    summary: '本社区待处理的匹配建议（社区工作者）',
    query: ZListProposalsRequest, responses: { 200: ZListProposalsResponse },
  }),
  acceptProposal: op({
    id: 'acceptProposal', method: 'POST', path: '/api/matching/proposals/{id}/accept', auth: 'required', tags: ['services'],
    summary: '采纳匹配建议，生成待确认的服务项目（社区工作者）',
    params: ZIdParams, responses: { 201: ZServiceProjectDetail },
  }),
  listServices: op({
    id: 'listServices', method: 'GET', path: '/api/services', auth: 'required', tags: ['services'],
    summary: '服务清单（公开）',
    query: ZListServicesRequest, responses: { 200: ZListServicesResponse },
  }),
  getService: op({
    id: 'getService', method: 'GET', path: '/api/services/{id}', auth: 'required', tags: ['services'],
    summary: '服务项目详情（匹配理由、进展）',
    params: ZIdParams, responses: { 200: ZServiceProjectDetail },
  }),
  claimService: op({
    id: 'claimService', method: 'POST', path: '/api/services/claim', auth: 'required', tags: ['services'],
    summary: '双向认领：单位为自己的资源认领需求，或社区为居民认领资源',
    body: ZClaimServiceRequest, responses: { 201: ZServiceProjectDetail },
  }),
  listClaimable: op({
    id: 'listClaimable', method: 'GET', path: '/api/needs/claimable', auth: 'required', tags: ['services'],
    summary: '可认领的需求（在本单位资源的服务范围和类别内）',
    query: ZListClaimableRequest, responses: { 200: ZListClaimableResponse },
  }),
  confirmService: op({
    id: 'confirmService', method: 'POST', path: '/api/services/{id}/confirm', auth: 'required', tags: ['services'],
    summary: '协商确认（资源方与社区双方确认后生效）',
    params: ZIdParams, responses: { 200: ZServiceProjectDetail },
  }),
  progressService: op({
    id: 'progressService', method: 'POST', path: '/api/services/{id}/progress', auth: 'required', tags: ['services'],
    summary: '记录服务进展',
    params: ZIdParams, body: ZProgressServiceRequest, responses: { 201: ZServiceProjectDetail },
  }),
  transitionService: op({
    id: 'transitionService', method: 'POST', path: '/api/services/{id}/transition', auth: 'required', tags: ['services'],
    summary: '开始、完成（含受益人数）或取消（须说明原因）服务项目',
    params: ZIdParams, body: ZTransitionServiceRequest, responses: { 200: ZServiceProjectDetail },
  }),
  evaluateService: op({
    id: 'evaluateService', method: 'POST', path: '/api/services/{id}/evaluate', auth: 'required', tags: ['services'],
    summary: '需求提出人评价服务（1-5 星）',
    params: ZIdParams, body: ZEvaluateServiceRequest, responses: { 200: ZServiceProjectDetail },
  }),
} as const
