import { DomainError, ERROR_TABLE } from '../../../core/errors'

/**
 * SQL functions raise `P0001` with a stable code as the message and the request field, if any, as
 * the detail. Those become DomainErrors; anything else is an internal failure and is rethrown.
 */
export function toDomainError(e: unknown): unknown {
  const err = e as { code?: string; message?: string; detail?: string; details?: string; hint?: string | null }
  if (err && err.code === 'P0001' && typeof err.message === 'string' && /^[a-z_]+\.[a-z0-9_]+$/.test(err.message)) {
    const field = err.detail ?? err.details ?? undefined
    // a hint carries a figure for the message, e.g. the distance of a refused check-in
    const template = ERROR_TABLE[err.message]?.message
    const message = template && err.hint ? template.replace('{hint}', err.hint) : undefined
    return new DomainError(err.message, message, field || undefined, retryAfterOf(err.message, err.hint))
  }
  // invalid text representation (e.g. a malformed uuid that slipped past validation), a date Postgres cannot read
  // (year 0000, 30 February) or a character no text can hold (NUL): the request was wrong, not the server
  if (err && (err.code === '22P02' || err.code === '22007' || err.code === '22008' || err.code === '22021')) {
    return new DomainError('request.invalid')
  }
  if (isUnavailable(e)) return new DomainError('db.unavailable', undefined, undefined, DB_RETRY_AFTER_SECONDS)
  return e
}

/** Seconds a client waits before retrying while the database is unreachable (sent as Retry-After with the 503). */
export const DB_RETRY_AFTER_SECONDS = 5

// Socket errors of the driver and of Node, and the driver's own connection errors (postgres.js `errno`).
const CONNECTION_ERRNOS = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN',
  'CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED', 'CONNECT_TIMEOUT',
])

/**
 * The database cannot be reached or is going away, as opposed to a query that failed: a refused or reset connection,
 * a connect timeout, SQLSTATE class 08 (connection exception), 57P01-57P03 (admin/crash shutdown, cannot connect
 * now), 53300 (too many connections), and PostgREST's own "cannot reach the database" codes on Supabase.
 */
export function isUnavailable(e: unknown): boolean {
  const err = e as { code?: unknown; errno?: unknown; cause?: unknown } | null
  if (!err || typeof err !== 'object') return false
  const code = typeof err.code === 'string' ? err.code : ''
  const errno = typeof err.errno === 'string' ? err.errno : ''
  if (CONNECTION_ERRNOS.has(code) || CONNECTION_ERRNOS.has(errno)) return true
  if (/^08[0-9A-Z]{3}$/.test(code) || code === '57P01' || code === '57P02' || code === '57P03' || code === '53300') return true
  if (code === 'PGRST000' || code === 'PGRST001' || code === 'PGRST002' || code === 'PGRST003') return true
  return err.cause !== undefined && err.cause !== e && isUnavailable(err.cause)
}

/** A 429 carries the seconds to wait in its hint, which becomes the `Retry-After` header. */
export function retryAfterOf(code: string, hint: string | null | undefined): number | undefined {
  if (ERROR_TABLE[code]?.status !== 429 || !hint || !/^\d{1,6}$/.test(hint)) return undefined
  return Math.max(1, Number(hint))
}

/**
 * A write that must keep its effects when it refuses (a wrong code is counted against the attempt limit, so the
 * transaction commits) answers `{ "refused": { "code": "...", "hint": "..." } }` instead of raising. This turns such
 * an answer into the DomainError the endpoint sends.
 */
export function throwIfRefused<T>(result: T): T {
  const r = (result as { refused?: { code?: string; hint?: string | null; field?: string | null } } | null)?.refused
  if (r && typeof r.code === 'string') {
    const template = ERROR_TABLE[r.code]?.message
    const message = template && r.hint ? template.replace('{hint}', r.hint) : undefined
    throw new DomainError(r.code, message, r.field ?? undefined, retryAfterOf(r.code, r.hint))
  }
  return result
}
