import type { Sql } from 'postgres'

/**
 * The district of DESIGN.md §5, for the benchmarks (issue 14): one Supabase database serving 5 streets with 60
 * communities, 200,000 people and three years of history, on top of the migrations and supabase/seed.sql.
 *
 * The demo street 幸福街道 (with communities A and B) is one of the five streets; the demo users live in this world
 * (staff1's community A has ~5,000 needs, ~100-300 of them open; resident1 has ~20 needs and a bean history; unit1 is
 * approved in five communities of the street and publishes resources for them; dept1's department gets the street's
 * 公家事; admin1 administers the street's 12 communities).
 *
 * Everything is set-based SQL (`insert … select generate_series`) and deterministic: every "random" choice is a hash
 * of a row number, every time is relative to one anchor (`opts.anchor`, default: the start of the current hour), and
 * every id is derived from a row number (`dd..0000-0000-4000-8000-<n>`), so the same scale and anchor give the same
 * rows. `scale` multiplies every volume (people, needs, resources, posts, meetings, topics, ledger, …); the
 * structure (5 streets, 60 communities, their grids and micro-grids, departments) stays the same.
 *
 * The bean ledger is written set-based (a million movements through app.transfer would take an hour): transfers
 * (double entry: one debit and one credit movement each), movement ids in time order, balance_after the running
 * balance of each person and provider account, accounts' balances the sum of their movements, and no person's
 * balance below zero at any moment (every redemption is paid from an earlier award of at least its price). The
 * ledger's own triggers (append-only, balanced-at-commit) and foreign keys are bypassed for those inserts
 * (session_replication_role = replica, this throwaway database only) and the invariants checked afterwards.
 */

export const DISTRICT_SCALE = 1

export type DistrictCounts = Record<string, number>

export interface DistrictSeedOptions {
  /** multiplies every volume; 1 = the district of DESIGN.md §5 */
  scale?: number
  /** the moment "now" of the data (ISO); default the start of the current hour */
  anchor?: string
  log?: (s: string) => void
}

/** Fixed ids of supabase/seed.sql (tests/helpers/db.ts IDS). */
const D = {
  street: '10000000-0000-4000-8000-000000000001',
  A: '20000000-0000-4000-8000-00000000000a',
  B: '20000000-0000-4000-8000-00000000000b',
  gridA1: '30000000-0000-4000-8000-0000000000a1',
  gridB1: '30000000-0000-4000-8000-0000000000b1',
  microA1: '40000000-0000-4000-8000-0000000000a1',
  microA2: '40000000-0000-4000-8000-0000000000a2',
  microB1: '40000000-0000-4000-8000-0000000000b1',
  resident1: '50000000-0000-4000-8000-000000000001',
  resident2: '50000000-0000-4000-8000-000000000002',
  resident3: '50000000-0000-4000-8000-000000000003',
  staff1: '50000000-0000-4000-8000-000000000004',
  staff2: '50000000-0000-4000-8000-000000000005',
  grid1: '50000000-0000-4000-8000-000000000006',
  party1: '50000000-0000-4000-8000-000000000007',
  talent1: '50000000-0000-4000-8000-000000000008',
  unit1: '50000000-0000-4000-8000-000000000009',
  admin1: '50000000-0000-4000-8000-000000000010',
  dept1: '50000000-0000-4000-8000-000000000011',
  streetCommittee: '60000000-0000-4000-8000-000000000001',
  partyA: '60000000-0000-4000-8000-00000000000a',
  partyB: '60000000-0000-4000-8000-00000000000b',
  deptCg: 'd1000000-0000-4000-8000-000000000001',
  deptZj: 'd1000000-0000-4000-8000-000000000002',
} as const
const q = (id: string) => `'${id}'::uuid`

/** The sizes at a scale (the structure does not scale). */
export function districtSizes(scale: number) {
  const n = (x: number, min = 1) => Math.max(min, Math.round(x * scale))
  return {
    communities: 60,
    streets: 5,
    /** residents per community (≈ 197,400 in all at scale 1; with units, staff, grid workers ≈ 200,000 profiles) */
    residents: n(3290, 4),
    unitsPer: n(25),
    staffPer: n(5),
    needs: n(300_000, 60),
    resources: n(20_000, 60),
    posts: n(5_000, 60),
    whistlesPer: n(20),
    streetWhistlesPer: n(30),
    rewardsPer: n(30, 2),
    topics: n(10_000, 60),
    meetings: n(3_000, 60),
    /** bean movements (two per transfer) */
    movements: n(1_000_000, 200),
    redemptions: n(30_000, 20),
    announcementsStreet: n(30),
    announcementsCommunity: n(25),
    invitationsPer: n(40),
  }
}

