import type postgres from 'postgres'
import { afterAll, beforeAll, expect, inject } from 'vitest'
import { createPgliteGateway, openPglite } from '../../api/_lib/db/pglite'
import { createPostgresGateway } from '../../api/_lib/db/postgres'
import { migrate } from '../../api/_lib/db/migrate'
import type { Claims, Gateway } from '../../api/_lib/db/types'
import { DomainError } from '../../core/errors'
import { createDatabaseFromTemplate } from './postgres-server'

export const IDS = {
  street: '10000000-0000-4000-8000-000000000001',
  communityA: '20000000-0000-4000-8000-00000000000a',
  communityB: '20000000-0000-4000-8000-00000000000b',
  gridA1: '30000000-0000-4000-8000-0000000000a1',
  microA1: '40000000-0000-4000-8000-0000000000a1',
  microA2: '40000000-0000-4000-8000-0000000000a2',
  microB1: '40000000-0000-4000-8000-0000000000b1',
  resident1: '50000000-0000-4000-8000-000000000001',
  resident2: '50000000-0000-4000-8000-000000000002',
  resident3: '50000000-0000-4000-8000-000000000003',
  staff1: '50000000-0000-4000-8000-000000000004',
  staff2: '50000000-0000-4000-8000-000000000005',
  grid1: '50000000-0000-4000-8000-000000000006',
  party1: '50000000-0000-4000-8000-000000000007',
  talent1: '50000000-0000-4000-8000-000000000008',
  unit1: '50000000-0000-4000-8000-000000000009',
  admin1: '50000000-0000-4000-8000-000000000010',
  dept1: '50000000-0000-4000-8000-000000000011',
} as const

export type Handle = Exclude<keyof typeof IDS, 'street' | 'communityA' | 'communityB' | 'gridA1' | 'microA1' | 'microA2' | 'microB1'>

export function as(handle: Handle): Claims {
  return { role: 'authenticated', sub: IDS[handle], aud: 'authenticated' }
}

/** The DomainError a call is refused with; a call that succeeds, or fails otherwise, fails the test. */
export async function failure(p: Promise<unknown>): Promise<DomainError> {
  try {
    await p
  } catch (e) {
    if (e instanceof DomainError) return e
    throw e
  }
  throw new Error('expected a DomainError, the call succeeded')
}

/** A real-server database for this test file, cloned from the migrated, seeded template. */
export async function postgresDatabase(label: string): Promise<{ url: string; gateway: Gateway }> {
  const url = await createDatabaseFromTemplate(inject('pgAdminUrl'), label)
  return { url, gateway: createPostgresGateway(url, { max: 20 }) }
}

/** An in-memory PGlite with the same migrations and seed. */
export async function pgliteDatabase(): Promise<Gateway> {
  const pg = await openPglite(undefined)
  await migrate({ exec: async (s) => void (await pg.exec(s)), query: async (s, p) => (await pg.query(s, p)).rows as never[] }, { seed: true })
  return createPgliteGateway(pg)
}

export const ADAPTERS = ['postgres', 'pglite'] as const

export async function openAdapter(kind: (typeof ADAPTERS)[number], label: string): Promise<Gateway> {
  return kind === 'postgres' ? (await postgresDatabase(label)).gateway : pgliteDatabase()
}

export interface TestDb {
  db: Gateway
  /** Superuser SQL, for arranging a scene (e.g. moving a deadline into the past) and checking the result. */
  sql<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>
  close(): Promise<void>
}

