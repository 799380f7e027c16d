import type { Sql } from 'postgres'

/**
 * Community-scale data for `npm run bench:api`, on top of supabase/seed.sql's demo street: 2,200 more residents
 * (180 volunteers), 55 member units, 5,000 needs with their timelines and followers, 500 resources, matching runs,
 * ~200 service projects, 200 posts with ~900 slots and their shifts, whistles, 100 rewards, a year of bean awards and
 * redemptions, 200 topics with co-signatures and 50 meetings with agendas and registrations.
 *
 * Plain tables are filled with `insert … select generate_series` (deterministic: every "random" choice is a hash of
 * the row number, times are relative to now()). The bean ledger is only ever written through its own functions
 * (app.award, public.reward_redeem, public.redemption_verify, public.redemption_cancel), in time order, so balances,
 * double entry, stock and per-person limits hold exactly as in production; only afterwards are the ledger rows'
 * timestamps moved to the moments they stand for (the ledger's append-only triggers are bypassed for that one
 * update, in this throwaway database only).
 */

export const BENCH_IDS = {
  communityA: '20000000-0000-4000-8000-00000000000a',
  communityB: '20000000-0000-4000-8000-00000000000b',
  gridA1: '30000000-0000-4000-8000-0000000000a1',
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
} as const

const I = BENCH_IDS
const A = `'${I.communityA}'::uuid`
const B = `'${I.communityB}'::uuid`
const q = (id: string) => `'${id}'::uuid`

/** Residents 1..1600 live in community A, 1601..2200 in B. */
const RES_A = 1600
const RES_B = 600

const HELPERS = `
-- a uniform number in [0, 1) and a non-negative integer, both fixed functions of a text key
create or replace function pg_temp.u(k text) returns double precision language sql immutable
  as $$ select (hashtext(k)::bigint + 2147483648) / 4294967296.0 $$;
create or replace function pg_temp.h(k text) returns bigint language sql immutable
  as $$ select hashtext(k)::bigint + 2147483648 $$;
-- deterministic ids: <prefix>-0000-4000-8000-<n>, valid version-4 UUIDs like the demo seed's
create or replace function pg_temp.bid(p text, n bigint) returns uuid language sql immutable
  as $$ select (p || '-0000-4000-8000-' || lpad(n::text, 12, '0'))::uuid $$;
-- resident number n of a community (A: 1..${RES_A}, B: ${RES_A + 1}..${RES_A + RES_B})
create or replace function pg_temp.resident(c uuid, k bigint) returns uuid language sql immutable
  as $$ select case when c = ${A} then pg_temp.bid('60000000', 1 + k % ${RES_A}) else pg_temp.bid('60000000', ${RES_A + 1} + k % ${RES_B}) end $$;
`

const PEOPLE = `
insert into public.profiles (id, display_name, phone, community_id, micro_grid_id, honour_opt_in, created_at)
select pg_temp.bid('60000000', g), '居民' || g, '139' || lpad(g::text, 8, '0'),
  case when g <= ${RES_A} then ${A} else ${B} end,
  case when g > ${RES_A} then ${q(I.microB1)} when g % 2 = 0 then ${q(I.microA1)} else ${q(I.microA2)} end,
  pg_temp.u('honour' || g) < 0.3,
  now() - interval '730 days' * pg_temp.u('pc' || g)
from generate_series(1, ${RES_A + RES_B}) g;
insert into public.profile_roles (profile_id, role, community_id)
select id, 'resident', community_id from public.profiles where id::text like '60000000-%';

-- member units (驻区单位): 40 in A, 15 in B
insert into public.profiles (id, display_name, phone, community_id, created_at)
select pg_temp.bid('61000000', g), '驻区单位' || g, '025' || lpad(g::text, 8, '0'),
  case when g <= 40 then ${A} else ${B} end, now() - interval '700 days'
from generate_series(1, 55) g;
insert into public.profile_roles (profile_id, role, community_id)
select id, 'unit', community_id from public.profiles where id::text like '61000000-%';

-- volunteers: residents 1..120 party members and 121..180 talents in A; 1601..1640 and 1641..1660 in B
create temp table vol as
select pg_temp.bid('60000000', g) as profile_id, case when g <= ${RES_A} then ${A} else ${B} end as community_id,
  (case when g <= 120 or g between ${RES_A + 1} and ${RES_A + 40} then 'party_member' else 'talent' end)::public.volunteer_kind as kind,
  (case when pg_temp.u('vs' || g) < 0.85 then 'approved' when pg_temp.u('vs' || g) < 0.95 then 'pending' else 'rejected' end)::public.registration_status as status,
  g
from generate_series(1, ${RES_A + RES_B}) g
where g <= 180 or g between ${RES_A + 1} and ${RES_A + 60};
insert into public.volunteer_registrations (profile_id, community_id, kind, status, source, work_unit, party_org, skills, intro,
  reviewed_by, reviewed_at, review_reason, created_at)
select v.profile_id, v.community_id, v.kind, v.status,
  (case when v.kind = 'party_member' then 'self' when v.g % 3 = 0 then 'recommended' else 'self' end)::public.talent_source,
  case when v.kind = 'party_member' then (array['市规划局', '区教育局', '区人民医院', '市供电公司', '区税务局'])[1 + v.g % 5] end,
  case when v.kind = 'party_member' then (array['机关第一党支部', '第二党支部', '离退休党支部'])[1 + v.g % 3] end,
  string_to_array((array['水电维修,家电维修', '书法,绘画', '法律咨询', '心理疏导,陪伴聊天', '理发', '电脑维修,手机教学'])[1 + v.g % 6], ','),
  '愿意在周末为社区居民服务',
  case when v.status <> 'pending' then case when v.community_id = ${A} then ${q(I.staff1)} else ${q(I.staff2)} end end,
  case when v.status <> 'pending' then now() - interval '300 days' * pg_temp.u('vr' || v.g) end,
  case when v.status = 'rejected' then '材料不全，请补充后重新报到' end,
  now() - interval '320 days' * pg_temp.u('vr' || v.g) - interval '3 days'
from vol v;
insert into public.profile_roles (profile_id, role, community_id)
select profile_id, kind::text::public.app_role, community_id from vol where status = 'approved';
-- the demo volunteers' own registrations (they already hold the roles)
insert into public.volunteer_registrations (profile_id, community_id, kind, status, source, work_unit, party_org, skills, reviewed_by, reviewed_at, created_at) values
  (${q(I.party1)}, ${A}, 'party_member', 'approved', 'self', '市规划局', '机关第一党支部', '{政策宣讲}', ${q(I.staff1)}, now() - interval '200 days', now() - interval '201 days'),
  (${q(I.talent1)}, ${A}, 'talent', 'approved', 'self', null, null, '{水电维修,家电维修}', ${q(I.staff1)}, now() - interval '180 days', now() - interval '181 days');

-- who may serve: approved volunteers per community, numbered from 0, the demo volunteers first
create temp table pool as
select community_id, profile_id, (row_number() over (partition by community_id order by ord, profile_id) - 1)::int as i
from (
  select ${A} as community_id, ${q(I.party1)} as profile_id, 0 as ord
  union all select ${A}, ${q(I.talent1)}, 0
  union all select community_id, profile_id, 1 from vol where status = 'approved'
) x;
create temp table pool_size as select community_id, count(*)::int as n from pool group by community_id;
`

