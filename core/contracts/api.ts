import { z } from 'zod'
import { ZDevLoginRequest, ZLoginResponse, ZMeResponse, ZWechatLoginRequest } from './auth'
import {
  ZCreateNeedFullRequest,
  ZCronSlaRequest,
  ZCronSlaResponse,
  ZEvaluateNeedRequest,
  ZFollowNeedRequest,
  ZFollowNeedResponse,
  ZGetNeedRequest,
  ZGetSlaRulesRequest,
  ZListMyNeedsFullResponse,
  ZListNeedsFullRequest,
  ZListNeedsFullResponse,
  ZNeedDetail,
  ZSetSlaRuleRequest,
  ZSimilarNeedsRequest,
  ZSimilarNeedsResponse,
  ZSlaRulesResponse,
  ZTransitionNeedRequest,
  ZTriageNeedRequest,
} from './needs'
import {
  ZAcceptProposalRequest,
  ZClaimServiceRequest,
  ZConfirmServiceRequest,
  ZCreateResourceRequest,
  ZEvaluateServiceRequest,
  ZGetServiceRequest,
  ZListClaimableRequest,
  ZListClaimableResponse,
  ZListProposalsRequest,
  ZListProposalsResponse,
  ZListResourcesRequest,
  ZListResourcesResponse,
  ZListServicesRequest,
  ZListServicesResponse,
  ZProgressServiceRequest,
  ZResource,
  ZRunMatchingRequest,
  ZRunMatchingResponse,
  ZServiceProjectDetail,
  ZTransitionServiceRequest,
} from './services'

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

/**
 * One HTTP operation: the single description that the endpoint validates against, the mini-program
 * calls through, and /api/openapi.json is generated from.
 */
export interface Operation<Req extends z.ZodType = z.ZodType, Res extends z.ZodType = z.ZodType> {
  id: string
  method: HttpMethod
  /** OpenAPI-style path, `{name}` for path parameters */
  path: string
  summary: string
  /** `cron`: Vercel cron's `Authorization: Bearer <CRON_SECRET>` instead of a person's token */
  auth: 'none' | 'required' | 'cron'
  request: Req
  response: Res
  status: number
  tags: string[]
}

function op<Req extends z.ZodType, Res extends z.ZodType>(
  o: Omit<Operation<Req, Res>, 'status'> & { status?: number },
): Operation<Req, Res> {
  return { status: 200, ...o }
}

const ZEmpty = z.object({})

