import { timingSafeEqual } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { z } from 'zod'
import type { HttpMethod, OpInput, Operation } from '../../core/contracts/api'
import { DomainError, ERROR_TABLE } from '../../core/errors'
// side effect: Chinese default messages for every zod schema
import '../../core/contracts/common'
import { getContext, type Context } from './context'
import { SERVICE_CLAIMS, type Claims } from './db/types'
import { afterArgs, toPage, type Keyset, type SqlPage } from '../../core/pagination'
import { verifyToken } from './jwt'

/** The request as Vercel's Node runtime hands it over (`query` and a lazily parsed `body`). */
export type ApiRequest = IncomingMessage & { query?: Record<string, string | string[]>; body?: unknown }
export type ApiResponse = ServerResponse

type AnyOp = Operation<any, any, any, any>

export interface HandlerArgs<O extends AnyOp> {
  /** query, body and path parameters after validation, in one object (the path wins) */
  input: OpInput<O>
  claims: Claims | null
  ctx: Context
  req: ApiRequest
}

export interface MethodSpec<O extends AnyOp> {
  op: O
  handler: (a: HandlerArgs<O>) => Promise<z.input<O['response']>>
}

type Methods = Partial<Record<HttpMethod, MethodSpec<any>>>

export function method<O extends AnyOp>(
  op: O,
  handler: (a: HandlerArgs<O>) => Promise<z.input<O['response']>>,
): MethodSpec<O> {
  return { op, handler }
}

/**
 * The SQL argument for a contract field, by one rule: `p_` and the field in snake case (`microGridId` → `p_micro_grid_id`).
 * Fields left undefined are left out, so the function's own default applies.
 */
export function sqlArgs(input: Record<string, unknown>, rename: Record<string, string> = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(input)) {
    if (v === undefined) continue
    out[rename[k] ?? `p_${k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`] = v
  }
  return out
}

/** The claims a forwarded call runs under: the caller's, or the service role for Vercel cron. */
const callerOf = (op: AnyOp, claims: Claims | null): Claims => (op.auth === 'cron' ? SERVICE_CLAIMS : claims!)

/** An operation that only forwards its validated input to one SQL function, named once: `forward(ops.x, 'x_fn')`. */
export function forward<O extends AnyOp>(op: O, fn: string, rename?: Record<string, string>): MethodSpec<O> {
  return method(op, async ({ input, ctx, claims }) => ctx.db.rpc(fn, sqlArgs(input as Record<string, unknown>, rename), callerOf(op, claims)))
}

/**
 * A keyset-paged list that only forwards: the cursor becomes the SQL function's keyset arguments, the other fields
 * its arguments by the `sqlArgs` rule, and `{ items, hasMore }` becomes `{ items, nextCursor }`.
 */
export function paged<O extends AnyOp>(op: O, fn: string): MethodSpec<O> {
  return method(op, async ({ input, ctx, claims }) => {
    const { cursor, ...rest } = input as Record<string, unknown> & { cursor?: string }
    const page = await ctx.db.rpc<SqlPage<Keyset>>(fn, { ...sqlArgs(rest), ...afterArgs(cursor) }, callerOf(op, claims))
    return toPage(page) as z.input<O['response']>
  })
}

export const DEFAULT_BODY_LIMIT = 64 * 1024

/**
 * The one wrapper every endpoint uses: method check (405 + Allow), body limit (413), auth (401),
 * input validation (400 naming the field), DomainError → mapped status with a Chinese message,
 * anything else → 500 without internals. The response is checked against its contract too.
 */
