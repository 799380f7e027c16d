import { z } from 'zod'
import { ZUuid, ZTimestamp } from './common'

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

export const ZNeed = z.object({
  id: ZUuid,
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

export const ZCreateNeedResponse = ZNeed
export type CreateNeedResponse = Need

export const ZListMyNeedsResponse = z.object({ items: z.array(ZNeed) })
export type ListMyNeedsResponse = z.infer<typeof ZListMyNeedsResponse>

export const ZListNeedsRequest = z.object({
  status: ZNeedStatus.optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number({ error: '每页条数必须是数字' }).int().min(1).max(100).default(20),
})
export type ListNeedsRequest = z.infer<typeof ZListNeedsRequest>

export const ZListNeedsResponse = z.object({ items: z.array(ZNeed), nextCursor: z.string().nullable() })
export type ListNeedsResponse = z.infer<typeof ZListNeedsResponse>

export const ZGetNeedRequest = z.object({ id: ZUuid })
export const ZGetNeedResponse = ZNeed