const NEEDS = `
create temp table need_seed as
with b as (
  select g, pg_temp.bid('80000000', g) as id, case when g % 100 < 72 then ${A} else ${B} end as community_id,
    now() - interval '365 days' * pg_temp.u('na' || g) - interval '5 minutes' as created_at,
    pg_temp.u('na' || g) * 365 as age_days,
    pg_temp.u('ns' || g) as us, pg_temp.u('nsrc' || g) as usrc, pg_temp.u('ntr' || g) as utr, pg_temp.u('nsv' || g) as usv,
    pg_temp.h('nt' || g) % 20 as t, pg_temp.h('no' || g) as ho
  from generate_series(1, 5000) g
), s as (
  select b.*,
    (case
      when age_days < 2 then case when us < 0.35 then 'submitted' when us < 0.65 then 'triaged' else 'in_progress' end
      when age_days < 14 then case when us < 0.05 then 'submitted' when us < 0.15 then 'triaged' when us < 0.40 then 'in_progress'
        when us < 0.50 then 'matched' when us < 0.55 then 'escalated' when us < 0.60 then 'in_deliberation' when us < 0.85 then 'resolved'
        when us < 0.95 then 'evaluated' else 'rejected' end
      when age_days < 60 then case when us < 0.05 then 'in_progress' when us < 0.08 then 'matched' when us < 0.10 then 'escalated'
        when us < 0.12 then 'in_deliberation' when us < 0.92 then 'closed' else 'rejected' end
      else case when us < 0.01 then 'in_progress' when us < 0.015 then 'escalated' when us < 0.93 then 'closed' else 'rejected' end
    end)::public.need_status as status,
    (case
      when community_id = ${A} and g % 500 = 1 then 'resident' when community_id = ${A} and g % 500 = 2 then 'resident'
      when community_id = ${B} and g % 500 = 80 then 'resident'
      when usrc < 0.80 then 'resident' when usrc < 0.90 then 'patrol' when usrc < 0.95 then 'on_behalf' else 'hotline' end)::public.need_source as source
  from b
), o as (
  select s.*,
    case
      when community_id = ${A} and g % 500 = 1 then ${q(I.resident1)}
      when community_id = ${A} and g % 500 = 2 then ${q(I.resident2)}
      when community_id = ${B} and g % 500 = 80 then ${q(I.resident3)}
      when source = 'patrol' then case when community_id = ${A} then ${q(I.grid1)} else ${q(I.staff2)} end
      when source = 'hotline' then null
      else pg_temp.resident(community_id, ho) end as created_by,
    case
      when source in ('resident') then null
      when source = 'hotline' then case when community_id = ${A} then ${q(I.staff1)} else ${q(I.staff2)} end
      else case when community_id = ${A} then ${q(I.grid1)} else ${q(I.staff2)} end end as submitter,
    -- triage: every need past 'submitted' except half of the rejections (refused before triage)
    (status not in ('submitted') and not (status = 'rejected' and utr < 0.5)) as triaged,
    case when status = 'in_deliberation' then 'shared' when utr < 0.6 then 'private' when utr < 0.85 then 'shared' else 'public' end::public.need_track as tr,
    case when usv < 0.6 then 'general' when usv < 0.9 then 'major' else 'complex' end::public.need_severity as sv
  from s
)
select o.*,
  case when triaged then created_at + interval '1 hour' end as triaged_at,
  case when triaged then created_at + interval '1 hour' + make_interval(mins => case sv when 'general' then 60 when 'major' then 1440 else 10080 end) end as due_at,
  case when triaged then (case sv when 'complex' then 'plan' else 'resolve' end)::public.sla_goal end as due_goal,
  case when status in ('resolved', 'evaluated', 'closed') then created_at + interval '21 hours' end as resolved_at,
  case when created_by is not null and (status = 'evaluated' or (status = 'closed' and pg_temp.u('nr' || g) < 0.65))
    then 3 + (pg_temp.h('nrv' || g) % 3)::int end as rating
from o;

insert into public.needs (id, community_id, micro_grid_id, title, description, category, status, created_by, submitted_by, source,
  contact_name, contact_phone, urgency, address, window_from, window_to, people_affected, track, severity, handler_id, department,
  triaged_at, due_at, due_goal, resolved_at, rating, rating_comment, evaluated_at, closed_at, created_at, updated_at)
select n.id, n.community_id,
  case when n.community_id = ${B} then ${q(I.microB1)} when n.g % 2 = 0 then ${q(I.microA1)} else ${q(I.microA2)} end,
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
  n.status, n.created_by, coalesce(n.submitter, n.created_by), n.source,
  case when n.created_by is null then '热线来电居民' end,
  case when n.created_by is null then '0255' || lpad(n.g::text, 7, '0') end,
  (case when pg_temp.u('nu' || n.g) < 0.1 then 'high' when pg_temp.u('nu' || n.g) < 0.15 then 'urgent'
        when pg_temp.u('nu' || n.g) < 0.8 then 'normal' else 'low' end)::public.need_urgency,
  '幸福路' || (n.g % 50 + 1) || '号' || (n.g % 6 + 1) || '单元',
  case when n.t in (3, 4, 13) then n.created_at + interval '1 day' end,
  case when n.t in (3, 4, 13) then n.created_at + interval '8 days' end,
  case when n.triaged and n.tr <> 'private' then 5 + (n.ho % 196)::int else 1 end,
  case when n.triaged then n.tr end, case when n.triaged then n.sv end,
  case when n.triaged and n.utr < 0.5 then case when n.community_id = ${A} then ${q(I.staff1)} else ${q(I.staff2)} end end,
  case when n.triaged and n.tr = 'public' then '区住建局' end,
  n.triaged_at, n.due_at, n.due_goal, n.resolved_at, n.rating,
  case when n.rating = 5 then '处理很及时，谢谢社区' end,
  case when n.rating is not null then n.resolved_at + interval '1 day' end,
  case when n.status = 'closed' then case when n.rating is not null then n.resolved_at + interval '25 hours' else n.resolved_at + interval '7 days' end end,
  n.created_at,
  least(now(), coalesce(case when n.status = 'closed' then case when n.rating is not null then n.resolved_at + interval '25 hours' else n.resolved_at + interval '7 days' end end,
    case when n.rating is not null then n.resolved_at + interval '1 day' end, n.resolved_at, n.triaged_at + interval '1 day', n.created_at + interval '2 hours'))
from need_seed n;

-- the timeline: one event per step of the path that led to the need's status
insert into public.need_events (need_id, from_status, to_status, actor_id, actor, note, created_at)
select n.id, (case when p.i > 1 then p.path[p.i - 1] end)::public.need_status, p.path[p.i]::public.need_status,
  case a.actor when 'owner' then n.created_by when 'system' then null
    when 'grid_worker' then case when n.community_id = ${A} then ${q(I.grid1)} else ${q(I.staff2)} end
    else case when n.community_id = ${A} then ${q(I.staff1)} else ${q(I.staff2)} end end,
  a.actor::public.need_actor,
  case p.path[p.i] when 'rejected' then '不属于社区受理范围，已告知居民向相关部门反映' when 'escalated' then '超过办理时限，系统自动上报'
    when 'closed' then case when n.rating is null then '居民未在规定时间内评价，系统自动办结' else '已评价，系统办结' end
    when 'evaluated' then '评价 ' || n.rating || ' 星'
    when 'submitted' then case n.source when 'patrol' then '网格员巡查发现' when 'hotline' then '热线登记' when 'on_behalf' then '网格员代办' end
  end,
  least(now(), case p.path[p.i]
    when 'submitted' then n.created_at when 'triaged' then n.triaged_at when 'in_progress' then n.triaged_at + interval '30 minutes'
    when 'resolved' then n.resolved_at when 'evaluated' then n.resolved_at + interval '1 day'
    when 'closed' then case when n.rating is not null then n.resolved_at + interval '25 hours' else n.resolved_at + interval '7 days' end
    when 'rejected' then n.created_at + interval '2 hours' when 'escalated' then n.due_at + interval '1 hour'
    else n.triaged_at + interval '1 day' end)
from need_seed n
cross join lateral (
  select x.s as path_el, x.i, arr as path
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
  cross join lateral unnest(a0.arr) with ordinality x(s, i)
) p
cross join lateral (
  select case p.path[p.i]
    when 'submitted' then case n.source when 'resident' then 'owner' when 'hotline' then 'staff' else 'grid_worker' end
    when 'triaged' then case when n.community_id = ${A} and n.g % 3 = 0 then 'grid_worker' else 'staff' end
    when 'evaluated' then 'owner'
    when 'closed' then 'system' when 'escalated' then 'system' when 'matched' then 'system'
    else 'staff' end as actor
) a
order by n.g, p.i;

-- 关注/+1: about a third of the open needs have neighbours following them; resident1 follows a few
insert into public.need_followers (need_id, profile_id, created_at)
select n.id, pg_temp.resident(n.community_id, n.ho + 1 + j * 37), least(now(), n.created_at + interval '1 day' * j)
from need_seed n cross join lateral generate_series(1, 1 + (n.ho % 5)::int) j
where n.status not in ('closed', 'rejected') and pg_temp.u('nf' || n.g) < 0.35
on conflict do nothing;
insert into public.need_followers (need_id, profile_id)
select n.id, ${q(I.resident1)} from need_seed n
where n.community_id = ${A} and n.status in ('submitted', 'triaged', 'in_progress') and n.created_by is distinct from ${q(I.resident1)} and n.g % 17 = 0
on conflict do nothing;
delete from public.need_followers f using public.needs n where n.id = f.need_id and n.created_by = f.profile_id;
update public.needs n set follower_count = c.k
from (select need_id, count(*)::int as k from public.need_followers group by need_id) c where c.need_id = n.id;
`

