import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Gateway } from '../../api/_lib/db/types'
import { IDS, as, postgresDatabase, type Handle } from '../helpers/db'

/**
 * The direct-read matrix (issue 13): on Supabase any logged-in token can `select` from every table in `public`
 * through PostgREST, whatever the API checks. So, as each seeded person (`set role authenticated` with their JWT
 * claims, exactly as PostgREST does), select from every table and check that each row that comes back belongs to
 * that person's scope, and that personal columns never come back at all.
 *
 * A row's scope is a set of tags computed as superuser (c: a community whose members may see it, cs: a community
 * whose staff may see it, p: a person it belongs to, g: a micro-grid whose grid worker may see it, d: a department,
 * s: a street its admins may see, ms: a street any of whose managers may see it); a person's tags are what they are.
 * A visible row must share a tag with its reader.
 */

const DIRECTORY = new Set(['communities', 'grids', 'micro_grids', 'need_status_edges', 'streets'])

/**
 * Columns no logged-in person may read directly: personal data (read by its owner through functions that check) and
 * moderation state (whether someone is suspended is for the people who manage them).
 */
const PERSONAL: Record<string, string[]> = {
  profiles: ['phone', 'wechat_openid', 'suspended_at', 'suspended_by', 'suspended_reason'],
  redemptions: ['code'],
}

const meetingC = (col: string) => `(select m.community_id from public.meetings m where m.id = ${col})`
const needTags = (id: string) =>
  `(select array['p:' || n.created_by, 'cs:' || n.community_id, 'g:' || n.micro_grid_id, 'd:' || n.department_id] from public.needs n where n.id = ${id})`
const projectTags = (id: string) =>
  `(select array['c:' || sp.community_id, 'p:' || r.publisher_id, 'p:' || n.created_by] from public.service_projects sp
    join public.resources r on r.id = sp.resource_id join public.needs n on n.id = sp.need_id where sp.id = ${id})`
const streetCommunities = (street: string) => `coalesce((select array_agg('c:' || c.id) from public.communities c where c.street_id = ${street}), '{}')`
const whistleDepartments = (id: string) => `coalesce((select array_agg('d:' || x.department_id) from public.street_whistle_targets x where x.whistle_id = ${id}), '{}')`

