import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ZStatsOverviewResponse, type StatsCount, type StatsFigures } from '../../core/contracts/stats'
import { IDS } from '../helpers/db'
import { startTestApi, type TestApi } from '../helpers/api'

/**
 * GET /api/stats/overview against a scene laid out below with known timestamps (September 2026, Asia/Shanghai days).
 * Every expected figure is computed here from the scene's own description (plain JS: filters, sorts, medians), not
 * by asking the database again.
 */

const FROM = '2026-09-01'
const TO = '2026-09-30'
// the period's instants: 2026-09-01 00:00 and 2026-10-01 00:00 in China (UTC+8)
const START = Date.parse('2026-09-01T00:00:00+08:00')
const END = Date.parse('2026-10-01T00:00:00+08:00')
const MIN = 60_000
const t = (iso: string) => Date.parse(iso)

const MICRO_A3 = '40000000-0000-4000-8000-0000000000a3' // added in 和平小学专属网格 (gridA2), which has none in the seed
const GRID_A2 = '30000000-0000-4000-8000-0000000000a2'

type Actor = 'owner' | 'staff' | 'grid_worker' | 'system'
interface SceneEvent { from: string | null; to: string; actor: Actor; by: string | null; at: number }
interface SceneNeed {
  key: string
  community: string
  micro: string | null
  grid: string | null
  category: string
  status: string
  track: string | null
  severity: string | null
  department?: string
  owner: string
  createdAt: number
  dueAt: number | null
  resolvedAt: number | null
  rating: number | null
  /** minutes after creation; the submission itself (from = null) is added for every need */
  events: { to: string; actor: Actor; by: string | null; after: number }[]
}

const need = (n: Omit<SceneNeed, 'grid'>): SceneNeed => ({ ...n, grid: n.micro === MICRO_A3 ? GRID_A2 : n.micro ? (n.micro === IDS.microB1 ? '30000000-0000-4000-8000-0000000000b1' : IDS.gridA1) : null })