const RESOURCES = `
insert into public.resources (id, community_id, publisher_id, title, description, kind, partner_type, categories, capacity, period,
  area_community_ids, area_grid_ids, availability, contact_name, contact_phone, status, created_at, updated_at)
select pg_temp.bid('90000000', g), c,
  case when c = ${A} and g % 70 = 0 then ${q(I.unit1)}
       when uk < 0.5 then case when c = ${A} then pg_temp.bid('61000000', 1 + hp % 40) else pg_temp.bid('61000000', 41 + hp % 15) end
       when uk < 0.8 then case when c = ${A} then pg_temp.bid('60000000', 1 + hp % 120) else pg_temp.bid('60000000', ${RES_A + 1} + hp % 40) end
       else case when c = ${A} then ${q(I.staff1)} else ${q(I.staff2)} end end,
  (array['助老送餐服务', '水电维修志愿队', '法律援助咨询', '义诊与健康讲座', '四点半课堂', '家政保洁服务', '就业指导培训',
         '环境清洁行动', '停车协调服务', '邻里调解工作室', '文体活动场地', '综合便民服务'])[1 + t] || ' ' || g,
  '每周固定时间提供服务，欢迎社区居民预约。',
  (case when c = ${A} and g % 70 = 0 then 'social' when uk < 0.5 then 'social' when uk < 0.8 then 'party' else 'administrative' end)::public.resource_kind,
  (case when (c = ${A} and g % 70 = 0) or uk < 0.5 then (array['red', 'property', 'public_welfare'])[1 + hp % 3] end)::public.partner_type,
  string_to_array((array['meal_aid,elderly_childcare', 'facility_repair', 'legal,dispute', 'medical', 'elderly_childcare,culture_sports',
         'housekeeping', 'employment', 'sanitation', 'parking', 'dispute', 'culture_sports', 'facility_repair,housekeeping,other'])[1 + t], ',')::public.need_category[],
  5 + (hp % 36)::int,
  (case when hp % 3 = 0 then 'week' else 'month' end)::public.resource_period,
  case when pg_temp.u('ra' || g) < 0.08 then array[${A}, ${B}] else '{}'::uuid[] end,
  case when c = ${A} and pg_temp.u('rg' || g) < 0.1 then array[${q(I.gridA1)}] else '{}'::uuid[] end,
  case when hp % 4 = 0 then jsonb_build_array(jsonb_build_object(
    'from', to_char((date_trunc('day', now()) + interval '7 days') at time zone 'UTC', 'YYYY-MM-DD"T"09:00:00"Z"'),
    'to', to_char((date_trunc('day', now()) + interval '7 days') at time zone 'UTC', 'YYYY-MM-DD"T"12:00:00"Z"'))) else '[]'::jsonb end,
  '联系人' || g, '138' || lpad(g::text, 8, '0'),
  case when pg_temp.u('rs' || g) < 0.9 then 'active' when pg_temp.u('rs' || g) < 0.95 then 'paused' else 'archived' end,
  now() - interval '700 days' * pg_temp.u('rc' || g), now() - interval '30 days' * pg_temp.u('rc' || g)
from (
  select g, case when g % 10 < 7 then ${A} else ${B} end as c, pg_temp.u('rk' || g) as uk, pg_temp.h('rp' || g) as hp,
    (pg_temp.h('rt' || g) % 12)::int as t
  from generate_series(1, 500) g
) x;

-- matching: three runs in A (the latest one's proposals open, the earlier ones superseded), one in B
insert into public.match_runs (id, community_id, run_by, stats, created_at) values
  (pg_temp.bid('91000000', 1), ${A}, ${q(I.staff1)}, '{"needs": 40, "resources": 300, "pairs": 2100}', now() - interval '20 days'),
  (pg_temp.bid('91000000', 2), ${A}, ${q(I.staff1)}, '{"needs": 45, "resources": 310, "pairs": 2300}', now() - interval '10 days'),
  (pg_temp.bid('91000000', 3), ${A}, ${q(I.staff1)}, '{"needs": 50, "resources": 320, "pairs": 2500}', now() - interval '1 day'),
  (pg_temp.bid('91000000', 4), ${B}, ${q(I.staff2)}, '{"needs": 20, "resources": 120, "pairs": 600}', now() - interval '2 days');
insert into public.match_proposals (run_id, community_id, need_id, resource_id, score, reasons, status, created_at)
select run.id, n.community_id, n.id, r.id, 3000 + (pg_temp.h(n.id::text || r.id::text) % 6500)::int,
  array['服务类别匹配', '服务范围覆盖', case when n.urgency in ('high', 'urgent') then '需求紧急' else '资源尚有余量' end],
  case when run.latest then 'open' else 'superseded' end, run.created_at
from (select id, community_id, created_at, id in (pg_temp.bid('91000000', 3), pg_temp.bid('91000000', 4)) as latest from public.match_runs) run
join public.needs n on n.community_id = run.community_id and n.status in ('triaged', 'in_progress')
cross join lateral (
  select r.id from public.resources r
  where r.status = 'active' and app.resource_covers(r, n)
  order by md5(n.id::text || r.id::text) limit 2
) r;

-- service projects: the matched needs' live projects, a share of the resolved ones' finished projects, a few proposals
-- still waiting for the other side and a few cancelled; each on a resource that covers the need
create temp table project_seed as
select row_number() over (order by n.id) as k, n.id as need_id, n.community_id, n.status as need_status, n.rating as need_rating,
  n.triaged_at, n.resolved_at, n.people_affected, r.id as resource_id, r.publisher_id,
  case
    when n.status = 'matched' then case when pg_temp.u('ps' || n.id) < 0.5 then 'confirmed' else 'in_progress' end
    when n.status in ('resolved', 'evaluated', 'closed') then case when n.rating is not null and pg_temp.u('ps' || n.id) < 0.7 then 'evaluated' else 'completed' end
    when n.status = 'triaged' then 'proposed'
    else 'cancelled' end::public.project_status as status
from public.needs n
cross join lateral (
  select r.id, r.publisher_id from public.resources r
  where r.status = 'active' and app.resource_covers(r, n)
  order by md5(n.id::text || r.id::text) limit 1
) r
where n.status = 'matched'
   or (n.status in ('resolved', 'evaluated', 'closed') and pg_temp.u('pp' || n.id) < 0.03)
   or (n.status = 'triaged' and pg_temp.u('pp' || n.id) < 0.3)
   or (n.status = 'in_progress' and pg_temp.u('pp' || n.id) < 0.15);
insert into public.service_projects (id, community_id, need_id, resource_id, origin, status, unit_confirmed_at, community_confirmed_at,
  beneficiaries, rating, rating_comment, cancel_reason, created_by, created_at, updated_at, completed_at)
select pg_temp.bid('a0000000', p.k), p.community_id, p.need_id, p.resource_id,
  (case when p.k % 2 = 0 then 'unit_claim' else 'community_claim' end)::public.project_origin, p.status,
  case when p.status in ('proposed', 'cancelled') and p.k % 2 = 1 then null else least(now(), p.triaged_at + interval '5 hours') end,
  case when p.status in ('proposed', 'cancelled') and p.k % 2 = 0 then null else least(now(), p.triaged_at + interval '4 hours') end,
  case when p.status in ('completed', 'evaluated') then p.people_affected end,
  case when p.status = 'evaluated' then p.need_rating end,
  case when p.status = 'evaluated' and p.need_rating = 5 then '服务很周到' end,
  case when p.status = 'cancelled' then '资源方时间冲突，改由社区另行安排' end,
  case when p.k % 2 = 0 then p.publisher_id else case when p.community_id = ${A} then ${q(I.staff1)} else ${q(I.staff2)} end end,
  least(now(), p.triaged_at + interval '4 hours'),
  least(now(), coalesce(p.resolved_at, p.triaged_at + interval '6 hours')),
  case when p.status in ('completed', 'evaluated') then p.resolved_at end
from project_seed p;
insert into public.service_progress (project_id, author_id, note, percent, created_at)
select sp.id, case when s.step in (2, 3, 4) then sp.created_by end, s.note, s.percent, least(now(), sp.created_at + interval '1 hour' * s.step)
from public.service_projects sp
cross join lateral (values
  (1, case sp.origin when 'unit_claim' then '资源方认领需求，等待社区确认' else '社区为居民认领资源，等待资源方确认' end, null::int,
      true),
  (2, '双方确认，服务项目成立', null, sp.status in ('confirmed', 'in_progress', 'completed', 'evaluated')),
  (3, '开始服务', null, sp.status in ('in_progress', 'completed', 'evaluated')),
  (4, '服务完成', 100, sp.status in ('completed', 'evaluated')),
  (5, '居民评价 ' || coalesce(sp.rating, 0) || ' 星', null, sp.status = 'evaluated'),
  (6, '取消：' || coalesce(sp.cancel_reason, ''), null, sp.status = 'cancelled')
) s(step, note, percent, present)
where s.present
order by sp.id, s.step;
`

