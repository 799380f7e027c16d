-- Foundation: community structure, profiles and roles, the first needs table, and their RPCs.
-- Runs unchanged on Supabase and on the local bootstrap (supabase/bootstrap/local_auth.sql).

-- Functions are not callable by API roles unless granted explicitly, function by function.
-- (the global form is needed for PUBLIC: per-schema defaults can only add to the global ones)
alter default privileges revoke execute on functions from public;
alter default privileges in schema public revoke execute on functions from anon, authenticated, service_role;

-- `app` holds internal helpers; it is not exposed through PostgREST.
create schema if not exists app;
grant usage on schema app to authenticated, service_role;
alter default privileges in schema app revoke execute on functions from public;

create type public.app_role as enum ('resident', 'party_member', 'talent', 'unit', 'grid_worker', 'staff', 'admin');
create type public.grid_kind as enum ('comprehensive', 'dedicated');
create type public.community_scale as enum ('general', 'large', 'extra_large');
create type public.community_function as enum ('urban', 'rural', 'industrial');
create type public.community_subtype as enum (
  'relocation', 'village_to_residential', 'commercial_housing', 'mixed', 'urbanizing_village', 'other_rural'
);
create type public.need_category as enum (
  'elderly_childcare', 'meal_aid', 'housekeeping', 'medical', 'culture_sports', 'facility_repair',
  'parking', 'sanitation', 'dispute', 'legal', 'employment', 'other'
);
create type public.need_status as enum (
  'submitted', 'triaged', 'in_progress', 'resolved', 'evaluated', 'closed',
  'rejected', 'escalated', 'in_deliberation', 'matched'
);

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

create or replace function app.iso(p_ts timestamptz) returns text
language sql immutable
set search_path = ''
as $$ select to_char(p_ts at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') $$;

----------------------------------------------------------------------------------------------------
-- Community structure
----------------------------------------------------------------------------------------------------
create table public.streets (
  id uuid primary key default gen_random_uuid(),
  name text not null check (length(name) between 1 and 60),
  -- administrative division code of the street, the prefix of every community code
  code text not null unique check (code ~ '^[0-9]{6,12}$'),
  created_at timestamptz not null default now()
);
comment on table public.streets is '街道: the administrative street that groups communities.';

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
  unique (street_id, seq),
  unique (street_id, name)
);
comment on table public.communities is '社区: one community of a street, coded by its classification (一社区一编码).';

-- code = <street code>-<scale 1..3><function U/R/I><subtype 1..6>-<seq 3 digits>, e.g. 320102-2U3-007
create or replace function app.community_code(
  p_street_code text, p_scale public.community_scale, p_function public.community_function,
  p_subtype public.community_subtype, p_seq int
) returns text
language sql immutable
set search_path = ''
as $$
  select p_street_code || '-'
    || case p_scale when 'general' then '1' when 'large' then '2' when 'extra_large' then '3' end
    || case p_function when 'urban' then 'U' when 'rural' then 'R' when 'industrial' then 'I' end
    || case p_subtype
         when 'relocation' then '1' when 'village_to_residential' then '2' when 'commercial_housing' then '3'
         when 'mixed' then '4' when 'urbanizing_village' then '5' when 'other_rural' then '6' end
    || '-' || lpad(p_seq::text, 3, '0')
$$;

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
create trigger communities_set_code before insert or update on public.communities
  for each row execute function app.communities_set_code();

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

----------------------------------------------------------------------------------------------------
-- People
----------------------------------------------------------------------------------------------------
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
  updated_at timestamptz not null default now()
);
comment on table public.profiles is '一人一档: one person. phone and wechat_openid are personal data, visible only to the person and staff of their community.';

create table public.profile_roles (
  profile_id uuid not null references public.profiles(id) on delete cascade,
  role public.app_role not null,
  community_id uuid not null references public.communities(id),
  created_at timestamptz not null default now(),
  primary key (profile_id, role, community_id)
);
comment on table public.profile_roles is 'The roles a person holds, each scoped to one community (a staff member may manage several).';
create index profile_roles_community_idx on public.profile_roles (community_id, role);

