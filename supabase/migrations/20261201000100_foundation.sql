-- Foundation and auth: the community structure (streets, communities, grids, micro-grids), people and their roles,
-- who works where (grid workers, street admins), the caller's scope helpers every policy uses, the request check,
-- and the plumbing every domain shares: stable errors (app.fail), the audit log (app.audit), the notification
-- outbox, attempt limits for typed codes, idempotency keys, keyset cursors, and who may see a stored photo.
-- Runs unchanged on Supabase and on the local bootstrap (supabase/bootstrap/local_auth.sql).
--
-- Rules that hold in every file:
-- * Functions are not callable by API roles unless granted explicitly, function by function; `app` holds internal
--   helpers and is not exposed through PostgREST.
-- * Row Level Security decides who reads what: each policy allows exactly the rows the person may see (rows of the
--   communities they belong to, their own rows, and what their role opens). Policies call the set-returning scope
--   helpers below wrapped in `(select ...)`, so Postgres computes the caller's scope once per statement (an
--   InitPlan), not once per row; the helpers are plpgsql so their plan is cached per session.
-- * Read functions are `security invoker` and see exactly what the policies allow. A read function stays
--   `security definer` only when it shows a projection the person may see of rows the table cannot expose whole,
--   checks the caller itself, and says so in its `comment on function` (tests/db/catalog.test.ts checks this).
-- * Writes go only through `security definer` functions with `set search_path = ''`. The `app.*` read helpers they
--   call are plain invoker functions without a pinned search path: inside a definer caller they already run as the
--   owner with the empty path, and a pinned path would cost a configuration change and a fresh executor per call
--   (and prevent inlining). Every name in their bodies is schema-qualified.
-- * A row builder used by lists is a single SELECT of one expression, so Postgres inlines it; lists are keyset-paged
--   by an index that holds their order, and build one page's JSON set-based.
-- * Errors: app.fail raises the stable code the API maps to a status (api/_lib/db/errors.ts).

-- SQL-language bodies here read tables of later files (public.file_access: photos of needs, shifts and notices);
-- they are checked when called.
set check_function_bodies = off;

-- Functions are not callable by API roles unless granted explicitly, function by function.
-- (the global form is needed for PUBLIC: per-schema defaults can only add to the global ones)
alter default privileges revoke execute on functions from public;
alter default privileges in schema public revoke execute on functions from anon, authenticated, service_role;
-- `app` holds internal helpers; it is not exposed through PostgREST.
create schema if not exists app;
grant usage on schema app to authenticated, service_role;
alter default privileges in schema app revoke execute on functions from public;
-- trigram similarity, for 相似需求 (needs.title_grams)
create schema if not exists extensions;
create extension if not exists pg_trgm with schema extensions;
-- PostgREST runs the pre-request function as the request's role, anon included; usage on app makes only what is
-- granted to anon callable (every app function revokes execute from public by default).
grant usage on schema app to anon;

----------------------------------------------------------------------------------------------------
-- Types
----------------------------------------------------------------------------------------------------
-- `department`: a member of a street department (department_members), mirrored into every community of the street
create type public.app_role as enum ('resident', 'party_member', 'talent', 'unit', 'grid_worker', 'staff', 'admin', 'department');

create type public.grid_kind as enum ('comprehensive', 'dedicated');

create type public.community_scale as enum ('general', 'large', 'extra_large');

create type public.community_function as enum ('urban', 'rural', 'industrial');

create type public.community_subtype as enum (
  'relocation', 'village_to_residential', 'commercial_housing', 'mixed', 'urbanizing_village', 'other_rural'
);

----------------------------------------------------------------------------------------------------
-- Helpers the tables use (generated columns, defaults, indexes)
----------------------------------------------------------------------------------------------------
-- code = <street code>-<scale 1..3><function U/R/I><subtype 1..6>-<seq 3 digits>, e.g. 320102-2U3-007
create or replace function app.community_code(
  p_street_code text, p_scale public.community_scale, p_function public.community_function,
  p_subtype public.community_subtype, p_seq int
) returns text
language sql immutable
as $$
  select p_street_code || '-'
    || case p_scale when 'general' then '1' when 'large' then '2' when 'extra_large' then '3' end
    || case p_function when 'urban' then 'U' when 'rural' then 'R' when 'industrial' then 'I' end
    || case p_subtype
         when 'relocation' then '1' when 'village_to_residential' then '2' when 'commercial_housing' then '3'
         when 'mixed' then '4' when 'urbanizing_village' then '5' when 'other_rural' then '6' end
    || '-' || lpad(p_seq::text, 3, '0')
$$;
grant execute on function app.community_code(text, public.community_scale, public.community_function, public.community_subtype, int) to authenticated;

----------------------------------------------------------------------------------------------------
-- Tables
----------------------------------------------------------------------------------------------------
create table public.streets (
  id uuid primary key default gen_random_uuid(),
  name text not null check (length(name) between 1 and 60),
  -- administrative division code of the street, the prefix of every community code
  code text not null unique check (code ~ '^[0-9]{6,12}$'),
  created_at timestamptz not null default now()
);
comment on table public.streets is '街道: the administrative street that groups communities.';
alter table public.streets enable row level security;

-- a new community is numbered SQ<n> (its 受理编号 prefix) until its staff choose one
create sequence app.community_ref_seq;

