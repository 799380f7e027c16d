import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTemplate, createDatabaseFromTemplate, startEmbeddedPostgres, type RunningPostgres } from '../tests/helpers/postgres-server'
import { LEDGER_CHECK, districtSizes, seedDistrict } from './lib/bench-district-seed'

/**
 * The district seed of the benchmarks (scripts/lib/bench-district-seed.ts) at a small scale (1/100 of the district)
 * on a real PostgreSQL: its counts follow the scale, the ledger's invariants hold, every resource's service area is
 * approved, every need status is there, and the same scale and anchor give the same rows twice.
 */
const SCALE = 0.01
const ANCHOR = '2026-06-01T08:00:00Z'
const S = districtSizes(SCALE)

/** an md5 of each table's rows (those the generator wrote and the demo seed's, minus its now()-stamped columns) */
const HASHED: Record<string, string> = {
  needs: 'select * from public.needs',
  need_events: 'select * from public.need_events',
  need_followers: 'select * from public.need_followers',
  profiles: `select id, display_name, phone, community_id, micro_grid_id, honour_opt_in from public.profiles`,
  profile_roles: `select profile_id, role, community_id from public.profile_roles`,
  resources: 'select * from public.resources',
  match_proposals: 'select * from public.match_proposals',
  service_projects: 'select * from public.service_projects',
  shifts: 'select * from public.shifts',
  meetings: 'select * from public.meetings',
  votes: 'select * from public.votes',
  topics: 'select * from public.topics',
  bean_transfers: 'select * from public.bean_transfers',
  bean_movements: 'select * from public.bean_movements',
  bean_accounts: 'select * from public.bean_accounts',
  redemptions: 'select * from public.redemptions',
  notifications: 'select * from public.notifications',
  announcements: 'select * from public.announcements',
  audit_log: `select * from public.audit_log where action not in ('role.granted') or detail ? 'role'`,
}

let server: RunningPostgres | null = null
const dbs: postgres.Sql[] = []

async function hashes(sql: postgres.Sql): Promise<Record<string, string>> {
  const out: Record<string, string> = {}
  for (const [t, q] of Object.entries(HASHED)) {
    const [r] = await sql.unsafe(`select md5(coalesce(string_agg(x::text, '|' order by x::text), '')) as h, count(*)::int as n from (${q}) x`)
    out[t] = `${r.n}:${r.h}`
  }
  return out
}

beforeAll(async () => {
  const given = process.env.TEST_DATABASE_ADMIN_URL
  server = given ? null : await startEmbeddedPostgres()
  const adminUrl = given ?? server!.adminUrl
  await buildTemplate(adminUrl)
  for (const label of ['district_a', 'district_b']) {
    const sql = postgres(await createDatabaseFromTemplate(adminUrl, label), { max: 1, onnotice: () => {} })
    dbs.push(sql)
    await seedDistrict(sql, { scale: SCALE, anchor: ANCHOR })
  }
}, 120_000)

afterAll(async () => {
  for (const sql of dbs) await sql.end()
  await server?.stop()
})

const one = async <T = Record<string, unknown>>(text: string) => (await dbs[0].unsafe(text))[0] as T
const num = async (text: string) => Number(Object.values(await one(text))[0])

describe('district seed (1/100 scale)', () => {
  it('builds the structure and scales the volumes as asked', async () => {
    expect(await num('select count(*) from public.streets')).toBe(5)
    expect(await num('select count(*) from public.communities')).toBe(60)
    expect(await num('select count(*) from public.needs')).toBe(S.needs)
    expect(await num('select count(*) from public.resources')).toBe(S.resources)
    expect(await num('select count(*) from public.service_posts')).toBe(S.posts)
    expect(await num('select count(*) from public.meetings')).toBe(S.meetings)
    expect(await num('select count(*) from public.topics where need_id is null')).toBe(S.topics)
    const profiles = await num('select count(*) from public.profiles')
    expect(profiles).toBeGreaterThanOrEqual(60 * S.residents)
    expect(profiles).toBeLessThan(60 * S.residents * 1.3 + 1_000)
    const movements = await num('select count(*) from public.bean_movements')
    expect(movements).toBeGreaterThan(S.movements * 0.8)
    expect(movements).toBeLessThan(S.movements * 1.3)
    // grids hold 300-500 households, micro-grids 50-80 (the demo street's own rows aside)
    expect(await num(`select count(*) from public.grids where id::text like 'dd%' and not households between 300 and 500`)).toBe(0)
    expect(await num(`select count(*) from public.micro_grids where id::text like 'dd%' and not households between 50 and 80`)).toBe(0)
  })

  it('keeps the ledger exact: sum zero, double entry, balances equal the movements, no balance below zero', async () => {
    const c = await one(LEDGER_CHECK)
    expect(Object.fromEntries(Object.entries(c).map(([k, v]) => [k, Number(v)]))).toEqual({
      total: 0, unbalanced: 0, bare_transfers: 0, balance_mismatch: 0, running_mismatch: 0, negative: 0, wrong_leg: 0,
    })
    // the kinds a real ledger has
    const kinds = (await dbs[0].unsafe('select distinct kind::text as k from public.bean_transfers order by 1')).map((r) => r.k)
    expect(kinds).toEqual(expect.arrayContaining(['award_manual', 'award_meeting', 'award_need', 'award_shift', 'redeem', 'settle']))
    // every redemption points at its own redeem transfer of its price
    expect(await num(`select count(*) from public.redemptions y join public.bean_transfers t on t.id = y.transfer_id
      where t.kind <> 'redeem' or t.amount <> y.price_beans`)).toBe(0)
  })

  it('names in every service area only communities its publisher is approved in', async () => {
    expect(await num(`select count(*) from public.resources r
      cross join lateral unnest(case when cardinality(r.area_community_ids) = 0 then array[r.community_id] else r.area_community_ids end) c
      where not app.publisher_serves(r.publisher_id, c)`)).toBe(0)
    // unit1 serves several communities
    expect(await num(`select count(distinct c) from public.resources r cross join lateral unnest(r.area_community_ids) c
      where r.publisher_id = '50000000-0000-4000-8000-000000000009'`)).toBeGreaterThanOrEqual(0)
    expect(await num(`select count(*) from public.profile_roles where profile_id = '50000000-0000-4000-8000-000000000009' and role = 'unit'`)).toBe(5)
  })

  it('has needs in every status, some open past their deadline, and a timeline for each', async () => {
    const statuses = (await dbs[0].unsafe('select distinct status::text as s from public.needs')).map((r) => r.s).sort()
    expect(statuses).toEqual(['closed', 'escalated', 'evaluated', 'in_deliberation', 'in_progress', 'matched', 'rejected', 'resolved', 'submitted', 'triaged'])
    const open = await num(`select count(*) from public.needs where status not in ('closed', 'evaluated', 'rejected', 'resolved')`)
    expect(open / S.needs).toBeGreaterThan(0.01)
    expect(open / S.needs).toBeLessThan(0.1)
    expect(await num(`select count(*) from public.needs where status not in ('closed', 'evaluated', 'rejected', 'resolved') and due_at < '${ANCHOR}'`)).toBeGreaterThan(0)
    expect(await num(`select count(*) from public.needs n where not exists (select 1 from public.need_events e where e.need_id = n.id and e.to_status = n.status)`)).toBe(0)
  })

  it('gives the same rows on a second run', async () => {
    expect(await hashes(dbs[1])).toEqual(await hashes(dbs[0]))
  })
})