export function route(methods: Methods) {
  const allow = Object.keys(methods).sort().join(', ')
  return async function handler(req: ApiRequest, res: ApiResponse): Promise<void> {
    try {
      const spec = methods[(req.method ?? 'GET').toUpperCase() as HttpMethod]
      if (!spec) {
        res.setHeader('Allow', allow)
        throw new DomainError('request.method_not_allowed')
      }
      const ctx = await getContext()
      let claims: Claims | null = null
      if (spec.op.auth === 'cron') {
        // Vercel cron sends `Authorization: Bearer <CRON_SECRET>`; without a configured secret nothing gets in
        const secret = ctx.env.CRON_SECRET
        if (!secret || !timingSafeEqualStr(req.headers.authorization ?? '', `Bearer ${secret}`)) throw new DomainError('auth.required')
      } else if (spec.op.auth === 'required') {
        const h = req.headers.authorization
        const m = typeof h === 'string' ? /^Bearer\s+(\S+)$/i.exec(h) : null
        if (!m) throw new DomainError('auth.required')
        claims = await verifyToken(ctx.env.SUPABASE_JWT_SECRET, m[1])
      }
      const rawQuery = readQuery(req)
      const limit = Math.max(ctx.env.BODY_LIMIT_BYTES, spec.op.bodyLimit ?? 0)
      // a large upload (photos) gets proportionally more time than the default body
      const deadline = ctx.env.BODY_TIMEOUT_MS * Math.max(1, Math.ceil(limit / ctx.env.BODY_LIMIT_BYTES / 16))
      const body = spec.op.method === 'GET' || spec.op.method === 'DELETE' ? {} : await readBody(req, res, limit, deadline)
      // Each part is checked against its own schema. The path always wins: a body or query field cannot stand in for
      // the id in the URL (Vercel hands path parameters over in the query).
      const names = Object.keys(spec.op.params.shape)
      const params: Record<string, unknown> = {}
      const query: Record<string, unknown> = {}
      for (const [k, v] of Object.entries(rawQuery)) (names.includes(k) ? params : query)[k] = v
      const input = {
        ...parsePart(spec.op.query, query),
        ...parsePart(spec.op.body, body),
        ...parsePart(spec.op.params, params),
      }
      const result = await spec.handler({ input, claims, ctx, req })
      const out = spec.op.response.safeParse(result)
      if (!out.success) {
        throw new Error(`response of ${spec.op.id} breaks its contract: ${out.error.message}`)
      }
      if (spec.op.produces === 'text/csv') {
        const text = String(out.data)
        res.statusCode = spec.op.status
        res.setHeader('Content-Type', 'text/csv; charset=utf-8')
        res.setHeader('Cache-Control', 'no-store')
        res.setHeader('Content-Disposition', contentDisposition(spec.op.filename?.(input) ?? `${spec.op.id}.csv`))
        res.end(text)
        return
      }
      send(res, spec.op.status, out.data)
    } catch (e) {
      sendError(res, e, `[api] unhandled error ${req.method} ${req.url}`)
    }
  }
}

/**
 * `attachment; filename="…"` for an ASCII name; a Chinese name goes in `filename*` (RFC 6266/5987, which browsers and
 * WeChat read) with the name's ASCII part as the fallback for older clients.
 */