const VOLUNTEERING = `
insert into public.service_posts (id, community_id, title, category, description, place, lat, lng, radius_m, bean_rate_per_hour, created_by, created_at)
select pg_temp.bid('b0000000', g), c,
  (array['政策宣讲', '四点半课堂辅导', '家电义务维修', '健康义诊', '心理疏导', '法律咨询', '治安巡逻', '环境整治', '助老助残'])[1 + cat] || ' 第' || g || '期',
  (array['policy_talk', 'tutoring', 'appliance_repair', 'health_clinic', 'counseling', 'legal_advice', 'security_patrol', 'environment',
         'elderly_disabled_aid'])[1 + cat]::public.post_category,
  '请提前十分钟到岗，到岗后在小程序签到。', (array['社区活动中心', '1号楼架空层', '社区广场', '党群服务中心'])[1 + g % 4],
  32.04 + (hp % 1000) / 100000.0, 118.78 + (hp % 997) / 100000.0, 100 + (hp % 400)::int, 5 + (hp % 16)::int,
  case when c = ${A} then ${q(I.staff1)} else ${q(I.staff2)} end, base - interval '7 days'
from (
  select g, case when g % 4 <> 0 then ${A} else ${B} end as c, (pg_temp.h('pc' || g) % 9)::int as cat, pg_temp.h('ph' || g) as hp,
    date_trunc('hour', now() - interval '120 days' + interval '130 days' * pg_temp.u('pb' || g)) as base
  from generate_series(1, 200) g
) x;
-- 3 to 6 weekly slots of two hours per post
insert into public.post_slots (id, post_id, starts_at, ends_at, capacity)
select pg_temp.bid('b1000000', g * 10 + k), p.id, p.created_at + interval '7 days' + interval '7 days' * k + interval '9 hours',
  p.created_at + interval '7 days' + interval '7 days' * k + interval '11 hours', 2 + (pg_temp.h('sc' || g || ':' || k) % 9)::int
from generate_series(1, 200) g
join public.service_posts p on p.id = pg_temp.bid('b0000000', g)
cross join lateral generate_series(0, 2 + (pg_temp.h('sn' || g) % 4)::int) k;

-- shifts: up to the slot's capacity of distinct volunteers of the post's community
create temp table shift_seed as
select s.id as slot_id, s.post_id, s.starts_at, s.ends_at, p.community_id, p.bean_rate_per_hour, p.lat, p.lng,
  pool.profile_id, j, pg_temp.u('shs' || s.id || ':' || j) as us
from public.post_slots s
join public.service_posts p on p.id = s.post_id
join pool_size ps on ps.community_id = p.community_id
cross join lateral generate_series(0, (pg_temp.h('shn' || s.id) % (s.capacity + 1))::int - 1) j
join pool on pool.community_id = p.community_id and pool.i = ((pg_temp.h('shb' || s.id) + j) % ps.n)::int;
insert into public.shifts (slot_id, post_id, profile_id, status, claimed_at, cancelled_at, late_cancel, check_in_at, check_in_lat, check_in_lng,
  check_in_distance_m, check_out_at, check_out_lat, check_out_lng, check_out_distance_m, notes, confirmed_by, confirmed_at, reject_reason,
  verified_minutes, beans_pending)
select slot_id, post_id, profile_id, st, least(starts_at - interval '3 days', now() - interval '1 hour'),
  case when st = 'cancelled' then least(starts_at - interval '1 day', now() - interval '30 minutes') end,
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
  case when st in ('confirmed', 'rejected') then case when community_id = ${A} then ${q(I.staff1)} else ${q(I.staff2)} end end,
  case when st in ('confirmed', 'rejected') then least(now(), ends_at + interval '1 day') end,
  case when st = 'rejected' then '签到记录与现场情况不符' end,
  case when st = 'confirmed' then 115 end,
  case when st = 'confirmed' then round(115 / 60.0 * bean_rate_per_hour)::int end
from (
  select x.*, (case
    when ends_at > now() then case when us < 0.9 then 'claimed' else 'cancelled' end
    when ends_at > now() - interval '3 days' then case when us < 0.5 then 'checked_out' when us < 0.8 then 'confirmed' when us < 0.9 then 'no_show' else 'cancelled' end
    else case when us < 0.8 then 'confirmed' when us < 0.88 then 'no_show' when us < 0.92 then 'rejected' else 'cancelled' end
  end)::public.shift_status as st
  from shift_seed x
) y;
update public.post_slots s set claimed = c.k
from (select slot_id, count(*)::int as k from public.shifts where status <> 'cancelled' group by slot_id) c where c.slot_id = s.id;

-- 社区吹哨: two open calls in A, one closed this morning, the rest long closed
insert into public.whistles (id, community_id, title, category, description, place, lat, lng, starts_at, headcount, responded, status, created_by, created_at, closed_at)
select pg_temp.bid('f0000000', g), c, (array['暴雨积水紧急排查', '独居老人走失协寻', '疫苗接种现场秩序维护', '突发停水送水上门'])[1 + g % 4],
  (array['environment', 'security_patrol', 'elderly_disabled_aid', 'elderly_disabled_aid'])[1 + g % 4]::public.post_category,
  '请就近的党员志愿者尽快到场', '社区党群服务中心', 32.041, 118.781,
  case when g <= 2 then now() + interval '2 hours' * g when g = 3 then now() - interval '6 hours' else now() - interval '20 days' * g end,
  4 + g % 4, case when g <= 2 then 2 else 4 + g % 4 end, case when g <= 2 then 'open' else 'closed' end,
  case when c = ${A} then ${q(I.staff1)} else ${q(I.staff2)} end,
  case when g <= 2 then now() - interval '1 hour' when g = 3 then now() - interval '8 hours' else now() - interval '20 days' * g - interval '2 hours' end,
  case when g <= 2 then null when g = 3 then now() - interval '3 hours' else now() - interval '20 days' * g - interval '1 hour' end
from (select g, case when g <= 12 then ${A} else ${B} end as c from generate_series(1, 16) g) x;
insert into public.whistle_responses (whistle_id, profile_id, created_at)
select w.id, pool.profile_id, w.created_at + interval '10 minutes' * (j + 1)
from public.whistles w
join pool_size ps on ps.community_id = w.community_id
cross join lateral generate_series(0, w.responded - 1) j
join pool on pool.community_id = w.community_id and pool.i = ((pg_temp.h('wr' || w.id) + j * 3) % ps.n)::int;
`

