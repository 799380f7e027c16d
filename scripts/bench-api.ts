/**
 * `npm run bench:api`: every list endpoint of the API, as the role that uses it, under a fixed offered load of
 * 300 requests/s and again at 500 requests/s (DESIGN.md §5: p99 ≤ 100 ms at 300 req/s on the district's data, load
 * generator on the same machine).
 *
 * The data is the district of DESIGN.md §5 (scripts/lib/bench-district-seed.ts: 5 streets, 60 communities, 200,000
 * people, 300,000 needs over three years, 20,000 resources, 5,000 posts with 100,000 shifts, 3,000 meetings, 10,000
 * topics, 1,000,000 bean movements, notifications, announcements), built once into a persistent embedded PostgreSQL
 * and reused while the migrations and the generator are unchanged (scripts/lib/bench-db.ts; `npm run bench:seed`
 * builds it alone). The API runs as the dev server does, createApiServer() over real HTTP with the postgres gateway,
 * in its own process so the load generator does not share its event loop. Demo users log in through
 * POST /api/auth/dev; then autocannon drives each list endpoint, one at a time, with that user's token; the queries
 * name the demo users' own community, street and grid.
 *
 * Offered load: autocannon's own rate limit lets each connection send its quota back to back at the start of every
 * second (bursts of up to `connections` concurrent requests, then silence), and its coordinated-omission correction
 * divides by the rate in seconds where it means milliseconds. So the requests are paced here instead: each connection
 * sends on its own fixed schedule, the connections evenly staggered, `rate` evenly spaced requests per second in all.
 * A latency counts from when the request was due, not when it went out, so a backed-up connection cannot hide a slow
 * response (no coordinated omission).
 *
 * Prints a table (both rates) and the machine; the last line is one JSON object. Exit 0 when measured (budget met or
 * not), 1 when the set-up fails or any response is not 2xx.
 *
 * Settings (environment): BENCH_RATES ("300,500": the first one is the budget's), BENCH_RATE (one rate only),
 * BENCH_DURATION seconds per endpoint and rate (5), BENCH_WARMUP seconds (1), BENCH_CONNECTIONS (50), BENCH_ONLY (a
 * regular expression over "path user" to run a subset), BENCH_CAPACITY=1 (also measure each endpoint's capacity: req/s
 * answered with 8 requests always in flight, 3 s more per endpoint), BENCH_SCALE (the district seed's scale, 1).
 */
import autocannon from 'autocannon'
import { fork, type ChildProcess } from 'node:child_process'
import os from 'node:os'
import postgres from 'postgres'
import { ZodArray, ZodObject } from 'zod'
import { ops, type Operation } from '../core/contracts/api'
import { districtDatabase, type DistrictDatabase } from './lib/bench-db'

/** the offered rates; the first is the budget's */
const RATES = (process.env.BENCH_RATES ?? process.env.BENCH_RATE ?? '300,500').split(',').map((r) => Number(r.trim())).filter((r) => r > 0)
const RATE = RATES[0]
const DURATION_S = Number(process.env.BENCH_DURATION ?? 5)
const WARMUP_S = Number(process.env.BENCH_WARMUP ?? 1)
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50)
const ONLY = process.env.BENCH_ONLY ? new RegExp(process.env.BENCH_ONLY) : null
/** also measure each endpoint's capacity: the most req/s this machine answers with 8 requests always in flight */
const CAPACITY = process.env.BENCH_CAPACITY === '1'
const BUDGET_P99_MS = 100
/** below this share of the offered rate the load was not really applied, whatever the latencies say */
const MIN_RATE_SHARE = 0.95
const JWT_SECRET = 'bench-secret-bench-secret-bench-secret-0123'

type Handle = 'resident1' | 'staff1' | 'grid1' | 'party1' | 'talent1' | 'unit1' | 'admin1' | 'dept1'

