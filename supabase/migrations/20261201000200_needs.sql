-- Needs (需求清单): the closed loop 发现 → 研判 → 分类 → 处置或上报 → 反馈 → 评价, with 三事分流 triage, SLA
-- deadlines from the community's rules (staff edit them; each change audited), a timeline of every transition,
-- ratings, follows (关注/+1), likely-duplicate search, and the 受理编号 every need carries.
--
-- * The state machine is data (need_status_edges); app.need_apply is the one place a need changes status, so no path
--   skips its rules: a person who resolves a need writes the 办理结果 (5-500 characters, up to 3 photos), rejecting
--   and escalating require a reason.
-- * 受理编号 (ref_no) is <community prefix>-<Beijing date>-<sequence of that community that day>, e.g.
--   HP-20261128-0042: what a resident reads out on the phone and staff type into the search. It is allocated in the
--   need's own insert by a per-community, per-day counter row (insert … on conflict do update: concurrent inserts
--   queue on that row, so no two needs share a number and none is skipped).
-- * Every list is keyset-paged with an index that yields its order (at most 50 a page plus one to know whether more
--   follow); a list over several partitions (a grid worker's micro-grids, a street's communities, a person's
--   departments) takes each partition's first page through its index and merges them; app.needs_page_json builds
--   the page's JSON once. Under RLS a filter on an enum column is never an index condition (enum equality is not
--   leakproof), so the status-filtered lists read partial indexes of the active needs.

-- SQL-language bodies here name functions of later files (app.need_json: the department a need is routed to);
-- they are checked when called.
set check_function_bodies = off;

----------------------------------------------------------------------------------------------------
-- Types
----------------------------------------------------------------------------------------------------
create type public.need_category as enum (
  'elderly_childcare', 'meal_aid', 'housekeeping', 'medical', 'culture_sports', 'facility_repair',
  'parking', 'sanitation', 'dispute', 'legal', 'employment', 'other'
);

create type public.need_status as enum (
  'submitted', 'triaged', 'in_progress', 'resolved', 'evaluated', 'closed',
  'rejected', 'escalated', 'in_deliberation', 'matched'
);

create type public.need_track as enum ('private', 'shared', 'public');

create type public.need_severity as enum ('general', 'major', 'complex', 'escalated');

create type public.need_urgency as enum ('low', 'normal', 'high', 'urgent');

create type public.need_source as enum ('resident', 'patrol', 'hotline', 'on_behalf');

create type public.sla_goal as enum ('resolve', 'plan', 'report');

create type public.need_actor as enum ('staff', 'grid_worker', 'owner', 'system', 'department');

----------------------------------------------------------------------------------------------------
-- Helpers the tables use (generated columns, defaults, indexes)
----------------------------------------------------------------------------------------------------
-- Chinese titles have no spaces, so trigram similarity works on character bigrams: '楼道灯' → '楼道 道灯'.
create or replace function app.cjk_grams(p_text text) returns text
language sql immutable parallel safe
as $$
  select case when char_length(t) < 2 then t
    else (select string_agg(substr(t, i, 2), ' ' order by i) from generate_series(1, char_length(t) - 1) i) end
  from (select regexp_replace(lower(coalesce(p_text, '')), '[[:space:][:punct:]，。！？、；：“”‘’（）《》【】—…·]', '', 'g') as t) s
$$;
grant execute on function app.cjk_grams(text) to authenticated;

