-- Upward routing (issue 12 item 4): 街道点题·部门答疑.
--
-- Departments (职能部门) are records of a street: a name unique in the street, a contact (personal data: the street's
-- admins and the department's own members only) and the staff accounts that answer for it (department_members).
-- A 公家事 is routed to a department at triage (`need_triage(..., p_department_id)`), an escalated need by the street
-- admin (`need_route`). Both appear in the street's queue (street admins) and the department's queue (its members).
-- A member answers (`need_department_answer`): the answer goes on the need's timeline (actor `department`) and into the
-- owner's inbox (`need.answered`). An escalated need goes back to the community's staff as `in_progress` with the
-- answer to carry out; a 公家事 keeps its status (the community still closes the loop with the resident).
--
-- Deadlines at each level: the community's own deadline (`due_at`) is untouched; routing sets `department_due_at`
-- from the community's SLA rule for `escalated` (上报: within a week by default), and the queues flag a department
-- item overdue while it is unanswered past it.
--
-- Role scoping: `department` rows in profile_roles are per community, so a department member holds `department` in
-- every community of the department's street (mirrored by triggers, like street admins' `admin`): the role tells the
-- mini-program to show the department queue. Nothing grants access by that role alone; every check below asks
-- department_members. Department members do not see residents' personal data of a need (address, contact).
--
-- `app_role` and `need_actor` gain the value `department` here; a new enum value may not be used in the transaction
-- that adds it, so below it appears only inside plpgsql bodies (resolved when they run).

alter type public.app_role add value if not exists 'department';
alter type public.need_actor add value if not exists 'department';

