-- Matching end to end for a community or a whole street (issue 14 item 3).
--
-- 1. Scope. A run covers one community (its staff) or every community of a street that is not archived (a street
--    admin, app.is_street_admin). `app.matching_scope` checks that and returns the communities.
-- 2. `matching_run_input(p_community_id, p_street_id)`: the open needs of the scope and the active resources that
--    reach them, set-based (grouped joins, no per-row sub-select or function call) and in one total order
--    (created_at, id), as compact tuples instead of one object per row. A resource's communities are the ones it
--    names (or its home when it names none) that are in the scope and that its publisher serves by approval
--    (the rule of app.publisher_serves / app.resource_covers, 20261129000300_services_integrity.sql); its grids
--    are the grids it names that lie in those communities. A resource that reaches none is left out.
-- 3. `matching_run_store(p_community_id, p_street_id, p_proposals, p_stats)`: every check of matching_store
--    (20261129000300) made set-based, one statement for the checks and one for the writes. A street run supersedes
--    the open proposals of every community of the street and writes one match_runs row per community, all carrying
--    the same `street_run_id`; each community's proposals keep pointing at its own run, so matching_proposals and
--    matching_accept work per community exactly as before.
-- 4. `matching_input(uuid)` and `matching_store(uuid, jsonb, jsonb)` (20261129000300) stay, as thin wrappers over
--    the two above, so there is one definition of which pairs are valid.

alter table public.match_runs add column street_run_id uuid;
comment on column public.match_runs.street_run_id is
  'Set when the run was part of a street run (one row per community of the street, all with the same id); null for a community run.';

-- The open needs of a community in the run's total order (created_at, id), and the active resources per home
-- community in the same order; needs_community_status_idx is (community_id, status, created_at desc, id desc), which
-- needs a sort per status, and resources_community_idx has no order at all.
create index if not exists needs_open_matching_idx on public.needs (community_id, created_at, id)
  where status in ('triaged', 'in_progress');
create index if not exists resources_active_matching_idx on public.resources (community_id, created_at, id)
  where status = 'active';
create index if not exists resources_active_area_idx on public.resources using gin (area_community_ids)
  where status = 'active';
-- the live projects of the scope's needs, counted per need (service_projects_community_idx leads with status)
create index if not exists service_projects_need_live on public.service_projects (community_id, need_id)
  where status <> 'cancelled';

----------------------------------------------------------------------------------------------------
-- Scope
----------------------------------------------------------------------------------------------------

-- Exactly one of the two; staff of the community, or an admin of the street. Not definer: the role checks are.
create or replace function app.matching_scope(p_community_id uuid, p_street_id uuid) returns uuid[]
language plpgsql stable
set search_path = ''
as $$
begin
  if p_community_id is not null and p_street_id is not null then
    perform app.fail('request.invalid', 'streetId');
  elsif p_community_id is null and p_street_id is null then
    perform app.fail('request.invalid', 'communityId');
  end if;
  if p_community_id is not null then
    if not app.is_staff_of(p_community_id) then
      perform app.fail('auth.forbidden');
    end if;
    return array[p_community_id];
  end if;
  if not app.is_street_admin(p_street_id) then
    perform app.fail('auth.forbidden');
  end if;
  return array(select c.id from public.communities c where c.street_id = p_street_id and c.archived_at is null order by c.id);
end
$$;
revoke execute on function app.matching_scope(uuid, uuid) from public, anon;
grant execute on function app.matching_scope(uuid, uuid) to authenticated;

----------------------------------------------------------------------------------------------------
-- Input
----------------------------------------------------------------------------------------------------

-- needs:     [[id, title, category, communityId, gridId, microGridId, urgency, createdAt, windowFrom, windowTo, demand]]
--            (times as epoch milliseconds: no text formatting per row)
-- resources: [[id, title, publisherName, categories, communityIds, gridIds, availability, capacity, currentLoad,
--              homeCommunityId, homeGridId, homeMicroGridId]]
-- demand is what the need can still take (demand − its live projects); currentLoad is app.resource_load's count.
create or replace function public.matching_run_input(p_community_id uuid, p_street_id uuid) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
declare
  v_scope uuid[] := app.matching_scope(p_community_id, p_street_id);