const REWARDS = `
insert into public.rewards (id, community_id, provider_id, title, description, price_beans, stock, per_person_limit, limit_period,
  valid_from, valid_until, min_credit_level, status, created_at)
select pg_temp.bid('c0000000', g), c,
  case when c = ${A} and g % 10 = 0 then ${q(I.unit1)}
       when pg_temp.u('wp' || g) < 0.7 then case when c = ${A} then pg_temp.bid('61000000', 1 + h % 40) else pg_temp.bid('61000000', 41 + h % 15) end
       else case when c = ${A} then ${q(I.staff1)} else ${q(I.staff2)} end end,
  (array['理发券', '家电清洗', '体检套餐', '超市代金券', '图书借阅卡', '洗车服务', '社区食堂餐券', '健身房体验课', '家政保洁两小时', '手机贴膜'])[1 + g % 10] || ' ' || g,
  '凭兑换码到服务点核销，有效期内使用。', 5 + (h % 96)::int, 20 + (pg_temp.h('ws' || g) % 180)::int,
  case when pg_temp.u('wl' || g) < 0.3 then 1 + (h % 3)::int end,
  (case when pg_temp.u('wl' || g) < 0.3 then (array['week', 'month', 'once'])[1 + g % 3] end)::public.limit_period,
  created_at,
  case when pg_temp.u('wv' || g) < 0.15 then created_at + interval '30 days' when pg_temp.u('wv' || g) < 0.45 then now() + interval '60 days' end,
  0, case when pg_temp.u('wa' || g) < 0.1 then 'archived' else 'active' end, created_at
from (
  select g, case when g % 10 < 7 then ${A} else ${B} end as c, pg_temp.h('wh' || g) as h,
    now() - interval '330 days' * pg_temp.u('wc' || g) - interval '1 day' as created_at
  from generate_series(1, 100) g
) x;
`

