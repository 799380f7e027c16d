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
  // invalid text representation (e.g. a malformed uuid that slipped past validation)
  if (err && err.code === '22P02') {
    return new DomainError('request.invalid')
  }
  return e
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