create table public.communities (
  id uuid primary key default gen_random_uuid(),
  street_id uuid not null references public.streets(id),
  name text not null check (length(name) between 1 and 60),
  seq int not null check (seq between 1 and 999),
  scale public.community_scale not null,
  function public.community_function not null,
  subtype public.community_subtype not null,
  -- 一社区一编码: derived from the classification by app.community_code(); never written by hand
  code text not null unique,
  created_at timestamptz not null default now(),
  archived_at timestamptz,
  archived_reason text check (archived_reason is null or char_length(archived_reason) between 2 and 200),
  branch_secretary_leads_grid boolean not null default true,
  updated_at timestamptz not null default now(),
  ref_prefix text not null default ('SQ' || nextval('app.community_ref_seq'))
    constraint communities_ref_prefix_format check (ref_prefix ~ '^[A-Z][A-Z0-9]{1,7}$')
    constraint communities_ref_prefix_key unique,
  -- a landline or mobile as dialled: digits with optional -, at most 20 characters
  service_phone text
    constraint communities_service_phone_format check (service_phone is null or service_phone ~ '^[0-9][0-9-]{4,18}[0-9]$'),
  unique (street_id, seq),
  unique (street_id, name)
);
comment on table public.communities is '社区: one community of a street, coded by its classification (一社区一编码).';
comment on column public.communities.branch_secretary_leads_grid is '网格党支部书记兼任网格长: the grid leader shown is the secretary of the grid''s party branch.';
comment on column public.communities.ref_prefix is '受理编号的前缀 (e.g. HP): unique, capitals and digits.';
comment on column public.communities.service_phone is '社区服务电话: public, shown to residents as 打电话给社区.';
alter table public.communities enable row level security;

create table public.grids (
  id uuid primary key default gen_random_uuid(),
  community_id uuid not null references public.communities(id),
  name text not null check (length(name) between 1 and 60),
  kind public.grid_kind not null default 'comprehensive',
  households int check (households >= 0),
  -- seed guideline: a grid holds 300-500 households; outside it is allowed but flagged
  households_outside_guideline boolean generated always as (households < 300 or households > 500) stored,
  created_at timestamptz not null default now(),
  unique (community_id, name)
);
comment on table public.grids is '网格: a comprehensive grid (300-500 households) or a dedicated grid (专属网格, e.g. a campus or market).';
alter table public.grids enable row level security;

create table public.micro_grids (
  id uuid primary key default gen_random_uuid(),
  grid_id uuid not null references public.grids(id),
  name text not null check (length(name) between 1 and 60),
  households int check (households >= 0),
  -- seed guideline: a micro-grid holds 50-80 households
  households_outside_guideline boolean generated always as (households < 50 or households > 80) stored,
  created_at timestamptz not null default now(),
  unique (grid_id, name)
);
comment on table public.micro_grids is '微网格: 50-80 households inside a grid, the smallest unit a need is located in.';
alter table public.micro_grids enable row level security;

