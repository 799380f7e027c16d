import { z } from 'zod'

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

type AnyObject = z.ZodObject<z.ZodRawShape>

/** The parts of a request, each with its own schema, as ts-rest declares them. */
export interface OperationParts<P extends AnyObject, Q extends AnyObject, B extends z.ZodType> {
  /** the `{name}` segments of `path`; the path always wins over a query or body field of the same name */
  params: P
  /** the query string (GET and DELETE filters) */
  query: Q
  /** the JSON body (POST, PUT, PATCH) */
  body: B
}

/**
 * One HTTP operation: the single description that the endpoint validates against, the mini-program's client is
 * derived from, and /api/openapi.json is generated from.
 */
export interface Operation<
  P extends AnyObject = AnyObject,
  Q extends AnyObject = AnyObject,
  B extends z.ZodType = z.ZodType,
  R extends z.ZodType = z.ZodType,
> extends OperationParts<P, Q, B> {
  id: string
  method: HttpMethod
  /** OpenAPI-style path, `{name}` for path parameters */
  path: string
  summary: string
  /** `cron`: Vercel cron's `Authorization: Bearer <CRON_SECRET>` instead of a person's token */
  auth: 'none' | 'required' | 'cron'
  tags: string[]
  /** the success response by its status (exactly one); errors are `{ error }` bodies from the shared error table */
  responses: Record<number, R>
  /** derived from `responses`: the success status and its schema */
  status: number
  response: R
  /** text/csv: the handler returns the CSV text (response schema z.string()) */
  produces?: 'application/json' | 'text/csv'
  /** text/csv: the download's file name for this request (default `<id>.csv`) */
  filename?(input: OpInput<Operation<P, Q, B, R>>): string
  /** a larger body limit for this operation (photo uploads) */
  bodyLimit?: number
}

/** What a handler receives: the parsed query, body and path parameters in one object (the path wins). */
export type OpInput<O extends Operation<any, any, any, any>> = z.output<O['query']> & z.output<O['body']> & z.output<O['params']>

const NONE = z.object({})

type Spec<P extends AnyObject, Q extends AnyObject, B extends z.ZodType, R extends z.ZodType> =
  Omit<Operation<P, Q, B, R>, 'status' | 'response' | 'params' | 'query' | 'body' | 'filename'> & {
    params?: P
    query?: Q
    body?: B
    filename?(input: z.output<Q> & z.output<B> & z.output<P>): string
  }

export function op<
  R extends z.ZodType,
  P extends AnyObject = z.ZodObject<{}>,
  Q extends AnyObject = z.ZodObject<{}>,
  B extends z.ZodType = z.ZodObject<{}>,
>(o: Spec<P, Q, B, R>): Operation<P, Q, B, R> {
  const statuses = Object.keys(o.responses).map(Number)
  if (statuses.length !== 1 || !(statuses[0] >= 200 && statuses[0] < 300)) {
    throw new Error(`operation ${o.id} must declare exactly one success response`)
  }
  const read = o.method === 'GET' || o.method === 'DELETE'
  if (read && o.body) throw new Error(`operation ${o.id}: ${o.method} takes no body`)
  const names = [...o.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()
  const declared = Object.keys(o.params?.shape ?? {}).sort()
  if (names.join() !== declared.join()) throw new Error(`operation ${o.id}: params ${declared} do not match path ${o.path}`)
  return {
    ...o,
    params: (o.params ?? NONE) as P,
    query: (o.query ?? NONE) as Q,
    body: (o.body ?? NONE) as unknown as B,
    status: statuses[0],
    response: o.responses[statuses[0]],
  } as Operation<P, Q, B, R>
}
