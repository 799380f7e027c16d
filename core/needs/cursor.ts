import { DomainError } from '../errors'
import { decodeCursor } from '../pagination'

/**
 * The keyset of 相似需求: the similarity as shown (3 decimals, 0.2..1), then (createdAt, id) as in every other needs
 * list. Opaque to clients like the others; a forged one is a 400 naming `cursor`.
 */
export interface SimilarKeyset {
  similarity: number
  createdAt: string
  id: string
}

const SIMILARITY = /^(0(\.\d{1,3})?|1(\.0{1,3})?)$/

export function encodeSimilarCursor(k: SimilarKeyset): string {
  return Buffer.from(`${k.similarity}|${k.createdAt}|${k.id}`, 'utf8').toString('base64url')
}

export function decodeSimilarCursor(cursor: string): SimilarKeyset {
  const raw = Buffer.from(cursor, 'base64url').toString('utf8')
  const [similarity, ...rest] = raw.split('|')
  if (rest.length !== 2 || !SIMILARITY.test(similarity)) throw new DomainError('need.cursor_invalid', undefined, 'cursor')
  // the (createdAt, id) part is checked exactly as every other needs cursor
  const k = decodeCursor(Buffer.from(rest.join('|'), 'utf8').toString('base64url'))
  return { similarity: Number(similarity), createdAt: k.createdAt, id: k.id }
}
