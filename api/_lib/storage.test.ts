import http from 'node:http'
import { mkdtempSync, readFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLocalStorage, createSupabaseStorage, sniffImage } from './storage'

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex')

describe('storage adapters', () => {
  it('local disk writes under its folder and refuses escaping keys', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'store-'))
    const s = createLocalStorage(dir)
    await s.put('shifts/a/b.png', PNG, 'image/png')
    expect(readFileSync(path.join(dir, 'shifts/a/b.png'))).toEqual(PNG)
    await expect(s.put('../etc/passwd', PNG, 'image/png')).rejects.toThrow(/bad storage key/)
    expect(s.url('shifts/a/b.png')).toBe('/api/files?key=shifts%2Fa%2Fb.png')
    expect(await s.locate('shifts/a/b.png')).toEqual({ file: path.join(dir, 'shifts/a/b.png') })
    expect(await s.locate('shifts/a/missing.png')).toBeNull()
    expect(await s.locate('../etc/passwd')).toBeNull()
  })

  describe('Supabase Storage against a local server in its shape', () => {
    let server: http.Server
    let base = ''
    const seen: { method?: string; url?: string; headers: http.IncomingHttpHeaders; body: Buffer }[] = []
    let status = 200
    beforeAll(async () => {
      server = http.createServer((req, res) => {
        const chunks: Buffer[] = []
        req.on('data', (c) => chunks.push(c))
        req.on('end', () => {
          seen.push({ method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks) })
          res.statusCode = status
          res.setHeader('content-type', 'application/json')
          if (req.url?.startsWith('/storage/v1/object/sign/')) {
            // Supabase answers a path relative to the storage API, with the signing token
            const missing = req.url.endsWith('/missing.png')
            res.statusCode = missing ? 400 : status
            res.end(JSON.stringify(missing ? { statusCode: '404', error: 'not_found', message: 'Object not found' } : { signedURL: `${req.url.replace('/storage/v1', '')}?token=signed-abc` }))
            return
          }
          res.end(JSON.stringify(status === 200 ? { Key: 'service-records/x' } : { statusCode: '409', error: 'Duplicate' }))
        })
      })
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()))
      base = `http://127.0.0.1:${(server.address() as { port: number }).port}`
    })
    afterAll(() => new Promise<void>((r) => server.close(() => r())))

    it('POSTs the bytes to /storage/v1/object/<bucket>/<key> with the service key; the app URL is /api/files, never the bucket', async () => {
      const s = createSupabaseStorage({ url: base, serviceRoleKey: 'svc-key', bucket: 'service-records' })
      await s.put('shifts/p/1.png', PNG, 'image/png')
      const r = seen.at(-1)!
      expect(r).toMatchObject({ method: 'POST', url: '/storage/v1/object/service-records/shifts/p/1.png' })
      expect(r.headers.authorization).toBe('Bearer svc-key')
      expect(r.headers.apikey).toBe('svc-key')
      expect(r.headers['content-type']).toBe('image/png')
      expect(r.headers['x-upsert']).toBe('false')
      // as Storage stores an object uploaded without the header, not supabase-js's default max-age=3600
      expect(r.headers['cache-control']).toBe('no-cache')
      expect(r.body).toEqual(PNG)
      expect(s.url('shifts/p/1.png')).toBe('/api/files?key=shifts%2Fp%2F1.png')
    })
    it('a photo is handed out as a URL signed for 5 minutes on the private bucket; a missing one is null', async () => {
      const s = createSupabaseStorage({ url: base, serviceRoleKey: 'svc-key', bucket: 'service-records' })
      const found = await s.locate('shifts/p/1.png')
      const r = seen.at(-1)!
      expect(r).toMatchObject({ method: 'POST', url: '/storage/v1/object/sign/service-records/shifts/p/1.png' })
      expect(r.headers.authorization).toBe('Bearer svc-key')
      expect(r.headers.apikey).toBe('svc-key')
      expect(r.headers['content-type']).toMatch(/application\/json/)
      expect(JSON.parse(r.body.toString('utf8'))).toEqual({ expiresIn: 300 })
      expect(found).toEqual({ redirect: `${base}/storage/v1/object/sign/service-records/shifts/p/1.png?token=signed-abc` })
      // a project URL with a trailing slash signs the same
      const slash = createSupabaseStorage({ url: `${base}/`, serviceRoleKey: 'svc-key', bucket: 'service-records' })
      expect(await slash.locate('shifts/p/1.png')).toEqual(found)
      expect(await s.locate('shifts/p/missing.png')).toBeNull()
      expect(await s.locate('../x.png')).toBeNull()
      status = 500
      await expect(s.locate('shifts/p/1.png')).rejects.toMatchObject({ code: 'upload.unavailable', status: 502 })
      status = 200
    })
    it('a refused upload becomes upload.failed', async () => {
      status = 409
      const s = createSupabaseStorage({ url: base, serviceRoleKey: 'svc-key', bucket: 'service-records' })
      await expect(s.put('shifts/p/2.png', PNG, 'image/png')).rejects.toMatchObject({ code: 'upload.failed', status: 502 })
      status = 200
    })
  })

  describe('Supabase Storage when no answer comes', () => {
    const failing = (seen: (AbortSignal | null | undefined)[]) =>
      (async (_input: unknown, init?: RequestInit) => {
        seen.push(init?.signal)
        throw Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) })
      }) as unknown as typeof fetch

    it('every call carries a deadline, and a failed fetch stays the internal error it was (not a Storage answer)', async () => {
      const signals: (AbortSignal | null | undefined)[] = []
      const s = createSupabaseStorage({ url: 'http://127.0.0.1:9', serviceRoleKey: 'svc-key', bucket: 'b', fetch: failing(signals) })
      const put = await s.put('shifts/p/3.png', PNG, 'image/png').then(() => null, (x: unknown) => x)
      const locate = await s.locate('shifts/p/3.png').then(() => null, (x: unknown) => x)
      for (const e of [put, locate]) {
        expect(e).toBeInstanceOf(TypeError)
        expect(e).toMatchObject({ message: 'fetch failed' })
      }
      expect(signals).toHaveLength(2)
      for (const signal of signals) {
        expect(signal).toBeInstanceOf(AbortSignal)
        expect(signal!.aborted).toBe(false)
      }
    })

    it('a signature answer without a URL under the storage API is upload.unavailable', async () => {
      const answer = (body: unknown) =>
        (async () => new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } })) as unknown as typeof fetch
      for (const body of [{}, { signedURL: 'https://elsewhere.example/x' }]) {
        const s = createSupabaseStorage({ url: 'http://127.0.0.1:9', serviceRoleKey: 'svc-key', bucket: 'b', fetch: answer(body) })
        await expect(s.locate('shifts/p/1.png')).rejects.toMatchObject({ code: 'upload.unavailable', status: 502 })
      }
    })
  })

  it('recognises images by their first bytes', () => {
    expect(sniffImage(PNG)).toBe('image/png')
    expect(sniffImage(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg')
    expect(sniffImage(Buffer.from('RIFF0000WEBPVP8 ', 'latin1'))).toBe('image/webp')
    expect(sniffImage(Buffer.from('<svg onload=alert(1)>'))).toBeNull()
  })
})
