import type { ZodType } from 'zod'
import { ZErrorBody } from '../../core/contracts'

/** Every failure a page can see: HTTP errors from the API, network failures (status 0) and bad responses. */
export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly field?: string

  constructor(status: number, code: string, message: string, field?: string) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.field = field
  }
}

export function isApiError(err: unknown): err is ApiError {
  return err instanceof ApiError
}

export const NETWORK_ERROR_MESSAGE = '网络不给力，请检查网络后再试'
export const TIMEOUT_ERROR_MESSAGE = '网络不给力，请求超时了，请稍后再试'
export const BAD_RESPONSE_MESSAGE = '服务器返回的数据有误，请稍后再试'
export const UNKNOWN_ERROR_MESSAGE = '出了点问题，请稍后再试'

/** Used when the server sent no readable error body (a proxy error page, an empty 502 …). */
export function defaultMessageForStatus(status: number): string {
  if (status === 400) return '填写的内容有误，请检查后再试'
  if (status === 401) return '登录已过期，请重新登录'
  if (status === 403) return '您没有权限进行这个操作'
  if (status === 404) return '要找的内容不存在或已被删除'
  if (status === 409) return '内容已被修改，请刷新后再试'
  if (status === 429) return '操作太频繁了，请稍后再试'
  if (status >= 500) return '服务暂时不可用，请稍后再试'
  return `请求失败（${status}），请稍后再试`
}

const STATUS_CODES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  429: 'rate_limited',
}

/** Maps a non-2xx response to an ApiError; the server's Chinese message and field win when the body is well formed. */
export function apiErrorFromResponse(status: number, body: unknown): ApiError {
  const parsed = ZErrorBody.safeParse(body)
  if (parsed.success) {
    const { code, message, field } = parsed.data.error
    return new ApiError(status, code, message || defaultMessageForStatus(status), field)
  }
  const code = STATUS_CODES[status] ?? (status >= 500 ? 'server_error' : 'http_error')
  return new ApiError(status, code, defaultMessageForStatus(status))
}

/** Maps a rejected Taro.request (weapp `errMsg: "request:fail …"`, H5 fetch TypeError/AbortError) to an ApiError. */
export function apiErrorFromNetwork(err: unknown): ApiError {
  const e = (err ?? {}) as { errMsg?: unknown; message?: unknown; name?: unknown }
  const text = `${typeof e.errMsg === 'string' ? e.errMsg : ''} ${typeof e.message === 'string' ? e.message : ''}`
  const timedOut = e.name === 'AbortError' || /timeout|timed out|aborted|超时/i.test(text)
  return timedOut
    ? new ApiError(0, 'timeout', TIMEOUT_ERROR_MESSAGE)
    : new ApiError(0, 'network', NETWORK_ERROR_MESSAGE)
}

/** The Chinese message to show for anything a service call may throw. */
export function errorMessage(err: unknown): string {
  if (isApiError(err)) return err.message
  return UNKNOWN_ERROR_MESSAGE
}

/** Top-level field → first Chinese message, for showing each error next to its field. */
export function fieldErrors(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const issue of issues) {
    const key = issue.path.length ? String(issue.path[0]) : '_form'
    if (!(key in out)) out[key] = issue.message
  }
  return out
}

/** Validates a request body with its contract before sending; a failure looks exactly like the server's 400. */
export function parseInput<T>(schema: ZodType<T>, input: unknown): T {
  const parsed = schema.safeParse(input)
  if (parsed.success) return parsed.data
  const issue = parsed.error.issues[0]
  throw new ApiError(400, 'validation', issue?.message ?? '填写的内容有误', issue?.path.length ? String(issue.path[0]) : undefined)
}