const DELIBERATION = `
insert into public.topics (id, community_id, title, description, proposer_id, threshold, created_at)
select pg_temp.bid('d0000000', g), c,
  (array['增设电动车充电桩', '小区停车位重新规划', '加装电梯意见征集', '垃圾分类投放点调整', '增设儿童游乐设施', '楼道堆物集中清理',
         '物业服务标准听证', '老旧管网改造方案', '增设休闲座椅', '社区食堂开放时间'])[1 + g % 10] || '（' || g || '）',
  '希望大家一起商量，形成可行方案后提交议事会。', pg_temp.resident(c, pg_temp.h('tp' || g)), 10,
  now() - interval '330 days' * pg_temp.u('tc' || g) - interval '1 day'
from (select g, case when g % 4 <> 0 then ${A} else ${B} end as c from generate_series(1, 200) g) x;
-- 大家事 needs turned into topics by staff
insert into public.topics (id, community_id, title, description, proposer_id, need_id, threshold, created_at)
select pg_temp.bid('d1000000', row_number() over (order by n.id)), n.community_id, '关于' || n.title, n.description, case when n.community_id = ${A} then ${q(I.staff1)} else ${q(I.staff2)} end, n.id, 10,
  least(now(), n.triaged_at + interval '1 day')
from public.needs n where n.status = 'in_deliberation';

insert into public.topic_cosigns (topic_id, profile_id, created_at)
select t.id, pg_temp.resident(t.community_id, pg_temp.h('tcs' || t.id) + j * 37), t.created_at + interval '1 hour' * (j + 1)
from public.topics t cross join lateral generate_series(0, (pg_temp.h('tck' || t.id) % 26)::int - 1) j
on conflict do nothing;
insert into public.topic_cosigns (topic_id, profile_id)
select id, ${q(I.resident1)} from public.topics where community_id = ${A} and need_id is null and pg_temp.h('r1c' || id) % 12 = 0
on conflict do nothing;
update public.topics t set cosign_count = c.k, status = case when c.k >= t.threshold then 'ready' else 'collecting' end
from (select topic_id, count(*)::int as k from public.topic_cosigns group by topic_id) c where c.topic_id = t.id;

insert into public.meetings (id, community_id, title, form, starts_at, place, capacity, check_in_code, minutes, status, created_by, created_at)
select pg_temp.bid('e0000000', g), c, (array['流动小板凳议事会', '五方协商会', '线上议事厅'])[1 + f] || ' 第' || g || '次',
  (array['street_side', 'five_party', 'online'])[1 + f]::public.meeting_form, starts_at,
  (array['社区议事厅', '小区中心广场', '线上会议'])[1 + f], 20 + (pg_temp.h('mcap' || g) % 61)::int, lpad((pg_temp.h('mcode' || g) % 1000000)::text, 6, '0'),
  case when starts_at < now() and pg_temp.u('mx' || g) >= 0.06 then '会议纪要：与会居民充分讨论了议题，形成初步方案，交由社区落实。' end,
  case when pg_temp.u('mx' || g) < 0.06 then 'cancelled' when starts_at < now() then 'held' else 'scheduled' end,
  case when c = ${A} then ${q(I.staff1)} else ${q(I.staff2)} end, starts_at - interval '10 days'
from (
  select g, case when g % 10 < 7 then ${A} else ${B} end as c, (pg_temp.h('mf' || g) % 3)::int as f,
    date_trunc('hour', now() - interval '330 days' + interval '360 days' * (g - 1) / 50.0) + interval '19 hours' as starts_at
  from generate_series(1, 50) g
) x;
-- agendas: the oldest topics of each community, two per meeting in date order
with t as (select id, community_id, row_number() over (partition by community_id order by created_at, id) as r from public.topics where need_id is null),
     m as (select id, community_id, status, row_number() over (partition by community_id order by starts_at, id) as r from public.meetings)
insert into public.meeting_topics (meeting_id, topic_id, position)
select m.id, t.id, ((t.r - 1) % 2)::int from t join m on m.community_id = t.community_id and m.r = (t.r + 1) / 2;
update public.topics t set status = case when m.status = 'scheduled' then 'scheduled'
    when m.status = 'cancelled' then case when t.cosign_count >= t.threshold then 'ready' else 'collecting' end
    when pg_temp.u('td' || t.id) < 0.7 then 'decided' else 'closed' end
from public.meeting_topics mt join public.meetings m on m.id = mt.meeting_id where mt.topic_id = t.id;
-- registrations in queue order; past the capacity they wait in line (held meetings: only those who got in)
create temp table reg_seed as
select m.id as meeting_id, m.status, m.capacity, m.created_at, r.profile_id, r.j
from public.meetings m
cross join lateral (
  select pg_temp.resident(m.community_id, pg_temp.h('mr' || m.id) + j * 37) as profile_id, j
  from generate_series(1, (pg_temp.h('mrn' || m.id) % (m.capacity + 8))::int) j
  union all select ${q(I.resident1)}, 0 where m.community_id = ${A} and pg_temp.h('mr1' || m.id) % 3 = 0
) r;
insert into public.meeting_registrations (meeting_id, profile_id, status, queued_at, checked_in_at)
select meeting_id, profile_id, case when rn <= capacity then 'registered' else 'waitlisted' end,
  created_at + interval '1 minute' * j,
  case when status = 'held' and rn <= capacity and pg_temp.u('mci' || meeting_id || profile_id) < 0.8 then created_at + interval '10 days' end
from (select x.*, row_number() over (partition by meeting_id order by j, profile_id) as rn
      from (select distinct on (meeting_id, profile_id) * from reg_seed order by meeting_id, profile_id, j) x) y
where rn <= capacity or status = 'scheduled';
update public.meetings m set registered = c.k
from (select meeting_id, count(*)::int as k from public.meeting_registrations where status = 'registered' group by meeting_id) c
where c.meeting_id = m.id;
`

