/**
 * `npm run bench:seed`: builds (or reuses) the district database of the benchmarks (scripts/lib/bench-db.ts) and
 * prints its counts and URL. `npm run bench:seed -- --serve` then keeps the benchmark PostgreSQL running (the URL
 * stays in /tmp/bench-district.url) so that others can `psql "$(cat /tmp/bench-district.url)"` for EXPLAIN ANALYZE;
 * Ctrl-C (or SIGTERM) stops it. `--rebuild` drops the current district database first.
 *
 * Settings (environment): BENCH_SCALE (1: the district of DESIGN.md §5), BENCH_PG_PORT (54329).
 */
import postgres from 'postgres'
import { DISTRICT_URL_FILE, districtDatabase, districtHash } from './lib/bench-db'

async function main() {
  const serve = process.argv.includes('--serve')
  if (process.argv.includes('--rebuild')) {
    const { benchServer } = await import('./lib/bench-db')
    const server = await benchServer()
    const admin = postgres(server.adminUrl, { max: 1, onnotice: () => {} })
    await admin.unsafe(`drop database if exists district_${districtHash(Number(process.env.BENCH_SCALE ?? 1))} with (force)`)
    await admin.end()
    await server.stop()
  }
  const t0 = performance.now()
  const db = await districtDatabase()
  console.log(`\n${db.built ? 'built' : 'reused'} ${db.name} in ${((performance.now() - t0) / 1000).toFixed(1)} s` +
    (db.built ? '' : ` (its build took ${(db.buildMs / 1000).toFixed(1)} s)`))
  console.log('counts: ' + Object.entries(db.counts).map(([k, v]) => `${k} ${v.toLocaleString('en-US')}`).join(', '))
  console.log(`url: ${db.url} (also in ${DISTRICT_URL_FILE})`)
  if (!serve) {
    await db.stop()
    return
  }
  console.log(`serving until stopped (pid ${process.pid})`)
  const stop = async () => {
    await db.stop().catch(() => {})
    process.exit(0)
  }
  process.on('SIGINT', () => void stop())
  process.on('SIGTERM', () => void stop())
  setInterval(() => {}, 1 << 30)
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
