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
    return new DomainError(err.message, message, field || undefined)
  }
  // invalid text representation (e.g. a malformed uuid that slipped past validation)
  if (err && err.code === '22P02') {
    return new DomainError('request.invalid')
  }
  return e
}
