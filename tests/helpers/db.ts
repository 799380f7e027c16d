import { inject } from 'vitest'
import { createPgliteGateway, openPglite } from '../../api/_lib/db/pglite'
import { createPostgresGateway } from '../../api/_lib/db/postgres'
import { migrate } from '../../api/_lib/db/migrate'
import type { Claims, Gateway } from '../../api/_lib/db/types'
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
