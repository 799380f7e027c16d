import { z } from 'zod'
import { op } from './operation'
import { ZAppRole, ZUuid } from './common'

export const ZProfile = z.object({
  id: ZUuid,
  handle: z.string().nullable(),
  displayName: z.string(),
  communityId: ZUuid.nullable(),
  communityName: z.string().nullable(),
  microGridId: ZUuid.nullable(),
  microGridName: z.string().nullable().optional(),
  /** the street of the person's community, or for a street administrator without one, the street they run */
  streetId: ZUuid.nullable().optional(),
  streetName: z.string().nullable().optional(),
  /** the community office's service phone (打电话给社区): public, set by the community's staff (issue 15) */
  communityPhone: z.string().nullable().optional(),
  /** streets this person administers (街道管理员) */
  adminStreetIds: z.array(ZUuid).optional(),
  roles: z.array(ZAppRole),
  /** Personal data: present only when the caller is this person or staff of their community. */
  phone: z.string().nullable().optional(),
})
export type Profile = z.infer<typeof ZProfile>

export const ZDevLoginRequest = z.object({
  handle: z.string({ error: '请选择演示账号' }).trim().min(1, { error: '请选择演示账号' }).max(40),
})
export type DevLoginRequest = z.infer<typeof ZDevLoginRequest>

export const ZWechatLoginRequest = z.object({
  code: z.string({ error: '缺少微信登录凭证' }).trim().min(1, { error: '缺少微信登录凭证' }).max(128),
})
export type WechatLoginRequest = z.infer<typeof ZWechatLoginRequest>

export const ZLoginResponse = z.object({
  token: z.string(),
  profile: ZProfile,
})
export type LoginResponse = z.infer<typeof ZLoginResponse>

export const ZMeResponse = ZProfile
export type MeResponse = z.infer<typeof ZMeResponse>

/** Demo login as a brand-new person (as after a first WeChat login): a fresh profile with no community each time. */
export const NEWCOMER_HANDLE = 'newcomer'

/** The demo users that seed.sql creates, for the H5 demo-login picker, and the newcomer. */
export const DEMO_USERS = [
  { handle: 'resident1', label: '居民 张阿姨（A 社区）' },
  { handle: 'resident2', label: '居民 李大爷（A 社区）' },
  { handle: 'resident3', label: '居民 王女士（B 社区）' },
  { handle: 'staff1', label: '社区工作者 陈主任（A 社区）' },
  { handle: 'staff2', label: '社区工作者 刘主任（B 社区）' },
  { handle: 'grid1', label: '网格员 赵网格（A 社区）' },
  { handle: 'party1', label: '在职党员 孙先生（A 社区）' },
  { handle: 'talent1', label: '社区能人 周师傅（A 社区）' },
  { handle: 'unit1', label: '驻区单位 红星物业（A 社区）' },
  { handle: 'admin1', label: '街道管理员 吴科长' },
  { handle: 'dept1', label: '职能部门 钱科员（城管科）' },
  { handle: NEWCOMER_HANDLE, label: '新用户（首次登录，尚未加入社区）' },
] as const

export const authOps = {
  devLogin: op({
    id: 'devLogin', method: 'POST', path: '/api/auth/dev', auth: 'none', tags: ['auth'],
    summary: '演示账号登录（仅开发环境，AUTH_DEV_LOGIN=1）',
    body: ZDevLoginRequest, responses: { 200: ZLoginResponse },
  }),
  wechatLogin: op({
    id: 'wechatLogin', method: 'POST', path: '/api/auth/wechat', auth: 'none', tags: ['auth'],
    summary: '微信登录：wx.login 的 code 换取令牌',
    body: ZWechatLoginRequest, responses: { 200: ZLoginResponse },
  }),
  me: op({
    id: 'me', method: 'GET', path: '/api/me', auth: 'required', tags: ['auth'],
    summary: '当前登录人的档案',
    responses: { 200: ZMeResponse },
  }),
} as const