begin
  return (
    with n as (
      select n.* from public.needs n
      where n.community_id = any (v_scope) and n.status in ('triaged', 'in_progress')
    ), live as (
      select p.need_id, count(*)::int as c from public.service_projects p
      where p.community_id = any (v_scope) and p.status <> 'cancelled' and p.need_id in (select id from n)
      group by p.need_id
    ), r as (
      select r.* from public.resources r
      where r.status = 'active' and (r.community_id = any (v_scope) or r.area_community_ids && v_scope)
    ), reach as (
      -- the named communities (or the home) in scope where the publisher holds a publishing role (app.publisher_serves)
      select r.id, array_agg(c.c order by c.c) as communities
      from r
      cross join lateral unnest(case when cardinality(r.area_community_ids) = 0 then array[r.community_id]
                                     else r.area_community_ids end) as c(c)
      where c.c = any (v_scope)
        and exists (select 1 from public.profile_roles x
                    where x.profile_id = r.publisher_id and x.community_id = c.c
                      and x.role in ('unit', 'party_member', 'talent', 'staff', 'admin'))
      group by r.id
    ), grid_reach as (
      select r.id, array_agg(g.id order by g.id) as grids
      from r join reach on reach.id = r.id
      cross join lateral unnest(r.area_grid_ids) as a(g)
      join public.grids g on g.id = a.g and g.community_id = any (reach.communities)
      where cardinality(r.area_grid_ids) > 0
      group by r.id
    ), load as (
      select p.resource_id, count(*)::int as c from public.service_projects p
      where p.status in ('proposed', 'confirmed', 'in_progress') and p.resource_id in (select id from reach)
      group by p.resource_id
    )
    select jsonb_build_object(
      'communities', to_jsonb(v_scope),
      'needs', coalesce((
        select jsonb_agg(jsonb_build_array(
          n.id, n.title, n.category, n.community_id, m.grid_id, n.micro_grid_id, n.urgency,
          extract(epoch from n.created_at) * 1000,
          case when n.window_from is not null and n.window_to is not null then extract(epoch from n.window_from) * 1000 end,
          case when n.window_from is not null and n.window_to is not null then extract(epoch from n.window_to) * 1000 end,
          greatest(n.demand - coalesce(live.c, 0), 0)) order by n.created_at, n.id)
        from n
        left join public.micro_grids m on m.id = n.micro_grid_id
        left join live on live.need_id = n.id), '[]'::jsonb),
      'resources', coalesce((
        select jsonb_agg(jsonb_build_array(
          r.id, r.title, pub.display_name, to_jsonb(r.categories),
          case when cardinality(r.area_grid_ids) = 0 then to_jsonb(reach.communities) else '[]'::jsonb end,
          coalesce(to_jsonb(gr.grids), '[]'::jsonb), r.availability, r.capacity, coalesce(load.c, 0),
          r.community_id, pub.grid_id, pub.micro_grid_id) order by r.created_at, r.id)
        from r
        join reach on reach.id = r.id
        left join grid_reach gr on gr.id = r.id
        left join load on load.resource_id = r.id
        -- the publisher by its key (limit 1 keeps it an index lookup: a hash join would read all profiles of the district)
        left join lateral (select pr.display_name, pr.micro_grid_id, pm.grid_id from public.profiles pr
                           left join public.micro_grids pm on pm.id = pr.micro_grid_id where pr.id = r.publisher_id limit 1) pub on true
        -- a resource limited to grids reaches only those of its reachable communities
        where cardinality(r.area_grid_ids) = 0 or gr.grids is not null), '[]'::jsonb)
    )
  );
end
$$;
comment on function public.matching_run_input(uuid, uuid) is
  'security definer: staff and street admins match resources published by units and volunteers, whose rows and roles RLS does not show them; app.matching_scope checks the caller first.';
revoke execute on function public.matching_run_input(uuid, uuid) from public, anon;
grant execute on function public.matching_run_input(uuid, uuid) to authenticated;

