import { describe, expect, it } from 'vitest'
import { DomainError } from '../../../core/errors'
import { isUnavailable, toDomainError } from './errors'

describe('database errors', () => {
  it.each([
    { code: 'ECONNREFUSED' }, { code: 'ECONNRESET' }, { errno: 'CONNECTION_CLOSED', code: 'CONNECTION_CLOSED' }, { code: 'CONNECT_TIMEOUT' },
    { code: '57P01' }, { code: '57P03' }, { code: '08006' }, { code: '08001' }, { code: '53300' }, { code: 'PGRST002' },
    Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } }),
  ])('an unreachable database %j → 503 db.unavailable with Retry-After', (e) => {
    expect(isUnavailable(e)).toBe(true)
    const d = toDomainError(e) as DomainError
    expect(d).toBeInstanceOf(DomainError)
    expect(d.code).toBe('db.unavailable')
    expect(d.status).toBe(503)
    expect(d.retryAfter).toBe(5)
  })

  it.each([{ code: '23505' }, { code: '42883' }, new Error('boom'), null])('a failed query %j stays an internal error', (e) => {
    expect(isUnavailable(e)).toBe(false)
    expect(toDomainError(e)).toBe(e)
  })

  it.each(['22P02', '22007', '22008', '22021'])('bad input Postgres refuses (%s) is a 400, not a 500', (code) => {
    expect((toDomainError({ code }) as DomainError).status).toBe(400)
  })
})
