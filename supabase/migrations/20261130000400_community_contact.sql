-- Issue 15: the community's service phone (社区服务电话) and 受理编号 prefix, kept by the community's own staff.
--
-- The columns and their constraints come from 20261130000050_reference_numbers.sql. Here:
-- * the profile every login and GET /api/me returns carries `communityPhone` (打电话给社区 on 首页);
-- * the community JSON of 管理 carries `servicePhone` and `refPrefix`;
-- * community_update takes both. The street admin changes anything; the community's staff (staff or admin
--   role there) change only the phone and the prefix: name and classification stay the street's.
-- * A prefix is unique among communities, and one that another community's needs already carry is refused
--   too: needs.ref_no is unique, so reusing it would collide with that community's old numbers.
-- * community_create accepts both as well (a new community otherwise starts as SQ<n>, without a phone).

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
-- as 20261122000700_list_performance.sql left it: it runs inside the definer functions that call it
alter function app.profile_json(uuid, boolean) security invoker reset search_path;

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
revoke all on function app.community_phone_checked(text) from public;

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
revoke all on function app.community_prefix_checked(uuid, text) from public;

drop function if exists public.community_create(uuid, text, public.community_scale, public.community_function, public.community_subtype, boolean);

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

drop function if exists public.community_update(uuid, text, public.community_scale, public.community_function, public.community_subtype, boolean);

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
