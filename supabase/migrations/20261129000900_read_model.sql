-- One read-authorization model: Row Level Security decides who reads what (issue 13).
--
-- On Supabase every table in `public` is reachable through PostgREST with the person's own token, so each policy
-- below allows exactly the rows that person may see, never more: rows of the communities they belong to (their own
-- community, any community where they hold a role, every community of a street they administer), their own rows,
-- and what their role opens (staff: their community's people and needs; a department: needs routed to it).
-- Only the public directory (streets, communities, grids, micro-grids: what a newcomer searches to join) and the
-- fixed need status graph are readable by every logged-in person. `anon` can read nothing.
--
-- Policies call set-returning helpers wrapped in `(select ...)`, so Postgres computes the caller's communities once
-- per statement (an InitPlan), not once per row.
--
-- Read functions are `security invoker` and so see exactly what these policies allow; a read function stays
-- `security definer` only when it shows a projection the person may see of rows the table cannot expose whole
-- (e.g. a meeting without its staff-only check-in code, a need's title without its contact), and then it says so in
-- its `comment on function` (checked by tests/db/catalog.test.ts) and checks the caller itself.

----------------------------------------------------------------------------------------------------
-- The caller's scope, computed once per statement
----------------------------------------------------------------------------------------------------
/** Communities the caller belongs to: their own, any where they hold a role, and all of a street they administer. */
create or replace function app.my_community_ids() returns uuid[]
language sql stable security definer
set search_path = ''
as $$
  select coalesce(array_agg(distinct x.c), '{}') from (
    select p.community_id as c from public.profiles p where p.id = (select auth.uid()) and p.community_id is not null
    union all
    select r.community_id from public.profile_roles r where r.profile_id = (select auth.uid())
    union all
    select c.id from public.communities c join public.street_admins a on a.street_id = c.street_id
      where a.profile_id = (select auth.uid())
  ) x
$$;

/** Communities whose staff the caller is (staff or admin role; street admins hold admin in each of their street's). */
create or replace function app.my_staff_community_ids() returns uuid[]
language sql stable security definer
set search_path = ''
as $$
  select coalesce(array_agg(distinct x.c), '{}') from (
    select r.community_id as c from public.profile_roles r
      where r.profile_id = (select auth.uid()) and r.role in ('staff', 'admin')
    union all
    select c.id from public.communities c join public.street_admins a on a.street_id = c.street_id
      where a.profile_id = (select auth.uid())
  ) x
$$;

/** Micro-grids of the grids the caller works as grid worker (网格员). */
create or replace function app.my_worker_micro_grid_ids() returns uuid[]
language sql stable security definer
set search_path = ''
as $$
  select coalesce(array_agg(distinct m.id), '{}')
  from public.grid_assignments a
  join public.grids g on g.id = a.grid_id
  join public.profile_roles r on r.profile_id = a.profile_id and r.community_id = g.community_id and r.role = 'grid_worker'
  join public.micro_grids m on m.grid_id = a.grid_id
  where a.profile_id = (select auth.uid())
$$;

/** Departments (职能部门) the caller is a member of. */
create or replace function app.my_department_ids() returns uuid[]
language sql stable security definer
set search_path = ''
as $$
  select coalesce(array_agg(m.department_id), '{}') from public.department_members m where m.profile_id = (select auth.uid())
$$;

grant execute on function app.my_community_ids(), app.my_staff_community_ids(), app.my_worker_micro_grid_ids(),
  app.my_department_ids() to authenticated;

----------------------------------------------------------------------------------------------------
-- Policies: replace every policy that read more than its reader may see
----------------------------------------------------------------------------------------------------
-- community settings: members of the community
drop policy if exists sla_rules_select on public.sla_rules;
create policy sla_rules_select on public.sla_rules for select to authenticated
  using (community_id = any ((select app.my_community_ids())::uuid[]));
drop policy if exists community_need_settings_select on public.community_need_settings;
create policy community_need_settings_select on public.community_need_settings for select to authenticated
  using (community_id = any ((select app.my_community_ids())::uuid[]));
drop policy if exists community_volunteer_settings_select on public.community_volunteer_settings;
create policy community_volunteer_settings_select on public.community_volunteer_settings for select to authenticated
  using (community_id = any ((select app.my_community_ids())::uuid[]));
drop policy if exists community_deliberation_settings_select on public.community_deliberation_settings;
create policy community_deliberation_settings_select on public.community_deliberation_settings for select to authenticated
  using (community_id = any ((select app.my_community_ids())::uuid[]));
drop policy if exists bean_rules_select on public.bean_rules;
create policy bean_rules_select on public.bean_rules for select to authenticated
  using (community_id = any ((select app.my_community_ids())::uuid[]));

-- who works which grid: the worker and their community's staff
drop policy if exists grid_assignments_select on public.grid_assignments;
create policy grid_assignments_select on public.grid_assignments for select to authenticated
  using (profile_id = (select auth.uid())
    or exists (select 1 from public.grids g where g.id = grid_assignments.grid_id
               and g.community_id = any ((select app.my_staff_community_ids())::uuid[])));

-- people: every member of a community sees the names of its members (a comment's author, a project's provider);
-- phone and openid are personal, so they are not readable directly by anyone: the
-- person reads their own through `me`, staff through the members list, both of which check the caller
drop policy if exists profiles_select on public.profiles;
create policy profiles_select on public.profiles for select to authenticated
  using (id = (select auth.uid()) or community_id = any ((select app.my_community_ids())::uuid[]));
revoke select on public.profiles from authenticated;
grant select (id, handle, display_name, community_id, micro_grid_id, created_at, updated_at, honour_opt_in) on public.profiles to authenticated;
drop policy if exists profile_roles_select on public.profile_roles;
create policy profile_roles_select on public.profile_roles for select to authenticated
  using (profile_id = (select auth.uid()) or community_id = any ((select app.my_staff_community_ids())::uuid[]));

-- needs (contact, phone and address are personal): the person who raised it, their community's staff, the grid
-- worker of its micro-grid, the department it was routed to, and its followers
drop policy if exists needs_select on public.needs;
create policy needs_select on public.needs for select to authenticated
  using (created_by = (select auth.uid())
    or community_id = any ((select app.my_staff_community_ids())::uuid[])
    or micro_grid_id = any ((select app.my_worker_micro_grid_ids())::uuid[])
    or department_id = any ((select app.my_department_ids())::uuid[]));
drop policy if exists need_events_select on public.need_events;
create policy need_events_select on public.need_events for select to authenticated
  using (exists (select 1 from public.needs n where n.id = need_events.need_id));

-- resources: the publisher, and members of its community or of a community it serves
drop policy if exists resources_select on public.resources;
create policy resources_select on public.resources for select to authenticated
  using (publisher_id = (select auth.uid())
    or community_id = any ((select app.my_community_ids())::uuid[])
    or area_community_ids && (select app.my_community_ids())::uuid[]);

-- the service list is public within its community; the need's owner and the resource's publisher see their project
drop policy if exists service_projects_select on public.service_projects;
create policy service_projects_select on public.service_projects for select to authenticated
  using (community_id = any ((select app.my_community_ids())::uuid[])
    or exists (select 1 from public.resources r where r.id = service_projects.resource_id and r.publisher_id = (select auth.uid()))
    or exists (select 1 from public.needs n where n.id = service_projects.need_id and n.created_by = (select auth.uid())));
drop policy if exists service_progress_select on public.service_progress;
create policy service_progress_select on public.service_progress for select to authenticated
  using (exists (select 1 from public.service_projects p where p.id = service_progress.project_id));

-- volunteering: posts, slots and whistles are public within their community
drop policy if exists service_posts_select on public.service_posts;
create policy service_posts_select on public.service_posts for select to authenticated
  using (community_id = any ((select app.my_community_ids())::uuid[]));
drop policy if exists post_slots_select on public.post_slots;
create policy post_slots_select on public.post_slots for select to authenticated
  using (exists (select 1 from public.service_posts p where p.id = post_slots.post_id));
drop policy if exists whistles_select on public.whistles;
create policy whistles_select on public.whistles for select to authenticated
  using (community_id = any ((select app.my_community_ids())::uuid[]));

-- rewards: the community's catalogue
drop policy if exists rewards_select on public.rewards;
create policy rewards_select on public.rewards for select to authenticated
  using (provider_id = (select auth.uid()) or community_id = any ((select app.my_community_ids())::uuid[]));

-- deliberation: topics and resolutions are public within their community; meetings only to staff directly (the
-- row holds the check-in code; residents read meetings through meeting_get/meetings_list, which leave it out)
drop policy if exists topics_select on public.topics;
create policy topics_select on public.topics for select to authenticated
  using (proposer_id = (select auth.uid()) or community_id = any ((select app.my_community_ids())::uuid[]));
drop policy if exists meetings_select on public.meetings;
create policy meetings_select on public.meetings for select to authenticated
  using (community_id = any ((select app.my_staff_community_ids())::uuid[]));
drop policy if exists meeting_topics_select on public.meeting_topics;
create policy meeting_topics_select on public.meeting_topics for select to authenticated
  using (exists (select 1 from public.meetings m where m.id = meeting_topics.meeting_id));
drop policy if exists meeting_comments_select on public.meeting_comments;
create policy meeting_comments_select on public.meeting_comments for select to authenticated
  using (author_id = (select auth.uid())
    or exists (select 1 from public.meetings m where m.id = meeting_comments.meeting_id));
drop policy if exists motions_select on public.motions;
create policy motions_select on public.motions for select to authenticated
  using (exists (select 1 from public.meetings m where m.id = motions.meeting_id));
drop policy if exists motion_options_select on public.motion_options;
create policy motion_options_select on public.motion_options for select to authenticated
  using (exists (select 1 from public.motions x where x.id = motion_options.motion_id));
drop policy if exists resolutions_select on public.resolutions;
create policy resolutions_select on public.resolutions for select to authenticated
  using (community_id = any ((select app.my_community_ids())::uuid[]));
drop policy if exists resolution_actions_select on public.resolution_actions;
create policy resolution_actions_select on public.resolution_actions for select to authenticated
  using (owner_id = (select auth.uid())
    or exists (select 1 from public.resolutions r where r.id = resolution_actions.resolution_id));
drop policy if exists resolution_supervisions_select on public.resolution_supervisions;
create policy resolution_supervisions_select on public.resolution_supervisions for select to authenticated
  using (exists (select 1 from public.resolutions r where r.id = resolution_supervisions.resolution_id));
drop policy if exists action_progress_select on public.action_progress;
create policy action_progress_select on public.action_progress for select to authenticated
  using (exists (select 1 from public.resolution_actions a where a.id = action_progress.action_id));

-- pickup codes: the owner reads theirs through redemptions_mine; a provider who could read every code of their
-- reward would not need to guess them, so the column is not readable directly by anyone
revoke select on public.redemptions from authenticated;
grant select (id, reward_id, profile_id, status, price_beans, transfer_id, settle_transfer_id, expires_at, verified_at,
  verified_by, cancelled_at, created_at) on public.redemptions to authenticated;

-- nothing for anon, anywhere
revoke all on all tables in schema public from anon;

----------------------------------------------------------------------------------------------------
-- Read functions: security invoker, except the projections below, each of which checks its caller
----------------------------------------------------------------------------------------------------
comment on function public.auth_profile_by_handle is
  'security definer: the demo login looks a profile up by handle before any token exists (service_role only).';
comment on function public.invitation_preview is
  'security definer: the holder of an invitation code sees what it grants before belonging to the community.';
comment on function public.needs_claimable is
  'security definer: units and volunteers see open needs of the communities they serve, without contact or address.';
comment on function public.needs_similar is
  'security definer: a resident sees titles of similar open needs of neighbours (duplicate suggestions), nothing personal.';
comment on function public.need_get is
  'security definer: followers and serving providers see a need; contact and address only for those allowed (checked inside).';
comment on function public.meeting_get is
  'security definer: members see a meeting of their community without its staff-only check-in code (checked inside).';
comment on function public.meetings_list is
  'security definer: members see their community''s meetings without the staff-only check-in code (checked inside).';
comment on function public.me is
  'security definer: the person reads their own phone and micro-grid, which no table exposes directly.';
comment on function public.members_list is
  'security definer: staff see their community''s members with masked phones (checked inside).';
comment on function public.people_search is
  'security definer: staff find people by name or phone in communities they manage (checked inside).';
comment on function public.export_rows is
  'security definer: staff and street admins export their scope with contact details (checked inside).';
comment on function public.redemptions_mine is
  'security definer: the holder reads the pickup codes of their own redemptions, a column no table exposes directly.';
comment on function public.beans_report is
  'security definer: staff see their community''s bean totals, aggregates over accounts they may not read one by one.';
comment on function public.volunteer_report is
  'security definer: staff see their community''s service hours, aggregates over rows they may not read one by one.';
comment on function public.departments_list is
  'security definer: staff route needs to their street''s departments by name; contacts only for the street admin (checked inside).';
comment on function public.credit_me is
  'security definer: a person''s credit counts ratings of projects and shifts they may not read row by row.';
comment on function public.audit_list is
  'security definer: the audit log names people who may since have moved to another community (scope checked inside).';
comment on function public.stats_overview is
  'security definer: aggregate counts over rows the reader may not see one by one (scope checked inside).';
comment on function public.deliberation_metrics is
  'security definer: aggregate counts over rows the reader may not see one by one (scope checked inside).';
comment on function public.participation_bands is
  'security definer: aggregate counts over rows the reader may not see one by one (scope checked inside).';

do $$
declare
  f record;
begin
  -- by rule, not by list: every stable function of the API surface reads as its caller unless it says why not
  for f in
    select p.oid::regprocedure as sig
    from pg_proc p join pg_namespace n on n.oid = p.pronamespace
    where n.nspname = 'public' and p.prosecdef and p.provolatile = 's'
      and coalesce(obj_description(p.oid, 'pg_proc'), '') not like 'security definer:%'
  loop
    execute format('alter function %s security invoker', f.sig);
  end loop;
end
$$;

-- A meeting is read by the members of its community (and staff and street admins), by nobody else: before this,
-- anyone logged in could read any community's meeting with its comments and motions.
create or replace function public.meeting_get(p_id uuid) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
declare
  m public.meetings;
begin
  perform app.require_uid();
  select * into m from public.meetings where id = p_id;
  if m.id is null or not (m.community_id = any (app.my_community_ids())) then
    perform app.fail('meeting.not_found');
  end if;
  return app.meeting_json(m, true);
end
$$;

create or replace function public.meetings_list(p_community_id uuid default null) returns jsonb
language sql stable security definer
set search_path = ''
as $$
  select coalesce(jsonb_agg(app.meeting_json(m, false) order by m.starts_at desc), '[]'::jsonb)
  from public.meetings m
  where m.community_id = coalesce(p_community_id, (select community_id from public.profiles where id = (select auth.uid())))
    and m.community_id = any (app.my_community_ids())
    and m.status <> 'cancelled'
$$;

-- Read functions that now run as their caller use the app schema's row builders and predicates. Those that only
-- read are granted to authenticated (the app schema is not exposed through PostgREST, so nobody calls them directly
-- over HTTP); no function that writes (volatile) and runs as definer is, so none of them can be called except
-- through the API's own functions.
do $$
declare
  f record;
begin
  for f in
    select p.oid::regprocedure as sig
    from pg_proc p join pg_namespace n on n.oid = p.pronamespace
    where n.nspname = 'app' and p.provolatile in ('s', 'i') and p.prokind = 'f'
  loop
    execute format('grant execute on function %s to authenticated', f.sig);
  end loop;
end
$$;

alter function app.has_role(uuid, public.app_role[]) set search_path = '';

-- The service list is public within its community and shows each project's need by title only; the need itself is
-- not readable by neighbours, so these two read as definer and check the community themselves. Before this, a
-- resident of B read A's service list by passing A's id.
create or replace function public.services_list(p_community_id uuid default null, p_status public.project_status default null,
  p_after_created_at timestamptz default null, p_after_id uuid default null, p_limit integer default 20) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
declare
  v_community uuid := coalesce(p_community_id, (select community_id from public.profiles where id = app.require_uid()));
  v_limit int := least(greatest(coalesce(p_limit, 20), 1), 100);
  v_items jsonb;
  v_more boolean;
begin
  if v_community is null or not (v_community = any (app.my_community_ids())) then
    return jsonb_build_object('items', '[]'::jsonb, 'hasMore', false);
  end if;
  select coalesce(jsonb_agg(app.project_json(x.p, false) order by x.n) filter (where x.n <= v_limit), '[]'::jsonb),
         count(*) > v_limit
    into v_items, v_more
  from (
    select p, row_number() over (order by p.created_at desc, p.id desc) as n
    from public.service_projects p
    where p.community_id = v_community and (p_status is null or p.status = p_status)
      and (p_after_created_at is null or (p.created_at, p.id) < (p_after_created_at, p_after_id))
    order by p.created_at desc, p.id desc
    limit v_limit + 1
  ) x;
  return jsonb_build_object('items', v_items, 'hasMore', v_more);
end
$$;
comment on function public.services_list is
  'security definer: the service list shows each project''s need by title, not the need itself (community checked inside).';

create or replace function public.service_get(p_id uuid) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
declare
  p public.service_projects;
begin
  perform app.require_uid();
  select * into p from public.service_projects where id = p_id;
  if p.id is null or not (p.community_id = any (app.my_community_ids())
      or exists (select 1 from public.resources r where r.id = p.resource_id and r.publisher_id = (select auth.uid()))
      or exists (select 1 from public.needs n where n.id = p.need_id and n.created_by = (select auth.uid()))) then
    perform app.fail('service.not_found');
  end if;
  return app.project_json(p, true);
end
$$;
comment on function public.service_get is
  'security definer: a project shows its need by title, not the need itself (who may read it is checked inside).';

-- A resolution shows its tally and its residents' average rating: counts over votes and ratings each person may
-- read only for themself. It is read by the members of its community, by nobody else.
create or replace function public.resolution_get(p_id uuid) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
declare
  r public.resolutions;
begin
  perform app.require_uid();
  select * into r from public.resolutions where id = p_id;
  if r.id is null or not (r.community_id = any (app.my_community_ids())) then
    perform app.fail('resolution.not_found');
  end if;
  return app.resolution_json(r);
end
$$;
comment on function public.resolution_get is
  'security definer: a resolution shows vote and rating counts over rows each person reads only for themself (community checked inside).';

-- The honour roll (光荣榜) sums the beans of the community's opted-in volunteers, over accounts nobody else may read;
-- it is for the members of that community only.
create or replace function public.honour_roll(p_community_id uuid, p_month date) returns jsonb
language sql stable security definer
set search_path = ''
as $$
  select coalesce(jsonb_agg(jsonb_build_object('displayName', x.display_name, 'beans', x.beans) order by x.beans desc, x.display_name), '[]'::jsonb)
  from (
    select p.display_name, sum(t.amount) as beans
    from public.bean_transfers t
    join public.bean_accounts a on a.id = t.to_account and a.kind = 'person'
    join public.profiles p on p.id = a.profile_id
    where p.community_id = p_community_id and p_community_id = any (app.my_community_ids()) and p.honour_opt_in
      and t.kind::text like 'award%'
      and t.created_at >= p_month and t.created_at < p_month + interval '1 month'
    group by p.id, p.display_name
    order by beans desc limit 10
  ) x
$$;
comment on function public.honour_roll is
  'security definer: sums the beans of opted-in volunteers over accounts only their owners may read (community checked inside).';