/** The demo street's fixed ids (supabase/seed.sql; tests/helpers/db.ts IDS), which the district seed builds around. */
const DEMO = {
  street: '10000000-0000-4000-8000-000000000001',
  communityA: '20000000-0000-4000-8000-00000000000a',
  gridA1: '30000000-0000-4000-8000-0000000000a1',
  microA1: '40000000-0000-4000-8000-0000000000a1',
} as const

interface Scenario {
  op: Operation
  user: Handle
  /** query parameters, and the path's `{name}` parameters */
  query?: Record<string, string>
  /** what the mini-program page is */
  page: string
}

const A = DEMO.communityA
const STREET = DEMO.street
/** A day of the seed's last month, as a 受理编号 prefix (HP-20261029): what staff type from a resident's slip. */
const monthAgo = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' })
  .format(new Date(Date.now() - 30 * 24 * 3600 * 1000)).replace(/-/g, '')
const month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).format(new Date()).slice(0, 7)

/** Every list the mini-program loads, as its pages call it (the heaviest realistic tab where a page has several). */
const SCENARIOS: Scenario[] = [
  // needs
  { op: ops.listNeeds, user: 'staff1', query: { status: 'submitted', order: 'oldest', limit: '20' }, page: '需求研判 待研判 (default tab)' },
  { op: ops.listNeeds, user: 'staff1', query: { overdue: 'true', order: 'oldest', limit: '20' }, page: '需求研判 已超期' },
  { op: ops.listNeeds, user: 'grid1', query: { order: 'newest', limit: '20' }, page: '需求研判 全部 (grid worker)' },
  { op: ops.listNeeds, user: 'admin1', query: { scope: 'street', streetId: STREET, limit: '20' }, page: '街道 需求总览' },
  { op: ops.listNeeds, user: 'dept1', query: { scope: 'department', limit: '20' }, page: '部门答疑' },
  { op: ops.listNeeds, user: 'staff1', query: { q: `HP-${monthAgo}`, limit: '20' }, page: '需求研判 按受理编号查找 (a day\'s numbers)' },
  { op: ops.listMyNeeds, user: 'resident1', page: '我的需求' },
  { op: ops.similarNeeds, user: 'resident1', query: { microGridId: DEMO.microA1, title: '楼道灯不亮了' }, page: '提交需求 相似提示' },
  // resources and services
  { op: ops.listClaimable, user: 'unit1', page: '认领需求' },
  { op: ops.listResources, user: 'resident1', query: { communityId: A }, page: '服务 资源清单' },
  { op: ops.listResources, user: 'unit1', query: { mine: 'true' }, page: '我的资源 (unit)' },
  { op: ops.listProposals, user: 'staff1', query: { communityId: A }, page: '智能匹配 建议' },
  { op: ops.listServices, user: 'resident1', query: { communityId: A }, page: '服务 服务清单' },
  // volunteering
  { op: ops.listVolunteers, user: 'staff1', query: { status: 'approved' }, page: '报到审核 已通过 (能人库)' },
  { op: ops.listVolunteers, user: 'staff1', query: { status: 'pending' }, page: '报到审核 待审核' },
  { op: ops.listPosts, user: 'party1', query: { communityId: A }, page: '服务岗位' },
  { op: ops.listShifts, user: 'party1', query: { scope: 'mine' }, page: '我的服务' },
  { op: ops.listShifts, user: 'staff1', query: { scope: 'to_confirm' }, page: '工作纪实确认' },
  { op: ops.listWhistles, user: 'party1', query: { communityId: A }, page: '首页 吹哨' },
  { op: ops.listStreetWhistles, user: 'admin1', query: { streetId: STREET }, page: '街道吹哨' },
  // beans
  { op: ops.beansMe, user: 'resident1', query: { limit: '20' }, page: '我的金豆' },
  { op: ops.honourRoll, user: 'resident1', query: { communityId: A, month }, page: '社区信用 光荣榜' },
  { op: ops.listRewards, user: 'resident1', query: { communityId: A }, page: '积分兑换' },
  { op: ops.listRewards, user: 'unit1', query: { communityId: A }, page: '积分兑换 (provider: 核销)' },
  { op: ops.myRedemptions, user: 'resident1', page: '我的兑换' },
  // deliberation
  { op: ops.listTopics, user: 'resident1', query: { communityId: A }, page: '议事 议题' },
  { op: ops.listMeetings, user: 'resident1', query: { communityId: A }, page: '议事 议事会' },
  // inbox and announcements
  { op: ops.listNotifications, user: 'resident1', page: '消息' },
  { op: ops.listAnnouncements, user: 'resident1', query: { communityId: A }, page: '公告' },
  // joining and administration
  { op: ops.listStreets, user: 'resident1', page: '加入社区 街道' },
  { op: ops.listCommunities, user: 'resident1', query: { streetId: STREET }, page: '加入社区 社区' },
  { op: ops.listMicroGrids, user: 'resident1', query: { communityId: A }, page: '加入社区 微网格' },
  { op: ops.listAdminCommunities, user: 'admin1', query: { streetId: STREET }, page: '管理 社区' },
  { op: ops.listPartyOrgs, user: 'admin1', query: { streetId: STREET }, page: '管理 党组织' },
  { op: ops.listDepartments, user: 'admin1', query: { streetId: STREET }, page: '管理 职能部门' },
  { op: ops.listInvitations, user: 'staff1', query: { communityId: A }, page: '管理 邀请' },
  { op: ops.listMembers, user: 'staff1', query: { communityId: A }, page: '管理 成员' },
  { op: ops.listMembers, user: 'admin1', query: { communityId: A, role: 'staff' }, page: '管理 成员 (street admin)' },
  { op: ops.listAudit, user: 'admin1', query: { streetId: STREET }, page: '管理 操作记录 (street)' },
  { op: ops.listAudit, user: 'staff1', query: { communityId: A }, page: '管理 操作记录 (community)' },
  { op: ops.listPeople, user: 'staff1', query: { communityId: A, q: '张' }, page: '选择人员' },
]

