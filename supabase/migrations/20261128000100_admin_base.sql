-- Administration, the shared base (issue 11): who runs a street, the audit log every grant and change writes to,
-- archived communities, and the profile shape that tells a person's street.

----------------------------------------------------------------------------------------------------
-- Street administrators (街道管理员)
----------------------------------------------------------------------------------------------------
create table public.street_admins (
  profile_id uuid not null references public.profiles(id) on delete cascade,
  street_id uuid not null references public.streets(id),
  created_at timestamptz not null default now(),
  primary key (profile_id, street_id)
);
comment on table public.street_admins is '街道管理员: who administers a street. Mirrored as an `admin` role in every community of the street, so community-scoped checks (app.is_staff_of) hold for them too.';
create index street_admins_street_idx on public.street_admins (street_id);

alter table public.street_admins enable row level security;
revoke all on public.street_admins from anon, authenticated;
grant select on public.street_admins to authenticated;
grant all on public.street_admins to service_role;

create or replace function app.is_street_admin(p_street uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (select 1 from public.street_admins a where a.profile_id = (select auth.uid()) and a.street_id = p_street)
$$;
grant execute on function app.is_street_admin(uuid) to authenticated, service_role;

create policy street_admins_select on public.street_admins for select to authenticated
  using (profile_id = (select auth.uid()) or app.is_street_admin(street_id));

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
create trigger street_admins_mirror after insert or delete on public.street_admins
  for each row execute function app.street_admins_mirror();

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
create trigger communities_admins_mirror after insert on public.communities
  for each row execute function app.communities_admins_mirror();

----------------------------------------------------------------------------------------------------
-- Communities are never deleted, only archived; the grid leader rule of the community
----------------------------------------------------------------------------------------------------
alter table public.communities
  add column archived_at timestamptz,
  add column archived_reason text check (archived_reason is null or char_length(archived_reason) between 2 and 200),
  add column branch_secretary_leads_grid boolean not null default true,
  add column updated_at timestamptz not null default now();
comment on column public.communities.branch_secretary_leads_grid is '网格党支部书记兼任网格长: the grid leader shown is the secretary of the grid''s party branch.';

-- Staff of a community, or an admin of its street
create or replace function app.can_manage_community(p_community uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select app.is_staff_of(p_community)
      or exists (select 1 from public.communities c where c.id = p_community and app.is_street_admin(c.street_id))
$$;
grant execute on function app.can_manage_community(uuid) to authenticated, service_role;

----------------------------------------------------------------------------------------------------
-- The audit log: every grant and every administrative change, append-only
----------------------------------------------------------------------------------------------------
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
create index audit_log_community_idx on public.audit_log (community_id, id desc);
create index audit_log_street_idx on public.audit_log (street_id, id desc);
create index audit_log_target_idx on public.audit_log (target_profile_id, id desc);

alter table public.audit_log enable row level security;
revoke all on public.audit_log from anon, authenticated;
grant select on public.audit_log to authenticated;
grant select, insert on public.audit_log to service_role;

create policy audit_log_select on public.audit_log for select to authenticated
  using (
    (community_id is not null and app.is_staff_of(community_id))
    or (street_id is not null and app.is_street_admin(street_id))
    or target_profile_id = (select auth.uid())
  );

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

-- 138****0001: enough for staff to tell two people apart in a list
create or replace function app.mask_phone(p_phone text) returns text
language sql immutable
set search_path = ''
as $$
  select case when p_phone is null then null
              when length(p_phone) >= 7 then left(p_phone, 3) || '****' || right(p_phone, 4)
              else '****' end
$$;

----------------------------------------------------------------------------------------------------
-- The profile as every login and /api/me returns it: now with the street and the micro-grid's name
----------------------------------------------------------------------------------------------------
create or replace function app.profile_json(p_id uuid, p_with_personal boolean) returns jsonb
language sql stable
as $$
  select jsonb_build_object(
    'id', p.id,
    'handle', p.handle,
    'displayName', p.display_name,
    'communityId', p.community_id,
    'communityName', c.name,
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