const NEEDS: SceneNeed[] = [
  // on time, rated 5
  need({ key: 'N1', community: IDS.communityA, micro: IDS.microA1, category: 'sanitation', status: 'evaluated', track: 'private', severity: 'general', owner: IDS.resident1,
    createdAt: t('2026-09-10T02:00:00Z'), dueAt: t('2026-09-10T03:00:00Z'), resolvedAt: t('2026-09-10T02:50:00Z'), rating: 5,
    events: [{ to: 'triaged', actor: 'staff', by: IDS.staff1, after: 10 }, { to: 'in_progress', actor: 'staff', by: IDS.staff1, after: 20 },
      { to: 'resolved', actor: 'staff', by: IDS.staff1, after: 50 }, { to: 'evaluated', actor: 'owner', by: IDS.resident1, after: 90 }] }),
  // resolved a day late, rated 3, then closed
  need({ key: 'N2', community: IDS.communityA, micro: IDS.microA2, category: 'parking', status: 'closed', track: 'shared', severity: 'major', owner: IDS.resident2,
    createdAt: t('2026-09-11T00:00:00Z'), dueAt: t('2026-09-12T00:00:00Z'), resolvedAt: t('2026-09-12T06:00:00Z'), rating: 3,
    events: [{ to: 'triaged', actor: 'grid_worker', by: IDS.grid1, after: 30 }, { to: 'in_progress', actor: 'grid_worker', by: IDS.grid1, after: 60 },
      { to: 'resolved', actor: 'staff', by: IDS.staff1, after: 1800 }, { to: 'evaluated', actor: 'owner', by: IDS.resident2, after: 1900 },
      { to: 'closed', actor: 'system', by: null, after: 2000 }] }),
  // still open, past its deadline
  need({ key: 'N3', community: IDS.communityA, micro: IDS.microA1, category: 'medical', status: 'in_progress', track: 'public', severity: 'major', department: '区卫健委', owner: IDS.resident1,
    createdAt: t('2026-09-15T00:00:00Z'), dueAt: t('2026-09-16T00:00:00Z'), resolvedAt: null, rating: null,
    events: [{ to: 'triaged', actor: 'staff', by: IDS.staff1, after: 120 }, { to: 'in_progress', actor: 'staff', by: IDS.staff1, after: 180 }] }),
  // nobody answered yet; no micro-grid
  need({ key: 'N4', community: IDS.communityA, micro: null, category: 'other', status: 'submitted', track: null, severity: null, owner: IDS.resident2,
    createdAt: t('2026-09-20T00:00:00Z'), dueAt: null, resolvedAt: null, rating: null, events: [] }),
  // rejected after triage: its deadline does not count toward the overdue rate
  need({ key: 'N5', community: IDS.communityA, micro: MICRO_A3, category: 'dispute', status: 'rejected', track: 'private', severity: 'general', owner: IDS.resident1,
    createdAt: t('2026-09-21T00:00:00Z'), dueAt: t('2026-09-21T01:00:00Z'), resolvedAt: null, rating: null,
    events: [{ to: 'triaged', actor: 'staff', by: IDS.staff1, after: 5 }, { to: 'rejected', actor: 'staff', by: IDS.staff1, after: 10 }] }),
  // raised by staff1 as owner: staff1's own triage is not a response; grid1's step is
  need({ key: 'N6', community: IDS.communityA, micro: IDS.microA2, category: 'sanitation', status: 'resolved', track: 'private', severity: 'general', owner: IDS.staff1,
    createdAt: t('2026-09-25T00:00:00Z'), dueAt: t('2026-09-25T01:00:00Z'), resolvedAt: t('2026-09-25T00:40:00Z'), rating: null,
    events: [{ to: 'triaged', actor: 'staff', by: IDS.staff1, after: 10 }, { to: 'in_progress', actor: 'grid_worker', by: IDS.grid1, after: 20 },
      { to: 'resolved', actor: 'grid_worker', by: IDS.grid1, after: 40 }] }),
  // the day before the period (23:00 in China): not counted
  need({ key: 'N7', community: IDS.communityA, micro: IDS.microA1, category: 'other', status: 'submitted', track: null, severity: null, owner: IDS.resident1,
    createdAt: t('2026-08-31T15:00:00Z'), dueAt: null, resolvedAt: null, rating: null, events: [] }),
  // the last minute of the period (23:59 in China), triaged, now past its deadline
  need({ key: 'N8', community: IDS.communityA, micro: IDS.microA1, category: 'elderly_childcare', status: 'triaged', track: 'shared', severity: 'general', owner: IDS.resident2,
    createdAt: t('2026-09-30T15:59:00Z'), dueAt: t('2026-09-30T16:59:00Z'), resolvedAt: null, rating: null,
    events: [{ to: 'triaged', actor: 'staff', by: IDS.staff1, after: 1 }] }),
  // community B: on time, rated 2
  need({ key: 'N9', community: IDS.communityB, micro: IDS.microB1, category: 'legal', status: 'evaluated', track: 'private', severity: 'major', owner: IDS.resident3,
    createdAt: t('2026-09-05T00:00:00Z'), dueAt: t('2026-09-06T00:00:00Z'), resolvedAt: t('2026-09-05T01:40:00Z'), rating: 2,
    events: [{ to: 'triaged', actor: 'staff', by: IDS.staff2, after: 60 }, { to: 'in_progress', actor: 'staff', by: IDS.staff2, after: 70 },
      { to: 'resolved', actor: 'staff', by: IDS.staff2, after: 100 }, { to: 'evaluated', actor: 'owner', by: IDS.resident3, after: 120 }] }),
]

