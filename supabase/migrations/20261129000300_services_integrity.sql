-- Resources, matching and service projects: integrity (issue 13, items 4, 7 and 8).
--
-- 1. Reach by approval. A resource's service area (`area_community_ids`, empty = the publisher's home community) may
--    name only communities its publisher serves by approval: where the publisher holds a role that may publish
--    (a unit's approved communities, a volunteer's own, staff their own, a street admin every community of the street,
--    which the `admin` mirror gives). `resource_create` / `resource_update` refuse anything else, and because a row may
--    predate this check or an approval may be withdrawn later, `app.resource_covers` re-checks it at every use:
--    `needs_claimable`, `service_claim`, `matching_accept` (all through `app.project_open`), `matching_input`, and
--    `matching_store`.
-- 2. Matching is deterministic and checked. `matching_input` is in one total order (created_at, id), so the solver
--    breaks ties the same way every run (older needs and older resources first). `matching_store` accepts only valid
--    candidates, scores in the engine's 0..MAX_SCORE (core/matching/score.ts) and the engine's reason phrases
--    (REASON_TEXTS there), and no more pairs per need / resource than the remaining demand / capacity; anything else is
--    refused whole, naming the pair, instead of being stored as if the engine had said it.
-- 3. `service_claim` answers `need.not_found` alike for a need that does not exist and one the caller may not see.
-- 4. The need's contact (contact_name, contact_phone, address) goes to the provider of a service project only once both
--    sides have confirmed it, through `app.need_contact`, a definer accessor that checks the caller itself (the lead
--    revokes those columns from `authenticated` in 20261129000900).

----------------------------------------------------------------------------------------------------
-- Helpers
----------------------------------------------------------------------------------------------------