-- (from 20261129000300_services_integrity.sql) now the community-only view of matching_run_input, in the object
-- shape it always had, and security invoker (the definer it calls does the checking and the reading); a resource limited to grids lists its reachable grids and no community (so "community or
-- grid" in core/matching/candidates.ts reads the same rule as app.resource_covers).
create or replace function public.matching_input(p_community_id uuid) returns jsonb
language sql stable security invoker
set search_path = ''
as $$
  with v as (select public.matching_run_input(p_community_id, null) as v)
  select jsonb_build_object(
    'needs', coalesce((
      select jsonb_agg(jsonb_build_object(
        'id', x->0, 'title', x->1, 'category', x->2, 'communityId', x->3, 'gridId', x->4, 'microGridId', x->5,
        'urgency', x->6, 'createdAt', app.iso(to_timestamp((x->>7)::float8 / 1000)),
        'window', case when jsonb_typeof(x->8) = 'number' then jsonb_build_object(
          'from', app.iso(to_timestamp((x->>8)::float8 / 1000)), 'to', app.iso(to_timestamp((x->>9)::float8 / 1000))) end,
        'demand', x->10) order by o)
      from v, jsonb_array_elements(v.v->'needs') with ordinality e(x, o)), '[]'::jsonb),
    'resources', coalesce((
      select jsonb_agg(jsonb_build_object(
        'id', x->0, 'title', x->1, 'categories', x->3,
        'serviceArea', jsonb_build_object('communityIds', x->4, 'gridIds', x->5),
        'availability', x->6, 'capacity', x->7, 'currentLoad', x->8,
        'communityId', x->9, 'gridId', x->10, 'microGridId', x->11) order by o)
      from v, jsonb_array_elements(v.v->'resources') with ordinality e(x, o)), '[]'::jsonb))
$$;
comment on function public.matching_input(uuid) is
  'The object-shaped view of matching_run_input for one community; runs as the caller (matching_run_input checks the caller and reads as definer).';
grant execute on function public.matching_input(uuid) to authenticated;

----------------------------------------------------------------------------------------------------
-- Store
----------------------------------------------------------------------------------------------------

-- (from matching_store in 20261129000300_services_integrity.sql) the same checks, set-based, for a community or a
-- street. p_proposals: [{ need, resource, score, reasons: [...] }]. A pair is valid when it is what
-- matching_run_input + the engine could propose now: the need is in the scope and open (triaged or in progress), the
-- resource is active and covers the need (app.resource_covers: category, area, grid, and its publisher serves the
-- need's community), their times overlap, no live project joins them yet; no pair twice; and no need / resource
-- appears in more pairs than its remaining demand / capacity. The first bad pair by position is reported, with the
-- check the per-pair loop would have failed first (shape, score, reasons, duplicate, validity, allocation), and
-- nothing is written. Then the open proposals of the scope are superseded, one run is written per community of the
-- scope and every proposal in one insert. Returns { runId, runs: [{ communityId, runId }], ids } with ids in the
-- order of p_proposals; runId is the community's run, or for a street the street_run_id its runs share.
create or replace function public.matching_run_store(p_community_id uuid, p_street_id uuid, p_proposals jsonb, p_stats jsonb)
returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  v_scope uuid[] := app.matching_scope(p_community_id, p_street_id);
  v_items jsonb := coalesce(p_proposals, '[]');
  v_bad record;
  v_street_run uuid;
  v_out jsonb;
  c_uuid constant text := '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
  c_max_score constant int := 10000; -- core/matching/score.ts MAX_SCORE
begin
  if jsonb_typeof(v_items) <> 'array' or jsonb_array_length(v_items) > 10000 * greatest(cardinality(v_scope), 1) then
    perform app.fail('request.invalid', 'proposals');
  end if;
  if p_stats is not null and jsonb_typeof(p_stats) <> 'object' then
    perform app.fail('request.invalid', 'stats');
  end if;

  -- each part computed once (materialized): the shape of every item, then each distinct reason text checked once
  with e as materialized (
    select (e.i - 1)::int as i, e.x,
      coalesce(jsonb_typeof(e.x) = 'object'
        and jsonb_typeof(e.x->'need') = 'string' and (e.x->>'need') ~ c_uuid
        and jsonb_typeof(e.x->'resource') = 'string' and (e.x->>'resource') ~ c_uuid, false) as well_formed,
      case when jsonb_typeof(e.x->'reasons') = 'array' then e.x->'reasons' else '[]'::jsonb end as reasons
    from jsonb_array_elements(v_items) with ordinality e(x, i)
  ), reason as materialized (
    select y.t, app.matching_reason_known(y.t) as known
    from (select distinct r #>> '{}' as t from e, jsonb_array_elements(e.reasons) r where jsonb_typeof(r) = 'string') y
  ), bad_reason as (
    select distinct e.i from e cross join lateral jsonb_array_elements(e.reasons) r
    left join reason on reason.t = r #>> '{}'
    where jsonb_typeof(r) <> 'string' or not reason.known
  ), s as materialized (
    select e.i, e.x,
      case
        when not e.well_formed then 'pair'
        when jsonb_typeof(e.x->'score') is distinct from 'number' then 'score'
        when (e.x->>'score')::numeric <> trunc((e.x->>'score')::numeric)
          or (e.x->>'score')::numeric < 0 or (e.x->>'score')::numeric > c_max_score then 'score'
        when e.x ? 'reasons' and jsonb_typeof(e.x->'reasons') <> 'null' and (
             jsonb_typeof(e.x->'reasons') <> 'array' or jsonb_array_length(e.x->'reasons') > 10
             or e.i in (select i from bad_reason)) then 'reasons'
      end as shape
    from e
  ), p as materialized (
    select s.i, s.x, s.shape,
      case when s.shape is null or s.shape <> 'pair' then (s.x->>'need')::uuid end as need_id,
      case when s.shape is null or s.shape <> 'pair' then (s.x->>'resource')::uuid end as resource_id
    from s
  ), w as (
    select p.*,
      row_number() over (partition by p.need_id, p.resource_id order by p.i) as dup,
      row_number() over (partition by p.need_id order by p.i) as need_nth,
      row_number() over (partition by p.resource_id order by p.i) as res_nth
    from p
  ), need_live as (
    select x.need_id, count(*)::int as c from public.service_projects x
    where x.status <> 'cancelled' and x.need_id in (select need_id from p)
    group by x.need_id
  ), res_load as (
    select x.resource_id, count(*)::int as c from public.service_projects x
    where x.status in ('proposed', 'confirmed', 'in_progress') and x.resource_id in (select resource_id from p)
    group by x.resource_id
  ), serves as (
    -- app.publisher_serves, for every publisher of the proposed resources at once
    select distinct x.profile_id, x.community_id from public.profile_roles x
    where x.role in ('unit', 'party_member', 'talent', 'staff', 'admin')
      and x.profile_id in (select r.publisher_id from public.resources r where r.id in (select resource_id from p))
  ), pair_live as (
    select x.need_id, x.resource_id from public.service_projects x
    where x.status <> 'cancelled' and x.need_id in (select need_id from p)
  ), c as (
    select w.i, w.x, w.need_id, w.resource_id,
      case
        when w.shape = 'pair' then 'matching.pair_invalid'
        when w.shape = 'score' then 'matching.score_invalid'
        when w.shape = 'reasons' then 'matching.reason_invalid'
        when w.dup > 1 then 'matching.pair_duplicate'
        when n.id is null or r.id is null
          or not (n.community_id = any (v_scope)) or n.status not in ('triaged', 'in_progress')
          or r.status <> 'active'
          -- app.resource_covers(r, n) (20261129000300), written out so that it is joins instead of three function
          -- calls per pair: category, area (named communities, else the home), grid, and the publisher serves the
          -- need's community by approval (app.publisher_serves' roles)
          or not (n.category = any (r.categories)
            and case when cardinality(r.area_community_ids) = 0 then r.community_id = n.community_id
                     else n.community_id = any (r.area_community_ids) end
            and (cardinality(r.area_grid_ids) = 0 or coalesce(m.grid_id = any (r.area_grid_ids), false))
            and ps.profile_id is not null)
          or not (jsonb_array_length(r.availability) = 0 or exists (
            select 1 from jsonb_array_elements(r.availability) a
            where (a->>'from')::timestamptz < coalesce(case when n.window_from is not null then n.window_to end, 'infinity')
              and coalesce(case when n.window_to is not null then n.window_from end, now()) < (a->>'to')::timestamptz))
          or exists (select 1 from pair_live l where l.need_id = w.need_id and l.resource_id = w.resource_id)
          then 'matching.pair_invalid'
        when w.need_nth > n.demand - coalesce(nl.c, 0) then 'matching.over_allocated'
        when w.res_nth > r.capacity - coalesce(rl.c, 0) then 'matching.over_allocated'
      end as code
    from w
    left join public.needs n on n.id = w.need_id
    left join public.resources r on r.id = w.resource_id
    left join public.micro_grids m on m.id = n.micro_grid_id
    left join serves ps on ps.profile_id = r.publisher_id and ps.community_id = n.community_id
    left join need_live nl on nl.need_id = w.need_id
    left join res_load rl on rl.resource_id = w.resource_id
  )
  select c.i, c.x, c.code, c.need_id, c.resource_id into v_bad from c where c.code is not null order by c.i limit 1;

  if v_bad.code is not null then
    if v_bad.code in ('matching.score_invalid') then
      perform app.fail(v_bad.code, format('proposals[%s].score', v_bad.i));
    elsif v_bad.code = 'matching.reason_invalid' then
      perform app.fail(v_bad.code, format('proposals[%s].reasons', v_bad.i));
    end if;
    raise exception using errcode = 'P0001', message = v_bad.code, detail = format('proposals[%s]', v_bad.i),
      hint = format('需求 %s / 资源 %s', coalesce(left(v_bad.x->>'need', 40), '?'), coalesce(left(v_bad.x->>'resource', 40), '?'));
  end if;

  update public.match_proposals set status = 'superseded' where community_id = any (v_scope) and status = 'open';
  if p_street_id is not null then
    v_street_run := gen_random_uuid();
  end if;
  with runs as (
    insert into public.match_runs (community_id, run_by, stats, street_run_id)
    select s.c, v_uid,
           coalesce(p_stats, '{}') || jsonb_build_object('scope', case when p_street_id is null then 'community' else 'street' end)
             || case when p_street_id is null then '{}'::jsonb else jsonb_build_object('streetId', p_street_id) end,
           v_street_run
    from unnest(v_scope) with ordinality s(c, o)
    order by s.o
    returning id, community_id
  ), items as (
    select gen_random_uuid() as id, (e.i - 1)::int as i, (e.x->>'need')::uuid as need_id, (e.x->>'resource')::uuid as resource_id,
           (e.x->>'score')::numeric::int as score,
           array(select jsonb_array_elements_text(case when jsonb_typeof(e.x->'reasons') = 'array' then e.x->'reasons' else '[]' end)) as reasons
    from jsonb_array_elements(v_items) with ordinality e(x, i)
  ), ins as (
    insert into public.match_proposals (id, run_id, community_id, need_id, resource_id, score, reasons)
    select it.id, runs.id, n.community_id, it.need_id, it.resource_id, it.score, it.reasons
    from items it
    join public.needs n on n.id = it.need_id
    join runs on runs.community_id = n.community_id
    order by it.i
    returning id
  )
  select jsonb_build_object(
    'runId', coalesce(v_street_run, (select id from runs limit 1)),
    'runs', (select jsonb_agg(jsonb_build_object('communityId', runs.community_id, 'runId', runs.id) order by runs.community_id) from runs),
    'ids', coalesce((select jsonb_agg(it.id order by it.i) from items it), '[]'::jsonb),
    'stored', (select count(*) from ins))
  into v_out;
  return v_out;
end
$$;
revoke execute on function public.matching_run_store(uuid, uuid, jsonb, jsonb) from public, anon;
grant execute on function public.matching_run_store(uuid, uuid, jsonb, jsonb) to authenticated;

-- (from 20261129000300_services_integrity.sql) now a community run through matching_run_store, which checks every
-- pair; the answer keeps its shape: the run and the community's open proposals, now their first page
-- (matching_proposals is paged since 20261129002200).
create or replace function public.matching_store(p_community_id uuid, p_proposals jsonb, p_stats jsonb) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v jsonb := public.matching_run_store(p_community_id, null, p_proposals, p_stats);
begin
  return jsonb_build_object('runId', v->'runId', 'proposals', public.matching_proposals(p_community_id, null, 50)->'items');
end
$$;
grant execute on function public.matching_store(uuid, jsonb, jsonb) to authenticated;