-- Role check used by policies and RPCs. security definer: reads profile_roles without recursing into its RLS.
create or replace function app.has_role(p_community uuid, p_roles public.app_role[]) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (
    select 1 from public.profile_roles r
    where r.profile_id = (select auth.uid()) and r.community_id = p_community and r.role = any (p_roles)
  )
$$;
grant execute on function app.has_role(uuid, public.app_role[]) to authenticated, service_role;

create or replace function app.is_staff_of(p_community uuid) returns boolean
language sql stable
set search_path = ''
as $$ select app.has_role(p_community, array['staff', 'admin']::public.app_role[]) $$;
grant execute on function app.is_staff_of(uuid) to authenticated, service_role;

----------------------------------------------------------------------------------------------------
-- Needs (需求清单), first cut: issue 3 adds triage, deadlines and the loop
----------------------------------------------------------------------------------------------------
create table public.needs (
  id uuid primary key default gen_random_uuid(),
  community_id uuid not null references public.communities(id),
  micro_grid_id uuid references public.micro_grids(id),
  title text not null check (char_length(title) between 4 and 40),
  description text not null check (char_length(description) between 10 and 1000),
  category public.need_category not null,
  status public.need_status not null default 'submitted',
  created_by uuid not null references public.profiles(id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table public.needs is '需求清单: what residents ask of their community, followed through a closed loop.';
create index needs_created_by_idx on public.needs (created_by, created_at desc);
create index needs_community_idx on public.needs (community_id, created_at desc, id desc);
create index needs_community_status_idx on public.needs (community_id, status, created_at desc, id desc);

----------------------------------------------------------------------------------------------------
-- Row level security: on for every table. Reads by policy; writes only through the functions below.
----------------------------------------------------------------------------------------------------
alter table public.streets enable row level security;
alter table public.communities enable row level security;
alter table public.grids enable row level security;
alter table public.micro_grids enable row level security;
alter table public.profiles enable row level security;
alter table public.profile_roles enable row level security;
alter table public.needs enable row level security;

revoke all on public.streets, public.communities, public.grids, public.micro_grids,
  public.profiles, public.profile_roles, public.needs from anon, authenticated;
grant select on public.streets, public.communities, public.grids, public.micro_grids,
  public.profiles, public.profile_roles, public.needs to authenticated;
grant all on public.streets, public.communities, public.grids, public.micro_grids,
  public.profiles, public.profile_roles, public.needs to service_role;

create policy streets_select on public.streets for select to authenticated using (true);
create policy communities_select on public.communities for select to authenticated using (true);
create policy grids_select on public.grids for select to authenticated using (true);
create policy micro_grids_select on public.micro_grids for select to authenticated using (true);
create policy profiles_select on public.profiles for select to authenticated
  using (id = (select auth.uid()) or app.is_staff_of(community_id));
create policy profile_roles_select on public.profile_roles for select to authenticated
  using (profile_id = (select auth.uid()) or app.is_staff_of(community_id));
create policy needs_select on public.needs for select to authenticated
  using (created_by = (select auth.uid()) or app.is_staff_of(community_id));

----------------------------------------------------------------------------------------------------
-- JSON shapes returned by the RPCs (camelCase, matching core/contracts)
----------------------------------------------------------------------------------------------------
create or replace function app.profile_json(p_id uuid, p_with_personal boolean) returns jsonb
language sql stable security definer
set search_path = ''
as $$
  select jsonb_build_object(
    'id', p.id,
    'handle', p.handle,
    'displayName', p.display_name,
    'communityId', p.community_id,
    'communityName', c.name,
    'microGridId', p.micro_grid_id,
    'roles', coalesce((select jsonb_agg(distinct r.role::text) from public.profile_roles r where r.profile_id = p.id), '[]'::jsonb),
    'phone', case when p_with_personal then p.phone end
  )
  from public.profiles p left join public.communities c on c.id = p.community_id
  where p.id = p_id
$$;

create or replace function app.need_json(n public.needs) returns jsonb
language sql stable
set search_path = ''
as $$
  select jsonb_build_object(
    'id', n.id,
    'title', n.title,
    'description', n.description,
    'category', n.category,
    'status', n.status,
    'communityId', n.community_id,
    'microGridId', n.micro_grid_id,
    'createdBy', n.created_by,
    'createdAt', app.iso(n.created_at),
    'updatedAt', app.iso(n.updated_at)
  )
$$;

----------------------------------------------------------------------------------------------------
-- Auth RPCs (service_role only: the API calls them while logging a person in)
----------------------------------------------------------------------------------------------------
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

----------------------------------------------------------------------------------------------------
-- Caller RPCs
----------------------------------------------------------------------------------------------------
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

create or replace function public.need_create(
  p_title text, p_description text, p_category public.need_category, p_micro_grid_id uuid default null
) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  v_community uuid;
  v_home_micro_grid uuid;
  v_need public.needs;
begin
  select community_id, micro_grid_id into v_community, v_home_micro_grid from public.profiles where id = v_uid;
  if v_community is null then
    perform app.fail('need.no_community');
  end if;
  if p_micro_grid_id is not null and not exists (
    select 1 from public.micro_grids m join public.grids g on g.id = m.grid_id
    where m.id = p_micro_grid_id and g.community_id = v_community
  ) then
    perform app.fail('need.micro_grid_invalid', 'microGridId');
  end if;
  if p_title is null or char_length(btrim(p_title)) not between 4 and 40 then
    perform app.fail('need.title_invalid', 'title');
  end if;
  if p_description is null or char_length(btrim(p_description)) not between 10 and 1000 then
    perform app.fail('need.description_invalid', 'description');
  end if;
  insert into public.needs (community_id, micro_grid_id, title, description, category, created_by)
  values (v_community, coalesce(p_micro_grid_id, v_home_micro_grid), btrim(p_title), btrim(p_description), p_category, v_uid)
  returning * into v_need;
  return app.need_json(v_need);
end
$$;
grant execute on function public.need_create(text, text, public.need_category, uuid) to authenticated;

create or replace function public.needs_mine() returns jsonb
language sql stable security definer
set search_path = ''
as $$
  select coalesce(jsonb_agg(app.need_json(n) order by n.created_at desc, n.id desc), '[]'::jsonb)
  from public.needs n
  where n.created_by = (select auth.uid())
$$;
grant execute on function public.needs_mine() to authenticated;

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
  if v_need.id is null or not (v_need.created_by = v_uid or app.is_staff_of(v_need.community_id)) then
    perform app.fail('need.not_found');
  end if;
  return app.need_json(v_need);
end
$$;
grant execute on function public.need_get(uuid) to authenticated;

-- Staff list of a community's needs, newest first, keyset-paginated on (created_at, id).
create or replace function public.needs_list(
  p_status public.need_status default null,
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
  v_items jsonb;
  v_limit int := least(greatest(coalesce(p_limit, 20), 1), 100);
begin
  select community_id into v_community from public.profiles where id = v_uid;
  if v_community is null or not app.is_staff_of(v_community) then
    perform app.fail('auth.forbidden');
  end if;
  select coalesce(jsonb_agg(app.need_json(n) order by n.created_at desc, n.id desc), '[]'::jsonb) into v_items
  from (
    select * from public.needs n
    where n.community_id = v_community
      and (p_status is null or n.status = p_status)
      and (p_after_created_at is null or (n.created_at, n.id) < (p_after_created_at, p_after_id))
    order by n.created_at desc, n.id desc
    limit v_limit + 1
  ) n;
  -- one extra row tells the caller whether a next page exists
  return jsonb_build_object(
    'items', coalesce((select jsonb_agg(e order by o) from jsonb_array_elements(v_items) with ordinality t(e, o) where o <= v_limit), '[]'::jsonb),
    'hasMore', jsonb_array_length(v_items) > v_limit
  );
end
$$;
grant execute on function public.needs_list(public.need_status, timestamptz, uuid, int) to authenticated;