export function contentDisposition(name: string): string {
  const stripped = name.replace(/[^\x20-\x7e]|["\\]/g, '').replace(/^[\s._-]+/, '')
  const ascii = /^[A-Za-z0-9][^.]*\.[A-Za-z0-9]+$/.test(stripped) ? stripped : 'export.csv'
  if (ascii === name) return `attachment; filename="${name}"`
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`
}

/** A DomainError as its status, `Retry-After` and `{ error: { code, message, field } }`; anything else a 500 without internals. */
export function sendError(res: ApiResponse, e: unknown, logLabel: string): void {
  if (e instanceof DomainError) {
    if (e.retryAfter !== undefined) res.setHeader('Retry-After', String(e.retryAfter))
    send(res, e.status, { error: { code: e.code, message: e.userMessage, ...(e.field ? { field: e.field } : {}) } })
    return
  }
  console.error(logLabel, e)
  const spec = ERROR_TABLE.internal
  send(res, spec.status, { error: { code: 'internal', message: spec.message } })
}

export function send(res: ApiResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.statusCode = status
  res.setHeader('Content-Type', 'application/json; charset=utf-8')
  res.setHeader('Cache-Control', 'no-store')
  res.setHeader('Content-Length', Buffer.byteLength(text))
  res.end(text)
}

/** One part of the request through its schema: NUL characters and the first issue become a 400 naming the field. */
function parsePart(schema: z.ZodType, value: Record<string, unknown>): Record<string, unknown> {
  const nul = findNul(value)
  if (nul !== null) throw new DomainError('request.invalid', '提交的内容包含不能识别的字符', nul || undefined)
  const parsed = schema.safeParse(value)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const field = issue.path.map(String).join('.') || undefined
    throw new DomainError('request.invalid', issue.message || ERROR_TABLE['request.invalid'].message, field)
  }
  return parsed.data as Record<string, unknown>
}

/** The path of the first string (key or value) holding a NUL character, which Postgres text can never store. */
function findNul(v: unknown, path: string[] = []): string | null {
  if (typeof v === 'string') return v.includes('\u0000') ? path.join('.') : null
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const r = findNul(v[i], [...path, String(i)])
      if (r !== null) return r
    }
    return null
  }
  if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      if (k.includes('\u0000')) return [...path, k].join('.')
      const r = findNul(x, [...path, k])
      if (r !== null) return r
    }
  }
  return null
}

function readQuery(req: ApiRequest): Record<string, string> {
  const out: Record<string, string> = {}
  const q = req.query ?? Object.fromEntries(new URL(req.url ?? '/', 'http://x').searchParams)
  for (const [k, v] of Object.entries(q)) {
    // a repeated parameter keeps its first value
    const s = Array.isArray(v) ? v[0] : v
    if (typeof s === 'string' && s !== '') out[k] = s
  }
  return out
}

async function readBody(req: ApiRequest, res: ApiResponse, limit: number, deadlineMs: number): Promise<Record<string, unknown>> {
  const declared = Number(req.headers['content-length'] ?? 0)
  if (declared > limit) {
    // the rest of the body is never read: the connection cannot carry another request after this answer
    res.setHeader('Connection', 'close')
    throw new DomainError('request.too_large')
  }
  let raw: unknown
  if ('body' in req && req.body !== undefined) {
    // Vercel parses the body lazily and throws on invalid JSON
    try {
      raw = req.body
    } catch {
      throw new DomainError('request.invalid_json')
    }
    if (Buffer.isBuffer(raw)) raw = raw.toString('utf8')
  } else {
    raw = await readStream(req, res, limit, deadlineMs)
  }
  if (typeof raw === 'string') {
    if (Buffer.byteLength(raw) > limit) throw new DomainError('request.too_large')
    if (raw.trim() === '') return {}
    try {
      raw = JSON.parse(raw)
    } catch {
      throw new DomainError('request.invalid_json')
    }
  }
  if (raw === null || raw === undefined) return {}
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new DomainError('request.invalid_json')
  return raw as Record<string, unknown>
}

/**
 * Reads a body of at most `limit` bytes within `deadlineMs`. Past the limit it stops at once (413) instead of taking in
 * the rest; a body that has not arrived by the deadline (a slow or stalled client) is refused with 408 instead of
 * holding the request open for Node's five minutes. Either way the connection is closed after the answer, since the
 * unread remainder of the body would otherwise be taken for the next request.
 */
export function readStream(req: IncomingMessage, res: ServerResponse | null, limit: number, deadlineMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    let done = false
    const finish = (err: unknown, text?: string) => {
      if (done) return
      done = true
      clearTimeout(timer)
      req.off('data', onData)
      req.off('end', onEnd)
      req.off('error', onError)
      if (err) {
        req.pause()
        res?.setHeader('Connection', 'close')
        reject(err)
      } else resolve(text!)
    }
    const onData = (c: Buffer) => {
      size += c.length
      if (size > limit) return finish(new DomainError('request.too_large'))
      chunks.push(c)
    }
    const onEnd = () => finish(null, Buffer.concat(chunks).toString('utf8'))
    const onError = (e: unknown) => finish(e)
    const timer = setTimeout(() => finish(new DomainError('request.timeout')), deadlineMs)
    req.on('data', onData)
    req.on('end', onEnd)
    req.on('error', onError)
  })
}

function timingSafeEqualStr(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}
