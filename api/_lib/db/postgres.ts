import postgres from 'postgres'
import { buildCall, roleOf, type Claims, type Gateway, type RpcArgs } from './types'
import { toDomainError } from './errors'

/**
 * Any real Postgres through `postgres` (porsager). Each call is what PostgREST does for an RPC:
 * begin; set local role; set request.jwt.claims; select fn(...); commit.
 */
export function createPostgresGateway(url: string, opts: { max?: number } = {}): Gateway {
  const sql = postgres(url, { prepare: false, max: opts.max ?? 10, onnotice: () => {}, idle_timeout: 20 })
  return {
    kind: 'postgres',
    async rpc<T>(fn: string, args: RpcArgs, claims: Claims): Promise<T> {
      // sql.json types the parameter as jsonb; a pre-stringified value would be stored as a JSON string
      const { text, params } = buildCall(fn, args, (v) => sql.json(v as never))
      try {
        return (await sql.begin(async (tx) => {
          await tx.unsafe(`select set_config('role', $1, true), set_config('request.jwt.claims', $2, true)`, [
            roleOf(claims),
            JSON.stringify(claims),
          ])
          const rows = await tx.unsafe(text, params as never[])
          return rows[0]?.result as T
        })) as T
      } catch (e) {
        throw toDomainError(e)
      }
    },
    async close() {
      await sql.end({ timeout: 5 })
    },
  }
}