/** Each readable table's scope tags for its row `t`. A table missing here fails the matrix until it is declared. */
const SCOPE: Record<string, string> = {
  action_progress: `array['p:' || t.author_id, 'c:' || (select r.community_id from public.resolution_actions a join public.resolutions r on r.id = a.resolution_id where a.id = t.action_id)]`,
  announcements: `array['p:' || t.author_id, 'c:' || t.community_id, 'cs:' || t.community_id, 's:' || t.street_id] || case when t.community_id is null then ${streetCommunities('t.street_id')} else '{}' end`,
  audit_log: `array['cs:' || t.community_id, 's:' || t.street_id, 'p:' || t.target_profile_id]`,
  bean_accounts: `array['p:' || t.profile_id, 'cs:' || t.community_id]`,
  bean_movements: `array['p:' || (select a.profile_id from public.bean_accounts a where a.id = t.account_id)]`,
  bean_rules: `array['c:' || t.community_id]`,
  bean_transfers: `array['cs:' || t.community_id, 'p:' || (select a.profile_id from public.bean_accounts a where a.id = t.from_account), 'p:' || (select a.profile_id from public.bean_accounts a where a.id = t.to_account)]`,
  community_deliberation_settings: `array['c:' || t.community_id]`,
  community_need_settings: `array['c:' || t.community_id]`,
  community_volunteer_settings: `array['c:' || t.community_id]`,
  community_moves: `array['p:' || t.profile_id, 'cs:' || t.from_community_id, 'cs:' || t.to_community_id]`,
  department_members: `array['p:' || t.profile_id, 'd:' || t.department_id, 's:' || (select d.street_id from public.departments d where d.id = t.department_id)]`,
  departments: `array['d:' || t.id, 's:' || t.street_id]`,
  grid_assignments: `array['p:' || t.profile_id, 'cs:' || (select g.community_id from public.grids g where g.id = t.grid_id)]`,
  invitations: `array['p:' || t.created_by, 'p:' || t.accepted_by, 'cs:' || t.community_id]`,
  match_proposals: `array['cs:' || t.community_id]`,
  match_runs: `array['cs:' || t.community_id]`,
  meeting_comments: `array['p:' || t.author_id, 'cs:' || ${meetingC('t.meeting_id')}]`,
  meeting_registrations: `array['p:' || t.profile_id, 'cs:' || ${meetingC('t.meeting_id')}]`,
  meeting_topics: `array['cs:' || ${meetingC('t.meeting_id')}]`,
  meetings: `array['cs:' || t.community_id]`,
  member_units: `array['p:' || t.profile_id, 'c:' || t.community_id]`,
  motion_options: `array['cs:' || (select m.community_id from public.motions x join public.meetings m on m.id = x.meeting_id where x.id = t.motion_id)]`,
  motions: `array['cs:' || ${meetingC('t.meeting_id')}]`,
  need_events: needTags('t.need_id'),
  need_followers: `array['p:' || t.profile_id]`,
  needs: needTags('t.id'),
  notification_subscriptions: `array['p:' || t.profile_id]`,
  notifications: `array['p:' || t.profile_id]`,
  party_orgs: `case when t.community_id is not null then array['cs:' || t.community_id] else array['ms:' || t.street_id] end`,
  post_slots: `array['c:' || (select p.community_id from public.service_posts p where p.id = t.post_id)]`,
  profile_roles: `array['p:' || t.profile_id, 'cs:' || t.community_id]`,
  profiles: `array['p:' || t.id, 'c:' || t.community_id]`,
  redemptions: `array['p:' || t.profile_id] || (select array['p:' || r.provider_id, 'cs:' || r.community_id] from public.rewards r where r.id = t.reward_id)`,
  resolution_actions: `array['p:' || t.owner_id, 'c:' || (select r.community_id from public.resolutions r where r.id = t.resolution_id)]`,
  resolution_ratings: `array['p:' || t.profile_id]`,
  resolution_supervisions: `array['c:' || (select r.community_id from public.resolutions r where r.id = t.resolution_id)]`,
  resolutions: `array['c:' || t.community_id]`,
  resources: `array['p:' || t.publisher_id, 'c:' || t.community_id] || coalesce((select array_agg('c:' || x) from unnest(t.area_community_ids) x), '{}')`,
  rewards: `array['p:' || t.provider_id, 'c:' || t.community_id]`,
  service_posts: `array['c:' || t.community_id]`,
  service_progress: projectTags('t.project_id'),
  service_projects: projectTags('t.id'),
  shifts: `array['p:' || t.profile_id, 'cs:' || (select p.community_id from public.service_posts p where p.id = t.post_id)]`,
  sla_rules: `array['c:' || t.community_id]`,
  street_admins: `array['p:' || t.profile_id, 's:' || t.street_id]`,
  street_whistle_targets: `array['d:' || t.department_id, 's:' || (select w.street_id from public.street_whistles w where w.id = t.whistle_id)] || ${whistleDepartments('t.whistle_id')}`,
  street_whistles: `array['s:' || t.street_id] || ${whistleDepartments('t.id')}`,
  topic_cosigns: `array['p:' || t.profile_id]`,
  topics: `array['p:' || t.proposer_id, 'c:' || t.community_id]`,
  volunteer_registrations: `array['p:' || t.profile_id, 'cs:' || t.community_id]`,
  votes: `array['p:' || t.profile_id]`,
  whistle_responses: `array['p:' || t.profile_id, 'cs:' || (select w.community_id from public.whistles w where w.id = t.whistle_id)]`,
  whistles: `array['c:' || t.community_id]`,
}

/** The reader's own tags, computed as superuser from the seed (not from the functions under test). */
const PERSON_TAGS = `
  select array['p:' || $1::uuid::text]
    || coalesce((select array_agg('c:' || x) from (
         select community_id as x from public.profiles where id = $1::uuid and community_id is not null
         union select community_id from public.profile_roles where profile_id = $1::uuid
         union select c.id from public.communities c join public.street_admins a on a.street_id = c.street_id where a.profile_id = $1::uuid) q), '{}')
    || coalesce((select array_agg('cs:' || x) from (
         select community_id as x from public.profile_roles where profile_id = $1::uuid and role in ('staff', 'admin')
         union select c.id from public.communities c join public.street_admins a on a.street_id = c.street_id where a.profile_id = $1::uuid) q), '{}')
    || coalesce((select array_agg('g:' || m.id) from public.grid_assignments a join public.grids g on g.id = a.grid_id
         join public.profile_roles r on r.profile_id = a.profile_id and r.community_id = g.community_id and r.role = 'grid_worker'
         join public.micro_grids m on m.grid_id = g.id where a.profile_id = $1::uuid), '{}')
    || coalesce((select array_agg('d:' || department_id) from public.department_members where profile_id = $1::uuid), '{}')
    || coalesce((select array_agg('s:' || street_id) from public.street_admins where profile_id = $1::uuid), '{}')
    || coalesce((select array_agg(distinct 'ms:' || c.street_id) from public.profile_roles r join public.communities c on c.id = r.community_id
         where r.profile_id = $1::uuid and r.role in ('staff', 'admin')), '{}')
    || coalesce((select array_agg('ms:' || street_id) from public.street_admins where profile_id = $1::uuid), '{}') as tags`