----------------------------------------------------------------------------------------------------
-- Tables
----------------------------------------------------------------------------------------------------
create table public.needs (
  id uuid primary key default gen_random_uuid(),
  community_id uuid not null references public.communities(id),
  micro_grid_id uuid references public.micro_grids(id),
  title text not null check (char_length(title) between 4 and 40),
  description text not null check (char_length(description) between 10 and 1000),
  category public.need_category not null,
  status public.need_status not null default 'submitted',
  created_by uuid references public.profiles(id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  submitted_by uuid not null references public.profiles(id),
  source public.need_source not null default 'resident',
  contact_name text check (char_length(contact_name) between 1 and 40),
  contact_phone text check (contact_phone ~ '^[0-9]{7,15}$'),
  urgency public.need_urgency not null default 'normal',
  address text check (char_length(address) <= 200),
  window_from timestamptz,
  window_to timestamptz,
  people_affected int not null default 1 check (people_affected between 1 and 100000),
  track public.need_track,
  severity public.need_severity,
  handler_id uuid references public.profiles(id),
  -- free text, for 公家事 triaged before departments were records (department_id)
  department text check (char_length(department) between 1 and 60),
  triaged_at timestamptz,
  due_at timestamptz,
  due_goal public.sla_goal,
  resolved_at timestamptz,
  reopen_count int not null default 0 check (reopen_count between 0 and 1),
  rating smallint check (rating between 1 and 5),
  rating_comment text check (char_length(rating_comment) <= 500),
  evaluated_at timestamptz,
  closed_at timestamptz,
  follower_count int not null default 0 check (follower_count >= 0),
  title_grams text generated always as (app.cjk_grams(title)) stored,
  -- how many resources a need may take (e.g. two volunteers)
  demand int not null default 1 check (demand between 1 and 20),
  -- references public.departments, added with that table (20261201000700_administration.sql)
  department_id uuid,
  department_due_at timestamptz,
  department_answer text check (char_length(department_answer) <= 400),
  department_answered_at timestamptz,
  -- set by the needs_set_ref_no trigger
  ref_no text not null,
  constraint needs_owner_present check (created_by is not null or (contact_name is not null and contact_phone is not null)),
  constraint needs_window_order check (window_to is null or window_from is null or window_to > window_from),
  constraint needs_triage_pair check ((track is null) = (severity is null)),
  constraint needs_rating_when_evaluated check (rating is null or status in ('evaluated', 'closed')),
  constraint needs_public_department check (track is distinct from 'public' or department is not null or department_id is not null)
);
comment on table public.needs is '需求清单: what residents ask of their community, followed through a closed loop.';
comment on column public.needs.created_by is 'The owner: the resident the need belongs to (null when it belongs to a name+phone record).';
comment on column public.needs.submitted_by is 'Who entered it: the owner, a grid worker (patrol, on behalf) or staff (hotline).';
comment on column public.needs.address is 'Personal data: visible only to the owner and staff of the community.';
comment on column public.needs.department_id is 'The street''s department the need is routed to (公家事 at triage, an escalated need by the street admin).';
comment on column public.needs.department_due_at is 'The department''s deadline to answer, from the community''s SLA rule for escalated needs.';
comment on column public.needs.ref_no is '受理编号: <community prefix>-<Beijing date>-<sequence>, shown instead of the id.';
create index needs_community_idx on public.needs (community_id, created_at desc, id desc);
create index needs_community_status_idx on public.needs (community_id, status, created_at desc, id desc);
create index needs_title_grams_trgm on public.needs using gin (title_grams extensions.gin_trgm_ops);
create index needs_resolved_idx on public.needs (resolved_at) where status = 'resolved';
create index needs_department_idx on public.needs (department_id, created_at desc, id desc) where department_id is not null;
create index needs_active_idx on public.needs (community_id, created_at, id)
  where status in ('submitted', 'triaged', 'in_progress', 'resolved', 'escalated', 'in_deliberation', 'matched');
create index needs_due_idx on public.needs (due_at) where status in ('triaged', 'in_progress') and due_at is not null;
-- a grid worker's queue (and the staff queue filtered by grid), one micro-grid at a time; with a status filter, its
-- active needs (相似需求 reads a micro-grid's open needs through it)
create index needs_micro_grid_page_idx on public.needs (micro_grid_id, created_at desc, id desc);
create index needs_micro_grid_active_idx on public.needs (micro_grid_id, created_at, id)
  where status in ('submitted', 'triaged', 'in_progress', 'resolved', 'escalated', 'in_deliberation', 'matched');
-- the street queue, one community at a time: only the needs the street handles; and of those the active ones, for
-- the street's status tabs (已上报, 办理中, 已解决: a few dozen a community, where the first holds hundreds)
create index needs_street_queue_idx on public.needs (community_id, created_at desc, id desc)
  where status = 'escalated' or track = 'public' or department_id is not null;
create index needs_street_active_idx on public.needs (community_id, created_at desc, id desc)
  where (status = 'escalated' or track = 'public' or department_id is not null)
    and status in ('submitted', 'triaged', 'in_progress', 'resolved', 'escalated', 'in_deliberation', 'matched');
-- 我的需求, keyset (created_at, id)
create index needs_created_by_page_idx on public.needs (created_by, created_at desc, id desc);
-- what a department still has to answer: the open count of the list
create index needs_department_open_idx on public.needs (department_id)
  where status in ('triaged', 'in_progress', 'escalated') and department_answered_at is null;
-- the open needs of a community in the matching run's total order (created_at, id)
create index needs_open_matching_idx on public.needs (community_id, created_at, id)
  where status in ('triaged', 'in_progress');
-- text_pattern_ops: the same index answers staff's exact and prefix searches (HP-20261128-%).
create unique index needs_ref_no_key on public.needs (ref_no text_pattern_ops);
alter table public.needs enable row level security;

create table public.sla_rules (
  community_id uuid not null references public.communities(id) on delete cascade,
  severity public.need_severity not null,
  minutes int not null check (minutes between 1 and 525600),
  goal public.sla_goal not null,
  updated_at timestamptz not null default now(),
  updated_by uuid references public.profiles(id),
  primary key (community_id, severity)
);
comment on table public.sla_rules is 'SLA per severity: general resolved in 1 h, major in 1 day, complex a plan in 1 week, beyond that reported upward in 1 week.';
alter table public.sla_rules enable row level security;

create table public.community_need_settings (
  community_id uuid primary key references public.communities(id) on delete cascade,
  -- an open need this long past its deadline is escalated by the cron
  escalate_grace_minutes int not null default 60 check (escalate_grace_minutes between 0 and 43200),
  -- a resolved need nobody rated closes itself after this many days
  auto_close_days int not null default 7 check (auto_close_days between 1 and 90),
  -- the owner may reopen a resolved need once within this many days
  reopen_days int not null default 7 check (reopen_days between 1 and 90)
);
comment on table public.community_need_settings is 'Escalation, auto-close and reopen rules of a community''s needs loop.';
alter table public.community_need_settings enable row level security;

create table public.need_status_edges (
  from_status public.need_status not null,
  to_status public.need_status not null,
  actor public.need_actor not null,
  reason_required boolean not null default false,
  primary key (from_status, to_status, actor)
);
comment on table public.need_status_edges is 'State machine of a need: each allowed (from, to, actor); anything else is refused.';
alter table public.need_status_edges enable row level security;

create table public.need_events (
  id bigint generated always as identity primary key,
  need_id uuid not null references public.needs(id) on delete cascade,
  from_status public.need_status,
  to_status public.need_status not null,
  actor_id uuid references public.profiles(id),
  actor public.need_actor not null,
  note text check (char_length(note) <= 500),
  created_at timestamptz not null default clock_timestamp(),
  photos text[] not null default '{}' constraint need_events_photos_count check (cardinality(photos) <= 3)
);
comment on table public.need_events is 'Timeline of a need: every transition with actor, time and note. Append-only.';
comment on column public.need_events.photos is '办理结果 photos (storage keys) of a resolution step; read through /api/files.';
create index need_events_need_idx on public.need_events (need_id, id);
create index need_events_photos_idx on public.need_events using gin (photos);
alter table public.need_events enable row level security;

create table public.need_followers (
  need_id uuid not null references public.needs(id) on delete cascade,
  profile_id uuid not null references public.profiles(id) on delete cascade,
  created_at timestamptz not null default now(),
  primary key (need_id, profile_id)
);
comment on table public.need_followers is '关注/+1: residents who have the same need follow an existing one instead of filing again.';
alter table public.need_followers enable row level security;

create table public.need_ref_counters (
  community_id uuid not null references public.communities(id) on delete cascade,
  day date not null,
  last_seq int not null check (last_seq > 0),
  primary key (community_id, day)
);
comment on table public.need_ref_counters is 'The last 受理编号 sequence used per community and Beijing day; written only by app.next_need_ref.';
alter table public.need_ref_counters enable row level security;

----------------------------------------------------------------------------------------------------
-- Table grants
----------------------------------------------------------------------------------------------------
revoke all on public.needs from anon, authenticated;

grant select on public.needs to authenticated;

grant all on public.needs to service_role;

revoke all on public.sla_rules, public.community_need_settings from anon, authenticated;

grant select on public.sla_rules, public.community_need_settings to authenticated;

grant all on public.sla_rules, public.community_need_settings to service_role;

revoke all on public.need_status_edges from anon, authenticated;

grant select on public.need_status_edges to authenticated;

revoke all on public.need_events, public.need_followers from anon, authenticated;

grant select on public.need_events, public.need_followers to authenticated;

grant all on public.need_events, public.need_followers to service_role;

-- the timeline is append-only for every role, service_role included
revoke update, delete, truncate on public.need_events from service_role;

revoke all on public.need_ref_counters from anon, authenticated;

----------------------------------------------------------------------------------------------------
-- Policies
----------------------------------------------------------------------------------------------------
create policy needs_select on public.needs for select to authenticated
  using (created_by = (select auth.uid())
    or community_id = any ((select app.my_staff_community_ids())::uuid[])
    or micro_grid_id = any ((select app.my_worker_micro_grid_ids())::uuid[])
    or department_id = any ((select app.my_department_ids())::uuid[]));

create policy sla_rules_select on public.sla_rules for select to authenticated
  using (community_id = any ((select app.my_community_ids())::uuid[]));

create policy community_need_settings_select on public.community_need_settings for select to authenticated
  using (community_id = any ((select app.my_community_ids())::uuid[]));

create policy need_status_edges_select on public.need_status_edges for select to authenticated using (true);

create policy need_events_select on public.need_events for select to authenticated
  using (exists (select 1 from public.needs n where n.id = need_events.need_id));

create policy need_followers_select on public.need_followers for select to authenticated
  using (profile_id = (select auth.uid()));

----------------------------------------------------------------------------------------------------
-- Read functions
----------------------------------------------------------------------------------------------------
create or replace function app.need_overdue(n public.needs) returns boolean
language sql stable
as $$
  select n.due_at is not null and now() > n.due_at and case n.due_goal
    when 'resolve' then n.status in ('triaged', 'in_progress')
    when 'plan' then n.status = 'triaged'
    when 'report' then n.status in ('triaged', 'in_progress')
    else false end
$$;
grant execute on function app.need_overdue(public.needs) to authenticated;

create or replace function app.need_following(p_need uuid) returns boolean
language sql stable
as $$ select exists (select 1 from public.need_followers f where f.need_id = p_need and f.profile_id = auth.uid()) $$;
grant execute on function app.need_following(uuid) to authenticated;

create or replace function app.need_grid(n public.needs) returns uuid
language sql stable
as $$ select m.grid_id from public.micro_grids m where m.id = n.micro_grid_id $$;
grant execute on function app.need_grid(public.needs) to authenticated;

-- The roles the caller plays towards a need.
create or replace function app.need_actors(n public.needs) returns public.need_actor[]
language sql stable
as $$
  select array_remove(array[
    case when app.is_staff_of(n.community_id) then 'staff'::public.need_actor end,
    case when app.is_grid_worker_of(app.need_grid(n)) then 'grid_worker'::public.need_actor end,
    case when n.created_by = (select auth.uid()) then 'owner'::public.need_actor end
  ], null)
$$;
grant execute on function app.need_actors(public.needs) to authenticated;

/** What the resident should read first: the 办理结果 of a resolved need, the reason it was not accepted or escalated. */
create or replace function app.need_outcome(n public.needs) returns jsonb
language sql stable
set search_path = ''
as $$
  select jsonb_build_object(
    'kind', o.kind, 'note', e.note, 'photos', to_jsonb(e.photos), 'at', app.iso(e.created_at),
    'actor', e.actor,
    'actorName', case when e.actor = 'system' then null else (select p.display_name from public.profiles p where p.id = e.actor_id) end)
  from (select case when n.status in ('resolved', 'evaluated', 'closed') then 'resolved'
                    when n.status = 'rejected' then 'rejected'
                    when n.status = 'escalated' then 'escalated' end as kind) o
  cross join lateral (
    select e.* from public.need_events e
    where e.need_id = n.id and e.to_status::text = o.kind and e.from_status is distinct from e.to_status
    order by e.id desc limit 1) e
  where o.kind is not null
$$;

/**
 * Every step of a need and of what it went to, oldest first: its own timeline (need_events) and, linked, its service
 * projects with their progress notes and match reasons (never the score), the deliberation topic made from it, the
 * meetings that had that topic on the agenda and the resolution that carries it out. Each item:
 * {kind, at, title, detail, photos, actorName, link: {type: service|meeting|resolution|topic, id} | null}.
 * p_staff: the people handling it read the work terms (研判分类, 三事分流); residents read plain words.
 * Called only inside the needs RPCs, after they checked that the caller may see the need.
 */
create or replace function app.need_story(n public.needs, p_staff boolean) returns jsonb
language sql stable
set search_path = ''
as $$
  select coalesce(jsonb_agg(s.item order by s.at, s.src, s.k), '[]'::jsonb)
  from (
    -- the need's own steps
    select e.created_at as at, 1 as src, e.id as k, jsonb_build_object(
      'kind', x.kind,
      'at', app.iso(e.created_at),
      'title', case x.kind
        when 'submitted' then '提交需求'
        when 'triaged' then case when p_staff then '研判分类' else '社区已受理' end
        when 'routed' then case when p_staff then '街道交办' else '已转交职能部门' end
        when 'answered' then '部门答复'
        when 'in_progress' then case when p_staff then '开始办理' else '正在办理' end
        when 'reopened' then '重新办理'
        when 'resolved' then '已解决'
        when 'evaluated' then '居民评价'
        when 'closed' then '已办结'
        when 'rejected' then '未受理'
        when 'escalated' then case when p_staff then '上报上级' else '已上报街道' end
        when 'in_deliberation' then case when p_staff then '提交议事' else '交给居民议事' end
        when 'matched' then '已匹配服务'
        else '进展' end,
      'detail', case
        when x.kind = 'resolved' then coalesce('办理结果：' || e.note, null)
        when x.kind = 'rejected' then coalesce('原因：' || e.note, null)
        when x.kind = 'escalated' then coalesce('原因：' || e.note, null)
        when x.kind = 'reopened' then coalesce('原因：' || e.note, null)
        when x.kind = 'submitted' and not p_staff then null
        else e.note end,
      'photos', to_jsonb(e.photos),
      'actorName', case when e.actor = 'system' then null else (select p.display_name from public.profiles p where p.id = e.actor_id) end,
      'link', case when x.kind = 'in_deliberation' then
          (select jsonb_build_object('type', 'topic', 'id', t.id) from public.topics t where t.need_id = n.id limit 1)
        end
    ) as item
    from public.need_events e
    cross join lateral (select case
      when e.from_status is null then 'submitted'
      when e.actor = 'department' then 'answered'
      when e.from_status = e.to_status and e.note like '街道转%' then 'routed'
      when e.to_status = 'triaged' then 'triaged'
      when e.from_status = 'resolved' and e.to_status = 'in_progress' then 'reopened'
      else e.to_status::text end as kind) x
    where e.need_id = n.id
      -- the service project below says it with its link
      and not (e.actor = 'system' and e.to_status = 'matched')
    union all
    -- the service projects it went to, with the reasons of the match that proposed them
    select sp.created_at, 2, 0, jsonb_build_object(
      'kind', 'service',
      'at', app.iso(sp.created_at),
      'title', '服务项目：' || r.title,
      'detail', concat_ws('；',
        '状态：' || case sp.status when 'proposed' then '待双方确认' when 'confirmed' then '已确认' when 'in_progress' then '服务中'
          when 'completed' then '已完成' when 'evaluated' then '已评价' when 'cancelled' then '已取消' end,
        case when sp.status = 'cancelled' then '取消原因：' || sp.cancel_reason end,
        case when cardinality(mp.reasons) > 0 then '匹配理由：' || array_to_string(mp.reasons, '、') end),
      'photos', '[]'::jsonb,
      'actorName', null,
      'link', jsonb_build_object('type', 'service', 'id', sp.id))
    from public.service_projects sp
    join public.resources r on r.id = sp.resource_id
    left join public.match_proposals mp on mp.id = sp.proposal_id
    where sp.need_id = n.id
    union all
    select g.created_at, 3, g.id, jsonb_build_object(
      'kind', 'service_progress',
      'at', app.iso(g.created_at),
      'title', '服务进展',
      'detail', g.note || coalesce('（完成 ' || g.percent || '%）', ''),
      'photos', '[]'::jsonb,
      'actorName', (select p.display_name from public.profiles p where p.id = g.author_id),
      'link', jsonb_build_object('type', 'service', 'id', g.project_id))
    from public.service_progress g
    join public.service_projects sp on sp.id = g.project_id
    where sp.need_id = n.id
    union all
    -- the deliberation it went to: the topic, its meetings, the resolution
    select t.created_at, 4, 0, jsonb_build_object(
      'kind', 'topic',
      'at', app.iso(t.created_at),
      'title', '议题：' || t.title,
      'detail', case t.status when 'collecting' then '正在征集居民联名' when 'ready' then '等待安排议事会'
        when 'scheduled' then '已安排议事会' when 'decided' then '已形成决议' when 'closed' then '议题已结束' end,
      'photos', '[]'::jsonb,
      'actorName', null,
      'link', jsonb_build_object('type', 'topic', 'id', t.id))
    from public.topics t
    where t.need_id = n.id
    union all
    select m.starts_at, 5, 0, jsonb_build_object(
      'kind', 'meeting',
      'at', app.iso(m.starts_at),
      'title', '议事会：' || m.title,
      'detail', case m.status when 'cancelled' then '议事会已取消' when 'held' then '已召开 · ' || m.place else '地点：' || m.place end,
      'photos', '[]'::jsonb,
      'actorName', null,
      'link', jsonb_build_object('type', 'meeting', 'id', m.id))
    from public.topics t
    join public.meeting_topics mt on mt.topic_id = t.id
    join public.meetings m on m.id = mt.meeting_id
    where t.need_id = n.id
    union all
    select rs.created_at, 6, 0, jsonb_build_object(
      'kind', 'resolution',
      'at', app.iso(rs.created_at),
      'title', '议事决议：' || rs.title,
      'detail', case rs.status when 'completed' then '决议已落实' else '决议正在落实' end,
      'photos', '[]'::jsonb,
      'actorName', null,
      'link', jsonb_build_object('type', 'resolution', 'id', rs.id))
    from public.resolutions rs
    where rs.need_id = n.id
  ) s
$$;

-- photos on the timeline, the outcome card and the story
create or replace function app.need_detail_json(n public.needs) returns jsonb
language sql stable
as $$
  select jsonb_build_object(
    'timeline', coalesce((
      select jsonb_agg(jsonb_build_object(
        'id', e.id, 'from', e.from_status, 'to', e.to_status, 'actor', e.actor,
        'actorName', case when e.actor = 'system' then null else (select p.display_name from public.profiles p where p.id = e.actor_id) end,
        'note', e.note, 'photos', to_jsonb(e.photos), 'at', app.iso(e.created_at)) order by e.id)
      from public.need_events e where e.need_id = n.id), '[]'::jsonb),
    'actions', coalesce((
      select jsonb_agg(distinct x.to_status::text)
      from public.need_status_edges x
      where x.from_status = n.status and x.actor = any (app.need_actors(n)) and x.to_status <> 'triaged'), '[]'::jsonb),
    'canTriage', n.status in ('submitted', 'triaged') and app.need_actors(n) && array['staff', 'grid_worker']::public.need_actor[],
    'outcome', app.need_outcome(n),
    'story', app.need_story(n,
      app.need_actors(n) && array['staff', 'grid_worker']::public.need_actor[]
      or (n.department_id is not null and app.is_department_member(n.department_id))
      or app.is_street_admin((select c.street_id from public.communities c where c.id = n.community_id)))
  )
$$;
grant execute on function app.need_detail_json(public.needs) to authenticated;

create or replace function app.need_json(n public.needs, p_personal boolean, p_detail boolean) returns jsonb
language sql stable
as $$
  select jsonb_build_object(
    'id', n.id,
    'refNo', n.ref_no,
    'title', n.title,
    'description', n.description,
    'category', n.category,
    'status', n.status,
    'communityId', n.community_id,
    'microGridId', n.micro_grid_id,
    'microGridName', app.micro_grid_name(n.micro_grid_id),
    'createdBy', n.created_by,
    'source', n.source,
    'urgency', n.urgency,
    'peopleAffected', n.people_affected,
    'windowFrom', app.iso(n.window_from),
    'windowTo', app.iso(n.window_to),
    'address', case when p_personal then n.address end,
    'contactName', case when p_personal then n.contact_name end,
    'contactPhone', case when p_personal then n.contact_phone end,
    'track', n.track,
    'severity', n.severity,
    'handlerId', n.handler_id,
    'handlerName', app.profile_name(n.handler_id),
    'department', n.department,
    'departmentId', n.department_id,
    'departmentName', app.department_name(n.department_id),
    'departmentDueAt', app.iso(n.department_due_at),
    'departmentAnswer', n.department_answer,
    'departmentAnsweredAt', app.iso(n.department_answered_at),
    'dueAt', app.iso(n.due_at),
    'dueGoal', n.due_goal,
    'overdue', app.need_overdue(n),
    'reopenCount', n.reopen_count,
    'resolvedAt', app.iso(n.resolved_at),
    'rating', n.rating,
    'ratingComment', n.rating_comment,
    'followers', n.follower_count,
    'following', app.need_following(n.id),
    'createdAt', app.iso(n.created_at),
    'updatedAt', app.iso(n.updated_at)
  ) || case when p_detail then app.need_detail_json(n) || jsonb_build_object('canAnswer',
         n.department_id is not null and n.status in ('triaged', 'in_progress', 'escalated') and app.is_department_member(n.department_id))
       else '{}'::jsonb end
$$;
grant execute on function app.need_json(public.needs, boolean, boolean) to authenticated;

create function public.needs_mine(
  p_after_created_at timestamptz default null,
  p_after_id uuid default null,
  p_limit int default 20
) returns jsonb
language plpgsql stable security invoker
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  v_limit int := least(greatest(coalesce(p_limit, 20), 1), 50);
  v_rows public.needs[];
begin
  v_rows := array(
    select n from public.needs n
    where n.created_by = v_uid
      and (n.created_at, n.id) < (coalesce(p_after_created_at, 'infinity'), coalesce(p_after_id, 'ffffffff-ffff-ffff-ffff-ffffffffffff'))
    order by n.created_at desc, n.id desc
    limit v_limit + 1);
  return jsonb_build_object('items', app.needs_page_json(v_rows[1:v_limit], 'all'), 'hasMore', cardinality(v_rows) > v_limit);
end
$$;
grant execute on function public.needs_mine(timestamptz, uuid, int) to authenticated;

-- A need the caller may not see is reported as missing, so its existence does not leak.
create or replace function public.need_get(p_id uuid) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  v_need public.needs;
begin
  select * into v_need from public.needs where id = p_id;
  if v_need.id is null or not app.need_visible(v_need) then
    perform app.fail('need.not_found');
  end if;
  return app.need_json(v_need, app.need_personal_visible(v_need), true);
end
$$;
grant execute on function public.need_get(uuid) to authenticated;
comment on function public.need_get(uuid) is 'security definer: followers and serving providers see a need; contact and address only for those allowed (checked inside).';

-- Staff list of a community's needs, newest first, keyset-paginated on (created_at, id).
create function public.needs_list(
  p_status public.need_status default null,
  p_track public.need_track default null,
  p_severity public.need_severity default null,
  p_grid_id uuid default null,
  p_overdue boolean default null,
  p_oldest_first boolean default false,
  p_after_created_at timestamptz default null,
  p_after_id uuid default null,
  p_limit int default 20,
  p_q text default null
) returns jsonb
language plpgsql stable security invoker
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  v_community uuid;
  v_staff boolean;
  v_grids uuid[];
  v_mgs uuid[];
  v_limit int := least(greatest(coalesce(p_limit, 20), 1), 50);
  v_dir text := case when p_oldest_first then 'asc' else 'desc' end;
  v_where text := '';
  v_sql text;
  v_rows public.needs[];
  v_q text := nullif(btrim(coalesce(p_q, '')), '');
  v_ref text;
  c_overdue constant text := '(n.due_at is not null and now() > n.due_at and case n.due_goal'
    || ' when ''resolve'' then n.status in (''triaged'', ''in_progress'') when ''plan'' then n.status = ''triaged'''
    || ' when ''report'' then n.status in (''triaged'', ''in_progress'') else false end)';
begin
  select community_id into v_community from public.profiles where id = v_uid;
  v_staff := v_community is not null and app.is_staff_of(v_community);
  if not v_staff then
    select array_agg(a.grid_id) into v_grids from public.grid_assignments a
    join public.grids g on g.id = a.grid_id
    where a.profile_id = v_uid and app.has_role(g.community_id, array['grid_worker']::public.app_role[]);
    if v_grids is null then
      perform app.fail('auth.forbidden');
    end if;
    v_mgs := array(select m.id from public.micro_grids m
                   where m.grid_id = any (v_grids) and (p_grid_id is null or m.grid_id = p_grid_id));
  elsif p_grid_id is not null then
    v_mgs := array(select m.id from public.micro_grids m join public.grids g on g.id = m.grid_id
                   where m.grid_id = p_grid_id and g.community_id = v_community);
  end if;
  if v_q is not null and char_length(v_q) > 40 then
    perform app.fail('need.query_invalid', 'q');
  end if;

  if p_status is not null then v_where := v_where || ' and n.status = $3'; end if;
  if p_track is not null then v_where := v_where || ' and n.track = $4'; end if;
  if p_severity is not null then v_where := v_where || ' and n.severity = $5'; end if;
  if p_overdue then
    v_where := v_where || ' and n.status in (''submitted'', ''triaged'', ''in_progress'', ''resolved'', ''escalated'','
      || ' ''in_deliberation'', ''matched'') and ' || c_overdue;
  elsif not p_overdue then
    v_where := v_where || ' and not ' || c_overdue;
  end if;
  if v_q is not null then
    -- A 受理编号 from its date on (HP-20261128, a day's needs at most, to HP-20261128-0042); a shorter start (HP-2026,
    -- a year of needs, sorted whole for every page) is looked for in titles. starts_with(), not LIKE: this function
    -- runs as its caller under RLS, where only a leakproof condition may use needs_ref_no_key (LIKE read every need
    -- of the community: 13 ms a call on the district database, over budget at 300 req/s).
    if v_q ~ '^[A-Za-z][A-Za-z0-9]{1,7}-[0-9]{8}(-[0-9]{0,10})?$' then
      v_ref := upper(v_q);
      v_where := v_where || ' and starts_with(n.ref_no, $9)';
    else
      v_where := v_where || ' and strpos(n.title, $10) > 0';
    end if;
  end if;
  if p_after_created_at is not null or p_after_id is not null then
    v_where := v_where || format(' and (n.created_at, n.id) %s ($6, $7)', case when p_oldest_first then '>' else '<' end);
  end if;

  if v_mgs is null then
    v_sql := format('select n from public.needs n where n.community_id = $1%s order by n.created_at %s, n.id %s limit $8',
      v_where, v_dir, v_dir);
  else
    v_sql := format('select x.n from unnest($2::uuid[]) g(mg) cross join lateral ('
      || 'select n, n.created_at, n.id from public.needs n where n.micro_grid_id = g.mg%s'
      || ' order by n.created_at %s, n.id %s limit $8) x order by x.created_at %s, x.id %s limit $8',
      v_where, v_dir, v_dir, v_dir, v_dir);
  end if;
  execute format('select array(%s)', v_sql) into v_rows
    using v_community, v_mgs, p_status, p_track, p_severity, p_after_created_at, p_after_id, v_limit + 1, v_ref, v_q;
  return jsonb_build_object(
    'items', app.needs_page_json(v_rows[1:v_limit], case when v_staff then 'all' else 'none' end),
    'hasMore', cardinality(v_rows) > v_limit);
end
$$;
grant execute on function public.needs_list(public.need_status, public.need_track, public.need_severity, uuid, boolean, boolean, timestamptz, uuid, int, text) to authenticated;

-- a member of the department the need is routed to
create or replace function app.need_visible(n public.needs) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select n.id is not null and (
    cardinality(app.need_actors(n)) > 0
    or exists (select 1 from public.need_followers f where f.need_id = n.id and f.profile_id = (select auth.uid()))
    or (n.department_id is not null and app.is_department_member(n.department_id))
  )
$$;
grant execute on function app.need_visible(public.needs) to authenticated;

create or replace function app.need_personal_visible(n public.needs) returns boolean
language sql stable
as $$ select n.created_by = (select auth.uid()) or app.is_staff_of(n.community_id) $$;
grant execute on function app.need_personal_visible(public.needs) to authenticated;

-- 相似需求
create or replace function public.needs_similar(
  p_micro_grid_id uuid,
  p_title text,
  p_after_similarity numeric default null,
  p_after_created_at timestamptz default null,
  p_after_id uuid default null,
  p_limit int default 20
) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  v_community uuid;
  v_grams text := app.cjk_grams(p_title);
  v_limit int := least(greatest(coalesce(p_limit, 20), 1), 50);
  v_rows jsonb;
begin
  select community_id into v_community from public.profiles where id = v_uid;
  if v_community is null or not exists (
    select 1 from public.micro_grids m join public.grids g on g.id = m.grid_id
    where m.id = p_micro_grid_id and g.community_id = v_community
  ) then
    perform app.fail('need.micro_grid_invalid', 'microGridId');
  end if;
  select coalesce(jsonb_agg(jsonb_build_object(
      'id', s.id, 'refNo', s.ref_no, 'title', s.title, 'category', s.category, 'status', s.status, 'followers', s.follower_count,
      'following', f.need_id is not null,
      'mine', s.created_by is not distinct from v_uid, 'similarity', s.sim, 'createdAt', app.iso(s.created_at)
    ) order by s.sim desc, s.created_at desc, s.id desc), '[]'::jsonb)
    into v_rows
  from (
    select n.id, n.ref_no, n.title, n.category, n.status, n.follower_count, n.created_by, n.created_at,
           round(extensions.similarity(n.title_grams, v_grams)::numeric, 3) as sim
    from public.needs n
    where n.micro_grid_id = p_micro_grid_id
      and n.status in ('submitted', 'triaged', 'in_progress', 'escalated', 'in_deliberation', 'matched')
      and extensions.similarity(n.title_grams, v_grams) >= 0.2
      and (round(extensions.similarity(n.title_grams, v_grams)::numeric, 3), n.created_at, n.id)
          < (coalesce(p_after_similarity, 2), coalesce(p_after_created_at, 'infinity'), coalesce(p_after_id, 'ffffffff-ffff-ffff-ffff-ffffffffffff'))
    order by sim desc, n.created_at desc, n.id desc
    limit v_limit + 1
  ) s
  left join public.need_followers f on f.need_id = s.id and f.profile_id = v_uid;
  return jsonb_build_object(
    'items', coalesce((select jsonb_agg(e order by o) from jsonb_array_elements(v_rows) with ordinality t(e, o) where o <= v_limit), '[]'::jsonb),
    'hasMore', jsonb_array_length(v_rows) > v_limit);
end
$$;
grant execute on function public.needs_similar(uuid, text, numeric, timestamptz, uuid, int) to authenticated;
comment on function public.needs_similar(uuid, text, numeric, timestamptz, uuid, int) is 'security definer: a resident sees titles of similar open needs of neighbours (duplicate suggestions), nothing personal.';

-- SLA rules: readable by staff of the community, editable by its admin.
create or replace function public.sla_rules_get(p_community_id uuid) returns jsonb
language plpgsql stable
set search_path = ''
as $$
begin
  if not app.is_staff_of(p_community_id) then
    perform app.fail('auth.forbidden');
  end if;
  return jsonb_build_object(
    'communityId', p_community_id,
    'rules', (select jsonb_agg(jsonb_build_object('severity', r.severity, 'minutes', r.minutes, 'goal', r.goal) order by r.severity)
              from public.sla_rules r where r.community_id = p_community_id),
    'settings', (select jsonb_build_object('escalateGraceMinutes', s.escalate_grace_minutes, 'autoCloseDays', s.auto_close_days,
                 'reopenDays', s.reopen_days) from public.community_need_settings s where s.community_id = p_community_id)
  );
end
$$;
grant execute on function public.sla_rules_get(uuid) to authenticated;

/** Names of departments by id: staff see the name of the department a need was routed to, a table they cannot read. */
-- plpgsql, so its plan is kept for the session (a SQL function with `set` is planned again on every call)
create or replace function app.department_names(p_ids uuid[]) returns table (id uuid, name text)
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return query select d.id, d.name from public.departments d where d.id = any (p_ids);
end
$$;
grant execute on function app.department_names(uuid[]) to authenticated;

-- The list shape of app.need_json(n, p_personal, false) for a page of needs (rows already read, in page order),
-- built by joins in one statement. It reads as its caller: handler names, micro-grids and follows come under RLS
-- exactly as need_json's lookup functions read them. Timestamps as app.iso writes them (inline: app.iso pins its
-- search_path, which makes every call a function call).
-- p_personal: 'all' (address and contact on every row), 'none', or 'owner_or_staff' (the need's owner and staff of
-- its community, as app.need_personal_visible).
create or replace function app.needs_page_json(p_rows public.needs[], p_personal text) returns jsonb
language sql stable
set search_path = ''
as $$
  select coalesce(jsonb_agg(jsonb_build_object(
    'id', n.id,
    'refNo', n.ref_no,
    'title', n.title,
    'description', n.description,
    'category', n.category,
    'status', n.status,
    'communityId', n.community_id,
    'microGridId', n.micro_grid_id,
    'microGridName', m.name,
    'createdBy', n.created_by,
    'source', n.source,
    'urgency', n.urgency,
    'peopleAffected', n.people_affected,
    'windowFrom', pg_catalog.to_char(n.window_from at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    'windowTo', pg_catalog.to_char(n.window_to at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    'address', case when x.personal then n.address end,
    'contactName', case when x.personal then n.contact_name end,
    'contactPhone', case when x.personal then n.contact_phone end,
    'track', n.track,
    'severity', n.severity,
    'handlerId', n.handler_id,
    'handlerName', h.display_name,
    'department', n.department,
    'departmentId', n.department_id,
    'departmentName', d.name,
    'departmentDueAt', pg_catalog.to_char(n.department_due_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    'departmentAnswer', n.department_answer,
    'departmentAnsweredAt', pg_catalog.to_char(n.department_answered_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    'dueAt', pg_catalog.to_char(n.due_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    'dueGoal', n.due_goal,
    -- app.need_overdue, inline
    'overdue', n.due_at is not null and now() > n.due_at and case n.due_goal
                 when 'resolve' then n.status in ('triaged', 'in_progress')
                 when 'plan' then n.status = 'triaged'
                 when 'report' then n.status in ('triaged', 'in_progress')
                 else false end,
    'reopenCount', n.reopen_count,
    'resolvedAt', pg_catalog.to_char(n.resolved_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    'rating', n.rating,
    'ratingComment', n.rating_comment,
    'followers', n.follower_count,
    'following', f.need_id is not null,
    'createdAt', pg_catalog.to_char(n.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    'updatedAt', pg_catalog.to_char(n.updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
  ) order by n.ordinality), '[]'::jsonb)
  from unnest(p_rows) with ordinality n
  left join public.micro_grids m on m.id = n.micro_grid_id
  left join public.profiles h on h.id = n.handler_id
  left join app.department_names(array(
    select distinct y.department_id from unnest(p_rows) y where y.department_id is not null)) d on d.id = n.department_id
  left join public.need_followers f on f.need_id = n.id and f.profile_id = (select auth.uid())
  -- the caller's staff roles (street admins hold admin in each community of their street), as app.is_staff_of
  left join (select distinct r.community_id from public.profile_roles r
             where p_personal = 'owner_or_staff' and r.profile_id = (select auth.uid()) and r.role in ('staff', 'admin')) s
    on s.community_id = n.community_id
  cross join lateral (select case p_personal
    when 'all' then true
    when 'none' then false
    else n.created_by = (select auth.uid()) or s.community_id is not null
  end as personal) x
$$;
grant execute on function app.needs_page_json(public.needs[], text) to authenticated;

create or replace function app.format_need_ref(p_prefix text, p_day date, p_seq int) returns text
language sql immutable
set search_path = ''
as $$
  select p_prefix || '-' || to_char(p_day, 'YYYYMMDD') || '-' || case when p_seq < 10000 then lpad(p_seq::text, 4, '0') else p_seq::text end
$$;

-- Plain labels, the same as the mini-program's (core/contracts/needs.ts, services.ts, deliberation.ts)
create or replace function app.need_track_label(p public.need_track) returns text
language sql immutable
set search_path = ''
as $$ select case p when 'private' then '自家事' when 'shared' then '大家事' when 'public' then '公家事' end $$;

create or replace function app.need_severity_label(p public.need_severity) returns text
language sql immutable
set search_path = ''
as $$ select case p when 'general' then '一般' when 'major' then '重大' when 'complex' then '复杂' when 'escalated' then '疑难' end $$;

----------------------------------------------------------------------------------------------------
-- Write functions
----------------------------------------------------------------------------------------------------
create or replace function public.need_create(
  p_title text,
  p_description text,
  p_category public.need_category,
  p_micro_grid_id uuid default null,
  p_urgency public.need_urgency default 'normal',
  p_address text default null,
  p_window_from timestamptz default null,
  p_window_to timestamptz default null,
  p_people_affected int default 1,
  p_source public.need_source default 'resident',
  p_on_behalf_of uuid default null,
  p_contact_name text default null,
  p_contact_phone text default null
) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  v_community uuid;
  v_home_micro_grid uuid;
  v_owner uuid;
  v_need public.needs;
begin
  select community_id, micro_grid_id into v_community, v_home_micro_grid from public.profiles where id = v_uid;
  if v_community is null then
    perform app.fail('need.no_community');
  end if;
  if p_source = 'resident' then
    v_owner := v_uid;
  elsif p_source = 'patrol' then
    -- found on patrol: the grid worker owns it and hears about its progress
    if not app.has_role(v_community, array['grid_worker', 'staff']::public.app_role[]) then
      perform app.fail('auth.forbidden');
    end if;
    v_owner := v_uid;
    v_home_micro_grid := null;
  else
    -- hotline (staff) or on behalf of a resident (grid worker, staff): owned by that resident
    if p_source = 'hotline' and not app.is_staff_of(v_community) then
      perform app.fail('auth.forbidden');
    end if;
    if p_source = 'on_behalf' and not app.has_role(v_community, array['grid_worker', 'staff', 'admin']::public.app_role[]) then
      perform app.fail('auth.forbidden');
    end if;
    if p_on_behalf_of is not null then
      select id, micro_grid_id into v_owner, v_home_micro_grid from public.profiles
      where id = p_on_behalf_of and community_id = v_community;
      if v_owner is null then
        perform app.fail('need.owner_invalid', 'onBehalfOf');
      end if;
    elsif p_contact_name is null or btrim(p_contact_name) = '' then
      perform app.fail('need.contact_required', 'contactName');
    elsif p_contact_phone is null or p_contact_phone !~ '^[0-9]{7,15}$' then
      perform app.fail('need.contact_required', 'contactPhone');
    else
      v_home_micro_grid := null;
    end if;
  end if;
  if p_micro_grid_id is not null and not exists (
    select 1 from public.micro_grids m join public.grids g on g.id = m.grid_id
    where m.id = p_micro_grid_id and g.community_id = v_community
  ) then
    perform app.fail('need.micro_grid_invalid', 'microGridId');
  end if;
  if p_source in ('patrol', 'on_behalf', 'hotline') and coalesce(p_micro_grid_id, v_home_micro_grid) is null then
    perform app.fail('need.micro_grid_required', 'microGridId');
  end if;
  if p_title is null or char_length(btrim(p_title)) not between 4 and 40 then
    perform app.fail('need.title_invalid', 'title');
  end if;
  if p_description is null or char_length(btrim(p_description)) not between 10 and 1000 then
    perform app.fail('need.description_invalid', 'description');
  end if;
  if p_window_from is not null and p_window_to is not null and p_window_to <= p_window_from then
    perform app.fail('need.window_invalid', 'windowTo');
  end if;
  insert into public.needs (community_id, micro_grid_id, title, description, category, created_by, submitted_by, source,
                            contact_name, contact_phone, urgency, address, window_from, window_to, people_affected)
  values (v_community, coalesce(p_micro_grid_id, v_home_micro_grid), btrim(p_title), btrim(p_description), p_category,
          v_owner, v_uid, p_source,
          case when v_owner is null then btrim(p_contact_name) end, case when v_owner is null then p_contact_phone end,
          coalesce(p_urgency, 'normal'), nullif(btrim(coalesce(p_address, '')), ''), p_window_from, p_window_to,
          coalesce(p_people_affected, 1))
  returning * into v_need;
  insert into public.need_events (need_id, from_status, to_status, actor_id, actor, note)
  values (v_need.id, null, 'submitted', v_uid,
          case when p_source = 'resident' then 'owner' when p_source = 'hotline' then 'staff' else 'grid_worker' end::public.need_actor,
          case p_source when 'patrol' then '网格员巡查发现' when 'hotline' then '热线登记' when 'on_behalf' then '网格员代办' end);
  return app.need_json(v_need, true, true);
end
$$;
grant execute on function public.need_create(text, text, public.need_category, uuid, public.need_urgency, text, timestamptz, timestamptz, int, public.need_source, uuid, text, text) to authenticated;

-- The four SLA rules a new community starts with (its need settings row comes from app.community_settings_row).
create or replace function app.community_sla_rules() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  insert into public.sla_rules (community_id, severity, minutes, goal) values
    (new.id, 'general', 60, 'resolve'),
    (new.id, 'major', 1440, 'resolve'),
    (new.id, 'complex', 10080, 'plan'),
    (new.id, 'escalated', 10080, 'report')
  on conflict do nothing;
  return new;
end
$$;

create or replace function app.need_notify(n public.needs, p_from public.need_status, p_note text) returns void
language sql
set search_path = ''
as $$
  insert into public.notifications (profile_id, kind, payload)
  select n.created_by, 'need.status', jsonb_build_object(
    'needId', n.id, 'refNo', n.ref_no, 'title', n.title, 'from', p_from, 'to', n.status, 'note', p_note, 'at', app.iso(now()))
    || case when n.status = 'triaged' and n.due_at is not null
         then jsonb_build_object('dueAt', app.iso(n.due_at), 'dueGoal', n.due_goal) else '{}'::jsonb end
  where n.created_by is not null
$$;

/**
 * The one place a need changes status: checks the edge for the acting role, the reason, records the
 * timeline and queues the owner's notification, all in the caller's transaction. The row is locked.
 * p_photos: the 办理结果 photos of a person's step; the other domains (services, deliberation, the SLA sweep)
 * leave them out.
 */
create or replace function app.need_apply(
  p_id uuid, p_to public.need_status, p_actors public.need_actor[], p_actor_id uuid, p_note text,
  p_photos text[] default null
) returns public.needs
language plpgsql security definer
set search_path = ''
as $$
declare
  n public.needs;
  v_from public.need_status;
  v_reason boolean;
  v_actor public.need_actor;
  v_note text := nullif(btrim(coalesce(p_note, '')), '');
  v_photos text[] := coalesce(p_photos, '{}');
  v_key text;
begin
  select * into n from public.needs where id = p_id for update;
  if n.id is null then
    perform app.fail('need.not_found');
  end if;
  v_from := n.status;
  select bool_or(e.reason_required) into v_reason
  from public.need_status_edges e
  where e.from_status = v_from and e.to_status = p_to and e.actor = any (p_actors);
  if v_reason is null then
    if exists (select 1 from public.need_status_edges e where e.from_status = v_from and e.to_status = p_to) then
      perform app.fail('auth.forbidden');
    end if;
    perform app.fail('need.transition_invalid', 'to');
  end if;
  v_actor := (select a from unnest(p_actors) a
              where exists (select 1 from public.need_status_edges e where e.from_status = v_from and e.to_status = p_to and e.actor = a)
              limit 1);
  -- 办理结果: a person closing the need tells the resident what was done
  if p_to = 'resolved' and v_actor <> 'system'
     and (v_note is null or char_length(v_note) not between 5 and 500) then
    perform app.fail('need.result_required', 'note');
  end if;
  if v_reason and v_note is null then
    perform app.fail('need.reason_required', 'note');
  end if;
  if cardinality(v_photos) > 0 then
    if p_to <> 'resolved' or cardinality(v_photos) > 3 then
      perform app.fail('need.photos_invalid', 'photos');
    end if;
    foreach v_key in array v_photos loop
      -- the caller's own uploads only (file_access shows a record's photos to whoever reads the record)
      if v_key is null or char_length(v_key) > 200
         or v_key !~ '^[a-z0-9][a-z0-9_-]{0,63}(/[a-z0-9][a-z0-9_-]{0,63}){0,3}\.(jpg|jpeg|png|webp)$'
         or p_actor_id is null or not starts_with(v_key, 'shifts/' || p_actor_id::text || '/') then
        perform app.fail('need.photos_invalid', 'photos');
      end if;
    end loop;
  end if;
  update public.needs set
    status = p_to,
    updated_at = now(),
    resolved_at = case when p_to = 'resolved' then now() else resolved_at end,
    evaluated_at = case when p_to = 'evaluated' then now() else evaluated_at end,
    closed_at = case when p_to = 'closed' then now() else closed_at end
  where id = p_id
  returning * into n;
  insert into public.need_events (need_id, from_status, to_status, actor_id, actor, note, photos)
  values (p_id, v_from, p_to, p_actor_id, v_actor, v_note, v_photos);
  perform app.need_notify(n, v_from, v_note);
  return n;
end
$$;

-- 研判/分类: staff of the community or the grid worker of the need's grid set track, severity, handler; the
-- community's SLA rule for that severity sets the deadline.
create function public.need_triage(
  p_id uuid, p_track public.need_track, p_severity public.need_severity,
  p_handler_id uuid default null, p_department text default null, p_note text default null,
  p_department_id uuid default null
) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  n public.needs;
  v_actors public.need_actor[];
  v_rule public.sla_rules;
  v_dept public.departments;
  v_department text := nullif(btrim(coalesce(p_department, '')), '');
begin
  select * into n from public.needs where id = p_id for update;
  if n.id is null or not app.need_visible(n) then
    perform app.fail('need.not_found');
  end if;
  v_actors := array(select a from unnest(app.need_actors(n)) a where a in ('staff', 'grid_worker'));
  if cardinality(v_actors) = 0 then
    perform app.fail('auth.forbidden');
  end if;
  if n.status not in ('submitted', 'triaged') then
    perform app.fail('need.transition_invalid', 'to');
  end if;
  if p_department_id is not null then
    select d.* into v_dept from public.departments d join public.communities c on c.street_id = d.street_id
    where d.id = p_department_id and c.id = n.community_id and d.archived_at is null;
    if v_dept.id is null then
      perform app.fail('need.department_invalid', 'departmentId');
    end if;
    if p_track <> 'public' then
      perform app.fail('need.department_public_only', 'departmentId');
    end if;
    v_department := v_dept.name;
  end if;
  if p_track = 'public' and v_department is null then
    perform app.fail('need.department_required', 'department');
  end if;
  if p_handler_id is not null and not exists (
    select 1 from public.profile_roles r where r.profile_id = p_handler_id and r.community_id = n.community_id
    and r.role in ('staff', 'admin')
  ) then
    perform app.fail('need.handler_invalid', 'handlerId');
  end if;
  select * into v_rule from public.sla_rules where community_id = n.community_id and severity = p_severity;
  update public.needs set
    track = p_track, severity = p_severity, handler_id = p_handler_id,
    department = v_department,
    department_id = v_dept.id,
    -- a new routing starts the department's clock; the same department keeps its deadline and answer
    department_due_at = case when v_dept.id is null then null
                             when v_dept.id is not distinct from n.department_id then n.department_due_at
                             else app.department_due(n.community_id) end,
    department_answer = case when v_dept.id is not distinct from n.department_id then n.department_answer end,
    department_answered_at = case when v_dept.id is not distinct from n.department_id then n.department_answered_at end,
    triaged_at = now(), due_at = now() + make_interval(mins => v_rule.minutes), due_goal = v_rule.goal
  where id = p_id;
  n := app.need_apply(p_id, 'triaged', v_actors, v_uid,
         coalesce(p_note, case when v_dept.id is not null then '转' || v_dept.name || '办理' end));
  return app.need_json(n, app.need_personal_visible(n), true);
end
$$;
grant execute on function public.need_triage(uuid, public.need_track, public.need_severity, uuid, text, text, uuid) to authenticated;

create function public.need_transition(p_id uuid, p_to public.need_status, p_note text default null, p_photos jsonb default null)
returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  n public.needs;
  v_settings public.community_need_settings;
  v_photos text[];
begin
  if p_photos is not null and jsonb_typeof(p_photos) <> 'null' then
    if jsonb_typeof(p_photos) <> 'array'
       or exists (select 1 from jsonb_array_elements(p_photos) x where jsonb_typeof(x) <> 'string') then
      perform app.fail('need.photos_invalid', 'photos');
    end if;
    v_photos := array(select jsonb_array_elements_text(p_photos));
  end if;
  select * into n from public.needs where id = p_id for update;
  if n.id is null or not app.need_visible(n) then
    perform app.fail('need.not_found');
  end if;
  if p_to = 'triaged' then
    perform app.fail('need.use_triage', 'to');
  end if;
  if p_to = 'evaluated' then
    perform app.fail('need.use_evaluate', 'to');
  end if;
  if n.status = 'resolved' and p_to = 'in_progress' then
    -- 重新办理: the owner, once, within the community's reopen window
    if n.created_by is distinct from v_uid then
      perform app.fail('auth.forbidden');
    end if;
    select * into v_settings from public.community_need_settings where community_id = n.community_id;
    if n.reopen_count >= 1 then
      perform app.fail('need.reopen_used');
    end if;
    if n.resolved_at < now() - make_interval(days => coalesce(v_settings.reopen_days, 7)) then
      perform app.fail('need.reopen_expired');
    end if;
    n := app.need_apply(p_id, p_to, array['owner']::public.need_actor[], v_uid, p_note, v_photos);
    update public.needs set reopen_count = reopen_count + 1, resolved_at = null where id = p_id returning * into n;
  else
    n := app.need_apply(p_id, p_to, app.need_actors(n), v_uid, p_note, v_photos);
  end if;
  return app.need_json(n, app.need_personal_visible(n), true);
end
$$;
grant execute on function public.need_transition(uuid, public.need_status, text, jsonb) to authenticated;

-- 效由民评: only the owner rates, only a resolved need, once.
create or replace function public.need_evaluate(p_id uuid, p_rating int, p_comment text default null) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  n public.needs;
begin
  select * into n from public.needs where id = p_id for update;
  if n.id is null or not app.need_visible(n) then
    perform app.fail('need.not_found');
  end if;
  if n.created_by is distinct from v_uid then
    perform app.fail('auth.forbidden');
  end if;
  if p_rating is null or p_rating not between 1 and 5 then
    perform app.fail('need.rating_invalid', 'rating');
  end if;
  if n.status <> 'resolved' then
    perform app.fail('need.not_resolved');
  end if;
  -- status first: a rating may only sit on an evaluated need (needs_rating_when_evaluated)
  perform app.need_apply(p_id, 'evaluated', array['owner']::public.need_actor[], v_uid,
                         '评价 ' || p_rating || ' 星' || coalesce('：' || nullif(btrim(coalesce(p_comment, '')), ''), ''));
  update public.needs set rating = p_rating, rating_comment = nullif(btrim(coalesce(p_comment, '')), '') where id = p_id
  returning * into n;
  return app.need_json(n, true, true);
end
$$;
grant execute on function public.need_evaluate(uuid, int, text) to authenticated;

-- 关注/+1 by a resident of the same community; idempotent. The count is kept on the need under its row lock.
create or replace function public.need_follow(p_id uuid, p_follow boolean default true) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  n public.needs;
  v_changed int;
begin
  select * into n from public.needs where id = p_id for update;
  if n.id is null or not exists (select 1 from public.profiles p where p.id = v_uid and p.community_id = n.community_id) then
    perform app.fail('need.not_found');
  end if;
  if n.created_by = v_uid then
    perform app.fail('need.follow_own');
  end if;
  if n.status in ('closed', 'rejected') then
    perform app.fail('need.follow_closed');
  end if;
  if p_follow then
    insert into public.need_followers (need_id, profile_id) values (p_id, v_uid) on conflict do nothing;
  else
    delete from public.need_followers where need_id = p_id and profile_id = v_uid;
  end if;
  get diagnostics v_changed = row_count;
  update public.needs set follower_count = follower_count + case when p_follow then v_changed else -v_changed end
  where id = p_id returning * into n;
  return jsonb_build_object('id', n.id, 'followers', n.follower_count, 'following', p_follow);
end
$$;
grant execute on function public.need_follow(uuid, boolean) to authenticated;

-- The cron (service_role): escalate needs overdue past the community's grace, close resolved needs nobody
-- rated within auto_close_days, and close rated ones. Each need moves once; a second run finds nothing.
create or replace function public.needs_sla_sweep() returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  r record;
  v_escalated int := 0;
  v_closed int := 0;
begin
  for r in
    select n.id from public.needs n
    join public.community_need_settings s on s.community_id = n.community_id
    where n.status in ('triaged', 'in_progress') and app.need_overdue(n)
      and n.due_at + make_interval(mins => s.escalate_grace_minutes) < now()
    order by n.due_at
    for update of n skip locked
  loop
    perform app.need_apply(r.id, 'escalated', array['system']::public.need_actor[], null, '超过办理时限，系统自动上报');
    v_escalated := v_escalated + 1;
  end loop;
  for r in
    select n.id, n.status from public.needs n
    join public.community_need_settings s on s.community_id = n.community_id
    where (n.status = 'resolved' and n.resolved_at < now() - make_interval(days => s.auto_close_days))
       or n.status = 'evaluated'
    for update of n skip locked
  loop
    perform app.need_apply(r.id, 'closed', array['system']::public.need_actor[], null,
      case when r.status = 'resolved' then '居民未在规定时间内评价，系统自动办结' else '已评价，系统办结' end);
    v_closed := v_closed + 1;
  end loop;
  return jsonb_build_object('escalated', v_escalated, 'closed', v_closed);
end
$$;
grant execute on function public.needs_sla_sweep() to service_role;

create or replace function public.sla_rule_set(p_community_id uuid, p_severity public.need_severity, p_minutes int, p_goal public.sla_goal)
returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_before public.sla_rules;
begin
  if not app.can_manage_community(p_community_id) then
    perform app.fail('auth.forbidden');
  end if;
  if p_minutes is null or p_minutes not between 1 and 525600 then
    perform app.fail('sla.minutes_invalid', 'minutes');
  end if;
  select * into v_before from public.sla_rules where community_id = p_community_id and severity = p_severity for update;
  update public.sla_rules set minutes = p_minutes, goal = p_goal, updated_at = now(), updated_by = (select auth.uid())
  where community_id = p_community_id and severity = p_severity;
  if v_before.minutes is distinct from p_minutes or v_before.goal is distinct from p_goal then
    perform app.audit('settings.updated', p_community_id, null,
      jsonb_build_object('sla', jsonb_build_object('severity', p_severity, 'minutes', p_minutes, 'goal', p_goal)));
  end if;
  return public.sla_rules_get(p_community_id);
end
$$;
grant execute on function public.sla_rule_set(uuid, public.need_severity, int, public.sla_goal) to authenticated;

create or replace function app.next_need_ref(p_community_id uuid, p_at timestamptz) returns text
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_day date := (p_at at time zone 'Asia/Shanghai')::date;
  v_seq int;
  v_prefix text;
begin
  select c.ref_prefix into v_prefix from public.communities c where c.id = p_community_id;
  insert into public.need_ref_counters as r (community_id, day, last_seq) values (p_community_id, v_day, 1)
  on conflict (community_id, day) do update set last_seq = r.last_seq + 1
  returning r.last_seq into v_seq;
  return app.format_need_ref(v_prefix, v_day, v_seq);
end
$$;

create or replace function app.needs_set_ref_no() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if new.ref_no is null then
    new.ref_no := app.next_need_ref(new.community_id, coalesce(new.created_at, now()));
  end if;
  return new;
end
$$;

----------------------------------------------------------------------------------------------------
-- Triggers
----------------------------------------------------------------------------------------------------
create trigger communities_sla_rules after insert on public.communities
  for each row execute function app.community_sla_rules();
create trigger communities_need_settings after insert on public.communities
  for each row execute function app.community_settings_row('community_need_settings');

create trigger needs_set_ref_no before insert on public.needs
  for each row execute function app.needs_set_ref_no();

----------------------------------------------------------------------------------------------------
-- Reference data
----------------------------------------------------------------------------------------------------
-- The state machine of a need (app.need_apply refuses any other move). A person who resolves a need writes what was
-- done (reason_required), so the owner reads a result.
insert into public.need_status_edges (from_status, to_status, actor, reason_required) values
  ('submitted', 'triaged', 'staff', false),
  ('submitted', 'triaged', 'grid_worker', false),
  ('triaged', 'triaged', 'staff', false),
  ('triaged', 'triaged', 'grid_worker', false),
  ('submitted', 'rejected', 'staff', true),
  ('submitted', 'rejected', 'grid_worker', true),
  ('triaged', 'rejected', 'staff', true),
  ('triaged', 'in_progress', 'staff', false),
  ('triaged', 'in_progress', 'grid_worker', false),
  ('triaged', 'escalated', 'staff', true),
  ('triaged', 'escalated', 'system', true),
  ('triaged', 'in_deliberation', 'staff', false),
  ('triaged', 'matched', 'staff', false),
  ('in_progress', 'resolved', 'staff', true),
  ('in_progress', 'resolved', 'grid_worker', true),
  ('in_progress', 'escalated', 'staff', true),
  ('in_progress', 'escalated', 'system', true),
  ('in_progress', 'matched', 'staff', false),
  ('in_progress', 'in_deliberation', 'staff', false),
  ('escalated', 'in_progress', 'staff', false),
  ('escalated', 'resolved', 'staff', true),
  ('in_deliberation', 'in_progress', 'staff', false),
  ('in_deliberation', 'resolved', 'staff', true),
  ('matched', 'in_progress', 'staff', false),
  ('matched', 'resolved', 'staff', true),
  ('resolved', 'in_progress', 'owner', true),
  ('resolved', 'evaluated', 'owner', false),
  ('resolved', 'closed', 'system', false),
  ('evaluated', 'closed', 'staff', false),
  ('evaluated', 'closed', 'system', false);

reset check_function_bodies;
