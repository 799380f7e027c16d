import { PostgrestClient } from '@supabase/postgrest-js'
import { DomainError } from '../../../core/errors'
import { signClaims } from '../jwt'
import { assertIdent, type Claims, type Gateway, type RpcArgs } from './types'
import { DB_RETRY_AFTER_SECONDS, toDomainError } from './errors'

export interface SupabaseGatewayOptions {
  url: string
  anonKey: string
  serviceRoleKey: string
  jwtSecret: string
  fetch?: typeof fetch
}

/**
 * Production: PostgREST over HTTP with the caller's JWT, so PostgREST applies the same role and
 * claims as the postgres adapter. No connection pool to exhaust under serverless fan-out.
 */
export function createSupabaseGateway(o: SupabaseGatewayOptions): Gateway {
  return {
    kind: 'supabase',
    async rpc<T>(fn: string, args: RpcArgs, claims: Claims): Promise<T> {
      assertIdent(fn)
      const bearer = claims.role === 'service_role' ? o.serviceRoleKey : await signClaims(o.jwtSecret, claims)
      // postgrest-js alone (not supabase-js): the RPC client without realtime/auth baggage on a cold start
      const client = new PostgrestClient(`${o.url.replace(/\/$/, '')}/rest/v1`, {
        headers: { apikey: o.anonKey, Authorization: `Bearer ${bearer}` },
        fetch: o.fetch,
      })
      const body: RpcArgs = {}
      for (const [k, v] of Object.entries(args)) if (v !== undefined) body[assertIdent(k)] = v
      const { data, error, status } = await client.rpc(fn, body)
      // postgrest-js reports a failed fetch (Supabase unreachable, DNS, reset) as an error without a code and status 0;
      // a gateway in front of PostgREST answers 502-504: the database is unavailable, not the request wrong
      if (error && ((!error.code && status === 0) || status === 502 || status === 503 || status === 504)) {
        throw new DomainError('db.unavailable', undefined, undefined, DB_RETRY_AFTER_SECONDS)
      }
      if (error) {
        const mapped = toDomainError({ code: error.code, message: error.message, details: error.details, hint: error.hint })
        if (mapped instanceof DomainError) throw mapped
        throw new Error(`supabase rpc ${fn} failed: ${error.code} ${error.message}`)
      }
      return data as T
    },
    async close() {},
  }
}
