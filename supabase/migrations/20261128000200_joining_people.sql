-- Joining a community (居民入驻), invitations for every other role, member units (驻区单位), members and their roles,
-- the audit log's reader and the person picker (issue 11).
-- Reads of other people go through security definer functions that check the caller first; the tables below are
-- readable by policy only where the row concerns the reader or a community they manage.

----------------------------------------------------------------------------------------------------
-- Helpers
----------------------------------------------------------------------------------------------------

-- Lives in the community or holds any role there (street admins hold `admin` in every community of their street).
create or replace function app.is_member_of(p_community uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (select 1 from public.profiles p where p.id = (select auth.uid()) and p.community_id = p_community)
      or exists (select 1 from public.profile_roles r where r.profile_id = (select auth.uid()) and r.community_id = p_community)
$$;
grant execute on function app.is_member_of(uuid) to authenticated, service_role;

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

-- A search fragment taken literally inside LIKE/ILIKE (default escape character: backslash)
create or replace function app.like_escape(p_text text) returns text
language sql immutable
set search_path = ''
as $$ select replace(replace(replace(p_text, '\', '\\'), '%', '\%'), '_', '\_') $$;

-- Opaque keyset cursors: a JSON array of the last row's sort key, base64url. A cursor that does not decode to an
-- array of the expected length (or whose parts do not cast) is refused naming the field `cursor`.
create or replace function app.cursor_encode(p_key jsonb) returns text
language sql immutable
set search_path = ''
as $$ select rtrim(translate(encode(convert_to(p_key::text, 'UTF8'), 'base64'), E'+/\n', '-_'), '=') $$;

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

-- member lists sort by name within a community
create index if not exists profiles_community_name_idx on public.profiles (community_id, display_name, id);

alter table public.community_moves enable row level security;
alter table public.member_units enable row level security;
alter table public.invitations enable row level security;
revoke all on public.community_moves, public.member_units, public.invitations from anon, authenticated;
grant select on public.community_moves, public.member_units, public.invitations to authenticated;
grant all on public.community_moves, public.member_units, public.invitations to service_role;

create policy community_moves_select on public.community_moves for select to authenticated
  using (profile_id = (select auth.uid()) or app.can_manage_community(from_community_id) or app.can_manage_community(to_community_id));
-- the units of the joint conference are known to everyone in the community
create policy member_units_select on public.member_units for select to authenticated
  using (profile_id = (select auth.uid()) or app.is_member_of(community_id));
create policy invitations_select on public.invitations for select to authenticated
  using (accepted_by = (select auth.uid()) or created_by = (select auth.uid()) or app.can_invite(community_id, role));

----------------------------------------------------------------------------------------------------
-- JSON shapes (camelCase, matching core/contracts/admin.ts)
----------------------------------------------------------------------------------------------------
create or replace function app.invitation_status(i public.invitations) returns text
language sql stable
set search_path = ''
as $$
  select case when i.accepted_at is not null then 'accepted'
              when i.revoked_at is not null then 'revoked'
              when i.expires_at <= now() then 'expired'
              else 'pending' end
$$;

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

-- A member as a list of one or more communities shows them: roles, grids and unit within those communities only.
-- The phone, masked, only where the caller manages the person's own community.
create or replace function app.member_json(p public.profiles, p_scope uuid[]) returns jsonb
language sql stable security definer
set search_path = ''
as $$
  select jsonb_build_object(
    'profileId', p.id,
    'displayName', p.display_name,
    'phoneMasked', case when p.community_id is not null and app.can_manage_community(p.community_id) then app.mask_phone(p.phone) end,
    'communityId', p.community_id,
    'communityName', (select c.name from public.communities c where c.id = p.community_id),
    'microGridId', p.micro_grid_id,
    'microGridName', (select m.name from public.micro_grids m where m.id = p.micro_grid_id),
    'roles', coalesce((select jsonb_agg(x.role order by x.role) from (
        select distinct r.role from public.profile_roles r where r.profile_id = p.id and r.community_id = any (p_scope)) x), '[]'::jsonb),
    'gridNames', coalesce((select jsonb_agg(g.name order by g.name) from public.grid_assignments a
        join public.grids g on g.id = a.grid_id where a.profile_id = p.id and g.community_id = any (p_scope)), '[]'::jsonb),
    'unitName', (select u.name from public.member_units u where u.profile_id = p.id and u.community_id = any (p_scope)
        order by u.created_at limit 1),
    'joinedAt', app.iso(coalesce(
        (select max(mv.moved_at) from public.community_moves mv
          where mv.profile_id = p.id and mv.to_community_id = p.community_id and p.community_id = any (p_scope)),
        (select min(r.created_at) from public.profile_roles r where r.profile_id = p.id and r.community_id = any (p_scope)),
        p.created_at))
  )
$$;

----------------------------------------------------------------------------------------------------
-- Finding a community to join: anyone logged in (the structure tables are world-readable to them anyway)
----------------------------------------------------------------------------------------------------
create or replace function public.streets_list() returns jsonb
language sql stable security definer
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
language plpgsql stable security definer
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
language plpgsql stable security definer
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

----------------------------------------------------------------------------------------------------
-- Joining and moving
----------------------------------------------------------------------------------------------------
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

----------------------------------------------------------------------------------------------------
-- Invitations
----------------------------------------------------------------------------------------------------
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

-- Newest first. Admin invitations only for admins of the street: their code would make anyone a street admin.
create or replace function public.invitations_list(p_community_id uuid, p_cursor text default null, p_limit int default 20) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
declare
  v_limit int := least(greatest(coalesce(p_limit, 20), 1), 50);
  v_key jsonb;
  v_after_at timestamptz;
  v_after_id uuid;
  v_admin boolean;
  v_rows public.invitations[];
begin
  perform app.require_uid();
  if not app.can_manage_community(p_community_id) then
    perform app.fail('auth.forbidden');
  end if;
  v_key := app.cursor_decode(p_cursor, 2);
  if v_key is not null then
    v_after_at := app.cursor_ts(v_key, 0);
    v_after_id := app.cursor_uuid(v_key, 1);
  end if;
  v_admin := app.can_invite(p_community_id, 'admin');
  select coalesce(array_agg(x order by x.created_at desc, x.id desc), '{}') into v_rows
  from (
    select i.* from public.invitations i
    where i.community_id = p_community_id and (i.role <> 'admin' or v_admin)
      and (v_after_id is null or (i.created_at, i.id) < (v_after_at, v_after_id))
    order by i.created_at desc, i.id desc
    limit v_limit + 1
  ) x;
  return jsonb_build_object(
    'items', coalesce((select jsonb_agg(app.invitation_json(v_rows[o]) order by o) from generate_series(1, least(cardinality(v_rows), v_limit)) o), '[]'::jsonb),
    'nextCursor', case when cardinality(v_rows) > v_limit
      then app.cursor_encode(jsonb_build_array(app.iso((v_rows[v_limit]).created_at), (v_rows[v_limit]).id)) end
  );
end
$$;
grant execute on function public.invitations_list(uuid, text, int) to authenticated;

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
  return jsonb_build_object(
    'role', v_inv.role, 'communityId', v_inv.community_id, 'communityName', v_community.name, 'unitId', v_unit,
    'profile', app.profile_json(v_uid, true));
end
$$;
grant execute on function public.invitation_accept(text) to authenticated;

----------------------------------------------------------------------------------------------------
-- Members and roles
----------------------------------------------------------------------------------------------------
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
  v_after_name text;
  v_after_id uuid;
  v_rows public.profiles[];
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
    select p.* from public.profiles p
    where p.id in (
        select p2.id from public.profiles p2 where p2.community_id = any (v_scope)
        union
        select r.profile_id from public.profile_roles r where r.community_id = any (v_scope))
      and (v_q is null or p.display_name ilike v_like
           or (v_phone and p.community_id = any (v_scope) and p.phone like v_like))
      and (p_role is null or exists (
        select 1 from public.profile_roles r where r.profile_id = p.id and r.role = p_role and r.community_id = any (v_scope)))
      and (v_after_id is null or (p.display_name, p.id) > (v_after_name, v_after_id))
    order by p.display_name, p.id
    limit v_limit + 1
  ) x;
  return jsonb_build_object(
    'items', coalesce((select jsonb_agg(app.member_json(v_rows[o], v_scope) order by o) from generate_series(1, least(cardinality(v_rows), v_limit)) o), '[]'::jsonb),
    'nextCursor', case when cardinality(v_rows) > v_limit
      then app.cursor_encode(jsonb_build_array((v_rows[v_limit]).display_name, (v_rows[v_limit]).id)) end
  );
end
$$;
grant execute on function public.members_list(uuid, text, public.app_role, text, int) to authenticated;

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

----------------------------------------------------------------------------------------------------
-- The audit log, newest first
----------------------------------------------------------------------------------------------------
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
  v_after bigint;
  v_rows public.audit_log[];
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
  select coalesce(array_agg(x order by x.id desc), '{}') into v_rows
  from (
    select l.* from public.audit_log l
    where (case when v_communities is not null then l.community_id = any (v_communities) else l.street_id = any (v_streets) end)
      and (v_after is null or l.id < v_after)
    order by l.id desc
    limit v_limit + 1
  ) x;
  return jsonb_build_object(
    'items', coalesce((
      select jsonb_agg(jsonb_build_object(
        'id', r.id::text, 'at', app.iso(r.created_at), 'action', r.action,
        'actorName', (select p.display_name from public.profiles p where p.id = r.actor_id),
        'communityId', r.community_id,
        'communityName', (select c.name from public.communities c where c.id = r.community_id),
        'targetName', (select p.display_name from public.profiles p where p.id = r.target_profile_id),
        'detail', r.detail) order by r.id desc)
      from (select (v_rows[o]).* from generate_series(1, least(cardinality(v_rows), v_limit)) o) r), '[]'::jsonb),
    'nextCursor', case when cardinality(v_rows) > v_limit then app.cursor_encode(jsonb_build_array((v_rows[v_limit]).id)) end
  );
end
$$;
grant execute on function public.audit_list(uuid, uuid, text, int) to authenticated;

----------------------------------------------------------------------------------------------------
-- The person picker
----------------------------------------------------------------------------------------------------
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
      'microGridName', case when x.community_id = p_community_id then (select m.name from public.micro_grids m where m.id = x.micro_grid_id) end,
      'roles', coalesce((select jsonb_agg(y.role order by y.role) from (
          select distinct r.role from public.profile_roles r where r.profile_id = x.id and r.community_id = p_community_id) y), '[]'::jsonb))
      order by x.exact desc, x.display_name, x.id)
    from (
      select p.*, (p.display_name = v_q) as exact from public.profiles p
      where (p.community_id = p_community_id
             or (v_full and exists (select 1 from public.profile_roles r where r.profile_id = p.id and r.community_id = p_community_id)))
        and (v_q is null or p.display_name ilike v_like
             or (v_full and v_q ~ '^[0-9]{3,}$' and p.community_id = p_community_id and p.phone like v_like))
        and (p_role is null or exists (
          select 1 from public.profile_roles r where r.profile_id = p.id and r.role = p_role and r.community_id = p_community_id))
      order by (p.display_name = v_q) desc, p.display_name, p.id
      limit 20
    ) x
  ), '[]'::jsonb));
end
$$;
grant execute on function public.people_search(uuid, text, public.app_role) to authenticated;
