import type { z } from 'zod'

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

/**
 * One HTTP operation: the single description that the endpoint validates against, the mini-program
 * calls through, and /api/openapi.json is generated from.
 */
export interface Operation<Req extends z.ZodType = z.ZodType, Res extends z.ZodType = z.ZodType> {
  id: string
  method: HttpMethod
  /** OpenAPI-style path, `{name}` for path parameters */
  path: string
  summary: string
  /** `cron`: Vercel cron's `Authorization: Bearer <CRON_SECRET>` instead of a person's token */
  auth: 'none' | 'required' | 'cron'
  request: Req
  response: Res
  status: number
  tags: string[]
  /** text/csv: the handler returns the CSV text (response schema z.string()) */
  produces?: 'application/json' | 'text/csv'
  /** text/csv: the download's file name for this request (default `<id>.csv`) */
  filename?(input: z.output<Req>): string
  /** a larger body limit for this operation (photo uploads) */
  bodyLimit?: number
}

export function op<Req extends z.ZodType, Res extends z.ZodType>(
  o: Omit<Operation<Req, Res>, 'status'> & { status?: number },
): Operation<Req, Res> {
  return { status: 200, ...o }
}

