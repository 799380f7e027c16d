import type { ErrorSpec } from './errors'

/** Issue 13 error codes: plumbing. */
export const SECURITY_PLUMBING_ERRORS: Record<string, ErrorSpec> = {
  // a token whose profile was suspended by an administrator stops working at once, not when it expires
  'auth.suspended': { status: 403, message: '账号已被停用，如有疑问请联系社区工作人员' },
  // the database could not be reached; the client may retry after Retry-After seconds
  'db.unavailable': { status: 503, message: '系统繁忙，请稍后再试' },
  // the request body did not arrive in time (a slow or stalled upload)
  'request.timeout': { status: 408, message: '网络较慢，请求超时了，请重试' },
}
