import { z } from 'zod'
import { ZProfile } from './auth'
import { zText } from './common'
import { op } from './operation'

/**
 * What a person says about themself. A first WeChat login knows no name (WeChat no longer hands one out), so the
 * join page asks for the name neighbours and staff know them by; the person picker searches by it.
 */
export const ZUpdateMeRequest = z.object({
  displayName: zText('称呼', 1, 20),
})
export type UpdateMeRequest = z.input<typeof ZUpdateMeRequest>

export const meOps = {
  updateMe: op({
    id: 'updateMe', method: 'PATCH', path: '/api/me', auth: 'required', tags: ['joining'],
    summary: '修改我的称呼（社区工作者和邻居按此称呼找到您）',
    body: ZUpdateMeRequest, responses: { 200: ZProfile },
  }),
} as const
