import http from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import type { Operation } from '../../core/contracts/api'
import { DomainError } from '../../core/errors'
import { setContext } from './context'
import { loadEnv } from './env'
import { contentDisposition, method, route } from './http'
import type { Gateway } from './db/types'

// The route wrapper alone, over real HTTP; handlers here throw on purpose, so no database is involved.
const op = (over: Partial<Operation> = {}): Operation => ({
  id: 't', method: 'POST', path: '/t', summary: '', auth: 'none', tags: [], status: 200,
  params: z.object({}), query: z.object({}), body: z.object({ n: z.number() }),
  response: z.object({ ok: z.boolean() }), responses: { 200: z.object({ ok: z.boolean() }) }, ...over,
})

describe('route()', () => {
  let server: http.Server
  let base = ''
  let mode = 'ok'
  beforeAll(async () => {
    const noDb: Gateway = { kind: 'postgres', rpc: async () => { throw new Error('not used') }, close: async () => {} }
    setContext({ env: loadEnv({ SUPABASE_JWT_SECRET: 'y'.repeat(40) }), db: noDb, wechat: { code2Session: async () => ({ openid: 'x' }), getPhoneNumber: async () => '13900000000', miniProgramCode: async () => null }, notifier: { send: async () => ({ status: 'skipped' }) }, storage: { put: async () => {}, url: (k: string) => k, locate: async () => null } })
    const h = route({
      POST: method(op(), async ({ input }) => {
        if (mode === 'crash') throw new Error('connection to 10.0.0.5 failed: password=hunter2')
        if (mode === 'domain') throw new DomainError('need.not_found')
        if (mode === 'badshape') return { ok: 'yes' } as never
        return { ok: (input as { n: number }).n > 0 }
      }),
    })
    server = http.createServer((req, res) => void h(req, res))
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()))
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`
  })
  afterAll(() => new Promise<void>((r) => server.close(() => r())))

  const post = async (body: unknown) => {
    const r = await fetch(base, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
    return { status: r.status, body: await r.json() }
  }

  it('passes valid input to the handler', async () => {
    mode = 'ok'
    expect(await post({ n: 2 })).toEqual({ status: 200, body: { ok: true } })
  })
  it('a zod failure is a 400 naming the field, in Chinese', async () => {
    mode = 'ok'
    const r = await post({ n: 'two' })
    expect(r.status).toBe(400)
    expect(r.body.error.field).toBe('n')
    expect(r.body.error.message).toMatch(/[\u4e00-\u9fa5]/)
  })
  it('a NUL character anywhere in the input is a 400 naming the field, before the handler or the database sees it', async () => {
    mode = 'ok'
    const r = await post({ n: 1, note: 'a\u0000b' })
    expect(r.status).toBe(400)
    expect(r.body.error.field).toBe('note')
    const nested = await post({ n: 1, list: [{ x: 'ok' }, { x: '\u0000' }] })
    expect(nested.body.error.field).toBe('list.1.x')
  })
  it('a DomainError maps to its status and message', async () => {
    mode = 'domain'
    expect(await post({ n: 1 })).toEqual({ status: 404, body: { error: { code: 'need.not_found', message: '没有找到这条需求' } } })
  })
  it('anything else is a 500 that leaks nothing', async () => {
    mode = 'crash'
    const r = await post({ n: 1 })
    expect(r.status).toBe(500)
    expect(JSON.stringify(r.body)).not.toMatch(/hunter2|10\.0\.0\.5|Error/)
    expect(r.body.error.message).toMatch(/[\u4e00-\u9fa5]/)
  })
  it('a response that breaks its contract is a 500, not sent as is', async () => {
    mode = 'badshape'
    const r = await post({ n: 1 })
    expect(r.status).toBe(500)
    expect(r.body.ok).toBeUndefined()
  })
})

describe('contentDisposition()', () => {
  it('keeps an ASCII name as it was and adds filename* for a Chinese one', () => {
    expect(contentDisposition('volunteerReport.csv')).toBe('attachment; filename="volunteerReport.csv"')
    expect(contentDisposition('需求清单_needs_2026-11-01_2026-11-30.csv')).toBe(
      `attachment; filename="needs_2026-11-01_2026-11-30.csv"; filename*=UTF-8''${encodeURIComponent('需求清单')}_needs_2026-11-01_2026-11-30.csv`,
    )
    expect(contentDisposition('报表.csv')).toBe(`attachment; filename="export.csv"; filename*=UTF-8''${encodeURIComponent('报表')}.csv`)
  })
})
