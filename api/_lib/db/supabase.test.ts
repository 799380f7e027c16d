import http from 'node:http'
import net from 'node:net'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { jwtVerify } from 'jose'
import { DomainError } from '../../../core/errors'
import { createSupabaseGateway } from './supabase'

const secret = 'supabase-test-secret-supabase-test-secret'

interface Seen {
  method?: string
  url?: string
  headers: http.IncomingHttpHeaders
  body: string
}

/** A local HTTP server in PostgREST's shape: it records what it receives and replies as told. */
describe('supabase gateway against a local PostgREST-shaped server', () => {
  let server: http.Server
  let base = ''
  const seen: Seen[] = []
  let reply: { status: number; body: unknown } = { status: 200, body: null }

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (c) => chunks.push(c))
      req.on('end', () => {
        seen.push({ method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') })
        res.statusCode = reply.status
        res.setHeader('Content-Type', 'application/json; charset=utf-8')
        res.end(JSON.stringify(reply.body))
      })
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()))
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`
  })
  afterAll(() => new Promise<void>((r) => server.close(() => r())))

  const gw = () => createSupabaseGateway({ url: base, anonKey: 'anon-key-123', serviceRoleKey: 'service-key-456', jwtSecret: secret })

  it('POSTs /rest/v1/rpc/<fn> with apikey, the caller’s JWT and a JSON body of named args', async () => {
    reply = { status: 200, body: { id: 'n1', title: '楼道灯坏了' } }
    const claims = { role: 'authenticated' as const, sub: '50000000-0000-4000-8000-000000000001', aud: 'authenticated', community_id: 'c1', app_roles: ['resident'] }
    const out = await gw().rpc('need_create', { p_title: '楼道灯坏了', p_category: 'facility_repair', p_micro_grid_id: null, p_skip: undefined }, claims)
    expect(out).toEqual({ id: 'n1', title: '楼道灯坏了' })
    const s = seen.at(-1)!
    expect(s.method).toBe('POST')
    expect(s.url).toBe('/rest/v1/rpc/need_create')
    expect(s.headers.apikey).toBe('anon-key-123')
    expect(s.headers['content-type']).toMatch(/application\/json/)
    expect(JSON.parse(s.body)).toEqual({ p_title: '楼道灯坏了', p_category: 'facility_repair', p_micro_grid_id: null })
    const bearer = /^Bearer (.+)$/.exec(String(s.headers.authorization))![1]
    const { payload } = await jwtVerify(bearer, new TextEncoder().encode(secret))
    expect(payload).toMatchObject({ role: 'authenticated', sub: claims.sub, community_id: 'c1', app_roles: ['resident'] })
  })

  it('service calls carry the service role key', async () => {
    reply = { status: 200, body: { id: 'p1' } }
    await gw().rpc('auth_profile_by_handle', { p_handle: 'resident1' }, { role: 'service_role' })
    expect(seen.at(-1)!.headers.authorization).toBe('Bearer service-key-456')
  })

  it('a PostgREST P0001 error body becomes a DomainError with code, status and field', async () => {
    reply = { status: 400, body: { code: 'P0001', message: 'need.micro_grid_invalid', details: 'microGridId', hint: null } }
    const e = await gw().rpc('need_create', {}, { role: 'authenticated', sub: 'x' }).catch((x: any) => x)
    expect(e).toBeInstanceOf(DomainError)
    expect(e).toMatchObject({ code: 'need.micro_grid_invalid', field: 'microGridId', status: 400 })
    reply = { status: 400, body: { code: 'P0001', message: 'need.not_found', details: null, hint: null } }
    const nf = await gw().rpc('need_get', { p_id: 'x' }, { role: 'authenticated', sub: 'x' }).catch((x: any) => x)
    expect(nf).toMatchObject({ code: 'need.not_found', status: 404, field: undefined })
  })

  it('other PostgREST errors are internal, not DomainErrors', async () => {
    reply = { status: 404, body: { code: 'PGRST202', message: 'Could not find the function', details: null, hint: null } }
    const e: any = await gw().rpc('nope', {}, { role: 'authenticated', sub: 'x' }).catch((x: any) => x)
    expect(e).not.toBeInstanceOf(DomainError)
    expect(String(e.message)).toMatch(/PGRST202/)
  })

  it('each request carries its own caller’s JWT: nothing leaks through a shared client or session', async () => {
    reply = { status: 200, body: null }
    const g = gw()
    const a = { role: 'authenticated' as const, sub: '50000000-0000-4000-8000-00000000000a', community_id: 'c1', app_roles: ['resident'] }
    const b = { role: 'authenticated' as const, sub: '50000000-0000-4000-8000-00000000000b', community_id: 'c2', app_roles: ['staff'] }
    const subOf = async (s: Seen) => {
      const bearer = /^Bearer (.+)$/.exec(String(s.headers.authorization))![1]
      return (await jwtVerify(bearer, new TextEncoder().encode(secret))).payload
    }
    await g.rpc('me', {}, a)
    await g.rpc('me', {}, b)
    const [first, second] = seen.slice(-2)
    expect(await subOf(first)).toMatchObject({ sub: a.sub, community_id: 'c1', app_roles: ['resident'] })
    expect(await subOf(second)).toMatchObject({ sub: b.sub, community_id: 'c2', app_roles: ['staff'] })
    expect(second.headers.apikey).toBe('anon-key-123')
    // interleaved in flight, then a service call between them: each still its own
    await Promise.all([g.rpc('me', { p_who: 'a' }, a), g.rpc('me', { p_who: 'b' }, b), g.rpc('me', { p_who: 's' }, { role: 'service_role' })])
    const last = seen.slice(-3)
    for (const s of last) {
      const who = JSON.parse(s.body).p_who
      if (who === 's') expect(s.headers.authorization).toBe('Bearer service-key-456')
      else expect((await subOf(s)).sub).toBe(who === 'a' ? a.sub : b.sub)
    }
  })

  it('refuses a function name that is not a plain identifier', async () => {
    await expect(gw().rpc('x; drop table', {}, { role: 'service_role' })).rejects.toThrow(/identifier/)
  })
})

describe('supabase gateway when Supabase cannot be reached', () => {
  const claims = { role: 'authenticated' as const, sub: '50000000-0000-4000-8000-000000000001' }
  it('a failed fetch is a 503 db.unavailable with Retry-After, not a 500', async () => {
    const refused = (async () => {
      throw Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) })
    }) as unknown as typeof fetch
    const gw = createSupabaseGateway({ url: 'http://127.0.0.1:9', anonKey: 'a', serviceRoleKey: 's', jwtSecret: secret, fetch: refused })
    const e = await gw.rpc('me', {}, claims).then(() => null, (x: unknown) => x)
    expect(e).toBeInstanceOf(DomainError)
    expect(e).toMatchObject({ code: 'db.unavailable', status: 503, retryAfter: 5 })
  })
  it('a real closed port is the same 503', async () => {
    const gw = createSupabaseGateway({ url: 'http://127.0.0.1:9', anonKey: 'a', serviceRoleKey: 's', jwtSecret: secret })
    await expect(gw.rpc('me', {}, claims)).rejects.toMatchObject({ code: 'db.unavailable', status: 503 })
  })
})

describe('supabase-js without Realtime', () => {
  it('importing the adapters and building clients opens no socket', async () => {
    const connect = vi.spyOn(net.Socket.prototype, 'connect')
    try {
      vi.resetModules()
      const { createRequestClient, createSupabaseGateway: create } = await import('./supabase')
      const { createSupabaseStorage } = await import('../storage')
      create({ url: 'http://127.0.0.1:9', anonKey: 'a', serviceRoleKey: 's', jwtSecret: secret })
      createSupabaseStorage({ url: 'http://127.0.0.1:9', serviceRoleKey: 's', bucket: 'b' })
      const client = createRequestClient({ url: 'http://127.0.0.1:9', apiKey: 'a', bearer: 'jwt' })
      await new Promise((r) => setTimeout(r, 20))
      expect(connect).not.toHaveBeenCalled()
      expect(client.realtime.isConnected()).toBe(false)
      // the transport it was given refuses outright, so Realtime can never open a WebSocket
      expect(() => new client.realtime.transport('ws://127.0.0.1:9/realtime/v1/websocket')).toThrow(/Realtime is not used/)
    } finally {
      connect.mockRestore()
    }
  })
})
