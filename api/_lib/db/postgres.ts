import postgres from 'postgres'
import { buildCall, roleOf, type Claims, type Gateway, type RpcArgs } from './types'
import { toDomainError } from './errors'

/**
 * Any real Postgres through `postgres` (porsager). Each call is what PostgREST does for an RPC: set the role and
 * claims, check the caller's profile (app.check_request, PostgREST's db-pre-request), call the function; one
 * transaction.
 *
 * The three statements travel as ONE simple-protocol message, which Postgres runs as one implicit transaction (any
 * error rolls all of it back). That is one round trip instead of five, and it is what keeps the process alive when the
 * database goes away: with `sql.begin`, a connection reset made the driver send its ROLLBACK on the dead connection,
 * where postgres@3.4.9 schedules a write on a socket it has already set to null and throws from a timer
 * (`TypeError: Cannot read properties of null (reading 'write')`, porsager/postgres#1154, #1208) and the process
 * exits. A single message on a pooled connection is never followed by another write on a connection that failed;
 * the pool reconnects on the next call.
 */
export function createPostgresGateway(url: string, opts: { max?: number; connectTimeout?: number } = {}): Gateway {
  const sql = postgres(url, {
    prepare: false,
    max: opts.max ?? 10,
    onnotice: () => {},
    idle_timeout: 20,
    // an unreachable database answers 503 within seconds, not after the driver's 30 s default
    connect_timeout: opts.connectTimeout ?? 3,
    // The driver waits before each reconnect, 3^failures/100 s up to 20 s by default: after a few refused attempts
    // every request sat in its queue for seconds. Capped at 1 s, a request learns within a second or two that the
    // database is down (503), and the pool is back as soon as it is.
    backoff: (failures: number) => Math.min(0.05 * 2 ** failures, 1),
  })
  return {
    kind: 'postgres',
    async rpc<T>(fn: string, args: RpcArgs, claims: Claims): Promise<T> {
      try {
        const { text, params } = buildCall(fn, args, (v) => ({ json: JSON.stringify(v) }))
        const call = text.replace(/\$(\d+)/g, (_, i: string) => literal(params[Number(i) - 1]))
        const begin = `select app.begin_request(${literal(roleOf(claims))}, ${literal(JSON.stringify(claims))})`
        const results = (await sql.unsafe(`${begin}; ${call}`).simple()) as unknown as Array<Array<{ result: T }>>
        return results[1]?.[0]?.result as T
      } catch (e) {
        throw toDomainError(e)
      }
    },
    async close() {
      await sql.end({ timeout: 5 })
    },
  }
}

/**
 * A parameter as an SQL literal with the meaning it had as an untyped bind parameter: strings (and numbers, sent as
 * text before too) are unknown-typed literals that Postgres coerces to the function's declared type, booleans and null
 * keep their type, objects are jsonb. E'' with backslashes and quotes doubled is safe whatever
 * standard_conforming_strings says; NUL, which no Postgres text can hold, is refused (route() answers 400 before).
 */
export function literal(v: unknown): string {
  if (v === null || v === undefined) return 'null'
  if (typeof v === 'boolean') return v ? 'true' : 'false'
  if (typeof v === 'object' && 'json' in (v as object)) return `${quote((v as { json: string }).json)}::jsonb`
  return quote(String(v))
}

function quote(s: string): string {
  if (s.includes('\u0000')) throw Object.assign(new Error('NUL in a parameter'), { code: '22021' })
  return `E'${s.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`
}
