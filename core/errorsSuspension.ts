import type { ErrorSpec } from './errors'

/** Error codes of suspending and reinstating an account (20261201000700_administration.sql). */
export const SUSPENSION_ERRORS: Record<string, ErrorSpec> = {
  'member.suspend_invalid': { status: 400, message: '请选择停用还是恢复账号' },
  'member.reason_invalid': { status: 400, message: '停用原因需要 2 到 200 个字' },
  // an account locked by its own holder could never be unlocked by them
  'member.suspend_self': { status: 403, message: '不能停用或恢复自己的账号' },
  'member.suspend_street_admin': { status: 403, message: '不能停用街道管理员的账号' },
  'member.suspend_forbidden': { status: 403, message: '只有街道管理员或本社区的管理员可以停用或恢复账号' },
  // two administrators acting at once: the second is told what the first did
  'member.already_suspended': { status: 409, message: '这个账号已经停用了' },
  'member.not_suspended': { status: 409, message: '这个账号没有停用，无需恢复' },
}
