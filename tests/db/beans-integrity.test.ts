import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import postgres from 'postgres'
import { throwIfRefused } from '../../api/_lib/db/errors'
import type { Claims, Gateway } from '../../api/_lib/db/types'
import { DomainError } from '../../core/errors'
import { IDS, as, postgresDatabase } from '../helpers/db'

// Issue 13 items 2b (pickup codes), 6 (idempotency keys) and 8 (credit computed once), on a real Postgres:
// attempt limits and idempotency are about concurrent requests, which PGlite serialises away.

type Redemption = { id: string; rewardId: string; code: string | null; status: string }
type Outcome<T> = { ok: T; err?: undefined } | { ok?: undefined; err: DomainError }

async function outcome<T>(p: Promise<T>): Promise<Outcome<T>> {
  try {
    // a refused answer ({"refused": …}) is what the endpoint turns into its error
    return { ok: throwIfRefused(await p) }
  } catch (e) {
    if (e instanceof DomainError) return { err: e }
    throw e
  }
}

const person = (id: string): Claims => ({ role: 'authenticated', sub: id, aud: 'authenticated' })

describe('golden beans integrity on a real Postgres', () => {
  let db: Gateway
  let sql: ReturnType<typeof postgres>
  beforeAll(async () => {
    const d = await postgresDatabase('beans_integrity')
    db = d.gateway
    sql = postgres(d.url, { max: 4, onnotice: () => {} })
  })
  afterAll(async () => {
    await sql?.end()
    await db?.close()
  })

  /** New people of community A with a role (and beans, funded through the ledger so the books stay balanced). */
  async function people(n: number, role: string, beans = 0, community: string = IDS.communityA): Promise<string[]> {
    const rows = await sql<{ id: string }[]>`insert into public.profiles (display_name, community_id)
      select ${role} || g, ${community} from generate_series(1, ${n}) g returning id`
    const ids = rows.map((r) => r.id)
    await sql`insert into public.profile_roles (profile_id, role, community_id)
      select id, ${role}::public.app_role, ${community} from public.profiles where id = any(${ids})`
    if (beans > 0) {
      for (const id of ids) await sql`select app.award(${'seed:' + id}, 'award_manual', ${id}::uuid, ${community}::uuid, ${beans}, '测试充值', null, null)`
    }
    return ids
  }
  const reward = (by: Claims, price = 10, stock = 100) =>
    db.rpc<{ id: string }>('reward_create', { p_title: '免费理发', p_price_beans: price, p_stock: stock }, by)
  const redeem = (rewardId: string, key: string, who: Claims) => db.rpc<Redemption>('reward_redeem', { p_reward_id: rewardId, p_key: key }, who)
  const verify = (code: string, who: Claims, rewardId?: string) =>
    outcome(db.rpc<Redemption & { holderName: string }>('redemption_verify', { p_code: code, ...(rewardId ? { p_reward_id: rewardId } : {}) }, who))
  /** A 6-digit code that no live redemption holds. */
  async function wrongCode(): Promise<string> {
    for (;;) {
      const c = String(Math.floor(Math.random() * 1_000_000)).padStart(6, '0')
      const [{ n }] = await sql`select count(*)::int as n from public.redemptions where code = ${c} and status = 'reserved'`
      if (n === 0) return c
    }
  }

  describe('pickup codes (item 2b)', () => {
    it('a code verifies only for the reward’s provider or staff of its community; others get 404 and learn nothing', async () => {
      const [holder] = await people(1, 'resident', 100)
      const [otherUnit] = await people(1, 'unit')
      const r = await reward(as('unit1'))
      const x = await redeem(r.id, 'holder-key-0001', person(holder))
      // denied: another unit of the same community, a resident, staff of community B; naming another reward
      for (const who of [person(otherUnit), as('resident2'), as('staff2')]) {
        expect((await verify(x.code!, who)).err?.code).toBe('redemption.code_invalid')
      }
      const other = await reward(person(otherUnit))
      expect((await verify(x.code!, as('unit1'), other.id)).err?.code).toBe('redemption.code_invalid')
      // allowed: staff of the reward's community (naming the reward), and nobody sees the holder's code in the answer
      const v = await verify(x.code!, as('staff1'), r.id)
      expect(v.ok).toMatchObject({ id: x.id, status: 'verified', code: null })
    })

    it('30 wrong codes from one provider at once: 9 are refused as wrong, the 10th locks them (429 with seconds), even for a right code', async () => {
      const [holder] = await people(1, 'resident', 100)
      const [unit] = await people(1, 'unit')
      const r = await reward(person(unit))
      const x = await redeem(r.id, 'holder-key-0002', person(holder))
      const codes = await Promise.all(Array.from({ length: 30 }, () => wrongCode()))
      const out = await Promise.all(codes.map((c) => verify(c, person(unit))))
      const codesSeen = out.map((o) => o.err?.code)
      expect(codesSeen.filter((c) => c === 'redemption.code_invalid')).toHaveLength(9)
      expect(codesSeen.filter((c) => c === 'attempt.too_many')).toHaveLength(21)
      const locked = out.find((o) => o.err?.code === 'attempt.too_many')!.err!
      expect(locked.status).toBe(429)
      expect(locked.retryAfter).toBeGreaterThan(500)
      expect(locked.retryAfter).toBeLessThanOrEqual(600)
      // the wrong tries were counted (committed), not rolled back with an exception
      const [{ n }] = await sql`select count(*)::int as n from public.code_attempts
        where scope = 'redemption.verify.person' and subject = ${unit} and locked_until > now()`
      expect(n).toBe(1)
      expect((await verify(x.code!, person(unit))).err?.code).toBe('attempt.too_many')
      // another verifier of the same reward is not locked by it
      expect((await verify(x.code!, as('staff1'))).ok).toMatchObject({ id: x.id, status: 'verified' })
    })

    it('wrong codes naming one reward lock that reward for every verifier (per-object limit)', async () => {
      const [holder] = await people(1, 'resident', 100)
      const staff = await people(3, 'staff')
      const r = await reward(as('unit1'))
      const x = await redeem(r.id, 'holder-key-0003', person(holder))
      // 3 staff × 7 wrong tries each stay under the per-person limit (10) but pass the per-reward one (20)
      const results: string[] = []
      for (const s of staff) {
        for (let i = 0; i < 7; i++) results.push((await verify(await wrongCode(), person(s), r.id)).err!.code)
      }
      expect(results.slice(0, 19).every((c) => c === 'redemption.code_invalid')).toBe(true)
      expect(results[19]).toBe('attempt.too_many')
      expect((await verify(x.code!, as('unit1'), r.id)).err?.code).toBe('attempt.too_many')
      // without naming a reward the community's own limit applies, which is not yet reached
      expect((await verify(x.code!, as('unit1'))).ok).toMatchObject({ id: x.id, status: 'verified' })
    })

    it('without a reward named, wrong codes count against the verifier’s community', async () => {
      const staff = await people(6, 'staff', 0, IDS.communityB)
      // community B's wrong tries so far (staff2's in the first test)
      const [{ before }] = await sql`select coalesce(max(failures), 0)::int as before from public.code_attempts
        where scope = 'redemption.verify.community' and subject = ${IDS.communityB}`
      const out: string[] = []
      for (const s of staff) for (let i = 0; i < 9; i++) out.push((await verify(await wrongCode(), person(s))).err!.code)
      // 50 per community: the 50th wrong try locks community B, though no one person reached their 10
      expect(out.slice(0, 49 - before).every((c) => c === 'redemption.code_invalid')).toBe(true)
      expect(out[49 - before]).toBe('attempt.too_many')
      expect((await verify(await wrongCode(), as('staff2'))).err?.code).toBe('attempt.too_many')
      // community A is not affected
      expect((await verify(await wrongCode(), as('staff1'))).err?.code).toBe('redemption.code_invalid')
    })
  })

  describe('idempotency keys (item 6)', () => {
    it('redeem: the same key with another reward is 422 idempotency.key_reused; the same request replays the first answer', async () => {
      const [me] = await people(1, 'resident', 100)
      const a = await reward(as('unit1'))
      const b = await reward(as('unit1'))
      const first = await redeem(a.id, 'reuse-key-0001', person(me))
      const again = await redeem(a.id, 'reuse-key-0001', person(me))
      expect(again).toEqual(first)
      const other = await outcome(redeem(b.id, 'reuse-key-0001', person(me)))
      expect(other.err?.code).toBe('idempotency.key_reused')
      expect(other.err?.status).toBe(422)
      const [{ n }] = await sql`select count(*)::int as n from public.redemptions where profile_id = ${me}`
      expect(n).toBe(1)
      // scoped by person: another resident may use the same key for their own redemption
      const [you] = await people(1, 'resident', 100)
      expect((await redeem(b.id, 'reuse-key-0001', person(you))).rewardId).toBe(b.id)
    })

    it('redeem: 20 at once with one key and one body → one redemption, 20 identical answers', async () => {
      const [me] = await people(1, 'resident', 1000)
      const r = await reward(as('unit1'))
      const out = await Promise.all(Array.from({ length: 20 }, () => outcome(redeem(r.id, 'parallel-same-0001', person(me)))))
      expect(out.filter((o) => o.err)).toEqual([])
      for (const o of out) expect(o.ok).toEqual(out[0].ok)
      const [{ n, balance }] = await sql`select (select count(*)::int from public.redemptions where profile_id = ${me}) as n,
        (select balance::int from public.bean_accounts where kind = 'person' and profile_id = ${me}) as balance`
      expect({ n, balance }).toEqual({ n: 1, balance: 990 })
    })

    it('redeem: 20 at once with one key and 20 different rewards → one redemption, 19 × 422, never a 500', async () => {
      const [me] = await people(1, 'resident', 1000)
      const rewards = await Promise.all(Array.from({ length: 20 }, () => reward(as('unit1'))))
      const out = await Promise.all(rewards.map((r) => outcome(redeem(r.id, 'parallel-diff-0001', person(me)))))
      expect(out.filter((o) => o.ok)).toHaveLength(1)
      expect(out.filter((o) => o.err?.code === 'idempotency.key_reused')).toHaveLength(19)
      const [{ n, balance }] = await sql`select (select count(*)::int from public.redemptions where profile_id = ${me}) as n,
        (select balance::int from public.bean_accounts where kind = 'person' and profile_id = ${me}) as balance`
      expect({ n, balance }).toEqual({ n: 1, balance: 990 })
    })

    it('award: the same key with another amount or person is 422; the same request replays; 20 at once → one award', async () => {
      const [to, to2] = await people(2, 'resident')
      const [staff] = await people(1, 'staff')
      const award = (profileId: string, amount: number, key: string) =>
        outcome(db.rpc<{ transferId: string; balance: number }>('beans_award', { p_profile_id: profileId, p_amount: amount, p_reason: '热心公益', p_key: key }, person(staff)))
      const first = await award(to, 10, 'award-key-0001')
      expect(first.ok).toMatchObject({ amount: 10, balance: 10 })
      expect((await award(to, 10, 'award-key-0001')).ok).toEqual(first.ok)
      expect((await award(to, 11, 'award-key-0001')).err?.code).toBe('idempotency.key_reused')
      expect((await award(to2, 10, 'award-key-0001')).err?.code).toBe('idempotency.key_reused')

      const same = await Promise.all(Array.from({ length: 20 }, () => award(to2, 7, 'award-key-0002')))
      expect(same.filter((o) => o.err)).toEqual([])
      for (const o of same) expect(o.ok).toEqual(same[0].ok)
      const diff = await Promise.all(Array.from({ length: 20 }, (_, i) => award(to2, 1 + i, 'award-key-0003')))
      expect(diff.filter((o) => o.ok)).toHaveLength(1)
      expect(diff.filter((o) => o.err?.code === 'idempotency.key_reused')).toHaveLength(19)
      const [{ n }] = await sql`select count(*)::int as n from public.bean_transfers where kind = 'award_manual' and actor_id = ${staff}`
      expect(n).toBe(3)
    })

    it('keys are scoped by operation: one key may serve an award and a redemption of the same person', async () => {
      const [staff] = await people(1, 'staff', 100)
      const r = await reward(as('unit1'))
      await db.rpc('beans_award', { p_profile_id: IDS.resident1, p_amount: 5, p_reason: '热心公益', p_key: 'shared-key-0001' }, person(staff))
      expect((await redeem(r.id, 'shared-key-0001', person(staff))).rewardId).toBe(r.id)
    })
  })

  describe('credit computed once, in SQL (item 8)', () => {
    it('an average rating of 2.75 scores 39, and the explanation’s points sum to the score', async () => {
      const [publisher] = await people(1, 'unit')
      const [res] = await sql<{ id: string }[]>`insert into public.resources (community_id, publisher_id, title, kind, categories, capacity, contact_name, contact_phone)
        values (${IDS.communityA}, ${publisher}, '家电维修', 'social', '{other}', 10, '王师傅', '13800000000') returning id`
      for (const rating of [3, 3, 3, 2]) {
        const [n] = await sql<{ id: string }[]>`insert into public.needs (community_id, micro_grid_id, title, description, category, created_by, submitted_by)
          values (${IDS.communityA}, ${IDS.microA1}, '空调需要清洗', '夏天到了，空调需要清洗一下。', 'other', ${IDS.resident1}, ${IDS.resident1}) returning id`
        await sql`insert into public.service_projects (community_id, need_id, resource_id, origin, status, unit_confirmed_at, community_confirmed_at, rating, created_by)
          values (${IDS.communityA}, ${n.id}, ${res.id}, 'community_claim', 'evaluated', now(), now(), ${rating}, ${IDS.staff1})`
      }
      const c = await db.rpc<{ score: number; contribution: number; integrity: number; inputs: { avgRating: number }; terms: { key: string; part: string; points: number; inputs: Record<string, number> }[] }>('credit_me', {}, person(publisher))
      expect(c.inputs.avgRating).toBe(2.75)
      expect(c.score).toBe(39)
      expect(c.terms.reduce((s, t) => s + t.points, 0)).toBe(c.score)
      expect(c.terms.filter((t) => t.part === 'integrity').reduce((s, t) => s + t.points, 0)).toBe(c.integrity)
      expect(c.terms.filter((t) => t.part === 'contribution').reduce((s, t) => s + t.points, 0)).toBe(c.contribution)
      expect(c.terms.find((t) => t.key === 'rating')).toMatchObject({ points: -1, inputs: { avgRating: 2.75 } })
    })

    it('the caps are terms too: contribution over 60 and integrity below 0 still sum to the score', async () => {
      const [who] = await people(1, 'resident', 900)
      const c = await db.rpc<{ score: number; contribution: number; terms: { key: string; points: number }[] }>('credit_me', {}, person(who))
      expect(c.contribution).toBe(60)
      expect(c.terms.find((t) => t.key === 'contribution_cap')?.points).toBe(-30)
      expect(c.terms.reduce((s, t) => s + t.points, 0)).toBe(c.score)
      // 9 no-shows and a 1-star average: 40 - 72 - 4 = -36, held at 0 by a +36 term
      const [{ r }] = await sql`select app.credit_terms(0, 0, 9, 0, 1) as r`
      expect(r).toMatchObject({ score: 0, integrity: 0, level: 1 })
      expect(r.terms.find((t: { key: string }) => t.key === 'integrity_bounds').points).toBe(36)
      expect(r.terms.reduce((s: number, t: { points: number }) => s + t.points, 0)).toBe(0)
    })
  })

  // Last: it changes grants the way 20261201000500_beans.sql does (no direct read of redemptions.code, read
  // functions as security invoker), and checks the owner still sees their code and a provider never does.
  describe('pickup codes are not readable directly (item 2b)', () => {
    it('after the code column is revoked and redemptions_mine runs as invoker, the owner still sees the code, the provider cannot select it', async () => {
      const [holder] = await people(1, 'resident', 100)
      const r = await reward(as('unit1'))
      const x = await redeem(r.id, 'privacy-key-0001', person(holder))
      await sql.unsafe('revoke select on public.redemptions from authenticated')
      await sql.unsafe(`grant select (id, reward_id, profile_id, status, price_beans, transfer_id, settle_transfer_id, expires_at,
        verified_at, verified_by, cancelled_at, created_at) on public.redemptions to authenticated`)
      await sql.unsafe('alter function public.redemptions_mine(text, int) security invoker')
      const mine = (await db.rpc<{ items: Redemption[] }>('redemptions_mine', {}, person(holder))).items
      expect(mine.find((m) => m.id === x.id)?.code).toBe(x.code)
      const asProvider = async (text: string) =>
        sql.begin(async (tx) => {
          await tx`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', ${JSON.stringify(as('unit1'))}, true)`
          return tx.unsafe(text)
        })
      await expect(asProvider(`select code from public.redemptions where id = '${x.id}'`)).rejects.toThrow(/permission denied/)
      expect(await asProvider(`select id from public.redemptions where id = '${x.id}'`)).toHaveLength(1)
      const theirs = (await db.rpc<{ items: Redemption[] }>('redemptions_mine', {}, as('unit1'))).items
      expect(theirs.find((m) => m.id === x.id)).toBeUndefined()
    })
  })
})
