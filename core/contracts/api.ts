import { z } from 'zod'
import { ZDevLoginRequest, ZLoginResponse, ZMeResponse, ZWechatLoginRequest } from './auth'
import {
  ZCreateNeedRequest,
  ZCreateNeedResponse,
  ZGetNeedRequest,
  ZGetNeedResponse,
  ZListMyNeedsResponse,
  ZListNeedsRequest,
  ZListNeedsResponse,
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
  auth: 'none' | 'required'
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
    summary: '提交需求',
    request: ZCreateNeedRequest, response: ZCreateNeedResponse,
  }),
  listNeeds: op({
    id: 'listNeeds', method: 'GET', path: '/api/needs', auth: 'required', tags: ['needs'],
    summary: '社区需求清单（社区工作者，分页）',
    request: ZListNeedsRequest, response: ZListNeedsResponse,
  }),
  listMyNeeds: op({
    id: 'listMyNeeds', method: 'GET', path: '/api/needs/mine', auth: 'required', tags: ['needs'],
    summary: '我的需求',
    request: ZEmpty, response: ZListMyNeedsResponse,
  }),
  getNeed: op({
    id: 'getNeed', method: 'GET', path: '/api/needs/{id}', auth: 'required', tags: ['needs'],
    summary: '需求详情',
    request: ZGetNeedRequest, response: ZGetNeedResponse,
  }),
} as const

export type Ops = typeof ops
