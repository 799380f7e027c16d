import { describe, expect, it } from 'vitest'
import { DomainError } from '../../core/errors'
import { throwIfRefused } from '../../api/_lib/db/errors'
import { ADAPTERS, IDS, as, useTestDb } from '../helpers/db'

async function failure(p: Promise<unknown>): Promise<DomainError> {
  try {
    // a refused answer (a wrong pickup code, counted against the attempt limit) is an error to the endpoint
    throwIfRefused(await p)
  } catch (e) {
    if (e instanceof DomainError) return e
    throw e
  }
  throw new Error('expected a DomainError, the call succeeded')
}

type Redemption = { id: string; code: string | null; status: string }

describe.each(ADAPTERS)('golden beans on %s', (kind) => {
  const t = useTestDb(kind, 'beans')

  const balance = async (who: Parameters<typeof as>[0]) => (await t.db.rpc<{ balance: number }>('beans_me', {}, as(who))).balance
  const award = (to: string, amount: number, key: string, by: Parameters<typeof as>[0] = 'staff1') =>
    t.db.rpc<{ balance: number; transferId: string }>('beans_award', { p_profile_id: to, p_amount: amount, p_reason: '环境整治表现突出', p_key: key }, as(by))
  const reward = (over: Record<string, unknown> = {}, who: Parameters<typeof as>[0] = 'unit1') =>
    t.db.rpc<{ id: string; stock: number }>('reward_create', { p_title: '免费理发', p_price_beans: 30, p_stock: 5, ...over }, as(who))
  const ledgerSum = async () => Number((await t.sql<{ s: string }>('select coalesce(sum(amount), 0)::text as s from public.bean_movements'))[0].s)

  it('staff award by hand: audited, idempotent, never to themselves, capped per day', async () => {
    const a = await award(IDS.resident1, 50, 'k-1')
    expect(a.balance).toBe(50)
    const again = await award(IDS.resident1, 50, 'k-1')
    expect(again.transferId).toBe(a.transferId)
    expect(await balance('resident1')).toBe(50)
    expect((await failure(award(IDS.staff1, 10, 'k-self'))).code).toBe('bean.award_self')
    expect((await failure(award(IDS.resident1, 10, 'k-res', 'resident2'))).code).toBe('auth.forbidden')
    expect((await failure(award(IDS.resident3, 10, 'k-b'))).code).toBe('auth.forbidden')
    expect((await failure(award(IDS.resident2, 151, 'k-cap'))).code).toBe('bean.daily_cap')
    expect((await award(IDS.resident2, 150, 'k-cap2')).balance).toBe(150)
    expect((await failure(award(IDS.resident2, 1, 'k-cap3'))).code).toBe('bean.daily_cap')
    expect(await ledgerSum()).toBe(0)
  })

  it('movements are immutable for everyone and every transfer sums to zero', async () => {
    await expect(t.sql('update public.bean_movements set amount = amount * 2')).rejects.toThrow(/bean.immutable/)
    await expect(t.sql('delete from public.bean_transfers')).rejects.toThrow(/bean.immutable|foreign key/)
    const unbalanced = await t.sql<{ n: string }>(`select count(*)::text as n from (select transfer_id from public.bean_movements group by transfer_id having sum(amount) <> 0) x`)
    expect(unbalanced[0].n).toBe('0')
  })

  it('redeem → pickup code → provider verifies; the code is for the holder only; balance never negative', async () => {
    const r = await reward()
    const before = await balance('resident1')
    const x = await t.db.rpc<Redemption>('reward_redeem', { p_reward_id: r.id, p_key: 'redeem-key-0001' }, as('resident1'))
    expect(x.code).toMatch(/^[0-9]{6}$/)
    expect(await balance('resident1')).toBe(before - 30)
    const same = await t.db.rpc<Redemption>('reward_redeem', { p_reward_id: r.id, p_key: 'redeem-key-0001' }, as('resident1'))
    expect(same.id).toBe(x.id)
    expect(await balance('resident1')).toBe(before - 30)
    expect((await failure(t.db.rpc('redemption_verify', { p_code: x.code }, as('resident2')))).code).toBe('redemption.code_invalid')
    // another provider cannot verify unit1's codes
    const [other] = await t.sql<{ id: string }>(`insert into public.profiles (display_name, community_id) values ('绿叶公益', $1) returning id`, [IDS.communityA])
    await t.sql(`insert into public.profile_roles (profile_id, role, community_id) values ($1, 'unit', $2)`, [other.id, IDS.communityA])
    await t.db.rpc('reward_create', { p_title: '义剪', p_price_beans: 5, p_stock: 1 }, { role: 'authenticated', sub: other.id })
    expect((await failure(t.db.rpc('redemption_verify', { p_code: x.code }, { role: 'authenticated', sub: other.id }))).code).toBe('redemption.code_invalid')
    const v = await t.db.rpc<Redemption & { holderName: string }>('redemption_verify', { p_code: x.code }, as('unit1'))
    expect(v).toMatchObject({ status: 'verified', holderName: '张阿姨', code: null })
    expect((await failure(t.db.rpc('redemption_verify', { p_code: x.code }, as('unit1')))).code).toBe('redemption.code_invalid')
    // resident3 (community B) cannot redeem A's reward; a poor resident gets bean.insufficient
    expect((await failure(t.db.rpc('reward_redeem', { p_reward_id: r.id, p_key: 'redeem-key-0002' }, as('resident3')))).code).toBe('reward.not_found')
    expect((await failure(t.db.rpc('reward_redeem', { p_reward_id: r.id, p_key: 'redeem-key-0003' }, as('talent1')))).code).toBe('bean.insufficient')
    expect(await ledgerSum()).toBe(0)
  })

  it('cancel and expiry refund and restore stock; stock and per-person limits hold', async () => {
    await award(IDS.party1, 150, 'k-party', 'admin1') // staff1 spent today's cap above
    const r = await reward({ p_stock: 2, p_per_person_limit: 1, p_limit_period: 'month' })
    const x = await t.db.rpc<Redemption>('reward_redeem', { p_reward_id: r.id, p_key: 'party-redeem-1' }, as('party1'))
    expect((await failure(t.db.rpc('reward_redeem', { p_reward_id: r.id, p_key: 'party-redeem-2' }, as('party1')))).code).toBe('reward.limit_reached')
    expect((await failure(t.db.rpc('redemption_cancel', { p_id: x.id }, as('resident2')))).code).toBe('redemption.not_found')
    const c = await t.db.rpc<Redemption>('redemption_cancel', { p_id: x.id }, as('party1'))
    expect(c.status).toBe('cancelled')
    expect(await balance('party1')).toBe(150)
    const y = await t.db.rpc<Redemption>('reward_redeem', { p_reward_id: r.id, p_key: 'party-redeem-3' }, as('party1'))
    await t.sql(`update public.redemptions set expires_at = now() - interval '1 minute' where id = $1`, [y.id])
    expect(await t.db.rpc('beans_sweep', {}, { role: 'service_role' })).toEqual({ expired: 1 })
    expect(await t.db.rpc('beans_sweep', {}, { role: 'service_role' })).toEqual({ expired: 0 })
    expect(await balance('party1')).toBe(150)
    const [{ stock }] = await t.sql<{ stock: number }>('select stock from public.rewards where id = $1', [r.id])
    expect(stock).toBe(2)
    const one = await reward({ p_stock: 1 })
    await t.db.rpc('reward_redeem', { p_reward_id: one.id, p_key: 'party-redeem-4' }, as('party1'))
    expect((await failure(t.db.rpc('reward_redeem', { p_reward_id: one.id, p_key: 'party-redeem-5' }, as('party1')))).code).toBe('reward.out_of_stock')
  })

  it('a reward may require a minimum credit level; credit comes with terms that sum to the score', async () => {
    const r = await reward({ p_min_credit_level: 3 })
    expect((await failure(t.db.rpc('reward_redeem', { p_reward_id: r.id, p_key: 'credit-redeem-1' }, as('resident1')))).code).toBe('reward.credit_too_low')
    const c = await t.db.rpc<{ score: number; level: number; contribution: number; integrity: number; inputs: Record<string, unknown>; terms: { points: number }[] }>('credit_me', {}, as('resident1'))
    expect(c.level).toBeLessThan(3)
    expect(c.terms.reduce((s, x) => s + x.points, 0)).toBe(c.score)
    expect(c.score).toBe(c.contribution + c.integrity)
    expect((await failure(t.db.rpc('reward_create', { p_title: '体检', p_price_beans: 10, p_stock: 1 }, as('resident1')))).code).toBe('auth.forbidden')
  })

  it('earning rules: a confirmed shift credits its pending award once; a rated need credits its owner', async () => {
    const post = await t.db.rpc<{ id: string; slots: { id: string }[] }>('post_create', {
      p_title: '环境整治', p_category: 'environment', p_lat: 32.04, p_lng: 118.78, p_radius_m: 300, p_bean_rate_per_hour: 20,
      p_slots: [{ startsAt: new Date(Date.now() - 600_000).toISOString(), endsAt: new Date(Date.now() + 3_600_000).toISOString(), capacity: 2 }],
    }, as('staff1'))
    const s = await t.db.rpc<{ id: string }>('shift_claim', { p_post_id: post.id, p_slot_id: post.slots[0].id }, as('talent1'))
    await t.db.rpc('shift_check_in', { p_id: s.id, p_lat: 32.04, p_lng: 118.78 }, as('talent1'))
    await t.sql(`update public.shifts set check_in_at = now() - interval '90 minutes' where id = $1`, [s.id])
    await t.db.rpc('shift_check_out', { p_id: s.id, p_lat: 32.04, p_lng: 118.78 }, as('talent1'))
    const before = await balance('talent1')
    const confirmed = await t.db.rpc<{ verifiedMinutes: number; beansPending: number }>('shift_confirm', { p_id: s.id, p_approve: true }, as('staff1'))
    // 90 minutes on site, capped at the 70-minute slot: 70/60 h × 20 beans/h = 23
    expect(confirmed).toMatchObject({ verifiedMinutes: 70, beansPending: 23 })
    expect(await balance('talent1')).toBe(before + 23)
    const moves = await t.db.rpc<{ items: { kind: string; amount: number; reason: string }[] }>('beans_me', {}, as('talent1'))
    expect(moves.items[0]).toMatchObject({ kind: 'award_shift', amount: 23 })

    const n = await t.db.rpc<{ id: string }>('need_create', { p_title: '花坛需要修剪', p_description: '花坛杂草很多，影响环境卫生。', p_category: 'sanitation' }, as('resident2'))
    await t.db.rpc('need_triage', { p_id: n.id, p_track: 'shared', p_severity: 'general' }, as('staff1'))
    await t.db.rpc('need_transition', { p_id: n.id, p_to: 'in_progress' }, as('staff1'))
    await t.db.rpc('need_transition', { p_id: n.id, p_to: 'resolved', p_note: '已修剪花坛并清理杂草' }, as('staff1'))
    const b2 = await balance('resident2')
    await t.db.rpc('need_evaluate', { p_id: n.id, p_rating: 5 }, as('resident2'))
    expect(await balance('resident2')).toBe(b2 + 2)
    expect(await ledgerSum()).toBe(0)
  })

  it('the monthly report is for staff: issued, redeemed, outstanding', async () => {
    const month = new Date().toISOString().slice(0, 7) + '-01'
    const r = await t.db.rpc<{ issued: number; redeemed: number; outstanding: number; inEscrow: number }>('beans_report', { p_community_id: IDS.communityA, p_month: month }, as('staff1'))
    expect(r.issued).toBeGreaterThan(0)
    expect(r.redeemed).toBe(30)
    const [{ s }] = await t.sql<{ s: string }>(`select sum(a.balance)::text as s from public.bean_accounts a join public.profiles p on p.id = a.profile_id where a.kind = 'person' and p.community_id = $1`, [IDS.communityA])
    expect(r.outstanding).toBe(Number(s))
    expect((await failure(t.db.rpc('beans_report', { p_community_id: IDS.communityA, p_month: month }, as('resident1')))).code).toBe('auth.forbidden')
  })
})
