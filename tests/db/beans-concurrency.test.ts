import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import postgres from 'postgres'
import type { Gateway } from '../../api/_lib/db/types'
import { IDS, as, postgresDatabase } from '../helpers/db'

// Real server only: these are the invariants DESIGN.md §5 budgets ("exactly 100 succeed, no balance negative").
describe('bean ledger under concurrency on a real Postgres', () => {
  let db: Gateway
  let sql: ReturnType<typeof postgres>
  beforeAll(async () => {
    const d = await postgresDatabase('beans_conc')
    db = d.gateway
    sql = postgres(d.url, { max: 2, onnotice: () => {} })
  })
  afterAll(async () => {
    await sql?.end()
    await db?.close()
  })

  async function residents(n: number, beans: number): Promise<string[]> {
    const rows = await sql<{ id: string }[]>`insert into public.profiles (display_name, community_id)
      select '居民' || g, ${IDS.communityA} from generate_series(1, ${n}) g returning id`
    const ids = rows.map((r) => r.id)
    await sql`insert into public.profile_roles (profile_id, role, community_id) select id, 'resident', ${IDS.communityA} from public.profiles where id = any(${ids})`
    // fund them through the ledger itself, so the books stay balanced
    for (const id of ids) {
      await sql`select app.award(${'seed:' + id}, 'award_manual', ${id}::uuid, ${IDS.communityA}::uuid, ${beans}, '测试充值', null, null)`
    }
    return ids
  }
  const reward = (stock: number, price = 30) =>
    db.rpc<{ id: string }>('reward_create', { p_title: '免费理发', p_price_beans: price, p_stock: stock }, as('unit1'))
  const invariants = async () => {
    const [{ negative, sum, unbalanced }] = await sql`select
      (select count(*)::int from public.bean_accounts where kind <> 'pool' and balance < 0) as negative,
      (select coalesce(sum(amount), 0)::int from public.bean_movements) as sum,
      (select count(*)::int from (select 1 from public.bean_movements group by transfer_id having sum(amount) <> 0) x) as unbalanced`
    return { negative, sum, unbalanced }
  }

  it('60 residents redeem a reward with stock 10 at once: exactly 10 succeed, stock 0, books balanced', async () => {
    const ids = await residents(60, 100)
    const r = await reward(10)
    const out = await Promise.allSettled(ids.map((id, i) => db.rpc('reward_redeem', { p_reward_id: r.id, p_key: `conc-redeem-${i}` }, { role: 'authenticated', sub: id })))
    expect(out.filter((o) => o.status === 'fulfilled')).toHaveLength(10)
    expect(new Set((out.filter((o) => o.status === 'rejected') as PromiseRejectedResult[]).map((o) => o.reason.code))).toEqual(new Set(['reward.out_of_stock']))
    const [{ stock }] = await sql`select stock from public.rewards where id = ${r.id}`
    expect(stock).toBe(0)
    expect(await invariants()).toEqual({ negative: 0, sum: 0, unbalanced: 0 })
  })

  it('one resident with beans for one item, 12 parallel redemptions with different keys: exactly 1', async () => {
    const [id] = await residents(1, 30)
    const r = await reward(50)
    const out = await Promise.allSettled(Array.from({ length: 12 }, (_, i) => db.rpc('reward_redeem', { p_reward_id: r.id, p_key: `double-spend-${i}` }, { role: 'authenticated', sub: id })))
    expect(out.filter((o) => o.status === 'fulfilled')).toHaveLength(1)
    const [{ balance }] = await sql`select balance from public.bean_accounts where kind = 'person' and profile_id = ${id}`
    expect(Number(balance)).toBe(0)
    expect(await invariants()).toEqual({ negative: 0, sum: 0, unbalanced: 0 })
  })

  it('the same idempotency key sent 10 times at once makes one redemption and one debit', async () => {
    const [id] = await residents(1, 300)
    const r = await reward(50)
    const out = await Promise.all(Array.from({ length: 10 }, () => db.rpc<{ id: string }>('reward_redeem', { p_reward_id: r.id, p_key: 'same-key-12345' }, { role: 'authenticated', sub: id })))
    expect(new Set(out.map((o) => o.id)).size).toBe(1)
    const [{ balance }] = await sql`select balance from public.bean_accounts where kind = 'person' and profile_id = ${id}`
    expect(Number(balance)).toBe(270)
  })

  it('parallel manual awards by one staff member never pass the daily cap', async () => {
    const ids = await residents(20, 1)
    const out = await Promise.allSettled(ids.map((id, i) => db.rpc('beans_award', { p_profile_id: id, p_amount: 15, p_reason: '热心公益', p_key: `cap-${i}` }, as('admin1'))))
    const [{ total }] = await sql`select coalesce(sum(amount), 0)::int as total from public.bean_transfers where kind = 'award_manual' and actor_id = ${IDS.admin1}`
    expect(total).toBeLessThanOrEqual(200)
    expect(out.filter((o) => o.status === 'fulfilled')).toHaveLength(Math.floor(200 / 15))
  })
})