const READERS: (Handle | 'newcomer')[] = ['resident1', 'resident2', 'resident3', 'staff1', 'staff2', 'grid1', 'party1', 'talent1', 'unit1', 'admin1', 'dept1', 'newcomer']
const NEWCOMER = '50000000-0000-4000-8000-0000000000ff'

const iso = (m: number) => new Date(Date.now() + m * 60_000).toISOString()

/** A scene in both communities through the write functions, so every table has rows of A and of B. */
async function buildScene(db: Gateway, su: postgres.Sql): Promise<Record<string, string>> {
  const ids: Record<string, string> = {}
  const needA = await db.rpc<{ id: string }>('need_create', { p_title: '楼道灯坏了好几天', p_description: '三号楼二单元楼道灯坏了，晚上看不见路。', p_category: 'facility_repair', p_address: '三号楼二单元 301' }, as('resident1'))
  const needB = await db.rpc<{ id: string }>('need_create', { p_title: '小区门口积水严重', p_description: '下雨后小区门口积水很深，老人出行不便。', p_category: 'facility_repair', p_address: '光明小区 8 号楼' }, as('resident3'))
  ids.needA = needA.id
  ids.needB = needB.id
  await db.rpc('need_follow', { p_id: needA.id }, as('resident2'))
  await db.rpc('need_triage', { p_id: needA.id, p_track: 'private', p_severity: 'general' }, as('staff1'))
  const resA = await db.rpc<{ id: string }>('resource_create', {
    p_title: '水电维修志愿服务', p_description: '驻区单位提供水电维修，每周两次。', p_kind: 'social', p_partner_type: null, p_categories: ['facility_repair'],
    p_capacity: 5, p_period: 'week', p_community_ids: [IDS.communityA], p_grid_ids: [], p_availability: [], p_contact_name: '王师傅', p_contact_phone: '13800000009',
  }, as('unit1'))
  const project = await db.rpc<{ id: string }>('service_claim', { p_need_id: needA.id, p_resource_id: resA.id }, as('unit1'))
  ids.projectA = project.id
  await db.rpc('service_confirm', { p_id: project.id }, as('staff1'))
  await db.rpc('service_progress_add', { p_id: project.id, p_note: '已联系居民，约好周六上门。' }, as('unit1'))
  for (const [staff, key] of [['staff1', 'A'], ['staff2', 'B']] as const) {
    const m = await db.rpc<{ id: string }>('meeting_create', { p_title: `停车难议事会${key}`, p_form: 'five_party', p_starts_at: iso(60), p_place: '社区议事厅', p_capacity: 20 }, as(staff))
    ids[`meeting${key}`] = m.id
    const post = await db.rpc<{ id: string }>('post_create', {
      p_title: `治安巡逻${key}`, p_category: 'security_patrol', p_lat: 31.2, p_lng: 121.4, p_radius_m: 300, p_bean_rate_per_hour: 10,
      p_slots: [{ startsAt: iso(24 * 60), endsAt: iso(24 * 60 + 120), capacity: 3 }],
    }, as(staff))
    ids[`post${key}`] = post.id
    await db.rpc('whistle_create', { p_title: `防汛紧急集合${key}`, p_place: '社区广场', p_starts_at: iso(90), p_headcount: 5 }, as(staff))
    await db.rpc('announcement_create', { p_scope: 'community', p_title: `停水通知${key}`, p_body: '明天上午九点到十二点停水。', p_community_id: IDS[key === 'A' ? 'communityA' : 'communityB'] }, as(staff))
  }
  await db.rpc('meeting_register', { p_id: ids.meetingA }, as('resident1'))
  await db.rpc('meeting_comment', { p_id: ids.meetingA, p_body: '建议增加临时停车位。' }, as('resident1'))
  await db.rpc('topic_create', { p_title: '小区停车位不够用', p_description: '晚上车位紧张' }, as('resident1'))
  await db.rpc('topic_create', { p_title: '门口积水怎么治理', p_description: '下雨就积水' }, as('resident3'))
  const reward = await db.rpc<{ id: string }>('reward_create', { p_title: '社区理发券', p_price_beans: 10, p_stock: 5 }, as('staff1'))
  await db.rpc('beans_award', { p_profile_id: IDS.resident1, p_amount: 50, p_reason: '参加社区清洁活动', p_key: 'matrix-award-0001' }, as('staff1'))
  await db.rpc('reward_redeem', { p_reward_id: reward.id, p_key: 'matrix-redeem-0001' }, as('resident1'))
  await su`insert into public.profiles (id, display_name) values (${NEWCOMER}, '新来的居民')`
  return ids
}

