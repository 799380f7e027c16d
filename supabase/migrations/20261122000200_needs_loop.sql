-- Needs: the closed loop 发现 → 研判 → 分类 → 处置或上报 → 反馈 → 评价, with 三事分流 triage, SLA deadlines,
-- a timeline of every transition, a notification outbox, ratings, follows and likely-duplicate search.

create schema if not exists extensions;
create extension if not exists pg_trgm with schema extensions;

create type public.need_track as enum ('private', 'shared', 'public');
create type public.need_severity as enum ('general', 'major', 'complex', 'escalated');
create type public.need_urgency as enum ('low', 'normal', 'high', 'urgent');
create type public.need_source as enum ('resident', 'patrol', 'hotline', 'on_behalf');
create type public.sla_goal as enum ('resolve', 'plan', 'report');
create type public.need_actor as enum ('staff', 'grid_worker', 'owner', 'system');

----------------------------------------------------------------------------------------------------
-- Which grid a grid worker serves (first-line triage is per grid)
----------------------------------------------------------------------------------------------------
create table public.grid_assignments (
  profile_id uuid not null references public.profiles(id) on delete cascade,
  grid_id uuid not null references public.grids(id),
  created_at timestamptz not null default now(),
  primary key (profile_id, grid_id)
);
comment on table public.grid_assignments is '网格员与网格: the grids a grid worker patrols and triages.';
alter table public.grid_assignments enable row level security;
revoke all on public.grid_assignments from anon, authenticated;
grant select on public.grid_assignments to authenticated;
grant all on public.grid_assignments to service_role;
create policy grid_assignments_select on public.grid_assignments for select to authenticated using (true);

