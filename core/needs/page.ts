import { decodeCursor, encodeCursor, type Keyset } from '../pagination'

/** A page as the needs list functions return it: the rows and whether more follow. */
export interface SqlPage<T> {
  items: T[]
  hasMore: boolean
}

/** The keyset arguments of a needs list function for a request's cursor (a forged cursor is a 400 naming `cursor`). */
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
