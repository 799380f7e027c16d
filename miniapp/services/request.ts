import Taro from '@tarojs/taro'
import type { ZodType } from 'zod'
import { filePath } from '../../core/contracts/common'
import { ApiError, BAD_RESPONSE_MESSAGE, apiErrorFromNetwork, apiErrorFromResponse } from './errors'
import { clearSession, getToken, redirectToLogin } from './session'

export { ApiError } from './errors'

export const DEFAULT_TIMEOUT_MS = 15_000

/** Build-time constant from config/index.ts; absent under vitest, where relative URLs are fine. */
export const apiBase: string = typeof API_BASE === 'string' ? API_BASE : ''

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

export interface RequestOptions<T> {
  method?: HttpMethod
  /** Path under the API base, as client.ts builds it from the operation. */
  path: string
  data?: unknown
  /** Validates the success body; the caller passes the contract's response schema. */
  schema: ZodType<T>
  /** false for the login endpoints: no Authorization header, and a 401 is an error to show, not a redirect. */
  auth?: boolean
  timeout?: number
  /** Extra request headers (e.g. Idempotency-Key); Content-Type and the session's Authorization win over them. */
  header?: Record<string, string>
  /** The answer is text (a CSV), not JSON: Taro's H5 request turns a body that is not JSON into null. */
  text?: boolean
}

export function buildUrl(path: string, base: string = apiBase): string {
  return `${base.replace(/\/+$/, '')}${path.startsWith('/') ? path : `/${path}`}`
}

/** The one place that talks HTTP. Pages call the domain services, never Taro.request. */
export async function request<T>(options: RequestOptions<T>): Promise<T> {
  const { method = 'GET', path, data, schema, auth = true, timeout = DEFAULT_TIMEOUT_MS, text = false } = options
  const header: Record<string, string> = { ...options.header, 'Content-Type': 'application/json' }
  if (auth) {
    const token = getToken()
    if (token) header.Authorization = `Bearer ${token}`
  }

  let res: { statusCode: number; data: unknown }
  try {
    res = await Taro.request({
      url: buildUrl(path),
      method,
      data: data as Record<string, unknown> | undefined,
      header,
      timeout,
      dataType: text ? 'text' : 'json',
      ...(text ? { responseType: 'text' as const } : {}),
    })
  } catch (err) {
    throw apiErrorFromNetwork(err)
  }

  const status = res.statusCode
  if (status >= 200 && status < 300) {
    const parsed = schema.safeParse(text && typeof res.data !== 'string' ? '' : res.data)
    if (!parsed.success) throw new ApiError(status, 'bad_response', BAD_RESPONSE_MESSAGE)
    return parsed.data
  }

  const error = apiErrorFromResponse(status, text ? jsonOrText(res.data) : res.data)
  if (status === 401 && auth) {
    clearSession()
    redirectToLogin()
  }
  throw error
}

/** A text answer's error body is still the JSON `{ error }` when the server sent one. */
function jsonOrText(body: unknown): unknown {
  if (typeof body !== 'string') return body
  try {
    return JSON.parse(body)
  } catch {
    return body
  }
}

/**
 * Where a stored photo can be seen. The files endpoint streams bytes, so it is no JSON operation of the contract; an
 * <Image> cannot send the Authorization header, and the endpoint shows a record's photo only to who may see the
 * record, so the token goes in the query.
 */
export function fileUrl(key: string): string {
  const token = getToken()
  return buildUrl(`${filePath(key)}${token ? `&token=${encodeURIComponent(token)}` : ''}`)
}
