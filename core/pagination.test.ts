import { describe, expect, it } from 'vitest'
import { decodeCursor, encodeCursor } from './pagination'
import { DomainError } from './errors'

describe('keyset cursor', () => {
  it('round-trips createdAt and id', () => {
    const k = { createdAt: '2026-11-22T05:00:00.123456Z', id: '50000000-0000-4000-8000-000000000001' }
    const c = encodeCursor(k)
    expect(c).not.toContain('|')
    expect(decodeCursor(c)).toEqual(k)
  })

  const id = '50000000-0000-4000-8000-000000000001'
  it.each([
    '', 'abc', Buffer.from('2026-11-22|x').toString('base64url'), Buffer.from('a|b|c').toString('base64url'),
    // dates Postgres cannot read (issue 13: these reached the database and answered 500)
    ...['2026-02-30T00:00:00Z', '0000-01-01T00:00:00Z', '2026-13-01T00:00:00Z', '2026-11-22T25:00:00Z', '9999-12-31T00:00:00Z']
      .map((d) => Buffer.from(`${d}|${id}`).toString('base64url')),
  ])(
    'rejects a malformed cursor %j naming the field',
    (bad) => {
      try {
        decodeCursor(bad)
        expect.unreachable()
      } catch (e) {
        expect(e).toBeInstanceOf(DomainError)
        expect((e as DomainError).field).toBe('cursor')
        expect((e as DomainError).status).toBe(400)
      }
    },
  )
})