function scripts(scale: number, anchor: string) {
  const S = districtSizes(scale)
  const R = S.residents
  const T0 = `'${anchor}'::timestamptz`
  const A = q(D.A)
  const VOL = Math.max(2, Math.round(R * 0.05))
  const VOL_PARTY = Math.max(1, Math.round(VOL * 0.6))
  /** resident k of community c */
  const resident = (c: string, k: string) => `pg_temp.bid('dd050000', (${c}) * ${R} + ((${k}) % ${R}) + 1)`

  const HELPERS = `
create or replace function pg_temp.u(k text) returns double precision language sql immutable
  as $$ select (hashtext(k)::bigint + 2147483648) / 4294967296.0 $$;
create or replace function pg_temp.h(k text) returns bigint language sql immutable
  as $$ select hashtext(k)::bigint + 2147483648 $$;
create or replace function pg_temp.bid(p text, n bigint) returns uuid language sql immutable
  as $$ select (p || '-0000-4000-8000-' || lpad(n::text, 12, '0'))::uuid $$;
create or replace function pg_temp.name(n bigint) returns text language sql immutable as $$
  select (array['张','王','李','赵','刘','陈','杨','黄','周','吴','徐','孙','马','朱','胡','郭','何','林','高','罗'])[1 + (n % 20)::int]
      || (array['秀英','桂兰','建国','志强','海燕','丽华','文博','子涵','雨轩','国华','淑珍','春梅','明','伟','芳','静','磊','洋','勇','杰','娟','军'])[1 + ((n / 20) % 22)::int]
$$;
`

  const STRUCTURE = `
-- 5 streets of 12 communities: street 0 is the demo street (A = community 0, B = community 1)
create temp table comm as
select c, case c when 0 then ${A} when 1 then ${q(D.B)} else pg_temp.bid('dd020000', c) end as id, c / 12 as si,
  case when c / 12 = 0 then ${q(D.street)} else pg_temp.bid('dd010000', c / 12) end as street_id,
  6 + (pg_temp.h('grids' || c) % 5)::int as grids
from generate_series(0, 59) c;
-- the neighbour community in the same street (units approved in two communities serve it too)
alter table comm add column nb int;
update comm set nb = (c / 12) * 12 + ((c % 12) + 1) % 12;

insert into public.streets (id, name, code, created_at)
select pg_temp.bid('dd010000', si), (array['长乐街道', '安康街道', '新民街道', '东升街道'])[si], (320102 + si)::text, ${T0} - interval '1200 days'
from generate_series(1, 4) si;
insert into public.communities (id, street_id, name, seq, scale, function, subtype, created_at)
select id, street_id,
  (array['和平', '光明', '东风', '建设', '新华', '人民', '胜利', '幸福里', '长江', '黄河', '泰山', '华山'])[c % 12 + 1] || '社区',
  c % 12 + 1, (array['general', 'large', 'extra_large'])[1 + (pg_temp.h('cs' || c) % 3)::int]::public.community_scale, 'urban',
  (array['relocation', 'commercial_housing', 'mixed', 'commercial_housing'])[1 + (pg_temp.h('ct' || c) % 4)::int]::public.community_subtype,
  ${T0} - interval '1200 days'
from comm where c >= 2 order by c;

-- grids (300-500 households) and six micro-grids each (50-80); A's 第一网格 and B's 第一网格 are the demo ones
create temp table grid as
select m.c, gi, m.id as community_id,
  case when m.c = 0 and gi = 0 then ${q(D.gridA1)} when m.c = 1 and gi = 0 then ${q(D.gridB1)} else pg_temp.bid('dd030000', m.c * 16 + gi + 1) end as id
from comm m cross join lateral generate_series(0, m.grids - 1) gi;
insert into public.grids (id, community_id, name, kind, households, created_at)
select id, community_id, '第' || (gi + 1) || '网格', 'comprehensive', 300 + (pg_temp.h('gh' || id) % 201)::int, ${T0} - interval '1200 days'
from grid where not (c <= 1 and gi = 0) order by c, gi;
create temp table micro as
select g.c, g.gi, g.id as grid_id, mj,
  case when g.id = ${q(D.gridA1)} and mj = 0 then ${q(D.microA1)} when g.id = ${q(D.gridA1)} and mj = 1 then ${q(D.microA2)}
       when g.id = ${q(D.gridB1)} and mj = 0 then ${q(D.microB1)} else pg_temp.bid('dd040000', (g.c * 16 + g.gi) * 8 + mj + 1) end as id
from grid g cross join generate_series(0, 5) mj;
insert into public.micro_grids (id, grid_id, name, households, created_at)
select id, grid_id, '第' || (mj + 1) || '微网格', 50 + (pg_temp.h('mh' || id) % 31)::int, ${T0} - interval '1200 days'
from micro where id not in (${q(D.microA1)}, ${q(D.microA2)}, ${q(D.microB1)}) order by c, gi, mj;
alter table micro add column mi int;
update micro x set mi = y.mi from (select id, (row_number() over (partition by c order by gi, mj) - 1)::int as mi from micro) y where y.id = x.id;
create temp table micro_n as select c, count(*)::int as n from micro group by c;
create index on micro (c, mi);
analyze comm; analyze grid; analyze micro; analyze micro_n;

-- the party organisation beside them: street committees, community committees, grid branches
insert into public.party_orgs (id, level, name, parent_id, street_id, created_at)
select pg_temp.bid('dd060000', si), 'street_committee', (array['长乐街道', '安康街道', '新民街道', '东升街道'])[si] || '党工委', null,
  pg_temp.bid('dd010000', si), ${T0} - interval '1200 days'
from generate_series(1, 4) si;
insert into public.party_orgs (id, level, name, parent_id, street_id, community_id, created_at)
select pg_temp.bid('dd060000', 100 + c), 'community_committee',
  (array['和平', '光明', '东风', '建设', '新华', '人民', '胜利', '幸福里', '长江', '黄河', '泰山', '华山'])[c % 12 + 1] || '社区党委',
  case when si = 0 then ${q(D.streetCommittee)} else pg_temp.bid('dd060000', si) end, street_id, id, ${T0} - interval '1200 days'
from comm where c >= 2 order by c;
insert into public.party_orgs (id, level, name, parent_id, street_id, community_id, grid_id, created_at)
select pg_temp.bid('dd060000', 1000 + g.c * 16 + g.gi), 'grid_branch', '第' || (g.gi + 1) || '网格党支部',
  case g.c when 0 then ${q(D.partyA)} when 1 then ${q(D.partyB)} else pg_temp.bid('dd060000', 100 + g.c) end,
  m.street_id, g.community_id, g.id, ${T0} - interval '1200 days'
from grid g join comm m on m.c = g.c where not (g.c = 0 and g.gi = 0) order by g.c, g.gi;

-- departments (职能部门): the demo street's two plus two more; four in each other street
create temp table dept as
select 0 as si, 0 as di, ${q(D.deptCg)} as id, '城管科' as name
union all select 0, 1, ${q(D.deptZj)}, '住建科'
union all select si, di, pg_temp.bid('dd070000', si * 10 + di), (array['城管科', '住建科', '民政科', '综治办'])[di + 1]
from generate_series(0, 4) si cross join generate_series(0, 3) di where not (si = 0 and di < 2);
insert into public.departments (id, street_id, name, contact_name, contact_phone, created_at)
select d.id, case when d.si = 0 then ${q(D.street)} else pg_temp.bid('dd010000', d.si) end, d.name, '联络员' || (d.si * 10 + d.di),
  '0258' || lpad((d.si * 10 + d.di)::text, 7, '0'), ${T0} - interval '1100 days'
from dept d where not (d.si = 0 and d.di < 2) order by d.si, d.di;
`

  const PEOPLE = `
-- residents: ${R} per community, each in one of its micro-grids
insert into public.profiles (id, display_name, phone, community_id, micro_grid_id, honour_opt_in, created_at, updated_at)
select pg_temp.bid('dd050000', m.c * ${R} + k + 1), pg_temp.name(m.c * ${R} + k), '13' || lpad((m.c * ${R} + k + 1)::text, 9, '0'),
  m.id, x.id, pg_temp.u('ho' || m.c || ':' || k) < 0.3, ${T0} - interval '1150 days' * pg_temp.u('pc' || m.c || ':' || k),
  ${T0} - interval '1150 days' * pg_temp.u('pc' || m.c || ':' || k)
from comm m cross join generate_series(0, ${R - 1}) k
join micro_n mn on mn.c = m.c join micro x on x.c = m.c and x.mi = k % mn.n
order by m.c, k;
insert into public.profile_roles (profile_id, role, community_id, created_at)
select pg_temp.bid('dd050000', m.c * ${R} + k + 1), 'resident', m.id, ${T0} - interval '1150 days' * pg_temp.u('pc' || m.c || ':' || k)
from comm m cross join generate_series(0, ${R - 1}) k;

-- community staff (A also has staff1, B staff2)
insert into public.profiles (id, display_name, phone, community_id, created_at, updated_at)
select pg_temp.bid('dd052000', m.c * ${S.staffPer} + j + 1), pg_temp.name(700000 + m.c * ${S.staffPer} + j), '1500' || lpad((m.c * ${S.staffPer} + j + 1)::text, 7, '0'),
  m.id, ${T0} - interval '1100 days', ${T0} - interval '1100 days'
from comm m cross join generate_series(0, ${S.staffPer - 1}) j order by m.c, j;
insert into public.profile_roles (profile_id, role, community_id, created_at)
select pg_temp.bid('dd052000', m.c * ${S.staffPer} + j + 1), 'staff', m.id, ${T0} - interval '1100 days'
from comm m cross join generate_series(0, ${S.staffPer - 1}) j;
-- the staff member who acts for a community in this data
alter table comm add column staff uuid;
update comm set staff = case c when 0 then ${q(D.staff1)} when 1 then ${q(D.staff2)} else pg_temp.bid('dd052000', c * ${S.staffPer} + 1) end;


-- volunteers (≈5%): party members and talents with registrations; most approved
create temp table vol as
select m.c, m.id as community_id, k, pg_temp.bid('dd050000', m.c * ${R} + k + 1) as profile_id,
  (case when k < ${VOL_PARTY} then 'party_member' else 'talent' end)::public.volunteer_kind as kind,
  (case when pg_temp.u('vs' || m.c || ':' || k) < 0.85 then 'approved' when pg_temp.u('vs' || m.c || ':' || k) < 0.95 then 'pending' else 'rejected' end)::public.registration_status as status,
  case when m.c = 0 then ${q(D.staff1)} when m.c = 1 then ${q(D.staff2)} else pg_temp.bid('dd052000', m.c * ${S.staffPer} + 1) end as reviewer,
  ${T0} - interval '1000 days' * pg_temp.u('vr' || m.c || ':' || k) as at
from comm m cross join generate_series(0, ${VOL - 1}) k;
insert into public.volunteer_registrations (id, profile_id, community_id, kind, status, source, work_unit, party_org, skills, intro,
  reviewed_by, reviewed_at, review_reason, created_at)
select pg_temp.bid('dd055000', c * 1000 + k + 1), profile_id, community_id, kind, status,
  (case when kind = 'talent' and k % 3 = 0 then 'discovered' else 'self' end)::public.talent_source,
  case when kind = 'party_member' then (array['市规划局', '区教育局', '区人民医院', '市供电公司', '区税务局'])[1 + k % 5] end,
  case when kind = 'party_member' then (array['机关第一党支部', '第二党支部', '离退休党支部'])[1 + k % 3] end,
  string_to_array((array['水电维修,家电维修', '书法,绘画', '法律咨询', '心理疏导,陪伴聊天', '理发', '电脑维修,手机教学'])[1 + k % 6], ','),
  '愿意在周末为社区居民服务', case when status <> 'pending' then reviewer end,
  case when status <> 'pending' then at + interval '2 days' end,
  case when status = 'rejected' then '材料不全，请补充后重新报到' end, at
from vol order by c, k;
insert into public.volunteer_registrations (id, profile_id, community_id, kind, status, source, work_unit, party_org, skills, reviewed_by, reviewed_at, created_at) values
  (pg_temp.bid('dd055000', 999001), ${q(D.party1)}, ${A}, 'party_member', 'approved', 'self', '市规划局', '机关第一党支部', '{政策宣讲}', ${q(D.staff1)}, ${T0} - interval '600 days', ${T0} - interval '601 days'),
  (pg_temp.bid('dd055000', 999002), ${q(D.talent1)}, ${A}, 'talent', 'approved', 'self', null, null, '{水电维修,家电维修}', ${q(D.staff1)}, ${T0} - interval '580 days', ${T0} - interval '581 days');
insert into public.profile_roles (profile_id, role, community_id, created_at)
select profile_id, kind::text::public.app_role, community_id, at + interval '2 days' from vol where status = 'approved';
-- who may serve: approved volunteers per community, numbered from 0 (in A the demo volunteers first)
create temp table pool as
select c, community_id, profile_id, (row_number() over (partition by c order by ord, k) - 1)::int as i
from (
  select 0 as c, ${A} as community_id, ${q(D.party1)} as profile_id, 0 as ord, -2 as k
  union all select 0, ${A}, ${q(D.talent1)}, 0, -1
  union all select c, community_id, profile_id, 1, k from vol where status = 'approved'
) x;
create temp table pool_n as select c, count(*)::int as n from pool group by c;
create index on pool (c, i);
analyze vol; analyze pool; analyze pool_n;

-- member units (驻区单位): ${S.unitsPer} per community; every fifth also approved in the neighbour community
create temp table unit as
select m.c, m.nb, m.id as community_id, j, pg_temp.bid('dd051000', m.c * ${S.unitsPer} + j + 1) as profile_id,
  (array['物业', '超市', '医院', '学校', '银行', '律师事务所', '家政公司', '养老中心'])[1 + (m.c + j) % 8] || (m.c * ${S.unitsPer} + j + 1) || '号' as name,
  (array['red', 'property', 'public_welfare'])[1 + j % 3]::public.partner_type as partner_type, j % 5 = 0 as two
from comm m cross join generate_series(0, ${S.unitsPer - 1}) j;
insert into public.profiles (id, display_name, phone, community_id, created_at, updated_at)
select profile_id, name, '025' || lpad((c * ${S.unitsPer} + j + 1)::text, 8, '0'), community_id, ${T0} - interval '1100 days', ${T0} - interval '1100 days'
from unit order by c, j;
insert into public.profile_roles (profile_id, role, community_id, created_at)
select profile_id, 'unit'::public.app_role, community_id, ${T0} - interval '1100 days' from unit
union all select u.profile_id, 'unit', m.id, ${T0} - interval '900 days' from unit u join comm m on m.c = u.nb where u.two
-- unit1 (红星物业) serves five communities of the demo street
union all select ${q(D.unit1)}, 'unit', id, ${T0} - interval '900 days' from comm where c between 1 and 4;
insert into public.member_units (id, community_id, name, partner_type, profile_id, created_at)
select pg_temp.bid('dd080000', c * 100 + j + 1), community_id, name, partner_type, profile_id, ${T0} - interval '1100 days' from unit
union all select pg_temp.bid('dd080000', 10000 + c * 100 + j + 1), (select id from comm where comm.c = u.nb), name, partner_type, profile_id, ${T0} - interval '900 days' from unit u where two
union all select pg_temp.bid('dd080000', 20000 + c), id, '红星物业', 'property', ${q(D.unit1)}, ${T0} - interval '900 days' from comm where c between 1 and 4;

-- one grid worker per grid (A's 第一网格: grid1)
create temp table gw as
select g.c, g.gi, g.id as grid_id, g.community_id,
  case when g.id = ${q(D.gridA1)} then ${q(D.grid1)} else pg_temp.bid('dd053000', g.c * 16 + g.gi + 1) end as profile_id
from grid g;
insert into public.profiles (id, display_name, phone, community_id, micro_grid_id, created_at, updated_at)
select w.profile_id, pg_temp.name(800000 + w.c * 16 + w.gi), '1510' || lpad((w.c * 16 + w.gi + 1)::text, 7, '0'), w.community_id,
  (select x.id from micro x where x.grid_id = w.grid_id and x.mj = 0), ${T0} - interval '1100 days', ${T0} - interval '1100 days'
from gw w where w.profile_id <> ${q(D.grid1)} order by w.c, w.gi;
insert into public.profile_roles (profile_id, role, community_id, created_at)
select profile_id, 'grid_worker', community_id, ${T0} - interval '1100 days' from gw where profile_id <> ${q(D.grid1)};
insert into public.grid_assignments (profile_id, grid_id, created_at)
select profile_id, grid_id, ${T0} - interval '1100 days' from gw where profile_id <> ${q(D.grid1)};
create temp table micro_gw as select x.id as micro_grid_id, x.c, w.profile_id from micro x join gw w on w.grid_id = x.grid_id;
create index on micro_gw (micro_grid_id);
analyze unit; analyze gw; analyze micro_gw; analyze comm; analyze dept;

-- each other street's admin; two members per new department
insert into public.profiles (id, display_name, phone, created_at, updated_at)
select pg_temp.bid('dd054000', si), pg_temp.name(900000 + si), '1520' || lpad(si::text, 7, '0'), ${T0} - interval '1150 days', ${T0} - interval '1150 days'
from generate_series(1, 4) si;
insert into public.street_admins (profile_id, street_id, created_at)
select pg_temp.bid('dd054000', si), pg_temp.bid('dd010000', si), ${T0} - interval '1150 days' from generate_series(1, 4) si;
insert into public.profiles (id, display_name, phone, created_at, updated_at)
select pg_temp.bid('dd054000', 100 + (d.si * 10 + d.di) * 2 + j), pg_temp.name(910000 + (d.si * 10 + d.di) * 2 + j), '1530' || lpad(((d.si * 10 + d.di) * 2 + j)::text, 7, '0'),
  ${T0} - interval '1100 days', ${T0} - interval '1100 days'
from dept d cross join generate_series(0, 1) j where not (d.si = 0 and d.di < 2) order by d.si, d.di, j;
insert into public.department_members (department_id, profile_id, created_at)
select d.id, pg_temp.bid('dd054000', 100 + (d.si * 10 + d.di) * 2 + j), ${T0} - interval '1100 days'
from dept d cross join generate_series(0, 1) j where not (d.si = 0 and d.di < 2) order by d.si, d.di, j;
`

  const NEEDS = `
create temp table need_seed as
with b as (
  select g, pg_temp.bid('dd100000', g) as id, (g - 1) % 60 as c, (g - 1) / 60 as r,
    -- the first ten needs of communities 2-7 take each status in turn (so every status is there at any scale)
    case when (g - 1) % 60 between 2 and 7 and (g - 1) / 60 < 10 then ((g - 1) / 60)::int end as forced,
    case when (g - 1) % 60 between 2 and 7 and (g - 1) / 60 < 10
      then ${T0} - case when (g - 1) / 60 < 6 then interval '3 hours' else interval '20 days' end
      else ${T0} - interval '1095 days' * pg_temp.u('na' || g) - interval '5 minutes' end as created_at,
    case when (g - 1) % 60 between 2 and 7 and (g - 1) / 60 < 10 then case when (g - 1) / 60 < 6 then 0.125 else 20 end
      else pg_temp.u('na' || g) * 1095 end as age_days,
    pg_temp.u('ns' || g) as us, pg_temp.u('nsrc' || g) as usrc, pg_temp.u('ntr' || g) as utr, pg_temp.u('nsv' || g) as usv,
    (pg_temp.h('nt' || g) % 20)::int as t, pg_temp.h('no' || g) as ho
  from generate_series(1, ${S.needs}) g
), s as (
  select b.*,
    (case
      when forced is not null then (array['submitted', 'triaged', 'in_progress', 'matched', 'escalated', 'in_deliberation',
        'resolved', 'evaluated', 'closed', 'rejected'])[forced + 1]
      when age_days < 2 then case when us < 0.35 then 'submitted' when us < 0.65 then 'triaged' else 'in_progress' end
      when age_days < 14 then case when us < 0.03 then 'submitted' when us < 0.10 then 'triaged' when us < 0.30 then 'in_progress'
        when us < 0.38 then 'matched' when us < 0.42 then 'escalated' when us < 0.45 then 'in_deliberation' when us < 0.70 then 'resolved'
        when us < 0.90 then 'evaluated' when us < 0.95 then 'rejected' else 'closed' end
      when age_days < 60 then case when us < 0.03 then 'in_progress' when us < 0.05 then 'matched' when us < 0.065 then 'escalated'
        when us < 0.08 then 'in_deliberation' when us < 0.13 then 'evaluated' when us < 0.93 then 'closed' else 'rejected' end
      else case when us < 0.010 then 'in_progress' when us < 0.015 then 'escalated' when us < 0.017 then 'in_deliberation'
        when us < 0.93 then 'closed' else 'rejected' end
    end)::public.need_status as status,
    case when c = 0 and r % 250 = 7 then 1 when c = 0 and r % 250 = 8 then 2 when c = 1 and r % 250 = 9 then 3 else 0 end as demo
  from b
), o as (
  select s.*,
    (case when demo > 0 or usrc < 0.80 then 'resident' when usrc < 0.90 then 'patrol' when usrc < 0.95 then 'on_behalf' else 'hotline' end)::public.need_source as source,
    case demo when 1 then ${q(D.microA1)} when 2 then ${q(D.microA2)} when 3 then ${q(D.microB1)} else x.id end as micro_grid_id,
    case demo when 1 then ${q(D.resident1)} when 2 then ${q(D.resident2)} when 3 then ${q(D.resident3)}
      else pg_temp.bid('dd050000', s.c * ${R} + (s.ho % ${R}) + 1) end as resident
  from s
  join micro_n mn on mn.c = s.c
  join micro x on x.c = s.c and x.mi = ((s.ho % ${R}) % mn.n)::int
), p as (
  select o.*,
    case when source = 'hotline' then null when source = 'patrol' then w.profile_id else resident end as created_by,
    case when source = 'resident' then resident when source = 'hotline' then m.staff else w.profile_id end as submitted_by,
    (status <> 'submitted' and not (status = 'rejected' and utr < 0.5)) as triaged,
    case when status = 'in_deliberation' then 'shared' when status = 'escalated' then 'public' when utr < 0.6 then 'private' when utr < 0.85 then 'shared' else 'public' end::public.need_track as tr,
    case when usv < 0.6 then 'general' when usv < 0.9 then 'major' else 'complex' end::public.need_severity as sv,
    m.staff, m.si, w.profile_id as worker
  from o join micro_gw w on w.micro_grid_id = o.micro_grid_id join comm m on m.c = o.c
)
select p.*,
  case when triaged then created_at + interval '1 hour' end as triaged_at,
  case when triaged then created_at + interval '1 hour' + make_interval(mins => case sv when 'general' then 60 when 'major' then 1440 else 10080 end) end as due_at,
  case when triaged then (case sv when 'complex' then 'plan' else 'resolve' end)::public.sla_goal end as due_goal,
  case when status in ('resolved', 'evaluated', 'closed') then created_at + interval '21 hours' end as resolved_at,
  case when created_by is not null and (status = 'evaluated' or (status = 'closed' and pg_temp.u('nr' || g) < 0.65))
    then 3 + (pg_temp.h('nrv' || g) % 3)::int end as rating,
  case when triaged and (tr = 'public' or status = 'escalated') then (select d.id from dept d where d.si = p.si and d.di = (p.ho % 4)::int) end as department_id
from p;
create index on need_seed (g);
analyze need_seed;

insert into public.needs (id, community_id, micro_grid_id, title, description, category, status, created_by, submitted_by, source,
  contact_name, contact_phone, urgency, address, window_from, window_to, people_affected, track, severity, handler_id, department,
  department_id, department_due_at, department_answer, department_answered_at,
  triaged_at, due_at, due_goal, resolved_at, rating, rating_comment, evaluated_at, closed_at, demand, created_at, updated_at)
select n.id, (select id from comm where comm.c = n.c), n.micro_grid_id,
  (array['楼道灯坏了需要维修', '电梯经常停运', '小区垃圾清运不及时', '独居老人需要助餐', '孩子放学后无人看护', '下水道堵塞反水',
         '健身器材损坏', '邻居装修噪音扰民', '楼下违规停车堵路', '需要法律咨询帮助', '家政保洁服务需求', '想参加社区书法班',
         '失业人员求职帮助', '老人就医陪诊需求', '绿化带杂草丛生', '楼道堆放杂物', '路灯不亮夜间不安全', '外墙瓷砖脱落',
         '宠物粪便无人清理', '高空抛物隐患'])[1 + n.t],
  (array['楼道灯坏了需要维修', '电梯经常停运', '小区垃圾清运不及时', '独居老人需要助餐', '孩子放学后无人看护', '下水道堵塞反水',
         '健身器材损坏', '邻居装修噪音扰民', '楼下违规停车堵路', '需要法律咨询帮助', '家政保洁服务需求', '想参加社区书法班',
         '失业人员求职帮助', '老人就医陪诊需求', '绿化带杂草丛生', '楼道堆放杂物', '路灯不亮夜间不安全', '外墙瓷砖脱落',
         '宠物粪便无人清理', '高空抛物隐患'])[1 + n.t]
    || '。' || (array['已经持续一周多了，影响居民正常生活，希望社区尽快协调处理。', '家里老人行动不便，麻烦社区帮忙安排。',
                      '多次反映未解决，请网格员上门看看。', '周边几栋楼的居民都有同样的问题。'])[1 + n.g % 4],
  (array['facility_repair', 'facility_repair', 'sanitation', 'meal_aid', 'elderly_childcare', 'facility_repair', 'culture_sports',
         'dispute', 'parking', 'legal', 'housekeeping', 'culture_sports', 'employment', 'medical', 'sanitation', 'sanitation',
         'facility_repair', 'facility_repair', 'sanitation', 'other'])[1 + n.t]::public.need_category,
  n.status, n.created_by, n.submitted_by, n.source,
  case when n.created_by is null then '热线来电居民' end,
  case when n.created_by is null then '0255' || lpad(n.g::text, 7, '0') end,
  (case when pg_temp.u('nu' || n.g) < 0.1 then 'high' when pg_temp.u('nu' || n.g) < 0.15 then 'urgent'
        when pg_temp.u('nu' || n.g) < 0.8 then 'normal' else 'low' end)::public.need_urgency,
  '幸福路' || (n.g % 50 + 1) || '号' || (n.g % 6 + 1) || '单元',
  case when n.t in (3, 4, 13) then n.created_at + interval '1 day' end,
  case when n.t in (3, 4, 13) then n.created_at + interval '8 days' end,
  case when n.triaged and n.tr <> 'private' then 5 + (n.ho % 196)::int else 1 end,
  case when n.triaged then n.tr end, case when n.triaged then n.sv end,
  case when n.triaged and n.utr < 0.5 then n.staff end,
  case when n.department_id is not null then (select d.name from dept d where d.id = n.department_id) end,
  n.department_id,
  case when n.department_id is not null then n.triaged_at + interval '3 days' end,
  case when n.department_id is not null and n.status in ('resolved', 'evaluated', 'closed') then '已安排人员现场核实并处理，请社区跟进居民反馈。' end,
  case when n.department_id is not null and n.status in ('resolved', 'evaluated', 'closed') then n.triaged_at + interval '10 hours' end,
  n.triaged_at, n.due_at, n.due_goal, n.resolved_at, n.rating,
  case when n.rating = 5 then '处理很及时，谢谢社区' end,
  case when n.rating is not null then n.resolved_at + interval '1 day' end,
  case when n.status = 'closed' then case when n.rating is not null then n.resolved_at + interval '25 hours' else n.resolved_at + interval '7 days' end end,
  1 + (n.ho % 3)::int,
  n.created_at,
  least(${T0}, coalesce(case when n.status = 'closed' then case when n.rating is not null then n.resolved_at + interval '25 hours' else n.resolved_at + interval '7 days' end end,
    case when n.rating is not null then n.resolved_at + interval '1 day' end, n.resolved_at, n.triaged_at + interval '1 day', n.created_at + interval '2 hours'))
from need_seed n order by n.g;

-- the timeline: one event per step of the path that led to the need's status
insert into public.need_events (need_id, from_status, to_status, actor_id, actor, note, created_at)
select n.id, (case when p.i > 1 then p.path[p.i - 1] end)::public.need_status, p.path[p.i]::public.need_status,
  case a.actor when 'owner' then n.created_by when 'system' then null when 'grid_worker' then n.worker else n.staff end,
  a.actor::public.need_actor,
  case p.path[p.i] when 'rejected' then '不属于社区受理范围，已告知居民向相关部门反映' when 'escalated' then '超过办理时限，系统自动上报'
    when 'closed' then case when n.rating is null then '居民未在规定时间内评价，系统自动办结' else '已评价，系统办结' end
    when 'evaluated' then '评价 ' || n.rating || ' 星'
    when 'submitted' then case n.source when 'patrol' then '网格员巡查发现' when 'hotline' then '热线登记' when 'on_behalf' then '网格员代办' end
  end,
  least(${T0}, case p.path[p.i]
    when 'submitted' then n.created_at when 'triaged' then n.triaged_at when 'in_progress' then n.triaged_at + interval '30 minutes'
    when 'resolved' then n.resolved_at when 'evaluated' then n.resolved_at + interval '1 day'
    when 'closed' then case when n.rating is not null then n.resolved_at + interval '25 hours' else n.resolved_at + interval '7 days' end
    when 'rejected' then n.created_at + interval '2 hours' when 'escalated' then n.due_at + interval '1 hour'
    else n.triaged_at + interval '1 day' end)
from need_seed n
cross join lateral (
  select x.i, a0.arr as path
  from (select case n.status
      when 'submitted' then array['submitted']
      when 'triaged' then array['submitted', 'triaged']
      when 'in_progress' then array['submitted', 'triaged', 'in_progress']
      when 'matched' then array['submitted', 'triaged', 'matched']
      when 'escalated' then array['submitted', 'triaged', 'escalated']
      when 'in_deliberation' then array['submitted', 'triaged', 'in_deliberation']
      when 'resolved' then array['submitted', 'triaged', 'in_progress', 'resolved']
      when 'evaluated' then array['submitted', 'triaged', 'in_progress', 'resolved', 'evaluated']
      when 'closed' then case when n.rating is not null then array['submitted', 'triaged', 'in_progress', 'resolved', 'evaluated', 'closed']
                              else array['submitted', 'triaged', 'in_progress', 'resolved', 'closed'] end
      when 'rejected' then case when n.triaged then array['submitted', 'triaged', 'rejected'] else array['submitted', 'rejected'] end
    end as arr) a0
  cross join lateral generate_series(1, cardinality(a0.arr)) x(i)
) p
cross join lateral (
  select case p.path[p.i]
    when 'submitted' then case n.source when 'resident' then 'owner' when 'hotline' then 'staff' else 'grid_worker' end
    when 'triaged' then case when n.g % 3 = 0 then 'grid_worker' else 'staff' end
    when 'evaluated' then 'owner'
    when 'closed' then 'system' when 'escalated' then 'system' when 'matched' then 'system'
    else 'staff' end as actor
) a0x
cross join lateral (select case when a0x.actor = 'owner' and n.created_by is null then 'staff' else a0x.actor end as actor) a
order by n.g, p.i;

-- 关注/+1: about a third of the open needs and a few closed ones have neighbours following them; resident1 follows a few
insert into public.need_followers (need_id, profile_id, created_at)
select distinct on (n.id, f.p) n.id, f.p, least(${T0}, n.created_at + interval '1 day' * f.j)
from need_seed n
cross join lateral generate_series(1, 1 + (n.ho % 5)::int) j
cross join lateral (select ${resident('n.c', 'n.ho + 1 + j * 37')} as p, j) f
where (n.status not in ('closed', 'rejected', 'evaluated', 'resolved') and pg_temp.u('nf' || n.g) < 0.35) or pg_temp.u('nf' || n.g) < 0.05
order by n.id, f.p, f.j;
insert into public.need_followers (need_id, profile_id, created_at)
select n.id, ${q(D.resident1)}, least(${T0}, n.created_at + interval '2 hours') from need_seed n
where n.c = 0 and n.status in ('submitted', 'triaged', 'in_progress') and n.demo = 0 and n.g % 7 = 0
on conflict do nothing;
delete from public.need_followers f using public.needs n where n.id = f.need_id and n.created_by = f.profile_id;
update public.needs n set follower_count = c.k
from (select need_id, count(*)::int as k from public.need_followers group by need_id) c where c.need_id = n.id;
`

  const RESOURCES = `
-- ${S.resources} resources: units (half), approved volunteers, staff; the service area names only communities the
-- publisher is approved in (empty = its home community)
create temp table res_seed as
select g, pg_temp.bid('dd110000', g) as id, m.c, m.id as community_id, m.staff, pg_temp.u('rk' || g) as uk, pg_temp.h('rp' || g) as hp,
  (pg_temp.h('rt' || g) % 12)::int as t, (m.c = 0 and ((g - 1) / 60) % 8 = 0) as by_unit1
from generate_series(1, ${S.resources}) g join comm m on m.c = (g - 1) % 60;
insert into public.resources (id, community_id, publisher_id, title, description, kind, partner_type, categories, capacity, period,
  area_community_ids, area_grid_ids, availability, contact_name, contact_phone, status, created_at, updated_at)
select r.id, r.community_id,
  case when r.by_unit1 then ${q(D.unit1)} when r.uk < 0.5 then u.profile_id when r.uk < 0.8 and pl.profile_id is not null then pl.profile_id else r.staff end,
  (array['助老送餐服务', '水电维修志愿队', '法律援助咨询', '义诊与健康讲座', '四点半课堂', '家政保洁服务', '就业指导培训',
         '环境清洁行动', '停车协调服务', '邻里调解工作室', '文体活动场地', '综合便民服务'])[1 + r.t] || ' ' || r.g,
  '每周固定时间提供服务，欢迎社区居民预约。',
  (case when r.by_unit1 or r.uk < 0.5 then 'social' when r.uk < 0.8 and pl.profile_id is not null then 'party' else 'administrative' end)::public.resource_kind,
  case when r.by_unit1 then 'property'::public.partner_type when r.uk < 0.5 then u.partner_type end,
  string_to_array((array['meal_aid,elderly_childcare', 'facility_repair', 'legal,dispute', 'medical', 'elderly_childcare,culture_sports',
         'housekeeping', 'employment', 'sanitation', 'parking', 'dispute', 'culture_sports', 'facility_repair,housekeeping,other'])[1 + r.t], ',')::public.need_category[],
  5 + (r.hp % 36)::int, (case when r.hp % 3 = 0 then 'week' else 'month' end)::public.resource_period,
  case when r.by_unit1 then case r.hp % 4 when 0 then array[${A}, ${q(D.B)}]
         when 1 then array[${A}, (select id from comm where c = 2), (select id from comm where c = 3)]
         when 2 then array[(select id from comm where c = 4), ${A}] else '{}'::uuid[] end
       when r.uk < 0.5 and u.two and r.hp % 2 = 0 then array[r.community_id, (select id from comm where comm.c = u.nb)]
       else '{}'::uuid[] end,
  '{}'::uuid[],
  case when r.hp % 4 = 0 then jsonb_build_array(jsonb_build_object(
    'from', to_char((date_trunc('day', ${T0}) + interval '7 days') at time zone 'UTC', 'YYYY-MM-DD"T"09:00:00"Z"'),
    'to', to_char((date_trunc('day', ${T0}) + interval '7 days') at time zone 'UTC', 'YYYY-MM-DD"T"12:00:00"Z"'))) else '[]'::jsonb end,
  '联系人' || r.g, '138' || lpad(r.g::text, 8, '0'),
  case when pg_temp.u('rs' || r.g) < 0.9 then 'active' when pg_temp.u('rs' || r.g) < 0.95 then 'paused' else 'archived' end,
  ${T0} - interval '1090 days' * pg_temp.u('rc' || r.g), ${T0} - interval '30 days' * pg_temp.u('rc' || r.g)
from res_seed r
join unit u on u.c = r.c and u.j = (r.hp % ${S.unitsPer})::int
left join pool_n pn on pn.c = r.c
left join pool pl on pl.c = r.c and pl.i = (r.hp % pn.n)::int
order by r.g;

-- where each active resource serves, per category (for proposals and projects)
create temp table res_cover as
select r.id as resource_id, r.publisher_id, cat, served as community_id
from public.resources r
cross join lateral unnest(r.categories) cat
cross join lateral unnest(case when cardinality(r.area_community_ids) = 0 then array[r.community_id] else r.area_community_ids end) served
where r.status = 'active';
create index on res_cover (community_id, cat);
analyze res_seed; analyze res_cover;

-- matching: two runs per community (the latest one's proposals open, the earlier one's superseded)
insert into public.match_runs (id, community_id, run_by, stats, created_at)
select pg_temp.bid('dd120000', m.c * 2 + k + 1), m.id, m.staff, jsonb_build_object('needs', 150, 'resources', 300, 'pairs', 2500),
  ${T0} - interval '1 day' * (1 + (1 - k) * 9)
from comm m cross join generate_series(0, 1) k order by m.c, k;
create temp table cover_pick as
select n.id as need_id, n.c, n.status, n.triaged_at, n.resolved_at, n.rating, n.people_affected, n.urgency, x.resource_id, x.publisher_id, x.rk
from (select ns.id, ns.c, ns.status, ns.triaged_at, ns.resolved_at, ns.rating, nd.people_affected, nd.urgency, nd.category, nd.community_id
      from need_seed ns join public.needs nd on nd.id = ns.id
      where ns.status in ('triaged', 'in_progress', 'matched')
         or (ns.status in ('resolved', 'evaluated', 'closed') and pg_temp.u('pp' || ns.id) < 0.03)) n
cross join lateral (
  select rc.resource_id, rc.publisher_id, row_number() over (order by md5(n.id::text || rc.resource_id::text)) as rk
  from res_cover rc where rc.community_id = n.community_id and rc.cat = n.category
  order by md5(n.id::text || rc.resource_id::text) limit 2
) x;
insert into public.match_proposals (id, run_id, community_id, need_id, resource_id, score, reasons, status, created_at)
select pg_temp.bid('dd121000', row_number() over (order by run.k, p.need_id, p.resource_id)), pg_temp.bid('dd120000', p.c * 2 + run.k + 1),
  (select id from comm where comm.c = p.c), p.need_id, p.resource_id, 3000 + (pg_temp.h(p.need_id::text || p.resource_id::text) % 6500)::int,
  array['服务类别匹配', '服务范围覆盖', case when p.urgency in ('high', 'urgent') then '需求紧急' else '资源尚有余量' end],
  case when run.k = 1 then 'open' else 'superseded' end, ${T0} - interval '1 day' * (1 + (1 - run.k) * 9)
from cover_pick p cross join (values (0), (1)) run(k)
where p.status in ('triaged', 'in_progress')
order by 1;

-- service projects: the matched needs' live projects, a share of the resolved ones' finished projects, some
-- proposals waiting for the other side and some cancelled; each on a resource that covers the need
create temp table project_seed as
select row_number() over (order by p.need_id) as k, p.*, (select id from comm where comm.c = p.c) as community_id,
  (select staff from comm where comm.c = p.c) as staff,
  case
    when p.status = 'matched' then case when pg_temp.u('ps' || p.need_id) < 0.5 then 'confirmed' else 'in_progress' end
    when p.status in ('resolved', 'evaluated', 'closed') then case when p.rating is not null and pg_temp.u('ps' || p.need_id) < 0.7 then 'evaluated' else 'completed' end
    when p.status = 'triaged' then 'proposed'
    else 'cancelled' end::public.project_status as pstatus
from cover_pick p
where p.rk = 1 and (p.status in ('matched', 'resolved', 'evaluated', 'closed')
   or (p.status = 'triaged' and pg_temp.u('pp' || p.need_id) < 0.3)
   or (p.status = 'in_progress' and pg_temp.u('pp' || p.need_id) < 0.15));
insert into public.service_projects (id, community_id, need_id, resource_id, origin, status, unit_confirmed_at, community_confirmed_at,
  beneficiaries, rating, rating_comment, cancel_reason, created_by, created_at, updated_at, completed_at)
select pg_temp.bid('dd130000', p.k), p.community_id, p.need_id, p.resource_id,
  (case when p.k % 2 = 0 then 'unit_claim' else 'community_claim' end)::public.project_origin, p.pstatus,
  case when p.pstatus in ('proposed', 'cancelled') and p.k % 2 = 1 then null else least(${T0}, p.triaged_at + interval '5 hours') end,
  case when p.pstatus in ('proposed', 'cancelled') and p.k % 2 = 0 then null else least(${T0}, p.triaged_at + interval '4 hours') end,
  case when p.pstatus in ('completed', 'evaluated') then p.people_affected end,
  case when p.pstatus = 'evaluated' then p.rating end,
  case when p.pstatus = 'evaluated' and p.rating = 5 then '服务很周到' end,
  case when p.pstatus = 'cancelled' then '资源方时间冲突，改由社区另行安排' end,
  case when p.k % 2 = 0 then p.publisher_id else p.staff end,
  least(${T0}, p.triaged_at + interval '4 hours'),
  least(${T0}, coalesce(p.resolved_at, p.triaged_at + interval '6 hours')),
  case when p.pstatus in ('completed', 'evaluated') then p.resolved_at end
from project_seed p order by p.k;
insert into public.service_progress (project_id, author_id, note, percent, created_at)
select sp.id, case when s.step in (2, 3, 4) then sp.created_by end, s.note, s.percent, least(${T0}, sp.created_at + interval '1 hour' * s.step)
from public.service_projects sp
cross join lateral (values
  (1, case sp.origin when 'unit_claim' then '资源方认领需求，等待社区确认' else '社区为居民认领资源，等待资源方确认' end, null::int, true),
  (2, '双方确认，服务项目成立', null, sp.status in ('confirmed', 'in_progress', 'completed', 'evaluated')),
  (3, '开始服务', null, sp.status in ('in_progress', 'completed', 'evaluated')),
  (4, '服务完成', 100, sp.status in ('completed', 'evaluated')),
  (5, '居民评价 ' || coalesce(sp.rating, 0) || ' 星', null, sp.status = 'evaluated'),
  (6, '取消：' || coalesce(sp.cancel_reason, ''), null, sp.status = 'cancelled')
) s(step, note, percent, present)
where s.present and sp.id::text like 'dd130000-%'
order by sp.id, s.step;
`

  const VOLUNTEERING = `
-- ${S.posts} posts over three years (and the coming weeks), 6-8 weekly two-hour slots each, ~3 volunteers a slot
insert into public.service_posts (id, community_id, title, category, description, place, lat, lng, radius_m, bean_rate_per_hour, created_by,
  status, cancel_reason, cancelled_at, created_at, updated_at)
select pg_temp.bid('dd140000', g), m.id,
  (array['政策宣讲', '四点半课堂辅导', '家电义务维修', '健康义诊', '心理疏导', '法律咨询', '治安巡逻', '环境整治', '助老助残'])[1 + cat] || ' 第' || g || '期',
  (array['policy_talk', 'tutoring', 'appliance_repair', 'health_clinic', 'counseling', 'legal_advice', 'security_patrol', 'environment',
         'elderly_disabled_aid'])[1 + cat]::public.post_category,
  '请提前十分钟到岗，到岗后在小程序签到。', (array['社区活动中心', '1号楼架空层', '社区广场', '党群服务中心'])[1 + g % 4],
  32.04 + (hp % 1000) / 100000.0, 118.78 + (hp % 997) / 100000.0, 100 + (hp % 400)::int, 5 + (hp % 16)::int, m.staff,
  case when pg_temp.u('pcx' || g) < 0.03 then 'cancelled' else 'open' end,
  case when pg_temp.u('pcx' || g) < 0.03 then '天气原因取消' end,
  case when pg_temp.u('pcx' || g) < 0.03 then least(${T0}, base) end,
  base - interval '7 days', base - interval '7 days'
from (
  select g, (pg_temp.h('pc' || g) % 9)::int as cat, pg_temp.h('ph' || g) as hp,
    date_trunc('hour', ${T0} - interval '1095 days' + interval '1120 days' * pg_temp.u('pb' || g)) as base
  from generate_series(1, ${S.posts}) g
) x join comm m on m.c = (x.g - 1) % 60
order by g;
insert into public.post_slots (id, post_id, starts_at, ends_at, capacity)
select pg_temp.bid('dd150000', g * 10 + k), pg_temp.bid('dd140000', g),
  base + interval '7 days' * k + interval '9 hours', base + interval '7 days' * k + interval '11 hours',
  4 + (pg_temp.h('sc' || g || ':' || k) % 4)::int
from (select g, date_trunc('hour', ${T0} - interval '1095 days' + interval '1120 days' * pg_temp.u('pb' || g)) as base from generate_series(1, ${S.posts}) g) x
cross join lateral generate_series(0, 5 + (pg_temp.h('sn' || g) % 3)::int) k
order by g, k;

create temp table shift_seed as
select s.id as slot_id, s.post_id, s.starts_at, s.ends_at, p.community_id, p.bean_rate_per_hour, p.lat, p.lng, p.created_by as staff,
  pl.profile_id, j, pg_temp.u('shs' || s.id || ':' || j) as us, row_number() over (order by s.id, j) as n
from public.post_slots s
join public.service_posts p on p.id = s.post_id
join comm m on m.id = p.community_id
join pool_n pn on pn.c = m.c
cross join lateral generate_series(0, least(pn.n, 2 + (pg_temp.h('sk' || s.id) % 3)::int) - 1) j
join pool pl on pl.c = m.c and pl.i = ((pg_temp.h('shb' || s.id) + j) % pn.n)::int
where s.id::text like 'dd150000-%' and p.status = 'open';
insert into public.shifts (id, slot_id, post_id, profile_id, status, claimed_at, cancelled_at, late_cancel, check_in_at, check_in_lat, check_in_lng,
  check_in_distance_m, check_out_at, check_out_lat, check_out_lng, check_out_distance_m, notes, confirmed_by, confirmed_at, reject_reason,
  verified_minutes, beans_pending)
select pg_temp.bid('dd160000', n), slot_id, post_id, profile_id, st, least(starts_at - interval '3 days', ${T0} - interval '1 hour'),
  case when st = 'cancelled' then least(starts_at - interval '1 day', ${T0} - interval '30 minutes') end,
  st = 'cancelled' and us > 0.98,
  case when st in ('checked_out', 'confirmed', 'rejected') then starts_at + interval '3 minutes' end,
  case when st in ('checked_out', 'confirmed', 'rejected') then lat + 0.0001 end,
  case when st in ('checked_out', 'confirmed', 'rejected') then lng + 0.0001 end,
  case when st in ('checked_out', 'confirmed', 'rejected') then 14.2 end,
  case when st in ('checked_out', 'confirmed', 'rejected') then ends_at - interval '2 minutes' end,
  case when st in ('checked_out', 'confirmed', 'rejected') then lat end,
  case when st in ('checked_out', 'confirmed', 'rejected') then lng end,
  case when st in ('checked_out', 'confirmed', 'rejected') then 3.5 end,
  case when st in ('checked_out', 'confirmed', 'rejected') then '按时完成服务，居民反馈良好' end,
  case when st in ('confirmed', 'rejected') then staff end,
  case when st in ('confirmed', 'rejected') then least(${T0} - interval '1 minute', ends_at + interval '1 day') end,
  case when st = 'rejected' then '签到记录与现场情况不符' end,
  case when st = 'confirmed' then 115 end,
  case when st = 'confirmed' then round(115 / 60.0 * bean_rate_per_hour)::int end
from (
  select x.*, (case
    when ends_at > ${T0} then case when us < 0.9 then 'claimed' else 'cancelled' end
    when ends_at > ${T0} - interval '14 days' then case when us < 0.4 then 'checked_out' when us < 0.8 then 'confirmed' when us < 0.9 then 'no_show' else 'cancelled' end
    else case when us < 0.8 then 'confirmed' when us < 0.88 then 'no_show' when us < 0.92 then 'rejected' else 'cancelled' end
  end)::public.shift_status as st
  from shift_seed x
) y order by n;
update public.post_slots s set claimed = c.k
from (select slot_id, count(*)::int as k from public.shifts where status <> 'cancelled' group by slot_id) c where c.slot_id = s.id;

-- 社区吹哨: per community a few open calls, the rest closed over three years
insert into public.whistles (id, community_id, title, category, description, place, lat, lng, starts_at, headcount, responded, status, created_by, created_at, closed_at)
select pg_temp.bid('dd170000', m.c * 1000 + w), m.id, (array['暴雨积水紧急排查', '独居老人走失协寻', '疫苗接种现场秩序维护', '突发停水送水上门'])[1 + w % 4],
  (array['environment', 'security_patrol', 'elderly_disabled_aid', 'elderly_disabled_aid'])[1 + w % 4]::public.post_category,
  '请就近的党员志愿者尽快到场', '社区党群服务中心', 32.041, 118.781,
  case when w < 2 then ${T0} + interval '2 hours' * (w + 1) else ${T0} - interval '1090 days' * pg_temp.u('wt' || m.c || ':' || w) end,
  4 + w % 4, least(4 + w % 4, pn.n, case when w < 2 then 2 else 4 + w % 4 end), case when w < 2 then 'open' else 'closed' end, m.staff,
  case when w < 2 then ${T0} - interval '1 hour' else ${T0} - interval '1090 days' * pg_temp.u('wt' || m.c || ':' || w) - interval '2 hours' end,
  case when w < 2 then null else ${T0} - interval '1090 days' * pg_temp.u('wt' || m.c || ':' || w) + interval '3 hours' end
from comm m join pool_n pn on pn.c = m.c cross join generate_series(0, ${S.whistlesPer - 1}) w
order by m.c, w;
insert into public.whistle_responses (whistle_id, profile_id, created_at)
select w.id, pl.profile_id, w.created_at + interval '10 minutes' * (j + 1)
from public.whistles w
join comm m on m.id = w.community_id
join pool_n pn on pn.c = m.c
cross join lateral generate_series(0, w.responded - 1) j
join pool pl on pl.c = m.c and pl.i = ((pg_temp.h('wr' || w.id) + j) % pn.n)::int
where w.id::text like 'dd170000-%'
order by w.id, j;

-- 街道吹哨 to departments (部门报到)
insert into public.street_whistles (id, street_id, title, description, place, meet_at, status, created_by, created_at, closed_at)
select pg_temp.bid('dd171000', si * 1000 + w), case when si = 0 then ${q(D.street)} else pg_temp.bid('dd010000', si) end,
  (array['联合整治占道经营', '老旧小区消防隐患排查', '汛期积水点联合处置', '违建拆除现场协调'])[1 + w % 4], '请各相关部门派员到场。',
  (array['幸福路与和平街交叉口', '光明小区东门', '社区党群服务中心', '河滨公园北侧'])[1 + (w / 4) % 4],
  case when w < 2 then ${T0} + interval '1 day' * (w + 1) else ${T0} - interval '1090 days' * pg_temp.u('swt' || si || ':' || w) end,
  case when w < 2 then 'open' else 'closed' end,
  case when si = 0 then ${q(D.admin1)} else pg_temp.bid('dd054000', si) end,
  case when w < 2 then ${T0} - interval '2 hours' else ${T0} - interval '1090 days' * pg_temp.u('swt' || si || ':' || w) - interval '1 day' end,
  case when w < 2 then null else ${T0} - interval '1090 days' * pg_temp.u('swt' || si || ':' || w) + interval '4 hours' end
from generate_series(0, 4) si cross join generate_series(0, ${S.streetWhistlesPer - 1}) w
order by si, w;
insert into public.street_whistle_targets (whistle_id, department_id, reported_by, reported_at, attendee, arrive_at, note)
select w.id, d.id,
  case when w.status = 'closed' then case when d.id = ${q(D.deptCg)} then ${q(D.dept1)} else pg_temp.bid('dd054000', 100 + (d.si * 10 + d.di) * 2) end end,
  case when w.status = 'closed' then w.created_at + interval '2 hours' end,
  case when w.status = 'closed' then d.name || '值班人员' end,
  case when w.status = 'closed' then w.meet_at end, null
from public.street_whistles w
join dept d on (case when d.si = 0 then ${q(D.street)} else pg_temp.bid('dd010000', d.si) end) = w.street_id
where w.id::text like 'dd171000-%' and (d.di = (pg_temp.h('swd' || w.id) % 4)::int or d.di = ((pg_temp.h('swd' || w.id) + 1) % 4)::int)
  and not (d.si = 0 and d.di = 1 and w.status = 'closed')
order by w.id, d.id;
`

  const DELIBERATION = `
insert into public.topics (id, community_id, title, description, proposer_id, threshold, created_at)
select pg_temp.bid('dd180000', g), m.id,
  (array['增设电动车充电桩', '小区停车位重新规划', '加装电梯意见征集', '垃圾分类投放点调整', '增设儿童游乐设施', '楼道堆物集中清理',
         '物业服务标准听证', '老旧管网改造方案', '增设休闲座椅', '社区食堂开放时间'])[1 + g % 10] || '（' || g || '）',
  '希望大家一起商量，形成可行方案后提交议事会。', ${resident('m.c', "pg_temp.h('tp' || g)")}, 10,
  ${T0} - interval '1090 days' * pg_temp.u('tc' || g) - interval '1 day'
from generate_series(1, ${S.topics}) g join comm m on m.c = (g - 1) % 60
order by g;
-- 大家事 needs turned into topics by staff
insert into public.topics (id, community_id, title, description, proposer_id, need_id, threshold, created_at)
select pg_temp.bid('dd181000', n.g), m.id, left('关于' || nd.title, 60), nd.description, m.staff, n.id, 10, least(${T0}, n.triaged_at + interval '1 day')
from need_seed n join public.needs nd on nd.id = n.id join comm m on m.c = n.c where n.status = 'in_deliberation'
order by n.g;

insert into public.topic_cosigns (topic_id, profile_id, created_at)
select distinct on (t.id, p) t.id, p, t.created_at + interval '1 hour' * (j + 1)
from public.topics t join comm m on m.id = t.community_id
cross join lateral generate_series(0, (pg_temp.h('tck' || t.id) % 26)::int - 1) j
cross join lateral (select ${resident('m.c', "pg_temp.h('tcs' || t.id) + j * 37")} as p) x
where t.id::text like 'dd18%'
order by t.id, p, j;
insert into public.topic_cosigns (topic_id, profile_id, created_at)
select id, ${q(D.resident1)}, created_at + interval '3 hours' from public.topics
where community_id = ${A} and need_id is null and pg_temp.h('r1c' || id) % 12 = 0
on conflict do nothing;
update public.topics t set cosign_count = c.k, status = case when c.k >= t.threshold then 'ready' else 'collecting' end
from (select topic_id, count(*)::int as k from public.topic_cosigns group by topic_id) c where c.topic_id = t.id;

-- ${S.meetings} meetings, evenly over three years and the coming month per community
insert into public.meetings (id, community_id, title, form, starts_at, ends_at, place, capacity, check_in_code, minutes, status, created_by, cancel_reason, cancelled_at, created_at, updated_at)
select pg_temp.bid('dd190000', g), m.id, (array['流动小板凳议事会', '五方协商会', '线上议事厅'])[1 + f] || ' 第' || g || '次',
  (array['street_side', 'five_party', 'online'])[1 + f]::public.meeting_form, starts_at, starts_at + interval '2 hours',
  (array['社区议事厅', '小区中心广场', '线上会议'])[1 + f], 20 + (pg_temp.h('mcap' || g) % 61)::int, lpad((pg_temp.h('mcode' || g) % 1000000)::text, 6, '0'),
  case when starts_at < ${T0} and pg_temp.u('mx' || g) >= 0.06 then '会议纪要：与会居民充分讨论了议题，形成初步方案，交由社区落实。' end,
  case when pg_temp.u('mx' || g) < 0.06 then 'cancelled' when starts_at < ${T0} then 'held' else 'scheduled' end,
  m.staff,
  case when pg_temp.u('mx' || g) < 0.06 then '议题条件尚不成熟，延期举行' end,
  case when pg_temp.u('mx' || g) < 0.06 then least(${T0}, starts_at - interval '1 day') end,
  starts_at - interval '10 days', starts_at - interval '10 days'
from (
  select g, (pg_temp.h('mf' || g) % 3)::int as f,
    date_trunc('hour', ${T0} - interval '1095 days' + interval '1125 days' * ((g - 1) / 60) / ${Math.max(1, Math.ceil(S.meetings / 60))}.0) + interval '19 hours' as starts_at
  from generate_series(1, ${S.meetings}) g
) x join comm m on m.c = (x.g - 1) % 60
order by g;
-- agendas: the oldest topics of each community, two per meeting in date order
with t as (select id, community_id, row_number() over (partition by community_id order by created_at, id) as r from public.topics where need_id is null),
     mm as (select id, community_id, status, row_number() over (partition by community_id order by starts_at, id) as r from public.meetings where id::text like 'dd190000-%')
insert into public.meeting_topics (meeting_id, topic_id, position)
select mm.id, t.id, ((t.r - 1) % 2)::int from t join mm on mm.community_id = t.community_id and mm.r = (t.r + 1) / 2
order by mm.id, t.id;
update public.topics t set status = case when mt.status = 'scheduled' then 'scheduled'
    when mt.status = 'cancelled' then case when t.cosign_count >= t.threshold then 'ready' else 'collecting' end
    when pg_temp.u('td' || t.id) < 0.7 then 'decided' else 'closed' end
from (select mt.topic_id, m.status from public.meeting_topics mt join public.meetings m on m.id = mt.meeting_id) mt where mt.topic_id = t.id;
-- registrations in queue order; past the capacity they wait in line (held meetings: only those who got in)
create temp table reg_seed as
select m.id as meeting_id, m.status, m.capacity, m.created_at, m.starts_at, r.profile_id, r.j
from public.meetings m join comm c on c.id = m.community_id
cross join lateral (
  select ${resident('c.c', "pg_temp.h('mr' || m.id) + j * 37")} as profile_id, j
  from generate_series(1, (pg_temp.h('mrn' || m.id) % (m.capacity + 8))::int) j
  union all select ${q(D.resident1)}, 0 where m.community_id = ${A} and pg_temp.h('mr1' || m.id) % 3 = 0
) r
where m.id::text like 'dd190000-%';
insert into public.meeting_registrations (meeting_id, profile_id, status, queued_at, checked_in_at)
select meeting_id, profile_id, case when rn <= capacity then 'registered' else 'waitlisted' end,
  created_at + interval '1 minute' * j,
  case when status = 'held' and rn <= capacity and pg_temp.u('mci' || meeting_id || profile_id) < 0.8 then starts_at + interval '5 minutes' end
from (select x.*, row_number() over (partition by meeting_id order by j, profile_id) as rn
      from (select distinct on (meeting_id, profile_id) * from reg_seed order by meeting_id, profile_id, j) x) y
where rn <= capacity or status = 'scheduled'
order by meeting_id, profile_id;
update public.meetings m set registered = c.k
from (select meeting_id, count(*)::int as k from public.meeting_registrations where status = 'registered' group by meeting_id) c
where c.meeting_id = m.id;

-- motions on each held meeting's agenda: attendees vote; passed motions become resolutions with action items
create temp table motion_seed as
select row_number() over (order by m.id, mt.position) as k, m.id as meeting_id, m.community_id, m.starts_at, m.created_by, t.id as topic_id, t.title, t.need_id
from public.meetings m join public.meeting_topics mt on mt.meeting_id = m.id join public.topics t on t.id = mt.topic_id
where m.status = 'held' and m.id::text like 'dd190000-%';
insert into public.motions (id, meeting_id, title, voters, quorum, threshold, opens_at, closes_at, status, result, created_at)
select pg_temp.bid('dd191000', k), meeting_id, left('表决：' || title, 100), 'attendees', 5, 'majority',
  starts_at + interval '30 minutes', starts_at + interval '90 minutes', 'closed', 'failed', starts_at + interval '30 minutes'
from motion_seed order by k;
insert into public.motion_options (id, motion_id, label, position, abstain)
select pg_temp.bid('dd192000', k * 3 + o), pg_temp.bid('dd191000', k), (array['赞成', '反对', '弃权'])[o + 1], o, o = 2
from motion_seed cross join generate_series(0, 2) o order by k, o;
insert into public.votes (motion_id, profile_id, option_id, created_at)
select pg_temp.bid('dd191000', s.k), r.profile_id,
  pg_temp.bid('dd192000', s.k * 3 + case when pg_temp.u('v' || s.k || r.profile_id) < 0.7 then 0 when pg_temp.u('v' || s.k || r.profile_id) < 0.9 then 1 else 2 end),
  s.starts_at + interval '40 minutes'
from motion_seed s join public.meeting_registrations r on r.meeting_id = s.meeting_id and r.checked_in_at is not null
where pg_temp.u('vv' || s.k || r.profile_id) < 0.9
order by s.k, r.profile_id;
update public.motions x set result = case when v.n < x.quorum then 'no_quorum' when v.yes * 2 > v.n - v.abst then 'passed' else 'failed' end
from (select v.motion_id, count(*) as n, count(*) filter (where o.position = 0) as yes, count(*) filter (where o.abstain) as abst
      from public.votes v join public.motion_options o on o.id = v.option_id group by v.motion_id) v
where v.motion_id = x.id;
update public.motions set result = 'no_quorum' where id::text like 'dd191000-%' and not exists (select 1 from public.votes v where v.motion_id = motions.id);
insert into public.resolutions (id, motion_id, meeting_id, community_id, title, need_id, status, created_at, completed_at)
select pg_temp.bid('dd193000', s.k), x.id, s.meeting_id, s.community_id, left('决议：' || s.title, 100), s.need_id,
  case when s.starts_at < ${T0} - interval '60 days' then 'completed' else 'in_progress' end, s.starts_at + interval '2 hours',
  case when s.starts_at < ${T0} - interval '60 days' then s.starts_at + interval '45 days' end
from motion_seed s join public.motions x on x.id = pg_temp.bid('dd191000', s.k) where x.result = 'passed'
order by s.k;
insert into public.resolution_actions (id, resolution_id, title, owner_id, due_at, percent, done_at, status, created_at)
select pg_temp.bid('dd194000', s.k * 3 + a), r.id, (array['制定实施方案', '组织施工落实', '公示结果并回访'])[a + 1], s.created_by,
  s.starts_at + interval '15 days' * (a + 1),
  case when r.status = 'completed' then 100 else least(100, 30 * a) end,
  case when r.status = 'completed' then s.starts_at + interval '14 days' * (a + 1) end,
  case when r.status = 'completed' then 'done' else 'in_progress' end, s.starts_at + interval '3 hours'
from motion_seed s join public.resolutions r on r.id = pg_temp.bid('dd193000', s.k)
cross join generate_series(0, 1 + (pg_temp.h('ra' || s.k) % 2)::int) a
order by s.k, a;
insert into public.action_progress (action_id, author_id, note, percent, created_at)
select a.id, a.owner_id, '已完成 ' || a.percent || '%，按计划推进', a.percent, least(${T0}, a.created_at + interval '7 days')
from public.resolution_actions a where a.id::text like 'dd194000-%' and a.percent > 0 order by a.id;
insert into public.resolution_ratings (resolution_id, profile_id, rating, comment, created_at)
select r.id, reg.profile_id, 3 + (pg_temp.h('rr' || r.id || reg.profile_id) % 3)::int, null, r.completed_at + interval '2 days'
from public.resolutions r join public.meeting_registrations reg on reg.meeting_id = r.meeting_id and reg.checked_in_at is not null
where r.status = 'completed' and r.id::text like 'dd193000-%' and pg_temp.u('rrr' || r.id || reg.profile_id) < 0.3
order by r.id, reg.profile_id;
`

  const REWARDS = `
-- rewards per community: units and staff provide them; a fifth limit redemptions per person (and get none here)
insert into public.rewards (id, community_id, provider_id, title, description, price_beans, stock, per_person_limit, limit_period,
  valid_from, valid_until, min_credit_level, status, archived_at, created_at, updated_at)
select pg_temp.bid('dd1a0000', m.c * 1000 + w), m.id,
  case when m.c = 0 and w % 10 = 0 then ${q(D.unit1)} when pg_temp.u('wp' || m.c || ':' || w) < 0.7 then u.profile_id else m.staff end,
  (array['理发券', '家电清洗', '体检套餐', '超市代金券', '图书借阅卡', '洗车服务', '社区食堂餐券', '健身房体验课', '家政保洁两小时', '手机贴膜'])[1 + w % 10] || ' ' || (m.c * 1000 + w),
  '凭兑换码到服务点核销，有效期内使用。', 5 + (pg_temp.h('wh' || m.c || ':' || w) % 96)::int, 20 + (pg_temp.h('ws' || m.c || ':' || w) % 180)::int,
  case when w % 5 = 4 then 1 + (w % 3) end, (case when w % 5 = 4 then (array['week', 'month', 'once'])[1 + w % 3] end)::public.limit_period,
  x.created_at, case when pg_temp.u('wv' || m.c || ':' || w) < 0.3 then x.created_at + interval '400 days' end,
  0, case when pg_temp.u('wa' || m.c || ':' || w) < 0.1 then 'archived' else 'active' end,
  case when pg_temp.u('wa' || m.c || ':' || w) < 0.1 then ${T0} - interval '5 days' end,
  x.created_at, x.created_at
from comm m cross join generate_series(0, ${S.rewardsPer - 1}) w
join unit u on u.c = m.c and u.j = (pg_temp.h('wu' || m.c || ':' || w) % ${S.unitsPer})::int
cross join lateral (select ${T0} - interval '1095 days' * pg_temp.u('wc' || m.c || ':' || w) - interval '1 day' as created_at) x
order by m.c, w;
`

  const LEDGER = `
-- accounts: every person who earns, every provider, each community's issuing pool and redemption escrow
create temp table intents (n bigint, at timestamptz not null, kind public.bean_transfer_kind not null, key text not null, profile_id uuid, community_id uuid,
  amount int not null, reason text, actor uuid, ref text);
insert into intents (at, kind, key, profile_id, community_id, amount, reason, actor, ref)
select x.confirmed_at, 'award_shift', 'shift:' || x.id, x.profile_id, p.community_id, x.beans_pending,
  '志愿服务 ' || round(x.verified_minutes / 60.0, 1) || ' 小时', x.confirmed_by, x.id::text
from public.shifts x join public.service_posts p on p.id = x.post_id where x.status = 'confirmed' and x.beans_pending > 0;
insert into intents (at, kind, key, profile_id, community_id, amount, reason, ref)
select n.evaluated_at, 'award_need', 'need:' || n.id, n.created_by, n.community_id, r.need_rated, '需求办结并评价', n.id::text
from public.needs n join public.bean_rules r on r.community_id = n.community_id
where n.rating is not null and n.source = 'resident' and n.created_by is not null and n.evaluated_at < ${T0};
insert into intents (at, kind, key, profile_id, community_id, amount, reason, ref)
select g.checked_in_at, 'award_meeting', 'meeting:' || g.meeting_id || ':' || g.profile_id, g.profile_id, m.community_id,
  r.meeting_attendance, '参加议事会', g.meeting_id::text
from public.meeting_registrations g join public.meetings m on m.id = g.meeting_id join public.bean_rules r on r.community_id = m.community_id
where g.checked_in_at is not null;
-- staff awards by hand fill the ledger up to its size (about ${S.movements} movements); resident1 among the regulars
insert into intents (at, kind, key, profile_id, community_id, amount, reason, actor)
select ${T0} - interval '1090 days' * pg_temp.u('ma' || g) - interval '1 hour', 'award_manual', 'manual:seed:' || g,
  case when m.c = 0 and g % 97 = 0 then ${q(D.resident1)} else ${resident('m.c', "pg_temp.h('mp' || g)")} end, m.id,
  5 + (pg_temp.h('mam' || g) % 10)::int * 5,
  (array['参与小区环境整治', '协助疫苗接种现场', '垃圾分类督导', '邻里互助', '参加社区文艺汇演'])[1 + g % 5], m.staff
from generate_series(1, greatest(0, ${Math.round(S.movements / 2)} - (select count(*) from intents)::int - ${Math.round(S.redemptions * 1.85)})) g
join comm m on m.c = (g - 1) % 60;

-- redemptions, each paid from an earlier award of at least its price (so no balance ever goes below zero)
create temp table redeem_seed as
select row_number() over (order by b.key) as k, b.*, w.id as reward_id, w.price_beans, w.provider_id, w.valid_until,
  b.at + interval '1 minute' * (10 + pg_temp.h('rt' || b.key) % 600) as rat
from (
  select i.*, row_number() over (order by pg_temp.h('rb' || i.key), i.key) as pick
  from intents i where i.amount >= 10 and i.at < ${T0} - interval '1 day' and i.profile_id is not null
) b
cross join lateral (
  select w.id, w.price_beans, w.provider_id, w.valid_until from public.rewards w
  where w.community_id = b.community_id and w.per_person_limit is null and w.price_beans <= b.amount
    and w.created_at < b.at and (w.valid_until is null or w.valid_until > b.at + interval '1 day')
    and (w.status = 'active' or w.archived_at > b.at + interval '1 day')
  order by md5(b.key || w.id::text) limit 1
) w
where b.pick <= ${S.redemptions};
alter table redeem_seed add column outcome text;
update redeem_seed set outcome = case
  when rat < ${T0} - interval '20 days' then case when pg_temp.u('ro' || key) < 0.85 then 'verified' else 'cancelled' end
  else case when pg_temp.u('ro' || key) < 0.5 then 'reserved' when pg_temp.u('ro' || key) < 0.9 then 'verified' else 'cancelled' end end;
insert into intents (at, kind, key, profile_id, community_id, amount, reason, actor, ref)
select rat, 'redeem'::public.bean_transfer_kind, 'redeem:' || profile_id || ':seed-' || k, profile_id, community_id, price_beans, '兑换', profile_id, pg_temp.bid('dd1b0000', k)::text from redeem_seed
union all
select rat + interval '6 hours', 'settle', 'settle:' || pg_temp.bid('dd1b0000', k), provider_id, community_id, price_beans, '核销', provider_id, pg_temp.bid('dd1b0000', k)::text from redeem_seed where outcome = 'verified'
union all
select rat + interval '2 hours', 'refund', 'refund:' || pg_temp.bid('dd1b0000', k), profile_id, community_id, price_beans, '取消兑换', profile_id, pg_temp.bid('dd1b0000', k)::text from redeem_seed where outcome = 'cancelled';
analyze intents;
update intents i set n = x.n from (select key, row_number() over (order by at, key) as n from intents) x where x.key = i.key;
create index on intents (n);
analyze intents; analyze redeem_seed;

insert into public.bean_accounts (id, kind, profile_id, community_id, created_at)
select pg_temp.bid('dd1c0000', row_number() over (order by kind, owner)), kind, case when kind in ('person', 'provider') then owner end,
  case when kind in ('pool', 'escrow') then owner end, ${T0} - interval '1100 days'
from (
  select distinct 'person'::public.bean_account_kind as kind, profile_id as owner from intents where kind in ('award_shift', 'award_need', 'award_meeting', 'award_manual', 'award_talent')
  union select 'provider', provider_id from redeem_seed
  union select 'pool', id from comm
  union select 'escrow', id from comm
) a
on conflict do nothing;
create temp table acct as select id, kind, coalesce(profile_id, community_id) as owner from public.bean_accounts;
create index on acct (kind, owner);
analyze acct;

create temp table legs as
select i.n, i.at, i.kind, i.key, i.amount, i.reason, i.actor, i.community_id, i.ref,
  case i.kind when 'redeem' then (select id from acct where kind = 'person' and owner = i.profile_id)
              when 'settle' then (select id from acct where kind = 'escrow' and owner = i.community_id)
              when 'refund' then (select id from acct where kind = 'escrow' and owner = i.community_id)
              else (select id from acct where kind = 'pool' and owner = i.community_id) end as from_account,
  case i.kind when 'redeem' then (select id from acct where kind = 'escrow' and owner = i.community_id)
              when 'settle' then (select id from acct where kind = 'provider' and owner = i.profile_id)
              else (select id from acct where kind = 'person' and owner = i.profile_id) end as to_account
from intents i;

-- the ledger itself: its append-only and balanced-at-commit triggers (and foreign keys) bypassed for these inserts
set session_replication_role = replica;
insert into public.bean_transfers (id, idempotency_key, kind, from_account, to_account, amount, reason, actor_id, community_id, ref, created_at)
select pg_temp.bid('dd1d0000', n), key, kind, from_account, to_account, amount, reason, actor, community_id, ref, at from legs order by n;
create temp table mv as
select (select coalesce(max(id), 0) from public.bean_movements) + (l.n - 1) * 2 + x.leg as id, pg_temp.bid('dd1d0000', l.n) as transfer_id,
  case x.leg when 1 then l.from_account else l.to_account end as account_id,
  case x.leg when 1 then -l.amount else l.amount end as amount, l.at
from legs l cross join (values (1), (2)) x(leg);
insert into public.bean_movements (id, transfer_id, account_id, amount, balance_after, created_at) overriding system value
select mv.id, mv.transfer_id, mv.account_id, mv.amount,
  case when a.kind in ('person', 'provider') then sum(mv.amount) over (partition by mv.account_id order by mv.id) end, mv.at
from mv join acct a on a.id = mv.account_id order by mv.id;
select setval(pg_get_serial_sequence('public.bean_movements', 'id'), (select max(id) from public.bean_movements));
update public.bean_accounts a set balance = s.b
from (select account_id, sum(amount) as b from public.bean_movements group by account_id) s
where s.account_id = a.id and a.kind in ('person', 'provider');
set session_replication_role = origin;

insert into public.redemptions (id, reward_id, profile_id, status, code, price_beans, transfer_id, settle_transfer_id, expires_at,
  verified_at, verified_by, cancelled_at, created_at)
select pg_temp.bid('dd1b0000', r.k), r.reward_id, r.profile_id, r.outcome::public.redemption_status,
  lpad((100000 + (r.k * 7919) % 900000)::text, 6, '0'), r.price_beans,
  (select t.id from public.bean_transfers t where t.idempotency_key = 'redeem:' || r.profile_id || ':seed-' || r.k),
  case when r.outcome = 'verified' then (select t.id from public.bean_transfers t where t.idempotency_key = 'settle:' || pg_temp.bid('dd1b0000', r.k)) end,
  least(coalesce(r.valid_until, r.rat + interval '30 days'), r.rat + interval '30 days'),
  case when r.outcome = 'verified' then r.rat + interval '6 hours' end,
  case when r.outcome = 'verified' then r.provider_id end,
  case when r.outcome = 'cancelled' then r.rat + interval '2 hours' end,
  r.rat
from redeem_seed r order by r.k;
`

  const NOTICES = `
-- notifications: what the recent events told people (the last half year), resident1's whole history
insert into public.notifications (profile_id, kind, payload, status, attempts, created_at, sent_at, read_at, next_attempt_at)
select n.created_by, 'need.status',
  jsonb_build_object('needId', n.id, 'title', n.title, 'from', e.from_status, 'to', e.to_status, 'note', e.note,
    'at', to_char(e.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
  case when e.created_at < ${T0} - interval '1 day' then 'sent' else 'pending' end, 1, e.created_at,
  case when e.created_at < ${T0} - interval '1 day' then e.created_at + interval '1 minute' end,
  case when e.created_at < ${T0} - interval '3 days' and pg_temp.u('nr' || e.id) < 0.8 then e.created_at + interval '5 hours' end,
  e.created_at
from public.need_events e join public.needs n on n.id = e.need_id
where e.from_status is not null and n.created_by is not null
  and (e.created_at > ${T0} - interval '180 days' or n.created_by = ${q(D.resident1)})
order by e.id;
insert into public.notifications (profile_id, kind, payload, status, attempts, created_at, sent_at, read_at, next_attempt_at)
select x.profile_id, 'shift.confirmed', jsonb_build_object('shiftId', x.id, 'approved', true, 'minutes', x.verified_minutes),
  'sent', 1, x.confirmed_at, x.confirmed_at + interval '1 minute',
  case when pg_temp.u('snr' || x.id) < 0.8 then x.confirmed_at + interval '3 hours' end, x.confirmed_at
from public.shifts x where x.status = 'confirmed' and x.confirmed_at > ${T0} - interval '180 days'
order by x.confirmed_at, x.id;

-- announcements: the street's, each community's, and a few for single grids
insert into public.announcements (id, scope, street_id, community_id, grid_id, title, body, pinned, expires_at, author_id, created_at, withdrawn_at, withdrawn_by)
select pg_temp.bid('dd1e0000', si * 1000 + a), 'street', case when si = 0 then ${q(D.street)} else pg_temp.bid('dd010000', si) end, null, null,
  (array['关于开展夏季消防安全检查的通知', '街道便民服务时间调整', '垃圾分类宣传周活动安排', '防汛防台温馨提示'])[1 + a % 4],
  '各位居民：请关注本通知内容，如有疑问请联系所在社区。感谢大家的支持与配合！', a = 0, null,
  case when si = 0 then ${q(D.admin1)} else pg_temp.bid('dd054000', si) end,
  ${T0} - interval '1090 days' * (a / ${S.announcementsStreet}.0) - interval '1 hour', null, null
from generate_series(0, 4) si cross join generate_series(0, ${S.announcementsStreet - 1}) a
order by si, a;
insert into public.announcements (id, scope, street_id, community_id, grid_id, title, body, pinned, expires_at, author_id, created_at, withdrawn_at, withdrawn_by)
select pg_temp.bid('dd1e0000', 10000 + m.c * 1000 + a), case when a % 6 = 5 then 'grid' else 'community' end::public.announcement_scope,
  m.street_id, m.id, case when a % 6 = 5 then g.id end,
  (array['社区议事会召开通知', '电梯维保停运公告', '社区食堂菜单更新', '老年人体检预约开始', '志愿者招募', '小区停水通知'])[1 + a % 6],
  '各位居民：请关注本通知内容，如有疑问请联系社区工作人员。感谢大家的支持与配合！', a = 1,
  case when a % 4 = 3 then ${T0} - interval '1090 days' * (a / ${S.announcementsCommunity}.0) + interval '14 days' end,
  m.staff, ${T0} - interval '1090 days' * (a / ${S.announcementsCommunity}.0) - interval '2 hours',
  case when a % 17 = 16 then ${T0} - interval '1090 days' * (a / ${S.announcementsCommunity}.0) + interval '1 day' end,
  case when a % 17 = 16 then m.staff end
from comm m cross join generate_series(0, ${S.announcementsCommunity - 1}) a
join grid g on g.c = m.c and g.gi = 0
order by m.c, a;

-- invitations (staff, grid workers, units): accepted, revoked, expired and open ones
insert into public.invitations (id, code, role, community_id, grid_id, unit_name, partner_type, created_by, created_at, expires_at, accepted_by, accepted_at, revoked_at, revoked_by)
select pg_temp.bid('dd1f0000', m.c * 1000 + i),
  (select string_agg(substr('ABCDEFGHJKMNPQRSTUVWXYZ23456789', 1 + (pg_temp.h('inv' || m.c || ':' || i || ':' || z) % 31)::int, 1), '' order by z) from generate_series(1, 8) z),
  (array['staff', 'grid_worker', 'unit', 'unit'])[1 + i % 4]::public.app_role, m.id,
  case when i % 4 = 1 then g.grid_id end, case when i % 4 in (2, 3) then '合作单位' || (m.c * 1000 + i) end,
  case when i % 4 in (2, 3) then 'public_welfare'::public.partner_type end, m.staff, x.at, x.at + interval '7 days',
  case when x.st = 'accepted' then case i % 4 when 0 then pg_temp.bid('dd052000', m.c * ${S.staffPer} + (i / 4) % ${S.staffPer} + 1)
    when 1 then g.profile_id else pg_temp.bid('dd051000', m.c * ${S.unitsPer} + (i / 4) % ${S.unitsPer} + 1) end end,
  case when x.st = 'accepted' then x.at + interval '1 day' end,
  case when x.st = 'revoked' then x.at + interval '2 days' end, case when x.st = 'revoked' then m.staff end
from comm m cross join generate_series(0, ${S.invitationsPer - 1}) i
join gw g on g.c = m.c and g.gi = i % m.grids
cross join lateral (select ${T0} - interval '1090 days' * pg_temp.u('ia' || m.c || ':' || i) * (1 - (i < 3)::int) - interval '1 hour' as at,
  case when i < 3 then 'open' when pg_temp.u('is' || m.c || ':' || i) < 0.6 then 'accepted' when pg_temp.u('is' || m.c || ':' || i) < 0.8 then 'revoked' else 'expired' end as st) x
order by m.c, i;

-- the audit log of the street: role grants (volunteers, units, staff), invitations, people who joined in the last year
insert into public.audit_log (street_id, community_id, actor_id, action, target_profile_id, detail, created_at)
select street_id, community_id, actor, action, target, detail, at from (
  select m.street_id, v.community_id, v.reviewer as actor, 'role.granted' as action, v.profile_id as target,
    jsonb_build_object('role', v.kind::text) as detail, v.at + interval '2 days' as at
  from vol v join comm m on m.c = v.c where v.status = 'approved'
  union all
  select m.street_id, i.community_id, i.created_by, 'invitation.created', null, jsonb_build_object('role', i.role::text, 'invitationId', i.id), i.created_at
  from public.invitations i join comm m on m.id = i.community_id where i.id::text like 'dd1f0000-%'
  union all
  select m.street_id, i.community_id, i.accepted_by, 'invitation.accepted', i.accepted_by, jsonb_build_object('role', i.role::text, 'invitationId', i.id), i.accepted_at
  from public.invitations i join comm m on m.id = i.community_id where i.id::text like 'dd1f0000-%' and i.accepted_at is not null
  union all
  select m.street_id, p.community_id, p.id, 'member.joined', p.id, jsonb_build_object('to', (select c.name from public.communities c where c.id = p.community_id)), p.created_at
  from public.profiles p join comm m on m.id = p.community_id where p.id::text like 'dd050000-%' and p.created_at > ${T0} - interval '365 days'
) x order by at, action, target, detail::text;
`

  return [
    ['helpers', HELPERS],
    ['streets, communities, grids, micro-grids, party organisation, departments', STRUCTURE],
    ['people, roles, volunteers, units, staff, grid workers', PEOPLE],
    ['needs, timelines, followers', NEEDS],
    ['resources, matching, service projects', RESOURCES],
    ['posts, slots, shifts, whistles', VOLUNTEERING],
    ['topics, meetings, motions, votes, resolutions', DELIBERATION],
    ['rewards', REWARDS],
    ['bean ledger (set-based, double entry)', LEDGER],
    ['notifications, announcements, invitations, audit log', NOTICES],
  ] as const
}

