import { z } from 'zod'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ops, type Operation } from '../../core/contracts/api'
import { TEST_CRON_SECRET, startTestApi, type TestApi } from '../helpers/api'

/**
 * Every operation in the registry, over real HTTP: a malformed request gets a 400 whose `field` names the bad field,
 * and an operation that needs a login refuses a request without one (401). The malformed input is derived from the
 * operation's own request schema, so a new endpoint is covered the day it is registered.
 */

const VALID_UUID = '00000000-0000-4000-8000-000000000001'
const BAD_VALUES: unknown[] = ['这不是合法的值', '-5', '999999999999', 'x'.repeat(5000), '2026-13-45', '']
const BAD_BODY_VALUES: unknown[] = [{ nested: true }, ['x'], -5, 999999999999, 'x'.repeat(5000), '这不是合法的值', '', true]

/** Operations whose request has no fields at all (e.g. `GET /api/me`): nothing can be malformed. */
function takesNoInput(o: Operation): boolean {
  return [o.params, o.query, o.body].every((p) => p instanceof z.ZodObject && Object.keys(p.shape).length === 0)
}

interface Probe {
  url: string
  body?: unknown
  field: string
}

function pathParams(o: Operation): string[] {
  return [...o.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1])
}

function fill(o: Operation, params: Record<string, string>): string {
  return o.path.replace(/\{(\w+)\}/g, (_, k: string) => encodeURIComponent(params[k]))
}

/** The field the server names: each part through its own schema, query and body before the path. */
function firstIssue(o: Operation, input: Record<string, unknown>): string | null {
  const names = pathParams(o)
  const rest = Object.fromEntries(Object.entries(input).filter(([k]) => !names.includes(k)))
  const inPath = Object.fromEntries(Object.entries(input).filter(([k]) => names.includes(k)))
  const isGet = o.method === 'GET' || o.method === 'DELETE'
  for (const [schema, value] of [[o.query, isGet ? rest : {}], [o.body, isGet ? {} : rest], [o.params, inPath]] as const) {
    const r = schema.safeParse(value)
    if (!r.success) return r.error.issues[0].path.map(String).join('.')
  }
  return null
}

/** A request this operation's schema refuses, and the field the refusal must name. */
function probe(o: Operation): Probe | null {
  const params = Object.fromEntries(pathParams(o).map((k) => [k, VALID_UUID]))
  const isGet = o.method === 'GET' || o.method === 'DELETE'
  const asRequest = (input: Record<string, unknown>, field: string): Probe => {
    const rest = Object.fromEntries(Object.entries(input).filter(([k]) => !(k in params)))
    const url = fill(o, { ...params, ...(input as Record<string, string>) })
    if (isGet) {
      const qs = new URLSearchParams(rest as Record<string, string>).toString()
      return { url: qs ? `${url}?${qs}` : url, field }
    }
    return { url, body: rest, field }
  }
  // 1. leave out everything that is not in the path: a missing required field
  const missing = firstIssue(o, params)
  if (missing) return asRequest(params, missing)
  // 2. a wrong value for one of the optional fields
  const part = o.method === 'GET' || o.method === 'DELETE' ? o.query : o.body
  const shape = part instanceof z.ZodObject ? (part.shape as Record<string, unknown>) : {}
  for (const key of Object.keys(shape)) {
    if (key in params) continue
    for (const bad of isGet ? BAD_VALUES : BAD_BODY_VALUES) {
      const input = { ...params, [key]: bad }
      const field = firstIssue(o, input)
      if (field === key) return asRequest(input, field)
    }
  }
  // 3. a malformed id in the path
  const [first] = pathParams(o)
  if (first) {
    const input = { ...params, [first]: 'not-an-id' }
    const field = firstIssue(o, input)
    if (field) return asRequest(input, field)
  }
  return null
}

describe('every operation', () => {
  let api: TestApi
  let staff: string
  beforeAll(async () => {
    api = await startTestApi('contract')
    staff = await api.login('staff1')
  })
  afterAll(async () => {
    await api?.close()
  })

  const all = Object.values(ops) as Operation[]

  it('derives a malformed request for each operation that takes input', () => {
    const without = all.filter((o) => !takesNoInput(o) && !probe(o)).map((o) => o.id)
    expect(without).toEqual([])
    // and most operations do take input: the loop below is not empty
    expect(all.filter((o) => !takesNoInput(o)).length).toBeGreaterThan(60)
  })

  for (const o of all.filter((x) => !takesNoInput(x))) {
    it(`${o.method} ${o.path} (${o.id}): malformed input → 400 naming the field`, async () => {
      const p = probe(o)!
      const headers: Record<string, string> = { 'Idempotency-Key': 'contract-test-key-0001' }
      const token = o.auth === 'required' ? staff : undefined
      if (o.auth === 'cron') headers.Authorization = `Bearer ${TEST_CRON_SECRET}`
      const r = await api.call(o.method, p.url, { token, body: p.body, headers })
      expect(r.status, JSON.stringify(r.body)).toBe(400)
      expect(r.body.error.code).toBe('request.invalid')
      expect(r.body.error.field).toBe(p.field)
      // a Chinese message for the person, not a stack trace
      expect(r.body.error.message).toMatch(/[\u4e00-\u9fff]/)
    })
  }

  for (const o of all.filter((x) => x.auth !== 'none')) {
    it(`${o.method} ${o.path} (${o.id}): without a login → 401`, async () => {
      const url = fill(o, Object.fromEntries(pathParams(o).map((k) => [k, VALID_UUID])))
      const r = await api.call(o.method, url, { body: o.method === 'GET' ? undefined : {} })
      expect(r.status).toBe(401)
      expect(r.body.error.code).toBe('auth.required')
    })
  }
})