// ---------------------------------------------------------------------------------------------
// The expected figures, from the scene description
// ---------------------------------------------------------------------------------------------
function median(xs: number[]): number | null {
  if (!xs.length) return null
  const s = [...xs].sort((a, b) => a - b)
  const m = Math.floor(s.length / 2)
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}
const r3 = (x: number) => Math.round(x * 1000) / 1000
const countBy = (xs: string[]) => xs.reduce<Record<string, number>>((o, k) => ((o[k] = (o[k] ?? 0) + 1), o), {})
const asMap = (xs: StatsCount[]) => Object.fromEntries(xs.filter((x) => x.count > 0).map((x) => [x.key, x.count]))

function expectedNeeds(communities: string[]) {
  const ns = NEEDS.filter((n) => communities.includes(n.community) && n.createdAt >= START && n.createdAt < END)
  const now = Date.now()
  const done = (n: SceneNeed) => ['resolved', 'evaluated', 'closed'].includes(n.status)
  const withDeadline = ns.filter((n) => n.dueAt !== null && n.status !== 'rejected')
  const overdue = withDeadline.filter((n) => (done(n) ? n.resolvedAt! > n.dueAt! : now > n.dueAt!))
  const responses = ns.flatMap((n) => {
    const first = n.events.filter((e) => e.actor !== 'system' && e.by !== n.owner).map((e) => e.after)
    return first.length ? [Math.min(...first)] : []
  })
  const resolutions = ns.flatMap((n) => {
    const r = n.events.filter((e) => e.to === 'resolved').map((e) => e.after)
    return r.length ? [Math.min(...r)] : []
  })
  const ratings = ns.filter((n) => n.rating !== null).map((n) => n.rating!)
  return {
    total: ns.length,
    byStatus: countBy(ns.map((n) => n.status)),
    byCategory: countBy(ns.map((n) => n.category)),
    byTrack: countBy(ns.map((n) => n.track ?? 'none')),
    byGrid: countBy(ns.map((n) => n.grid ?? 'none')),
    overdue: { withDeadline: withDeadline.length, overdue: overdue.length, rate: withDeadline.length ? r3(overdue.length / withDeadline.length) : null },
    firstResponse: { count: responses.length, medianMinutes: median(responses) },
    resolution: { count: resolutions.length, medianMinutes: median(resolutions) },
    satisfaction: {
      rated: ratings.length,
      average: ratings.length ? Math.round((ratings.reduce((a, b) => a + b, 0) / ratings.length) * 100) / 100 : null,
      highShare: ratings.length ? r3(ratings.filter((x) => x >= 4).length / ratings.length) : null,
    },
  }
}

// service projects of community A (each on its own need of the scene)
const PROJECTS = [
  { need: 'N1', status: 'completed', createdAt: t('2026-09-05T00:00:00Z'), completedAt: t('2026-09-20T00:00:00Z'), beneficiaries: 12 },
  { need: 'N2', status: 'cancelled', createdAt: t('2026-09-06T00:00:00Z'), completedAt: null, beneficiaries: null },
  { need: 'N3', status: 'evaluated', createdAt: t('2026-08-20T00:00:00Z'), completedAt: t('2026-09-02T00:00:00Z'), beneficiaries: 5 },
  { need: 'N6', status: 'in_progress', createdAt: t('2026-09-07T00:00:00Z'), completedAt: null, beneficiaries: null },
]
// shifts at a post of community A: [who, check-in, verified minutes, status]
const SHIFTS: [string, number, number | null, string][] = [
  [IDS.party1, t('2026-09-12T01:00:00Z'), 90, 'confirmed'],
  [IDS.talent1, t('2026-09-13T01:00:00Z'), 30, 'confirmed'],
  [IDS.party1, t('2026-08-15T01:00:00Z'), 720, 'confirmed'], // before the period, inside the 12 months of the 127 picture
  [IDS.resident2, t('2026-09-14T01:00:00Z'), null, 'checked_out'], // not confirmed: no hours
]
const RESIDENTS_A = [IDS.resident1, IDS.resident2, IDS.party1, IDS.talent1]
const RESIDENTS_B = [IDS.resident3]
const TARGET_HOURS = 12

