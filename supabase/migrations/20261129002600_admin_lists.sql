-- Two admin lists at district scale (issue 14), measured with npm run bench:api on the district seed:
-- the person picker (33 req/s: its `or exists (role in the community)` made every search read all 200,000 profiles)
-- and the party organisation tree (143 req/s: a permission function and a row builder per organisation, on top of
-- the RLS policy's own function per row). Same rows, same order, same fields.

/** Streets in which the caller manages a community (staff or admin) or which they administer. */
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

-- the same rows as app.can_read_party_org(street_id, community_id), with the caller's scope computed once
drop policy if exists party_orgs_select on public.party_orgs;
create policy party_orgs_select on public.party_orgs for select to authenticated
  using (community_id = any ((select app.my_staff_community_ids())::uuid[])
    or (community_id is null and street_id = any ((select app.my_managed_street_ids())::uuid[])));

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
comment on function public.party_orgs_list is
  'security definer: the tree names secretaries who may live in another community (scope checked inside, as party_orgs_select).';

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