create or replace function app.is_grid_worker_of(p_grid uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (
    select 1 from public.grid_assignments a
    join public.grids g on g.id = a.grid_id
    join public.profile_roles r on r.profile_id = a.profile_id and r.community_id = g.community_id and r.role = 'grid_worker'
    where a.profile_id = (select auth.uid()) and a.grid_id = p_grid
  )
$$;
grant execute on function app.is_grid_worker_of(uuid) to authenticated;

----------------------------------------------------------------------------------------------------
-- SLA rules per community (editable by admin); defaults from the source documents
----------------------------------------------------------------------------------------------------
create table public.sla_rules (
  community_id uuid not null references public.communities(id) on delete cascade,
  severity public.need_severity not null,
  minutes int not null check (minutes between 1 and 525600),
  goal public.sla_goal not null,
  updated_at timestamptz not null default now(),
  updated_by uuid references public.profiles(id),
  primary key (community_id, severity)
);
comment on table public.sla_rules is 'SLA per severity: general resolved in 1 h, major in 1 day, complex a plan in 1 week, beyond that reported upward in 1 week.';

create table public.community_need_settings (
  community_id uuid primary key references public.communities(id) on delete cascade,
  -- an open need this long past its deadline is escalated by the cron
  escalate_grace_minutes int not null default 60 check (escalate_grace_minutes between 0 and 43200),
  -- a resolved need nobody rated closes itself after this many days
  auto_close_days int not null default 7 check (auto_close_days between 1 and 90),
  -- the owner may reopen a resolved need once within this many days
  reopen_days int not null default 7 check (reopen_days between 1 and 90)
);
comment on table public.community_need_settings is 'Escalation, auto-close and reopen rules of a community''s needs loop.';

alter table public.sla_rules enable row level security;
alter table public.community_need_settings enable row level security;
revoke all on public.sla_rules, public.community_need_settings from anon, authenticated;
grant select on public.sla_rules, public.community_need_settings to authenticated;
grant all on public.sla_rules, public.community_need_settings to service_role;
create policy sla_rules_select on public.sla_rules for select to authenticated using (true);
create policy community_need_settings_select on public.community_need_settings for select to authenticated using (true);

create or replace function app.community_defaults() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  insert into public.sla_rules (community_id, severity, minutes, goal) values
    (new.id, 'general', 60, 'resolve'),
    (new.id, 'major', 1440, 'resolve'),
    (new.id, 'complex', 10080, 'plan'),
    (new.id, 'escalated', 10080, 'report')
  on conflict do nothing;
  insert into public.community_need_settings (community_id) values (new.id) on conflict do nothing;
  return new;
end
$$;
create trigger communities_defaults after insert on public.communities
  for each row execute function app.community_defaults();

insert into public.sla_rules (community_id, severity, minutes, goal)
  select c.id, d.severity, d.minutes, d.goal
  from public.communities c
  cross join (values ('general'::public.need_severity, 60, 'resolve'::public.sla_goal), ('major', 1440, 'resolve'),
                     ('complex', 10080, 'plan'), ('escalated', 10080, 'report')) d(severity, minutes, goal)
  on conflict do nothing;
insert into public.community_need_settings (community_id) select id from public.communities on conflict do nothing;

----------------------------------------------------------------------------------------------------
-- The full need
----------------------------------------------------------------------------------------------------
-- Chinese titles have no spaces, so trigram similarity works on character bigrams: '楼道灯' → '楼道 道灯'.
create or replace function app.cjk_grams(p_text text) returns text
language sql immutable parallel safe
set search_path = ''
as $$
  select case when char_length(t) < 2 then t
    else (select string_agg(substr(t, i, 2), ' ' order by i) from generate_series(1, char_length(t) - 1) i) end
  from (select regexp_replace(lower(coalesce(p_text, '')), '[[:space:][:punct:]，。！？、；：“”‘’（）《》【】—…·]', '', 'g') as t) s
$$;

alter table public.needs
  alter column created_by drop not null,
  add column submitted_by uuid references public.profiles(id),
  add column source public.need_source not null default 'resident',
  add column contact_name text check (char_length(contact_name) between 1 and 40),
  add column contact_phone text check (contact_phone ~ '^[0-9]{7,15}$'),
  add column urgency public.need_urgency not null default 'normal',
  add column address text check (char_length(address) <= 200),
  add column window_from timestamptz,
  add column window_to timestamptz,
  add column people_affected int not null default 1 check (people_affected between 1 and 100000),
  add column track public.need_track,
  add column severity public.need_severity,
  add column handler_id uuid references public.profiles(id),
  add column department text check (char_length(department) between 1 and 60),
  add column triaged_at timestamptz,
  add column due_at timestamptz,
  add column due_goal public.sla_goal,
  add column resolved_at timestamptz,
  add column reopen_count int not null default 0 check (reopen_count between 0 and 1),
  add column rating smallint check (rating between 1 and 5),
  add column rating_comment text check (char_length(rating_comment) <= 500),
  add column evaluated_at timestamptz,
  add column closed_at timestamptz,
  add column follower_count int not null default 0 check (follower_count >= 0),
  add column title_grams text generated always as (app.cjk_grams(title)) stored;

update public.needs set submitted_by = created_by where submitted_by is null;
alter table public.needs
  alter column submitted_by set not null,
  add constraint needs_owner_present check (created_by is not null or (contact_name is not null and contact_phone is not null)),
  add constraint needs_window_order check (window_to is null or window_from is null or window_to > window_from),
  add constraint needs_triage_pair check ((track is null) = (severity is null)),
  add constraint needs_public_department check (track is distinct from 'public' or department is not null),
  add constraint needs_rating_when_evaluated check (rating is null or status in ('evaluated', 'closed'));

create index needs_title_grams_trgm on public.needs using gin (title_grams extensions.gin_trgm_ops);
create index needs_micro_grid_idx on public.needs (micro_grid_id, status);
create index needs_due_idx on public.needs (due_at) where status in ('triaged', 'in_progress');
create index needs_resolved_idx on public.needs (resolved_at) where status = 'resolved';

comment on column public.needs.created_by is 'The owner: the resident the need belongs to (null when it belongs to a name+phone record).';
comment on column public.needs.submitted_by is 'Who entered it: the owner, a grid worker (patrol, on behalf) or staff (hotline).';
comment on column public.needs.address is 'Personal data: visible only to the owner and staff of the community.';

----------------------------------------------------------------------------------------------------
-- Allowed transitions, per actor. The only edges the loop may take.
----------------------------------------------------------------------------------------------------
create table public.need_status_edges (
  from_status public.need_status not null,
  to_status public.need_status not null,
  actor public.need_actor not null,
  reason_required boolean not null default false,
  primary key (from_status, to_status, actor)
);
comment on table public.need_status_edges is 'State machine of a need: each allowed (from, to, actor); anything else is refused.';
alter table public.need_status_edges enable row level security;
revoke all on public.need_status_edges from anon, authenticated;
grant select on public.need_status_edges to authenticated;
create policy need_status_edges_select on public.need_status_edges for select to authenticated using (true);

insert into public.need_status_edges (from_status, to_status, actor, reason_required) values
  ('submitted', 'triaged', 'staff', false),
  ('submitted', 'triaged', 'grid_worker', false),
  ('triaged', 'triaged', 'staff', false),
  ('triaged', 'triaged', 'grid_worker', false),
  ('submitted', 'rejected', 'staff', true),
  ('submitted', 'rejected', 'grid_worker', true),
  ('triaged', 'rejected', 'staff', true),
  ('triaged', 'in_progress', 'staff', false),
  ('triaged', 'in_progress', 'grid_worker', false),
  ('triaged', 'escalated', 'staff', true),
  ('triaged', 'escalated', 'system', true),
  ('triaged', 'in_deliberation', 'staff', false),
  ('triaged', 'matched', 'staff', false),
  ('in_progress', 'resolved', 'staff', false),
  ('in_progress', 'resolved', 'grid_worker', false),
  ('in_progress', 'escalated', 'staff', true),
  ('in_progress', 'escalated', 'system', true),
  ('in_progress', 'matched', 'staff', false),
  ('in_progress', 'in_deliberation', 'staff', false),
  ('escalated', 'in_progress', 'staff', false),
  ('escalated', 'resolved', 'staff', false),
  ('in_deliberation', 'in_progress', 'staff', false),
  ('in_deliberation', 'resolved', 'staff', false),
  ('matched', 'in_progress', 'staff', false),
  ('matched', 'resolved', 'staff', false),
  ('resolved', 'in_progress', 'owner', true),
  ('resolved', 'evaluated', 'owner', false),
  ('resolved', 'closed', 'system', false),
  ('evaluated', 'closed', 'staff', false),
  ('evaluated', 'closed', 'system', false);

----------------------------------------------------------------------------------------------------
-- Timeline and followers and the notification outbox
----------------------------------------------------------------------------------------------------
create table public.need_events (
  id bigint generated always as identity primary key,
  need_id uuid not null references public.needs(id) on delete cascade,
  from_status public.need_status,
  to_status public.need_status not null,
  actor_id uuid references public.profiles(id),
  actor public.need_actor not null,
  note text check (char_length(note) <= 500),
  created_at timestamptz not null default clock_timestamp()
);
comment on table public.need_events is 'Timeline of a need: every transition with actor, time and note. Append-only.';
create index need_events_need_idx on public.need_events (need_id, id);

create table public.need_followers (
  need_id uuid not null references public.needs(id) on delete cascade,
  profile_id uuid not null references public.profiles(id) on delete cascade,
  created_at timestamptz not null default now(),
  primary key (need_id, profile_id)
);
comment on table public.need_followers is '关注/+1: residents who have the same need follow an existing one instead of filing again.';

create table public.notifications (
  id bigint generated always as identity primary key,
  profile_id uuid not null references public.profiles(id) on delete cascade,
  kind text not null check (kind ~ '^[a-z_]+\.[a-z_]+$'),
  payload jsonb not null,
  status text not null default 'pending' check (status in ('pending', 'sending', 'sent', 'skipped', 'failed')),
  attempts int not null default 0,
  last_error text,
  locked_until timestamptz,
  created_at timestamptz not null default now(),
  sent_at timestamptz
);
comment on table public.notifications is 'Outbox: written in the same transaction as the change it reports, drained by a sender (WeChat subscribe messages).';
create index notifications_pending_idx on public.notifications (id) where status in ('pending', 'sending');
create index notifications_profile_idx on public.notifications (profile_id, id desc);

alter table public.need_events enable row level security;
alter table public.need_followers enable row level security;
alter table public.notifications enable row level security;
revoke all on public.need_events, public.need_followers, public.notifications from anon, authenticated;
grant select on public.need_events, public.need_followers, public.notifications to authenticated;
grant all on public.need_events, public.need_followers, public.notifications to service_role;
-- the timeline is append-only for every role, service_role included
revoke update, delete, truncate on public.need_events from service_role;

create policy need_events_select on public.need_events for select to authenticated
  using (exists (select 1 from public.needs n where n.id = need_id
                 and (n.created_by = (select auth.uid()) or app.is_staff_of(n.community_id))));
create policy need_followers_select on public.need_followers for select to authenticated
  using (profile_id = (select auth.uid()));
create policy notifications_select on public.notifications for select to authenticated
  using (profile_id = (select auth.uid()));

----------------------------------------------------------------------------------------------------
-- Helpers
----------------------------------------------------------------------------------------------------
create or replace function app.need_grid(n public.needs) returns uuid
language sql stable
set search_path = ''
as $$ select m.grid_id from public.micro_grids m where m.id = n.micro_grid_id $$;

create or replace function app.need_overdue(n public.needs) returns boolean
language sql stable
set search_path = ''
as $$
  select n.due_at is not null and now() > n.due_at and case n.due_goal
    when 'resolve' then n.status in ('triaged', 'in_progress')
    when 'plan' then n.status = 'triaged'
    when 'report' then n.status in ('triaged', 'in_progress')
    else false end
$$;

-- The roles the caller plays towards a need.
create or replace function app.need_actors(n public.needs) returns public.need_actor[]
language sql stable security definer
set search_path = ''
as $$
  select array_remove(array[
    case when app.is_staff_of(n.community_id) then 'staff'::public.need_actor end,
    case when app.is_grid_worker_of(app.need_grid(n)) then 'grid_worker'::public.need_actor end,
    case when n.created_by = (select auth.uid()) then 'owner'::public.need_actor end
  ], null)
$$;

create or replace function app.need_json(n public.needs, p_personal boolean, p_detail boolean) returns jsonb
language sql stable security definer
set search_path = ''
as $$
  select jsonb_build_object(
    'id', n.id,
    'title', n.title,
    'description', n.description,
    'category', n.category,
    'status', n.status,
    'communityId', n.community_id,
    'microGridId', n.micro_grid_id,
    'microGridName', (select m.name from public.micro_grids m where m.id = n.micro_grid_id),
    'createdBy', n.created_by,
    'source', n.source,
    'urgency', n.urgency,
    'peopleAffected', n.people_affected,
    'windowFrom', app.iso(n.window_from),
    'windowTo', app.iso(n.window_to),
    'address', case when p_personal then n.address end,
    'contactName', case when p_personal then n.contact_name end,
    'contactPhone', case when p_personal then n.contact_phone end,
    'track', n.track,
    'severity', n.severity,
    'handlerId', n.handler_id,
    'handlerName', (select p.display_name from public.profiles p where p.id = n.handler_id),
    'department', n.department,
    'dueAt', app.iso(n.due_at),
    'dueGoal', n.due_goal,
    'overdue', app.need_overdue(n),
    'reopenCount', n.reopen_count,
    'resolvedAt', app.iso(n.resolved_at),
    'rating', n.rating,
    'ratingComment', n.rating_comment,
    'followers', n.follower_count,
    'following', exists (select 1 from public.need_followers f where f.need_id = n.id and f.profile_id = (select auth.uid())),
    'createdAt', app.iso(n.created_at),
    'updatedAt', app.iso(n.updated_at)
  ) || case when p_detail then jsonb_build_object(
    'timeline', coalesce((
      select jsonb_agg(jsonb_build_object(
        'id', e.id, 'from', e.from_status, 'to', e.to_status, 'actor', e.actor,
        'actorName', case when e.actor = 'system' then null else (select p.display_name from public.profiles p where p.id = e.actor_id) end,
        'note', e.note, 'at', app.iso(e.created_at)) order by e.id)
      from public.need_events e where e.need_id = n.id), '[]'::jsonb),
    'actions', coalesce((
      select jsonb_agg(distinct x.to_status::text)
      from public.need_status_edges x
      where x.from_status = n.status and x.actor = any (app.need_actors(n)) and x.to_status <> 'triaged'), '[]'::jsonb),
    'canTriage', n.status in ('submitted', 'triaged') and app.need_actors(n) && array['staff', 'grid_worker']::public.need_actor[]
  ) else '{}'::jsonb end
$$;

-- Drop the first cut's shapes; every RPC below returns the full shape.
drop function public.need_create(text, text, public.need_category, uuid);
drop function app.need_json(public.needs);

create or replace function app.need_notify(n public.needs, p_from public.need_status, p_note text) returns void
language sql
set search_path = ''
as $$
  insert into public.notifications (profile_id, kind, payload)
  select n.created_by, 'need.status', jsonb_build_object(
    'needId', n.id, 'title', n.title, 'from', p_from, 'to', n.status, 'note', p_note, 'at', app.iso(now()))
  where n.created_by is not null
$$;

/**
 * The one place a need changes status: checks the edge for the acting role, the reason, records the
 * timeline and queues the owner's notification, all in the caller's transaction. The row is locked.
 */
create or replace function app.need_apply(
  p_id uuid, p_to public.need_status, p_actors public.need_actor[], p_actor_id uuid, p_note text
) returns public.needs
language plpgsql security definer
set search_path = ''
as $$
declare
  n public.needs;
  v_from public.need_status;
  v_reason boolean;
  v_note text := nullif(btrim(coalesce(p_note, '')), '');
begin
  select * into n from public.needs where id = p_id for update;
  if n.id is null then
    perform app.fail('need.not_found');
  end if;
  v_from := n.status;
  select bool_or(e.reason_required) into v_reason
  from public.need_status_edges e
  where e.from_status = v_from and e.to_status = p_to and e.actor = any (p_actors);
  if v_reason is null then
    if exists (select 1 from public.need_status_edges e where e.from_status = v_from and e.to_status = p_to) then
      perform app.fail('auth.forbidden');
    end if;
    perform app.fail('need.transition_invalid', 'to');
  end if;
  if v_reason and v_note is null then
    perform app.fail('need.reason_required', 'note');
  end if;
  update public.needs set
    status = p_to,
    updated_at = now(),
    resolved_at = case when p_to = 'resolved' then now() else resolved_at end,
    evaluated_at = case when p_to = 'evaluated' then now() else evaluated_at end,
    closed_at = case when p_to = 'closed' then now() else closed_at end
  where id = p_id
  returning * into n;
  insert into public.need_events (need_id, from_status, to_status, actor_id, actor, note)
  values (p_id, v_from, p_to, p_actor_id,
          (select a from unnest(p_actors) a
           where exists (select 1 from public.need_status_edges e where e.from_status = v_from and e.to_status = p_to and e.actor = a)
           limit 1),
          v_note);
  perform app.need_notify(n, v_from, v_note);
  return n;
end
$$;

-- A need the caller may see at all: owner, staff of its community, grid worker of its grid, or a follower.
create or replace function app.need_visible(n public.needs) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select n.id is not null and (
    cardinality(app.need_actors(n)) > 0
    or exists (select 1 from public.need_followers f where f.need_id = n.id and f.profile_id = (select auth.uid()))
  )
$$;

create or replace function app.need_personal_visible(n public.needs) returns boolean
language sql stable security definer
set search_path = ''
as $$ select n.created_by = (select auth.uid()) or app.is_staff_of(n.community_id) $$;

----------------------------------------------------------------------------------------------------
-- RPCs
----------------------------------------------------------------------------------------------------
create or replace function public.need_create(
  p_title text,
  p_description text,
  p_category public.need_category,
  p_micro_grid_id uuid default null,
  p_urgency public.need_urgency default 'normal',
  p_address text default null,
  p_window_from timestamptz default null,
  p_window_to timestamptz default null,
  p_people_affected int default 1,
  p_source public.need_source default 'resident',
  p_on_behalf_of uuid default null,
  p_contact_name text default null,
  p_contact_phone text default null
) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  v_community uuid;
  v_home_micro_grid uuid;
  v_owner uuid;
  v_need public.needs;
begin
  select community_id, micro_grid_id into v_community, v_home_micro_grid from public.profiles where id = v_uid;
  if v_community is null then
    perform app.fail('need.no_community');
  end if;
  if p_source = 'resident' then
    v_owner := v_uid;
  elsif p_source = 'patrol' then
    -- found on patrol: the grid worker owns it and hears about its progress
    if not app.has_role(v_community, array['grid_worker', 'staff']::public.app_role[]) then
      perform app.fail('auth.forbidden');
    end if;
    v_owner := v_uid;
    v_home_micro_grid := null;
  else
    -- hotline (staff) or on behalf of a resident (grid worker, staff): owned by that resident
    if p_source = 'hotline' and not app.is_staff_of(v_community) then
      perform app.fail('auth.forbidden');
    end if;
    if p_source = 'on_behalf' and not app.has_role(v_community, array['grid_worker', 'staff', 'admin']::public.app_role[]) then
      perform app.fail('auth.forbidden');
    end if;
    if p_on_behalf_of is not null then
      select id, micro_grid_id into v_owner, v_home_micro_grid from public.profiles
      where id = p_on_behalf_of and community_id = v_community;
      if v_owner is null then
        perform app.fail('need.owner_invalid', 'onBehalfOf');
      end if;
    elsif p_contact_name is null or btrim(p_contact_name) = '' then
      perform app.fail('need.contact_required', 'contactName');
    elsif p_contact_phone is null or p_contact_phone !~ '^[0-9]{7,15}$' then
      perform app.fail('need.contact_required', 'contactPhone');
    else
      v_home_micro_grid := null;
    end if;
  end if;
  if p_micro_grid_id is not null and not exists (
    select 1 from public.micro_grids m join public.grids g on g.id = m.grid_id
    where m.id = p_micro_grid_id and g.community_id = v_community
  ) then
    perform app.fail('need.micro_grid_invalid', 'microGridId');
  end if;
  if p_source in ('patrol', 'on_behalf', 'hotline') and coalesce(p_micro_grid_id, v_home_micro_grid) is null then
    perform app.fail('need.micro_grid_required', 'microGridId');
  end if;
  if p_title is null or char_length(btrim(p_title)) not between 4 and 40 then
    perform app.fail('need.title_invalid', 'title');
  end if;
  if p_description is null or char_length(btrim(p_description)) not between 10 and 1000 then
    perform app.fail('need.description_invalid', 'description');
  end if;
  if p_window_from is not null and p_window_to is not null and p_window_to <= p_window_from then
    perform app.fail('need.window_invalid', 'windowTo');
  end if;
  insert into public.needs (community_id, micro_grid_id, title, description, category, created_by, submitted_by, source,
                            contact_name, contact_phone, urgency, address, window_from, window_to, people_affected)
  values (v_community, coalesce(p_micro_grid_id, v_home_micro_grid), btrim(p_title), btrim(p_description), p_category,
          v_owner, v_uid, p_source,
          case when v_owner is null then btrim(p_contact_name) end, case when v_owner is null then p_contact_phone end,
          coalesce(p_urgency, 'normal'), nullif(btrim(coalesce(p_address, '')), ''), p_window_from, p_window_to,
          coalesce(p_people_affected, 1))
  returning * into v_need;
  insert into public.need_events (need_id, from_status, to_status, actor_id, actor, note)
  values (v_need.id, null, 'submitted', v_uid,
          case when p_source = 'resident' then 'owner' when p_source = 'hotline' then 'staff' else 'grid_worker' end::public.need_actor,
          case p_source when 'patrol' then '网格员巡查发现' when 'hotline' then '热线登记' when 'on_behalf' then '网格员代办' end);
  return app.need_json(v_need, true, true);
end
$$;
grant execute on function public.need_create(text, text, public.need_category, uuid, public.need_urgency, text, timestamptz,
  timestamptz, int, public.need_source, uuid, text, text) to authenticated;

create or replace function public.needs_mine() returns jsonb
language sql stable security definer
set search_path = ''
as $$
  select coalesce(jsonb_agg(app.need_json(n, true, false) order by n.created_at desc, n.id desc), '[]'::jsonb)
  from public.needs n
  where n.created_by = (select auth.uid())
$$;

create or replace function public.need_get(p_id uuid) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  v_need public.needs;
begin
  select * into v_need from public.needs where id = p_id;
  if v_need.id is null or not app.need_visible(v_need) then
    perform app.fail('need.not_found');
  end if;
  return app.need_json(v_need, app.need_personal_visible(v_need), true);
end
$$;

drop function public.needs_list(public.need_status, timestamptz, uuid, int);
-- Staff see their community; grid workers see the grids they serve. Newest first, or oldest first for a queue.
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
language plpgsql stable security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  v_community uuid;
  v_staff boolean;
  v_grids uuid[];
  v_items jsonb;
  v_limit int := least(greatest(coalesce(p_limit, 20), 1), 100);
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
  end if;
  select coalesce(jsonb_agg(app.need_json(n, v_staff, false) order by
           case when p_oldest_first then n.created_at end asc, case when p_oldest_first then n.id end asc,
           n.created_at desc, n.id desc), '[]'::jsonb) into v_items
  from (
    select n.* from public.needs n
    left join public.micro_grids m on m.id = n.micro_grid_id
    where (case when v_staff then n.community_id = v_community else m.grid_id = any (v_grids) end)
      and (p_status is null or n.status = p_status)
      and (p_track is null or n.track = p_track)
      and (p_severity is null or n.severity = p_severity)
      and (p_grid_id is null or m.grid_id = p_grid_id)
      and (p_overdue is null or app.need_overdue(n) = p_overdue)
      and (p_after_created_at is null or (case when p_oldest_first
             then (n.created_at, n.id) > (p_after_created_at, p_after_id)
             else (n.created_at, n.id) < (p_after_created_at, p_after_id) end))
    order by case when p_oldest_first then n.created_at end asc, case when p_oldest_first then n.id end asc,
             n.created_at desc, n.id desc
    limit v_limit + 1
  ) n;
  return jsonb_build_object(
    'items', coalesce((select jsonb_agg(e order by o) from jsonb_array_elements(v_items) with ordinality t(e, o) where o <= v_limit), '[]'::jsonb),
    'hasMore', jsonb_array_length(v_items) > v_limit
  );
end
$$;
grant execute on function public.needs_list(public.need_status, public.need_track, public.need_severity, uuid, boolean, boolean,
  timestamptz, uuid, int) to authenticated;

-- 研判/分类: staff of the community or the grid worker of the need's grid set track, severity, handler; the
-- community's SLA rule for that severity sets the deadline.
create or replace function public.need_triage(
  p_id uuid, p_track public.need_track, p_severity public.need_severity,
  p_handler_id uuid default null, p_department text default null, p_note text default null
) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  n public.needs;
  v_actors public.need_actor[];
  v_rule public.sla_rules;
begin
  select * into n from public.needs where id = p_id for update;
  if n.id is null or not app.need_visible(n) then
    perform app.fail('need.not_found');
  end if;
  v_actors := array(select a from unnest(app.need_actors(n)) a where a in ('staff', 'grid_worker'));
  if cardinality(v_actors) = 0 then
    perform app.fail('auth.forbidden');
  end if;
  if n.status not in ('submitted', 'triaged') then
    perform app.fail('need.transition_invalid', 'to');
  end if;
  if p_track = 'public' and nullif(btrim(coalesce(p_department, '')), '') is null then
    perform app.fail('need.department_required', 'department');
  end if;
  if p_handler_id is not null and not exists (
    select 1 from public.profile_roles r where r.profile_id = p_handler_id and r.community_id = n.community_id
    and r.role in ('staff', 'admin')
  ) then
    perform app.fail('need.handler_invalid', 'handlerId');
  end if;
  select * into v_rule from public.sla_rules where community_id = n.community_id and severity = p_severity;
  update public.needs set
    track = p_track, severity = p_severity, handler_id = p_handler_id,
    department = nullif(btrim(coalesce(p_department, '')), ''),
    triaged_at = now(), due_at = now() + make_interval(mins => v_rule.minutes), due_goal = v_rule.goal
  where id = p_id;
  n := app.need_apply(p_id, 'triaged', v_actors, v_uid, p_note);
  return app.need_json(n, app.need_personal_visible(n), true);
end
$$;
grant execute on function public.need_triage(uuid, public.need_track, public.need_severity, uuid, text, text) to authenticated;

create or replace function public.need_transition(p_id uuid, p_to public.need_status, p_note text default null) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  n public.needs;
  v_settings public.community_need_settings;
begin
  select * into n from public.needs where id = p_id for update;
  if n.id is null or not app.need_visible(n) then
    perform app.fail('need.not_found');
  end if;
  if p_to = 'triaged' then
    perform app.fail('need.use_triage', 'to');
  end if;
  if p_to = 'evaluated' then
    perform app.fail('need.use_evaluate', 'to');
  end if;
  if n.status = 'resolved' and p_to = 'in_progress' then
    -- 重新办理: the owner, once, within the community's reopen window
    if n.created_by is distinct from v_uid then
      perform app.fail('auth.forbidden');
    end if;
    select * into v_settings from public.community_need_settings where community_id = n.community_id;
    if n.reopen_count >= 1 then
      perform app.fail('need.reopen_used');
    end if;
    if n.resolved_at < now() - make_interval(days => coalesce(v_settings.reopen_days, 7)) then
      perform app.fail('need.reopen_expired');
    end if;
    n := app.need_apply(p_id, p_to, array['owner']::public.need_actor[], v_uid, p_note);
    update public.needs set reopen_count = reopen_count + 1, resolved_at = null where id = p_id returning * into n;
  else
    n := app.need_apply(p_id, p_to, app.need_actors(n), v_uid, p_note);
  end if;
  return app.need_json(n, app.need_personal_visible(n), true);
end
$$;
grant execute on function public.need_transition(uuid, public.need_status, text) to authenticated;

-- 效由民评: only the owner rates, only a resolved need, once.
create or replace function public.need_evaluate(p_id uuid, p_rating int, p_comment text default null) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  n public.needs;
begin
  select * into n from public.needs where id = p_id for update;
  if n.id is null or not app.need_visible(n) then
    perform app.fail('need.not_found');
  end if;
  if n.created_by is distinct from v_uid then
    perform app.fail('auth.forbidden');
  end if;
  if p_rating is null or p_rating not between 1 and 5 then
    perform app.fail('need.rating_invalid', 'rating');
  end if;
  if n.status <> 'resolved' then
    perform app.fail('need.not_resolved');
  end if;
  -- status first: a rating may only sit on an evaluated need (needs_rating_when_evaluated)
  perform app.need_apply(p_id, 'evaluated', array['owner']::public.need_actor[], v_uid,
                         '评价 ' || p_rating || ' 星' || coalesce('：' || nullif(btrim(coalesce(p_comment, '')), ''), ''));
  update public.needs set rating = p_rating, rating_comment = nullif(btrim(coalesce(p_comment, '')), '') where id = p_id
  returning * into n;
  return app.need_json(n, true, true);
end
$$;
grant execute on function public.need_evaluate(uuid, int, text) to authenticated;

-- 关注/+1 by a resident of the same community; idempotent. The count is kept on the need under its row lock.
create or replace function public.need_follow(p_id uuid, p_follow boolean default true) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  n public.needs;
  v_changed int;
begin
  select * into n from public.needs where id = p_id for update;
  if n.id is null or not exists (select 1 from public.profiles p where p.id = v_uid and p.community_id = n.community_id) then
    perform app.fail('need.not_found');
  end if;
  if n.created_by = v_uid then
    perform app.fail('need.follow_own');
  end if;
  if n.status in ('closed', 'rejected') then
    perform app.fail('need.follow_closed');
  end if;
  if p_follow then
    insert into public.need_followers (need_id, profile_id) values (p_id, v_uid) on conflict do nothing;
  else
    delete from public.need_followers where need_id = p_id and profile_id = v_uid;
  end if;
  get diagnostics v_changed = row_count;
  update public.needs set follower_count = follower_count + case when p_follow then v_changed else -v_changed end
  where id = p_id returning * into n;
  return jsonb_build_object('id', n.id, 'followers', n.follower_count, 'following', p_follow);
end
$$;
grant execute on function public.need_follow(uuid, boolean) to authenticated;

-- Likely duplicates: open needs in the same micro-grid with a similar title (bigram trigram similarity).
create or replace function public.needs_similar(p_micro_grid_id uuid, p_title text, p_limit int default 5) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  v_community uuid;
  v_grams text := app.cjk_grams(p_title);
begin
  select community_id into v_community from public.profiles where id = v_uid;
  if v_community is null or not exists (
    select 1 from public.micro_grids m join public.grids g on g.id = m.grid_id
    where m.id = p_micro_grid_id and g.community_id = v_community
  ) then
    perform app.fail('need.micro_grid_invalid', 'microGridId');
  end if;
  return coalesce((
    select jsonb_agg(jsonb_build_object(
      'id', s.id, 'title', s.title, 'category', s.category, 'status', s.status, 'followers', s.follower_count,
      'following', exists (select 1 from public.need_followers f where f.need_id = s.id and f.profile_id = v_uid),
      'mine', s.created_by = v_uid, 'similarity', round(s.sim::numeric, 3), 'createdAt', app.iso(s.created_at)
    ) order by s.sim desc, s.created_at desc)
    from (
      select n.*, extensions.similarity(n.title_grams, v_grams) as sim
      from public.needs n
      where n.micro_grid_id = p_micro_grid_id
        and n.status in ('submitted', 'triaged', 'in_progress', 'escalated', 'in_deliberation', 'matched')
        and extensions.similarity(n.title_grams, v_grams) >= 0.2
      order by sim desc, n.created_at desc
      limit least(greatest(coalesce(p_limit, 5), 1), 20)
    ) s
  ), '[]'::jsonb);
end
$$;
grant execute on function public.needs_similar(uuid, text, int) to authenticated;

-- The cron (service_role): escalate needs overdue past the community's grace, close resolved needs nobody
-- rated within auto_close_days, and close rated ones. Each need moves once; a second run finds nothing.
create or replace function public.needs_sla_sweep() returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  r record;
  v_escalated int := 0;
  v_closed int := 0;
begin
  for r in
    select n.id from public.needs n
    join public.community_need_settings s on s.community_id = n.community_id
    where n.status in ('triaged', 'in_progress') and app.need_overdue(n)
      and n.due_at + make_interval(mins => s.escalate_grace_minutes) < now()
    order by n.due_at
    for update of n skip locked
  loop
    perform app.need_apply(r.id, 'escalated', array['system']::public.need_actor[], null, '超过办理时限，系统自动上报');
    v_escalated := v_escalated + 1;
  end loop;
  for r in
    select n.id, n.status from public.needs n
    join public.community_need_settings s on s.community_id = n.community_id
    where (n.status = 'resolved' and n.resolved_at < now() - make_interval(days => s.auto_close_days))
       or n.status = 'evaluated'
    for update of n skip locked
  loop
    perform app.need_apply(r.id, 'closed', array['system']::public.need_actor[], null,
      case when r.status = 'resolved' then '居民未在规定时间内评价，系统自动办结' else '已评价，系统办结' end);
    v_closed := v_closed + 1;
  end loop;
  return jsonb_build_object('escalated', v_escalated, 'closed', v_closed);
end
$$;
grant execute on function public.needs_sla_sweep() to service_role;

-- Outbox drain (service_role): claim a batch (safe with several senders), then mark each.
create or replace function public.notifications_claim(p_limit int default 50) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v jsonb;
begin
  with picked as (
    select id from public.notifications
    where status = 'pending' or (status = 'sending' and locked_until < now())
    order by id
    limit least(greatest(coalesce(p_limit, 50), 1), 500)
    for update skip locked
  ), upd as (
    update public.notifications x set status = 'sending', attempts = attempts + 1, locked_until = now() + interval '5 minutes'
    from picked where x.id = picked.id
    returning x.*
  )
  select coalesce(jsonb_agg(jsonb_build_object(
    'id', upd.id, 'profileId', upd.profile_id, 'openid', p.wechat_openid, 'kind', upd.kind, 'payload', upd.payload,
    'attempts', upd.attempts) order by upd.id), '[]'::jsonb) into v
  from upd join public.profiles p on p.id = upd.profile_id;
  return v;
end
$$;
grant execute on function public.notifications_claim(int) to service_role;

create or replace function public.notification_mark(p_id bigint, p_status text, p_error text default null) returns void
language plpgsql security definer
set search_path = ''
as $$
begin
  if p_status not in ('sent', 'skipped', 'failed', 'pending') then
    perform app.fail('request.invalid', 'status');
  end if;
  update public.notifications
  set status = case when p_status = 'pending' and attempts >= 5 then 'failed' else p_status end,
      last_error = left(p_error, 500), locked_until = null,
      sent_at = case when p_status = 'sent' then now() end
  where id = p_id;
end
$$;
grant execute on function public.notification_mark(bigint, text, text) to service_role;

-- SLA rules: readable by staff of the community, editable by its admin.
create or replace function public.sla_rules_get(p_community_id uuid) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
begin
  if not app.is_staff_of(p_community_id) then
    perform app.fail('auth.forbidden');
  end if;
  return jsonb_build_object(
    'communityId', p_community_id,
    'rules', (select jsonb_agg(jsonb_build_object('severity', r.severity, 'minutes', r.minutes, 'goal', r.goal) order by r.severity)
              from public.sla_rules r where r.community_id = p_community_id),
    'settings', (select jsonb_build_object('escalateGraceMinutes', s.escalate_grace_minutes, 'autoCloseDays', s.auto_close_days,
                 'reopenDays', s.reopen_days) from public.community_need_settings s where s.community_id = p_community_id)
  );
end
$$;
grant execute on function public.sla_rules_get(uuid) to authenticated;

create or replace function public.sla_rule_set(p_community_id uuid, p_severity public.need_severity, p_minutes int, p_goal public.sla_goal)
returns jsonb
language plpgsql security definer
set search_path = ''
as $$
begin
  if not app.has_role(p_community_id, array['admin']::public.app_role[]) then
    perform app.fail('auth.forbidden');
  end if;
  if p_minutes is null or p_minutes not between 1 and 525600 then
    perform app.fail('sla.minutes_invalid', 'minutes');
  end if;
  update public.sla_rules set minutes = p_minutes, goal = p_goal, updated_at = now(), updated_by = (select auth.uid())
  where community_id = p_community_id and severity = p_severity;
  return public.sla_rules_get(p_community_id);
end
$$;
grant execute on function public.sla_rule_set(uuid, public.need_severity, int, public.sla_goal) to authenticated;
