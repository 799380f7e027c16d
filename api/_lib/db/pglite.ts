import type { PGlite } from '@electric-sql/pglite'
import { buildCall, roleOf, type Claims, type Gateway, type RpcArgs } from './types'
import { toDomainError } from './errors'

/** Embedded Postgres in WebAssembly. Serialises transactions, so it never proves concurrency. */
export function createPgliteGateway(pg: PGlite): Gateway {
  return {
    kind: 'pglite',
    async rpc<T>(fn: string, args: RpcArgs, claims: Claims): Promise<T> {
      const { text, params } = buildCall(fn, args)
      try {
        return await pg.transaction(async (tx) => {
          // role, claims and the profile check (PostgREST's db-pre-request) in one statement, as the postgres gateway
          await tx.query(`select app.begin_request($1, $2)`, [roleOf(claims), JSON.stringify(claims)])
          const r = await tx.query<{ result: T }>(text, params)
          return r.rows[0]?.result as T
        })
      } catch (e) {
        throw toDomainError(e)
      }
    },
    async close() {
      await pg.close()
    },
  }
}

export async function openPglite(dataDir: string | undefined): Promise<PGlite> {
  const { PGlite } = await import('@electric-sql/pglite')
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm')
  return PGlite.create({ dataDir, extensions: { pg_trgm } })
}