/** Every movement of beans, in the order it happened, through the ledger's own functions. */
const LEDGER = `
-- provider accounts, as reward_create opens them
select app.bean_account('provider', provider_id, null) from (select distinct provider_id from public.rewards) p;

create temp table intents (at timestamptz not null, kind text not null, key text not null, profile_id uuid, community_id uuid,
  amount int, reason text, actor uuid, ref text, reward_id uuid, action text);
-- confirmed service hours earn the post's rate (what app.award_on_shift does on confirmation)
insert into intents (at, kind, key, profile_id, community_id, amount, reason, actor, ref)
select x.confirmed_at, 'award_shift', 'shift:' || x.id, x.profile_id, p.community_id, x.beans_pending,
  '志愿服务 ' || round(x.verified_minutes / 60.0, 1) || ' 小时', x.confirmed_by, x.id::text
from public.shifts x join public.service_posts p on p.id = x.post_id where x.status = 'confirmed' and x.beans_pending > 0;
-- a resident's own need resolved and rated (app.award_on_need)
insert into intents (at, kind, key, profile_id, community_id, amount, reason, ref)
select n.evaluated_at, 'award_need', 'need:' || n.id, n.created_by, n.community_id, r.need_rated, '需求办结并评价', n.id::text
from public.needs n join public.bean_rules r on r.community_id = n.community_id
where n.rating is not null and n.source = 'resident' and n.created_by is not null;
-- attending a meeting
insert into intents (at, kind, key, profile_id, community_id, amount, reason, ref)
select g.checked_in_at, 'award_meeting', 'meeting:' || g.meeting_id || ':' || g.profile_id, g.profile_id, m.community_id,
  r.meeting_attendance, '参加议事会', g.meeting_id::text
from public.meeting_registrations g join public.meetings m on m.id = g.meeting_id join public.bean_rules r on r.community_id = m.community_id
where g.checked_in_at is not null;
-- staff awards by hand (well under the daily cap), resident1 among the regulars
insert into intents (at, kind, key, profile_id, community_id, amount, reason, actor)
select now() - interval '360 days' * pg_temp.u('ma' || g), 'award_manual', 'manual:seed:' || g,
  case when g % 40 = 0 then ${q(I.resident1)} else pg_temp.resident(c, pg_temp.h('mp' || g)) end, c,
  5 + (pg_temp.h('mam' || g) % 10)::int * 5,
  (array['参与小区环境整治', '协助疫苗接种现场', '垃圾分类督导', '邻里互助', '参加社区文艺汇演'])[1 + g % 5],
  case when c = ${A} then ${q(I.staff1)} else ${q(I.staff2)} end
from (select g, case when g % 100 < 72 then ${A} else ${B} end as c from generate_series(1, 1600) g) x;
-- redemptions by residents of the reward's community, after it was published; older ones collected or cancelled
insert into intents (at, kind, key, profile_id, community_id, reward_id, action)
select at, 'redeem', 'seed-redemption-' || g, case when g % 60 = 0 and w.community_id = ${A} then ${q(I.resident1)} else pg_temp.resident(w.community_id, pg_temp.h('rp' || g)) end,
  w.community_id, w.id,
  case when at < now() - interval '20 days' then case when pg_temp.u('ra' || g) < 0.85 then 'verify' else 'cancel' end
       else case when pg_temp.u('ra' || g) < 0.4 then 'verify' when pg_temp.u('ra' || g) < 0.5 then 'cancel' else 'keep' end end
from (
  select g, pg_temp.bid('c0000000', 1 + pg_temp.h('rw' || g) % 100) as reward_id, pg_temp.u('rt' || g) as ut from generate_series(1, 700) g
) x
join public.rewards w on w.id = x.reward_id
cross join lateral (select w.created_at + (now() - w.created_at) * x.ut as at) t;

create temp table done (key text primary key, at timestamptz not null, redemption_id uuid);
do $$
declare
  i record;
  t public.bean_transfers;
  x jsonb;
  v_code text;
  v_provider uuid;
begin
  for i in select * from intents order by at, key loop
    if i.kind = 'redeem' then
      begin
        -- public.reward_redeem under the resident's claims, as the API calls it
        perform set_config('request.jwt.claims', jsonb_build_object('role', 'authenticated', 'sub', i.profile_id)::text, true);
        x := public.reward_redeem(i.reward_id, i.key);
        insert into done values ('redeem:' || i.profile_id || ':' || i.key, i.at, (x->>'id')::uuid);
        if i.action = 'verify' then
          select r.provider_id, y.code into v_provider, v_code from public.redemptions y join public.rewards r on r.id = y.reward_id where y.id = (x->>'id')::uuid;
          perform set_config('request.jwt.claims', jsonb_build_object('role', 'authenticated', 'sub', v_provider)::text, true);
          perform public.redemption_verify(v_code);
          insert into done values ('settle:' || (x->>'id'), i.at + interval '1 day', (x->>'id')::uuid);
        elsif i.action = 'cancel' then
          perform public.redemption_cancel((x->>'id')::uuid);
          insert into done values ('refund:' || (x->>'id'), i.at + interval '2 hours', (x->>'id')::uuid);
        end if;
      exception when others then
        -- out of stock, over the per-person limit, not enough beans, no longer valid: refused, as in real life
        null;
      end;
    else
      t := app.award(i.key, i.kind::public.bean_transfer_kind, i.profile_id, i.community_id, i.amount, i.reason, i.actor, i.ref);
      insert into done values (i.key, i.at, null);
    end if;
  end loop;
  perform set_config('request.jwt.claims', '', true);
end
$$;

-- move the ledger rows to the moments they stand for (the append-only triggers are bypassed for this one update)
set local session_replication_role = replica;
update public.bean_transfers t set created_at = d.at from done d where d.key = t.idempotency_key;
update public.bean_movements m set created_at = t.created_at from public.bean_transfers t where t.id = m.transfer_id;
update public.redemptions y set created_at = d.at,
  expires_at = least(coalesce(r.valid_until, d.at + interval '30 days'), d.at + interval '30 days'),
  verified_at = case when y.status = 'verified' then d.at + interval '1 day' end,
  cancelled_at = case when y.status = 'cancelled' then d.at + interval '2 hours' end
from done d, public.rewards r where d.key like 'redeem:%' and d.redemption_id = y.id and r.id = y.reward_id;
set local session_replication_role = origin;
`