/** A GET whose response carries a list at the top (`items`, or the bean movements): the operations this budget is about. */
function isListOp(op: Operation): boolean {
  if (op.method !== 'GET' || op.auth !== 'required' || !(op.response instanceof ZodObject)) return false
  const shape = (op.response as ZodObject).shape as Record<string, unknown>
  return shape.items instanceof ZodArray || shape.movements instanceof ZodArray
}

/** The request's path and query: `{name}` path parameters filled from the scenario's query, the rest as the query string. */
function urlOf(s: Scenario): string {
  const query = { ...s.query }
  const path = s.op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const v = query[name]
    if (v === undefined) throw new Error(`${s.op.id}: no value for the path parameter ${name}`)
    delete query[name]
    return encodeURIComponent(v)
  })
  const qs = new URLSearchParams(query).toString()
  return path + (qs ? '?' + qs : '')
}

// ---------------------------------------------------------------------------------------------------------------
// The API process: what the dev server does (createContext from the environment, createApiServer, listen)
// ---------------------------------------------------------------------------------------------------------------
async function serve() {
  const { loadEnv } = await import('../api/_lib/env')
  const { createContext, setContext } = await import('../api/_lib/context')
  const { createApiServer, listen } = await import('./lib/api-server')
  const env = loadEnv({ SUPABASE_JWT_SECRET: JWT_SECRET, DATABASE_URL: process.env.BENCH_DATABASE_URL, AUTH_DEV_LOGIN: '1' })
  const ctx = await createContext(env)
  setContext(ctx)
  const server = createApiServer()
  const port = await listen(server, 0)
  let closing = false
  const close = async () => {
    if (closing) return
    closing = true
    server.closeAllConnections()
    await new Promise<void>((r) => server.close(() => r()))
    await ctx.db.close()
    process.exit(0)
  }
  process.on('message', (m) => m === 'stop' && void close())
  process.on('disconnect', () => void close())
  process.send!({ port })
}

