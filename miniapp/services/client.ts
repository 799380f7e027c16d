import type { z } from 'zod'
import { contract } from '../../core/contracts/api'
import type { Operation } from '../../core/contracts/operation'
import { parseInput } from './errors'
import { buildUrl, request } from './request'

// The mini-program's API client, derived from the operation registry: `api.needs.createNeed({ body })`. The method,
// the path, the parts' schemas and the response schema all come from the contract, so nothing under miniapp/ spells
// a path or restates a schema. Each part is checked before the request (a bad form never costs a round
// trip, and the error names the field) and the answer is checked against the contract as it arrives.

type AnyOp = Operation<any, any, any, any>

/** A part is required when its schema requires anything, absent when the operation has no such part. */
type PartArg<K extends string, S extends z.ZodType> =
  S extends z.ZodObject<infer Shape> ? ([keyof Shape] extends [never] ? { [P in K]?: never } : Need<K, S>) : Need<K, S>
type Need<K extends string, S extends z.ZodType> = {} extends z.input<S> ? { [P in K]?: z.input<S> } : { [P in K]: z.input<S> }

export type CallArgs<O extends AnyOp> = PartArg<'params', O['params']> & PartArg<'query', O['query']> &
  PartArg<'body', O['body']> & {
    /** extra headers (e.g. Idempotency-Key) */
    header?: Record<string, string>
    timeout?: number
  }

export type Result<O extends AnyOp> = z.output<O['response']>

export type Call<O extends AnyOp> = {} extends CallArgs<O>
  ? (args?: CallArgs<O>) => Promise<Result<O>>
  : (args: CallArgs<O>) => Promise<Result<O>>

type Loose = { params?: Record<string, unknown>; query?: Record<string, unknown>; body?: unknown; header?: Record<string, string>; timeout?: number }

/**
 * The operation's path with its parameters and query string, under the API base: the one query-string builder.
 * Empty values are left out; the query is sent as given (the server parses it with the same schema).
 */
export function pathOf(op: AnyOp, params: Record<string, unknown> = {}, query: Record<string, unknown> = {}): string {
  const p = parseInput(op.params, params) as Record<string, unknown>
  // an empty filter is no filter: left out before it is checked, as the server never sees it
  const given = Object.entries(query).filter(([, v]) => v !== undefined && v !== null && v !== '')
  parseInput(op.query, Object.fromEntries(given))
  const path = op.path.replace(/\{(\w+)\}/g, (_, k: string) => encodeURIComponent(String(p[k])))
  const qs = given.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
  return qs.length ? `${path}?${qs.join('&')}` : path
}

/** The full URL of a request (downloads go around the JSON request layer). */
export function urlOf(op: AnyOp, params?: Record<string, unknown>, query?: Record<string, unknown>): string {
  return buildUrl(pathOf(op, params, query))
}

/** One call of one operation. */
export async function call<O extends AnyOp>(op: O, args: Loose = {}): Promise<Result<O>> {
  const path = pathOf(op, args.params, args.query)
  const read = op.method === 'GET' || op.method === 'DELETE'
  const data = read ? undefined : parseInput(op.body, args.body ?? {})
  return request({
    method: op.method,
    path,
    data,
    schema: op.response as z.ZodType<Result<O>>,
    auth: op.auth !== 'none',
    // a CSV answer is text, not JSON (its error body is still JSON)
    text: op.produces === 'text/csv',
    header: args.header,
    timeout: args.timeout,
  })
}

/** What an edit form hands over: the path parameters and the body in one object (`{ id, ...fields }`). */
export type FlatInput<O extends AnyOp> = z.input<O['params']> & z.input<O['body']>

/** A call that takes one flat object: the path parameters are taken out of it by name, the rest is the body. */
export function flat<O extends AnyOp>(op: O): (input: FlatInput<O>) => Promise<Result<O>> {
  const names = Object.keys(op.params.shape)
  return (input) => {
    const params: Record<string, unknown> = {}
    const body: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(input as Record<string, unknown>)) (names.includes(k) ? params : body)[k] = v
    return call(op, { params, body })
  }
}

type Client<G extends Record<string, Record<string, AnyOp>>> = { [D in keyof G]: { [K in keyof G[D]]: Call<G[D][K]> } }

function derive<G extends Record<string, Record<string, AnyOp>>>(groups: G): Client<G> {
  const out: Record<string, Record<string, (a?: Loose) => Promise<unknown>>> = {}
  for (const [domain, operations] of Object.entries(groups)) {
    out[domain] = {}
    for (const [name, o] of Object.entries(operations)) out[domain][name] = (a?: Loose) => call(o, a)
  }
  return out as Client<G>
}

/** Every operation of every domain: `api.<domain>.<operationId>(args)`. */
export const api = derive(contract)