create table public.profiles (
  id uuid primary key default gen_random_uuid(),
  -- demo and staff-created accounts have a handle; WeChat users have an openid; both are unique
  handle text unique check (handle ~ '^[a-z][a-z0-9_]{2,39}$'),
  wechat_openid text unique check (length(wechat_openid) between 1 and 128),
  display_name text not null check (length(display_name) between 1 and 40),
  phone text check (phone ~ '^[0-9]{7,15}$'),
  community_id uuid references public.communities(id),
  micro_grid_id uuid references public.micro_grids(id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  honour_opt_in boolean not null default false,
  suspended_at timestamptz,
  suspended_by uuid references public.profiles(id) on delete set null,
  suspended_reason text check (suspended_reason is null or char_length(suspended_reason) between 2 and 200),
  -- by and why describe a suspension, so they exist only while there is one (a suspension set directly by an operator
  -- may carry neither)
  constraint profiles_suspension_detail
    check (suspended_at is not null or (suspended_by is null and suspended_reason is null))
);
comment on table public.profiles is '一人一档: one person. phone and wechat_openid are personal data, visible only to the person and staff of their community.';
comment on column public.profiles.suspended_at is 'Set by an administrator to suspend the account: every request under its token is refused (auth.suspended) until cleared.';
comment on column public.profiles.suspended_by is 'The administrator who suspended the account (member_suspend); cleared on reinstatement.';
comment on column public.profiles.suspended_reason is 'Why the account was suspended, for the people who manage the person; cleared on reinstatement.';
-- member lists sort by name within a community
create index profiles_community_name_idx on public.profiles (community_id, display_name, id);
alter table public.profiles enable row level security;

create table public.profile_roles (
  profile_id uuid not null references public.profiles(id) on delete cascade,
  role public.app_role not null,
  community_id uuid not null references public.communities(id),
  created_at timestamptz not null default now(),
  primary key (profile_id, role, community_id)
);
comment on table public.profile_roles is 'The roles a person holds, each scoped to one community (a staff member may manage several).';
create index profile_roles_community_idx on public.profile_roles (community_id, role);
alter table public.profile_roles enable row level security;
create index if not exists profile_roles_community_role_idx on public.profile_roles (community_id, role, profile_id);

create table public.grid_assignments (
  profile_id uuid not null references public.profiles(id) on delete cascade,
  grid_id uuid not null references public.grids(id),
  created_at timestamptz not null default now(),
  primary key (profile_id, grid_id)
);
comment on table public.grid_assignments is '网格员与网格: the grids a grid worker patrols and triages.';
alter table public.grid_assignments enable row level security;

create table public.notifications (
  id bigint generated always as identity primary key,
  profile_id uuid not null references public.profiles(id) on delete cascade,
  kind text not null check (kind ~ '^[a-z_]+\.[a-z_]+$'),
  payload jsonb not null,
  status text not null default 'pending' check (status in ('pending', 'sending', 'sent', 'skipped', 'failed')),
  attempts int not null default 0,
  last_error text,
  locked_until timestamptz,
  created_at timestamptz not null default now(),
  sent_at timestamptz,
  read_at timestamptz,
  next_attempt_at timestamptz not null default now()
);
comment on table public.notifications is 'Outbox: written in the same transaction as the change it reports, drained by a sender (WeChat subscribe messages).';
comment on column public.notifications.read_at is 'When the person opened or marked the item in the inbox (消息); null = unread. Not the delivery status.';
comment on column public.notifications.next_attempt_at is 'A pending row is not claimed before this: retries back off (notification_mark).';
create index notifications_pending_idx on public.notifications (id) where status in ('pending', 'sending');
create index notifications_profile_idx on public.notifications (profile_id, id desc);
-- the unread badge counts these on every page view
create index notifications_unread_idx on public.notifications (profile_id) where read_at is null;
create index notifications_due_idx on public.notifications (next_attempt_at, id) where status = 'pending';
alter table public.notifications enable row level security;

create table public.street_admins (
  profile_id uuid not null references public.profiles(id) on delete cascade,
  street_id uuid not null references public.streets(id),
  created_at timestamptz not null default now(),
  primary key (profile_id, street_id)
);
comment on table public.street_admins is '街道管理员: who administers a street. Mirrored as an `admin` role in every community of the street, so community-scoped checks (app.is_staff_of) hold for them too.';
create index street_admins_street_idx on public.street_admins (street_id);
alter table public.street_admins enable row level security;

create table public.audit_log (
  id bigint generated always as identity primary key,
  street_id uuid references public.streets(id),
  community_id uuid references public.communities(id),
  actor_id uuid references public.profiles(id),
  action text not null check (action ~ '^[a-z_]+\.[a-z_]+$'),
  target_profile_id uuid references public.profiles(id),
  detail jsonb not null default '{}'::jsonb check (jsonb_typeof(detail) = 'object'),
  created_at timestamptz not null default now()
);
comment on table public.audit_log is '操作日志: who granted or changed what, when. Append-only: no role may update or delete it.';
create index audit_log_target_idx on public.audit_log (target_profile_id, id desc);
alter table public.audit_log enable row level security;
-- ascending, so that a backward scan serves the row comparisons above (the descending ones they replace cannot)
create index if not exists audit_log_community_page_idx on public.audit_log (community_id, id);
create index if not exists audit_log_street_page_idx on public.audit_log (street_id, id);

create table public.code_attempts (
  scope text not null check (scope ~ '^[a-z_.]+$'),
  subject text not null,
  failures integer not null default 0 check (failures >= 0),
  window_started_at timestamptz not null default now(),
  locked_until timestamptz,
  primary key (scope, subject)
);
comment on table public.code_attempts is
  'Wrong tries of guessable codes per (scope, subject): e.g. (meeting.check_in.person, <profile>:<meeting>). Written only by SQL functions.';
alter table public.code_attempts enable row level security;

create table public.idempotency_keys (
  profile_id uuid not null references public.profiles(id) on delete cascade,
  operation text not null check (operation ~ '^[a-z_.]+$'),
  key text not null check (char_length(key) between 1 and 200),
  request_hash text not null check (char_length(request_hash) between 1 and 200),
  response jsonb,
  created_at timestamptz not null default now(),
  primary key (profile_id, operation, key)
);
comment on table public.idempotency_keys is
  'Idempotency-Key of each keyed write, per (person, operation): the request it came with (hash) and the first answer, replayed to a retry. Written only by SQL functions.';
alter table public.idempotency_keys enable row level security;

----------------------------------------------------------------------------------------------------
-- Table grants
----------------------------------------------------------------------------------------------------
revoke all on public.streets, public.communities, public.grids, public.micro_grids, public.profiles, public.profile_roles from anon, authenticated;

grant select on public.streets, public.communities, public.grids, public.micro_grids, public.profiles, public.profile_roles to authenticated;

grant all on public.streets, public.communities, public.grids, public.micro_grids, public.profiles, public.profile_roles to service_role;

revoke all on public.grid_assignments from anon, authenticated;

grant select on public.grid_assignments to authenticated;

grant all on public.grid_assignments to service_role;

revoke all on public.notifications from anon, authenticated;

grant select on public.notifications to authenticated;

grant all on public.notifications to service_role;

revoke all on public.street_admins from anon, authenticated;

grant select on public.street_admins to authenticated;

grant all on public.street_admins to service_role;

revoke all on public.audit_log from anon, authenticated;

grant select on public.audit_log to authenticated;

grant select, insert on public.audit_log to service_role;

revoke all on public.code_attempts from anon, authenticated;

grant all on public.code_attempts to service_role;

revoke all on public.idempotency_keys from anon, authenticated;

grant all on public.idempotency_keys to service_role;

revoke select on public.profiles from authenticated;

grant select (id, handle, display_name, community_id, micro_grid_id, created_at, updated_at, honour_opt_in) on public.profiles to authenticated;

-- On Supabase PostgREST connects as `authenticator`; this makes it call the check before every request.
do $$
begin
  if exists (select 1 from pg_roles where rolname = 'authenticator') then
    execute 'alter role authenticator set pgrst.db_pre_request = ''app.check_request''';
    -- PostgREST re-reads its in-database configuration on this notification
    perform pg_notify('pgrst', 'reload config');
  end if;
end
$$;

----------------------------------------------------------------------------------------------------
-- Helpers the policies use (a policy names a function that must exist)
----------------------------------------------------------------------------------------------------
-- Role check used by policies and RPCs. security definer: reads profile_roles without recursing into its RLS.
create or replace function app.has_role(p_community uuid, p_roles public.app_role[]) returns boolean
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return exists (
    select 1 from public.profile_roles r
    where r.profile_id operator(pg_catalog.=) auth.uid()
      and r.community_id operator(pg_catalog.=) p_community
      and r.role operator(pg_catalog.=) any (p_roles));
end
$$;
grant execute on function app.has_role(uuid, public.app_role[]) to authenticated, service_role;

create or replace function app.is_staff_of(p_community uuid) returns boolean
language sql stable
as $$ select app.has_role(p_community, array['staff', 'admin']::public.app_role[]) $$;
grant execute on function app.is_staff_of(uuid) to authenticated, service_role;

create or replace function app.is_street_admin(p_street uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (select 1 from public.street_admins a where a.profile_id = (select auth.uid()) and a.street_id = p_street)
$$;
grant execute on function app.is_street_admin(uuid) to authenticated, service_role;

-- The grids a person belongs to: the grid of their micro-grid (楼栋), and the grids they patrol as a grid worker.
create or replace function app.my_grid_ids() returns uuid[]
language plpgsql stable security definer
set search_path = ''
as $$
declare
  v uuid[];
begin
  select coalesce(array_agg(distinct g), '{}') into v from (
    select m.grid_id as g from public.profiles p join public.micro_grids m on m.id = p.micro_grid_id where p.id = (select auth.uid())
    union all
    select a.grid_id from public.grid_assignments a where a.profile_id = (select auth.uid())
  ) x;
  return v;
end
$$;
grant execute on function app.my_grid_ids() to authenticated, service_role;

create or replace function app.my_community_ids() returns uuid[]
language plpgsql stable security definer
set search_path = ''
as $$
declare
  v uuid[];
begin
  select coalesce(array_agg(distinct x.c), '{}') into v from (
    select p.community_id as c from public.profiles p where p.id = (select auth.uid()) and p.community_id is not null
    union all
    select r.community_id from public.profile_roles r where r.profile_id = (select auth.uid())
    union all
    select c.id from public.communities c join public.street_admins a on a.street_id = c.street_id
      where a.profile_id = (select auth.uid())
  ) x;
  return v;
end
$$;
grant execute on function app.my_community_ids() to authenticated;

/** Communities whose staff the caller is (staff or admin role; street admins hold admin in each of their street's). */
create or replace function app.my_staff_community_ids() returns uuid[]
language plpgsql stable security definer
set search_path = ''
as $$
declare
  v uuid[];
begin
  select coalesce(array_agg(distinct x.c), '{}') into v from (
    select r.community_id as c from public.profile_roles r
      where r.profile_id = (select auth.uid()) and r.role in ('staff', 'admin')
    union all
    select c.id from public.communities c join public.street_admins a on a.street_id = c.street_id
      where a.profile_id = (select auth.uid())
  ) x;
  return v;
end
$$;
grant execute on function app.my_staff_community_ids() to authenticated;

/** Micro-grids of the grids the caller works as grid worker (网格员). */
create or replace function app.my_worker_micro_grid_ids() returns uuid[]
language plpgsql stable security definer
set search_path = ''
as $$
declare
  v uuid[];
begin
  select coalesce(array_agg(distinct m.id), '{}') into v
  from public.grid_assignments a
  join public.grids g on g.id = a.grid_id
  join public.profile_roles r on r.profile_id = a.profile_id and r.community_id = g.community_id and r.role = 'grid_worker'
  join public.micro_grids m on m.grid_id = a.grid_id
  where a.profile_id = (select auth.uid());
  return v;
end
$$;
grant execute on function app.my_worker_micro_grid_ids() to authenticated;

/** Departments (职能部门) the caller is a member of. */
create or replace function app.my_department_ids() returns uuid[]
language plpgsql stable security definer
set search_path = ''
as $$
declare
  v uuid[];
begin
  select coalesce(array_agg(m.department_id), '{}') into v from public.department_members m where m.profile_id = (select auth.uid());
  return v;
end
$$;
grant execute on function app.my_department_ids() to authenticated;

/** Streets the caller administers (街道管理员). */
create or replace function app.my_admin_street_ids() returns uuid[]
language plpgsql stable security definer
set search_path = ''
as $$
declare
  v uuid[];
begin
  select coalesce(array_agg(a.street_id), '{}') into v from public.street_admins a where a.profile_id = (select auth.uid());
  return v;
end
$$;
grant execute on function app.my_admin_street_ids() to authenticated;

/** Streets of the communities the caller belongs to (an announcement to the whole street reaches them). */
create or replace function app.my_street_ids() returns uuid[]
language plpgsql stable security definer
set search_path = ''
as $$
declare
  v uuid[];
begin
  select coalesce(array_agg(distinct c.street_id), '{}') into v from public.communities c where c.id = any (app.my_community_ids());
  return v;
end
$$;
grant execute on function app.my_street_ids() to authenticated;

/** Communities of the streets the caller administers (only a street admin invites a community's admin). */
create or replace function app.my_street_admin_community_ids() returns uuid[]
language plpgsql stable security definer
set search_path = ''
as $$
declare
  v uuid[];
begin
  select coalesce(array_agg(c.id), '{}') into v from public.communities c
  join public.street_admins a on a.street_id = c.street_id where a.profile_id = (select auth.uid());
  return v;
end
$$;
grant execute on function app.my_street_admin_community_ids() to authenticated;

----------------------------------------------------------------------------------------------------
-- Policies
----------------------------------------------------------------------------------------------------
create policy streets_select on public.streets for select to authenticated using (true);

create policy communities_select on public.communities for select to authenticated using (true);

create policy grids_select on public.grids for select to authenticated using (true);

create policy micro_grids_select on public.micro_grids for select to authenticated using (true);

create policy profiles_select on public.profiles for select to authenticated
  using (id = (select auth.uid()) or community_id = any ((select app.my_community_ids())::uuid[]));

create policy profile_roles_select on public.profile_roles for select to authenticated
  using (profile_id = (select auth.uid()) or community_id = any ((select app.my_staff_community_ids())::uuid[]));

create policy grid_assignments_select on public.grid_assignments for select to authenticated
  using (profile_id = (select auth.uid())
    or exists (select 1 from public.grids g where g.id = grid_assignments.grid_id
               and g.community_id = any ((select app.my_staff_community_ids())::uuid[])));

create policy notifications_select on public.notifications for select to authenticated
  using (profile_id = (select auth.uid()));

create policy street_admins_select on public.street_admins for select to authenticated
  using (profile_id = (select auth.uid()) or app.is_street_admin(street_id));

create policy audit_log_select on public.audit_log for select to authenticated
  using (
    (community_id is not null and app.is_staff_of(community_id))
    or (street_id is not null and app.is_street_admin(street_id))
    or target_profile_id = (select auth.uid())
  );

----------------------------------------------------------------------------------------------------
-- Read functions
----------------------------------------------------------------------------------------------------
create or replace function app.iso(p_ts timestamptz) returns text
language sql immutable
as $$ select to_char(p_ts at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') $$;
grant execute on function app.iso(timestamptz) to authenticated;

create or replace function app.profile_json(p_id uuid, p_with_personal boolean) returns jsonb
language sql stable
as $$
  select jsonb_build_object(
    'id', p.id,
    'handle', p.handle,
    'displayName', p.display_name,
    'communityId', p.community_id,
    'communityName', c.name,
    'communityPhone', c.service_phone,
    'microGridId', p.micro_grid_id,
    'microGridName', m.name,
    'streetId', coalesce(c.street_id, a.street_id),
    'streetName', coalesce(s.name, (select s2.name from public.streets s2 where s2.id = a.street_id)),
    'adminStreetIds', coalesce((select jsonb_agg(x.street_id order by x.street_id) from public.street_admins x where x.profile_id = p.id), '[]'::jsonb),
    'roles', coalesce((select jsonb_agg(distinct r.role::text) from public.profile_roles r where r.profile_id = p.id), '[]'::jsonb),
    'phone', case when p_with_personal then p.phone end
  )
  from public.profiles p
  left join public.communities c on c.id = p.community_id
  left join public.streets s on s.id = c.street_id
  left join public.micro_grids m on m.id = p.micro_grid_id
  left join lateral (select x.street_id from public.street_admins x where x.profile_id = p.id order by x.created_at, x.street_id limit 1) a on true
  where p.id = p_id
$$;
grant execute on function app.profile_json(uuid, boolean) to authenticated;

create or replace function public.auth_profile_by_handle(p_handle text) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
declare
  v_id uuid;
begin
  select id into v_id from public.profiles where handle = p_handle;
  if v_id is null then
    perform app.fail('auth.unknown_handle', 'handle');
  end if;
  return app.profile_json(v_id, true);
end
$$;
grant execute on function public.auth_profile_by_handle(text) to service_role;
comment on function public.auth_profile_by_handle(text) is 'security definer: the demo login looks a profile up by handle before any token exists (service_role only).';

create or replace function app.require_uid() returns uuid
language plpgsql stable
set search_path = ''
as $$
declare
  v_uid uuid := (select auth.uid());
begin
  if v_uid is null then
    perform app.fail('auth.required');
  end if;
  return v_uid;
end
$$;
grant execute on function app.require_uid() to authenticated;

create or replace function public.me() returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
declare
  v_profile jsonb := app.profile_json(app.require_uid(), true);
begin
  if v_profile is null then
    perform app.fail('auth.profile_missing');
  end if;
  return v_profile;
end
$$;
grant execute on function public.me() to authenticated;
comment on function public.me() is 'security definer: the person reads their own phone and micro-grid, which no table exposes directly.';

create or replace function app.is_grid_worker_of(p_grid uuid) returns boolean
language sql stable
as $$
  select exists (
    select 1 from public.grid_assignments a
    join public.grids g on g.id = a.grid_id
    join public.profile_roles r on r.profile_id = a.profile_id and r.community_id = g.community_id and r.role = 'grid_worker'
    where a.profile_id = (select auth.uid()) and a.grid_id = p_grid
  )
$$;
grant execute on function app.is_grid_worker_of(uuid) to authenticated;

create or replace function app.is_resident_of(p_community uuid) returns boolean
language sql stable
as $$ select app.has_role(p_community, array['resident']::public.app_role[]) $$;
grant execute on function app.is_resident_of(uuid) to authenticated;

create or replace function app.profile_name(p_id uuid) returns text
language sql stable
as $$ select p.display_name from public.profiles p where p.id = p_id $$;
grant execute on function app.profile_name(uuid) to authenticated;

create or replace function app.micro_grid_name(p_id uuid) returns text
language sql stable
as $$ select m.name from public.micro_grids m where m.id = p_id $$;
grant execute on function app.micro_grid_name(uuid) to authenticated;

-- 138****0001: enough for staff to tell two people apart in a list
create or replace function app.mask_phone(p_phone text) returns text
language sql immutable
set search_path = ''
as $$
  select case when p_phone is null then null
              when length(p_phone) >= 7 then left(p_phone, 3) || '****' || right(p_phone, 4)
              else '****' end
$$;
grant execute on function app.mask_phone(text) to authenticated;

-- A search fragment taken literally inside LIKE/ILIKE (default escape character: backslash)
create or replace function app.like_escape(p_text text) returns text
language sql immutable
set search_path = ''
as $$ select replace(replace(replace(p_text, '\', '\\'), '%', '\%'), '_', '\_') $$;
grant execute on function app.like_escape(text) to authenticated;

-- Opaque keyset cursors: a JSON array of the last row's sort key, base64url. A cursor that does not decode to an
-- array of the expected length (or whose parts do not cast) is refused naming the field `cursor`.
create or replace function app.cursor_encode(p_key jsonb) returns text
language sql immutable
set search_path = ''
as $$ select rtrim(translate(encode(convert_to(p_key::text, 'UTF8'), 'base64'), E'+/\n', '-_'), '=') $$;
grant execute on function app.cursor_encode(jsonb) to authenticated;

create or replace function app.cursor_decode(p_cursor text, p_len int) returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  v_text text;
  v_key jsonb;
begin
  if p_cursor is null or p_cursor = '' then
    return null;
  end if;
  begin
    v_text := translate(p_cursor, '-_', '+/');
    v_text := v_text || repeat('=', (4 - length(v_text) % 4) % 4);
    v_key := convert_from(decode(v_text, 'base64'), 'UTF8')::jsonb;
  exception when others then
    v_key := null;
  end;
  if v_key is null or jsonb_typeof(v_key) <> 'array' or jsonb_array_length(v_key) <> p_len
     or exists (select 1 from jsonb_array_elements(v_key) e where jsonb_typeof(e) not in ('string', 'number')) then
    perform app.fail('list.cursor_invalid', 'cursor');
  end if;
  return v_key;
end
$$;
grant execute on function app.cursor_decode(text, int) to authenticated;

create or replace function app.cursor_uuid(p_key jsonb, p_i int) returns uuid
language plpgsql stable
set search_path = ''
as $$
begin
  return (p_key ->> p_i)::uuid;
exception when others then
  perform app.fail('list.cursor_invalid', 'cursor');
  return null;
end
$$;
grant execute on function app.cursor_uuid(jsonb, int) to authenticated;

create or replace function app.cursor_ts(p_key jsonb, p_i int) returns timestamptz
language plpgsql stable
set search_path = ''
as $$
begin
  if (p_key ->> p_i) !~ '^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$' then
    perform app.fail('list.cursor_invalid', 'cursor');
  end if;
  return (p_key ->> p_i)::timestamptz;
exception when others then
  perform app.fail('list.cursor_invalid', 'cursor');
  return null;
end
$$;
grant execute on function app.cursor_ts(jsonb, int) to authenticated;

create or replace function app.cursor_bigint(p_key jsonb, p_i int) returns bigint
language plpgsql stable
set search_path = ''
as $$
begin
  return (p_key ->> p_i)::bigint;
exception when others then
  perform app.fail('list.cursor_invalid', 'cursor');
  return null;
end
$$;
grant execute on function app.cursor_bigint(jsonb, int) to authenticated;

-- no policy for anon or authenticated: nobody reads or writes this table directly

/** Raises attempt.too_many (hint: seconds to wait) while (scope, subject) is locked. */
create or replace function app.attempt_guard(p_scope text, p_subject text) returns void
language plpgsql stable security definer
set search_path = ''
as $$
declare
  v_until timestamptz;
begin
  select locked_until into v_until from public.code_attempts where scope = p_scope and subject = p_subject;
  if v_until is not null and v_until > now() then
    raise exception using errcode = 'P0001', message = 'attempt.too_many',
      hint = greatest(1, ceil(extract(epoch from v_until - now())))::bigint::text;
  end if;
end
$$;
grant execute on function app.attempt_guard(text, text) to authenticated;

-- no policy for anon or authenticated: nobody reads or writes this table directly

/** The hash of a request as SQL sees it, for callers that do not send the API's hash (direct RPC, scripts). */
create or replace function app.request_hash(p_request jsonb) returns text
language sql immutable
set search_path = ''
as $$ select 'sql:' || encode(pg_catalog.sha256(convert_to(p_request::text, 'UTF8')), 'hex') $$;
grant execute on function app.request_hash(jsonb) to authenticated;

-- Raises unless the caller of a person token (role authenticated) has a profile that is not suspended. Called before
-- each RPC: by the postgres and PGlite gateways in the same statement that sets the claims (app.begin_request), and on
-- Supabase by PostgREST as its db-pre-request function (see the end of this file). One primary-key lookup.
-- security definer: the check must not depend on what the profiles policies let the caller see.
create or replace function app.check_request() returns void
language plpgsql stable security definer
set search_path = ''
as $$
declare
  v_claims jsonb := nullif(current_setting('request.jwt.claims', true), '')::jsonb;
  v_suspended timestamptz;
begin
  -- anon and service_role (cron, logins) carry no person
  if coalesce(v_claims ->> 'role', '') <> 'authenticated' then
    return;
  end if;
  select p.suspended_at into v_suspended from public.profiles p where p.id = (select auth.uid());
  if not found then
    raise exception using errcode = 'P0001', message = 'auth.profile_missing';
  end if;
  if v_suspended is not null then
    raise exception using errcode = 'P0001', message = 'auth.suspended';
  end if;
end
$$;
grant execute on function app.check_request() to anon, authenticated, service_role;

-- The same check as an RPC: a login (which runs as service_role) asks it under the person's claims before handing
-- out a token, and it holds on Supabase whether or not the pre-request setting is in place.
create or replace function public.request_check() returns boolean
language plpgsql stable
set search_path = ''
as $$
begin
  perform app.require_uid();
  perform app.check_request();
  return true;
end
$$;
grant execute on function public.request_check() to authenticated;

-- True when the caller may see the photo: its uploader; for a service record (shift) its volunteer and staff of the
-- post's community; for a notice's image whoever may read the notice (the announcements_select rule).
create or replace function public.file_access(p_key text) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select (select auth.uid()) is not null and (
    starts_with(p_key, 'shifts/' || (select auth.uid())::text || '/')
    or exists (
      select 1 from public.shifts s join public.service_posts p on p.id = s.post_id
      where s.photos @> array[p_key]
        and (s.profile_id = (select auth.uid()) or app.is_staff_of(p.community_id))
    )
    or exists (
      select 1 from public.announcements a
      where a.image_keys @> array[p_key]
        and (a.author_id = (select auth.uid())
          or app.announcement_manageable(a.scope, a.street_id, a.community_id)
          or (a.withdrawn_at is null and (a.expires_at is null or a.expires_at > now())
              and app.announcement_addressed(a.scope, a.street_id, a.community_id, a.grid_id)))
    )
    or exists (
      select 1 from public.need_events e join public.needs n on n.id = e.need_id
      where e.photos @> array[p_key] and app.need_visible(n)
    )
  )
$$;
grant execute on function public.file_access(text) to authenticated;
comment on function public.file_access(text) is 'security definer: answers only true/false for one storage key, by the rules written out above (uploader, shift, notice, need), so /api/files can decide without the caller reading those tables whole.';

/**
 * The display names of the given people, for one page of a list at a time: a list shows who proposed a topic,
 * published a resource, wrote a notice or made an invitation, and that person may live in another community (a street
 * admin, a provider serving the community) whose members the reader cannot read (profiles_select). Names only.
 */
-- plpgsql rather than sql: a definer sql function is planned again on every call, a plpgsql one once per session
create or replace function app.display_names(p_ids uuid[]) returns table (id uuid, display_name text)
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return query select p.id, p.display_name from public.profiles p where p.id = any (p_ids);
end
$$;
grant execute on function app.display_names(uuid[]) to authenticated;

----------------------------------------------------------------------------------------------------
-- Write functions
----------------------------------------------------------------------------------------------------
-- Raises the stable error every RPC uses; `field` (optional) names the request field at fault.
create or replace function app.fail(p_code text, p_field text default null) returns void
language plpgsql volatile
set search_path = ''
as $$
begin
  if p_field is null then
    raise exception using errcode = 'P0001', message = p_code;
  else
    raise exception using errcode = 'P0001', message = p_code, detail = p_field;
  end if;
end
$$;
grant execute on function app.fail(text, text) to authenticated;

create or replace function app.communities_set_code() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.code := app.community_code(
    (select s.code from public.streets s where s.id = new.street_id), new.scale, new.function, new.subtype, new.seq);
  return new;
end
$$;

-- First WeChat login creates the profile; it has no community until the person registers with one.
create or replace function public.auth_upsert_wechat(p_openid text, p_display_name text default null) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_id uuid;
begin
  if p_openid is null or length(p_openid) = 0 or length(p_openid) > 128 then
    perform app.fail('auth.wechat_invalid', 'code');
  end if;
  insert into public.profiles (wechat_openid, display_name)
  values (p_openid, coalesce(nullif(p_display_name, ''), '微信用户'))
  on conflict (wechat_openid) do nothing;
  select id into v_id from public.profiles where wechat_openid = p_openid;
  return app.profile_json(v_id, true);
end
$$;
grant execute on function public.auth_upsert_wechat(text, text) to service_role;

-- Writes one entry as the calling person. Called only from security definer RPCs.
create or replace function app.audit(
  p_action text, p_community uuid, p_target uuid default null, p_detail jsonb default '{}'::jsonb, p_street uuid default null
) returns void
language plpgsql volatile security definer
set search_path = ''
as $$
begin
  insert into public.audit_log (street_id, community_id, actor_id, action, target_profile_id, detail)
  values (
    coalesce(p_street, (select c.street_id from public.communities c where c.id = p_community)),
    p_community, (select auth.uid()), p_action, p_target, coalesce(p_detail, '{}'::jsonb)
  );
end
$$;

create or replace function public.me_update(p_display_name text) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  v_name text := btrim(p_display_name);
begin
  if v_name is null or char_length(v_name) not between 1 and 20 then
    perform app.fail('me.name_invalid', 'displayName');
  end if;
  update public.profiles set display_name = v_name, updated_at = now() where id = v_uid;
  if not found then
    perform app.fail('auth.profile_missing');
  end if;
  return app.profile_json(v_uid, true);
end
$$;
grant execute on function public.me_update(text) to authenticated;

/**
 * Counts one wrong try of (scope, subject); the count restarts when the window has passed. Reaching p_limit locks
 * the pair for p_lock. Returns the seconds until the lock ends (0 when not locked), for the refusal's hint.
 */
create or replace function app.attempt_failed(p_scope text, p_subject text, p_limit integer, p_window interval, p_lock interval)
returns integer
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  v public.code_attempts;
begin
  insert into public.code_attempts as a (scope, subject, failures, window_started_at)
  values (p_scope, p_subject, 1, now())
  on conflict (scope, subject) do update
    set failures = case when a.window_started_at < now() - p_window then 1 else a.failures + 1 end,
        window_started_at = case when a.window_started_at < now() - p_window then now() else a.window_started_at end
  returning * into v;
  if v.failures >= p_limit then
    update public.code_attempts set locked_until = now() + p_lock, failures = 0, window_started_at = now()
      where scope = p_scope and subject = p_subject;
    return greatest(1, ceil(extract(epoch from p_lock)))::integer;
  end if;
  return 0;
end
$$;

/**
 * Claims (caller, operation, key) for this transaction. Returns null when the key is new (go ahead, then call
 * app.idempotency_finish with the answer); the first answer when the same request was made before; raises
 * idempotency.key_reused (422) when the key came with another request. A concurrent first use of the key holds the
 * primary key until it commits, so a retry waits here and then sees its answer (or, if it rolled back, goes ahead).
 */
create or replace function app.idempotency_begin(p_operation text, p_key text, p_request_hash text) returns jsonb
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  k public.idempotency_keys;
begin
  if p_key is null or char_length(p_key) not between 1 and 200 then
    perform app.fail('bean.idempotency_key_required', 'Idempotency-Key');
  end if;
  insert into public.idempotency_keys (profile_id, operation, key, request_hash)
  values (v_uid, p_operation, p_key, p_request_hash)
  on conflict do nothing
  returning * into k;
  if k.profile_id is not null then
    return null;
  end if;
  select * into k from public.idempotency_keys where profile_id = v_uid and operation = p_operation and key = p_key;
  if k.request_hash is distinct from p_request_hash or k.response is null then
    perform app.fail('idempotency.key_reused', 'Idempotency-Key');
  end if;
  return k.response;
end
$$;

create or replace function app.idempotency_finish(p_operation text, p_key text, p_response jsonb) returns jsonb
language sql volatile security definer
set search_path = ''
as $$
  update public.idempotency_keys set response = p_response
  where profile_id = (select auth.uid()) and operation = p_operation and key = p_key;
  select p_response;
$$;

-- The gateways' first statement of each transaction: the role and claims PostgREST would set, then the check. Not
-- security definer (a definer function may not change the role); only the connecting user calls it.
create or replace function app.begin_request(p_role text, p_claims text) returns void
language plpgsql volatile
set search_path = ''
as $$
begin
  if p_role not in ('anon', 'authenticated', 'service_role') then
    raise exception 'invalid role %', p_role;
  end if;
  perform set_config('request.jwt.claims', p_claims, true);
  perform set_config('role', p_role, true);
  perform app.check_request();
end
$$;

-- Settings with defaults: every domain keeps one settings row per community in its own table whose columns all have
-- defaults; a trigger on communities names the table (`execute function app.community_settings_row('bean_rules')`),
-- so a new community starts with the defaults and no domain repeats the insert.
create or replace function app.community_settings_row() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  execute format('insert into public.%I (community_id) values ($1) on conflict do nothing', tg_argv[0]) using new.id;
  return new;
end
$$;

----------------------------------------------------------------------------------------------------
-- Triggers
----------------------------------------------------------------------------------------------------
create trigger communities_set_code before insert or update on public.communities
  for each row execute function app.communities_set_code();

reset check_function_bodies;
