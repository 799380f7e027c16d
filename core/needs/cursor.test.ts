import { describe, expect, it } from 'vitest'
import { DomainError } from '../errors'
import { encodeCursor } from '../pagination'
import { decodeSimilarCursor, encodeSimilarCursor } from './cursor'

const id = '50000000-0000-4000-8000-000000000001'
const createdAt = '2026-11-01T08:00:00.123456Z'

describe('the 相似需求 cursor', () => {
  it('round-trips the similarity as shown and the (createdAt, id) keyset', () => {
    for (const similarity of [1, 0.5, 0.333, 0.2, 0]) {
      expect(decodeSimilarCursor(encodeSimilarCursor({ similarity, createdAt, id }))).toEqual({ similarity, createdAt, id })
    }
  })

  it('refuses a forged cursor with need.cursor_invalid naming cursor', () => {
    const forged = [
      'bm90LWEtY3Vyc29y',
      encodeCursor({ createdAt, id }), // a plain needs cursor lacks the similarity
      Buffer.from(`1.5|${createdAt}|${id}`).toString('base64url'),
      Buffer.from(`0.1234|${createdAt}|${id}`).toString('base64url'),
      Buffer.from(`0.5|2026-02-30T00:00:00Z|${id}`).toString('base64url'),
      Buffer.from(`0.5|${createdAt}|not-a-uuid`).toString('base64url'),
      Buffer.from(`0.5|${createdAt}|${id}|x`).toString('base64url'),
    ]
    for (const c of forged) {
      let err: unknown
      try {
        decodeSimilarCursor(c)
      } catch (e) {
        err = e
      }
      expect(err, c).toBeInstanceOf(DomainError)
      expect(err).toMatchObject({ code: 'need.cursor_invalid', field: 'cursor' })
    }
  })
})