describe('direct reads: each person, every table, as PostgREST would', () => {
  let db: Gateway
  let su: postgres.Sql
  let tables: { name: string; pk: string[] }[]
  const visible = new Map<string, Map<string, string[][]>>() // reader → table → visible pk tuples
  let ids: Record<string, string>

  beforeAll(async () => {
    const made = await postgresDatabase('direct_reads')
    db = made.gateway
    su = postgres(made.url, { max: 2, onnotice: () => {} })
    ids = await buildScene(db, su)
    tables = (await su.unsafe(
      `select c.relname as name, array_agg(a.attname::text order by array_position(i.indkey::int[], a.attnum::int)) as pk
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
       join pg_index i on i.indrelid = c.oid and i.indisprimary
       join pg_attribute a on a.attrelid = c.oid and a.attnum = any (i.indkey)
       where n.nspname = 'public' and c.relkind = 'r' and has_any_column_privilege('authenticated', c.oid, 'select')
       group by 1 order by 1`,
    )) as never
    for (const reader of READERS) {
      const uid = reader === 'newcomer' ? NEWCOMER : IDS[reader]
      const byTable = new Map<string, string[][]>()
      await su.begin(async (tx) => {
        await tx.unsafe(`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', $1, true)`, [
          JSON.stringify({ role: 'authenticated', sub: uid, aud: 'authenticated' }),
        ])
        for (const t of tables) {
          const cols = t.pk.map((c) => `${c}::text`).join(', ')
          const rows = (await tx.unsafe(`select ${cols} from public.${t.name}`)) as Record<string, string>[]
          byTable.set(t.name, rows.map((r) => t.pk.map((c) => r[c])))
        }
      })
      visible.set(reader, byTable)
    }
  }, 120_000)
  afterAll(async () => {
    await su?.end()
    await db?.close()
  })

  it('every table authenticated can read has a declared scope', () => {
    const undeclared = tables.map((t) => t.name).filter((n) => !DIRECTORY.has(n) && !(n in SCOPE))
    expect(undeclared).toEqual([])
  })

  it.each(READERS)('%s sees only rows in their scope, in every table', async (reader) => {
    const uid = reader === 'newcomer' ? NEWCOMER : IDS[reader]
    const [{ tags }] = (await su.unsafe(PERSON_TAGS, [uid])) as { tags: string[] }[]
    const mine = new Set(tags)
    const leaks: string[] = []
    for (const t of tables) {
      if (DIRECTORY.has(t.name)) continue
      const rows = visible.get(reader)!.get(t.name)!
      if (rows.length === 0) continue
      const where = t.pk.map((c, i) => `t.${c}::text = (x ->> ${i})`).join(' and ')
      const scoped = (await su.unsafe(
        `select ${SCOPE[t.name]} as tags from public.${t.name} t
         where exists (select 1 from jsonb_array_elements($1::text::jsonb) x where ${where})`,
        [JSON.stringify(rows)],
      )) as { tags: (string | null)[] }[]
      expect(scoped.length).toBe(rows.length)
      for (const s of scoped) if (!s.tags.some((x) => x !== null && mine.has(x))) leaks.push(`${t.name}: ${JSON.stringify(s.tags)}`)
    }
    expect(leaks).toEqual([])
  })

  it('the matrix is not empty: people see their own community and nothing of the other', () => {
    const count = (reader: string, table: string) => visible.get(reader)!.get(table)!.length
    const has = (reader: string, table: string, id: string) => visible.get(reader)!.get(table)!.some((r) => r[0] === id)
    // the service list is public within its community, and only there (it was readable by everyone)
    expect(has('resident2', 'service_projects', ids.projectA)).toBe(true)
    expect(has('resident3', 'service_projects', ids.projectA)).toBe(false)
    expect(has('staff2', 'service_projects', ids.projectA)).toBe(false)
    expect(count('resident3', 'service_progress')).toBe(0)
    // needs: the person who raised it and staff, not a neighbour who follows it, not the other community's staff
    expect(has('resident1', 'needs', ids.needA)).toBe(true)
    expect(has('staff1', 'needs', ids.needA)).toBe(true)
    expect(has('resident2', 'needs', ids.needA)).toBe(false)
    expect(has('staff2', 'needs', ids.needA)).toBe(false)
    expect(has('staff2', 'needs', ids.needB)).toBe(true)
    // meetings hold the check-in code: staff only, directly
    expect(has('staff1', 'meetings', ids.meetingA)).toBe(true)
    expect(has('resident1', 'meetings', ids.meetingA)).toBe(false)
    expect(count('resident1', 'motions') + count('resident1', 'meeting_topics')).toBe(0)
    // posts and whistles are public within their community
    expect(has('resident1', 'service_posts', ids.postA)).toBe(true)
    expect(has('resident1', 'service_posts', ids.postB)).toBe(false)
    expect(count('resident3', 'whistles')).toBe(1)
    // a newcomer without a community sees the directory and themself, nothing else
    const newcomerRows = [...visible.get('newcomer')!.entries()].filter(([t, r]) => !DIRECTORY.has(t) && r.length > 0)
    expect(newcomerRows.map(([t, r]) => [t, r.length])).toEqual([['profiles', 1]])
    // every reader sees something beyond the directory, so an empty answer cannot pass for a safe one
    for (const reader of READERS) expect([...visible.get(reader)!.entries()].some(([t, r]) => !DIRECTORY.has(t) && r.length > 0)).toBe(true)
  })

  it('personal columns are not readable by anyone directly, not even by staff', async () => {
    for (const [table, cols] of Object.entries(PERSONAL)) {
      for (const col of cols) {
        for (const reader of ['resident1', 'staff1', 'admin1'] as const) {
          const err = await su
            .begin(async (tx) => {
              await tx.unsafe(`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', $1, true)`, [
                JSON.stringify({ role: 'authenticated', sub: IDS[reader] }),
              ])
              await tx.unsafe(`select ${col} from public.${table} limit 1`)
            })
            .then(() => null, (e: { code?: string }) => e.code)
          expect(`${table}.${col} as ${reader}: ${err}`).toBe(`${table}.${col} as ${reader}: 42501`)
        }
      }
    }
    // and every other column of every readable table is readable (what a policy lets through, it lets through whole)
    const rows = (await su.unsafe(
      `select c.relname as t, a.attname as col from pg_class c join pg_namespace n on n.oid = c.relnamespace
       join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
       where n.nspname = 'public' and c.relkind = 'r' and has_any_column_privilege('authenticated', c.oid, 'select')
         and not has_column_privilege('authenticated', c.oid, a.attnum, 'select')`,
    )) as { t: string; col: string }[]
    expect(rows.map((r) => `${r.t}.${r.col}`).sort()).toEqual(Object.entries(PERSONAL).flatMap(([t, cs]) => cs.map((c) => `${t}.${c}`)).sort())
  })

  it('nobody writes a table directly: insert, update and delete are refused for every table, even to staff', async () => {
    const all = (await su.unsafe(
      `select c.relname as name, (select a.attname from pg_attribute a where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
               and a.attidentity = '' and a.attgenerated = '' order by a.attnum limit 1) as col
       from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relkind = 'r'`,
    )) as { name: string; col: string }[]
    const allowed: string[] = []
    for (const reader of ['resident1', 'staff1', 'admin1'] as const) {
      for (const t of all) {
        for (const stmt of [`insert into public.${t.name} default values`, `update public.${t.name} set ${t.col} = ${t.col} where false`, `delete from public.${t.name} where false`]) {
          const code = await su
            .begin(async (tx) => {
              await tx.unsafe(`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', $1, true)`, [
                JSON.stringify({ role: 'authenticated', sub: IDS[reader] }),
              ])
              await tx.unsafe(stmt)
            })
            .then(() => 'done', (e: { code?: string }) => e.code)
          // 42501: no privilege, checked before any row is looked at
          if (code !== '42501') allowed.push(`${reader}: ${stmt} → ${code}`)
        }
      }
    }
    expect(allowed).toEqual([])
  })

  it('anon reads nothing at all', async () => {
    const denied: string[] = []
    const all = (await su.unsafe(`select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relkind = 'r'`)) as { name: string }[]
    for (const t of all) {
      const code = await su
        .begin(async (tx) => {
          await tx.unsafe(`select set_config('role', 'anon', true), set_config('request.jwt.claims', '{"role":"anon"}', true)`)
          await tx.unsafe(`select 1 from public.${t.name} limit 1`)
        })
        .then(() => 'read', (e: { code?: string }) => e.code)
      if (code !== '42501') denied.push(`${t.name}: ${code}`)
    }
    expect(denied).toEqual([])
  })
})