function startApiProcess(databaseUrl: string): Promise<{ child: ChildProcess; base: string }> {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, [], {
      env: { ...process.env, BENCH_API_ROLE: 'server', BENCH_DATABASE_URL: databaseUrl },
      execArgv: process.execArgv,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    })
    const fail = (e: Error) => reject(e)
    child.once('error', fail)
    child.once('exit', (code) => reject(new Error(`API process exited with ${code} before listening`)))
    child.once('message', (m: { port: number }) => {
      child.removeAllListeners('exit')
      child.removeListener('error', fail)
      resolve({ child, base: `http://127.0.0.1:${m.port}` })
    })
  })
}

async function stopApiProcess(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>((r) => child.once('exit', () => r()))
  child.send('stop')
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
  await exited
  clearTimeout(timer)
}

// ---------------------------------------------------------------------------------------------------------------
// Load: autocannon with every connection on a fixed schedule
// ---------------------------------------------------------------------------------------------------------------
interface Run {
  /** ms from when each request of the window was due to its complete response (a lower bound for the unanswered) */
  latencies: number[]
  /** requests due in the window that got their response */
  completed: number
  /** requests due in the window still unanswered (or never sent: their connection was still waiting) at the end */
  unfinished: number
  /** requests sent more than 5 ms after they were due (their connection was still busy with the previous one) */
  late: number
  non2xx: number
  errors: number
}

type PacedClient = autocannon.Client & { due: number; inflightDue: number | null }

/**
 * `seconds` of load at `rate` requests/s. Connection i sends at start + i·period/connections + k·period, so the
 * requests are evenly spaced. Every request due inside the window counts: answered ones with their latency from
 * when they were due, the rest with a lower bound (from when they were due to the end of the run).
 */
function paced(url: string, token: string, seconds: number, rate: number): Promise<Run> {
  const periodMs = (1000 * CONNECTIONS) / rate
  const start = performance.now() + 50
  const windowEnd = start + seconds * 1000
  const clients: PacedClient[] = []
  const latencies: number[] = []
  let completed = 0
  let late = 0
  const instance = autocannon({
    url,
    headers: { authorization: `Bearer ${token}` },
    connections: CONNECTIONS,
    pipelining: 1,
    // the load goes on a little past the window, so the window's last requests do not meet an emptying server
    duration: seconds + 0.5,
    sampleInt: 250,
    timeout: 30,
    setupClient(client) {
      const c = client as PacedClient
      const send = c._doRequest
      if (typeof send !== 'function') throw new Error('autocannon internals changed: Client#_doRequest is gone')
      c.due = start + (clients.length * periodMs) / CONNECTIONS
      c.inflightDue = null
      clients.push(c)
      let timer: NodeJS.Timeout | null = null
      c._doRequest = function (this: PacedClient, ...args: unknown[]) {
        if (timer || this.destroyed) return
        const fire = () => {
          timer = null
          if (this.destroyed) return
          if (performance.now() - this.due > 5 && this.due < windowEnd) late++
          this.inflightDue = this.due
          this.due += periodMs
          send.apply(this, args)
        }
        const wait = this.due - performance.now()
        if (wait <= 0) fire()
        else timer = setTimeout(fire, wait)
      }
    },
  })
  instance.on('response', (client) => {
    const c = client as PacedClient
    if (c.inflightDue !== null && c.inflightDue < windowEnd) {
      latencies.push(performance.now() - c.inflightDue)
      completed++
    }
    c.inflightDue = null
  })
  return new Promise((resolve, reject) => {
    instance.then((result) => {
      const end = performance.now()
      let unfinished = 0
      for (const c of clients) {
        if (c.inflightDue !== null && c.inflightDue < windowEnd) {
          latencies.push(end - c.inflightDue)
          unfinished++
        }
        for (let due = c.due; due < windowEnd; due += periodMs) {
          latencies.push(end - due)
          unfinished++
        }
      }
      resolve({ latencies, completed, unfinished, late, non2xx: result.non2xx, errors: result.errors })
    }, reject)
  })
}

