-- Administration: joining a community (invitations, member units, moves), members and their roles, suspension,
-- the community structure editors (communities, grids, micro-grids, party organisations), community settings,
-- editing and archiving what other domains publish, departments (街道点题·部门答疑) and the street's whistle,
-- the audit log's list, and CSV exports.
--
-- * Departments are records of a street; a member holds `department` in every community of the street (mirrored by
--   triggers, like street admins' `admin`), which only tells the mini-program to show the department queue: every
--   check asks department_members. Department members do not see residents' personal data of a need.
-- * Suspension: a street admin for people of their street, or an `admin` of the person's community; nobody suspends
--   themself or a street admin. app.check_request then refuses every request of the suspended person.

----------------------------------------------------------------------------------------------------
-- Types
----------------------------------------------------------------------------------------------------
create type public.party_org_level as enum ('street_committee', 'community_committee', 'grid_branch', 'building_group');

----------------------------------------------------------------------------------------------------
-- Tables
----------------------------------------------------------------------------------------------------
create table public.community_moves (
  id uuid primary key default gen_random_uuid(),
  profile_id uuid not null references public.profiles(id) on delete cascade,
  -- null: the person had no community yet (first join after the WeChat login, or through an invitation)
  from_community_id uuid references public.communities(id),
  to_community_id uuid not null references public.communities(id),
  moved_at timestamptz not null default now(),
  moved_by uuid references public.profiles(id) on delete set null,
  constraint community_moves_change check (from_community_id is distinct from to_community_id)
);
comment on table public.community_moves is '迁入迁出: each time a person joins or moves to a community. Visible to the person and to staff of either community.';
create index community_moves_profile_idx on public.community_moves (profile_id, moved_at desc);
create index community_moves_to_idx on public.community_moves (to_community_id, moved_at desc);
create index community_moves_from_idx on public.community_moves (from_community_id, moved_at desc);
alter table public.community_moves enable row level security;

create table public.member_units (
  id uuid primary key default gen_random_uuid(),
  community_id uuid not null references public.communities(id),
  name text not null check (char_length(name) between 2 and 60),
  partner_type public.partner_type,
  -- the account that accepted the unit's invitation and acts for it
  profile_id uuid references public.profiles(id) on delete set null,
  created_at timestamptz not null default now(),
  unique (community_id, name)
);
comment on table public.member_units is '驻区单位: a member unit of the community''s party-building joint conference (红色/物业/公益合伙人), linked to the account that accepted its invitation.';
create index member_units_profile_idx on public.member_units (profile_id);
alter table public.member_units enable row level security;

create table public.invitations (
  id uuid primary key default gen_random_uuid(),
  code text not null unique check (code ~ '^[A-HJKMNP-Z2-9]{8}$'),
  role public.app_role not null check (role in ('staff', 'grid_worker', 'unit', 'admin')),
  community_id uuid not null references public.communities(id),
  grid_id uuid references public.grids(id),
  unit_name text check (unit_name is null or char_length(unit_name) between 2 and 60),
  partner_type public.partner_type,
  created_by uuid references public.profiles(id) on delete set null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null default now() + interval '7 days',
  accepted_by uuid references public.profiles(id) on delete set null,
  accepted_at timestamptz,
  unit_id uuid references public.member_units(id),
  revoked_at timestamptz,
  revoked_by uuid references public.profiles(id) on delete set null,
  constraint invitations_grid check ((role = 'grid_worker') = (grid_id is not null)),
  constraint invitations_unit check ((role = 'unit') = (unit_name is not null) and (partner_type is null or role = 'unit')),
  constraint invitations_single_use check (accepted_at is null or revoked_at is null)
);
comment on table public.invitations is '邀请码: a single-use code (7 days) that grants staff, grid worker, unit or street admin in a community. The code is a secret: visible to whoever may issue that invitation and to the person who accepted it.';
create index invitations_community_idx on public.invitations (community_id, created_at desc, id desc);
alter table public.invitations enable row level security;

create table public.party_orgs (
  id uuid primary key default gen_random_uuid(),
  level public.party_org_level not null,
  name text not null check (char_length(name) between 2 and 60),
  parent_id uuid references public.party_orgs(id),
  street_id uuid not null references public.streets(id),
  community_id uuid references public.communities(id),
  grid_id uuid references public.grids(id),
  micro_grid_id uuid references public.micro_grids(id),
  secretary_id uuid references public.profiles(id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- which anchors each level has; that the anchors agree with the parent's is checked by party_orgs_sound
  constraint party_orgs_shape check (case level
    when 'street_committee' then parent_id is null and community_id is null and grid_id is null and micro_grid_id is null
    when 'community_committee' then parent_id is not null and community_id is not null and grid_id is null and micro_grid_id is null
    when 'grid_branch' then parent_id is not null and community_id is not null and grid_id is not null and micro_grid_id is null
    when 'building_group' then parent_id is not null and community_id is not null and grid_id is not null end),
  constraint party_orgs_parent_name_key unique (parent_id, name)
);
comment on table public.party_orgs is '党组织: 街道党工委 → 社区党委 → 网格党支部 (built on a grid; its secretary may lead the grid) → 楼栋党小组 (on a micro-grid). One street committee per street, one committee per community, one branch per grid.';
comment on column public.party_orgs.secretary_id is '书记/组长: a person of the organisation''s community (of the street, for the street committee).';
create unique index party_orgs_street_committee_key on public.party_orgs (street_id) where level = 'street_committee';
create unique index party_orgs_community_committee_key on public.party_orgs (community_id) where level = 'community_committee';
create unique index party_orgs_grid_branch_key on public.party_orgs (grid_id) where level = 'grid_branch';
create index party_orgs_street_idx on public.party_orgs (street_id, level);
create index party_orgs_community_idx on public.party_orgs (community_id, level);
alter table public.party_orgs enable row level security;

create table public.departments (
  id uuid primary key default gen_random_uuid(),
  street_id uuid not null references public.streets(id),
  name text not null check (char_length(name) between 2 and 60),
  contact_name text check (char_length(contact_name) between 1 and 40),
  contact_phone text check (contact_phone ~ '^[0-9]{7,15}$'),
  archived_at timestamptz,
  created_by uuid references public.profiles(id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint departments_street_name_key unique (street_id, name)
);
comment on table public.departments is '职能部门: a department of a street that answers 公家事 and escalated needs (部门答疑). contact_name/contact_phone are personal data: the street''s admins and the department''s members only.';
alter table public.departments enable row level security;
-- needs.department_id (20261201000200_needs.sql) points here; the key is added with the table it references
alter table public.needs add constraint needs_department_id_fkey foreign key (department_id) references public.departments(id);

create table public.department_members (
  department_id uuid not null references public.departments(id) on delete cascade,
  profile_id uuid not null references public.profiles(id) on delete cascade,
  created_by uuid references public.profiles(id),
  created_at timestamptz not null default now(),
  primary key (department_id, profile_id)
);
comment on table public.department_members is 'The staff accounts that answer for a department. Mirrored as a `department` role in every community of the street.';
create index department_members_profile_idx on public.department_members (profile_id);
alter table public.department_members enable row level security;

create table public.street_whistles (
  id uuid primary key default gen_random_uuid(),
  street_id uuid not null references public.streets(id),
  title text not null check (char_length(title) between 2 and 60),
  description text check (char_length(description) <= 500),
  need_id uuid references public.needs(id),
  place text check (char_length(place) between 2 and 100),
  meet_at timestamptz not null,
  status text not null default 'open' check (status in ('open', 'closed')),
  created_by uuid not null references public.profiles(id),
  created_at timestamptz not null default now(),
  closed_at timestamptz,
  constraint street_whistles_about check (need_id is not null or place is not null)
);
comment on table public.street_whistles is '街道吹哨: the street calls its departments to a need or a place by a time; closed when every department has reported.';
create index street_whistles_street_idx on public.street_whistles (street_id, created_at desc, id desc);
alter table public.street_whistles enable row level security;

create table public.street_whistle_targets (
  whistle_id uuid not null references public.street_whistles(id) on delete cascade,
  department_id uuid not null references public.departments(id),
  reported_by uuid references public.profiles(id),
  reported_at timestamptz,
  attendee text check (char_length(attendee) between 1 and 100),
  arrive_at timestamptz,
  note text check (char_length(note) <= 200),
  primary key (whistle_id, department_id),
  constraint street_whistle_targets_report check ((reported_at is null) = (attendee is null) and (reported_at is null) = (arrive_at is null))
);
comment on table public.street_whistle_targets is '部门报到: each department called, and its report: who comes (attendee) and when (arrive_at).';
create index street_whistle_targets_department_idx on public.street_whistle_targets (department_id);
alter table public.street_whistle_targets enable row level security;

----------------------------------------------------------------------------------------------------
-- Table grants
----------------------------------------------------------------------------------------------------
revoke all on public.community_moves, public.member_units, public.invitations from anon, authenticated;

grant select on public.community_moves, public.member_units, public.invitations to authenticated;

grant all on public.community_moves, public.member_units, public.invitations to service_role;

revoke all on public.party_orgs from anon, authenticated;

grant select on public.party_orgs to authenticated;

grant all on public.party_orgs to service_role;

revoke all on public.departments, public.department_members from anon, authenticated;

grant select on public.departments, public.department_members to authenticated;

grant all on public.departments, public.department_members to service_role;

revoke all on public.street_whistles, public.street_whistle_targets from anon, authenticated;

grant select on public.street_whistles, public.street_whistle_targets to authenticated;

grant all on public.street_whistles, public.street_whistle_targets to service_role;

----------------------------------------------------------------------------------------------------
-- Helpers the policies use (a policy names a function that must exist)
----------------------------------------------------------------------------------------------------
-- Staff of a community, or an admin of its street
create or replace function app.can_manage_community(p_community uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select app.is_staff_of(p_community)
      or exists (select 1 from public.communities c where c.id = p_community and app.is_street_admin(c.street_id))
$$;
grant execute on function app.can_manage_community(uuid) to authenticated, service_role;

create or replace function app.is_member_of(p_community uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (select 1 from public.profiles p where p.id = (select auth.uid()) and p.community_id = p_community)
      or exists (select 1 from public.profile_roles r where r.profile_id = (select auth.uid()) and r.community_id = p_community)
$$;
grant execute on function app.is_member_of(uuid) to authenticated, service_role;

create or replace function app.is_department_member(p_department uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (select 1 from public.department_members m where m.department_id = p_department and m.profile_id = (select auth.uid()))
$$;
grant execute on function app.is_department_member(uuid) to authenticated, service_role;

create or replace function app.department_street(p_department uuid) returns uuid
language sql stable security definer
set search_path = ''
as $$ select d.street_id from public.departments d where d.id = p_department $$;
grant execute on function app.department_street(uuid) to authenticated, service_role;

create or replace function app.my_managed_street_ids() returns uuid[]
language plpgsql stable security definer
set search_path = ''
as $$
declare
  v uuid[];
begin
  select coalesce(array_agg(distinct x.s), '{}') into v from (
    select c.street_id as s from public.profile_roles r join public.communities c on c.id = r.community_id
      where r.profile_id = (select auth.uid()) and r.role in ('staff', 'admin')
    union all
    select a.street_id from public.street_admins a where a.profile_id = (select auth.uid())
  ) x;
  return v;
end
$$;
grant execute on function app.my_managed_street_ids() to authenticated;

create or replace function app.my_called_whistle_ids() returns uuid[]
language plpgsql stable security definer
set search_path = ''
as $$
declare
  v uuid[];
begin
  select coalesce(array_agg(distinct t.whistle_id), '{}') into v
  from public.street_whistle_targets t join public.department_members m on m.department_id = t.department_id
  where m.profile_id = (select auth.uid());
  return v;
end
$$;
grant execute on function app.my_called_whistle_ids() to authenticated;

----------------------------------------------------------------------------------------------------
-- Policies
----------------------------------------------------------------------------------------------------
create policy community_moves_select on public.community_moves for select to authenticated
  using (profile_id = (select auth.uid()) or app.can_manage_community(from_community_id) or app.can_manage_community(to_community_id));

-- the units of the joint conference are known to everyone in the community
create policy member_units_select on public.member_units for select to authenticated
  using (profile_id = (select auth.uid()) or app.is_member_of(community_id));

create policy invitations_select on public.invitations for select to authenticated
  using (accepted_by = (select auth.uid()) or created_by = (select auth.uid())
    or (role = 'admin' and community_id = any ((select app.my_street_admin_community_ids())::uuid[]))
    or (role in ('staff', 'grid_worker', 'unit') and community_id = any ((select app.my_staff_community_ids())::uuid[])));

create policy party_orgs_select on public.party_orgs for select to authenticated
  using (community_id = any ((select app.my_staff_community_ids())::uuid[])
    or (community_id is null and street_id = any ((select app.my_managed_street_ids())::uuid[])));

-- The whole row (contact included) for the street's admins and the department's members only; everyone else reads
-- department names through the RPCs below.
create policy departments_select on public.departments for select to authenticated
  using (app.is_street_admin(street_id) or app.is_department_member(id));

create policy department_members_select on public.department_members for select to authenticated
  using (profile_id = (select auth.uid()) or app.is_department_member(department_id)
         or app.is_street_admin(app.department_street(department_id)));

create policy street_whistles_select on public.street_whistles for select to authenticated
  using (street_id = any ((select app.my_admin_street_ids())::uuid[])
    or id = any ((select app.my_called_whistle_ids())::uuid[]));

create policy street_whistle_targets_select on public.street_whistle_targets for select to authenticated
  using (department_id = any ((select app.my_department_ids())::uuid[])
    or whistle_id = any ((select app.my_called_whistle_ids())::uuid[])
    or exists (select 1 from public.street_whistles w where w.id = whistle_id
               and w.street_id = any ((select app.my_admin_street_ids())::uuid[])));

----------------------------------------------------------------------------------------------------
-- Read functions
----------------------------------------------------------------------------------------------------
-- Who may issue (and see, and revoke) an invitation to a role: staff of the community for staff, grid workers and
-- units; only an admin of the community's street for `admin`, because accepting it makes a street admin.
create or replace function app.can_invite(p_community uuid, p_role public.app_role) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select case
    when p_role = 'admin' then exists (select 1 from public.communities c where c.id = p_community and app.is_street_admin(c.street_id))
    when p_role in ('staff', 'grid_worker', 'unit') then app.can_manage_community(p_community)
    else false
  end
$$;
grant execute on function app.can_invite(uuid, public.app_role) to authenticated, service_role;

create or replace function app.invitation_status(i public.invitations) returns text
language sql stable
set search_path = ''
as $$
  select case when i.accepted_at is not null then 'accepted'
              when i.revoked_at is not null then 'revoked'
              when i.expires_at <= now() then 'expired'
              else 'pending' end
$$;
grant execute on function app.invitation_status(public.invitations) to authenticated;

create or replace function app.invitation_json(i public.invitations) returns jsonb
language sql stable security definer
set search_path = ''
as $$
  select jsonb_build_object(
    'id', i.id, 'code', i.code, 'role', i.role, 'communityId', i.community_id, 'communityName', c.name,
    'gridId', i.grid_id, 'gridName', g.name, 'unitName', i.unit_name, 'partnerType', i.partner_type,
    'status', app.invitation_status(i), 'expiresAt', app.iso(i.expires_at), 'createdAt', app.iso(i.created_at),
    'createdByName', (select p.display_name from public.profiles p where p.id = i.created_by),
    'acceptedByName', (select p.display_name from public.profiles p where p.id = i.accepted_by),
    'acceptedAt', app.iso(i.accepted_at))
  from public.communities c
  left join public.grids g on g.id = i.grid_id
  where c.id = i.community_id
$$;
grant execute on function app.invitation_json(public.invitations) to authenticated;

create or replace function app.members_json(p_ids uuid[], p_scope uuid[]) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
declare
  v_uid uuid := (select auth.uid());
  v_manage uuid[] := app.my_staff_community_ids();
  v_admin uuid[];
  v jsonb;
begin
  -- where the caller may suspend (app.can_suspend): communities of streets they administer and where they are admin
  select coalesce(array_agg(distinct x.id), '{}') into v_admin from (
    select c.id from public.street_admins a join public.communities c on c.street_id = a.street_id where a.profile_id = v_uid
    union all
    select r.community_id from public.profile_roles r where r.profile_id = v_uid and r.role = 'admin'
  ) x;
  select coalesce(jsonb_agg(jsonb_build_object(
      'profileId', p.id,
      'displayName', p.display_name,
      'phoneMasked', case when p.community_id = any (v_manage) then app.mask_phone(p.phone) end,
      'communityId', p.community_id,
      'communityName', c.name,
      'microGridId', p.micro_grid_id,
      'microGridName', m.name,
      'roles', coalesce(rl.roles, '[]'::jsonb),
      'gridNames', coalesce(gn.names, '[]'::jsonb),
      'unitName', un.name,
      'joinedAt', app.iso(coalesce(mv.moved_at, rl.first_at, p.created_at)),
      'suspended', p.suspended_at is not null,
      'suspendedReason', case when p.suspended_at is not null and (case when p.community_id is not null
          then p.community_id = any (v_manage) else app.member_home_communities(p.id) && v_manage end)
        then p.suspended_reason end,
      'canSuspend', case when p.community_id is not null
        then v_uid is not null and p.id <> v_uid and p.community_id = any (v_admin)
             and not exists (select 1 from public.street_admins sa where sa.profile_id = p.id)
        else app.can_suspend(p.id) end
    ) order by o.n), '[]'::jsonb)
    into v
  from unnest(p_ids) with ordinality o(id, n)
  join public.profiles p on p.id = o.id
  left join public.communities c on c.id = p.community_id
  left join public.micro_grids m on m.id = p.micro_grid_id
  left join lateral (
    select jsonb_agg(distinct r.role order by r.role) as roles, min(r.created_at) as first_at
    from public.profile_roles r where r.profile_id = p.id and r.community_id = any (p_scope)) rl on true
  left join lateral (
    select jsonb_agg(g.name order by g.name) as names from public.grid_assignments a join public.grids g on g.id = a.grid_id
    where a.profile_id = p.id and g.community_id = any (p_scope)) gn on true
  left join lateral (
    select u.name from public.member_units u where u.profile_id = p.id and u.community_id = any (p_scope)
    order by u.created_at limit 1) un on true
  left join lateral (
    select max(x.moved_at) as moved_at from public.community_moves x
    where x.profile_id = p.id and x.to_community_id = p.community_id and p.community_id = any (p_scope)) mv on true;
  return v;
end
$$;
grant execute on function app.members_json(uuid[], uuid[]) to authenticated;

-- A member as a list of one or more communities shows them: roles, grids and unit within those communities only.
-- The phone, masked, only where the caller manages the person's own community.
create or replace function app.member_json(p public.profiles, p_scope uuid[]) returns jsonb
language sql stable security definer
set search_path = ''
as $$
  select app.members_json(array[p.id], p_scope) -> 0
$$;
grant execute on function app.member_json(public.profiles, uuid[]) to authenticated;

create or replace function public.streets_list() returns jsonb
language sql stable
set search_path = ''
as $$
  select jsonb_build_object('items', coalesce(jsonb_agg(jsonb_build_object('id', s.id, 'name', s.name, 'code', s.code) order by s.code), '[]'::jsonb))
  from public.streets s
$$;
grant execute on function public.streets_list() to authenticated;

-- Non-archived communities by a fragment of the name or a prefix of the code (一社区一编码), in code order.
create or replace function public.communities_search(
  p_q text default null, p_street_id uuid default null, p_cursor text default null, p_limit int default 20
) returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  v_limit int := least(greatest(coalesce(p_limit, 20), 1), 50);
  v_q text := app.like_escape(nullif(btrim(coalesce(p_q, '')), ''));
  v_key jsonb := app.cursor_decode(p_cursor, 1);
  v_after text := v_key ->> 0;
  v_rows jsonb;
begin
  perform app.require_uid();
  select coalesce(jsonb_agg(x.j order by x.code), '[]'::jsonb) into v_rows
  from (
    select c.code, jsonb_build_object('id', c.id, 'name', c.name, 'code', c.code, 'streetId', c.street_id, 'streetName', s.name) as j
    from public.communities c
    join public.streets s on s.id = c.street_id
    where c.archived_at is null
      and (p_street_id is null or c.street_id = p_street_id)
      and (v_q is null or c.name ilike '%' || v_q || '%' or c.code ilike v_q || '%')
      and (v_after is null or c.code > v_after)
    order by c.code
    limit v_limit + 1
  ) x;
  return jsonb_build_object(
    'items', coalesce((select jsonb_agg(e order by o) from jsonb_array_elements(v_rows) with ordinality t(e, o) where o <= v_limit), '[]'::jsonb),
    'nextCursor', case when jsonb_array_length(v_rows) > v_limit then app.cursor_encode(jsonb_build_array(v_rows -> (v_limit - 1) ->> 'code')) end
  );
end
$$;
grant execute on function public.communities_search(text, uuid, text, int) to authenticated;

create or replace function public.micro_grids_of(p_community_id uuid) returns jsonb
language plpgsql stable
set search_path = ''
as $$
begin
  perform app.require_uid();
  if not exists (select 1 from public.communities c where c.id = p_community_id and c.archived_at is null) then
    perform app.fail('join.community_not_found', 'communityId');
  end if;
  return jsonb_build_object('items', coalesce((
    select jsonb_agg(jsonb_build_object('id', m.id, 'name', m.name, 'gridId', g.id, 'gridName', g.name) order by g.name, m.name)
    from public.micro_grids m join public.grids g on g.id = m.grid_id
    where g.community_id = p_community_id
  ), '[]'::jsonb));
end
$$;
grant execute on function public.micro_grids_of(uuid) to authenticated;

-- Newest first. Admin invitations only for admins of the street: their code would make anyone a street admin.
create or replace function public.invitations_list(p_community_id uuid, p_cursor text default null, p_limit int default 20) returns jsonb
language plpgsql stable security invoker
set search_path = ''
as $$
declare
  v_limit int := least(greatest(coalesce(p_limit, 20), 1), 50);
  v_key jsonb;
  v_at timestamptz := 'infinity';
  v_id uuid := 'ffffffff-ffff-ffff-ffff-ffffffffffff';
  v_admin boolean;
  v_result jsonb;
begin
  perform app.require_uid();
  if not (p_community_id = any (app.my_staff_community_ids())) then
    perform app.fail('auth.forbidden');
  end if;
  v_key := app.cursor_decode(p_cursor, 2);
  if v_key is not null then
    v_at := app.cursor_ts(v_key, 0);
    v_id := app.cursor_uuid(v_key, 1);
  end if;
  v_admin := p_community_id = any (app.my_street_admin_community_ids());
  with page as (
    select i.*, row_number() over (order by i.created_at desc, i.id desc) as n
    from (
      select i.* from public.invitations i
      where i.community_id = p_community_id and (i.role <> 'admin' or v_admin)
        and (i.created_at, i.id) < (v_at, v_id)
      order by i.created_at desc, i.id desc
      limit v_limit + 1
    ) i
  )
  select jsonb_build_object(
    'items', coalesce(jsonb_agg(jsonb_build_object(
        'id', i.id, 'code', i.code, 'role', i.role, 'communityId', i.community_id, 'communityName', c.name,
        'gridId', i.grid_id, 'gridName', g.name, 'unitName', i.unit_name, 'partnerType', i.partner_type,
        'status', case when i.accepted_at is not null then 'accepted' when i.revoked_at is not null then 'revoked'
                       when i.expires_at <= now() then 'expired' else 'pending' end, 'expiresAt', app.iso(i.expires_at), 'createdAt', app.iso(i.created_at),
        'createdByName', cb.display_name, 'acceptedByName', ab.display_name, 'acceptedAt', app.iso(i.accepted_at))
        order by i.n) filter (where i.n <= v_limit), '[]'::jsonb),
    'nextCursor', case when count(*) > v_limit then app.cursor_encode((array_agg(jsonb_build_array(
        app.iso(i.created_at), i.id)) filter (where i.n = v_limit))[1]) end)
    into v_result
  from page i
  join public.communities c on c.id = i.community_id
  left join public.grids g on g.id = i.grid_id
  left join app.display_names(array(select p.created_by from page p)) cb on cb.id = i.created_by
  left join app.display_names(array(select p.accepted_by from page p)) ab on ab.id = i.accepted_by;
  return v_result;
end
$$;
grant execute on function public.invitations_list(uuid, text, int) to authenticated;

-- What the invited person sees before accepting: whoever holds the code may look.
create or replace function public.invitation_preview(p_code text) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
declare
  v_inv public.invitations;
begin
  perform app.require_uid();
  select * into v_inv from public.invitations where code = upper(btrim(p_code));
  if v_inv.id is null then
    perform app.fail('invitation.not_found', 'code');
  end if;
  return (
    select jsonb_build_object(
      'code', v_inv.code, 'role', v_inv.role, 'communityName', c.name, 'streetName', s.name, 'gridName', g.name,
      'unitName', v_inv.unit_name, 'invitedByName', (select p.display_name from public.profiles p where p.id = v_inv.created_by),
      'expiresAt', app.iso(v_inv.expires_at), 'status', app.invitation_status(v_inv))
    from public.communities c join public.streets s on s.id = c.street_id
    left join public.grids g on g.id = v_inv.grid_id
    where c.id = v_inv.community_id
  );
end
$$;
grant execute on function public.invitation_preview(text) to authenticated;
comment on function public.invitation_preview(text) is 'security definer: the holder of an invitation code sees what it grants before belonging to the community.';

-- Staff of a community list its members (living there or holding a role there); a street admin may list the
-- whole street. By name, then id; q matches a name fragment or (digits) a phone fragment of people living there.
create or replace function public.members_list(
  p_community_id uuid default null, p_q text default null, p_role public.app_role default null,
  p_cursor text default null, p_limit int default 20
) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  v_limit int := least(greatest(coalesce(p_limit, 20), 1), 50);
  v_q text := nullif(btrim(coalesce(p_q, '')), '');
  v_like text;
  v_phone boolean;
  v_scope uuid[];
  v_key jsonb;
  v_after_name text := '';
  v_after_id uuid := '00000000-0000-0000-0000-000000000000';
  v_rows public.profiles[];
  v_items jsonb;
begin
  if p_community_id is null then
    select array_agg(c.id) into v_scope
    from public.street_admins a join public.communities c on c.street_id = a.street_id
    where a.profile_id = v_uid;
    if v_scope is null then
      perform app.fail('auth.forbidden');
    end if;
  else
    if not app.can_manage_community(p_community_id) then
      perform app.fail('auth.forbidden');
    end if;
    v_scope := array[p_community_id];
  end if;
  v_key := app.cursor_decode(p_cursor, 2);
  if v_key is not null then
    v_after_name := v_key ->> 0;
    v_after_id := app.cursor_uuid(v_key, 1);
  end if;
  v_like := '%' || app.like_escape(v_q) || '%';
  v_phone := v_q ~ '^[0-9]{3,}$';
  select coalesce(array_agg(x order by x.display_name, x.id), '{}') into v_rows
  from (
    select y.* from (
      -- the people who live in each community of the scope, in name order from the index
      select p.* from unnest(v_scope) s(id)
      cross join lateral (
        select p.* from public.profiles p
        where p.community_id = s.id
          and (p.display_name, p.id) > (v_after_name, v_after_id)
          and (v_q is null or p.display_name ilike v_like or (v_phone and p.phone like v_like))
          and (p_role is null or exists (
            select 1 from public.profile_roles r where r.profile_id = p.id and r.role = p_role and r.community_id = any (v_scope)))
        order by p.display_name, p.id
        limit v_limit + 1
      ) p
      union
      -- people with a role in the scope who live elsewhere (a unit's contact, street staff); a resident role is only
      -- ever held in one's own community (joining grants it, moving ends it), so those thousands are not looked at
      select p.* from public.profiles p
      where p.id in (select r.profile_id from public.profile_roles r where r.community_id = any (v_scope) and r.role <> 'resident')
        and (p.community_id is null or not (p.community_id = any (v_scope)))
        and (p.display_name, p.id) > (v_after_name, v_after_id)
        and (v_q is null or p.display_name ilike v_like)
        and (p_role is null or exists (
          select 1 from public.profile_roles r where r.profile_id = p.id and r.role = p_role and r.community_id = any (v_scope)))
    ) y
    order by y.display_name, y.id
    limit v_limit + 1
  ) x;
  v_items := app.members_json(
    array(select (v_rows[o]).id from generate_series(1, least(cardinality(v_rows), v_limit)) o order by o), v_scope);
  return jsonb_build_object(
    'items', v_items,
    'nextCursor', case when cardinality(v_rows) > v_limit
      then app.cursor_encode(jsonb_build_array((v_rows[v_limit]).display_name, (v_rows[v_limit]).id)) end
  );
end
$$;
grant execute on function public.members_list(uuid, text, public.app_role, text, int) to authenticated;
comment on function public.members_list(uuid, text, public.app_role, text, int) is 'security definer: staff see their community''s members with masked phones (checked inside).';

-- Staff read their community's entries; a street admin the street's (or one community of it).
create or replace function public.audit_list(
  p_community_id uuid default null, p_street_id uuid default null, p_cursor text default null, p_limit int default 20
) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  v_limit int := least(greatest(coalesce(p_limit, 20), 1), 50);
  v_communities uuid[];
  v_streets uuid[];
  v_home uuid;
  v_key jsonb;
  v_after bigint := 9223372036854775807;
  v_rows public.audit_log[];
  v_result jsonb;
begin
  if p_community_id is not null then
    if not app.can_manage_community(p_community_id) then
      perform app.fail('auth.forbidden');
    end if;
    v_communities := array[p_community_id];
  elsif p_street_id is not null then
    if not app.is_street_admin(p_street_id) then
      perform app.fail('auth.forbidden');
    end if;
    v_streets := array[p_street_id];
  else
    select array_agg(a.street_id) into v_streets from public.street_admins a where a.profile_id = v_uid;
    if v_streets is null then
      select community_id into v_home from public.profiles where id = v_uid;
      if v_home is null or not app.is_staff_of(v_home) then
        perform app.fail('auth.forbidden');
      end if;
      v_communities := array[v_home];
    end if;
  end if;
  v_key := app.cursor_decode(p_cursor, 1);
  if v_key is not null then
    v_after := app.cursor_bigint(v_key, 0);
  end if;
  if v_communities is not null then
    select coalesce(array_agg(x order by x.id desc), '{}') into v_rows from (
      select l.* from unnest(v_communities) k(id)
      -- a range over (community_id, id), not `community_id = k and id < after`: then only the (community_id, id)
      -- index holds the order, and the planner cannot walk the primary key past every other community's entries
      cross join lateral (select l.* from public.audit_log l
                          where (l.community_id, l.id) < (k.id, v_after) and (l.community_id, l.id) > (k.id, 0)
                          order by l.community_id desc, l.id desc limit v_limit + 1) l
      order by l.id desc limit v_limit + 1) x;
  else
    select coalesce(array_agg(x order by x.id desc), '{}') into v_rows from (
      select l.* from unnest(v_streets) k(id)
      cross join lateral (select l.* from public.audit_log l
                          where (l.street_id, l.id) < (k.id, v_after) and (l.street_id, l.id) > (k.id, 0)
                          order by l.street_id desc, l.id desc limit v_limit + 1) l
      order by l.id desc limit v_limit + 1) x;
  end if;
  with page as (
    select (v_rows[o]).*, o as n from generate_series(1, least(cardinality(v_rows), v_limit)) o
  )
  select coalesce(jsonb_agg(jsonb_build_object(
      'id', r.id::text, 'at', app.iso(r.created_at), 'action', r.action,
      'actorName', actor.display_name, 'communityId', r.community_id, 'communityName', c.name,
      'targetName', target.display_name, 'detail', r.detail) order by r.n), '[]'::jsonb)
    into v_result
  from page r
  left join public.profiles actor on actor.id = r.actor_id
  left join public.communities c on c.id = r.community_id
  left join public.profiles target on target.id = r.target_profile_id;
  return jsonb_build_object(
    'items', v_result,
    'nextCursor', case when cardinality(v_rows) > v_limit then app.cursor_encode(jsonb_build_array((v_rows[v_limit]).id)) end
  );
end
$$;
grant execute on function public.audit_list(uuid, uuid, text, int) to authenticated;
comment on function public.audit_list(uuid, uuid, text, int) is 'security definer: the audit log names people who may since have moved to another community (scope checked inside).';

-- Staff, grid workers and street admins of the community find anyone of it by name or phone fragment and see the
-- masked phone; a resident finds neighbours living there by name only, without phones. Never another community.
create or replace function public.people_search(p_community_id uuid, p_q text default null, p_role public.app_role default null) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  v_q text := nullif(btrim(coalesce(p_q, '')), '');
  v_like text;
  v_full boolean;
begin
  v_full := app.can_manage_community(p_community_id) or app.has_role(p_community_id, array['grid_worker']::public.app_role[]);
  if not v_full then
    if not exists (select 1 from public.profiles p where p.id = v_uid and p.community_id = p_community_id) then
      perform app.fail('auth.forbidden');
    end if;
    if v_q is null then
      perform app.fail('people.query_required', 'q');
    end if;
  end if;
  v_like := '%' || app.like_escape(v_q) || '%';
  return jsonb_build_object('items', coalesce((
    select jsonb_agg(jsonb_build_object(
      'id', x.id, 'displayName', x.display_name,
      'phoneMasked', case when v_full and x.community_id = p_community_id then app.mask_phone(x.phone) end,
      'microGridName', case when x.community_id = p_community_id then m.name end,
      'roles', coalesce(rl.roles, '[]'::jsonb))
      order by x.exact desc, x.display_name, x.id)
    from (
      select p.*, (p.display_name = v_q) as exact from (
        -- the community's own people, from its index
        select p.* from public.profiles p where p.community_id = p_community_id
        union
        -- for those who manage it, people with a role there who live elsewhere (a resident role is only ever held
        -- in one's own community, so those are not looked at)
        select p.* from public.profiles p
        where v_full and p.id in (select r.profile_id from public.profile_roles r
                                  where r.community_id = p_community_id and r.role <> 'resident')
      ) p
      where (v_q is null or p.display_name ilike v_like
             or (v_full and v_q ~ '^[0-9]{3,}$' and p.community_id = p_community_id and p.phone like v_like))
        and (p_role is null or exists (
          select 1 from public.profile_roles r where r.profile_id = p.id and r.role = p_role and r.community_id = p_community_id))
      order by (p.display_name = v_q) desc, p.display_name, p.id
      limit 20
    ) x
    left join public.micro_grids m on m.id = x.micro_grid_id
    left join lateral (
      select jsonb_agg(distinct r.role order by r.role) as roles
      from public.profile_roles r where r.profile_id = x.id and r.community_id = p_community_id) rl on true
  ), '[]'::jsonb));
end
$$;
grant execute on function public.people_search(uuid, text, public.app_role) to authenticated;
comment on function public.people_search(uuid, text, public.app_role) is 'security definer: staff find people by name or phone in communities they manage (checked inside).';

-- Holds staff/admin somewhere or administers a street: the people the administration pages are for.
create or replace function app.manages_anything() returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (
      select 1 from public.profile_roles r
      where r.profile_id = (select auth.uid()) and r.role in ('staff', 'admin'))
    or exists (select 1 from public.street_admins a where a.profile_id = (select auth.uid()))
$$;
grant execute on function app.manages_anything() to authenticated;

-- Staff or admin of any community of the street, or its street admin.
create or replace function app.manages_in_street(p_street uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select coalesce(p_street = any (app.my_managed_street_ids()), false)
$$;
grant execute on function app.manages_in_street(uuid) to authenticated;

create or replace function app.structure_community_json(p_id uuid) returns jsonb
language sql stable security definer
set search_path = ''
as $$
  select jsonb_build_object(
    'id', c.id,
    'streetId', c.street_id,
    'streetName', s.name,
    'name', c.name,
    'code', c.code,
    'seq', c.seq,
    'scale', c.scale,
    'function', c.function,
    'subtype', c.subtype,
    'branchSecretaryLeadsGrid', c.branch_secretary_leads_grid,
    'servicePhone', c.service_phone,
    'refPrefix', c.ref_prefix,
    'archived', c.archived_at is not null,
    'archivedAt', app.iso(c.archived_at),
    'gridCount', (select count(*) from public.grids g where g.community_id = c.id),
    'microGridCount', (select count(*) from public.micro_grids m join public.grids g on g.id = m.grid_id where g.community_id = c.id),
    'memberCount', (select count(*) from public.profiles p where p.community_id = c.id),
    'createdAt', app.iso(c.created_at)
  )
  from public.communities c join public.streets s on s.id = c.street_id
  where c.id = p_id
$$;
grant execute on function app.structure_community_json(uuid) to authenticated;

-- `warnings` are added by the API (core/admin/households.ts holds the household guideline, in one place).
create or replace function app.structure_micro_grid_json(m public.micro_grids) returns jsonb
language sql stable
set search_path = ''
as $$
  select jsonb_build_object('id', m.id, 'gridId', m.grid_id, 'name', m.name, 'households', m.households)
$$;
grant execute on function app.structure_micro_grid_json(public.micro_grids) to authenticated;

create or replace function app.structure_grid_json(p_id uuid) returns jsonb
language sql stable security definer
set search_path = ''
as $$
  select jsonb_build_object(
    'id', g.id,
    'communityId', g.community_id,
    'name', g.name,
    'kind', g.kind,
    'households', g.households,
    -- 网格党支部书记兼任网格长: only where the community follows that practice
    'leaderName', case when c.branch_secretary_leads_grid then (
        select p.display_name from public.party_orgs o join public.profiles p on p.id = o.secretary_id
        where o.level = 'grid_branch' and o.grid_id = g.id) end,
    -- an assignment outlives a revoked role; only current grid workers are shown
    'workerNames', coalesce((
        select jsonb_agg(p.display_name order by p.display_name, p.id)
        from public.grid_assignments a join public.profiles p on p.id = a.profile_id
        where a.grid_id = g.id and exists (
          select 1 from public.profile_roles r
          where r.profile_id = a.profile_id and r.community_id = g.community_id and r.role = 'grid_worker')
      ), '[]'::jsonb)
  )
  from public.grids g join public.communities c on c.id = g.community_id
  where g.id = p_id
$$;
grant execute on function app.structure_grid_json(uuid) to authenticated;

create or replace function public.admin_communities_list(p_street_id uuid default null, p_include_archived boolean default false)
returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
begin
  if not app.manages_anything() or (p_street_id is not null and not app.manages_in_street(p_street_id)) then
    perform app.fail('auth.forbidden');
  end if;
  return jsonb_build_object('items', coalesce((
    select jsonb_agg(app.structure_community_json(c.id) order by s.code, c.seq)
    from public.communities c join public.streets s on s.id = c.street_id
    where (p_street_id is null or c.street_id = p_street_id)
      and (coalesce(p_include_archived, false) or c.archived_at is null)
      and app.can_manage_community(c.id)
  ), '[]'::jsonb));
end
$$;
grant execute on function public.admin_communities_list(uuid, boolean) to authenticated;

-- The community may be managed by the caller and is not archived; raises otherwise.
create or replace function app.require_open_community(p_community uuid) returns void
language plpgsql stable security definer
set search_path = ''
as $$
begin
  if p_community is null or not app.can_manage_community(p_community) then
    perform app.fail('auth.forbidden');
  end if;
  if exists (select 1 from public.communities c where c.id = p_community and c.archived_at is not null) then
    perform app.fail('community.archived');
  end if;
end
$$;
grant execute on function app.require_open_community(uuid) to authenticated;

-- The community with its grids and their micro-grids, the grid workers and the grid leader.
create or replace function public.community_structure(p_id uuid) returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
begin
  if not exists (select 1 from public.communities c where c.id = p_id) then
    perform app.fail('community.not_found');
  end if;
  if not app.can_manage_community(p_id) then
    perform app.fail('auth.forbidden');
  end if;
  return jsonb_build_object(
    'community', app.structure_community_json(p_id),
    'grids', coalesce((
      select jsonb_agg(app.structure_grid_json(g.id) || jsonb_build_object('microGrids', coalesce((
          select jsonb_agg(app.structure_micro_grid_json(m) order by m.created_at, m.name, m.id)
          from public.micro_grids m where m.grid_id = g.id), '[]'::jsonb))
        order by g.created_at, g.name, g.id)
      from public.grids g where g.community_id = p_id
    ), '[]'::jsonb)
  );
end
$$;
grant execute on function public.community_structure(uuid) to authenticated;

create or replace function app.party_secretary_ok(p_profile uuid, p_street uuid, p_community uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select case when p_community is not null then
      exists (select 1 from public.profiles p where p.id = p_profile and p.community_id = p_community)
    else
      exists (select 1 from public.profiles p join public.communities c on c.id = p.community_id
              where p.id = p_profile and c.street_id = p_street)
      or exists (select 1 from public.street_admins a where a.profile_id = p_profile and a.street_id = p_street)
    end
$$;
grant execute on function app.party_secretary_ok(uuid, uuid, uuid) to authenticated;

create or replace function app.party_org_json(p_id uuid) returns jsonb
language sql stable security definer
set search_path = ''
as $$
  select jsonb_build_object(
    'id', o.id,
    'parentId', o.parent_id,
    'level', o.level,
    'name', o.name,
    'streetId', o.street_id,
    'communityId', o.community_id,
    'gridId', o.grid_id,
    'gridName', g.name,
    'microGridId', o.micro_grid_id,
    'microGridName', m.name,
    'secretaryId', o.secretary_id,
    'secretaryName', p.display_name
  )
  from public.party_orgs o
  left join public.grids g on g.id = o.grid_id
  left join public.micro_grids m on m.id = o.micro_grid_id
  left join public.profiles p on p.id = o.secretary_id
  where o.id = p_id
$$;
grant execute on function app.party_org_json(uuid) to authenticated;

-- Flat, parents before children; the client builds the tree from parentId.
create or replace function public.party_orgs_list(p_street_id uuid default null, p_community_id uuid default null) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  v_community_street uuid;
  v_manage uuid[] := app.my_staff_community_ids();
  v_streets uuid[] := app.my_managed_street_ids();
begin
  if cardinality(v_manage) = 0 and cardinality(v_streets) = 0
     or (p_street_id is not null and not (p_street_id = any (v_streets)))
     or (p_community_id is not null and not (p_community_id = any (v_manage))) then
    perform app.fail('auth.forbidden');
  end if;
  select c.street_id into v_community_street from public.communities c where c.id = p_community_id;
  return jsonb_build_object('items', coalesce((
    select jsonb_agg(jsonb_build_object(
        'id', o.id, 'parentId', o.parent_id, 'level', o.level, 'name', o.name, 'streetId', o.street_id,
        'communityId', o.community_id, 'gridId', o.grid_id, 'gridName', g.name, 'microGridId', o.micro_grid_id,
        'microGridName', m.name, 'secretaryId', o.secretary_id, 'secretaryName', p.display_name)
      order by o.level, o.name, o.id)
    from public.party_orgs o
    left join public.grids g on g.id = o.grid_id
    left join public.micro_grids m on m.id = o.micro_grid_id
    left join public.profiles p on p.id = o.secretary_id
    where (o.community_id = any (v_manage) or (o.community_id is null and o.street_id = any (v_streets)))
      and (p_street_id is null or o.street_id = p_street_id)
      and (p_community_id is null or o.community_id = p_community_id
           or (o.level = 'street_committee' and o.street_id = v_community_street))
  ), '[]'::jsonb));
end
$$;
grant execute on function public.party_orgs_list(uuid, uuid) to authenticated;
comment on function public.party_orgs_list(uuid, uuid) is 'security definer: the tree names secretaries who may live in another community (scope checked inside, as party_orgs_select).';

create or replace function app.community_settings_json(p_community uuid) returns jsonb
language sql stable security definer
set search_path = ''
as $$
  select jsonb_build_object(
    'communityId', c.id,
    'communityName', c.name,
    'cosignThreshold', coalesce((select s.cosign_threshold from public.community_deliberation_settings s where s.community_id = c.id), 10),
    'yearlyTargetHours', coalesce((select s.yearly_target_hours from public.community_volunteer_settings s where s.community_id = c.id), 12),
    'beanRules', coalesce((select jsonb_build_array(
        jsonb_build_object('rule', 'meeting_attendance', 'beans', b.meeting_attendance),
        jsonb_build_object('rule', 'need_rated', 'beans', b.need_rated),
        jsonb_build_object('rule', 'talent_recommendation', 'beans', b.talent_recommendation),
        jsonb_build_object('rule', 'manual_daily_cap', 'beans', b.manual_daily_cap))
      from public.bean_rules b where b.community_id = c.id), '[]'::jsonb),
    'sla', coalesce((select jsonb_agg(jsonb_build_object('severity', r.severity, 'minutes', r.minutes, 'goal', r.goal) order by r.severity)
      from public.sla_rules r where r.community_id = c.id), '[]'::jsonb),
    'needLoop', coalesce((select jsonb_build_object('escalateGraceMinutes', s.escalate_grace_minutes, 'autoCloseDays', s.auto_close_days,
        'reopenDays', s.reopen_days) from public.community_need_settings s where s.community_id = c.id),
      jsonb_build_object('escalateGraceMinutes', 60, 'autoCloseDays', 7, 'reopenDays', 7)))
  from public.communities c where c.id = p_community
$$;
grant execute on function app.community_settings_json(uuid) to authenticated;

-- Staff of the community and admins of its street.
create or replace function public.community_settings_get(p_community_id uuid) returns jsonb
language plpgsql stable
set search_path = ''
as $$
begin
  perform app.require_uid();
  if not app.can_manage_community(p_community_id) then
    perform app.fail('auth.forbidden');
  end if;
  return app.community_settings_json(p_community_id);
end
$$;
grant execute on function public.community_settings_get(uuid) to authenticated;

create or replace function app.export_time(p_ts timestamptz) returns text
language sql immutable
set search_path = ''
as $$ select to_char(p_ts at time zone 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') $$;
grant execute on function app.export_time(timestamptz) to authenticated;

create or replace function public.export_rows(
  p_kind text, p_community_id uuid, p_street_id uuid, p_from date, p_to date
) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
declare
  c_max_rows constant int := 50000;
  v_communities uuid[];
  v_start timestamptz;
  v_end timestamptz;
  v_count bigint;
  v_rows jsonb;
begin
  perform app.require_uid();
  if (p_community_id is null) = (p_street_id is null) then
    perform app.fail('export.scope_required', 'communityId');
  end if;
  if p_from is null then
    perform app.fail('export.period_invalid', 'from');
  end if;
  if p_to is null or p_to < p_from then
    perform app.fail('export.period_invalid', 'to');
  end if;
  if p_to >= (p_from + interval '3 years')::date then
    perform app.fail('export.period_too_long', 'to');
  end if;
  -- permission before anything about the data is read or counted
  if p_community_id is not null then
    if not app.can_manage_community(p_community_id) then
      perform app.fail('auth.forbidden');
    end if;
    v_communities := array[p_community_id];
  else
    if not app.is_street_admin(p_street_id) then
      perform app.fail('auth.forbidden');
    end if;
    v_communities := coalesce((select array_agg(c.id) from public.communities c where c.street_id = p_street_id), '{}');
  end if;
  v_start := p_from::timestamp at time zone 'Asia/Shanghai';
  v_end := (p_to + 1)::timestamp at time zone 'Asia/Shanghai';

  if p_kind = 'needs' then
    select count(*) into v_count from public.needs n
    where n.community_id = any (v_communities) and n.created_at >= v_start and n.created_at < v_end;
    if v_count > c_max_rows then
      perform app.fail('export.too_many_rows');
    end if;
    select coalesce(jsonb_agg(jsonb_build_object(
        'community', c.name,
        'createdAt', app.export_time(n.created_at),
        'title', n.title,
        'category', n.category,
        'source', n.source,
        'urgency', n.urgency,
        'track', n.track,
        'severity', n.severity,
        'status', n.status,
        'grid', g.name,
        'microGrid', m.name,
        'handler', h.display_name,
        'department', n.department,
        'dueAt', app.export_time(n.due_at),
        -- open and past its deadline now, or resolved after its deadline to resolve
        'overdue', case when n.due_at is null then null
                        else app.need_overdue(n) or (n.due_goal = 'resolve' and n.resolved_at > n.due_at) end,
        'resolvedAt', app.export_time(n.resolved_at),
        'rating', n.rating,
        'ratingComment', n.rating_comment,
        'contactName', coalesce(n.contact_name, o.display_name),
        'contactPhone', app.mask_phone(coalesce(n.contact_phone, o.phone))
      ) order by n.created_at, n.id), '[]'::jsonb) into v_rows
    from public.needs n
    join public.communities c on c.id = n.community_id
    left join public.micro_grids m on m.id = n.micro_grid_id
    left join public.grids g on g.id = m.grid_id
    left join public.profiles h on h.id = n.handler_id
    left join public.profiles o on o.id = n.created_by
    where n.community_id = any (v_communities) and n.created_at >= v_start and n.created_at < v_end;

  elsif p_kind = 'services' then
    select count(*) into v_count from public.service_projects p
    where p.community_id = any (v_communities) and p.created_at >= v_start and p.created_at < v_end;
    if v_count > c_max_rows then
      perform app.fail('export.too_many_rows');
    end if;
    select coalesce(jsonb_agg(jsonb_build_object(
        'community', c.name,
        'createdAt', app.export_time(p.created_at),
        'need', n.title,
        'category', n.category,
        'resource', r.title,
        'resourceKind', r.kind,
        'provider', u.display_name,
        'origin', p.origin,
        'status', p.status,
        'beneficiaries', p.beneficiaries,
        'completedAt', app.export_time(p.completed_at),
        'rating', p.rating,
        'ratingComment', p.rating_comment,
        'cancelReason', p.cancel_reason
      ) order by p.created_at, p.id), '[]'::jsonb) into v_rows
    from public.service_projects p
    join public.communities c on c.id = p.community_id
    join public.needs n on n.id = p.need_id
    join public.resources r on r.id = p.resource_id
    left join public.profiles u on u.id = r.publisher_id
    where p.community_id = any (v_communities) and p.created_at >= v_start and p.created_at < v_end;

  elsif p_kind = 'volunteer_hours' then
    -- verified service only: a confirmed shift, dated by its check-in (as volunteer_report counts a year)
    select count(*) into v_count from public.shifts x
    join public.service_posts sp on sp.id = x.post_id
    where sp.community_id = any (v_communities) and x.status = 'confirmed' and x.check_in_at >= v_start and x.check_in_at < v_end;
    if v_count > c_max_rows then
      perform app.fail('export.too_many_rows');
    end if;
    select coalesce(jsonb_agg(jsonb_build_object(
        'community', c.name,
        'name', pr.display_name,
        'workUnit', (select v.work_unit from public.volunteer_registrations v
                     where v.profile_id = x.profile_id and v.status = 'approved' and v.work_unit is not null
                     order by (v.community_id = sp.community_id) desc, v.created_at desc limit 1),
        'post', sp.title,
        'postCategory', sp.category,
        'slot', app.export_time(s.starts_at) || '–' || to_char(s.ends_at at time zone 'Asia/Shanghai', 'HH24:MI'),
        'checkIn', app.export_time(x.check_in_at),
        'checkOut', app.export_time(x.check_out_at),
        'minutes', x.verified_minutes
      ) order by x.check_in_at, x.id), '[]'::jsonb) into v_rows
    from public.shifts x
    join public.service_posts sp on sp.id = x.post_id
    join public.post_slots s on s.id = x.slot_id
    join public.communities c on c.id = sp.community_id
    join public.profiles pr on pr.id = x.profile_id
    where sp.community_id = any (v_communities) and x.status = 'confirmed' and x.check_in_at >= v_start and x.check_in_at < v_end;

  elsif p_kind = 'bean_movements' then
    -- both sides of each transfer of the community: the pool's issue is the person's award
    select count(*) into v_count from public.bean_movements bm
    join public.bean_transfers t on t.id = bm.transfer_id
    where t.community_id = any (v_communities) and bm.created_at >= v_start and bm.created_at < v_end;
    if v_count > c_max_rows then
      perform app.fail('export.too_many_rows');
    end if;
    select coalesce(jsonb_agg(jsonb_build_object(
        'community', c.name,
        'at', app.export_time(bm.created_at),
        'account', case a.kind when 'person' then pr.display_name
                               when 'provider' then pr.display_name || '（兑换商家）'
                               when 'pool' then '社区金豆池'
                               else '兑换暂存' end,
        'amount', bm.amount,
        'balanceAfter', bm.balance_after,
        'kind', t.kind,
        'reason', t.reason
      ) order by bm.id), '[]'::jsonb) into v_rows
    from public.bean_movements bm
    join public.bean_transfers t on t.id = bm.transfer_id
    join public.bean_accounts a on a.id = bm.account_id
    join public.communities c on c.id = t.community_id
    left join public.profiles pr on pr.id = a.profile_id
    where t.community_id = any (v_communities) and bm.created_at >= v_start and bm.created_at < v_end;

  elsif p_kind = 'resolutions' then
    select count(*) into v_count from public.resolutions r
    where r.community_id = any (v_communities) and r.created_at >= v_start and r.created_at < v_end;
    if v_count > c_max_rows then
      perform app.fail('export.too_many_rows');
    end if;
    select coalesce(jsonb_agg(jsonb_build_object(
        'community', c.name,
        'createdAt', app.export_time(r.created_at),
        'title', r.title,
        'meeting', mt.title,
        'meetingAt', app.export_time(mt.starts_at),
        'need', n.title,
        'status', r.status,
        'actions', (select count(*) from public.resolution_actions ra where ra.resolution_id = r.id),
        'done', (select count(*) from public.resolution_actions ra where ra.resolution_id = r.id and ra.done_at is not null),
        'progress', coalesce((select round(avg(ra.percent))::int from public.resolution_actions ra where ra.resolution_id = r.id), 0),
        'completedAt', app.export_time(r.completed_at),
        'rating', (select round(avg(x.rating)::numeric, 2) from public.resolution_ratings x where x.resolution_id = r.id),
        'ratings', (select count(*) from public.resolution_ratings x where x.resolution_id = r.id)
      ) order by r.created_at, r.id), '[]'::jsonb) into v_rows
    from public.resolutions r
    join public.communities c on c.id = r.community_id
    join public.meetings mt on mt.id = r.meeting_id
    left join public.needs n on n.id = r.need_id
    where r.community_id = any (v_communities) and r.created_at >= v_start and r.created_at < v_end;

  else
    perform app.fail('export.kind_invalid', 'kind');
  end if;
  return v_rows;
end
$$;
grant execute on function public.export_rows(text, uuid, uuid, date, date) to authenticated;
comment on function public.export_rows(text, uuid, uuid, date, date) is 'security definer: staff and street admins export their scope with contact details (checked inside).';

create or replace function app.department_name(p_id uuid) returns text
language sql stable security definer
set search_path = ''
as $$ select d.name from public.departments d where d.id = p_id $$;
grant execute on function app.department_name(uuid) to authenticated;

-- The department's deadline: the community's rule for escalated needs (上报 within a week by default).
create or replace function app.department_due(p_community uuid) returns timestamptz
language sql stable security definer
set search_path = ''
as $$
  select now() + make_interval(mins => coalesce(
    (select r.minutes from public.sla_rules r where r.community_id = p_community and r.severity = 'escalated'), 10080))
$$;
grant execute on function app.department_due(uuid) to authenticated;

create or replace function public.needs_street_queue(
  p_street_id uuid default null,
  p_status public.need_status default null,
  p_department_id uuid default null,
  p_after_created_at timestamptz default null,
  p_after_id uuid default null,
  p_limit int default 20
) returns jsonb
language plpgsql stable security invoker
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  v_street uuid := coalesce(p_street_id,
    (select a.street_id from public.street_admins a where a.profile_id = v_uid order by a.created_at, a.street_id limit 1));
  v_limit int := least(greatest(coalesce(p_limit, 20), 1), 50);
  v_where text := '';
  v_rows public.needs[];
begin
  if v_street is null or not app.is_street_admin(v_street) then
    perform app.fail('auth.forbidden');
  end if;
  if p_status is not null then
    v_where := v_where || ' and n.status = $2';
    -- an active status (the street's tabs: 已上报, 办理中, 已解决) reads needs_street_active_idx
    if p_status in ('submitted', 'triaged', 'in_progress', 'resolved', 'escalated', 'in_deliberation', 'matched') then
      v_where := v_where || ' and n.status in (''submitted'', ''triaged'', ''in_progress'', ''resolved'', ''escalated'','
        || ' ''in_deliberation'', ''matched'')';
    end if;
  end if;
  if p_department_id is not null then v_where := v_where || ' and n.department_id = $3'; end if;
  if p_after_created_at is not null or p_after_id is not null then
    v_where := v_where || ' and (n.created_at, n.id) < ($4, $5)';
  end if;
  -- each community's first page through needs_street_queue_idx (the needs the street handles), merged
  execute format('select array(select x.n from public.communities c cross join lateral ('
    || 'select n, n.created_at, n.id from public.needs n where n.community_id = c.id'
    || ' and (n.status = ''escalated'' or n.track = ''public'' or n.department_id is not null)%s'
    || ' order by n.created_at desc, n.id desc limit $6) x'
    || ' where c.street_id = $1 order by x.created_at desc, x.id desc limit $6)', v_where)
    into v_rows
    using v_street, p_status, p_department_id, p_after_created_at, p_after_id, v_limit + 1;
  return jsonb_build_object('items', app.needs_page_json(v_rows[1:v_limit], 'all'), 'hasMore', cardinality(v_rows) > v_limit);
end
$$;
grant execute on function public.needs_street_queue(uuid, public.need_status, uuid, timestamptz, uuid, int) to authenticated;

create or replace function public.needs_department_queue(
  p_department_id uuid default null,
  p_status public.need_status default null,
  p_after_created_at timestamptz default null,
  p_after_id uuid default null,
  p_limit int default 20
) returns jsonb
language plpgsql stable security invoker
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  v_depts uuid[];
  v_limit int := least(greatest(coalesce(p_limit, 20), 1), 50);
  v_after_at timestamptz := coalesce(p_after_created_at, 'infinity');
  v_after_id uuid := coalesce(p_after_id, 'ffffffff-ffff-ffff-ffff-ffffffffffff');
  v_rows public.needs[];
begin
  if p_department_id is not null then
    if not app.is_department_member(p_department_id) then
      perform app.fail('auth.forbidden');
    end if;
    v_depts := array[p_department_id];
  else
    v_depts := array(select m.department_id from public.department_members m where m.profile_id = v_uid);
    if cardinality(v_depts) = 0 then
      perform app.fail('auth.forbidden');
    end if;
  end if;
  -- each department's first page through needs_department_idx, merged
  v_rows := array(
    select x.n
    from unnest(v_depts) d(id)
    cross join lateral (
      select n, n.created_at, n.id from public.needs n
      where n.department_id = d.id
        and (p_status is null or n.status = p_status)
        and (n.created_at, n.id) < (v_after_at, v_after_id)
      order by n.created_at desc, n.id desc
      limit v_limit + 1) x
    order by x.created_at desc, x.id desc
    limit v_limit + 1);
  -- personal data (address, contact) of residents stays with the community: not for the department
  return jsonb_build_object('items', app.needs_page_json(v_rows[1:v_limit], 'owner_or_staff'), 'hasMore', cardinality(v_rows) > v_limit);
end
$$;
grant execute on function public.needs_department_queue(uuid, public.need_status, timestamptz, uuid, int) to authenticated;

create or replace function app.department_json(d public.departments, p_full boolean) returns jsonb
language sql stable security definer
set search_path = ''
as $$
  select jsonb_build_object(
    'id', d.id,
    'streetId', d.street_id,
    'name', d.name,
    'contactName', case when p_full then d.contact_name end,
    'contactPhone', case when p_full then d.contact_phone end,
    'archived', d.archived_at is not null,
    'archivedAt', app.iso(d.archived_at),
    'members', case when p_full then coalesce((
      select jsonb_agg(jsonb_build_object('profileId', m.profile_id, 'displayName', p.display_name) order by m.created_at, m.profile_id)
      from public.department_members m join public.profiles p on p.id = m.profile_id
      where m.department_id = d.id), '[]'::jsonb) else '[]'::jsonb end,
    'openCount', (select count(*) from public.needs n where n.department_id = d.id
                  and n.status in ('triaged', 'in_progress', 'escalated') and n.department_answered_at is null),
    'createdAt', app.iso(d.created_at)
  )
$$;
grant execute on function app.department_json(public.departments, boolean) to authenticated;

-- Street admins see their street's departments in full; a department's members see theirs in full; staff of a
-- community of the street see names only (to pick one at triage). Anyone else is refused.
create or replace function public.departments_list(p_street_id uuid default null, p_include_archived boolean default false) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  v_street uuid := p_street_id;
  v_admin boolean;
  v_mine uuid[];
begin
  if v_street is null then
    v_street := coalesce(
      (select a.street_id from public.street_admins a where a.profile_id = v_uid order by a.created_at, a.street_id limit 1),
      (select c.street_id from public.profiles p join public.communities c on c.id = p.community_id where p.id = v_uid),
      (select d.street_id from public.department_members m join public.departments d on d.id = m.department_id
       where m.profile_id = v_uid order by m.created_at limit 1));
  end if;
  v_admin := v_street is not null and v_street = any (app.my_admin_street_ids());
  v_mine := app.my_department_ids();
  if not v_admin
     and not exists (select 1 from public.communities c where c.street_id = v_street and c.id = any (app.my_staff_community_ids()))
     and not exists (select 1 from public.departments d where d.id = any (v_mine) and d.street_id = v_street) then
    perform app.fail('auth.forbidden');
  end if;
  return jsonb_build_object('items', coalesce((
    select jsonb_agg(jsonb_build_object(
        'id', d.id, 'streetId', d.street_id, 'name', d.name,
        'contactName', case when v_admin or d.id = any (v_mine) then d.contact_name end,
        'contactPhone', case when v_admin or d.id = any (v_mine) then d.contact_phone end,
        'archived', d.archived_at is not null, 'archivedAt', app.iso(d.archived_at),
        'members', case when v_admin or d.id = any (v_mine) then coalesce(m.members, '[]'::jsonb) else '[]'::jsonb end,
        'openCount', coalesce(o.n, 0),
        'createdAt', app.iso(d.created_at)) order by d.archived_at nulls first, d.name)
    from public.departments d
    left join lateral (
      select jsonb_agg(jsonb_build_object('profileId', dm.profile_id, 'displayName', p.display_name) order by dm.created_at, dm.profile_id) as members
      from public.department_members dm join public.profiles p on p.id = dm.profile_id
      where dm.department_id = d.id and (v_admin or d.id = any (v_mine))) m on true
    left join (
      select n.department_id, count(*) as n from public.needs n
      where n.department_id in (select x.id from public.departments x where x.street_id = v_street)
        and n.status in ('triaged', 'in_progress', 'escalated') and n.department_answered_at is null
      group by n.department_id) o on o.department_id = d.id
    where d.street_id = v_street and (coalesce(p_include_archived, false) or d.archived_at is null)
  ), '[]'::jsonb));
end
$$;
grant execute on function public.departments_list(uuid, boolean) to authenticated;
comment on function public.departments_list(uuid, boolean) is 'security definer: staff route needs to their street''s departments by name; contacts only for the street admin (checked inside).';

create or replace function app.department_check(p_name text, p_contact_name text, p_contact_phone text) returns void
language plpgsql stable
set search_path = ''
as $$
begin
  if p_name is not null and char_length(btrim(p_name)) not between 2 and 60 then
    perform app.fail('department.name_invalid', 'name');
  end if;
  if p_contact_name is not null and char_length(btrim(p_contact_name)) not between 1 and 40 then
    perform app.fail('department.contact_invalid', 'contactName');
  end if;
  if p_contact_phone is not null and p_contact_phone !~ '^[0-9]{7,15}$' then
    perform app.fail('department.contact_invalid', 'contactPhone');
  end if;
end
$$;
grant execute on function app.department_check(text, text, text) to authenticated;

create or replace function app.street_whistle_called(p_whistle uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (select 1 from public.street_whistle_targets t join public.department_members m on m.department_id = t.department_id
                 where t.whistle_id = p_whistle and m.profile_id = (select auth.uid()))
$$;
grant execute on function app.street_whistle_called(uuid) to authenticated;

create or replace function app.street_whistle_json(w public.street_whistles) returns jsonb
language sql stable security definer
set search_path = ''
as $$
  select jsonb_build_object(
    'id', w.id, 'streetId', w.street_id, 'title', w.title, 'description', w.description,
    'needId', w.need_id, 'needTitle', (select n.title from public.needs n where n.id = w.need_id),
    'place', w.place, 'meetAt', app.iso(w.meet_at), 'status', w.status,
    'createdByName', (select p.display_name from public.profiles p where p.id = w.created_by),
    'createdAt', app.iso(w.created_at), 'closedAt', app.iso(w.closed_at),
    'targets', coalesce((
      select jsonb_agg(jsonb_build_object(
        'departmentId', t.department_id, 'departmentName', d.name,
        'reported', t.reported_at is not null, 'reportedAt', app.iso(t.reported_at),
        'reportedByName', (select p.display_name from public.profiles p where p.id = t.reported_by),
        'attendee', t.attendee, 'arriveAt', app.iso(t.arrive_at), 'note', t.note,
        'late', t.reported_at is null and now() > w.meet_at,
        'mine', app.is_department_member(t.department_id)) order by d.name)
      from public.street_whistle_targets t join public.departments d on d.id = t.department_id
      where t.whistle_id = w.id), '[]'::jsonb)
  )
$$;
grant execute on function app.street_whistle_json(public.street_whistles) to authenticated;

-- The page itself: built in one statement over the page (the row builder app.street_whistle_json ran five queries
-- per whistle and one permission function per department called: 9 ms a page). Definer, like the builder was, to name
-- the department members who reported, who may live in no community the reader belongs to; scope checked first.
create or replace function public.street_whistles_list(p_street_id uuid default null, p_after_created_at timestamptz default null,
  p_after_id uuid default null, p_limit int default 20) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  v_street uuid := coalesce(p_street_id,
    (select a.street_id from public.street_admins a where a.profile_id = v_uid order by a.created_at, a.street_id limit 1));
  v_admin boolean := v_street is not null and app.is_street_admin(v_street);
  v_depts uuid[] := array(select m.department_id from public.department_members m where m.profile_id = v_uid);
  v_called uuid[] := app.my_called_whistle_ids();
  v_limit int := least(greatest(coalesce(p_limit, 20), 1), 50);
  v_items jsonb;
  v_more boolean;
begin
  if not v_admin and (cardinality(v_depts) = 0 or p_street_id is not null) then
    perform app.fail('auth.forbidden');
  end if;
  with page as (
    select w.*, row_number() over (order by w.created_at desc, w.id desc) as k
    from (
      select w.* from public.street_whistles w
      where (case when v_admin then w.street_id = v_street else w.id = any (v_called) end)
        and (p_after_created_at is null or (w.created_at, w.id) < (p_after_created_at, p_after_id))
      order by w.created_at desc, w.id desc
      limit v_limit + 1
    ) w
  )
  select coalesce(jsonb_agg(jsonb_build_object(
      'id', w.id, 'streetId', w.street_id, 'title', w.title, 'description', w.description,
      'needId', w.need_id, 'needTitle', n.title,
      'place', w.place, 'meetAt', app.iso(w.meet_at), 'status', w.status,
      'createdByName', cp.display_name,
      'createdAt', app.iso(w.created_at), 'closedAt', app.iso(w.closed_at),
      'targets', coalesce(tg.targets, '[]'::jsonb)) order by w.k) filter (where w.k <= v_limit), '[]'::jsonb),
    count(*) > v_limit
    into v_items, v_more
  from page w
  left join public.needs n on n.id = w.need_id
  left join public.profiles cp on cp.id = w.created_by
  left join lateral (
    select jsonb_agg(jsonb_build_object(
        'departmentId', t.department_id, 'departmentName', d.name,
        'reported', t.reported_at is not null, 'reportedAt', app.iso(t.reported_at),
        'reportedByName', rp.display_name,
        'attendee', t.attendee, 'arriveAt', app.iso(t.arrive_at), 'note', t.note,
        'late', t.reported_at is null and now() > w.meet_at,
        'mine', t.department_id = any (v_depts)) order by d.name) as targets
    from public.street_whistle_targets t join public.departments d on d.id = t.department_id
    left join public.profiles rp on rp.id = t.reported_by
    where t.whistle_id = w.id) tg on true;
  return jsonb_build_object('items', v_items, 'hasMore', v_more);
end
$$;
grant execute on function public.street_whistles_list(uuid, timestamptz, uuid, int) to authenticated;
comment on function public.street_whistles_list(uuid, timestamptz, uuid, int) is 'security definer: names the department members who reported, who may live outside the reader''s communities (scope checked inside).';

-- Moderation state is for the people who manage the person: the column grant on profiles (foundation file) lists
-- what `authenticated` may select from profiles, and these two are deliberately not added to it.

-- Where the person lives, or else every community where they hold a role.
create or replace function app.member_home_communities(p_id uuid) returns uuid[]
language sql stable security definer
set search_path = ''
as $$
  select case
    when p.community_id is not null then array[p.community_id]
    else coalesce((select array_agg(distinct r.community_id order by r.community_id) from public.profile_roles r
                   where r.profile_id = p.id), '{}')
  end
  from public.profiles p where p.id = p_id
$$;
grant execute on function app.member_home_communities(uuid) to authenticated;

-- True when the caller may suspend or reinstate the person (the rule at the top of this file). Also shown per member
-- (`canSuspend`) so the members page offers the action exactly where the server will accept it.
create or replace function app.can_suspend(p_id uuid) returns boolean
language plpgsql stable security definer
set search_path = ''
as $$
declare
  v_uid uuid := (select auth.uid());
  v_home uuid[];
  v_streets uuid[];
begin
  if v_uid is null or p_id is null or p_id = v_uid
     or exists (select 1 from public.street_admins a where a.profile_id = p_id) then
    return false;
  end if;
  v_home := coalesce(app.member_home_communities(p_id), '{}');
  if cardinality(v_home) > 0 then
    return not exists (
      select 1 from unnest(v_home) h(id) left join public.communities c on c.id = h.id
      where c.id is null
         or not (app.is_street_admin(c.street_id) or app.has_role(c.id, array['admin']::public.app_role[])));
  end if;
  -- a department member (职能部门) with no community: the admins of the department's street
  select coalesce(array_agg(distinct d.street_id), '{}') into v_streets
  from public.department_members m join public.departments d on d.id = m.department_id
  where m.profile_id = p_id;
  return cardinality(v_streets) > 0
     and not exists (select 1 from unnest(v_streets) s(id) where not app.is_street_admin(s.id));
end
$$;
grant execute on function app.can_suspend(uuid) to authenticated;

-- The phone as dialled (digits and '-', 6-20 characters) or null; '' clears it. Raises naming servicePhone.
create or replace function app.community_phone_checked(p_phone text) returns text
language plpgsql immutable
set search_path = ''
as $$
declare
  v text := btrim(p_phone);
begin
  if v is null or v = '' then
    return null;
  end if;
  if char_length(v) > 20 or v !~ '^[0-9][0-9-]{4,18}[0-9]$' then
    perform app.fail('community.phone_invalid', 'servicePhone');
  end if;
  return v;
end
$$;

-- The prefix in capitals, checked for form and for use by another community (its own or its needs' numbers).
create or replace function app.community_prefix_checked(p_community uuid, p_prefix text) returns text
language plpgsql stable security definer
set search_path = ''
as $$
declare
  v text := upper(btrim(p_prefix));
begin
  if v is null or v !~ '^[A-Z][A-Z0-9]{1,7}$' then
    perform app.fail('community.ref_prefix_invalid', 'refPrefix');
  end if;
  if exists (select 1 from public.communities c where c.ref_prefix = v and c.id is distinct from p_community)
     or exists (select 1 from public.needs n where n.ref_no like v || '-%' and n.community_id is distinct from p_community) then
    perform app.fail('community.ref_prefix_taken', 'refPrefix');
  end if;
  return v;
end
$$;

----------------------------------------------------------------------------------------------------
-- Write functions
----------------------------------------------------------------------------------------------------
-- A street admin holds `admin` in every community of their street, including communities created later.
create or replace function app.street_admins_mirror() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  if tg_op = 'INSERT' then
    insert into public.profile_roles (profile_id, role, community_id)
    select new.profile_id, 'admin', c.id from public.communities c where c.street_id = new.street_id
    on conflict do nothing;
    return new;
  end if;
  delete from public.profile_roles r
  using public.communities c
  where r.profile_id = old.profile_id and r.role = 'admin' and r.community_id = c.id and c.street_id = old.street_id;
  return old;
end
$$;

create or replace function app.communities_admins_mirror() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  insert into public.profile_roles (profile_id, role, community_id)
  select a.profile_id, 'admin', new.id from public.street_admins a where a.street_id = new.street_id
  on conflict do nothing;
  return new;
end
$$;

-- Eight characters from 31 without look-alikes (no 0/O, 1/I/L). Randomness from gen_random_uuid (a CSPRNG on
-- Supabase, the local server and PGlite alike, where pgcrypto's gen_random_bytes is not always installed);
-- bytes 6 and 8 carry the uuid's version and variant bits and are skipped. Two bytes per character keep the
-- modulo bias below 0.1 %.
create or replace function app.invitation_code() returns text
language plpgsql volatile
set search_path = ''
as $$
declare
  v_alphabet constant text := 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
  v_a bytea := uuid_send(gen_random_uuid());
  v_b bytea := uuid_send(gen_random_uuid());
  v_code text := '';
  i int;
begin
  foreach i in array array[0, 1, 2, 3, 4, 5, 10, 11] loop
    v_code := v_code || substr(v_alphabet, 1 + ((get_byte(v_a, i) * 256 + get_byte(v_b, i)) % 31), 1);
  end loop;
  return v_code;
end
$$;

-- A person registers with a community themself and is its resident. Moving ends every role held in the old
-- community (its staff can no longer act there), except the `admin` rows a street admin holds through
-- street_admins, which follow the street, not the home.
create or replace function public.community_join(p_community_id uuid, p_micro_grid_id uuid default null) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  v_me public.profiles;
  v_to public.communities;
  v_from_name text;
  v_ended record;
begin
  select * into v_me from public.profiles where id = v_uid for update;
  if v_me.id is null then
    perform app.fail('auth.profile_missing');
  end if;
  select * into v_to from public.communities where id = p_community_id;
  if v_to.id is null then
    perform app.fail('join.community_not_found', 'communityId');
  end if;
  if v_to.archived_at is not null then
    perform app.fail('join.community_archived', 'communityId');
  end if;
  if p_micro_grid_id is not null and not exists (
    select 1 from public.micro_grids m join public.grids g on g.id = m.grid_id
    where m.id = p_micro_grid_id and g.community_id = p_community_id
  ) then
    perform app.fail('join.micro_grid_invalid', 'microGridId');
  end if;

  if v_me.community_id = p_community_id then
    -- already home here: only the micro-grid (楼栋) changes
    if p_micro_grid_id is not null and p_micro_grid_id is distinct from v_me.micro_grid_id then
      update public.profiles set micro_grid_id = p_micro_grid_id, updated_at = now() where id = v_uid;
    end if;
    return app.profile_json(v_uid, true);
  end if;

  if v_me.community_id is not null then
    select c.name into v_from_name from public.communities c where c.id = v_me.community_id;
    for v_ended in
      delete from public.profile_roles r
      where r.profile_id = v_uid and r.community_id = v_me.community_id
        and not (r.role = 'admin' and exists (
          select 1 from public.street_admins a join public.communities c on c.street_id = a.street_id
          where a.profile_id = v_uid and c.id = v_me.community_id))
      returning r.role
    loop
      perform app.audit('role.revoked', v_me.community_id, v_uid, jsonb_build_object('role', v_ended.role, 'reason', 'moved', 'to', v_to.name));
    end loop;
    delete from public.grid_assignments a using public.grids g
    where a.grid_id = g.id and g.community_id = v_me.community_id and a.profile_id = v_uid;
  end if;

  update public.profiles set community_id = p_community_id, micro_grid_id = p_micro_grid_id, updated_at = now() where id = v_uid;
  insert into public.profile_roles (profile_id, role, community_id) values (v_uid, 'resident', p_community_id) on conflict do nothing;
  insert into public.community_moves (profile_id, from_community_id, to_community_id, moved_by)
  values (v_uid, v_me.community_id, p_community_id, v_uid);
  if v_me.community_id is null then
    perform app.audit('member.joined', p_community_id, v_uid, jsonb_build_object('to', v_to.name));
  else
    perform app.audit('member.moved', p_community_id, v_uid,
      jsonb_build_object('from', v_from_name, 'to', v_to.name, 'fromCommunityId', v_me.community_id));
  end if;
  return app.profile_json(v_uid, true);
end
$$;
grant execute on function public.community_join(uuid, uuid) to authenticated;

-- Service role only: the API calls it after WeChat's phonenumber.getPhoneNumber vouched for the number, with the
-- profile id from the verified token. Granted to `authenticated`, anyone could store any number as verified.
create or replace function public.phone_bind(p_profile_id uuid, p_phone text) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_community uuid;
begin
  if p_phone is null or p_phone !~ '^[0-9]{7,15}$' then
    perform app.fail('phone.invalid', 'code');
  end if;
  update public.profiles set phone = p_phone, updated_at = now() where id = p_profile_id
  returning community_id into v_community;
  if not found then
    perform app.fail('auth.profile_missing');
  end if;
  -- the number itself stays out of the log: the log is read by staff
  insert into public.audit_log (street_id, community_id, actor_id, action, target_profile_id, detail)
  values ((select c.street_id from public.communities c where c.id = v_community), v_community, p_profile_id, 'phone.bound', p_profile_id, '{}'::jsonb);
  return app.profile_json(p_profile_id, true);
end
$$;
grant execute on function public.phone_bind(uuid, text) to service_role;

create or replace function public.invitation_create(
  p_community_id uuid, p_role public.app_role, p_grid_id uuid default null, p_unit_name text default null,
  p_partner_type public.partner_type default null
) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  v_community public.communities;
  v_unit_name text := nullif(btrim(coalesce(p_unit_name, '')), '');
  v_inv public.invitations;
begin
  if p_role is null or p_role not in ('staff', 'grid_worker', 'unit', 'admin') then
    perform app.fail('invitation.role_invalid', 'role');
  end if;
  select * into v_community from public.communities where id = p_community_id;
  if v_community.id is null or not app.can_manage_community(p_community_id) then
    perform app.fail('auth.forbidden');
  end if;
  if not app.can_invite(p_community_id, p_role) then
    perform app.fail('invitation.admin_only_street', 'role');
  end if;
  if v_community.archived_at is not null then
    perform app.fail('invitation.community_archived', 'communityId');
  end if;
  if p_role = 'grid_worker' and (p_grid_id is null or not exists (
    select 1 from public.grids g where g.id = p_grid_id and g.community_id = p_community_id)) then
    perform app.fail('invitation.grid_invalid', 'gridId');
  end if;
  if p_role = 'unit' and (v_unit_name is null or char_length(v_unit_name) not between 2 and 60) then
    perform app.fail('invitation.unit_name_required', 'unitName');
  end if;
  if p_role <> 'unit' and p_partner_type is not null then
    perform app.fail('invitation.partner_only_units', 'partnerType');
  end if;
  loop
    begin
      insert into public.invitations (code, role, community_id, grid_id, unit_name, partner_type, created_by)
      values (app.invitation_code(), p_role, p_community_id,
              case when p_role = 'grid_worker' then p_grid_id end,
              case when p_role = 'unit' then v_unit_name end,
              case when p_role = 'unit' then p_partner_type end, v_uid)
      returning * into v_inv;
      exit;
    exception when unique_violation then
      -- one of 31^8 codes drawn twice: draw again
    end;
  end loop;
  perform app.audit('invitation.created', p_community_id, null,
    jsonb_build_object('role', p_role, 'invitationId', v_inv.id) || case when v_unit_name is not null and p_role = 'unit' then jsonb_build_object('unitName', v_unit_name) else '{}'::jsonb end);
  return app.invitation_json(v_inv);
end
$$;
grant execute on function public.invitation_create(uuid, public.app_role, uuid, text, public.partner_type) to authenticated;

create or replace function public.invitation_revoke(p_id uuid) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  v_inv public.invitations;
begin
  select * into v_inv from public.invitations where id = p_id for update;
  -- an invitation the caller may not issue does not exist for them
  if v_inv.id is null or not app.can_invite(v_inv.community_id, v_inv.role) then
    perform app.fail('invitation.not_found');
  end if;
  if v_inv.accepted_at is not null then
    perform app.fail('invitation.used');
  end if;
  if v_inv.revoked_at is null then
    update public.invitations set revoked_at = now(), revoked_by = v_uid where id = p_id returning * into v_inv;
    perform app.audit('invitation.revoked', v_inv.community_id, null, jsonb_build_object('role', v_inv.role, 'invitationId', v_inv.id));
  end if;
  return app.invitation_json(v_inv);
end
$$;
grant execute on function public.invitation_revoke(uuid) to authenticated;

-- Single use: the row lock serialises simultaneous accepts; whoever waits finds it accepted and gets 410.
create or replace function public.invitation_accept(p_code text) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  v_inv public.invitations;
  v_community public.communities;
  v_home uuid;
  v_unit uuid;
begin
  select community_id into v_home from public.profiles where id = v_uid for update;
  if not found then
    perform app.fail('auth.profile_missing');
  end if;
  select * into v_inv from public.invitations where code = upper(btrim(p_code)) for update;
  if v_inv.id is null then
    perform app.fail('invitation.not_found', 'code');
  end if;
  if v_inv.accepted_at is not null then
    perform app.fail('invitation.used', 'code');
  end if;
  if v_inv.revoked_at is not null then
    perform app.fail('invitation.revoked', 'code');
  end if;
  if v_inv.expires_at <= now() then
    perform app.fail('invitation.expired', 'code');
  end if;
  select * into v_community from public.communities where id = v_inv.community_id;
  if v_community.archived_at is not null then
    perform app.fail('invitation.community_archived', 'code');
  end if;

  if v_inv.role = 'admin' then
    -- a street admin: the mirror trigger grants `admin` in every community of the street
    insert into public.street_admins (profile_id, street_id) values (v_uid, v_community.street_id) on conflict do nothing;
  end if;
  insert into public.profile_roles (profile_id, role, community_id) values (v_uid, v_inv.role, v_inv.community_id)
  on conflict do nothing;
  if v_inv.role = 'grid_worker' then
    insert into public.grid_assignments (profile_id, grid_id) values (v_uid, v_inv.grid_id) on conflict do nothing;
  end if;
  if v_inv.role = 'unit' then
    -- a second account of a unit already on file joins that unit
    insert into public.member_units (community_id, name, partner_type, profile_id)
    values (v_inv.community_id, v_inv.unit_name, v_inv.partner_type, v_uid)
    on conflict (community_id, name) do nothing
    returning id into v_unit;
    if v_unit is null then
      update public.member_units set profile_id = coalesce(profile_id, v_uid), partner_type = coalesce(partner_type, v_inv.partner_type)
      where community_id = v_inv.community_id and name = v_inv.unit_name
      returning id into v_unit;
    end if;
  end if;
  -- without a home community the invited person starts in this one, so a new staff member sees its queue at once
  if v_home is null then
    update public.profiles set community_id = v_inv.community_id, updated_at = now() where id = v_uid;
    insert into public.community_moves (profile_id, from_community_id, to_community_id, moved_by)
    values (v_uid, null, v_inv.community_id, v_uid);
  end if;

  update public.invitations set accepted_by = v_uid, accepted_at = now(), unit_id = v_unit where id = v_inv.id;
  perform app.audit('invitation.accepted', v_inv.community_id, v_uid, jsonb_build_object('role', v_inv.role, 'invitationId', v_inv.id));
  perform app.audit('role.granted', v_inv.community_id, v_uid,
    jsonb_build_object('role', v_inv.role, 'via', 'invitation')
    || case when v_inv.role = 'unit' then jsonb_build_object('unitName', v_inv.unit_name) else '{}'::jsonb end);
  insert into public.notifications (profile_id, kind, payload)
  select v_inv.created_by, 'invitation.accepted', jsonb_build_object('invitationId', v_inv.id, 'role', v_inv.role,
    'communityId', v_inv.community_id, 'communityName', v_community.name, 'unitName', v_inv.unit_name,
    'name', (select p.display_name from public.profiles p where p.id = v_uid))
  where v_inv.created_by is not null and v_inv.created_by <> v_uid;
  return jsonb_build_object(
    'role', v_inv.role, 'communityId', v_inv.community_id, 'communityName', v_community.name, 'unitId', v_unit,
    'profile', app.profile_json(v_uid, true));
end
$$;
grant execute on function public.invitation_accept(text) to authenticated;

-- Staff of the community grant and revoke resident, party_member, talent, unit and grid_worker there; staff and
-- admin only an admin of its street (admin there means street admin). Nobody revokes their own admin role.
-- Each change is one audit entry.
create or replace function public.member_roles_change(
  p_profile_id uuid, p_community_id uuid, p_add jsonb default '[]', p_remove jsonb default '[]', p_grid_id uuid default null
) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  v_c public.communities;
  v_target public.profiles;
  v_add public.app_role[];
  v_remove public.app_role[];
  v_role public.app_role;
  v_n int;
  v_changed boolean;
begin
  select * into v_c from public.communities where id = p_community_id;
  if v_c.id is null or not app.can_manage_community(p_community_id) then
    perform app.fail('auth.forbidden');
  end if;
  if jsonb_typeof(coalesce(p_add, '[]')) <> 'array' then
    perform app.fail('role.nothing', 'add');
  end if;
  if jsonb_typeof(coalesce(p_remove, '[]')) <> 'array' then
    perform app.fail('role.nothing', 'remove');
  end if;
  v_add := array(select distinct x::public.app_role from jsonb_array_elements_text(coalesce(p_add, '[]')) x);
  v_remove := array(select distinct x::public.app_role from jsonb_array_elements_text(coalesce(p_remove, '[]')) x);
  if cardinality(v_add) + cardinality(v_remove) = 0 then
    perform app.fail('role.nothing', 'add');
  end if;
  if v_add && v_remove then
    perform app.fail('role.conflict', 'remove');
  end if;
  if (v_add || v_remove) && array['staff', 'admin']::public.app_role[] and not app.is_street_admin(v_c.street_id) then
    perform app.fail('role.street_admin_only');
  end if;
  if p_profile_id = v_uid and 'admin' = any (v_remove) then
    perform app.fail('role.self_admin');
  end if;
  -- the person must belong to the community: live there or hold a role there
  select * into v_target from public.profiles p
  where p.id = p_profile_id
    and (p.community_id = p_community_id
         or exists (select 1 from public.profile_roles r where r.profile_id = p.id and r.community_id = p_community_id))
  for update;
  if v_target.id is null then
    perform app.fail('member.not_found', 'profileId');
  end if;
  if 'grid_worker' = any (v_add) and (p_grid_id is null or not exists (
    select 1 from public.grids g where g.id = p_grid_id and g.community_id = p_community_id)) then
    perform app.fail('role.grid_invalid', 'gridId');
  end if;

  foreach v_role in array v_remove loop
    v_changed := false;
    if v_role = 'admin' then
      -- admin in a community is the street admin's mirror: revoking it ends their administration of the street
      delete from public.street_admins where profile_id = p_profile_id and street_id = v_c.street_id;
      get diagnostics v_n = row_count;
      v_changed := v_n > 0;
    end if;
    delete from public.profile_roles where profile_id = p_profile_id and community_id = p_community_id and role = v_role;
    get diagnostics v_n = row_count;
    v_changed := v_changed or v_n > 0;
    if v_role = 'grid_worker' then
      delete from public.grid_assignments a using public.grids g
      where a.grid_id = g.id and g.community_id = p_community_id and a.profile_id = p_profile_id;
    end if;
    if v_changed then
      perform app.audit('role.revoked', p_community_id, p_profile_id, jsonb_build_object('role', v_role));
    end if;
  end loop;

  foreach v_role in array v_add loop
    v_changed := false;
    if v_role = 'admin' then
      insert into public.street_admins (profile_id, street_id) values (p_profile_id, v_c.street_id) on conflict do nothing;
      get diagnostics v_n = row_count;
      v_changed := v_n > 0;
    end if;
    insert into public.profile_roles (profile_id, role, community_id) values (p_profile_id, v_role, p_community_id)
    on conflict do nothing;
    get diagnostics v_n = row_count;
    v_changed := v_changed or v_n > 0;
    if v_role = 'grid_worker' then
      insert into public.grid_assignments (profile_id, grid_id) values (p_profile_id, p_grid_id) on conflict do nothing;
      get diagnostics v_n = row_count;
      v_changed := v_changed or v_n > 0;
    end if;
    if v_changed then
      perform app.audit('role.granted', p_community_id, p_profile_id,
        jsonb_build_object('role', v_role) || case when v_role = 'grid_worker'
          then jsonb_build_object('gridName', (select g.name from public.grids g where g.id = p_grid_id)) else '{}'::jsonb end);
    end if;
  end loop;

  select * into v_target from public.profiles where id = p_profile_id;
  return app.member_json(v_target, array[p_community_id]);
end
$$;
grant execute on function public.member_roles_change(uuid, uuid, jsonb, jsonb, uuid) to authenticated;

create or replace function public.community_create(
  p_street_id uuid, p_name text, p_scale public.community_scale, p_function public.community_function,
  p_subtype public.community_subtype, p_branch_secretary_leads_grid boolean default true,
  p_service_phone text default null, p_ref_prefix text default null
) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  v_name text := btrim(p_name);
  v_phone text;
  v_prefix text;
  v_seq int;
  v_id uuid;
  v_code text;
begin
  if p_street_id is null or not app.is_street_admin(p_street_id) then
    perform app.fail('auth.forbidden');
  end if;
  if v_name is null or char_length(v_name) not between 2 and 60 then
    perform app.fail('community.name_invalid', 'name');
  end if;
  if p_scale is null then perform app.fail('community.classification_required', 'scale'); end if;
  if p_function is null then perform app.fail('community.classification_required', 'function'); end if;
  if p_subtype is null then perform app.fail('community.classification_required', 'subtype'); end if;
  v_phone := app.community_phone_checked(p_service_phone);
  if nullif(btrim(p_ref_prefix), '') is not null then
    v_prefix := app.community_prefix_checked(null, p_ref_prefix);
  end if;
  -- Creates in one street queue here, so each one sees the seqs its predecessors took
  perform 1 from public.streets s where s.id = p_street_id for update;
  if exists (select 1 from public.communities c where c.street_id = p_street_id and c.name = v_name) then
    perform app.fail('community.name_taken', 'name');
  end if;
  select min(n) into v_seq from generate_series(1, 999) n
  where not exists (select 1 from public.communities c where c.street_id = p_street_id and c.seq = n);
  if v_seq is null then
    perform app.fail('community.seq_exhausted');
  end if;
  -- the code is set by the communities_set_code trigger; the settings, SLA rules and the street admins' roles
  -- by the other insert triggers on communities; without a prefix the column default gives SQ<n>
  begin
    insert into public.communities (street_id, name, seq, scale, function, subtype, branch_secretary_leads_grid, service_phone)
    values (p_street_id, v_name, v_seq, p_scale, p_function, p_subtype, coalesce(p_branch_secretary_leads_grid, true), v_phone)
    returning id, code into v_id, v_code;
    if v_prefix is not null then
      update public.communities set ref_prefix = v_prefix where id = v_id;
    end if;
  exception when unique_violation then
    -- a rename elsewhere took the name meanwhile, or another community the prefix
    if v_prefix is not null and exists (select 1 from public.communities c where c.ref_prefix = v_prefix) then
      perform app.fail('community.ref_prefix_taken', 'refPrefix');
    end if;
    perform app.fail('community.name_taken', 'name');
  end;
  perform app.audit('community.created', v_id, null, jsonb_build_object('name', v_name, 'code', v_code));
  return app.structure_community_json(v_id);
end
$$;
grant execute on function public.community_create(uuid, text, public.community_scale, public.community_function, public.community_subtype, boolean, text, text) to authenticated;

-- p_service_phone: null leaves it, '' clears it. p_ref_prefix: null leaves it.
create or replace function public.community_update(
  p_id uuid, p_name text default null, p_scale public.community_scale default null,
  p_function public.community_function default null, p_subtype public.community_subtype default null,
  p_branch_secretary_leads_grid boolean default null,
  p_service_phone text default null, p_ref_prefix text default null
) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  v_old public.communities;
  v_new public.communities;
  v_name text := btrim(p_name);
  v_phone text;
  v_prefix text;
  v_from jsonb;
  v_to jsonb;
begin
  select * into v_old from public.communities where id = p_id;
  if v_old.id is null then
    perform app.fail('community.not_found');
  end if;
  -- the name and the classification (the code follows it) are the street's; the phone and prefix also the staff's
  if not app.is_street_admin(v_old.street_id) then
    if not app.is_staff_of(p_id)
       or (v_name is not null and v_name <> v_old.name)
       or (p_scale is not null and p_scale <> v_old.scale)
       or (p_function is not null and p_function <> v_old.function)
       or (p_subtype is not null and p_subtype <> v_old.subtype)
       or (p_branch_secretary_leads_grid is not null and p_branch_secretary_leads_grid <> v_old.branch_secretary_leads_grid) then
      perform app.fail('auth.forbidden');
    end if;
  end if;
  select * into v_old from public.communities where id = p_id for update;
  if v_old.archived_at is not null then
    perform app.fail('community.archived');
  end if;
  if p_name is not null and char_length(v_name) not between 2 and 60 then
    perform app.fail('community.name_invalid', 'name');
  end if;
  if v_name is not null and v_name <> v_old.name
     and exists (select 1 from public.communities c where c.street_id = v_old.street_id and c.name = v_name and c.id <> p_id) then
    perform app.fail('community.name_taken', 'name');
  end if;
  v_phone := case when p_service_phone is null then v_old.service_phone else app.community_phone_checked(p_service_phone) end;
  v_prefix := case when p_ref_prefix is null then v_old.ref_prefix else app.community_prefix_checked(p_id, p_ref_prefix) end;
  begin
    update public.communities set
      name = coalesce(v_name, name),
      scale = coalesce(p_scale, scale),
      function = coalesce(p_function, function),
      subtype = coalesce(p_subtype, subtype),
      branch_secretary_leads_grid = coalesce(p_branch_secretary_leads_grid, branch_secretary_leads_grid),
      service_phone = v_phone,
      ref_prefix = v_prefix,
      updated_at = now()
    where id = p_id
    returning * into v_new;
  exception when unique_violation then
    if v_prefix is distinct from v_old.ref_prefix and exists (select 1 from public.communities c where c.ref_prefix = v_prefix and c.id <> p_id) then
      perform app.fail('community.ref_prefix_taken', 'refPrefix');
    end if;
    perform app.fail('community.name_taken', 'name');
  end;
  -- what changed, old and new side by side (the code follows the classification)
  select jsonb_object_agg(k, o.v), jsonb_object_agg(k, n.v) into v_from, v_to
  from jsonb_each(jsonb_build_object('name', v_old.name, 'scale', v_old.scale, 'function', v_old.function, 'subtype', v_old.subtype,
                                     'code', v_old.code, 'branchSecretaryLeadsGrid', v_old.branch_secretary_leads_grid,
                                     'servicePhone', v_old.service_phone, 'refPrefix', v_old.ref_prefix)) o(k, v)
  join jsonb_each(jsonb_build_object('name', v_new.name, 'scale', v_new.scale, 'function', v_new.function, 'subtype', v_new.subtype,
                                     'code', v_new.code, 'branchSecretaryLeadsGrid', v_new.branch_secretary_leads_grid,
                                     'servicePhone', v_new.service_phone, 'refPrefix', v_new.ref_prefix)) n(k2, v) on n.k2 = o.k
  where o.v is distinct from n.v;
  if v_from is not null then
    perform app.audit('community.updated', p_id, null, jsonb_build_object('name', v_new.name, 'from', v_from, 'to', v_to));
  end if;
  return app.structure_community_json(p_id);
end
$$;
grant execute on function public.community_update(uuid, text, public.community_scale, public.community_function, public.community_subtype, boolean, text, text) to authenticated;

-- Never deleted: an archived community disappears from joining and from the default lists, its data stays.
create or replace function public.community_archive(p_id uuid, p_reason text) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  v_c public.communities;
  v_reason text := btrim(p_reason);
begin
  select * into v_c from public.communities where id = p_id;
  if v_c.id is null then
    perform app.fail('community.not_found');
  end if;
  if not app.is_street_admin(v_c.street_id) then
    perform app.fail('auth.forbidden');
  end if;
  select * into v_c from public.communities where id = p_id for update;
  if v_c.archived_at is not null then
    perform app.fail('community.already_archived');
  end if;
  if v_reason is null or char_length(v_reason) not between 2 and 200 then
    perform app.fail('community.reason_invalid', 'reason');
  end if;
  update public.communities set archived_at = now(), archived_reason = v_reason, updated_at = now() where id = p_id;
  perform app.audit('community.archived', p_id, null, jsonb_build_object('name', v_c.name, 'code', v_c.code, 'reason', v_reason));
  return app.structure_community_json(p_id);
end
$$;
grant execute on function public.community_archive(uuid, text) to authenticated;

create or replace function public.grid_create(
  p_community_id uuid, p_name text, p_kind public.grid_kind default 'comprehensive', p_households int default null
) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  v_name text := btrim(p_name);
  v_id uuid;
begin
  perform app.require_open_community(p_community_id);
  if v_name is null or char_length(v_name) not between 1 and 60 then
    perform app.fail('grid.name_invalid', 'name');
  end if;
  if p_households is null or p_households not between 0 and 100000 then
    perform app.fail('grid.households_invalid', 'households');
  end if;
  if exists (select 1 from public.grids g where g.community_id = p_community_id and g.name = v_name) then
    perform app.fail('grid.name_taken', 'name');
  end if;
  begin
    insert into public.grids (community_id, name, kind, households)
    values (p_community_id, v_name, coalesce(p_kind, 'comprehensive'), p_households)
    returning id into v_id;
  exception when unique_violation then
    perform app.fail('grid.name_taken', 'name');
  end;
  perform app.audit('grid.created', p_community_id, null,
    jsonb_build_object('gridId', v_id, 'name', v_name, 'kind', coalesce(p_kind, 'comprehensive'), 'households', p_households));
  return app.structure_grid_json(v_id);
end
$$;
grant execute on function public.grid_create(uuid, text, public.grid_kind, int) to authenticated;

create or replace function public.grid_update(
  p_id uuid, p_name text default null, p_kind public.grid_kind default null, p_households int default null
) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  v_old public.grids;
  v_new public.grids;
  v_name text := btrim(p_name);
begin
  select * into v_old from public.grids where id = p_id;
  if v_old.id is null then
    perform app.fail('grid.not_found');
  end if;
  perform app.require_open_community(v_old.community_id);
  select * into v_old from public.grids where id = p_id for update;
  if p_name is not null and char_length(v_name) not between 1 and 60 then
    perform app.fail('grid.name_invalid', 'name');
  end if;
  if p_households is not null and p_households not between 0 and 100000 then
    perform app.fail('grid.households_invalid', 'households');
  end if;
  if v_name is not null and v_name <> v_old.name
     and exists (select 1 from public.grids g where g.community_id = v_old.community_id and g.name = v_name and g.id <> p_id) then
    perform app.fail('grid.name_taken', 'name');
  end if;
  begin
    update public.grids set
      name = coalesce(v_name, name), kind = coalesce(p_kind, kind), households = coalesce(p_households, households)
    where id = p_id
    returning * into v_new;
  exception when unique_violation then
    perform app.fail('grid.name_taken', 'name');
  end;
  if (v_old.name, v_old.kind, v_old.households) is distinct from (v_new.name, v_new.kind, v_new.households) then
    perform app.audit('grid.updated', v_old.community_id, null, jsonb_build_object(
      'gridId', p_id, 'name', v_new.name,
      'from', jsonb_build_object('name', v_old.name, 'kind', v_old.kind, 'households', v_old.households),
      'to', jsonb_build_object('name', v_new.name, 'kind', v_new.kind, 'households', v_new.households)));
  end if;
  return app.structure_grid_json(p_id);
end
$$;
grant execute on function public.grid_update(uuid, text, public.grid_kind, int) to authenticated;

create or replace function public.micro_grid_create(p_grid_id uuid, p_name text, p_households int default null) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  v_community uuid;
  v_name text := btrim(p_name);
  v_m public.micro_grids;
begin
  select g.community_id into v_community from public.grids g where g.id = p_grid_id;
  if v_community is null then
    perform app.fail('grid.not_found', 'gridId');
  end if;
  perform app.require_open_community(v_community);
  if v_name is null or char_length(v_name) not between 1 and 60 then
    perform app.fail('micro_grid.name_invalid', 'name');
  end if;
  if p_households is null or p_households not between 0 and 100000 then
    perform app.fail('micro_grid.households_invalid', 'households');
  end if;
  if exists (select 1 from public.micro_grids m where m.grid_id = p_grid_id and m.name = v_name) then
    perform app.fail('micro_grid.name_taken', 'name');
  end if;
  begin
    insert into public.micro_grids (grid_id, name, households) values (p_grid_id, v_name, p_households) returning * into v_m;
  exception when unique_violation then
    perform app.fail('micro_grid.name_taken', 'name');
  end;
  perform app.audit('micro_grid.created', v_community, null,
    jsonb_build_object('microGridId', v_m.id, 'gridId', p_grid_id, 'name', v_name, 'households', p_households));
  return app.structure_micro_grid_json(v_m);
end
$$;
grant execute on function public.micro_grid_create(uuid, text, int) to authenticated;

create or replace function public.micro_grid_update(p_id uuid, p_name text default null, p_households int default null) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  v_old public.micro_grids;
  v_new public.micro_grids;
  v_community uuid;
  v_name text := btrim(p_name);
begin
  select g.community_id into v_community from public.micro_grids m join public.grids g on g.id = m.grid_id where m.id = p_id;
  if v_community is null then
    perform app.fail('micro_grid.not_found');
  end if;
  perform app.require_open_community(v_community);
  select * into v_old from public.micro_grids where id = p_id for update;
  if p_name is not null and char_length(v_name) not between 1 and 60 then
    perform app.fail('micro_grid.name_invalid', 'name');
  end if;
  if p_households is not null and p_households not between 0 and 100000 then
    perform app.fail('micro_grid.households_invalid', 'households');
  end if;
  if v_name is not null and v_name <> v_old.name
     and exists (select 1 from public.micro_grids m where m.grid_id = v_old.grid_id and m.name = v_name and m.id <> p_id) then
    perform app.fail('micro_grid.name_taken', 'name');
  end if;
  begin
    update public.micro_grids set name = coalesce(v_name, name), households = coalesce(p_households, households)
    where id = p_id
    returning * into v_new;
  exception when unique_violation then
    perform app.fail('micro_grid.name_taken', 'name');
  end;
  if (v_old.name, v_old.households) is distinct from (v_new.name, v_new.households) then
    perform app.audit('micro_grid.updated', v_community, null, jsonb_build_object(
      'microGridId', p_id, 'gridId', v_new.grid_id, 'name', v_new.name,
      'from', jsonb_build_object('name', v_old.name, 'households', v_old.households),
      'to', jsonb_build_object('name', v_new.name, 'households', v_new.households)));
  end if;
  return app.structure_micro_grid_json(v_new);
end
$$;
grant execute on function public.micro_grid_update(uuid, text, int) to authenticated;

-- The tree stays sound whoever writes (the RPCs below, the seed, a maintainer at the console).
create or replace function app.party_orgs_sound() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  v_parent public.party_orgs;
begin
  if tg_op = 'UPDATE' and (new.level, new.parent_id, new.street_id, new.community_id, new.grid_id, new.micro_grid_id)
      is distinct from (old.level, old.parent_id, old.street_id, old.community_id, old.grid_id, old.micro_grid_id) then
    perform app.fail('party_org.structure_fixed');
  end if;
  if new.level <> 'street_committee' then
    select * into v_parent from public.party_orgs where id = new.parent_id;
    if v_parent.id is null or v_parent.street_id <> new.street_id or v_parent.level <> (case new.level
        when 'community_committee' then 'street_committee' when 'grid_branch' then 'community_committee'
        else 'grid_branch' end)::public.party_org_level then
      perform app.fail('party_org.parent_invalid', 'parentId');
    end if;
  end if;
  if new.level = 'community_committee'
     and not exists (select 1 from public.communities c where c.id = new.community_id and c.street_id = new.street_id) then
    perform app.fail('party_org.community_invalid', 'communityId');
  end if;
  if new.level in ('grid_branch', 'building_group') and v_parent.community_id is distinct from new.community_id then
    perform app.fail('party_org.parent_invalid', 'parentId');
  end if;
  if new.level = 'grid_branch'
     and not exists (select 1 from public.grids g where g.id = new.grid_id and g.community_id = new.community_id) then
    perform app.fail('party_org.grid_invalid', 'gridId');
  end if;
  if new.level = 'building_group' and v_parent.grid_id is distinct from new.grid_id then
    perform app.fail('party_org.grid_invalid', 'gridId');
  end if;
  if new.micro_grid_id is not null
     and not exists (select 1 from public.micro_grids m where m.id = new.micro_grid_id and m.grid_id = new.grid_id) then
    perform app.fail('party_org.micro_grid_invalid', 'microGridId');
  end if;
  if new.secretary_id is not null and (tg_op = 'INSERT' or new.secretary_id is distinct from old.secretary_id)
     and not app.party_secretary_ok(new.secretary_id, new.street_id, new.community_id) then
    perform app.fail('party_org.secretary_invalid', 'secretaryId');
  end if;
  return new;
end
$$;

create or replace function public.party_org_create(
  p_level public.party_org_level, p_name text, p_parent_id uuid default null, p_street_id uuid default null,
  p_community_id uuid default null, p_grid_id uuid default null, p_micro_grid_id uuid default null,
  p_secretary_id uuid default null
) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  v_name text := btrim(p_name);
  v_parent public.party_orgs;
  v_street uuid;
  v_community uuid;
  v_grid uuid;
  v_expected public.party_org_level;
  v_id uuid;
  v_constraint text;
begin
  if p_level is null then
    perform app.fail('party_org.level_required', 'level');
  end if;
  -- The organisation's place decides who may create it: the street committee is the street admin's,
  -- everything below belongs to one community, kept by its staff and by the street admin.
  if p_level = 'street_committee' then
    if p_street_id is null then
      perform app.fail('party_org.street_required', 'streetId');
    end if;
    if not app.is_street_admin(p_street_id) then
      perform app.fail('auth.forbidden');
    end if;
    v_street := p_street_id;
  else
    if p_parent_id is null then
      perform app.fail('party_org.parent_required', 'parentId');
    end if;
    select * into v_parent from public.party_orgs where id = p_parent_id;
    if p_level = 'community_committee' then
      if p_community_id is null then
        perform app.fail('party_org.community_required', 'communityId');
      end if;
      v_community := p_community_id;
      if not exists (select 1 from public.communities c where c.id = v_community) then
        perform app.fail('party_org.community_invalid', 'communityId');
      end if;
    elsif p_level = 'grid_branch' then
      if p_grid_id is null then
        perform app.fail('party_org.grid_required', 'gridId');
      end if;
      select g.community_id into v_community from public.grids g where g.id = p_grid_id;
      if v_community is null then
        perform app.fail('party_org.grid_invalid', 'gridId');
      end if;
      v_grid := p_grid_id;
    else
      v_community := v_parent.community_id;
      v_grid := v_parent.grid_id;
      if v_parent.id is null or v_community is null then
        perform app.fail('party_org.parent_invalid', 'parentId');
      end if;
    end if;
    if not app.can_manage_community(v_community) then
      perform app.fail('auth.forbidden');
    end if;
    select c.street_id into v_street from public.communities c where c.id = v_community;
    if exists (select 1 from public.communities c where c.id = v_community and c.archived_at is not null) then
      perform app.fail('community.archived');
    end if;
  end if;

  -- The place in the tree
  v_expected := case p_level when 'community_committee' then 'street_committee' when 'grid_branch' then 'community_committee'
                             when 'building_group' then 'grid_branch' end;
  if p_level = 'street_committee' then
    if p_parent_id is not null then
      perform app.fail('party_org.parent_invalid', 'parentId');
    end if;
    if p_community_id is not null then perform app.fail('party_org.field_not_applicable', 'communityId'); end if;
    if p_grid_id is not null then perform app.fail('party_org.field_not_applicable', 'gridId'); end if;
    if p_micro_grid_id is not null then perform app.fail('party_org.field_not_applicable', 'microGridId'); end if;
  else
    if v_parent.id is null or v_parent.level <> v_expected or v_parent.street_id <> v_street
       or (p_level <> 'community_committee' and v_parent.community_id is distinct from v_community) then
      perform app.fail('party_org.parent_invalid', 'parentId');
    end if;
    if p_community_id is not null and p_community_id <> v_community then
      perform app.fail('party_org.community_invalid', 'communityId');
    end if;
    if p_level = 'community_committee' and p_grid_id is not null then
      perform app.fail('party_org.field_not_applicable', 'gridId');
    end if;
    if p_level in ('community_committee', 'grid_branch') and p_micro_grid_id is not null then
      perform app.fail('party_org.field_not_applicable', 'microGridId');
    end if;
    if p_level = 'building_group' then
      if p_grid_id is not null and p_grid_id <> v_grid then
        perform app.fail('party_org.grid_invalid', 'gridId');
      end if;
      if p_micro_grid_id is not null
         and not exists (select 1 from public.micro_grids m where m.id = p_micro_grid_id and m.grid_id = v_grid) then
        perform app.fail('party_org.micro_grid_invalid', 'microGridId');
      end if;
    end if;
  end if;
  if v_name is null or char_length(v_name) not between 2 and 60 then
    perform app.fail('party_org.name_invalid', 'name');
  end if;
  if p_secretary_id is not null and not app.party_secretary_ok(p_secretary_id, v_street, v_community) then
    perform app.fail('party_org.secretary_invalid', 'secretaryId');
  end if;
  if p_level = 'street_committee' and exists (
      select 1 from public.party_orgs o where o.level = 'street_committee' and o.street_id = v_street) then
    perform app.fail('party_org.street_committee_exists');
  end if;
  if p_level = 'community_committee' and exists (
      select 1 from public.party_orgs o where o.level = 'community_committee' and o.community_id = v_community) then
    perform app.fail('party_org.community_committee_exists', 'communityId');
  end if;
  if p_level = 'grid_branch' and exists (select 1 from public.party_orgs o where o.level = 'grid_branch' and o.grid_id = v_grid) then
    perform app.fail('party_org.grid_branch_exists', 'gridId');
  end if;
  if p_parent_id is not null and exists (select 1 from public.party_orgs o where o.parent_id = p_parent_id and o.name = v_name) then
    perform app.fail('party_org.name_taken', 'name');
  end if;

  begin
    insert into public.party_orgs (level, name, parent_id, street_id, community_id, grid_id, micro_grid_id, secretary_id)
    values (p_level, v_name, p_parent_id, v_street,
            case when p_level = 'street_committee' then null else v_community end,
            case when p_level in ('grid_branch', 'building_group') then v_grid end,
            case when p_level = 'building_group' then p_micro_grid_id end,
            p_secretary_id)
    returning id into v_id;
  exception when unique_violation then
    -- a parallel create got there first
    get stacked diagnostics v_constraint = constraint_name;
    perform app.fail(case v_constraint
      when 'party_orgs_street_committee_key' then 'party_org.street_committee_exists'
      when 'party_orgs_community_committee_key' then 'party_org.community_committee_exists'
      when 'party_orgs_grid_branch_key' then 'party_org.grid_branch_exists'
      else 'party_org.name_taken' end,
      case when v_constraint like '%street_committee%' then null
           when v_constraint like '%community_committee%' then 'communityId'
           when v_constraint like '%grid_branch%' then 'gridId' else 'name' end);
  end;
  perform app.audit('party_org.created', case when p_level = 'street_committee' then null else v_community end, p_secretary_id,
    jsonb_build_object('partyOrgId', v_id, 'level', p_level, 'name', v_name), v_street);
  return app.party_org_json(v_id);
end
$$;
grant execute on function public.party_org_create(public.party_org_level, text, uuid, uuid, uuid, uuid, uuid, uuid) to authenticated;

-- Name and secretary only: moving an organisation in the tree would strand the ones below it.
create or replace function public.party_org_update(
  p_id uuid, p_name text default null, p_secretary_id uuid default null, p_set_secretary boolean default false
) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  v_old public.party_orgs;
  v_new public.party_orgs;
  v_name text := btrim(p_name);
begin
  select * into v_old from public.party_orgs where id = p_id;
  if v_old.id is null then
    perform app.fail('party_org.not_found');
  end if;
  if not (case when v_old.level = 'street_committee' then app.is_street_admin(v_old.street_id)
               else app.can_manage_community(v_old.community_id) end) then
    perform app.fail('auth.forbidden');
  end if;
  if v_old.community_id is not null
     and exists (select 1 from public.communities c where c.id = v_old.community_id and c.archived_at is not null) then
    perform app.fail('community.archived');
  end if;
  select * into v_old from public.party_orgs where id = p_id for update;
  if p_name is not null and char_length(v_name) not between 2 and 60 then
    perform app.fail('party_org.name_invalid', 'name');
  end if;
  if v_name is not null and v_name <> v_old.name and v_old.parent_id is not null
     and exists (select 1 from public.party_orgs o where o.parent_id = v_old.parent_id and o.name = v_name and o.id <> p_id) then
    perform app.fail('party_org.name_taken', 'name');
  end if;
  if coalesce(p_set_secretary, false) and p_secretary_id is not null
     and not app.party_secretary_ok(p_secretary_id, v_old.street_id, v_old.community_id) then
    perform app.fail('party_org.secretary_invalid', 'secretaryId');
  end if;
  begin
    update public.party_orgs set
      name = coalesce(v_name, name),
      secretary_id = case when coalesce(p_set_secretary, false) then p_secretary_id else secretary_id end,
      updated_at = now()
    where id = p_id
    returning * into v_new;
  exception when unique_violation then
    perform app.fail('party_org.name_taken', 'name');
  end;
  if (v_old.name, v_old.secretary_id) is distinct from (v_new.name, v_new.secretary_id) then
    perform app.audit('party_org.updated', v_old.community_id, v_new.secretary_id, jsonb_build_object(
      'partyOrgId', p_id, 'level', v_old.level, 'name', v_new.name,
      'from', jsonb_build_object('name', v_old.name, 'secretaryId', v_old.secretary_id),
      'to', jsonb_build_object('name', v_new.name, 'secretaryId', v_new.secretary_id)), v_old.street_id);
  end if;
  return app.party_org_json(p_id);
end
$$;
grant execute on function public.party_org_update(uuid, text, uuid, boolean) to authenticated;

-- Any subset of the settings; what is left out stays. One audit entry per change, with each changed part before and after.
create or replace function public.community_settings_put(
  p_community_id uuid, p_cosign_threshold int default null, p_yearly_target_hours numeric default null,
  p_bean_rules jsonb default null, p_sla jsonb default null, p_need_loop jsonb default null
) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  v_before jsonb;
  v_after jsonb;
  v_changes jsonb;
  v_item jsonb;
  v_rule text;
  v_beans int;
  v_max int;
  v_minutes int;
  i int := 0;
begin
  if not app.can_manage_community(p_community_id) then
    perform app.fail('auth.forbidden');
  end if;
  -- one change at a time per community, so the audit's before and after are exact
  perform 1 from public.communities where id = p_community_id for update;
  v_before := app.community_settings_json(p_community_id);

  if p_cosign_threshold is not null then
    if p_cosign_threshold not between 1 and 10000 then
      perform app.fail('settings.value_invalid', 'cosignThreshold');
    end if;
    insert into public.community_deliberation_settings (community_id, cosign_threshold) values (p_community_id, p_cosign_threshold)
    on conflict (community_id) do update set cosign_threshold = excluded.cosign_threshold;
    -- topics still collecting count toward the new threshold; those that already have enough are ready
    update public.topics set threshold = p_cosign_threshold,
      status = case when cosign_count >= p_cosign_threshold then 'ready' else 'collecting' end
    where community_id = p_community_id and status = 'collecting';
  end if;

  if p_yearly_target_hours is not null then
    if p_yearly_target_hours < 0 or p_yearly_target_hours > 1000 then
      perform app.fail('settings.value_invalid', 'yearlyTargetHours');
    end if;
    insert into public.community_volunteer_settings (community_id, yearly_target_hours) values (p_community_id, round(p_yearly_target_hours, 1))
    on conflict (community_id) do update set yearly_target_hours = excluded.yearly_target_hours;
  end if;

  if p_bean_rules is not null then
    insert into public.bean_rules (community_id) values (p_community_id) on conflict do nothing;
    for v_item in select e from jsonb_array_elements(p_bean_rules) e loop
      v_rule := v_item->>'rule';
      v_beans := (v_item->>'beans')::int;
      v_max := case v_rule when 'manual_daily_cap' then 100000 else 1000 end;
      if v_beans is null or v_beans < 0 or v_beans > v_max then
        perform app.fail('settings.value_invalid', 'beanRules.' || i || '.beans');
      end if;
      case v_rule
        when 'meeting_attendance' then update public.bean_rules set meeting_attendance = v_beans, updated_at = now() where community_id = p_community_id;
        when 'need_rated' then update public.bean_rules set need_rated = v_beans, updated_at = now() where community_id = p_community_id;
        when 'talent_recommendation' then update public.bean_rules set talent_recommendation = v_beans, updated_at = now() where community_id = p_community_id;
        when 'manual_daily_cap' then update public.bean_rules set manual_daily_cap = v_beans, updated_at = now() where community_id = p_community_id;
        else perform app.fail('settings.value_invalid', 'beanRules.' || i || '.rule');
      end case;
      i := i + 1;
    end loop;
  end if;

  if p_sla is not null then
    i := 0;
    for v_item in select e from jsonb_array_elements(p_sla) e loop
      v_minutes := (v_item->>'minutes')::int;
      if v_minutes is null or v_minutes not between 1 and 525600 then
        perform app.fail('settings.value_invalid', 'sla.' || i || '.minutes');
      end if;
      insert into public.sla_rules (community_id, severity, minutes, goal, updated_at, updated_by)
      values (p_community_id, (v_item->>'severity')::public.need_severity, v_minutes, (v_item->>'goal')::public.sla_goal, now(), v_uid)
      on conflict (community_id, severity) do update set minutes = excluded.minutes, goal = excluded.goal,
        updated_at = excluded.updated_at, updated_by = excluded.updated_by;
      i := i + 1;
    end loop;
  end if;

  if p_need_loop is not null then
    if (p_need_loop->>'escalateGraceMinutes')::int not between 0 and 43200 then
      perform app.fail('settings.value_invalid', 'needLoop.escalateGraceMinutes');
    end if;
    if (p_need_loop->>'autoCloseDays')::int not between 1 and 90 then
      perform app.fail('settings.value_invalid', 'needLoop.autoCloseDays');
    end if;
    if (p_need_loop->>'reopenDays')::int not between 1 and 90 then
      perform app.fail('settings.value_invalid', 'needLoop.reopenDays');
    end if;
    insert into public.community_need_settings (community_id) values (p_community_id) on conflict do nothing;
    update public.community_need_settings set
      escalate_grace_minutes = coalesce((p_need_loop->>'escalateGraceMinutes')::int, escalate_grace_minutes),
      auto_close_days = coalesce((p_need_loop->>'autoCloseDays')::int, auto_close_days),
      reopen_days = coalesce((p_need_loop->>'reopenDays')::int, reopen_days)
    where community_id = p_community_id;
  end if;

  v_after := app.community_settings_json(p_community_id);
  select jsonb_object_agg(k, jsonb_build_object('from', v_before->k, 'to', v_after->k)) into v_changes
  from unnest(array['cosignThreshold', 'yearlyTargetHours', 'beanRules', 'sla', 'needLoop']) k
  where v_before->k is distinct from v_after->k;
  if v_changes is not null then
    perform app.audit('settings.updated', p_community_id, null, v_changes);
  end if;
  return v_after;
end
$$;
grant execute on function public.community_settings_put(uuid, int, numeric, jsonb, jsonb, jsonb) to authenticated;

-- A department member holds `department` in every community of the street, including communities created later;
-- removed when they answer for no department of that street any more.
create or replace function app.department_members_mirror() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  v_street uuid;
begin
  if tg_op = 'INSERT' then
    select street_id into v_street from public.departments where id = new.department_id;
    insert into public.profile_roles (profile_id, role, community_id)
    select new.profile_id, 'department'::public.app_role, c.id from public.communities c where c.street_id = v_street
    on conflict do nothing;
    return new;
  end if;
  select street_id into v_street from public.departments where id = old.department_id;
  if not exists (select 1 from public.department_members m join public.departments d on d.id = m.department_id
                 where m.profile_id = old.profile_id and d.street_id = v_street) then
    delete from public.profile_roles r
    using public.communities c
    where r.profile_id = old.profile_id and r.role = 'department' and r.community_id = c.id and c.street_id = v_street;
  end if;
  return old;
end
$$;

create or replace function app.communities_departments_mirror() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  insert into public.profile_roles (profile_id, role, community_id)
  select distinct m.profile_id, 'department'::public.app_role, new.id
  from public.department_members m join public.departments d on d.id = m.department_id
  where d.street_id = new.street_id
  on conflict do nothing;
  return new;
end
$$;

-- 街道点题: the street admin routes an open need of the street (escalated, or a 公家事) to one of its departments.
-- The need keeps its status; the timeline records the routing.
create or replace function public.need_route(p_id uuid, p_department_id uuid, p_note text default null) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  n public.needs;
  v_street uuid;
  v_dept public.departments;
  v_note text := nullif(btrim(coalesce(p_note, '')), '');
begin
  select * into n from public.needs where id = p_id for update;
  select c.street_id into v_street from public.communities c where c.id = n.community_id;
  if n.id is null or not app.is_street_admin(v_street) then
    perform app.fail('need.not_found');
  end if;
  if n.status not in ('triaged', 'in_progress', 'escalated') then
    perform app.fail('need.transition_invalid', 'to');
  end if;
  select * into v_dept from public.departments d where d.id = p_department_id and d.street_id = v_street and d.archived_at is null;
  if v_dept.id is null then
    perform app.fail('need.department_invalid', 'departmentId');
  end if;
  if char_length(coalesce(v_note, '')) > 400 then
    perform app.fail('need.note_invalid', 'note');
  end if;
  update public.needs set
    department_id = v_dept.id, department = v_dept.name,
    department_due_at = app.department_due(n.community_id), department_answer = null, department_answered_at = null,
    updated_at = now()
  where id = p_id returning * into n;
  insert into public.need_events (need_id, from_status, to_status, actor_id, actor, note)
  values (p_id, n.status, n.status, v_uid, 'staff', '街道转' || v_dept.name || '办理' || coalesce('：' || v_note, ''));
  return app.need_json(n, app.need_personal_visible(n), true);
end
$$;
grant execute on function public.need_route(uuid, uuid, text) to authenticated;

-- 部门答疑: a member of the routed department answers. The answer is on the timeline (actor `department`) and in the
-- owner's inbox. An escalated need goes back to the community's staff as in_progress; otherwise the status stays.
create or replace function public.need_department_answer(p_id uuid, p_answer text) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  n public.needs;
  v_from public.need_status;
  v_answer text := nullif(btrim(coalesce(p_answer, '')), '');
  v_name text;
begin
  select * into n from public.needs where id = p_id for update;
  if n.id is null or n.department_id is null or not app.is_department_member(n.department_id) then
    if n.id is not null and app.need_visible(n) then
      perform app.fail('auth.forbidden');
    end if;
    perform app.fail('need.not_found');
  end if;
  if v_answer is null or char_length(v_answer) not between 2 and 400 then
    perform app.fail('need.answer_invalid', 'answer');
  end if;
  if n.status not in ('triaged', 'in_progress', 'escalated') then
    perform app.fail('need.transition_invalid', 'to');
  end if;
  v_from := n.status;
  v_name := app.department_name(n.department_id);
  update public.needs set
    status = case when n.status = 'escalated' then 'in_progress'::public.need_status else n.status end,
    department_answer = v_answer, department_answered_at = now(), updated_at = now()
  where id = p_id returning * into n;
  insert into public.need_events (need_id, from_status, to_status, actor_id, actor, note)
  values (p_id, v_from, n.status, v_uid, 'department', left(v_name || '答复：' || v_answer, 500));
  insert into public.notifications (profile_id, kind, payload)
  select n.created_by, 'need.answered', jsonb_build_object(
    'needId', n.id, 'title', n.title, 'department', v_name, 'answer', v_answer, 'from', v_from, 'to', n.status,
    'at', app.iso(n.department_answered_at))
  where n.created_by is not null;
  return app.need_json(n, app.need_personal_visible(n), true);
end
$$;
grant execute on function public.need_department_answer(uuid, text) to authenticated;

create or replace function public.department_create(p_street_id uuid, p_name text, p_contact_name text default null,
  p_contact_phone text default null) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  d public.departments;
begin
  if p_street_id is null or not app.is_street_admin(p_street_id) then
    perform app.fail('auth.forbidden');
  end if;
  if p_name is null then
    perform app.fail('department.name_invalid', 'name');
  end if;
  perform app.department_check(p_name, p_contact_name, p_contact_phone);
  if exists (select 1 from public.departments x where x.street_id = p_street_id and x.name = btrim(p_name)) then
    perform app.fail('department.name_taken', 'name');
  end if;
  insert into public.departments (street_id, name, contact_name, contact_phone, created_by)
  values (p_street_id, btrim(p_name), nullif(btrim(coalesce(p_contact_name, '')), ''), p_contact_phone, v_uid)
  returning * into d;
  perform app.audit('department.created', null, null, jsonb_build_object('departmentId', d.id, 'name', d.name), p_street_id);
  return app.department_json(d, true);
end
$$;
grant execute on function public.department_create(uuid, text, text, text) to authenticated;

-- Changes the given fields; `p_archived` archives (true) or restores (false). An archived department takes no new
-- routing; what was routed to it stays in its queue.
create or replace function public.department_update(p_id uuid, p_name text default null, p_contact_name text default null,
  p_contact_phone text default null, p_archived boolean default null) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  d public.departments;
begin
  perform app.require_uid();
  select * into d from public.departments where id = p_id for update;
  if d.id is null or not app.is_street_admin(d.street_id) then
    perform app.fail('department.not_found');
  end if;
  perform app.department_check(p_name, p_contact_name, p_contact_phone);
  if p_name is not null and exists (select 1 from public.departments x where x.street_id = d.street_id and x.name = btrim(p_name) and x.id <> d.id) then
    perform app.fail('department.name_taken', 'name');
  end if;
  update public.departments set
    name = coalesce(btrim(p_name), name),
    contact_name = coalesce(btrim(p_contact_name), contact_name),
    contact_phone = coalesce(p_contact_phone, contact_phone),
    archived_at = case when p_archived is null then archived_at when p_archived then coalesce(archived_at, now()) end,
    updated_at = now()
  where id = p_id returning * into d;
  perform app.audit(case when p_archived then 'department.archived' when p_archived = false then 'department.restored'
                         else 'department.updated' end,
    null, null, jsonb_build_object('departmentId', d.id, 'name', d.name)
      || jsonb_strip_nulls(jsonb_build_object('newName', p_name, 'contactChanged', case when p_contact_name is not null or p_contact_phone is not null then true end)),
    d.street_id);
  return app.department_json(d, true);
end
$$;
grant execute on function public.department_update(uuid, text, text, text, boolean) to authenticated;

-- Adds and removes the accounts that answer for a department (arrays of profile ids as jsonb).
create or replace function public.department_members_change(p_id uuid, p_add jsonb default '[]', p_remove jsonb default '[]') returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  d public.departments;
  v_add uuid[];
  v_remove uuid[];
  v_p uuid;
begin
  select * into d from public.departments where id = p_id for update;
  if d.id is null or not app.is_street_admin(d.street_id) then
    perform app.fail('department.not_found');
  end if;
  if jsonb_typeof(coalesce(p_add, '[]')) <> 'array' or exists (
       select 1 from jsonb_array_elements(coalesce(p_add, '[]')) e
       where jsonb_typeof(e) <> 'string' or e #>> '{}' !~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$') then
    perform app.fail('request.invalid', 'add');
  end if;
  if jsonb_typeof(coalesce(p_remove, '[]')) <> 'array' or exists (
       select 1 from jsonb_array_elements(coalesce(p_remove, '[]')) e
       where jsonb_typeof(e) <> 'string' or e #>> '{}' !~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$') then
    perform app.fail('request.invalid', 'remove');
  end if;
  v_add := array(select distinct (e #>> '{}')::uuid from jsonb_array_elements(coalesce(p_add, '[]')) e);
  v_remove := array(select distinct (e #>> '{}')::uuid from jsonb_array_elements(coalesce(p_remove, '[]')) e);
  if cardinality(v_add) + cardinality(v_remove) > 50 or v_add && v_remove then
    perform app.fail('request.invalid', 'add');
  end if;
  if exists (select 1 from unnest(v_add) a where not exists (select 1 from public.profiles p where p.id = a)) then
    perform app.fail('department.member_invalid', 'add');
  end if;
  foreach v_p in array v_add loop
    insert into public.department_members (department_id, profile_id, created_by) values (p_id, v_p, v_uid) on conflict do nothing;
    if found then
      perform app.audit('department.member_added', null, v_p, jsonb_build_object('departmentId', d.id, 'name', d.name), d.street_id);
    end if;
  end loop;
  foreach v_p in array v_remove loop
    delete from public.department_members where department_id = p_id and profile_id = v_p;
    if found then
      perform app.audit('department.member_removed', null, v_p, jsonb_build_object('departmentId', d.id, 'name', d.name), d.street_id);
    end if;
  end loop;
  return app.department_json(d, true);
end
$$;
grant execute on function public.department_members_change(uuid, jsonb, jsonb) to authenticated;

create or replace function public.street_whistle_create(p_street_id uuid, p_title text, p_department_ids jsonb, p_meet_at timestamptz,
  p_need_id uuid default null, p_place text default null, p_description text default null) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  w public.street_whistles;
  v_depts uuid[];
begin
  if p_street_id is null or not app.is_street_admin(p_street_id) then
    perform app.fail('auth.forbidden');
  end if;
  if p_title is null or char_length(btrim(p_title)) not between 2 and 60 then
    perform app.fail('whistle.title_invalid', 'title');
  end if;
  if p_need_id is null and nullif(btrim(coalesce(p_place, '')), '') is null then
    perform app.fail('whistle.about_required', 'place');
  end if;
  if p_place is not null and char_length(btrim(p_place)) not between 2 and 100 then
    perform app.fail('whistle.place_invalid', 'place');
  end if;
  if p_need_id is not null and not exists (
    select 1 from public.needs n join public.communities c on c.id = n.community_id where n.id = p_need_id and c.street_id = p_street_id
  ) then
    perform app.fail('need.not_found', 'needId');
  end if;
  if p_meet_at is null or p_meet_at < now() - interval '1 hour' or p_meet_at > now() + interval '90 days' then
    perform app.fail('whistle.meet_at_invalid', 'meetAt');
  end if;
  if jsonb_typeof(coalesce(p_department_ids, 'null')) <> 'array' or jsonb_array_length(p_department_ids) not between 1 and 20
     or exists (select 1 from jsonb_array_elements(p_department_ids) e
                where jsonb_typeof(e) <> 'string' or e #>> '{}' !~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$') then
    perform app.fail('whistle.departments_invalid', 'departmentIds');
  end if;
  v_depts := array(select distinct (e #>> '{}')::uuid from jsonb_array_elements(p_department_ids) e);
  if exists (select 1 from unnest(v_depts) x where not exists (
      select 1 from public.departments d where d.id = x and d.street_id = p_street_id and d.archived_at is null)) then
    perform app.fail('whistle.departments_invalid', 'departmentIds');
  end if;
  insert into public.street_whistles (street_id, title, description, need_id, place, meet_at, created_by)
  values (p_street_id, btrim(p_title), nullif(btrim(coalesce(p_description, '')), ''), p_need_id,
          nullif(btrim(coalesce(p_place, '')), ''), p_meet_at, v_uid)
  returning * into w;
  insert into public.street_whistle_targets (whistle_id, department_id) select w.id, x from unnest(v_depts) x;
  -- every member of a called department hears it, through the outbox
  insert into public.notifications (profile_id, kind, payload)
  select m.profile_id, 'whistle.department', jsonb_build_object('whistleId', w.id, 'title', w.title, 'place', w.place,
    'needId', w.need_id, 'at', app.iso(w.meet_at), 'department', min(d.name))
  from public.department_members m join public.departments d on d.id = m.department_id
  where m.department_id = any (v_depts)
  group by m.profile_id;
  perform app.audit('whistle.street_called', null, null, jsonb_build_object('whistleId', w.id, 'title', w.title,
    'departmentIds', to_jsonb(v_depts)), p_street_id);
  return app.street_whistle_json(w);
end
$$;
grant execute on function public.street_whistle_create(uuid, text, jsonb, timestamptz, uuid, text, text) to authenticated;

-- 部门报到: a member reports for their department (the one given, or their only called one): who comes and when.
-- Reporting again corrects the report. When every department has reported the whistle closes.
create or replace function public.street_whistle_report(p_id uuid, p_attendee text, p_arrive_at timestamptz,
  p_department_id uuid default null, p_note text default null) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  w public.street_whistles;
  v_dept uuid;
  v_name text;
begin
  select * into w from public.street_whistles where id = p_id for update;
  if w.id is null or not app.street_whistle_called(p_id) then
    perform app.fail('whistle.not_found');
  end if;
  select t.department_id into v_dept from public.street_whistle_targets t
  join public.department_members m on m.department_id = t.department_id and m.profile_id = v_uid
  where t.whistle_id = p_id and (p_department_id is null or t.department_id = p_department_id)
  order by t.department_id limit 1;
  if v_dept is null then
    perform app.fail('whistle.departments_invalid', 'departmentId');
  end if;
  if p_attendee is null or char_length(btrim(p_attendee)) not between 1 and 100 then
    perform app.fail('whistle.attendee_invalid', 'attendee');
  end if;
  if p_arrive_at is null or p_arrive_at > w.meet_at + interval '30 days' or p_arrive_at < w.created_at - interval '1 day' then
    perform app.fail('whistle.arrive_at_invalid', 'arriveAt');
  end if;
  if p_note is not null and char_length(btrim(p_note)) > 200 then
    perform app.fail('whistle.note_invalid', 'note');
  end if;
  update public.street_whistle_targets set reported_by = v_uid, reported_at = now(), attendee = btrim(p_attendee),
    arrive_at = p_arrive_at, note = nullif(btrim(coalesce(p_note, '')), '')
  where whistle_id = p_id and department_id = v_dept;
  if not exists (select 1 from public.street_whistle_targets t where t.whistle_id = p_id and t.reported_at is null) then
    update public.street_whistles set status = 'closed', closed_at = coalesce(closed_at, now()) where id = p_id returning * into w;
  end if;
  -- reported on the need's timeline too, so its owner and the community see the department is coming
  if w.need_id is not null then
    v_name := app.department_name(v_dept);
    insert into public.need_events (need_id, from_status, to_status, actor_id, actor, note)
    select n.id, n.status, n.status, v_uid, 'department', left(v_name || '报到：' || btrim(p_attendee) || '，' ||
      to_char(p_arrive_at at time zone 'Asia/Shanghai', 'MM"月"DD"日" HH24:MI') || ' 到场', 500)
    from public.needs n where n.id = w.need_id;
  end if;
  return app.street_whistle_json(w);
end
$$;
grant execute on function public.street_whistle_report(uuid, text, timestamptz, uuid, text) to authenticated;

create or replace function public.member_suspend(p_profile_id uuid, p_suspend boolean, p_reason text default null) returns jsonb
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  v_target public.profiles;
  v_home uuid[];
  v_reason text := nullif(btrim(coalesce(p_reason, '')), '');
  v_community uuid;
  v_street uuid;
begin
  if p_suspend is null then
    perform app.fail('member.suspend_invalid', 'suspend');
  end if;
  -- someone who manages nothing is refused outright; a manager is told only about people they can see
  if cardinality(app.my_staff_community_ids()) = 0 then
    perform app.fail('auth.forbidden');
  end if;
  -- the row lock orders two administrators acting on the same person at once
  select * into v_target from public.profiles p where p.id = p_profile_id for update;
  v_home := coalesce(app.member_home_communities(v_target.id), '{}');
  if v_target.id is null or not (
    exists (select 1 from unnest(v_home) h(id) where app.can_manage_community(h.id))
    or exists (select 1 from public.profile_roles r where r.profile_id = v_target.id and app.can_manage_community(r.community_id))
    or exists (select 1 from public.department_members m join public.departments d on d.id = m.department_id
               where m.profile_id = v_target.id and app.is_street_admin(d.street_id))
  ) then
    perform app.fail('member.not_found', 'profileId');
  end if;
  if v_target.id = v_uid then
    perform app.fail('member.suspend_self');
  end if;
  if exists (select 1 from public.street_admins a where a.profile_id = v_target.id) then
    perform app.fail('member.suspend_street_admin');
  end if;
  if not app.can_suspend(v_target.id) then
    perform app.fail('member.suspend_forbidden');
  end if;
  -- suspending says why (the person is told it when they ask); reinstating may add a note for the log
  if (p_suspend or v_reason is not null) and (v_reason is null or char_length(v_reason) not between 2 and 200) then
    perform app.fail('member.reason_invalid', 'reason');
  end if;
  if p_suspend and v_target.suspended_at is not null then
    perform app.fail('member.already_suspended');
  end if;
  if not p_suspend and v_target.suspended_at is null then
    perform app.fail('member.not_suspended');
  end if;

  if p_suspend then
    update public.profiles set suspended_at = now(), suspended_by = v_uid, suspended_reason = v_reason, updated_at = now()
    where id = v_target.id returning * into v_target;
  else
    update public.profiles set suspended_at = null, suspended_by = null, suspended_reason = null, updated_at = now()
    where id = v_target.id returning * into v_target;
  end if;

  -- the entry belongs to the person's community (or, for a department member, their department's street)
  v_community := v_home[1];
  if v_community is null then
    select d.street_id into v_street from public.department_members m join public.departments d on d.id = m.department_id
    where m.profile_id = v_target.id and app.is_street_admin(d.street_id) order by d.street_id limit 1;
  end if;
  perform app.audit(case when p_suspend then 'member.suspended' else 'member.reinstated' end, v_community, v_target.id,
    case when v_reason is null then '{}'::jsonb else jsonb_build_object('reason', v_reason) end, v_street);

  return app.member_json(v_target, v_home);
end
$$;
grant execute on function public.member_suspend(uuid, boolean, text) to authenticated;
comment on function public.member_suspend(uuid, boolean, text) is 'Suspends (with a reason) or reinstates an account: street admins for their street''s people, admin-role holders for their community''s; never oneself or a street admin. Audited as member.suspended / member.reinstated.';

----------------------------------------------------------------------------------------------------
-- Triggers
----------------------------------------------------------------------------------------------------
create trigger street_admins_mirror after insert or delete on public.street_admins
  for each row execute function app.street_admins_mirror();

create trigger communities_admins_mirror after insert on public.communities
  for each row execute function app.communities_admins_mirror();

create trigger party_orgs_sound before insert or update on public.party_orgs
  for each row execute function app.party_orgs_sound();

create trigger department_members_mirror after insert or delete on public.department_members
  for each row execute function app.department_members_mirror();

create trigger communities_departments_mirror after insert on public.communities
  for each row execute function app.communities_departments_mirror();
