-- One builder of the member JSON (成员). members_list (…2300) built its page set-based while app.member_json built
-- one member with nested permission functions: two copies of the same fields that had to be kept equal by hand. Now
-- app.members_json builds any number of members in one statement, with the caller's scope computed once; members_list
-- calls it for its page, and app.member_json (the single member that member_roles_change and member_suspend return)
-- is that builder for one id. Same fields, same values.

/** Members as the members list shows them, in the order of p_ids; roles, grids and unit within p_scope. */
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

create or replace function app.member_json(p public.profiles, p_scope uuid[]) returns jsonb
language sql stable security definer
set search_path = ''
as $$
  select app.members_json(array[p.id], p_scope) -> 0
$$;

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