export async function openTestDb(kind: (typeof ADAPTERS)[number], label: string): Promise<TestDb> {
  if (kind === 'postgres') {
    const { url, gateway } = await postgresDatabase(label)
    const { default: postgres } = await import('postgres')
    const raw = postgres(url, { max: 2, onnotice: () => {} })
    return {
      db: gateway,
      sql: async (text, params = []) => (await raw.unsafe(text, params as never[])) as never[],
      close: async () => {
        await raw.end()
        await gateway.close()
      },
    }
  }
  const pg = await openPglite(undefined)
  await migrate({ exec: async (s) => void (await pg.exec(s)), query: async (s, p) => (await pg.query(s, p)).rows as never[] }, { seed: true })
  const gateway = createPgliteGateway(pg)
  return {
    db: gateway,
    sql: async (text, params = []) => (await pg.query(text, params)).rows as never[],
    close: () => gateway.close(),
  }
}

/**
 * Opens this file's database before its tests (before the suite's own beforeAll, which runs after it) and closes
 * it after them. Call it in the describe; use `t.db` and `t.sql` inside hooks and tests.
 */
export function useTestDb(kind: (typeof ADAPTERS)[number], label: string): TestDb {
  let opened: TestDb | undefined
  beforeAll(async () => {
    opened = await openTestDb(kind, label)
  })
  afterAll(async () => {
    await opened?.close()
  })
  const get = () => {
    if (!opened) throw new Error(`the ${label} database is not open: use it inside a hook or a test`)
    return opened
  }
  return {
    get db() {
      return get().db
    },
    sql<T = Record<string, unknown>>(text: string, params?: unknown[]) {
      return get().sql<T>(text, params)
    },
    close: () => get().close(),
  }
}

/** A direct table read as PostgREST would run it for this person: role authenticated with their claims, in one transaction. */
export function readAsPerson<T>(sql: postgres.Sql, sub: string, text: string, params: unknown[] = []): Promise<T[]> {
  return sql.begin(async (tx) => {
    await tx.unsafe(`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', $1, true)`, [JSON.stringify({ role: 'authenticated', sub })])
    return (await tx.unsafe(text, params as never[])) as unknown as T[]
  }) as Promise<T[]>
}

/** Reads of the inbox (public.notifications) items whose payload has key = value. */
export function inboxQueries(t: Pick<TestDb, 'sql'>) {
  return {
    /** who got an item of this kind */
    recipients: async (kindName: string, key: string, value: string) =>
      (await t.sql<{ profile_id: string }>(
        `select profile_id from public.notifications where kind = $1 and payload->>$2 = $3 order by profile_id`, [kindName, key, value],
      )).map((r) => r.profile_id),
    /** the payload of the item of this kind that `to` got */
    payloadOf: async (kindName: string, key: string, value: string, to: string) =>
      (await t.sql<{ payload: Record<string, unknown> }>(
        `select payload from public.notifications where kind = $1 and payload->>$2 = $3 and profile_id = $4`, [kindName, key, value, to],
      ))[0]?.payload,
  }
}

/**
 * Walks a keyset-paged list function page by page (`p_cursor`, `p_limit`) to its end: every page within the limit, every
 * page but the last full, no row (by `key`, its id unless said) twice. Returns the keys in order, the rows and the pages.
 */
export async function walkList<T>(
  db: Gateway, fn: string, args: Record<string, unknown>, who: Handle | Claims, limit: number,
  key: (x: T) => string = (x) => (x as { id: string }).id,
): Promise<{ ids: string[]; items: T[]; pages: T[][] }> {
  const claims = typeof who === 'string' ? as(who) : who
  const pages: T[][] = []
  let cursor: string | null = null
  for (let guard = 0; guard < 200; guard++) {
    const page: { items: T[]; nextCursor: string | null } = await db.rpc(fn, { ...args, p_cursor: cursor, p_limit: limit }, claims)
    expect(page.items.length).toBeLessThanOrEqual(limit)
    pages.push(page.items)
    if (!page.nextCursor) break
    expect(page.items).toHaveLength(limit)
    cursor = page.nextCursor
  }
  const items = pages.flat()
  const ids = items.map(key)
  expect(new Set(ids).size, `${fn}: a row repeated across pages`).toBe(ids.length)
  return { ids, items, pages }
}
