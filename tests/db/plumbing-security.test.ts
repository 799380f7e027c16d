import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { DomainError } from '../../core/errors'
import { SERVICE_CLAIMS } from '../../api/_lib/db/types'
import { ADAPTERS, IDS, as, useTestDb } from '../helpers/db'

async function failure(p: Promise<unknown>): Promise<DomainError> {
  try {
    await p
  } catch (e) {
    if (e instanceof DomainError) return e
    throw e
  }
  throw new Error('expected a DomainError')
}

// Issue 13 item 7 (profiles, photos) and item 5 (needs_similar), on both gateways: the check runs in the statement that
// sets the claims, so it holds for every RPC, readers and writers alike.
describe.each(ADAPTERS)('request plumbing on %s', (kind) => {
  const t = useTestDb(kind, 'plumbing_sec_db')

  it('a suspended profile is refused on every RPC (auth.suspended), and again served once cleared', async () => {
    expect(await t.db.rpc('me', {}, as('resident2'))).toMatchObject({ id: IDS.resident2 })
    await t.sql(`update public.profiles set suspended_at = now() where id = $1`, [IDS.resident2])
    for (const [fn, args] of [['me', {}], ['needs_mine', {}], ['request_check', {}], ['needs_similar', { p_micro_grid_id: IDS.microA2, p_title: '路灯' }]] as const) {
      const e = await failure(t.db.rpc(fn, args, as('resident2')))
      expect(e.code, fn).toBe('auth.suspended')
      expect(e.status).toBe(403)
    }
    // others, and the service role (cron, logins), are not affected
    expect(await t.db.rpc('me', {}, as('resident1'))).toMatchObject({ id: IDS.resident1 })
    expect(await t.db.rpc('request_check', {}, as('staff1'))).toBe(true)
    await t.sql(`update public.profiles set suspended_at = null where id = $1`, [IDS.resident2])
    expect(await t.db.rpc('me', {}, as('resident2'))).toMatchObject({ id: IDS.resident2 })
  })

  it('a token whose profile no longer exists is refused (auth.profile_missing, 401)', async () => {
    const ghost = { role: 'authenticated' as const, sub: randomUUID(), aud: 'authenticated' }
    for (const fn of ['needs_mine', 'request_check', 'me']) {
      const e = await failure(t.db.rpc(fn, {}, ghost))
      expect(e.code, fn).toBe('auth.profile_missing')
      expect(e.status).toBe(401)
    }
  })

  it('the role is still set for the call: a function not granted to authenticated stays out of reach', async () => {
    // app.begin_request sets the role inside a function; it must outlive that function, or every RPC would run as the
    // connecting (super)user
    const who = await t.db.rpc<string>('request_check', {}, as('resident1'))
    expect(who).toBe(true)
    await expect(t.db.rpc('file_access', { p_key: 'x' }, SERVICE_CLAIMS)).rejects.toThrow()
  })

  it('file_access: a shift photo for its volunteer, staff of the post’s community and the uploader only', async () => {
    const key = `shifts/${IDS.party1}/${randomUUID()}.png`
    const [post] = await t.sql<{ id: string }>(
      `insert into public.service_posts (community_id, title, category, lat, lng, radius_m, bean_rate_per_hour, created_by)
       values ($1, '健康义诊', 'health_clinic', 32.04, 118.77, 200, 10, $2) returning id`, [IDS.communityA, IDS.staff1])
    const [slot] = await t.sql<{ id: string }>(
      `insert into public.post_slots (post_id, starts_at, ends_at, capacity, claimed) values ($1, now() - interval '2 hours', now() - interval '1 hour', 2, 1) returning id`, [post.id])
    await t.sql(`insert into public.shifts (slot_id, post_id, profile_id, status, photos) values ($1, $2, $3, 'checked_out', array[$4])`, [slot.id, post.id, IDS.party1, key])
    // admin1 holds the admin role in community A, which counts as its staff everywhere (app.is_staff_of)
    const expected: Record<string, boolean> = { party1: true, staff1: true, admin1: true, staff2: false, resident1: false, grid1: false, talent1: false }
    for (const [who, allowed] of Object.entries(expected)) {
      expect(await t.db.rpc('file_access', { p_key: key }, as(who as 'party1')), who).toBe(allowed)
    }
    // an upload not (yet) attached to anything: its uploader only
    const loose = `shifts/${IDS.talent1}/${randomUUID()}.jpg`
    expect(await t.db.rpc('file_access', { p_key: loose }, as('talent1'))).toBe(true)
    expect(await t.db.rpc('file_access', { p_key: loose }, as('staff1'))).toBe(false)
  })

  it('file_access: a notice’s image for whoever may read the notice', async () => {
    const key = `shifts/${IDS.staff1}/${randomUUID()}.jpg`
    const [street] = await t.sql<{ street_id: string }>(`select street_id from public.communities where id = $1`, [IDS.communityA])
    await t.sql(
      `insert into public.announcements (scope, street_id, community_id, title, body, image_keys, author_id) values ('community', $1, $2, '停水通知', '明天停水', array[$3], $4)`,
      [street.street_id, IDS.communityA, key, IDS.staff1])
    expect(await t.db.rpc('file_access', { p_key: key }, as('resident1'))).toBe(true)
    expect(await t.db.rpc('file_access', { p_key: key }, as('resident3'))).toBe(false)
    expect(await t.db.rpc('file_access', { p_key: key }, as('staff2'))).toBe(false)
  })

  it('needs_similar lists needs that have no owner (hotline) with mine = false', async () => {
    const [n] = await t.sql<{ id: string }>(
      `insert into public.needs (community_id, micro_grid_id, title, description, category, created_by, submitted_by, source, contact_name, contact_phone)
       values ($1, $2, '小区门口路灯不亮', '小区门口两盏路灯晚上都不亮', 'facility_repair', null, $3, 'hotline', '王阿姨', '13800000000') returning id`,
      [IDS.communityA, IDS.microA1, IDS.staff1])
    const { items } = await t.db.rpc<{ items: Array<{ id: string; mine: boolean }> }>('needs_similar', { p_micro_grid_id: IDS.microA1, p_title: '小区门口路灯不亮了' }, as('resident1'))
    expect(items.find((x) => x.id === n.id)).toMatchObject({ mine: false })
  })
})