function expectedBands(residents: string[]) {
  const hours = (p: string) => SHIFTS.filter(([who, at, , st]) => who === p && st === 'confirmed' && at >= END - 365 * 86_400_000 && at < END)
    .reduce((h, [, , m]) => h + m! / 60, 0)
  const band = (p: string) => (hours(p) >= TARGET_HOURS ? 'core' : hours(p) > 0 ? 'active' : 'general')
  const c = countBy(residents.map(band))
  const b = (k: string) => ({ count: c[k] ?? 0, share: r3((c[k] ?? 0) / residents.length) })
  return { residents: residents.length, targetHours: TARGET_HOURS, bands: { core: b('core'), active: b('active'), general: b('general') }, ideal: { core: 0.1, active: 0.2, general: 0.7 } }
}

// bean transfers: [community, kind, amount, at]; the reversal takes back part of the first award
const BEANS: [string, string, number, number][] = [
  [IDS.communityA, 'award_manual', 20, t('2026-09-03T00:00:00Z')],
  [IDS.communityA, 'award_shift', 30, t('2026-09-12T03:00:00Z')],
  [IDS.communityA, 'reversal', 5, t('2026-09-04T00:00:00Z')],
  [IDS.communityA, 'settle', 12, t('2026-09-15T00:00:00Z')],
  [IDS.communityB, 'award_manual', 7, t('2026-09-09T00:00:00Z')],
]
// meetings: [community, status, starts]
const MEETINGS: [string, string, number][] = [
  [IDS.communityA, 'held', t('2026-09-18T02:00:00Z')],
  [IDS.communityA, 'scheduled', t('2026-09-19T02:00:00Z')],
  [IDS.communityA, 'cancelled', t('2026-09-20T02:00:00Z')],
  [IDS.communityB, 'scheduled', t('2026-09-22T02:00:00Z')],
  [IDS.communityB, 'held', t('2026-10-02T02:00:00Z')], // after the period
]
// resolutions (of A's held meeting): [status, passed at]
const RESOLUTIONS: [string, number][] = [['completed', t('2026-09-18T03:00:00Z')], ['in_progress', t('2026-09-18T03:10:00Z')]]