export const ops = {
  devLogin: op({
    id: 'devLogin', method: 'POST', path: '/api/auth/dev', auth: 'none', tags: ['auth'],
    summary: '演示账号登录（仅开发环境，AUTH_DEV_LOGIN=1）',
    request: ZDevLoginRequest, response: ZLoginResponse,
  }),
  wechatLogin: op({
    id: 'wechatLogin', method: 'POST', path: '/api/auth/wechat', auth: 'none', tags: ['auth'],
    summary: '微信登录：wx.login 的 code 换取令牌',
    request: ZWechatLoginRequest, response: ZLoginResponse,
  }),
  me: op({
    id: 'me', method: 'GET', path: '/api/me', auth: 'required', tags: ['auth'],
    summary: '当前登录人的档案',
    request: ZEmpty, response: ZMeResponse,
  }),
  createNeed: op({
    id: 'createNeed', method: 'POST', path: '/api/needs', auth: 'required', tags: ['needs'], status: 201,
    summary: '提交需求（居民本人；网格员巡查/代办；社区热线登记）',
    request: ZCreateNeedFullRequest, response: ZNeedDetail,
  }),
  listNeeds: op({
    id: 'listNeeds', method: 'GET', path: '/api/needs', auth: 'required', tags: ['needs'],
    summary: '社区需求清单（社区工作者看本社区，网格员看本网格；分页、筛选）',
    request: ZListNeedsFullRequest, response: ZListNeedsFullResponse,
  }),
  listMyNeeds: op({
    id: 'listMyNeeds', method: 'GET', path: '/api/needs/mine', auth: 'required', tags: ['needs'],
    summary: '我的需求',
    request: ZEmpty, response: ZListMyNeedsFullResponse,
  }),
  similarNeeds: op({
    id: 'similarNeeds', method: 'GET', path: '/api/needs/similar', auth: 'required', tags: ['needs'],
    summary: '同一微网格内标题相近、尚未办结的需求（提交前提示，可关注）',
    request: ZSimilarNeedsRequest, response: ZSimilarNeedsResponse,
  }),
  getNeed: op({
    id: 'getNeed', method: 'GET', path: '/api/needs/{id}', auth: 'required', tags: ['needs'],
    summary: '需求详情（含办理时间线、时限、是否超期）',
    request: ZGetNeedRequest, response: ZNeedDetail,
  }),
  triageNeed: op({
    id: 'triageNeed', method: 'POST', path: '/api/needs/{id}/triage', auth: 'required', tags: ['needs'],
    summary: '研判分类：三事分流、事项等级、承办人或部门，按社区时限规则设定办理期限',
    request: ZTriageNeedRequest, response: ZNeedDetail,
  }),
  transitionNeed: op({
    id: 'transitionNeed', method: 'POST', path: '/api/needs/{id}/transition', auth: 'required', tags: ['needs'],
    summary: '推进需求状态（受理、办结、上报、不予受理、居民重新办理等）',
    request: ZTransitionNeedRequest, response: ZNeedDetail,
  }),
  evaluateNeed: op({
    id: 'evaluateNeed', method: 'POST', path: '/api/needs/{id}/evaluate', auth: 'required', tags: ['needs'],
    summary: '居民评价（1-5 星）',
    request: ZEvaluateNeedRequest, response: ZNeedDetail,
  }),
  followNeed: op({
    id: 'followNeed', method: 'POST', path: '/api/needs/{id}/follow', auth: 'required', tags: ['needs'],
    summary: '关注（+1）同社区的需求',
    request: ZFollowNeedRequest, response: ZFollowNeedResponse,
  }),
  unfollowNeed: op({
    id: 'unfollowNeed', method: 'DELETE', path: '/api/needs/{id}/follow', auth: 'required', tags: ['needs'],
    summary: '取消关注',
    request: ZFollowNeedRequest, response: ZFollowNeedResponse,
  }),
  getSlaRules: op({
    id: 'getSlaRules', method: 'GET', path: '/api/communities/{communityId}/sla', auth: 'required', tags: ['admin'],
    summary: '社区办理时限规则（社区工作者可看）',
    request: ZGetSlaRulesRequest, response: ZSlaRulesResponse,
  }),
  setSlaRule: op({
    id: 'setSlaRule', method: 'PUT', path: '/api/communities/{communityId}/sla', auth: 'required', tags: ['admin'],
    summary: '修改某一等级的办理时限（管理员）',
    request: ZSetSlaRuleRequest, response: ZSlaRulesResponse,
  }),
  listResources: op({
    id: 'listResources', method: 'GET', path: '/api/resources', auth: 'required', tags: ['services'],
    summary: '资源清单（公开部分；mine=true 看自己发布的）',
    request: ZListResourcesRequest, response: ZListResourcesResponse,
  }),
  createResource: op({
    id: 'createResource', method: 'POST', path: '/api/resources', auth: 'required', tags: ['services'], status: 201,
    summary: '发布资源（驻区单位、在职党员、社区能人、社区工作者）',
    request: ZCreateResourceRequest, response: ZResource,
  }),
  runMatching: op({
    id: 'runMatching', method: 'POST', path: '/api/matching/run', auth: 'required', tags: ['services'],
    summary: '运行智能匹配：需求清单 × 资源清单 → 匹配建议（社区工作者）',
    request: ZRunMatchingRequest, response: ZRunMatchingResponse,
  }),
  listProposals: op({
    id: 'listProposals', method: 'GET', path: '/api/matching/proposals', auth: 'required', tags: ['services'],
    summary: '本社区待处理的匹配建议（社区工作者）',
    request: ZListProposalsRequest, response: ZListProposalsResponse,
  }),
  acceptProposal: op({
    id: 'acceptProposal', method: 'POST', path: '/api/matching/proposals/{id}/accept', auth: 'required', tags: ['services'], status: 201,
    summary: '采纳匹配建议，生成待确认的服务项目（社区工作者）',
    request: ZAcceptProposalRequest, response: ZServiceProjectDetail,
  }),
  listServices: op({
    id: 'listServices', method: 'GET', path: '/api/services', auth: 'required', tags: ['services'],
    summary: '服务清单（公开）',
    request: ZListServicesRequest, response: ZListServicesResponse,
  }),
  getService: op({
    id: 'getService', method: 'GET', path: '/api/services/{id}', auth: 'required', tags: ['services'],
    summary: '服务项目详情（匹配理由、进展）',
    request: ZGetServiceRequest, response: ZServiceProjectDetail,
  }),
  claimService: op({
    id: 'claimService', method: 'POST', path: '/api/services/claim', auth: 'required', tags: ['services'], status: 201,
    summary: '双向认领：单位为自己的资源认领需求，或社区为居民认领资源',
    request: ZClaimServiceRequest, response: ZServiceProjectDetail,
  }),
  listClaimable: op({
    id: 'listClaimable', method: 'GET', path: '/api/needs/claimable', auth: 'required', tags: ['services'],
    summary: '可认领的需求（在本单位资源的服务范围和类别内）',
    request: ZListClaimableRequest, response: ZListClaimableResponse,
  }),
  confirmService: op({
    id: 'confirmService', method: 'POST', path: '/api/services/{id}/confirm', auth: 'required', tags: ['services'],
    summary: '协商确认（资源方与社区双方确认后生效）',
    request: ZConfirmServiceRequest, response: ZServiceProjectDetail,
  }),
  progressService: op({
    id: 'progressService', method: 'POST', path: '/api/services/{id}/progress', auth: 'required', tags: ['services'], status: 201,
    summary: '记录服务进展',
    request: ZProgressServiceRequest, response: ZServiceProjectDetail,
  }),
  transitionService: op({
    id: 'transitionService', method: 'POST', path: '/api/services/{id}/transition', auth: 'required', tags: ['services'],
    summary: '开始、完成（含受益人数）或取消（须说明原因）服务项目',
    request: ZTransitionServiceRequest, response: ZServiceProjectDetail,
  }),
  evaluateService: op({
    id: 'evaluateService', method: 'POST', path: '/api/services/{id}/evaluate', auth: 'required', tags: ['services'],
    summary: '需求提出人评价服务（1-5 星）',
    request: ZEvaluateServiceRequest, response: ZServiceProjectDetail,
  }),
  cronSla: op({
    id: 'cronSla', method: 'GET', path: '/api/cron/sla', auth: 'cron', tags: ['cron'],
    summary: '定时任务：超期自动上报、未评价自动办结、发送通知（CRON_SECRET）',
    request: ZCronSlaRequest, response: ZCronSlaResponse,
  }),
} as const

export type Ops = typeof ops
