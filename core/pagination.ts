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
  // the date must exist and fall in the years requests may name: Postgres refuses 2026-02-30 or year 0000 with a 500
  if (rest.length > 0 || !createdAt || !id || !ISO.test(createdAt) || !isRealInstant(createdAt) || !UUID.test(id)) {
    throw new DomainError('need.cursor_invalid', undefined, 'cursor')
  }
  return { createdAt, id }
}

/** `YYYY-MM-DDTHH:MM:SS(.f)Z` naming a day and time that exist (no 30 February, no 25:00) in the years 2000-2099. */
function isRealInstant(s: string): boolean {
  const y = Number(s.slice(0, 4))
  if (y < 2000 || y > 2099) return false
  const ms = Date.parse(s)
  // Date.parse rolls 2026-02-30 over to 2 March; a real instant reads back with the same date and time
  return Number.isFinite(ms) && new Date(ms).toISOString().slice(0, 19) === s.slice(0, 19)
}

/** A page as the SQL list functions return it: the rows and whether more follow. */
export interface SqlPage<T> {
  items: T[]
  hasMore: boolean
}

/** The keyset arguments of a SQL list function for a request's cursor (a forged cursor is a 400 naming `cursor`). */
export function afterArgs(cursor: string | undefined): { p_after_created_at?: string; p_after_id?: string } {
  if (!cursor) return {}
  const k = decodeCursor(cursor)
  return { p_after_created_at: k.createdAt, p_after_id: k.id }
}

/** `{ items, nextCursor }`: the cursor names the last row when more follow. */
export function toPage<T extends Keyset>(page: SqlPage<T>): { items: T[]; nextCursor: string | null } {
  const last = page.items[page.items.length - 1]
  return { items: page.items, nextCursor: page.hasMore && last ? encodeCursor({ createdAt: last.createdAt, id: last.id }) : null }
}