describe('GET /api/stats/overview', () => {
  let api: TestApi
  const tok: Record<string, string> = {}
  const needIds: Record<string, string> = {}

  const insert = async (table: string, row: Record<string, unknown>): Promise<string> => {
    const cols = Object.keys(row)
    const [r] = await api.sql<{ id: string }>(
      `insert into public.${table} (${cols.join(', ')}) values (${cols.map((_, i) => `$${i + 1}`).join(', ')}) returning id`,
      Object.values(row),
    )
    return r.id
  }
  const ts = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())

  beforeAll(async () => {
    api = await startTestApi('stats_api')
    for (const h of ['resident1', 'staff1', 'staff2', 'admin1', 'grid1']) tok[h] = await api.login(h)
    await api.sql(`insert into public.micro_grids (id, grid_id, name, households) values ($1, $2, '校园微网格', 60)`, [MICRO_A3, GRID_A2])

    for (const n of NEEDS) {
      const id = await insert('needs', {
        community_id: n.community, micro_grid_id: n.micro, title: `测试需求${n.key}`, description: '这是一条用于统计的测试需求。',
        category: n.category, status: n.status, created_by: n.owner, submitted_by: n.owner, track: n.track, severity: n.severity,
        department: n.department ?? null, created_at: ts(n.createdAt), updated_at: ts(n.createdAt), due_at: ts(n.dueAt), due_goal: n.dueAt ? 'resolve' : null,
        triaged_at: n.track ? ts(n.createdAt + n.events[0].after * MIN) : null, resolved_at: ts(n.resolvedAt), rating: n.rating,
      })
      needIds[n.key] = id
      let from: string | null = null
      const all: SceneEvent[] = [{ from: null, to: 'submitted', actor: 'owner', by: n.owner, at: n.createdAt },
        ...n.events.map((e) => ({ ...e, from: null, at: n.createdAt + e.after * MIN }))]
      for (const e of all) {
        await api.sql(`insert into public.need_events (need_id, from_status, to_status, actor_id, actor, created_at) values ($1, $2, $3, $4, $5, $6)`,
          [id, from, e.to, e.by, e.actor, ts(e.at)])
        from = e.to
      }
    }

    const resource = await insert('resources', { community_id: IDS.communityA, publisher_id: IDS.unit1, title: '红星物业维修队', kind: 'social',
      categories: '{facility_repair,sanitation}', capacity: 10, contact_name: '王经理', contact_phone: '02500000009' })
    for (const p of PROJECTS) {
      await insert('service_projects', { community_id: IDS.communityA, need_id: needIds[p.need], resource_id: resource, origin: 'unit_claim', status: p.status,
        unit_confirmed_at: p.status === 'cancelled' ? null : ts(p.createdAt), community_confirmed_at: p.status === 'cancelled' ? null : ts(p.createdAt),
        beneficiaries: p.beneficiaries, cancel_reason: p.status === 'cancelled' ? '单位无法上门' : null, created_by: IDS.staff1,
        created_at: ts(p.createdAt), updated_at: ts(p.createdAt), completed_at: ts(p.completedAt) })
    }

    const post = await insert('service_posts', { community_id: IDS.communityA, title: '环境整治', category: 'environment', lat: 32.05, lng: 118.78, radius_m: 200,
      bean_rate_per_hour: 10, created_by: IDS.staff1 })
    for (const [who, at, minutes, status] of SHIFTS) {
      const slot = await insert('post_slots', { post_id: post, starts_at: ts(at), ends_at: ts(at + 4 * 60 * MIN), capacity: 5 })
      await insert('shifts', { slot_id: slot, post_id: post, profile_id: who, status, claimed_at: ts(at - 86_400_000), check_in_at: ts(at),
        check_out_at: ts(at + (minutes ?? 60) * MIN), verified_minutes: minutes, confirmed_at: status === 'confirmed' ? ts(at + 86_400_000) : null,
        confirmed_by: status === 'confirmed' ? IDS.staff1 : null })
    }

    // beans through the ledger itself, then moved back in time (the ledger refuses updates: triggers off for this one statement)
    const pool = (c: string) => `app.bean_account('pool', null, '${c}')`
    const person = (p: string) => `app.bean_account('person', '${p}', null)`
    let award = ''
    for (const [i, [c, kind, amount, at]] of BEANS.entries()) {
      const [from, to] = kind === 'reversal' ? [person(IDS.resident1), pool(c)] : kind === 'settle' ? [`app.bean_account('escrow', null, '${c}')`, `app.bean_account('provider', '${IDS.unit1}', null)`]
        : [pool(c), person(kind === 'award_shift' ? IDS.party1 : c === IDS.communityA ? IDS.resident1 : IDS.resident3)]
      const [row] = await api.sql<{ id: string }>(`select (app.transfer('stats-test-${i}', '${kind}', ${from}, ${to}, ${amount}, '统计测试', null, '${c}', null, ${kind === 'reversal' ? `'${award}'` : 'null'})).id`)
      if (i === 0) award = row.id
      await api.sql(`do $$ begin perform set_config('session_replication_role', 'replica', true);
        update public.bean_transfers set created_at = '${ts(at)}' where id = '${row.id}'; end $$`)
    }
    // an award today: outside the period
    await api.sql(`select app.transfer('stats-test-now', 'award_manual', ${pool(IDS.communityA)}, ${person(IDS.resident2)}, 100, '统计测试', null, '${IDS.communityA}')`)

    const meetingIds: string[] = []
    for (const [c, status, at] of MEETINGS) {
      meetingIds.push(await insert('meetings', { community_id: c, title: '统计测试议事会', form: 'street_side', starts_at: ts(at), place: '社区广场', capacity: 20,
        check_in_code: '123456', status, created_by: c === IDS.communityA ? IDS.staff1 : IDS.staff2 }))
    }
    for (const [i, [status, at]] of RESOLUTIONS.entries()) {
      const motion = await insert('motions', { meeting_id: meetingIds[0], title: `决议${i}`, voters: 'attendees', quorum: 1, threshold: 'majority',
        opens_at: ts(at - 30 * MIN), closes_at: ts(at), status: 'closed', result: 'passed', created_at: ts(at - 30 * MIN) })
      await insert('resolutions', { motion_id: motion, meeting_id: meetingIds[0], community_id: IDS.communityA, title: `决议${i}`, status,
        created_at: ts(at), completed_at: status === 'completed' ? ts(at + 86_400_000) : null })
    }
  })
  afterAll(async () => {
    await api?.close()
  })

  const overview = async (query: string, token: string) => {
    const r = await api.call('GET', `/api/stats/overview?${query}`, { token })
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    return ZStatsOverviewResponse.parse(r.body)
  }

  function checkFigures(f: StatsFigures, communities: string[]) {
    const e = expectedNeeds(communities)
    expect(f.needs.total).toBe(e.total)
    expect(asMap(f.needs.byStatus)).toEqual(e.byStatus)
    expect(asMap(f.needs.byCategory)).toEqual(e.byCategory)
    expect(asMap(f.needs.byTrack)).toEqual(e.byTrack)
    expect(asMap(f.needs.byGrid)).toEqual(e.byGrid)
    expect(f.needs.overdue).toEqual(e.overdue)
    expect(f.needs.firstResponse).toEqual(e.firstResponse)
    expect(f.needs.resolution).toEqual(e.resolution)
    expect(f.needs.satisfaction).toEqual(e.satisfaction)

    const inA = communities.includes(IDS.communityA)
    const inPeriod = (x: number | null) => x !== null && x >= START && x < END
    const created = inA ? PROJECTS.filter((p) => inPeriod(p.createdAt)) : []
    const completed = inA ? PROJECTS.filter((p) => inPeriod(p.completedAt) && ['completed', 'evaluated'].includes(p.status)) : []
    expect(f.services).toMatchObject({ created: created.length, completed: completed.length, beneficiaries: completed.reduce((s, p) => s + (p.beneficiaries ?? 0), 0) })
    expect(asMap(f.services.byStatus)).toEqual(countBy(created.map((p) => p.status)))

    const shifts = inA ? SHIFTS.filter(([, at, , st]) => st === 'confirmed' && inPeriod(at)) : []
    expect(f.volunteers.hours).toBe(Math.round((shifts.reduce((s, [, , m]) => s + m!, 0) / 60) * 10) / 10)
    expect(f.volunteers.shifts).toBe(shifts.length)
    expect(f.volunteers.volunteers).toBe(new Set(shifts.map(([who]) => who)).size)
    expect(f.volunteers.participation).toEqual(expectedBands([...(inA ? RESIDENTS_A : []), ...(communities.includes(IDS.communityB) ? RESIDENTS_B : [])]))

    const beans = BEANS.filter(([c, , , at]) => communities.includes(c) && inPeriod(at))
    const sum = (kinds: string[]) => beans.filter(([, k]) => kinds.includes(k)).reduce((s, [, , a]) => s + a, 0)
    expect(f.beans).toEqual({ issued: sum(['award_manual', 'award_shift']) - sum(['reversal']), redeemed: sum(['settle']), redemptions: beans.filter(([, k]) => k === 'settle').length })

    const meetings = MEETINGS.filter(([c, , at]) => communities.includes(c) && inPeriod(at))
    const covered = new Set(meetings.filter(([, st]) => st === 'held').map(([c]) => c)).size
    const res = inA ? RESOLUTIONS.filter(([, at]) => inPeriod(at)) : []
    const done = res.filter(([st]) => st === 'completed').length
    expect(f.deliberation).toEqual({
      meetingsHeld: meetings.filter(([, st]) => st === 'held').length,
      meetingsNotHeld: meetings.filter(([, st]) => st === 'scheduled').length,
      coverage: { covered, communities: communities.length, rate: r3(covered / communities.length) },
      conversion: { passed: res.length, completed: done, rate: res.length ? r3(done / res.length) : null },
    })
  }

  it('a community, for its staff: every figure of the period, with labels for every key', async () => {
    const o = await overview(`communityId=${IDS.communityA}&from=${FROM}&to=${TO}`, tok.staff1)
    expect(o.scope).toEqual({ kind: 'community', id: IDS.communityA, name: '和平社区' })
    expect(o.period).toEqual({ from: FROM, to: TO })
    expect(o.communities).toEqual([])
    checkFigures(o.totals, [IDS.communityA])
    // the scene's figures, spelled out once so a wrong helper above cannot hide a wrong figure
    expect(o.totals.needs.total).toBe(7)
    expect(o.totals.needs.overdue).toEqual({ withDeadline: 5, overdue: 3, rate: 0.6 })
    expect(o.totals.needs.firstResponse).toEqual({ count: 6, medianMinutes: 15 })
    expect(o.totals.needs.resolution).toEqual({ count: 3, medianMinutes: 50 })
    expect(o.totals.needs.satisfaction).toEqual({ rated: 2, average: 4, highShare: 0.5 })
    expect(o.totals.volunteers.participation.bands.core.count).toBe(1)
    expect(o.totals.beans).toEqual({ issued: 45, redeemed: 12, redemptions: 1 })
    expect(o.totals.deliberation.meetingsHeld).toBe(1)
    // every status, category and track is listed (zeros too) with its Chinese label
    expect(o.totals.needs.byStatus.map((x) => x.key)).toContain('matched')
    expect(o.totals.needs.byStatus.find((x) => x.key === 'in_progress')).toEqual({ key: 'in_progress', label: '处理中', count: 1 })
    expect(o.totals.needs.byCategory).toHaveLength(12)
    expect(o.totals.needs.byTrack).toEqual([
      { key: 'private', label: '自家事', count: 3 }, { key: 'shared', label: '大家事', count: 2 },
      { key: 'public', label: '公家事', count: 1 }, { key: 'none', label: '未分流', count: 1 }])
    expect(o.totals.needs.byGrid).toEqual(expect.arrayContaining([
      { key: GRID_A2, label: '和平小学专属网格', count: 1 }, { key: IDS.gridA1, label: '第一网格', count: 5 }, { key: 'none', label: '未定位网格', count: 1 }]))
    expect(o.totals.services.byStatus.find((x) => x.key === 'cancelled')).toEqual({ key: 'cancelled', label: '已取消', count: 1 })
  })

  it('the street, for its admin: totals over both communities, and each community side by side', async () => {
    const o = await overview(`streetId=${IDS.street}&from=${FROM}&to=${TO}`, tok.admin1)
    expect(o.scope).toEqual({ kind: 'street', id: IDS.street, name: '幸福街道' })
    checkFigures(o.totals, [IDS.communityA, IDS.communityB])
    expect(o.communities.map((c) => c.communityId)).toEqual([IDS.communityA, IDS.communityB])
    checkFigures(o.communities[0].figures, [IDS.communityA])
    checkFigures(o.communities[1].figures, [IDS.communityB])
    // B's only meeting of the period was scheduled and never held: B is not covered
    expect(o.totals.deliberation.coverage).toEqual({ covered: 1, communities: 2, rate: 0.5 })
    expect(o.communities[1].figures.deliberation).toMatchObject({ meetingsHeld: 0, meetingsNotHeld: 1, coverage: { covered: 0, communities: 1, rate: 0 } })
    // medians are over the street's needs, not an average of the communities' medians
    expect(o.totals.needs.firstResponse).toEqual({ count: 7, medianMinutes: 20 })
    expect(o.totals.needs.resolution).toEqual({ count: 4, medianMinutes: 75 })
    // grid names repeat across communities: the street's list names the community too
    expect(o.totals.needs.byGrid.map((g) => g.label)).toEqual(expect.arrayContaining(['和平社区 第一网格', '光明社区 第一网格']))
  })

  it('without dates: the last 30 days, today included', async () => {
    const o = await overview(`communityId=${IDS.communityA}`, tok.staff1)
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10)
    expect(o.period.to).toBe(today)
    expect((Date.parse(o.period.to) - Date.parse(o.period.from)) / 86_400_000).toBe(29)
    // only today's award falls in it
    expect(o.totals.beans.issued).toBe(100)
    expect(o.totals.needs.total).toBe(0)
  })

  it.each([
    ['staff of A for A', 'staff1', `communityId=${IDS.communityA}`, 200],
    ['the street admin for A', 'admin1', `communityId=${IDS.communityA}`, 200],
    ['the street admin for the street', 'admin1', `streetId=${IDS.street}`, 200],
    ['staff of B for A', 'staff2', `communityId=${IDS.communityA}`, 403],
    ['a resident for A', 'resident1', `communityId=${IDS.communityA}`, 403],
    ['a grid worker for A', 'grid1', `communityId=${IDS.communityA}`, 403],
    ['staff of A for the street', 'staff1', `streetId=${IDS.street}`, 403],
    ['staff of A for an unknown community', 'staff1', 'communityId=00000000-0000-4000-8000-000000000099', 403],
  ])('%s → %i', async (_, who, query, status) => {
    const r = await api.call('GET', `/api/stats/overview?${query}`, { token: tok[who] })
    expect(r.status, JSON.stringify(r.body)).toBe(status)
    if (status === 403) expect(r.body.error.code).toBe('auth.forbidden')
  })

  it.each([
    ['', 'communityId'],
    [`communityId=${IDS.communityA}&streetId=${IDS.street}`, 'communityId'],
    ['communityId=abc', 'communityId'],
    ['streetId=abc', 'streetId'],
    [`communityId=${IDS.communityA}&from=0000-01-01&to=2026-09-30`, 'from'],
    [`communityId=${IDS.communityA}&from=2026-02-30&to=2026-03-30`, 'from'],
    [`communityId=${IDS.communityA}&from=2026-09-01&to=2026-9-30`, 'to'],
    [`communityId=${IDS.communityA}&from=2026-09-01&to=2026-08-31`, 'to'],
    [`communityId=${IDS.communityA}&from=2023-09-01&to=2026-09-01`, 'to'],
    [`communityId=${IDS.communityA}&from=2020-01-01`, 'from'],
    [`communityId=${IDS.communityA}&from=2099-01-01`, 'from'],
  ])('?%s → 400 naming %s', async (query, field) => {
    const r = await api.call('GET', `/api/stats/overview?${query}`, { token: tok.staff1 })
    expect(r.status, JSON.stringify(r.body)).toBe(400)
    expect(r.body.error.field).toBe(field)
    expect(r.body.error.message).toMatch(/[\u4e00-\u9fff]/)
  })

  it('three years exactly is allowed', async () => {
    const o = await overview(`communityId=${IDS.communityA}&from=2023-09-01&to=2026-08-31`, tok.staff1)
    expect(o.period).toEqual({ from: '2023-09-01', to: '2026-08-31' })
  })
})

