import { z } from 'zod'
import { ZMember } from './admin'
import { ZUuid, zText } from './common'
import { op } from './operation'

// ---------------------------------------------------------------------------------------------
// Suspending and reinstating an account (停用账号 / 恢复账号): a suspended person's every request is refused at once
// (auth.suspended), whatever token they hold, until an administrator reinstates them.
// ---------------------------------------------------------------------------------------------

export const ZSuspendMemberRequest = z
  .object({
    /** true: 停用; false: 恢复 */
    suspend: z.boolean({ error: '请选择停用还是恢复账号' }),
    /** required to suspend (the person's managers read it); an optional note for the log when reinstating */
    reason: zText('停用原因', 2, 200).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.suspend && !v.reason) ctx.addIssue({ code: 'custom', path: ['reason'], message: '请填写停用原因' })
  })

/** Operations of suspension. Spread into `ops` in ./api.ts. */
export const suspensionOps = {
  suspendMember: op({
    id: 'suspendMember', method: 'POST', path: '/api/admin/members/{profileId}/suspend', auth: 'required', tags: ['admin'],
    summary: '停用或恢复账号（街道管理员、本社区管理员；停用须填写原因，记入操作日志）',
    params: z.object({ profileId: ZUuid }), body: ZSuspendMemberRequest, responses: { 200: ZMember },
  }),
} as const