-- Definer so that a check made on behalf of another person (staff running matching for a unit's resource) sees the
-- publisher's roles whatever the caller may read of profile_roles.
create or replace function app.publisher_serves(p_publisher uuid, p_community uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (
    select 1 from public.profile_roles x
    where x.profile_id = p_publisher and x.community_id = p_community
      and x.role in ('unit', 'party_member', 'talent', 'staff', 'admin'))
$$;
comment on function app.publisher_serves(uuid, uuid) is
  'True when the person holds, in the community, a role that may publish resources: the approval a service area needs.';
revoke execute on function app.publisher_serves(uuid, uuid) from public, anon;
grant execute on function app.publisher_serves(uuid, uuid) to authenticated, service_role;

-- (from 20261122000300_resources_services.sql) + the publisher must serve the need's community by approval
create or replace function app.resource_covers(r public.resources, n public.needs) returns boolean
language sql stable
set search_path = ''
as $$
  select n.category = any (r.categories)
    and (case when cardinality(r.area_community_ids) = 0 then r.community_id = n.community_id
              else n.community_id = any (r.area_community_ids) end)
    and (cardinality(r.area_grid_ids) = 0 or app.need_grid(n) = any (r.area_grid_ids))
    and app.publisher_serves(r.publisher_id, n.community_id)
$$;
-- read paths (needs_claimable) call it; granted so they keep working once they run as the caller
grant execute on function app.resource_covers(public.resources, public.needs) to authenticated;

-- Who to reach for a need and where, for those who may know it: the need's owner, staff of its community, and the
-- provider (the resource's publisher) of a project for the need that both sides have confirmed and that is not
-- cancelled. Anyone else gets null. For a need with an owner the contact columns are empty (need_create stores them
-- only for hotline needs without one), so the owner's own name and phone stand in: the provider must be able to call.
create or replace function app.need_contact(p_need_id uuid) returns jsonb
language sql stable security definer
set search_path = ''
as $$
  select jsonb_build_object(
    'contactName', coalesce(n.contact_name, o.display_name),
    'contactPhone', coalesce(n.contact_phone, o.phone),
    'address', n.address)
  from public.needs n
  left join public.profiles o on o.id = n.created_by
  where n.id = p_need_id
    and (select auth.uid()) is not null
    and (n.created_by = (select auth.uid())
      or app.is_staff_of(n.community_id)
      or exists (
        select 1 from public.service_projects p
        join public.resources r on r.id = p.resource_id
        where p.need_id = n.id and r.publisher_id = (select auth.uid())
          and p.status in ('confirmed', 'in_progress', 'completed', 'evaluated')))
$$;
comment on function app.need_contact(uuid) is
  'The need''s contact name, phone and address for its owner, staff of its community and the provider of a confirmed service project; null for anyone else.';
revoke execute on function app.need_contact(uuid) from public, anon;
grant execute on function app.need_contact(uuid) to authenticated;

-- (from 20261122000300_resources_services.sql) + the need's contact in the detail, through app.need_contact
create or replace function app.project_json(p public.service_projects, p_detail boolean) returns jsonb
language sql stable security definer
set search_path = ''
as $$
  with ctx as (
    select n.title as need_title, n.category as need_category, n.status as need_status, n.created_by as need_owner,
           r.title as resource_title, r.publisher_id, r.contact_name, r.contact_phone,
           (select pr.display_name from public.profiles pr where pr.id = r.publisher_id) as publisher_name,
           mp.score, coalesce(mp.reasons, '{}') as reasons,
           app.is_staff_of(p.community_id) as is_staff,
           r.publisher_id = (select auth.uid()) as is_unit,
           n.created_by = (select auth.uid()) as is_owner
    from public.needs n, public.resources r
    left join public.match_proposals mp on mp.id = p.proposal_id
    where n.id = p.need_id and r.id = p.resource_id
  )
  select jsonb_build_object(
    'id', p.id, 'communityId', p.community_id, 'needId', p.need_id, 'needTitle', c.need_title,
    'needCategory', c.need_category, 'needStatus', c.need_status, 'resourceId', p.resource_id,
    'resourceTitle', c.resource_title, 'publisherName', c.publisher_name, 'origin', p.origin, 'status', p.status,
    'score', c.score, 'reasons', to_jsonb(c.reasons),
    'unitConfirmed', p.unit_confirmed_at is not null, 'communityConfirmed', p.community_confirmed_at is not null,
    'beneficiaries', p.beneficiaries, 'rating', p.rating, 'ratingComment', p.rating_comment,
    'cancelReason', p.cancel_reason, 'createdAt', app.iso(p.created_at), 'updatedAt', app.iso(p.updated_at)
  ) || case when p_detail then jsonb_build_object(
    'progress', coalesce((select jsonb_agg(jsonb_build_object(
        'id', g.id, 'authorName', (select pr.display_name from public.profiles pr where pr.id = g.author_id),
        'note', g.note, 'percent', g.percent, 'at', app.iso(g.created_at)) order by g.id)
      from public.service_progress g where g.project_id = p.id), '[]'::jsonb),
    'canConfirm', p.status = 'proposed' and (
      (c.is_unit and p.unit_confirmed_at is null) or (c.is_staff and p.community_confirmed_at is null)),
    'canManage', p.status in ('proposed', 'confirmed', 'in_progress') and (c.is_unit or c.is_staff),
    'canEvaluate', p.status = 'completed' and c.is_owner,
    'contactName', case when c.is_staff or c.is_unit or c.is_owner then c.contact_name end,
    'contactPhone', case when c.is_staff or c.is_unit or c.is_owner then c.contact_phone end
  ) || (
    -- the accessor decides who may know where the need is and whom to call; detail only, never in lists
    select jsonb_build_object('needContactName', z.nc->>'contactName', 'needContactPhone', z.nc->>'contactPhone',
                              'needAddress', z.nc->>'address')
    from (select app.need_contact(p.need_id) as nc) z
  ) else '{}'::jsonb end
  from ctx c
$$;

----------------------------------------------------------------------------------------------------
-- Resources
----------------------------------------------------------------------------------------------------

-- (from 20261122000300_resources_services.sql) + the service area only where the publisher serves by approval
create or replace function public.resource_create(
  p_title text, p_description text, p_kind public.resource_kind, p_partner_type public.partner_type,
  p_categories jsonb, p_capacity int, p_period public.resource_period, p_community_ids jsonb, p_grid_ids jsonb,
  p_availability jsonb, p_contact_name text, p_contact_phone text
) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  v_community uuid;
  v_communities uuid[] := array(select jsonb_array_elements_text(coalesce(p_community_ids, '[]'))::uuid);
  v_grids uuid[] := array(select jsonb_array_elements_text(coalesce(p_grid_ids, '[]'))::uuid);
  r public.resources;
begin
  -- a unit's or volunteer's home community is where its roles are; a unit serving A holds its role in A
  select p.community_id into v_community from public.profiles p where p.id = v_uid;
  if v_community is null or not app.has_role(v_community, array['unit', 'party_member', 'talent', 'staff', 'admin']::public.app_role[]) then
    perform app.fail('auth.forbidden');
  end if;
  if p_partner_type is not null and not app.has_role(v_community, array['unit']::public.app_role[]) then
    perform app.fail('resource.partner_only_units', 'partnerType');
  end if;
  if exists (select 1 from unnest(v_grids) g where not exists (
      select 1 from public.grids x where x.id = g and x.community_id = any (coalesce(nullif(v_communities, '{}'), array[v_community])))) then
    perform app.fail('resource.grid_invalid', 'gridIds');
  end if;
  if exists (select 1 from unnest(v_communities) c where not exists (select 1 from public.communities x where x.id = c)) then
    perform app.fail('resource.community_invalid', 'communityIds');
  end if;
  -- naming a community is a claim to serve it: only where an approval says so (otherwise its needs become claimable)
  if exists (select 1 from unnest(v_communities) c where not app.publisher_serves(v_uid, c)) then
    perform app.fail('resource.area_not_served', 'communityIds');
  end if;
  insert into public.resources (community_id, publisher_id, title, description, kind, partner_type, categories, capacity, period,
    area_community_ids, area_grid_ids, availability, contact_name, contact_phone)
  values (v_community, v_uid, btrim(p_title), coalesce(btrim(p_description), ''), p_kind, p_partner_type,
    array(select distinct jsonb_array_elements_text(p_categories)::public.need_category), p_capacity, coalesce(p_period, 'month'),
    v_communities, v_grids, coalesce(p_availability, '[]'), btrim(p_contact_name), p_contact_phone)
  returning * into r;
  return app.resource_json(r, true);
end
$$;
grant execute on function public.resource_create(text, text, public.resource_kind, public.partner_type, jsonb, int,
  public.resource_period, jsonb, jsonb, jsonb, text, text) to authenticated;

-- (from 20261128000400_editing_settings.sql) + a new service area only where the publisher (not the editor: staff
-- editing a unit's resource cannot widen the unit's reach) serves by approval
create or replace function public.resource_update(
  p_id uuid, p_title text default null, p_description text default null, p_kind public.resource_kind default null,
  p_partner_type public.partner_type default null, p_clear_partner_type boolean default false, p_categories jsonb default null,
  p_capacity int default null, p_period public.resource_period default null, p_community_ids jsonb default null,
  p_grid_ids jsonb default null, p_availability jsonb default null, p_contact_name text default null, p_contact_phone text default null
) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  r public.resources := app.resource_for_manager(p_id);
  v_communities uuid[];
  v_grids uuid[];
begin
  if r.status = 'archived' then
    perform app.fail('resource.archived');
  end if;
  v_communities := case when p_community_ids is null then r.area_community_ids
                        else array(select jsonb_array_elements_text(p_community_ids)::uuid) end;
  v_grids := case when p_grid_ids is null then r.area_grid_ids else array(select jsonb_array_elements_text(p_grid_ids)::uuid) end;
  if p_partner_type is not null and not exists (select 1 from public.profile_roles x
      where x.profile_id = r.publisher_id and x.community_id = r.community_id and x.role = 'unit') then
    perform app.fail('resource.partner_only_units', 'partnerType');
  end if;
  if exists (select 1 from unnest(v_communities) c where not exists (select 1 from public.communities x where x.id = c)) then
    perform app.fail('resource.community_invalid', 'communityIds');
  end if;
  -- only a new area is checked, so an edit of the title still works after an approval is withdrawn (the stale
  -- community is then simply not reached: app.resource_covers checks again at every use)
  if p_community_ids is not null and exists (select 1 from unnest(v_communities) c where not app.publisher_serves(r.publisher_id, c)) then
    perform app.fail('resource.area_not_served', 'communityIds');
  end if;
  if exists (select 1 from unnest(v_grids) g where not exists (
      select 1 from public.grids x where x.id = g and x.community_id = any (coalesce(nullif(v_communities, '{}'), array[r.community_id])))) then
    perform app.fail('resource.grid_invalid', 'gridIds');
  end if;
  if p_contact_phone is not null and p_contact_phone !~ '^[0-9]{7,15}$' then
    perform app.fail('request.invalid', 'contactPhone');
  end if;
  if p_categories is not null and jsonb_array_length(p_categories) = 0 then
    perform app.fail('request.invalid', 'categories');
  end if;
  update public.resources set
    title = coalesce(btrim(p_title), title),
    description = coalesce(btrim(p_description), description),
    kind = coalesce(p_kind, kind),
    partner_type = case when p_clear_partner_type then null else coalesce(p_partner_type, partner_type) end,
    categories = case when p_categories is null then categories
                      else array(select distinct jsonb_array_elements_text(p_categories)::public.need_category) end,
    capacity = coalesce(p_capacity, capacity),
    period = coalesce(p_period, period),
    area_community_ids = v_communities,
    area_grid_ids = v_grids,
    availability = coalesce(p_availability, availability),
    contact_name = coalesce(btrim(p_contact_name), contact_name),
    contact_phone = coalesce(p_contact_phone, contact_phone),
    updated_at = now()
  where id = p_id returning * into r;
  return app.resource_json(r, true);
end
$$;
grant execute on function public.resource_update(uuid, text, text, public.resource_kind, public.partner_type, boolean, jsonb, int,
  public.resource_period, jsonb, jsonb, jsonb, text, text) to authenticated;

----------------------------------------------------------------------------------------------------
-- Matching
----------------------------------------------------------------------------------------------------

-- (from 20261122000300_resources_services.sql) + one total order, and only resources whose publisher serves the
-- community. The solver keeps the first of equally good pairs, so the order is the tie-break: oldest first.
create or replace function public.matching_input(p_community_id uuid) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
begin
  if not app.is_staff_of(p_community_id) then
    perform app.fail('auth.forbidden');
  end if;
  return jsonb_build_object(
    'needs', coalesce((
      select jsonb_agg(jsonb_build_object(
        'id', n.id, 'title', n.title, 'category', n.category, 'communityId', n.community_id, 'gridId', app.need_grid(n),
        'microGridId', n.micro_grid_id, 'urgency', n.urgency, 'createdAt', app.iso(n.created_at),
        'window', case when n.window_from is not null and n.window_to is not null
                       then jsonb_build_object('from', app.iso(n.window_from), 'to', app.iso(n.window_to)) end,
        'demand', greatest(n.demand - (select count(*) from public.service_projects p
                                         where p.need_id = n.id and p.status <> 'cancelled'), 0))
        order by n.created_at, n.id)
      from public.needs n
      where n.community_id = p_community_id and n.status in ('triaged', 'in_progress')), '[]'::jsonb),
    'resources', coalesce((
      select jsonb_agg(jsonb_build_object(
        'id', r.id, 'title', r.title, 'categories', to_jsonb(r.categories),
        'serviceArea', jsonb_build_object(
          'communityIds', case when cardinality(r.area_community_ids) = 0 then jsonb_build_array(r.community_id) else to_jsonb(r.area_community_ids) end,
          'gridIds', to_jsonb(r.area_grid_ids)),
        'availability', r.availability, 'capacity', r.capacity, 'currentLoad', app.resource_load(r.id),
        'communityId', r.community_id,
        'gridId', (select m.grid_id from public.profiles pr join public.micro_grids m on m.id = pr.micro_grid_id where pr.id = r.publisher_id),
        'microGridId', (select pr.micro_grid_id from public.profiles pr where pr.id = r.publisher_id))
        order by r.created_at, r.id)
      from public.resources r
      where r.status = 'active' and (r.community_id = p_community_id or p_community_id = any (r.area_community_ids))
        and app.publisher_serves(r.publisher_id, p_community_id)), '[]'::jsonb)
  );
end
$$;
grant execute on function public.matching_input(uuid) to authenticated;

-- A reason phrase the engine can produce (core/matching/score.ts REASON_TEXTS and waitingReason).
create or replace function app.matching_reason_known(p_reason text) returns boolean
language sql immutable
set search_path = ''
as $$
  select p_reason in ('紧急需求', '较急需求', '同一微网格', '同一网格', '同一社区', '专业对口', '可提供此类服务', '服务方负荷低', '服务方负荷较高')
      or p_reason ~ '^已等待 [1-9][0-9]{0,3} 天$'
$$;
grant execute on function app.matching_reason_known(text) to authenticated;

-- (from 20261122000300_resources_services.sql) + every pair checked before anything is written.
-- p_proposals: [{ need, resource, score, reasons: [...] }]; earlier open proposals of the community are superseded.
-- A pair is valid when it is what matching_input + the engine could propose now: the need is the community's and open
-- (triaged or in progress) with demand left, the resource is active with capacity left and covers the need (category,
-- area, grid, and its publisher serves the community), their times overlap, no live project joins them yet; and no
-- need / resource appears in more pairs than its remaining demand / capacity. Refused whole (409/400, naming the pair).
create or replace function public.matching_store(p_community_id uuid, p_proposals jsonb, p_stats jsonb) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  v_run uuid;
  v_items jsonb := coalesce(p_proposals, '[]');
  v_item jsonb;
  v_i int;
  v_at text;
  v_need uuid;
  v_res uuid;
  v_score numeric;
  n public.needs;
  r public.resources;
  v_seen text[] := '{}';
  v_need_left jsonb := '{}';
  v_res_left jsonb := '{}';
  v_left int;
  c_uuid constant text := '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
  c_max_score constant int := 10000; -- core/matching/score.ts MAX_SCORE
begin
  if not app.is_staff_of(p_community_id) then
    perform app.fail('auth.forbidden');
  end if;
  if jsonb_typeof(v_items) <> 'array' or jsonb_array_length(v_items) > 10000 then
    perform app.fail('request.invalid', 'proposals');
  end if;
  if p_stats is not null and jsonb_typeof(p_stats) <> 'object' then
    perform app.fail('request.invalid', 'stats');
  end if;
  for v_item, v_i in select e.x, (e.i - 1)::int from jsonb_array_elements(v_items) with ordinality e(x, i) order by e.i loop
    v_at := format('proposals[%s]', v_i);
    if jsonb_typeof(v_item) is distinct from 'object'
       or jsonb_typeof(v_item->'need') is distinct from 'string' or (v_item->>'need') !~ c_uuid
       or jsonb_typeof(v_item->'resource') is distinct from 'string' or (v_item->>'resource') !~ c_uuid then
      raise exception using errcode = 'P0001', message = 'matching.pair_invalid', detail = v_at,
        hint = format('需求 %s / 资源 %s', coalesce(left(v_item->>'need', 40), '?'), coalesce(left(v_item->>'resource', 40), '?'));
    end if;
    v_need := (v_item->>'need')::uuid;
    v_res := (v_item->>'resource')::uuid;
    if jsonb_typeof(v_item->'score') is distinct from 'number' then
      perform app.fail('matching.score_invalid', v_at || '.score');
    end if;
    v_score := (v_item->>'score')::numeric;
    if v_score <> trunc(v_score) or v_score < 0 or v_score > c_max_score then
      perform app.fail('matching.score_invalid', v_at || '.score');
    end if;
    if v_item ? 'reasons' and jsonb_typeof(v_item->'reasons') <> 'null' and (
         jsonb_typeof(v_item->'reasons') <> 'array' or jsonb_array_length(v_item->'reasons') > 10
         or exists (select 1 from jsonb_array_elements(v_item->'reasons') x
                    where jsonb_typeof(x) <> 'string' or not app.matching_reason_known(x #>> '{}'))) then
      perform app.fail('matching.reason_invalid', v_at || '.reasons');
    end if;
    if (v_need::text || '|' || v_res::text) = any (v_seen) then
      raise exception using errcode = 'P0001', message = 'matching.pair_duplicate', detail = v_at,
        hint = format('需求 %s / 资源 %s', v_need, v_res);
    end if;
    v_seen := v_seen || (v_need::text || '|' || v_res::text);

    select * into n from public.needs where id = v_need;
    select * into r from public.resources where id = v_res;
    if n.id is null or r.id is null
       or n.community_id <> p_community_id or n.status not in ('triaged', 'in_progress')
       or r.status <> 'active' or not app.resource_covers(r, n)
       or not (jsonb_array_length(r.availability) = 0 or exists (
         select 1 from jsonb_array_elements(r.availability) a
         where (a->>'from')::timestamptz < coalesce(case when n.window_from is not null then n.window_to end, 'infinity')
           and coalesce(case when n.window_to is not null then n.window_from end, now()) < (a->>'to')::timestamptz))
       or exists (select 1 from public.service_projects x where x.need_id = n.id and x.resource_id = r.id and x.status <> 'cancelled') then
      raise exception using errcode = 'P0001', message = 'matching.pair_invalid', detail = v_at,
        hint = format('需求 %s / 资源 %s', v_need, v_res);
    end if;

    -- what each side can still take, counted down over the pairs of this run
    v_left := coalesce((v_need_left->>v_need::text)::int, n.demand - (select count(*)::int from public.service_projects x
                        where x.need_id = n.id and x.status <> 'cancelled'));
    if v_left <= 0 then
      raise exception using errcode = 'P0001', message = 'matching.over_allocated', detail = v_at,
        hint = format('需求 %s / 资源 %s', v_need, v_res);
    end if;
    v_need_left := v_need_left || jsonb_build_object(v_need::text, v_left - 1);
    v_left := coalesce((v_res_left->>v_res::text)::int, r.capacity - app.resource_load(r.id));
    if v_left <= 0 then
      raise exception using errcode = 'P0001', message = 'matching.over_allocated', detail = v_at,
        hint = format('需求 %s / 资源 %s', v_need, v_res);
    end if;
    v_res_left := v_res_left || jsonb_build_object(v_res::text, v_left - 1);
  end loop;

  update public.match_proposals set status = 'superseded' where community_id = p_community_id and status = 'open';
  insert into public.match_runs (community_id, run_by, stats) values (p_community_id, v_uid, coalesce(p_stats, '{}')) returning id into v_run;
  insert into public.match_proposals (run_id, community_id, need_id, resource_id, score, reasons)
  select v_run, p_community_id, (e.x->>'need')::uuid, (e.x->>'resource')::uuid, (e.x->>'score')::numeric::int,
         array(select jsonb_array_elements_text(case when jsonb_typeof(e.x->'reasons') = 'array' then e.x->'reasons' else '[]' end))
  from jsonb_array_elements(v_items) with ordinality e(x, i)
  order by e.i;
  return jsonb_build_object('runId', v_run, 'proposals', public.matching_proposals(p_community_id));
end
$$;
grant execute on function public.matching_store(uuid, jsonb, jsonb) to authenticated;

----------------------------------------------------------------------------------------------------
-- Service projects
----------------------------------------------------------------------------------------------------

-- (from 20261122000300_resources_services.sql) + no existence oracle: a need the caller may not see (another
-- community's) answers exactly as one that does not exist, before any other check can tell them apart. The caller
-- sees a need when app.need_visible says so (staff, its grid worker, owner, follower, department) or when they hold a
-- publishing role in its community (app.publisher_serves: the units and volunteers who may claim there).
create or replace function public.service_claim(p_need_id uuid, p_resource_id uuid) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  v_publisher uuid;
  v_community uuid;
  n public.needs;
  p public.service_projects;
begin
  select * into n from public.needs where id = p_need_id;
  v_community := n.community_id;
  if v_community is null or not (app.need_visible(n) or app.publisher_serves(v_uid, v_community)) then
    perform app.fail('need.not_found', 'needId');
  end if;
  select publisher_id into v_publisher from public.resources where id = p_resource_id;
  if v_publisher = v_uid then
    p := app.project_open(p_need_id, p_resource_id, 'unit_claim', null, true, v_uid);
  elsif app.is_staff_of(v_community) then
    p := app.project_open(p_need_id, p_resource_id, 'community_claim', null, false, v_uid);
  else
    perform app.fail('auth.forbidden');
  end if;
  return app.project_json(p, true);
end
$$;
grant execute on function public.service_claim(uuid, uuid) to authenticated;

-- (from 20261122000300_resources_services.sql) + the order made total; the reach check is in app.resource_covers
create or replace function public.needs_claimable() returns jsonb
language sql stable security definer
set search_path = ''
as $$
  select coalesce(jsonb_agg(x order by x->>'createdAt', x->>'id'), '[]'::jsonb) from (
    select jsonb_build_object(
      'id', n.id, 'title', n.title, 'category', n.category, 'status', n.status,
      'microGridName', (select m.name from public.micro_grids m where m.id = n.micro_grid_id),
      'urgency', n.urgency, 'createdAt', app.iso(n.created_at),
      'resourceIds', jsonb_agg(r.id order by r.created_at, r.id)) as x
    from public.needs n
    join public.resources r on r.publisher_id = (select auth.uid()) and r.status = 'active' and app.resource_covers(r, n)
    where n.status in ('triaged', 'in_progress', 'matched')
      and (select count(*) from public.service_projects p where p.need_id = n.id and p.status <> 'cancelled') < n.demand
      and not exists (select 1 from public.service_projects p where p.need_id = n.id and p.resource_id = r.id and p.status <> 'cancelled')
    group by n.id
  ) s
$$;
grant execute on function public.needs_claimable() to authenticated;
