import { DomainError } from './errors'

/** A keyset cursor over (createdAt, id), opaque to clients. */
export interface Keyset {
  createdAt: string
  id: string
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export function encodeCursor(k: Keyset): string {
  return Buffer.from(`${k.createdAt}|${k.id}`, 'utf8').toString('base64url')
}

export function decodeCursor(cursor: string): Keyset {
  const raw = Buffer.from(cursor, 'base64url').toString('utf8')
  const [createdAt, id, ...rest] = raw.split('|')
  if (rest.length > 0 || !createdAt || !id || !ISO.test(createdAt) || !UUID.test(id)) {
    throw new DomainError('need.cursor_invalid', undefined, 'cursor')
  }
  return { createdAt, id }
}
