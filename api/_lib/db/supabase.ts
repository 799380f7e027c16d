import { createClient, type SupabaseClient, type WebSocketLikeConstructor } from '@supabase/supabase-js'
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
 * The API never subscribes to Realtime, but supabase-js builds its realtime client in `createClient`, and on Node 20
 * (no global WebSocket) that throws unless a transport is given. This transport refuses to open a socket, so the
 * client constructs everywhere and no WebSocket is ever opened; pulling in `ws` would only ship dead code.
 */
const realtimeDisabled = function RealtimeDisabled() {
  throw new Error('Realtime is not used by the API: no WebSocket is opened')
} as unknown as WebSocketLikeConstructor

/**
 * A supabase-js client for one request, acting as `bearer` (a caller's JWT or the service role key). Built per
 * request so no session, token or header is shared between callers; construction opens nothing.
 */
export function createRequestClient(o: { url: string; apiKey: string; bearer: string; fetch?: typeof fetch }): SupabaseClient {
  return createClient(o.url, o.apiKey, {
    global: { headers: { Authorization: `Bearer ${o.bearer}` }, fetch: o.fetch },
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    realtime: { transport: realtimeDisabled },
  })
}

/**
 * Production: PostgREST over HTTP through supabase-js with the caller's JWT, so PostgREST applies the same role and
 * claims as the postgres adapter. No connection pool to exhaust under serverless fan-out.
 */
export function createSupabaseGateway(o: SupabaseGatewayOptions): Gateway {
  return {
    kind: 'supabase',
    async rpc<T>(fn: string, args: RpcArgs, claims: Claims): Promise<T> {
      assertIdent(fn)
      const bearer = claims.role === 'service_role' ? o.serviceRoleKey : await signClaims(o.jwtSecret, claims)
      const client = createRequestClient({ url: o.url, apiKey: o.anonKey, bearer, fetch: o.fetch })
      const body: RpcArgs = {}
      for (const [k, v] of Object.entries(args)) if (v !== undefined) body[assertIdent(k)] = v
      // a POST, which postgrest-js never retries: a write is not repeated behind the idempotency layer's back
      const { data, error, status } = await client.rpc(fn, body)
      // a failed fetch (Supabase unreachable, DNS, reset) comes back as an error without a code and status 0;
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
