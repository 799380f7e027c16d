-- Community structure administration (issue 11): communities created, renamed, reclassified and archived by the
-- street; grids and micro-grids kept by the community; the party organisation tree beside them
-- (街道党工委 → 社区党委 → 网格党支部 → 楼栋党小组).

-- (the member counts of listAdminCommunities read profiles through profiles_community_name_idx, 20261128000200)

----------------------------------------------------------------------------------------------------
-- The party organisation beside the grids (its RPCs below)
----------------------------------------------------------------------------------------------------
create type public.party_org_level as enum ('street_committee', 'community_committee', 'grid_branch', 'building_group');

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

----------------------------------------------------------------------------------------------------
-- Helpers
----------------------------------------------------------------------------------------------------
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
  select app.is_street_admin(p_street) or exists (
    select 1 from public.profile_roles r join public.communities c on c.id = r.community_id
    where r.profile_id = (select auth.uid()) and r.role in ('staff', 'admin') and c.street_id = p_street
  )
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

-- `warnings` are added by the API (core/admin/households.ts holds the household guideline, in one place).
create or replace function app.structure_micro_grid_json(m public.micro_grids) returns jsonb
language sql stable
set search_path = ''
as $$
  select jsonb_build_object('id', m.id, 'gridId', m.grid_id, 'name', m.name, 'households', m.households)
$$;

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

----------------------------------------------------------------------------------------------------
-- Communities: created, changed and archived by the street (一社区一编码 follows the classification)
----------------------------------------------------------------------------------------------------
create or replace function public.admin_communities_list(p_street_id uuid default null, p_include_archived boolean default false)
returns jsonb
language plpgsql stable security definer
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

create or replace function public.community_create(
  p_street_id uuid, p_name text, p_scale public.community_scale, p_function public.community_function,
  p_subtype public.community_subtype, p_branch_secretary_leads_grid boolean default true
) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  v_name text := btrim(p_name);
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
  -- by the other insert triggers on communities
  begin
    insert into public.communities (street_id, name, seq, scale, function, subtype, branch_secretary_leads_grid)
    values (p_street_id, v_name, v_seq, p_scale, p_function, p_subtype, coalesce(p_branch_secretary_leads_grid, true))
    returning id, code into v_id, v_code;
  exception when unique_violation then
    -- a rename elsewhere in the street took the name meanwhile (renames do not queue on the street lock)
    perform app.fail('community.name_taken', 'name');
  end;
  perform app.audit('community.created', v_id, null, jsonb_build_object('name', v_name, 'code', v_code));
  return app.structure_community_json(v_id);
end
$$;
grant execute on function public.community_create(uuid, text, public.community_scale, public.community_function, public.community_subtype, boolean) to authenticated;

create or replace function public.community_update(
  p_id uuid, p_name text default null, p_scale public.community_scale default null,
  p_function public.community_function default null, p_subtype public.community_subtype default null,
  p_branch_secretary_leads_grid boolean default null
) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  v_old public.communities;
  v_new public.communities;
  v_name text := btrim(p_name);
  v_from jsonb;
  v_to jsonb;
begin
  select * into v_old from public.communities where id = p_id;
  if v_old.id is null then
    perform app.fail('community.not_found');
  end if;
  if not app.is_street_admin(v_old.street_id) then
    perform app.fail('auth.forbidden');
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
  begin
    update public.communities set
      name = coalesce(v_name, name),
      scale = coalesce(p_scale, scale),
      function = coalesce(p_function, function),
      subtype = coalesce(p_subtype, subtype),
      branch_secretary_leads_grid = coalesce(p_branch_secretary_leads_grid, branch_secretary_leads_grid),
      updated_at = now()
    where id = p_id
    returning * into v_new;
  exception when unique_violation then
    perform app.fail('community.name_taken', 'name');
  end;
  -- what changed, old and new side by side (the code follows the classification)
  select jsonb_object_agg(k, o.v), jsonb_object_agg(k, n.v) into v_from, v_to
  from jsonb_each(jsonb_build_object('name', v_old.name, 'scale', v_old.scale, 'function', v_old.function, 'subtype', v_old.subtype,
                                     'code', v_old.code, 'branchSecretaryLeadsGrid', v_old.branch_secretary_leads_grid)) o(k, v)
  join jsonb_each(jsonb_build_object('name', v_new.name, 'scale', v_new.scale, 'function', v_new.function, 'subtype', v_new.subtype,
                                     'code', v_new.code, 'branchSecretaryLeadsGrid', v_new.branch_secretary_leads_grid)) n(k2, v) on n.k2 = o.k
  where o.v is distinct from n.v;
  if v_from is not null then
    perform app.audit('community.updated', p_id, null, jsonb_build_object('name', v_new.name, 'from', v_from, 'to', v_to));
  end if;
  return app.structure_community_json(p_id);
end
$$;
grant execute on function public.community_update(uuid, text, public.community_scale, public.community_function, public.community_subtype, boolean) to authenticated;

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

----------------------------------------------------------------------------------------------------
-- Grids and micro-grids: kept by the community's staff and the street admin
----------------------------------------------------------------------------------------------------
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

-- The community with its grids and their micro-grids, the grid workers and the grid leader.
create or replace function public.community_structure(p_id uuid) returns jsonb
language plpgsql stable security definer
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

----------------------------------------------------------------------------------------------------
-- The party organisation: 街道党工委 → 社区党委 → 网格党支部 → 楼栋党小组
----------------------------------------------------------------------------------------------------
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
create trigger party_orgs_sound before insert or update on public.party_orgs
  for each row execute function app.party_orgs_sound();

-- Who reads an organisation: whoever may manage its community; the street committee, everyone who manages in the street.
create or replace function app.can_read_party_org(p_street uuid, p_community uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select case when p_community is not null then app.can_manage_community(p_community) else app.manages_in_street(p_street) end
$$;
grant execute on function app.can_read_party_org(uuid, uuid) to authenticated;

alter table public.party_orgs enable row level security;
revoke all on public.party_orgs from anon, authenticated;
grant select on public.party_orgs to authenticated;
grant all on public.party_orgs to service_role;
create policy party_orgs_select on public.party_orgs for select to authenticated
  using (app.can_read_party_org(street_id, community_id));

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

-- Flat, parents before children; the client builds the tree from parentId.
create or replace function public.party_orgs_list(p_street_id uuid default null, p_community_id uuid default null) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  v_community_street uuid;
begin
  if not app.manages_anything()
     or (p_street_id is not null and not app.manages_in_street(p_street_id))
     or (p_community_id is not null and not app.can_manage_community(p_community_id)) then
    perform app.fail('auth.forbidden');
  end if;
  select c.street_id into v_community_street from public.communities c where c.id = p_community_id;
  return jsonb_build_object('items', coalesce((
    select jsonb_agg(app.party_org_json(o.id) order by o.level, o.name, o.id)
    from public.party_orgs o
    where app.can_read_party_org(o.street_id, o.community_id)
      and (p_street_id is null or o.street_id = p_street_id)
      and (p_community_id is null or o.community_id = p_community_id
           or (o.level = 'street_committee' and o.street_id = v_community_street))
  ), '[]'::jsonb));
end
$$;
grant execute on function public.party_orgs_list(uuid, uuid) to authenticated;

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