/** The ledger's invariants, as the database and the tests check them; throws when one fails. */
export const LEDGER_CHECK = `
select
  (select coalesce(sum(amount), 0) from public.bean_movements)::bigint as total,
  (select count(*) from (select transfer_id from public.bean_movements group by transfer_id having sum(amount) <> 0 or count(*) <> 2) x)::int as unbalanced,
  (select count(*) from public.bean_transfers t where not exists (select 1 from public.bean_movements m where m.transfer_id = t.id))::int as bare_transfers,
  (select count(*) from public.bean_accounts a where a.kind in ('person', 'provider')
     and a.balance <> coalesce((select sum(m.amount) from public.bean_movements m where m.account_id = a.id), 0))::int as balance_mismatch,
  (select count(*) from (select m.balance_after, sum(m.amount) over (partition by m.account_id order by m.id) as run
     from public.bean_movements m join public.bean_accounts a on a.id = m.account_id where a.kind in ('person', 'provider')) x
     where x.balance_after is distinct from x.run)::int as running_mismatch,
  (select count(*) from public.bean_movements m join public.bean_accounts a on a.id = m.account_id
     where a.kind in ('person', 'provider') and m.balance_after < 0)::int as negative,
  (select count(*) from public.bean_movements m join public.bean_transfers t on t.id = m.transfer_id
     where (m.amount < 0 and m.account_id <> t.from_account) or (m.amount > 0 and m.account_id <> t.to_account) or abs(m.amount) <> t.amount)::int as wrong_leg
`