----------------------------------------------------------------------------------------------------
-- Departments and their members
----------------------------------------------------------------------------------------------------
create table public.departments (
  id uuid primary key default gen_random_uuid(),
  street_id uuid not null references public.streets(id),
  name text not null check (char_length(name) between 2 and 60),
  contact_name text check (char_length(contact_name) between 1 and 40),
  contact_phone text check (contact_phone ~ '^[0-9]{7,15}$'),
  archived_at timestamptz,
  created_by uuid references public.profiles(id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint departments_street_name_key unique (street_id, name)
);
comment on table public.departments is '职能部门: a department of a street that answers 公家事 and escalated needs (部门答疑). contact_name/contact_phone are personal data: the street''s admins and the department''s members only.';

create table public.department_members (
  department_id uuid not null references public.departments(id) on delete cascade,
  profile_id uuid not null references public.profiles(id) on delete cascade,
  created_by uuid references public.profiles(id),
  created_at timestamptz not null default now(),
  primary key (department_id, profile_id)
);
comment on table public.department_members is 'The staff accounts that answer for a department. Mirrored as a `department` role in every community of the street.';
create index department_members_profile_idx on public.department_members (profile_id);

create or replace function app.is_department_member(p_department uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (select 1 from public.department_members m where m.department_id = p_department and m.profile_id = (select auth.uid()))
$$;
grant execute on function app.is_department_member(uuid) to authenticated, service_role;

create or replace function app.department_street(p_department uuid) returns uuid
language sql stable security definer
set search_path = ''
as $$ select d.street_id from public.departments d where d.id = p_department $$;
grant execute on function app.department_street(uuid) to authenticated, service_role;

alter table public.departments enable row level security;
alter table public.department_members enable row level security;
revoke all on public.departments, public.department_members from anon, authenticated;
grant select on public.departments, public.department_members to authenticated;
grant all on public.departments, public.department_members to service_role;

-- The whole row (contact included) for the street's admins and the department's members only; everyone else reads
-- department names through the RPCs below.
create policy departments_select on public.departments for select to authenticated
  using (app.is_street_admin(street_id) or app.is_department_member(id));
create policy department_members_select on public.department_members for select to authenticated
  using (profile_id = (select auth.uid()) or app.is_department_member(department_id)
         or app.is_street_admin(app.department_street(department_id)));

-- A department member holds `department` in every community of the street, including communities created later;
-- removed when they answer for no department of that street any more.
create or replace function app.department_members_mirror() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  v_street uuid;
begin
  if tg_op = 'INSERT' then
    select street_id into v_street from public.departments where id = new.department_id;
    insert into public.profile_roles (profile_id, role, community_id)
    select new.profile_id, 'department'::public.app_role, c.id from public.communities c where c.street_id = v_street
    on conflict do nothing;
    return new;
  end if;
  select street_id into v_street from public.departments where id = old.department_id;
  if not exists (select 1 from public.department_members m join public.departments d on d.id = m.department_id
                 where m.profile_id = old.profile_id and d.street_id = v_street) then
    delete from public.profile_roles r
    using public.communities c
    where r.profile_id = old.profile_id and r.role = 'department' and r.community_id = c.id and c.street_id = v_street;
  end if;
  return old;
end
$$;
create trigger department_members_mirror after insert or delete on public.department_members
  for each row execute function app.department_members_mirror();

create or replace function app.communities_departments_mirror() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  insert into public.profile_roles (profile_id, role, community_id)
  select distinct m.profile_id, 'department'::public.app_role, new.id
  from public.department_members m join public.departments d on d.id = m.department_id
  where d.street_id = new.street_id
  on conflict do nothing;
  return new;
end
$$;
create trigger communities_departments_mirror after insert on public.communities
  for each row execute function app.communities_departments_mirror();

----------------------------------------------------------------------------------------------------
-- Needs: the department they are routed to, its deadline and its answer
----------------------------------------------------------------------------------------------------
alter table public.needs
  add column department_id uuid references public.departments(id),
  add column department_due_at timestamptz,
  add column department_answer text check (char_length(department_answer) <= 400),
  add column department_answered_at timestamptz,
  drop constraint needs_public_department,
  -- the free-text `department` stays for rows triaged before departments were records
  add constraint needs_public_department check (track is distinct from 'public' or department is not null or department_id is not null);
comment on column public.needs.department_id is 'The street''s department the need is routed to (公家事 at triage, an escalated need by the street admin).';
comment on column public.needs.department_due_at is 'The department''s deadline to answer, from the community''s SLA rule for escalated needs.';
create index needs_department_idx on public.needs (department_id, created_at desc, id desc) where department_id is not null;

create or replace function app.department_name(p_id uuid) returns text
language sql stable security definer
set search_path = ''
as $$ select d.name from public.departments d where d.id = p_id $$;
grant execute on function app.department_name(uuid) to authenticated;

-- (from 20261122000710_inline_builders.sql) + the department fields
create or replace function app.need_json(n public.needs, p_personal boolean, p_detail boolean) returns jsonb
language sql stable
as $$
  select jsonb_build_object(
    'id', n.id,
    'title', n.title,
    'description', n.description,
    'category', n.category,
    'status', n.status,
    'communityId', n.community_id,
    'microGridId', n.micro_grid_id,
    'microGridName', app.micro_grid_name(n.micro_grid_id),
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
    'handlerName', app.profile_name(n.handler_id),
    'department', n.department,
    'departmentId', n.department_id,
    'departmentName', app.department_name(n.department_id),
    'departmentDueAt', app.iso(n.department_due_at),
    'departmentAnswer', n.department_answer,
    'departmentAnsweredAt', app.iso(n.department_answered_at),
    'dueAt', app.iso(n.due_at),
    'dueGoal', n.due_goal,
    'overdue', app.need_overdue(n),
    'reopenCount', n.reopen_count,
    'resolvedAt', app.iso(n.resolved_at),
    'rating', n.rating,
    'ratingComment', n.rating_comment,
    'followers', n.follower_count,
    'following', app.need_following(n.id),
    'createdAt', app.iso(n.created_at),
    'updatedAt', app.iso(n.updated_at)
  ) || case when p_detail then app.need_detail_json(n) || jsonb_build_object('canAnswer',
         n.department_id is not null and n.status in ('triaged', 'in_progress', 'escalated') and app.is_department_member(n.department_id))
       else '{}'::jsonb end
$$;

-- (from 20261122000200_needs_loop.sql) + a member of the department the need is routed to
create or replace function app.need_visible(n public.needs) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select n.id is not null and (
    cardinality(app.need_actors(n)) > 0
    or exists (select 1 from public.need_followers f where f.need_id = n.id and f.profile_id = (select auth.uid()))
    or (n.department_id is not null and app.is_department_member(n.department_id))
  )
$$;

-- The department's deadline: the community's rule for escalated needs (上报 within a week by default).
create or replace function app.department_due(p_community uuid) returns timestamptz
language sql stable security definer
set search_path = ''
as $$
  select now() + make_interval(mins => coalesce(
    (select r.minutes from public.sla_rules r where r.community_id = p_community and r.severity = 'escalated'), 10080))
$$;

----------------------------------------------------------------------------------------------------
-- Triage names a department of the need's street (replaces 20261122000200_needs_loop.sql's definition)
----------------------------------------------------------------------------------------------------
drop function public.need_triage(uuid, public.need_track, public.need_severity, uuid, text, text);
create function public.need_triage(
  p_id uuid, p_track public.need_track, p_severity public.need_severity,
  p_handler_id uuid default null, p_department text default null, p_note text default null,
  p_department_id uuid default null
) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  n public.needs;
  v_actors public.need_actor[];
  v_rule public.sla_rules;
  v_dept public.departments;
  v_department text := nullif(btrim(coalesce(p_department, '')), '');
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
  if p_department_id is not null then
    select d.* into v_dept from public.departments d join public.communities c on c.street_id = d.street_id
    where d.id = p_department_id and c.id = n.community_id and d.archived_at is null;
    if v_dept.id is null then
      perform app.fail('need.department_invalid', 'departmentId');
    end if;
    if p_track <> 'public' then
      perform app.fail('need.department_public_only', 'departmentId');
    end if;
    v_department := v_dept.name;
  end if;
  if p_track = 'public' and v_department is null then
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
    department = v_department,
    department_id = v_dept.id,
    -- a new routing starts the department's clock; the same department keeps its deadline and answer
    department_due_at = case when v_dept.id is null then null
                             when v_dept.id is not distinct from n.department_id then n.department_due_at
                             else app.department_due(n.community_id) end,
    department_answer = case when v_dept.id is not distinct from n.department_id then n.department_answer end,
    department_answered_at = case when v_dept.id is not distinct from n.department_id then n.department_answered_at end,
    triaged_at = now(), due_at = now() + make_interval(mins => v_rule.minutes), due_goal = v_rule.goal
  where id = p_id;
  n := app.need_apply(p_id, 'triaged', v_actors, v_uid,
         coalesce(p_note, case when v_dept.id is not null then '转' || v_dept.name || '办理' end));
  return app.need_json(n, app.need_personal_visible(n), true);
end
$$;
grant execute on function public.need_triage(uuid, public.need_track, public.need_severity, uuid, text, text, uuid) to authenticated;

-- 街道点题: the street admin routes an open need of the street (escalated, or a 公家事) to one of its departments.
-- The need keeps its status; the timeline records the routing.
create or replace function public.need_route(p_id uuid, p_department_id uuid, p_note text default null) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  n public.needs;
  v_street uuid;
  v_dept public.departments;
  v_note text := nullif(btrim(coalesce(p_note, '')), '');
begin
  select * into n from public.needs where id = p_id for update;
  select c.street_id into v_street from public.communities c where c.id = n.community_id;
  if n.id is null or not app.is_street_admin(v_street) then
    perform app.fail('need.not_found');
  end if;
  if n.status not in ('triaged', 'in_progress', 'escalated') then
    perform app.fail('need.transition_invalid', 'to');
  end if;
  select * into v_dept from public.departments d where d.id = p_department_id and d.street_id = v_street and d.archived_at is null;
  if v_dept.id is null then
    perform app.fail('need.department_invalid', 'departmentId');
  end if;
  if char_length(coalesce(v_note, '')) > 400 then
    perform app.fail('need.note_invalid', 'note');
  end if;
  update public.needs set
    department_id = v_dept.id, department = v_dept.name,
    department_due_at = app.department_due(n.community_id), department_answer = null, department_answered_at = null,
    updated_at = now()
  where id = p_id returning * into n;
  insert into public.need_events (need_id, from_status, to_status, actor_id, actor, note)
  values (p_id, n.status, n.status, v_uid, 'staff', '街道转' || v_dept.name || '办理' || coalesce('：' || v_note, ''));
  return app.need_json(n, app.need_personal_visible(n), true);
end
$$;
grant execute on function public.need_route(uuid, uuid, text) to authenticated;

-- 部门答疑: a member of the routed department answers. The answer is on the timeline (actor `department`) and in the
-- owner's inbox. An escalated need goes back to the community's staff as in_progress; otherwise the status stays.
create or replace function public.need_department_answer(p_id uuid, p_answer text) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  n public.needs;
  v_from public.need_status;
  v_answer text := nullif(btrim(coalesce(p_answer, '')), '');
  v_name text;
begin
  select * into n from public.needs where id = p_id for update;
  if n.id is null or n.department_id is null or not app.is_department_member(n.department_id) then
    if n.id is not null and app.need_visible(n) then
      perform app.fail('auth.forbidden');
    end if;
    perform app.fail('need.not_found');
  end if;
  if v_answer is null or char_length(v_answer) not between 2 and 400 then
    perform app.fail('need.answer_invalid', 'answer');
  end if;
  if n.status not in ('triaged', 'in_progress', 'escalated') then
    perform app.fail('need.transition_invalid', 'to');
  end if;
  v_from := n.status;
  v_name := app.department_name(n.department_id);
  update public.needs set
    status = case when n.status = 'escalated' then 'in_progress'::public.need_status else n.status end,
    department_answer = v_answer, department_answered_at = now(), updated_at = now()
  where id = p_id returning * into n;
  insert into public.need_events (need_id, from_status, to_status, actor_id, actor, note)
  values (p_id, v_from, n.status, v_uid, 'department', left(v_name || '答复：' || v_answer, 500));
  insert into public.notifications (profile_id, kind, payload)
  select n.created_by, 'need.answered', jsonb_build_object(
    'needId', n.id, 'title', n.title, 'department', v_name, 'answer', v_answer, 'from', v_from, 'to', n.status,
    'at', app.iso(n.department_answered_at))
  where n.created_by is not null;
  return app.need_json(n, app.need_personal_visible(n), true);
end
$$;
grant execute on function public.need_department_answer(uuid, text) to authenticated;

----------------------------------------------------------------------------------------------------
-- The queues: the street's (its admins) and a department's (its members). Newest first, keyset paged like needs_list.
----------------------------------------------------------------------------------------------------
create or replace function public.needs_street_queue(
  p_street_id uuid default null,
  p_status public.need_status default null,
  p_department_id uuid default null,
  p_after_created_at timestamptz default null,
  p_after_id uuid default null,
  p_limit int default 20
) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  v_street uuid := coalesce(p_street_id,
    (select a.street_id from public.street_admins a where a.profile_id = v_uid order by a.created_at, a.street_id limit 1));
  v_limit int := least(greatest(coalesce(p_limit, 20), 1), 100);
  v_items jsonb;
  v_more boolean;
begin
  if v_street is null or not app.is_street_admin(v_street) then
    perform app.fail('auth.forbidden');
  end if;
  select coalesce(jsonb_agg(app.need_json(x.n, true, false) order by x.k) filter (where x.k <= v_limit), '[]'::jsonb),
         count(*) > v_limit
    into v_items, v_more
  from (
    select n, row_number() over (order by n.created_at desc, n.id desc) as k
    from public.needs n
    where n.community_id in (select c.id from public.communities c where c.street_id = v_street)
      and (n.status = 'escalated' or n.track = 'public' or n.department_id is not null)
      and (p_status is null or n.status = p_status)
      and (p_department_id is null or n.department_id = p_department_id)
      and (p_after_created_at is null or (n.created_at, n.id) < (p_after_created_at, p_after_id))
    order by n.created_at desc, n.id desc
    limit v_limit + 1
  ) x;
  return jsonb_build_object('items', v_items, 'hasMore', v_more);
end
$$;
grant execute on function public.needs_street_queue(uuid, public.need_status, uuid, timestamptz, uuid, int) to authenticated;

create or replace function public.needs_department_queue(
  p_department_id uuid default null,
  p_status public.need_status default null,
  p_after_created_at timestamptz default null,
  p_after_id uuid default null,
  p_limit int default 20
) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  v_depts uuid[];
  v_limit int := least(greatest(coalesce(p_limit, 20), 1), 100);
  v_items jsonb;
  v_more boolean;
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
  -- personal data (address, contact) of residents stays with the community: not for the department
  select coalesce(jsonb_agg(app.need_json(x.n, app.need_personal_visible(x.n), false) order by x.k) filter (where x.k <= v_limit), '[]'::jsonb),
         count(*) > v_limit
    into v_items, v_more
  from (
    select n, row_number() over (order by n.created_at desc, n.id desc) as k
    from public.needs n
    where n.department_id = any (v_depts)
      and (p_status is null or n.status = p_status)
      and (p_after_created_at is null or (n.created_at, n.id) < (p_after_created_at, p_after_id))
    order by n.created_at desc, n.id desc
    limit v_limit + 1
  ) x;
  return jsonb_build_object('items', v_items, 'hasMore', v_more);
end
$$;
grant execute on function public.needs_department_queue(uuid, public.need_status, timestamptz, uuid, int) to authenticated;

----------------------------------------------------------------------------------------------------
-- Administration of departments (street admins)
----------------------------------------------------------------------------------------------------
create or replace function app.department_json(d public.departments, p_full boolean) returns jsonb
language sql stable security definer
set search_path = ''
as $$
  select jsonb_build_object(
    'id', d.id,
    'streetId', d.street_id,
    'name', d.name,
    'contactName', case when p_full then d.contact_name end,
    'contactPhone', case when p_full then d.contact_phone end,
    'archived', d.archived_at is not null,
    'archivedAt', app.iso(d.archived_at),
    'members', case when p_full then coalesce((
      select jsonb_agg(jsonb_build_object('profileId', m.profile_id, 'displayName', p.display_name) order by m.created_at, m.profile_id)
      from public.department_members m join public.profiles p on p.id = m.profile_id
      where m.department_id = d.id), '[]'::jsonb) else '[]'::jsonb end,
    'openCount', (select count(*) from public.needs n where n.department_id = d.id
                  and n.status in ('triaged', 'in_progress', 'escalated') and n.department_answered_at is null),
    'createdAt', app.iso(d.created_at)
  )
$$;

-- Street admins see their street's departments in full; a department's members see theirs in full; staff of a
-- community of the street see names only (to pick one at triage). Anyone else is refused.
create or replace function public.departments_list(p_street_id uuid default null, p_include_archived boolean default false) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  v_street uuid := p_street_id;
  v_admin boolean;
begin
  if v_street is null then
    v_street := coalesce(
      (select a.street_id from public.street_admins a where a.profile_id = v_uid order by a.created_at, a.street_id limit 1),
      (select c.street_id from public.profiles p join public.communities c on c.id = p.community_id where p.id = v_uid),
      (select d.street_id from public.department_members m join public.departments d on d.id = m.department_id
       where m.profile_id = v_uid order by m.created_at limit 1));
  end if;
  v_admin := v_street is not null and app.is_street_admin(v_street);
  if not v_admin
     and not exists (select 1 from public.communities c where c.street_id = v_street and app.is_staff_of(c.id))
     and not exists (select 1 from public.department_members m join public.departments d on d.id = m.department_id
                     where m.profile_id = v_uid and d.street_id = v_street) then
    perform app.fail('auth.forbidden');
  end if;
  return jsonb_build_object('items', coalesce((
    select jsonb_agg(app.department_json(d, v_admin or app.is_department_member(d.id)) order by d.archived_at nulls first, d.name)
    from public.departments d
    where d.street_id = v_street and (coalesce(p_include_archived, false) or d.archived_at is null)
  ), '[]'::jsonb));
end
$$;
grant execute on function public.departments_list(uuid, boolean) to authenticated;

create or replace function app.department_check(p_name text, p_contact_name text, p_contact_phone text) returns void
language plpgsql stable
set search_path = ''
as $$
begin
  if p_name is not null and char_length(btrim(p_name)) not between 2 and 60 then
    perform app.fail('department.name_invalid', 'name');
  end if;
  if p_contact_name is not null and char_length(btrim(p_contact_name)) not between 1 and 40 then
    perform app.fail('department.contact_invalid', 'contactName');
  end if;
  if p_contact_phone is not null and p_contact_phone !~ '^[0-9]{7,15}$' then
    perform app.fail('department.contact_invalid', 'contactPhone');
  end if;
end
$$;

create or replace function public.department_create(p_street_id uuid, p_name text, p_contact_name text default null,
  p_contact_phone text default null) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  d public.departments;
begin
  if p_street_id is null or not app.is_street_admin(p_street_id) then
    perform app.fail('auth.forbidden');
  end if;
  if p_name is null then
    perform app.fail('department.name_invalid', 'name');
  end if;
  perform app.department_check(p_name, p_contact_name, p_contact_phone);
  if exists (select 1 from public.departments x where x.street_id = p_street_id and x.name = btrim(p_name)) then
    perform app.fail('department.name_taken', 'name');
  end if;
  insert into public.departments (street_id, name, contact_name, contact_phone, created_by)
  values (p_street_id, btrim(p_name), nullif(btrim(coalesce(p_contact_name, '')), ''), p_contact_phone, v_uid)
  returning * into d;
  perform app.audit('department.created', null, null, jsonb_build_object('departmentId', d.id, 'name', d.name), p_street_id);
  return app.department_json(d, true);
end
$$;
grant execute on function public.department_create(uuid, text, text, text) to authenticated;

-- Changes the given fields; `p_archived` archives (true) or restores (false). An archived department takes no new
-- routing; what was routed to it stays in its queue.
create or replace function public.department_update(p_id uuid, p_name text default null, p_contact_name text default null,
  p_contact_phone text default null, p_archived boolean default null) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  d public.departments;
begin
  perform app.require_uid();
  select * into d from public.departments where id = p_id for update;
  if d.id is null or not app.is_street_admin(d.street_id) then
    perform app.fail('department.not_found');
  end if;
  perform app.department_check(p_name, p_contact_name, p_contact_phone);
  if p_name is not null and exists (select 1 from public.departments x where x.street_id = d.street_id and x.name = btrim(p_name) and x.id <> d.id) then
    perform app.fail('department.name_taken', 'name');
  end if;
  update public.departments set
    name = coalesce(btrim(p_name), name),
    contact_name = coalesce(btrim(p_contact_name), contact_name),
    contact_phone = coalesce(p_contact_phone, contact_phone),
    archived_at = case when p_archived is null then archived_at when p_archived then coalesce(archived_at, now()) end,
    updated_at = now()
  where id = p_id returning * into d;
  perform app.audit(case when p_archived then 'department.archived' when p_archived = false then 'department.restored'
                         else 'department.updated' end,
    null, null, jsonb_build_object('departmentId', d.id, 'name', d.name)
      || jsonb_strip_nulls(jsonb_build_object('newName', p_name, 'contactChanged', case when p_contact_name is not null or p_contact_phone is not null then true end)),
    d.street_id);
  return app.department_json(d, true);
end
$$;
grant execute on function public.department_update(uuid, text, text, text, boolean) to authenticated;

-- Adds and removes the accounts that answer for a department (arrays of profile ids as jsonb).
create or replace function public.department_members_change(p_id uuid, p_add jsonb default '[]', p_remove jsonb default '[]') returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  d public.departments;
  v_add uuid[];
  v_remove uuid[];
  v_p uuid;
begin
  select * into d from public.departments where id = p_id for update;
  if d.id is null or not app.is_street_admin(d.street_id) then
    perform app.fail('department.not_found');
  end if;
  if jsonb_typeof(coalesce(p_add, '[]')) <> 'array' or exists (
       select 1 from jsonb_array_elements(coalesce(p_add, '[]')) e
       where jsonb_typeof(e) <> 'string' or e #>> '{}' !~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$') then
    perform app.fail('request.invalid', 'add');
  end if;
  if jsonb_typeof(coalesce(p_remove, '[]')) <> 'array' or exists (
       select 1 from jsonb_array_elements(coalesce(p_remove, '[]')) e
       where jsonb_typeof(e) <> 'string' or e #>> '{}' !~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$') then
    perform app.fail('request.invalid', 'remove');
  end if;
  v_add := array(select distinct (e #>> '{}')::uuid from jsonb_array_elements(coalesce(p_add, '[]')) e);
  v_remove := array(select distinct (e #>> '{}')::uuid from jsonb_array_elements(coalesce(p_remove, '[]')) e);
  if cardinality(v_add) + cardinality(v_remove) > 50 or v_add && v_remove then
    perform app.fail('request.invalid', 'add');
  end if;
  if exists (select 1 from unnest(v_add) a where not exists (select 1 from public.profiles p where p.id = a)) then
    perform app.fail('department.member_invalid', 'add');
  end if;
  foreach v_p in array v_add loop
    insert into public.department_members (department_id, profile_id, created_by) values (p_id, v_p, v_uid) on conflict do nothing;
    if found then
      perform app.audit('department.member_added', null, v_p, jsonb_build_object('departmentId', d.id, 'name', d.name), d.street_id);
    end if;
  end loop;
  foreach v_p in array v_remove loop
    delete from public.department_members where department_id = p_id and profile_id = v_p;
    if found then
      perform app.audit('department.member_removed', null, v_p, jsonb_build_object('departmentId', d.id, 'name', d.name), d.street_id);
    end if;
  end loop;
  return app.department_json(d, true);
end
$$;
grant execute on function public.department_members_change(uuid, jsonb, jsonb) to authenticated;

----------------------------------------------------------------------------------------------------
-- 街道吹哨·部门报到: the street admin calls departments to a need or a place; each department reports (报到) who comes
-- and when; the street sees who answered and who is late (past the time it was called for, unanswered).
----------------------------------------------------------------------------------------------------
create table public.street_whistles (
  id uuid primary key default gen_random_uuid(),
  street_id uuid not null references public.streets(id),
  title text not null check (char_length(title) between 2 and 60),
  description text check (char_length(description) <= 500),
  need_id uuid references public.needs(id),
  place text check (char_length(place) between 2 and 100),
  meet_at timestamptz not null,
  status text not null default 'open' check (status in ('open', 'closed')),
  created_by uuid not null references public.profiles(id),
  created_at timestamptz not null default now(),
  closed_at timestamptz,
  constraint street_whistles_about check (need_id is not null or place is not null)
);
comment on table public.street_whistles is '街道吹哨: the street calls its departments to a need or a place by a time; closed when every department has reported.';
create index street_whistles_street_idx on public.street_whistles (street_id, created_at desc, id desc);

create table public.street_whistle_targets (
  whistle_id uuid not null references public.street_whistles(id) on delete cascade,
  department_id uuid not null references public.departments(id),
  reported_by uuid references public.profiles(id),
  reported_at timestamptz,
  attendee text check (char_length(attendee) between 1 and 100),
  arrive_at timestamptz,
  note text check (char_length(note) <= 200),
  primary key (whistle_id, department_id),
  constraint street_whistle_targets_report check ((reported_at is null) = (attendee is null) and (reported_at is null) = (arrive_at is null))
);
comment on table public.street_whistle_targets is '部门报到: each department called, and its report: who comes (attendee) and when (arrive_at).';
create index street_whistle_targets_department_idx on public.street_whistle_targets (department_id);

alter table public.street_whistles enable row level security;
alter table public.street_whistle_targets enable row level security;
revoke all on public.street_whistles, public.street_whistle_targets from anon, authenticated;
grant select on public.street_whistles, public.street_whistle_targets to authenticated;
grant all on public.street_whistles, public.street_whistle_targets to service_role;

create or replace function app.street_whistle_called(p_whistle uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (select 1 from public.street_whistle_targets t join public.department_members m on m.department_id = t.department_id
                 where t.whistle_id = p_whistle and m.profile_id = (select auth.uid()))
$$;
grant execute on function app.street_whistle_called(uuid) to authenticated;

create policy street_whistles_select on public.street_whistles for select to authenticated
  using (app.is_street_admin(street_id) or app.street_whistle_called(id));
create policy street_whistle_targets_select on public.street_whistle_targets for select to authenticated
  using (app.is_department_member(department_id) or app.street_whistle_called(whistle_id)
         or exists (select 1 from public.street_whistles w where w.id = whistle_id and app.is_street_admin(w.street_id)));

create or replace function app.street_whistle_json(w public.street_whistles) returns jsonb
language sql stable security definer
set search_path = ''
as $$
  select jsonb_build_object(
    'id', w.id, 'streetId', w.street_id, 'title', w.title, 'description', w.description,
    'needId', w.need_id, 'needTitle', (select n.title from public.needs n where n.id = w.need_id),
    'place', w.place, 'meetAt', app.iso(w.meet_at), 'status', w.status,
    'createdByName', (select p.display_name from public.profiles p where p.id = w.created_by),
    'createdAt', app.iso(w.created_at), 'closedAt', app.iso(w.closed_at),
    'targets', coalesce((
      select jsonb_agg(jsonb_build_object(
        'departmentId', t.department_id, 'departmentName', d.name,
        'reported', t.reported_at is not null, 'reportedAt', app.iso(t.reported_at),
        'reportedByName', (select p.display_name from public.profiles p where p.id = t.reported_by),
        'attendee', t.attendee, 'arriveAt', app.iso(t.arrive_at), 'note', t.note,
        'late', t.reported_at is null and now() > w.meet_at,
        'mine', app.is_department_member(t.department_id)) order by d.name)
      from public.street_whistle_targets t join public.departments d on d.id = t.department_id
      where t.whistle_id = w.id), '[]'::jsonb)
  )
$$;

create or replace function public.street_whistle_create(p_street_id uuid, p_title text, p_department_ids jsonb, p_meet_at timestamptz,
  p_need_id uuid default null, p_place text default null, p_description text default null) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  w public.street_whistles;
  v_depts uuid[];
begin
  if p_street_id is null or not app.is_street_admin(p_street_id) then
    perform app.fail('auth.forbidden');
  end if;
  if p_title is null or char_length(btrim(p_title)) not between 2 and 60 then
    perform app.fail('whistle.title_invalid', 'title');
  end if;
  if p_need_id is null and nullif(btrim(coalesce(p_place, '')), '') is null then
    perform app.fail('whistle.about_required', 'place');
  end if;
  if p_place is not null and char_length(btrim(p_place)) not between 2 and 100 then
    perform app.fail('whistle.place_invalid', 'place');
  end if;
  if p_need_id is not null and not exists (
    select 1 from public.needs n join public.communities c on c.id = n.community_id where n.id = p_need_id and c.street_id = p_street_id
  ) then
    perform app.fail('need.not_found', 'needId');
  end if;
  if p_meet_at is null or p_meet_at < now() - interval '1 hour' or p_meet_at > now() + interval '90 days' then
    perform app.fail('whistle.meet_at_invalid', 'meetAt');
  end if;
  if jsonb_typeof(coalesce(p_department_ids, 'null')) <> 'array' or jsonb_array_length(p_department_ids) not between 1 and 20
     or exists (select 1 from jsonb_array_elements(p_department_ids) e
                where jsonb_typeof(e) <> 'string' or e #>> '{}' !~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$') then
    perform app.fail('whistle.departments_invalid', 'departmentIds');
  end if;
  v_depts := array(select distinct (e #>> '{}')::uuid from jsonb_array_elements(p_department_ids) e);
  if exists (select 1 from unnest(v_depts) x where not exists (
      select 1 from public.departments d where d.id = x and d.street_id = p_street_id and d.archived_at is null)) then
    perform app.fail('whistle.departments_invalid', 'departmentIds');
  end if;
  insert into public.street_whistles (street_id, title, description, need_id, place, meet_at, created_by)
  values (p_street_id, btrim(p_title), nullif(btrim(coalesce(p_description, '')), ''), p_need_id,
          nullif(btrim(coalesce(p_place, '')), ''), p_meet_at, v_uid)
  returning * into w;
  insert into public.street_whistle_targets (whistle_id, department_id) select w.id, x from unnest(v_depts) x;
  -- every member of a called department hears it, through the outbox
  insert into public.notifications (profile_id, kind, payload)
  select m.profile_id, 'whistle.department', jsonb_build_object('whistleId', w.id, 'title', w.title, 'place', w.place,
    'needId', w.need_id, 'at', app.iso(w.meet_at), 'department', min(d.name))
  from public.department_members m join public.departments d on d.id = m.department_id
  where m.department_id = any (v_depts)
  group by m.profile_id;
  perform app.audit('whistle.street_called', null, null, jsonb_build_object('whistleId', w.id, 'title', w.title,
    'departmentIds', to_jsonb(v_depts)), p_street_id);
  return app.street_whistle_json(w);
end
$$;
grant execute on function public.street_whistle_create(uuid, text, jsonb, timestamptz, uuid, text, text) to authenticated;

-- 部门报到: a member reports for their department (the one given, or their only called one): who comes and when.
-- Reporting again corrects the report. When every department has reported the whistle closes.
create or replace function public.street_whistle_report(p_id uuid, p_attendee text, p_arrive_at timestamptz,
  p_department_id uuid default null, p_note text default null) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  w public.street_whistles;
  v_dept uuid;
  v_name text;
begin
  select * into w from public.street_whistles where id = p_id for update;
  if w.id is null or not app.street_whistle_called(p_id) then
    perform app.fail('whistle.not_found');
  end if;
  select t.department_id into v_dept from public.street_whistle_targets t
  join public.department_members m on m.department_id = t.department_id and m.profile_id = v_uid
  where t.whistle_id = p_id and (p_department_id is null or t.department_id = p_department_id)
  order by t.department_id limit 1;
  if v_dept is null then
    perform app.fail('whistle.departments_invalid', 'departmentId');
  end if;
  if p_attendee is null or char_length(btrim(p_attendee)) not between 1 and 100 then
    perform app.fail('whistle.attendee_invalid', 'attendee');
  end if;
  if p_arrive_at is null or p_arrive_at > w.meet_at + interval '30 days' or p_arrive_at < w.created_at - interval '1 day' then
    perform app.fail('whistle.arrive_at_invalid', 'arriveAt');
  end if;
  if p_note is not null and char_length(btrim(p_note)) > 200 then
    perform app.fail('whistle.note_invalid', 'note');
  end if;
  update public.street_whistle_targets set reported_by = v_uid, reported_at = now(), attendee = btrim(p_attendee),
    arrive_at = p_arrive_at, note = nullif(btrim(coalesce(p_note, '')), '')
  where whistle_id = p_id and department_id = v_dept;
  if not exists (select 1 from public.street_whistle_targets t where t.whistle_id = p_id and t.reported_at is null) then
    update public.street_whistles set status = 'closed', closed_at = coalesce(closed_at, now()) where id = p_id returning * into w;
  end if;
  -- reported on the need's timeline too, so its owner and the community see the department is coming
  if w.need_id is not null then
    v_name := app.department_name(v_dept);
    insert into public.need_events (need_id, from_status, to_status, actor_id, actor, note)
    select n.id, n.status, n.status, v_uid, 'department', left(v_name || '报到：' || btrim(p_attendee) || '，' ||
      to_char(p_arrive_at at time zone 'Asia/Shanghai', 'MM"月"DD"日" HH24:MI') || ' 到场', 500)
    from public.needs n where n.id = w.need_id;
  end if;
  return app.street_whistle_json(w);
end
$$;
grant execute on function public.street_whistle_report(uuid, text, timestamptz, uuid, text) to authenticated;

-- The street admin sees the street's whistles; a department member those that called their departments. Newest first.
create or replace function public.street_whistles_list(p_street_id uuid default null, p_after_created_at timestamptz default null,
  p_after_id uuid default null, p_limit int default 20) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  v_street uuid := coalesce(p_street_id,
    (select a.street_id from public.street_admins a where a.profile_id = v_uid order by a.created_at, a.street_id limit 1));
  v_admin boolean := v_street is not null and app.is_street_admin(v_street);
  v_depts uuid[] := array(select m.department_id from public.department_members m where m.profile_id = v_uid);
  v_limit int := least(greatest(coalesce(p_limit, 20), 1), 50);
  v_items jsonb;
  v_more boolean;
begin
  if not v_admin and (cardinality(v_depts) = 0 or p_street_id is not null) then
    perform app.fail('auth.forbidden');
  end if;
  select coalesce(jsonb_agg(app.street_whistle_json(x.w) order by x.k) filter (where x.k <= v_limit), '[]'::jsonb),
         count(*) > v_limit
    into v_items, v_more
  from (
    select w, row_number() over (order by w.created_at desc, w.id desc) as k
    from public.street_whistles w
    where (case when v_admin then w.street_id = v_street
                else exists (select 1 from public.street_whistle_targets t where t.whistle_id = w.id and t.department_id = any (v_depts)) end)
      and (p_after_created_at is null or (w.created_at, w.id) < (p_after_created_at, p_after_id))
    order by w.created_at desc, w.id desc
    limit v_limit + 1
  ) x;
  return jsonb_build_object('items', v_items, 'hasMore', v_more);
end
$$;
grant execute on function public.street_whistles_list(uuid, timestamptz, uuid, int) to authenticated;
