/** The JWT claims a database call runs under, as PostgREST would set them (`request.jwt.claims`). */
export interface Claims {
  role: 'anon' | 'authenticated' | 'service_role'
  sub?: string
  aud?: string
  community_id?: string | null
  app_roles?: string[]
  [k: string]: unknown
}

export type RpcArgs = Record<string, unknown>

/** The only way the API touches data: one SQL function, one transaction, under the caller's claims. */
export interface Gateway {
  readonly kind: 'pglite' | 'postgres' | 'supabase'
  rpc<T = unknown>(fn: string, args: RpcArgs, claims: Claims): Promise<T>
  close(): Promise<void>
}

export const SERVICE_CLAIMS: Claims = { role: 'service_role' }

const IDENT = /^[a-z_][a-z0-9_]{0,62}$/

export function assertIdent(name: string): string {
  if (!IDENT.test(name)) throw new Error(`invalid SQL identifier: ${name}`)
  return name
}

/** `select public.fn(p_a => $1, ...)`: named notation, as PostgREST calls functions; undefined args use defaults. */
export function buildCall(fn: string, args: RpcArgs, encodeJson: (v: object) => unknown = (v) => JSON.stringify(v)): { text: string; params: unknown[] } {
  const names = Object.keys(args).filter((k) => args[k] !== undefined)
  const text = `select public.${assertIdent(fn)}(${names.map((n, i) => `${assertIdent(n)} => $${i + 1}`).join(', ')}) as result`
  const params = names.map((n) => toParam(args[n], encodeJson))
  return { text, params }
}

/**
 * Parameters travel untyped; Postgres coerces them to the function's declared types. Booleans stay
 * booleans: postgres.js serialises a described boolean parameter as `x === true`, so 'true' would be false.
 */
function toParam(v: unknown, encodeJson: (v: object) => unknown): unknown {
  if (v === null || typeof v === 'boolean') return v
  // objects and arrays are jsonb arguments; each driver has its own way to send JSON
  if (typeof v === 'object' && !(v instanceof Date)) return encodeJson(v)
  if (v instanceof Date) return v.toISOString()
  return String(v)
}

export function roleOf(claims: Claims): string {
  if (claims.role !== 'anon' && claims.role !== 'authenticated' && claims.role !== 'service_role') {
    throw new Error(`invalid role in claims: ${String(claims.role)}`)
  }
  return claims.role
}