/** Fills the database at `sql` (migrated with the demo seed; superuser; one connection) with the district. */
export async function seedDistrict(sql: Sql, opts: DistrictSeedOptions = {}): Promise<void> {
  const scale = opts.scale ?? DISTRICT_SCALE
  const log = opts.log ?? (() => {})
  const anchor = opts.anchor ?? new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000).toISOString()
  for (const [label, text] of scripts(scale, anchor)) {
    const t0 = performance.now()
    if (process.env.BENCH_SEED_TRACE === '1') {
      // statement by statement, with timings (statements end with ';' at the end of a line)
      for (const stmt of text.split(/;\n/).map((x) => x.trim()).filter((x) => x && !/^(--[^\n]*\n?)*$/.test(x))) {
        const ts = performance.now()
        await sql.unsafe(stmt)
        log(`    ${Math.round(performance.now() - ts)} ms: ${stmt.replace(/^(--[^\n]*\n)*/, '').slice(0, 80).replace(/\s+/g, ' ')}`)
      }
    } else await sql.unsafe(text)
    if (label !== 'helpers') log(`  seeded ${label} in ${Math.round(performance.now() - t0)} ms`)
  }
  const t0 = performance.now()
  const [c] = await sql.unsafe(LEDGER_CHECK)
  const bad = Object.entries(c).filter(([, v]) => Number(v) !== 0)
  if (bad.length) throw new Error(`district seed: the ledger's invariants fail: ${JSON.stringify(c)}`)
  log(`  checked the ledger (sum 0, every transfer balanced, balances = movements, running balances exact) in ${Math.round(performance.now() - t0)} ms`)
}
