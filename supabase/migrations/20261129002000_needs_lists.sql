-- Every needs list keyset-paged and set-based at district scale (issue 14 item 2): one database for 60 communities,
-- 300,000 needs over three years, a few hundred of a community's 5,000 open at a time.
--
-- What was slow, per list:
-- * the staff queue (needs_list) filtered `case when staff then community else grid end` and ordered by
--   `case when oldest ...`, so no index gave the order: every call read and sorted all of the community's needs
--   (or, for a grid worker, all of their grids' needs through a join) and called `app.need_overdue` per row;
-- * the street queue matched `community_id in (the street's communities)` and sorted all of the street's
--   escalated/public/routed needs; the department queue was indexed but, like every list, built each row through
--   `app.need_json`, which calls one lookup function per column (micro-grid, handler, department, following);
-- * 认领需求 (needs_claimable) was unpaged and joined every open need of the district to the caller's resources
--   through `app.resource_covers` (not inlinable: it pins search_path) and a correlated count of live projects per
--   need; 我的需求 and 相似需求 were unpaged.
--
-- Now each list selects one page of rows with an index that yields its order (keyset `(created_at, id)` or, for
-- 相似需求, `(similarity, created_at, id)`), at most 50 a page plus one to know whether more follow; a list over
-- several partitions (a grid worker's micro-grids, a street's communities, a person's departments) takes each
-- partition's first page through its index (a lateral join) and merges them. The page's JSON is built once for
-- the page by joins (app.needs_page_json), not by a function call per row.
--
-- Who sees what is unchanged: needs_list, needs_mine and the street and department queues read as their caller
-- (RLS, 20261129000900_read_model.sql), whose policy is ANDed with the list's own predicates; needs_claimable and
-- needs_similar stay the documented security definer projections and check their caller as before.

----------------------------------------------------------------------------------------------------
-- Indexes: one per list order
----------------------------------------------------------------------------------------------------
-- Under RLS (these lists read as their caller) a filter on an enum column (status, track, severity) is never an index
-- condition: enum equality is not leakproof, so Postgres applies it only after the policy. Uuid and timestamp
-- comparisons are leakproof (community, micro-grid, department, owner, the keyset), and a partial index's predicate
-- may still be proven from a status filter. So the status-filtered lists read partial indexes of the active needs
-- (not yet evaluated, closed or rejected: a few hundred of a community's thousands) in created order.
create index if not exists needs_active_idx on public.needs (community_id, created_at, id)
  where status in ('submitted', 'triaged', 'in_progress', 'resolved', 'escalated', 'in_deliberation', 'matched');
-- The SLA sweep's index (20261122000200_needs_loop.sql) now also names `due_at is not null`, which the sweep states
-- (app.need_overdue) and no list does: with only `status in ('triaged', 'in_progress')` in its predicate, any list
-- filtered to one of those statuses qualified it, and the planner ANDed its thousands of district-wide entries into
-- bitmap scans of a few dozen rows.
drop index if exists public.needs_due_idx;
create index needs_due_idx on public.needs (due_at) where status in ('triaged', 'in_progress') and due_at is not null;
-- a grid worker's queue (and the staff queue filtered by grid), one micro-grid at a time; with a status filter, its
-- active needs (this one replaces needs_micro_grid_idx: 相似需求 reads a micro-grid's open needs through it)
create index if not exists needs_micro_grid_page_idx on public.needs (micro_grid_id, created_at desc, id desc);
create index if not exists needs_micro_grid_active_idx on public.needs (micro_grid_id, created_at, id)
  where status in ('submitted', 'triaged', 'in_progress', 'resolved', 'escalated', 'in_deliberation', 'matched');
drop index if exists public.needs_micro_grid_idx;
-- the street queue, one community at a time: only the needs the street handles; and of those the active ones, for
-- the street's status tabs (已上报, 办理中, 已解决: a few dozen a community, where the first holds hundreds)
create index if not exists needs_street_queue_idx on public.needs (community_id, created_at desc, id desc)
  where status = 'escalated' or track = 'public' or department_id is not null;
create index if not exists needs_street_active_idx on public.needs (community_id, created_at desc, id desc)
  where (status = 'escalated' or track = 'public' or department_id is not null)
    and status in ('submitted', 'triaged', 'in_progress', 'resolved', 'escalated', 'in_deliberation', 'matched');
-- 我的需求: the keyset needs the id too (replaces needs_created_by_idx, which had only created_at)
create index if not exists needs_created_by_page_idx on public.needs (created_by, created_at desc, id desc);
drop index if exists public.needs_created_by_idx;

----------------------------------------------------------------------------------------------------
-- Row builder for a page
----------------------------------------------------------------------------------------------------
/** Names of departments by id: staff see the name of the department a need was routed to, a table they cannot read. */
-- plpgsql, so its plan is kept for the session (a SQL function with `set` is planned again on every call)
create or replace function app.department_names(p_ids uuid[]) returns table (id uuid, name text)
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return query select d.id, d.name from public.departments d where d.id = any (p_ids);
end
$$;
revoke execute on function app.department_names(uuid[]) from public, anon;
grant execute on function app.department_names(uuid[]) to authenticated;

-- The list shape of app.need_json(n, p_personal, false) for a page of needs (rows already read, in page order),
-- built by joins in one statement. It reads as its caller: handler names, micro-grids and follows come under RLS
-- exactly as need_json's lookup functions read them. Timestamps as app.iso writes them (inline: app.iso pins its
-- search_path, which makes every call a function call).
-- p_personal: 'all' (address and contact on every row), 'none', or 'owner_or_staff' (the need's owner and staff of
-- its community, as app.need_personal_visible).
create or replace function app.needs_page_json(p_rows public.needs[], p_personal text) returns jsonb
language sql stable
set search_path = ''
as $$
  select coalesce(jsonb_agg(jsonb_build_object(
    'id', n.id,
    'title', n.title,
    'description', n.description,
    'category', n.category,
    'status', n.status,
    'communityId', n.community_id,
    'microGridId', n.micro_grid_id,
    'microGridName', m.name,
    'createdBy', n.created_by,
    'source', n.source,
    'urgency', n.urgency,
    'peopleAffected', n.people_affected,
    'windowFrom', pg_catalog.to_char(n.window_from at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    'windowTo', pg_catalog.to_char(n.window_to at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    'address', case when x.personal then n.address end,
    'contactName', case when x.personal then n.contact_name end,
    'contactPhone', case when x.personal then n.contact_phone end,
    'track', n.track,
    'severity', n.severity,
    'handlerId', n.handler_id,
    'handlerName', h.display_name,
    'department', n.department,
    'departmentId', n.department_id,
    'departmentName', d.name,
    'departmentDueAt', pg_catalog.to_char(n.department_due_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    'departmentAnswer', n.department_answer,
    'departmentAnsweredAt', pg_catalog.to_char(n.department_answered_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    'dueAt', pg_catalog.to_char(n.due_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    'dueGoal', n.due_goal,
    -- app.need_overdue, inline
    'overdue', n.due_at is not null and now() > n.due_at and case n.due_goal
                 when 'resolve' then n.status in ('triaged', 'in_progress')
                 when 'plan' then n.status = 'triaged'
                 when 'report' then n.status in ('triaged', 'in_progress')
                 else false end,
    'reopenCount', n.reopen_count,
    'resolvedAt', pg_catalog.to_char(n.resolved_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    'rating', n.rating,
    'ratingComment', n.rating_comment,
    'followers', n.follower_count,
    'following', f.need_id is not null,
    'createdAt', pg_catalog.to_char(n.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    'updatedAt', pg_catalog.to_char(n.updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
  ) order by n.ordinality), '[]'::jsonb)
  from unnest(p_rows) with ordinality n
  left join public.micro_grids m on m.id = n.micro_grid_id
  left join public.profiles h on h.id = n.handler_id
  left join app.department_names(array(
    select distinct y.department_id from unnest(p_rows) y where y.department_id is not null)) d on d.id = n.department_id
  left join public.need_followers f on f.need_id = n.id and f.profile_id = (select auth.uid())
  -- the caller's staff roles (street admins hold admin in each community of their street), as app.is_staff_of
  left join (select distinct r.community_id from public.profile_roles r
             where p_personal = 'owner_or_staff' and r.profile_id = (select auth.uid()) and r.role in ('staff', 'admin')) s
    on s.community_id = n.community_id
  cross join lateral (select case p_personal
    when 'all' then true
    when 'none' then false
    else n.created_by = (select auth.uid()) or s.community_id is not null
  end as personal) x
$$;
revoke execute on function app.needs_page_json(public.needs[], text) from public, anon;
grant execute on function app.needs_page_json(public.needs[], text) to authenticated;

----------------------------------------------------------------------------------------------------
-- The staff / grid worker queue (from 20261122000200_needs_loop.sql)
----------------------------------------------------------------------------------------------------
-- Staff see their community; grid workers see the grids they serve. Newest first, or oldest first for a queue.
-- The query is composed from the filters actually given, so each call is planned for them: the order comes from
-- the index of the scope (community or micro-grid; their active needs for a status or the overdue queue).
create or replace function public.needs_list(
  p_status public.need_status default null,
  p_track public.need_track default null,
  p_severity public.need_severity default null,
  p_grid_id uuid default null,
  p_overdue boolean default null,
  p_oldest_first boolean default false,
  p_after_created_at timestamptz default null,
  p_after_id uuid default null,
  p_limit int default 20
) returns jsonb
language plpgsql stable security invoker
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  v_community uuid;
  v_staff boolean;
  v_grids uuid[];
  v_mgs uuid[];
  v_limit int := least(greatest(coalesce(p_limit, 20), 1), 50);
  v_dir text := case when p_oldest_first then 'asc' else 'desc' end;
  v_where text := '';
  v_sql text;
  v_rows public.needs[];
  -- app.need_overdue over the row `n`
  c_overdue constant text := '(n.due_at is not null and now() > n.due_at and case n.due_goal'
    || ' when ''resolve'' then n.status in (''triaged'', ''in_progress'') when ''plan'' then n.status = ''triaged'''
    || ' when ''report'' then n.status in (''triaged'', ''in_progress'') else false end)';
begin
  select community_id into v_community from public.profiles where id = v_uid;
  v_staff := v_community is not null and app.is_staff_of(v_community);
  if not v_staff then
    select array_agg(a.grid_id) into v_grids from public.grid_assignments a
    join public.grids g on g.id = a.grid_id
    where a.profile_id = v_uid and app.has_role(g.community_id, array['grid_worker']::public.app_role[]);
    if v_grids is null then
      perform app.fail('auth.forbidden');
    end if;
    v_mgs := array(select m.id from public.micro_grids m
                   where m.grid_id = any (v_grids) and (p_grid_id is null or m.grid_id = p_grid_id));
  elsif p_grid_id is not null then
    -- staff: the grid's micro-grids if the grid is their community's (else none)
    v_mgs := array(select m.id from public.micro_grids m join public.grids g on g.id = m.grid_id
                   where m.grid_id = p_grid_id and g.community_id = v_community);
  end if;

  if p_status is not null then v_where := v_where || ' and n.status = $3'; end if;
  if p_track is not null then v_where := v_where || ' and n.track = $4'; end if;
  if p_severity is not null then v_where := v_where || ' and n.severity = $5'; end if;
  if p_overdue then
    -- Only active needs can be overdue (the case above narrows them to triaged and in_progress). Naming the active
    -- set, not the narrower one, is deliberate: it lets the planner read the scope's needs_active_idx in created
    -- order, and not needs_due_idx (the SLA sweep's: every open need of the district by deadline), which a
    -- `status in ('triaged', 'in_progress')` would qualify and a poor estimate of `due_at < now()` would favour.
    v_where := v_where || ' and n.status in (''submitted'', ''triaged'', ''in_progress'', ''resolved'', ''escalated'','
      || ' ''in_deliberation'', ''matched'') and ' || c_overdue;
  elsif not p_overdue then
    v_where := v_where || ' and not ' || c_overdue;
  end if;
  if p_after_created_at is not null or p_after_id is not null then
    v_where := v_where || format(' and (n.created_at, n.id) %s ($6, $7)', case when p_oldest_first then '>' else '<' end);
  end if;

  if v_mgs is null then
    v_sql := format('select n from public.needs n where n.community_id = $1%s order by n.created_at %s, n.id %s limit $8',
      v_where, v_dir, v_dir);
  else
    -- each micro-grid's first page through its index, merged
    v_sql := format('select x.n from unnest($2::uuid[]) g(mg) cross join lateral ('
      || 'select n, n.created_at, n.id from public.needs n where n.micro_grid_id = g.mg%s'
      || ' order by n.created_at %s, n.id %s limit $8) x order by x.created_at %s, x.id %s limit $8',
      v_where, v_dir, v_dir, v_dir, v_dir);
  end if;
  execute format('select array(%s)', v_sql) into v_rows
    using v_community, v_mgs, p_status, p_track, p_severity, p_after_created_at, p_after_id, v_limit + 1;
  return jsonb_build_object(
    'items', app.needs_page_json(v_rows[1:v_limit], case when v_staff then 'all' else 'none' end),
    'hasMore', cardinality(v_rows) > v_limit);
end
$$;
revoke execute on function public.needs_list(public.need_status, public.need_track, public.need_severity, uuid, boolean, boolean,
  timestamptz, uuid, int) from public, anon;
grant execute on function public.needs_list(public.need_status, public.need_track, public.need_severity, uuid, boolean, boolean,
  timestamptz, uuid, int) to authenticated;

----------------------------------------------------------------------------------------------------
-- 我的需求 (from 20261122000200_needs_loop.sql): paged
----------------------------------------------------------------------------------------------------
drop function public.needs_mine();
create function public.needs_mine(
  p_after_created_at timestamptz default null,
  p_after_id uuid default null,
  p_limit int default 20
) returns jsonb
language plpgsql stable security invoker
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  v_limit int := least(greatest(coalesce(p_limit, 20), 1), 50);
  v_rows public.needs[];
begin
  v_rows := array(
    select n from public.needs n
    where n.created_by = v_uid
      and (n.created_at, n.id) < (coalesce(p_after_created_at, 'infinity'), coalesce(p_after_id, 'ffffffff-ffff-ffff-ffff-ffffffffffff'))
    order by n.created_at desc, n.id desc
    limit v_limit + 1);
  return jsonb_build_object('items', app.needs_page_json(v_rows[1:v_limit], 'all'), 'hasMore', cardinality(v_rows) > v_limit);
end
$$;
revoke execute on function public.needs_mine(timestamptz, uuid, int) from public, anon;
grant execute on function public.needs_mine(timestamptz, uuid, int) to authenticated;

----------------------------------------------------------------------------------------------------
-- The street and department queues (from 20261128001500_departments.sql)
----------------------------------------------------------------------------------------------------
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
revoke execute on function public.needs_street_queue(uuid, public.need_status, uuid, timestamptz, uuid, int) from public, anon;
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
revoke execute on function public.needs_department_queue(uuid, public.need_status, timestamptz, uuid, int) from public, anon;
grant execute on function public.needs_department_queue(uuid, public.need_status, timestamptz, uuid, int) to authenticated;

----------------------------------------------------------------------------------------------------
-- 相似需求 (from 20261129000400_plumbing.sql): paged by (similarity, created_at, id)
----------------------------------------------------------------------------------------------------
drop function public.needs_similar(uuid, text, int);
create function public.needs_similar(
  p_micro_grid_id uuid,
  p_title text,
  p_after_similarity numeric default null,
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
  v_grams text := app.cjk_grams(p_title);
  v_limit int := least(greatest(coalesce(p_limit, 20), 1), 50);
  v_rows jsonb;
begin
  select community_id into v_community from public.profiles where id = v_uid;
  if v_community is null or not exists (
    select 1 from public.micro_grids m join public.grids g on g.id = m.grid_id
    where m.id = p_micro_grid_id and g.community_id = v_community
  ) then
    perform app.fail('need.micro_grid_invalid', 'microGridId');
  end if;
  -- the similarity as shown (3 decimals) is the key, so a page boundary falls exactly where the client saw it
  select coalesce(jsonb_agg(jsonb_build_object(
      'id', s.id, 'title', s.title, 'category', s.category, 'status', s.status, 'followers', s.follower_count,
      'following', f.need_id is not null,
      'mine', s.created_by is not distinct from v_uid, 'similarity', s.sim, 'createdAt', app.iso(s.created_at)
    ) order by s.sim desc, s.created_at desc, s.id desc), '[]'::jsonb)
    into v_rows
  from (
    select n.id, n.title, n.category, n.status, n.follower_count, n.created_by, n.created_at,
           round(extensions.similarity(n.title_grams, v_grams)::numeric, 3) as sim
    from public.needs n
    where n.micro_grid_id = p_micro_grid_id
      and n.status in ('submitted', 'triaged', 'in_progress', 'escalated', 'in_deliberation', 'matched')
      and extensions.similarity(n.title_grams, v_grams) >= 0.2
      and (round(extensions.similarity(n.title_grams, v_grams)::numeric, 3), n.created_at, n.id)
          < (coalesce(p_after_similarity, 2), coalesce(p_after_created_at, 'infinity'), coalesce(p_after_id, 'ffffffff-ffff-ffff-ffff-ffffffffffff'))
    order by sim desc, n.created_at desc, n.id desc
    limit v_limit + 1
  ) s
  left join public.need_followers f on f.need_id = s.id and f.profile_id = v_uid;
  return jsonb_build_object(
    'items', coalesce((select jsonb_agg(e order by o) from jsonb_array_elements(v_rows) with ordinality t(e, o) where o <= v_limit), '[]'::jsonb),
    'hasMore', jsonb_array_length(v_rows) > v_limit);
end
$$;
revoke execute on function public.needs_similar(uuid, text, numeric, timestamptz, uuid, int) from public, anon;
grant execute on function public.needs_similar(uuid, text, numeric, timestamptz, uuid, int) to authenticated;
comment on function public.needs_similar is
  'security definer: a resident sees titles of similar open needs of neighbours (duplicate suggestions), nothing personal.';

----------------------------------------------------------------------------------------------------
-- 认领需求 (from 20261129000300_services_integrity.sql): paged, oldest first, set-based
----------------------------------------------------------------------------------------------------
-- app.resource_covers over the caller's resources, written as joins: each active resource with each community it
-- may serve (its own, or its area, where the publisher serves by approval), the open needs of those communities in
-- its categories and grids, less those already at their demand or already taken by that resource.
drop function public.needs_claimable();
create function public.needs_claimable(
  p_after_created_at timestamptz default null,
  p_after_id uuid default null,
  p_limit int default 20
) returns jsonb
language sql stable security definer
set search_path = ''
as $$
  with lim as (
    select least(greatest(coalesce(p_limit, 20), 1), 50) as n
  ), r as (
    select r.id, r.created_at, r.categories, r.area_grid_ids, c.community_id
    from public.resources r
    cross join lateral (select distinct u from unnest(case when cardinality(r.area_community_ids) = 0
                          then array[r.community_id] else r.area_community_ids end) u) c(community_id)
    where r.publisher_id = (select auth.uid()) and r.status = 'active'
      and exists (select 1 from public.profile_roles x
                  where x.profile_id = r.publisher_id and x.community_id = c.community_id
                    and x.role in ('unit', 'party_member', 'talent', 'staff', 'admin'))
  ), cand as materialized (
    -- the open needs of the communities reached, each read once (not once per resource)
    select n.id, n.created_at, n.demand, n.category, n.community_id, m.grid_id
    from public.needs n
    left join public.micro_grids m on m.id = n.micro_grid_id
    where n.community_id in (select r.community_id from r)
      and n.status in ('triaged', 'in_progress', 'matched')
      and (n.created_at, n.id) > (coalesce(p_after_created_at, '-infinity'), coalesce(p_after_id, '00000000-0000-0000-0000-000000000000'))
  ), unmet as materialized (
    -- less those at their demand: the live projects of the candidates, read once and grouped per need
    select c.*, coalesce(l.taken_by, '{}') as taken_by from cand c
    left join (select p.need_id, array_agg(p.resource_id) as taken_by from public.service_projects p
               where p.status <> 'cancelled' and p.need_id in (select c2.id from cand c2)
               group by p.need_id) l on l.need_id = c.id
    where coalesce(cardinality(l.taken_by), 0) < c.demand
  ), pairs as (
    -- each with the resources that reach it and have not taken it yet
    select c.id, c.created_at, r.id as resource_id, r.created_at as resource_created_at
    from unmet c
    join r on r.community_id = c.community_id and c.category = any (r.categories)
      and (cardinality(r.area_grid_ids) = 0 or c.grid_id = any (r.area_grid_ids))
    where not (r.id = any (c.taken_by))
  ), page as (
    select x.id, x.created_at, jsonb_agg(x.resource_id order by x.resource_created_at, x.resource_id) as resource_ids
    from pairs x
    group by x.id, x.created_at
    order by x.created_at, x.id
    limit (select n + 1 from lim)
  ), numbered as (
    select p.*, row_number() over (order by p.created_at, p.id) as k from page p
  )
  select jsonb_build_object(
    'items', coalesce(jsonb_agg(jsonb_build_object(
        'id', n.id, 'title', n.title, 'category', n.category, 'status', n.status,
        'microGridName', m.name, 'urgency', n.urgency,
        'createdAt', pg_catalog.to_char(n.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
        'resourceIds', x.resource_ids) order by x.k) filter (where x.k <= (select n from lim)), '[]'::jsonb),
    'hasMore', count(*) > (select n from lim))
  from numbered x
  join public.needs n on n.id = x.id
  left join public.micro_grids m on m.id = n.micro_grid_id
$$;
revoke execute on function public.needs_claimable(timestamptz, uuid, int) from public, anon;
grant execute on function public.needs_claimable(timestamptz, uuid, int) to authenticated;
comment on function public.needs_claimable is
  'security definer: units and volunteers see open needs of the communities they serve, without contact or address.';
