-- List performance (measured with `npm run bench:api` and per-RPC timings on its community-scale seed).
--
-- The list RPCs build each row's JSON through small `app.*` helpers. Declared `security definer` with
-- `set search_path = ''`, every such call pays for a configuration change and a fresh executor, and a SQL helper
-- nested in another is parsed and planned again for every row: `resources_list` spent ~105 ms on 325 rows, the
-- overdue queue ~29 ms on 20.
--
-- 1. The read-only helpers below are called only from `public.*` RPCs, which are themselves security definer with
--    `search_path = ''`: inside them the helpers already run as the owner and with the empty search path, so their
--    own `security definer` and `set search_path` add cost and no protection. They become plain invoker functions
--    (the `app` schema is not exposed through PostgREST; a direct call as `authenticated` would run under RLS).
--    Every name in their bodies is schema-qualified, as before.
-- 2. `app.has_role` must stay security definer: RLS policies reach it through `app.is_staff_of`, and it reads
--    `profile_roles`, whose own policy uses it. It drops `set search_path` instead and qualifies every operator
--    with `operator(pg_catalog.=)`, so a caller's search path cannot change what it means; as plpgsql its plan is
--    cached per session rather than rebuilt per row.
-- 3. `app.resource_load` (counted for every resource in a list) becomes plpgsql (cached plan) with an index to match.

do $$
declare
  f regprocedure;
begin
  for f in
    select p.oid::regprocedure from pg_catalog.pg_proc p join pg_catalog.pg_namespace n on n.oid = p.pronamespace
    where n.nspname = 'app' and p.proname = any (array[
      'cjk_grams', 'community_code', 'credit', 'haversine_m', 'is_grid_worker_of', 'is_resident_of', 'is_staff_of',
      'is_volunteer_of', 'iso', 'meeting_json', 'motion_decide', 'motion_json', 'motion_tally', 'need_actors',
      'need_grid', 'need_json', 'need_overdue', 'need_personal_visible', 'need_visible', 'post_json', 'profile_json',
      'project_json', 'redemption_json', 'registration_json', 'resolution_json', 'resource_covers', 'resource_json',
      'resource_load', 'reward_json', 'shift_json', 'topic_json', 'whistle_json'])
  loop
    execute format('alter function %s security invoker reset search_path', f);
  end loop;
end
$$;

create or replace function app.has_role(p_community uuid, p_roles public.app_role[]) returns boolean
language plpgsql stable security definer
as $$
begin
  return exists (
    select 1 from public.profile_roles r
    where r.profile_id operator(pg_catalog.=) auth.uid()
      and r.community_id operator(pg_catalog.=) p_community
      and r.role operator(pg_catalog.=) any (p_roles));
end
$$;
alter function app.has_role(uuid, public.app_role[]) reset search_path;

create or replace function app.resource_load(p_resource uuid) returns int
language plpgsql stable
as $$
begin
  return (select count(*)::int from public.service_projects p
          where p.resource_id = p_resource and p.status in ('proposed', 'confirmed', 'in_progress'));
end
$$;

-- resource_load's lookup: the live projects of one resource (without it every call scans all projects)
create index if not exists service_projects_resource_live on public.service_projects (resource_id)
  where status in ('proposed', 'confirmed', 'in_progress');