/** Waits out what an overloaded run left queued in the API (at most one request per connection). */
async function drain(url: string, token: string) {
  await fetch(url, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.arrayBuffer())
  await new Promise((r) => setTimeout(r, 200))
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[i]
}

// ---------------------------------------------------------------------------------------------------------------
/** One endpoint at one rate. */
interface Measure {
  requests: number
  unfinished: number
  rps: number
  p50: number
  p90: number
  p99: number
  max: number
  non2xx: number
  errors: number
  late: number
  ok: boolean
}

interface Row {
  path: string
  user: string
  page: string
  items: number
  kb: number
  /** the probe's failure (status and body) when the endpoint did not answer 200: then nothing was measured */
  failed: string | null
  byRate: Record<number, Measure>
  capacity: number
}

const SEED_KEYS = ['communities', 'profiles', 'needs', 'resources', 'posts', 'meetings', 'movements'] as const

async function main() {
  const scenarios = SCENARIOS.filter((s) => !ONLY || ONLY.test(`${urlOf(s)} ${s.user}`))
  // every list operation of the registry has a scenario, so a new list endpoint cannot slip past the budget
  const covered = new Set(SCENARIOS.map((s) => s.op.id))
  const missing = Object.values(ops).filter((o) => isListOp(o as Operation) && !covered.has(o.id)).map((o) => `${o.method} ${o.path} (${o.id})`)
  if (missing.length) throw new Error(`list endpoints without a benchmark scenario: ${missing.join(', ')}`)
  if (!(RATES.length > 0 && DURATION_S > 0 && CONNECTIONS > 0 && WARMUP_S >= 0)) throw new Error('bad BENCH_* setting')

  const t0 = performance.now()
  const loadStart = os.loadavg()
  let db: DistrictDatabase | null = null
  let api: ChildProcess | null = null
  const rows: Row[] = []
  let pgVersion = ''
  let seed: Record<string, number> = {}
  try {
    db = await districtDatabase({ log: (s) => console.log(s) })
    const sql = postgres(db.url, { max: 1, onnotice: () => {} })
    try {
      pgVersion = (await sql`select current_setting('server_version') as v`)[0].v as string
    } finally {
      await sql.end()
    }
    seed = Object.fromEntries(SEED_KEYS.map((k) => [k, db!.counts[k]]))
    console.log(`PostgreSQL ${pgVersion}: district database ${db.name} (${db.built ? 'built now' : 'reused'}, build ${(db.buildMs / 1000).toFixed(1)} s)`)
    console.log(`counts: ${Object.entries(db.counts).map(([k, v]) => `${k} ${v.toLocaleString('en-US')}`).join(', ')}`)

    const started = await startApiProcess(db.url)
    api = started.child
    const base = started.base
    const tokens = {} as Record<Handle, string>
    for (const handle of new Set(scenarios.map((s) => s.user))) {
      // a 503 (the pool's first connections on a busy machine) is retried a few times
      let r: Response
      for (let attempt = 1; ; attempt++) {
        r = await fetch(`${base}/api/auth/dev`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ handle }) })
        if (r.status !== 503 || attempt === 5) break
        await r.arrayBuffer()
        await new Promise((res) => setTimeout(res, 2000))
      }
      const body = (await r.json()) as { token?: string }
      if (r.status !== 200 || !body.token) throw new Error(`login ${handle}: ${r.status} ${JSON.stringify(body)}`)
      tokens[handle] = body.token
    }
    console.log(`API (pid ${api.pid}) at ${base}; logged in ${Object.keys(tokens).join(', ')}`)
    console.log(`load: ${RATES.join(' and ')} req/s offered, evenly paced over ${CONNECTIONS} connections, ${WARMUP_S} s warm-up + ${DURATION_S} s measured per endpoint and rate\n`)

    for (const s of scenarios) {
      const path = urlOf(s)
      const token = tokens[s.user]
      const row: Row = { path, user: s.user, page: s.page, items: 0, kb: 0, failed: null, byRate: {}, capacity: NaN }
      rows.push(row)
      // one plain request first: a benchmark of error responses would be worthless (the endpoint is reported failed)
      const probe = await fetch(base + path, { headers: { authorization: `Bearer ${token}` } })
      const text = await probe.text()
      if (probe.status !== 200) {
        row.failed = `${probe.status} ${text.slice(0, 200)}`
        console.log(`  FAIL ${path} (${s.user}, ${s.page}): ${row.failed}`)
        continue
      }
      const body = JSON.parse(text) as { items?: unknown[]; movements?: unknown[] }
      row.items = (body.items ?? body.movements ?? []).length
      row.kb = Buffer.byteLength(text) / 1024

      if (WARMUP_S > 0) {
        await paced(base + path, token, WARMUP_S, RATES[0])
        await drain(base + path, token)
      }
      const parts: string[] = []
      for (const rate of RATES) {
        const run = await paced(base + path, token, DURATION_S, rate)
        await drain(base + path, token)
        const sorted = run.latencies.sort((x, y) => x - y)
        const m: Measure = {
          requests: sorted.length, unfinished: run.unfinished, rps: run.completed / DURATION_S,
          p50: percentile(sorted, 50), p90: percentile(sorted, 90), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] ?? NaN,
          non2xx: run.non2xx, errors: run.errors, late: run.late, ok: false,
        }
        m.ok = m.p99 <= BUDGET_P99_MS && m.rps >= MIN_RATE_SHARE * rate && m.non2xx === 0 && m.errors === 0
        row.byRate[rate] = m
        parts.push(`${rate}/s: p50 ${m.p50.toFixed(1)} p90 ${m.p90.toFixed(1)} p99 ${m.p99.toFixed(1)} ms, ${m.rps.toFixed(0)} req/s` +
          (m.non2xx || m.errors ? `, ${m.non2xx} non-2xx, ${m.errors} errors` : ''))
      }
      if (CAPACITY) {
        const r = await autocannon({ url: base + path, headers: { authorization: `Bearer ${token}` }, connections: 8, duration: 3, timeout: 30 })
        row.capacity = r['2xx'] / r.duration
        row.byRate[RATE].non2xx += r.non2xx
        row.byRate[RATE].errors += r.errors
        await drain(base + path, token)
      }
      console.log(`  ${row.byRate[RATE].ok ? 'ok  ' : 'MISS'} ${path} (${s.user}, ${s.page}): ${parts.join('; ')}`)
    }
  } finally {
    if (api) await stopApiProcess(api).catch((e) => console.error('stopping the API process:', e))
    if (db) await db.stop().catch(() => {})
  }

  // ---- report
  const fmt = (n: number | undefined, d = 1) => (n !== undefined && Number.isFinite(n) ? n.toFixed(d) : '-')
  const head = RATES.map((r) => `${r}/s req/s | ${r}/s p50 | ${r}/s p90 | ${r}/s p99 |`).join(' ')
  console.log(`\n| endpoint | user | items | KB | ${head} max ms @${RATE} | non-2xx | late sends | unanswered |${CAPACITY ? ' capacity req/s |' : ''} p99 ≤ ${BUDGET_P99_MS} ms @${RATE} |`)
  console.log(`|---|---|---:|---:|${RATES.map(() => '---:|---:|---:|---:|').join('')}---:|---:|---:|---:|${CAPACITY ? '---:|' : ''}---|`)
  for (const r of rows) {
    const b = r.byRate[RATE]
    const cells = RATES.map((rate) => {
      const m = r.byRate[rate]
      return `${fmt(m?.rps, 0)} | ${fmt(m?.p50)} | ${fmt(m?.p90)} | ${fmt(m?.p99)} |`
    }).join(' ')
    const non2xx = r.failed ? 'probe ' + r.failed.split(' ')[0] : String(RATES.reduce((n, rate) => n + (r.byRate[rate]?.non2xx ?? 0) + (r.byRate[rate]?.errors ?? 0), 0))
    console.log(`| \`GET ${r.path}\` | ${r.user} | ${r.items} | ${fmt(r.kb)} | ${cells} ${fmt(b?.max)} | ${non2xx} | ${b?.late ?? '-'} | ${b?.unfinished ?? '-'} |` +
      `${CAPACITY ? ` ${fmt(r.capacity, 0)} |` : ''} ${b?.ok ? 'yes' : '**no**'} |`)
  }
  const cpus = os.cpus()
  console.log(`\nmachine: ${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GB, ${os.type()} ${os.release()}; ` +
    `node ${process.version}; PostgreSQL ${pgVersion} embedded; API, database and load generator on this machine`)
  console.log(`data: ${SEED_KEYS.map((k) => `${k} ${(seed[k] ?? 0).toLocaleString('en-US')}`).join(', ')}`)
  console.log(`load average before ${loadStart.map((l) => l.toFixed(2)).join(' ')}, after ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}; ` +
    `total ${((performance.now() - t0) / 1000).toFixed(0)} s`)
  console.log('requests = due in the measured window (rate × duration); req/s = answered per second; latency = from when the request was due on')
  console.log('its paced schedule to the complete response (unanswered ones: to the end of the run, a lower bound); late sends = left > 5 ms after due')

  const summary = (rate: number) => {
    const measured = rows.filter((r) => r.byRate[rate])
    const p99s = measured.map((r) => r.byRate[rate].p99)
    return {
      worstP99: p99s.length ? round1(Math.max(...p99s)) : null,
      budgetMet: rows.length > 0 && rows.every((r) => r.byRate[rate]?.ok === true),
      endpoints: rows.map((r) => endpointJson(r, rate)),
    }
  }
  const endpointJson = (r: Row, rate: number) => {
    const m = r.byRate[rate]
    return m
      ? { path: r.path, user: r.user, p50: round1(m.p50), p90: round1(m.p90), p99: round1(m.p99), rps: Math.round(m.rps), non2xx: m.non2xx + m.errors }
      : { path: r.path, user: r.user, p50: null, p90: null, p99: null, rps: 0, non2xx: 1, failed: r.failed }
  }
  const main = summary(RATE)
  for (const rate of RATES) {
    const s = summary(rate)
    const missed = rows.filter((r) => !r.byRate[rate]?.ok).map((r) => `${r.path} (${r.user})`)
    console.log(`at ${rate} req/s: worst p99 ${s.worstP99 ?? '-'} ms; ${missed.length ? `p99 > ${BUDGET_P99_MS} ms, under ${MIN_RATE_SHARE * 100}% of the rate or failing: ${missed.length} endpoint(s): ${missed.join(', ')}` : `every endpoint p99 ≤ ${BUDGET_P99_MS} ms`}` +
      (rate === RATE ? ' (the budget)' : ' (for information)'))
  }
  const bad = rows.filter((r) => r.failed || RATES.some((rate) => (r.byRate[rate]?.non2xx ?? 0) > 0 || (r.byRate[rate]?.errors ?? 0) > 0))
  if (bad.length) console.error(`FAILED: responses that were not 2xx (or connection errors) on ${bad.map((r) => `${r.path} (${r.user})`).join(', ')}`)
  console.log(JSON.stringify({
    rate: RATE, durationS: DURATION_S,
    rates: Object.fromEntries(RATES.map((rate) => { const s = summary(rate); return [rate, { worstP99: s.worstP99, budgetMet: s.budgetMet, endpoints: s.endpoints }] })),
    endpoints: main.endpoints,
    worstP99: main.worstP99, budgetMet: main.budgetMet,
    seed,
  }))
  process.exitCode = bad.length ? 1 : 0
}

const round1 = (n: number) => Math.round(n * 10) / 10

if (process.env.BENCH_API_ROLE === 'server') {
  serve().catch((e) => {
    console.error('[bench api server]', e)
    process.exit(1)
  })
} else {
  main().catch((e) => {
    console.error(e)
    process.exit(1)
  })
}