export interface SeedCounts {
  [table: string]: number
}

/** Fills the database at `sql` (a fresh clone of the template; superuser; one connection). Returns row counts. */
export async function seedCommunityScale(sql: Sql, log: (s: string) => void = () => {}): Promise<SeedCounts> {
  const steps: [string, string][] = [
    ['people', PEOPLE],
    ['needs, timelines, followers', NEEDS],
    ['resources, matching, service projects', RESOURCES],
    ['posts, slots, shifts, whistles', VOLUNTEERING],
    ['rewards', REWARDS],
    ['topics, meetings', DELIBERATION],
    ['bean ledger (through its functions)', LEDGER],
  ]
  await sql.begin(async (tx) => {
    await tx.unsafe(HELPERS)
    for (const [label, text] of steps) {
      const t0 = performance.now()
      await tx.unsafe(text)
      log(`  seeded ${label} in ${Math.round(performance.now() - t0)} ms`)
    }
  })
  const t0 = performance.now()
  await sql.unsafe('vacuum analyze')
  log(`  vacuum analyze in ${Math.round(performance.now() - t0)} ms`)
  const tables = ['profiles', 'needs', 'need_events', 'need_followers', 'resources', 'match_proposals', 'service_projects', 'service_posts',
    'post_slots', 'shifts', 'whistles', 'volunteer_registrations', 'rewards', 'redemptions', 'bean_transfers', 'bean_movements', 'topics',
    'topic_cosigns', 'meetings', 'meeting_registrations']
  const [row] = await sql.unsafe(`select ${tables.map((t) => `(select count(*)::int from public.${t}) as ${t}`).join(', ')}`)
  return row as SeedCounts
}
