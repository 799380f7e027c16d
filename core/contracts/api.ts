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
  cronSla: op({
    id: 'cronSla', method: 'GET', path: '/api/cron/sla', auth: 'cron', tags: ['cron'],
    summary: '定时任务：超期自动上报、未评价自动办结、发送通知（CRON_SECRET）',
    request: ZCronSlaRequest, response: ZCronSlaResponse,
  }),
} as const

export type Ops = typeof ops
