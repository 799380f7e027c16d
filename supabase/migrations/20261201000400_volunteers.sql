-- Volunteers: 双报到 registration of party members, the talent pool (能人库), service posts with slots, claims under
-- capacity, geofenced check-in/out, service records (工作纪实) confirmed by staff, 补签退 for a forgotten check-out,
-- and the whistle (吹哨).
--
-- * A shift is confirmed with the minutes staff verified (1 to the slot's length), never "0 分钟".
-- * Lists stay security invoker (the policies decide who reads which row); where a page shows a field its reader may
--   not select directly (a volunteer's name to staff of another community, a responder's masked phone), one definer
--   builder per page projects exactly the rows the invoker query already chose.

----------------------------------------------------------------------------------------------------
-- Types
----------------------------------------------------------------------------------------------------
create type public.volunteer_kind as enum ('party_member', 'talent');

create type public.registration_status as enum ('pending', 'approved', 'rejected');

create type public.talent_source as enum ('self', 'recommended', 'discovered');

create type public.post_category as enum (
  'policy_talk', 'tutoring', 'appliance_repair', 'health_clinic', 'counseling', 'legal_advice',
  'security_patrol', 'environment', 'elderly_disabled_aid'
);

create type public.shift_status as enum ('claimed', 'cancelled', 'checked_in', 'checked_out', 'confirmed', 'rejected', 'no_show');

----------------------------------------------------------------------------------------------------
-- Tables
----------------------------------------------------------------------------------------------------
create table public.community_volunteer_settings (
  community_id uuid primary key references public.communities(id) on delete cascade,
  -- 在职党员 yearly service target in hours
  yearly_target_hours numeric(6, 1) not null default 12 check (yearly_target_hours between 0 and 1000)
);
comment on table public.community_volunteer_settings is 'Per-community volunteer rules: the yearly service target of registered party members.';
alter table public.community_volunteer_settings enable row level security;

create table public.volunteer_registrations (
  id uuid primary key default gen_random_uuid(),
  profile_id uuid not null references public.profiles(id) on delete cascade,
  community_id uuid not null references public.communities(id),
  kind public.volunteer_kind not null,
  status public.registration_status not null default 'pending',
  source public.talent_source not null default 'self',
  work_unit text check (char_length(work_unit) <= 60),
  party_org text check (char_length(party_org) <= 60),
  skills text[] not null default '{}' check (cardinality(skills) <= 10),
  intro text check (char_length(intro) <= 300),
  recommended_by uuid references public.profiles(id),
  recommend_reason text check (char_length(recommend_reason) <= 300),
  reviewed_by uuid references public.profiles(id),
  reviewed_at timestamptz,
  review_reason text check (char_length(review_reason) <= 300),
  created_at timestamptz not null default now(),
  constraint registrations_party_work_unit check (kind <> 'party_member' or work_unit is not null),
  constraint registrations_reject_reason check (status <> 'rejected' or review_reason is not null)
);
comment on table public.volunteer_registrations is '双报到 and 能人库: a person''s registration as party member or talent in their home community, reviewed by staff.';
-- one open or approved registration per person and kind
create unique index volunteer_registrations_live on public.volunteer_registrations (profile_id, kind) where status <> 'rejected';
create index volunteer_registrations_community_idx on public.volunteer_registrations (community_id, status);
alter table public.volunteer_registrations enable row level security;
-- 能人库 / 报到审核: a community's registrations in the order they came
create index if not exists volunteer_registrations_community_created_idx on public.volunteer_registrations (community_id, created_at, id);

create table public.service_posts (
  id uuid primary key default gen_random_uuid(),
  community_id uuid not null references public.communities(id),
  title text not null check (char_length(title) between 2 and 40),
  category public.post_category not null,
  description text not null default '' check (char_length(description) <= 1000),
  place text check (char_length(place) <= 100),
  lat double precision not null check (lat between -90 and 90),
  lng double precision not null check (lng between -180 and 180),
  radius_m int not null check (radius_m between 20 and 5000),
  bean_rate_per_hour int not null check (bean_rate_per_hour between 0 and 1000),
  created_by uuid not null references public.profiles(id),
  created_at timestamptz not null default now(),
  status text not null default 'open' check (status in ('open', 'cancelled')),
  cancel_reason text check (cancel_reason is null or char_length(cancel_reason) between 2 and 200),
  cancelled_at timestamptz,
  updated_at timestamptz not null default now()
);
comment on table public.service_posts is '服务岗位: a volunteer post with a place, a check-in radius and a bean rate per hour.';
comment on column public.service_posts.status is 'open, or cancelled by staff (its slots that had not started are cancelled with it).';
create index service_posts_community_idx on public.service_posts (community_id);
alter table public.service_posts enable row level security;

create table public.post_slots (
  id uuid primary key default gen_random_uuid(),
  post_id uuid not null references public.service_posts(id) on delete cascade,
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  capacity int not null check (capacity between 1 and 500),
  -- kept in step with live shifts under the slot's row lock; never above capacity
  claimed int not null default 0,
  cancelled_at timestamptz,
  constraint post_slots_order check (ends_at > starts_at),
  constraint post_slots_capacity check (claimed between 0 and capacity)
);
comment on table public.post_slots is 'A time slot of a post with its capacity; claimed never exceeds capacity.';
comment on column public.post_slots.cancelled_at is 'Set when the post was cancelled before this slot started: it takes no more claims and is no longer shown.';
create index post_slots_post_idx on public.post_slots (post_id, starts_at);
alter table public.post_slots enable row level security;

create table public.shifts (
  id uuid primary key default gen_random_uuid(),
  slot_id uuid not null references public.post_slots(id),
  post_id uuid not null references public.service_posts(id),
  profile_id uuid not null references public.profiles(id),
  status public.shift_status not null default 'claimed',
  claimed_at timestamptz not null default now(),
  cancelled_at timestamptz,
  late_cancel boolean not null default false,
  check_in_at timestamptz,
  check_in_lat double precision,
  check_in_lng double precision,
  check_in_distance_m double precision,
  check_out_at timestamptz,
  check_out_lat double precision,
  check_out_lng double precision,
  check_out_distance_m double precision,
  notes text check (char_length(notes) <= 1000),
  photos text[] not null default '{}' check (cardinality(photos) <= 3),
  confirmed_by uuid references public.profiles(id),
  confirmed_at timestamptz,
  reject_reason text check (char_length(reject_reason) <= 300),
  verified_minutes int check (verified_minutes >= 0),
  -- credited to the bean ledger by the beans issue
  beans_pending int check (beans_pending >= 0),
  cancelled_by_community boolean not null default false,
  closure_minutes int check (closure_minutes >= 1),
  closure_note text check (char_length(closure_note) <= 300),
  closure_requested_at timestamptz,
  checkout_reminded_at timestamptz,
  -- a shift closed by staff on request (补签退) has no check-out position or time (none was taken): its verified
  -- minutes come from the decision, so a confirmed shift needs either a check-out or a closure request
  constraint shifts_confirm_needs_times check (
    status <> 'confirmed' or (check_in_at is not null and verified_minutes is not null and (check_out_at is not null or closure_requested_at is not null))),
  constraint shifts_closure_complete check ((closure_requested_at is null) = (closure_minutes is null) and (closure_requested_at is null) = (closure_note is null))
);
comment on table public.shifts is '一次服务: a volunteer''s claim of a slot, its check-in/out positions, the service record (工作纪实) and staff confirmation.';
comment on column public.shifts.cancelled_by_community is 'The community cancelled the post: never a late cancellation or no-show of the volunteer.';
comment on column public.shifts.closure_minutes is '补签退: the minutes the volunteer says they served when they forgot to check out (at most the slot''s length).';
comment on column public.shifts.closure_note is '补签退: the volunteer''s account of the forgotten check-out, shown to staff.';
comment on column public.shifts.closure_requested_at is '补签退: when the volunteer asked staff to close the shift; a shift confirmed this way has no check-out time.';
comment on column public.shifts.checkout_reminded_at is
  'When shifts_sweep told the volunteer they had not checked out and may ask for 补签退; set once, so never told twice.';
create unique index shifts_one_live_per_slot on public.shifts (slot_id, profile_id) where status <> 'cancelled';
create index shifts_profile_idx on public.shifts (profile_id, claimed_at desc);
create index shifts_post_confirmed_idx on public.shifts (post_id, check_in_at) where status = 'confirmed';
create index shifts_profile_confirmed_idx on public.shifts (profile_id, check_in_at) where status = 'confirmed';
create index shifts_closure_open_idx on public.shifts (closure_requested_at) where status = 'checked_in' and closure_requested_at is not null;
-- Keys are `shifts/<uploader>/<uuid>.<ext>`: they name the uploader, not the record, so the record is found by key.
create index shifts_photos_idx on public.shifts using gin (photos);
-- the hourly sweep looks only at checked-in shifts not yet reminded
create index shifts_checkout_missed_idx on public.shifts (slot_id)
  where status = 'checked_in' and checkout_reminded_at is null and closure_requested_at is null;
-- 工作纪实确认: a community's shifts waiting for staff, oldest first
create index shifts_to_confirm_idx on public.shifts (post_id, (coalesce(check_out_at, closure_requested_at)), id)
  where status = 'checked_out' or (status = 'checked_in' and closure_requested_at is not null);
alter table public.shifts enable row level security;

create table public.whistles (
  id uuid primary key default gen_random_uuid(),
  community_id uuid not null references public.communities(id),
  title text not null check (char_length(title) between 2 and 40),
  category public.post_category,
  description text check (char_length(description) <= 500),
  place text not null check (char_length(place) between 2 and 100),
  lat double precision,
  lng double precision,
  starts_at timestamptz not null,
  headcount int not null check (headcount between 1 and 500),
  responded int not null default 0,
  status text not null default 'open' check (status in ('open', 'closed')),
  created_by uuid not null references public.profiles(id),
  created_at timestamptz not null default now(),
  closed_at timestamptz,
  constraint whistles_headcount check (responded between 0 and headcount)
);
comment on table public.whistles is '社区吹哨: an urgent call for volunteers; it closes when the headcount is reached.';
alter table public.whistles enable row level security;
-- 吹哨: the open ones and those closed within the day
create index if not exists whistles_community_live_idx on public.whistles (community_id, status, closed_at);

create table public.whistle_responses (
  whistle_id uuid not null references public.whistles(id) on delete cascade,
  profile_id uuid not null references public.profiles(id) on delete cascade,
  created_at timestamptz not null default now(),
  primary key (whistle_id, profile_id)
);
comment on table public.whistle_responses is '党员报到: who answered a whistle.';
alter table public.whistle_responses enable row level security;

----------------------------------------------------------------------------------------------------
-- Table grants
----------------------------------------------------------------------------------------------------
revoke all on public.community_volunteer_settings, public.volunteer_registrations, public.service_posts, public.post_slots,
  public.shifts, public.whistles, public.whistle_responses from anon, authenticated;

grant select on public.community_volunteer_settings, public.volunteer_registrations, public.service_posts, public.post_slots,
  public.shifts, public.whistles, public.whistle_responses to authenticated;

grant all on public.community_volunteer_settings, public.volunteer_registrations, public.service_posts, public.post_slots,
  public.shifts, public.whistles, public.whistle_responses to service_role;

----------------------------------------------------------------------------------------------------
-- Policies
----------------------------------------------------------------------------------------------------
create policy community_volunteer_settings_select on public.community_volunteer_settings for select to authenticated
  using (community_id = any ((select app.my_community_ids())::uuid[]));

create policy volunteer_registrations_select on public.volunteer_registrations for select to authenticated
  using (profile_id = (select auth.uid()) or community_id = any ((select app.my_staff_community_ids())::uuid[]));

create policy service_posts_select on public.service_posts for select to authenticated
  using (community_id = any ((select app.my_community_ids())::uuid[]));

create policy post_slots_select on public.post_slots for select to authenticated
  using (exists (select 1 from public.service_posts p where p.id = post_slots.post_id));

create policy shifts_select on public.shifts for select to authenticated
  using (profile_id = (select auth.uid())
    or post_id in (select p.id from public.service_posts p where p.community_id = any ((select app.my_staff_community_ids())::uuid[])));

create policy whistles_select on public.whistles for select to authenticated
  using (community_id = any ((select app.my_community_ids())::uuid[]));

create policy whistle_responses_select on public.whistle_responses for select to authenticated
  using (profile_id = (select auth.uid()) or exists (select 1 from public.whistles w where w.id = whistle_id and app.is_staff_of(w.community_id)));

----------------------------------------------------------------------------------------------------
-- Read functions
----------------------------------------------------------------------------------------------------
create or replace function app.haversine_m(lat1 double precision, lng1 double precision, lat2 double precision, lng2 double precision)
returns double precision
language sql immutable parallel safe
as $$
  select 2 * 6371008.8 * asin(least(1, sqrt(
    power(sin(radians(lat2 - lat1) / 2), 2) + cos(radians(lat1)) * cos(radians(lat2)) * power(sin(radians(lng2 - lng1) / 2), 2))))
$$;
grant execute on function app.haversine_m(double precision, double precision, double precision, double precision) to authenticated;

create or replace function app.is_volunteer_of(p_community uuid) returns boolean
language sql stable
as $$ select app.has_role(p_community, array['party_member', 'talent']::public.app_role[]) $$;
grant execute on function app.is_volunteer_of(uuid) to authenticated;

create or replace function app.registration_json(r public.volunteer_registrations) returns jsonb
language sql stable
as $$
  select jsonb_build_object(
    'id', r.id, 'profileId', r.profile_id, 'displayName', app.profile_name(r.profile_id),
    'communityId', r.community_id, 'kind', r.kind, 'status', r.status, 'source', r.source, 'workUnit', r.work_unit,
    'partyOrg', r.party_org, 'skills', to_jsonb(r.skills), 'intro', r.intro,
    'recommendedByName', app.profile_name(r.recommended_by),
    'recommendReason', r.recommend_reason, 'reviewReason', r.review_reason, 'createdAt', app.iso(r.created_at))
$$;
grant execute on function app.registration_json(public.volunteer_registrations) to authenticated;

-- The post as everyone sees it: cancelled slots are gone from it (their seats were freed), status says why.
create or replace function app.post_json(p public.service_posts) returns jsonb
language sql stable
as $$
  select jsonb_build_object(
    'id', p.id, 'communityId', p.community_id, 'title', p.title, 'category', p.category, 'description', p.description,
    'place', p.place, 'lat', p.lat, 'lng', p.lng, 'radiusM', p.radius_m, 'beanRatePerHour', p.bean_rate_per_hour,
    'status', p.status, 'cancelReason', p.cancel_reason,
    'createdAt', app.iso(p.created_at),
    'slots', coalesce((select jsonb_agg(jsonb_build_object(
        'id', s.id, 'startsAt', app.iso(s.starts_at), 'endsAt', app.iso(s.ends_at), 'capacity', s.capacity, 'claimed', s.claimed,
        'mine', exists (select 1 from public.shifts x where x.slot_id = s.id and x.profile_id = (select auth.uid()) and x.status <> 'cancelled'))
      order by s.starts_at) from public.post_slots s where s.post_id = p.id and s.cancelled_at is null), '[]'::jsonb))
$$;
grant execute on function app.post_json(public.service_posts) to authenticated;

-- The shift carries its post's bean rate, so staff confirming see what the minutes will earn
create or replace function app.shift_json(x public.shifts) returns jsonb
language sql stable security definer
set search_path = ''
as $$
  select jsonb_build_object(
    'id', x.id, 'postId', x.post_id, 'postTitle', p.title, 'category', p.category, 'slotId', x.slot_id,
    'startsAt', app.iso(s.starts_at), 'endsAt', app.iso(s.ends_at), 'profileId', x.profile_id,
    'volunteerName', (select pr.display_name from public.profiles pr where pr.id = x.profile_id),
    'status', x.status, 'lateCancel', x.late_cancel,
    'checkInAt', app.iso(x.check_in_at), 'checkInDistanceM', round(x.check_in_distance_m::numeric, 1),
    'checkOutAt', app.iso(x.check_out_at), 'checkOutDistanceM', round(x.check_out_distance_m::numeric, 1),
    'notes', x.notes, 'photos', to_jsonb(x.photos), 'verifiedMinutes', x.verified_minutes, 'beansPending', x.beans_pending,
    'rejectReason', x.reject_reason, 'place', p.place, 'lat', p.lat, 'lng', p.lng, 'radiusM', p.radius_m, 'beanRatePerHour', p.bean_rate_per_hour,
    'closure', case when x.closure_requested_at is not null then jsonb_build_object(
      'minutes', x.closure_minutes, 'note', x.closure_note, 'requestedAt', app.iso(x.closure_requested_at)) end)
  from public.service_posts p, public.post_slots s
  where p.id = x.post_id and s.id = x.slot_id
$$;
grant execute on function app.shift_json(public.shifts) to authenticated;

create or replace function public.volunteers_list(p_status public.registration_status default null, p_kind public.volunteer_kind default null,
  p_skill text default null, p_cursor text default null, p_limit int default 20) returns jsonb
language plpgsql stable security invoker
set search_path = ''
as $$
declare
  v_community uuid := (select community_id from public.profiles where id = app.require_uid());
  v_limit int := least(greatest(coalesce(p_limit, 20), 1), 50);
  v_key jsonb := app.cursor_decode(p_cursor, 2);
  v_after_at timestamptz;
  v_after_id uuid;
  v_ids uuid[];
  v_keys jsonb[];
  v_items jsonb;
begin
  if v_community is null or not app.is_staff_of(v_community) then
    perform app.fail('auth.forbidden');
  end if;
  if v_key is not null then
    v_after_at := app.cursor_ts(v_key, 0);
    v_after_id := app.cursor_uuid(v_key, 1);
  end if;
  select coalesce(array_agg(q.id order by q.created_at, q.id), '{}'),
         coalesce(array_agg(jsonb_build_array(app.iso(q.created_at), q.id) order by q.created_at, q.id), '{}')
    into v_ids, v_keys
  from (
    select r.id, r.created_at
    from public.volunteer_registrations r
    where r.community_id = v_community and (p_status is null or r.status = p_status) and (p_kind is null or r.kind = p_kind)
      and (p_skill is null or exists (select 1 from unnest(r.skills) s where s ilike '%' || p_skill || '%'))
      and (v_after_id is null or (r.created_at, r.id) > (v_after_at, v_after_id))
    order by r.created_at, r.id
    limit v_limit + 1
  ) q;

  select coalesce(jsonb_agg(jsonb_build_object(
      'id', r.id, 'profileId', r.profile_id, 'displayName', pr.display_name,
      'communityId', r.community_id, 'kind', r.kind, 'status', r.status, 'source', r.source, 'workUnit', r.work_unit,
      'partyOrg', r.party_org, 'skills', to_jsonb(r.skills), 'intro', r.intro,
      'recommendedByName', rb.display_name,
      'recommendReason', r.recommend_reason, 'reviewReason', r.review_reason, 'createdAt', app.iso(r.created_at))
    order by u.o), '[]'::jsonb)
    into v_items
  from unnest(v_ids[1:v_limit]) with ordinality u(id, o)
  join public.volunteer_registrations r on r.id = u.id
  left join public.profiles pr on pr.id = r.profile_id
  left join public.profiles rb on rb.id = r.recommended_by;

  return jsonb_build_object('items', v_items,
    'nextCursor', case when cardinality(v_ids) > v_limit then app.cursor_encode(to_jsonb(v_keys[v_limit])) end);
end
$$;
grant execute on function public.volunteers_list(public.registration_status, public.volunteer_kind, text, text, int) to authenticated;

create or replace function public.volunteer_me() returns jsonb
language sql stable
set search_path = ''
as $$
  select jsonb_build_object(
    'registrations', coalesce((select jsonb_agg(app.registration_json(r) order by r.created_at)
                               from public.volunteer_registrations r where r.profile_id = (select auth.uid())), '[]'::jsonb),
    'year', extract(year from now() at time zone 'Asia/Shanghai')::int,
    'hoursThisYear', coalesce((select round(sum(x.verified_minutes) / 60.0, 1) from public.shifts x
      where x.profile_id = (select auth.uid()) and x.status = 'confirmed'
        and date_trunc('year', x.check_in_at at time zone 'Asia/Shanghai') = date_trunc('year', now() at time zone 'Asia/Shanghai')), 0),
    'targetHours', coalesce((select s.yearly_target_hours from public.community_volunteer_settings s
      join public.profiles p on p.community_id = s.community_id where p.id = (select auth.uid())), 12),
    'shiftsThisYear', (select count(*) from public.shifts x where x.profile_id = (select auth.uid()) and x.status = 'confirmed'
        and date_trunc('year', x.check_in_at at time zone 'Asia/Shanghai') = date_trunc('year', now() at time zone 'Asia/Shanghai'))
  )
$$;
grant execute on function public.volunteer_me() to authenticated;

-- Per work unit: what each registered party member served in a year, to report back to workplaces.
create or replace function public.volunteer_report(p_community_id uuid, p_year int) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
begin
  if not app.is_staff_of(p_community_id) then
    perform app.fail('auth.forbidden');
  end if;
  return coalesce((
    select jsonb_agg(jsonb_build_object('workUnit', r.work_unit, 'member', p.display_name,
      'hours', coalesce(h.hours, 0), 'posts', coalesce(h.posts, 0)) order by r.work_unit, p.display_name)
    from public.volunteer_registrations r
    join public.profiles p on p.id = r.profile_id
    left join lateral (
      select round(sum(x.verified_minutes) / 60.0, 1) as hours, count(distinct x.post_id) as posts
      from public.shifts x
      where x.profile_id = r.profile_id and x.status = 'confirmed'
        and extract(year from x.check_in_at at time zone 'Asia/Shanghai') = p_year
    ) h on true
    where r.community_id = p_community_id and r.kind = 'party_member' and r.status = 'approved'
  ), '[]'::jsonb);
end
$$;
grant execute on function public.volunteer_report(uuid, int) to authenticated;
comment on function public.volunteer_report(uuid, int) is 'security definer: staff see their community''s service hours, aggregates over rows they may not read one by one.';

-- The "127" picture: residents by hours served in the last 12 months. Core: at least the yearly target;
-- active: served, below the target; general: not yet. The aim is 10% / 20% / 70%.
create or replace function public.participation_bands(p_community_id uuid) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
declare
  v_target numeric;
  v jsonb;
begin
  if not app.is_staff_of(p_community_id) then
    perform app.fail('auth.forbidden');
  end if;
  select yearly_target_hours into v_target from public.community_volunteer_settings where community_id = p_community_id;
  with people as (
    select p.id, coalesce((select sum(x.verified_minutes) / 60.0 from public.shifts x
      where x.profile_id = p.id and x.status = 'confirmed' and x.check_in_at > now() - interval '12 months'), 0) as hours
    from public.profiles p
    where p.community_id = p_community_id
      and exists (select 1 from public.profile_roles r where r.profile_id = p.id and r.community_id = p_community_id and r.role = 'resident')
  ), banded as (
    select case when hours >= v_target and hours > 0 then 'core' when hours > 0 then 'active' else 'general' end as band from people
  ), total as (select greatest(count(*), 1) as n, count(*) as residents from banded)
  select jsonb_build_object(
    'residents', (select residents from total),
    'targetHours', v_target,
    'bands', jsonb_build_object(
      'core', jsonb_build_object('count', (select count(*) from banded where band = 'core'), 'share', round((select count(*) from banded where band = 'core')::numeric / (select n from total), 3)),
      'active', jsonb_build_object('count', (select count(*) from banded where band = 'active'), 'share', round((select count(*) from banded where band = 'active')::numeric / (select n from total), 3)),
      'general', jsonb_build_object('count', (select count(*) from banded where band = 'general'), 'share', round((select count(*) from banded where band = 'general')::numeric / (select n from total), 3))),
    'ideal', jsonb_build_object('core', 0.1, 'active', 0.2, 'general', 0.7)) into v;
  return v;
end
$$;
grant execute on function public.participation_bands(uuid) to authenticated;
comment on function public.participation_bands(uuid) is 'security definer: aggregate counts over rows the reader may not see one by one (scope checked inside).';

create or replace function public.posts_list(p_community_id uuid default null, p_category public.post_category default null,
  p_from timestamptz default null, p_cursor text default null, p_limit int default 20) returns jsonb
language plpgsql stable security invoker
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  v_community uuid := coalesce(p_community_id, (select community_id from public.profiles where id = v_uid));
  v_limit int := least(greatest(coalesce(p_limit, 20), 1), 50);
  v_key jsonb := app.cursor_decode(p_cursor, 3);
  v_from timestamptz := coalesce(p_from, now());
  v_after_at timestamptz;
  v_after_id uuid;
  v_ids uuid[];
  v_keys jsonb[];
  v_items jsonb;
begin
  if v_key is not null then
    v_from := app.cursor_ts(v_key, 0);
    v_after_at := app.cursor_ts(v_key, 1);
    v_after_id := app.cursor_uuid(v_key, 2);
  end if;
  select coalesce(array_agg(q.id order by q.next_at, q.id), '{}'),
         coalesce(array_agg(jsonb_build_array(app.iso(v_from), app.iso(q.next_at), q.id) order by q.next_at, q.id), '{}')
    into v_ids, v_keys
  from (
    select s.post_id as id, min(s.starts_at) as next_at
    from public.service_posts p join public.post_slots s on s.post_id = p.id
    where p.community_id = v_community and p.status = 'open' and (p_category is null or p.category = p_category)
      and s.cancelled_at is null and s.ends_at >= v_from
    group by s.post_id
    having v_after_id is null or (min(s.starts_at), s.post_id) > (v_after_at, v_after_id)
    order by 2, 1
    limit v_limit + 1
  ) q;

  -- one pass: each post of the page with its slots, and whether the caller holds a place in each
  select coalesce(jsonb_agg(x.post order by x.o), '[]'::jsonb) into v_items
  from (
    select u.o, jsonb_build_object(
        'id', p.id, 'communityId', p.community_id, 'title', p.title, 'category', p.category, 'description', p.description,
        'place', p.place, 'lat', p.lat, 'lng', p.lng, 'radiusM', p.radius_m, 'beanRatePerHour', p.bean_rate_per_hour,
        'status', p.status, 'cancelReason', p.cancel_reason, 'createdAt', app.iso(p.created_at),
        'slots', coalesce(jsonb_agg(jsonb_build_object('id', s.id, 'startsAt', app.iso(s.starts_at), 'endsAt', app.iso(s.ends_at),
            'capacity', s.capacity, 'claimed', s.claimed, 'mine', m.id is not null) order by s.starts_at, s.id)
          filter (where s.id is not null), '[]'::jsonb)) as post
    from unnest(v_ids[1:v_limit]) with ordinality u(id, o)
    join public.service_posts p on p.id = u.id
    left join public.post_slots s on s.post_id = p.id and s.cancelled_at is null
    -- at most one live shift per person and slot (shifts_one_live_per_slot)
    left join public.shifts m on m.slot_id = s.id and m.profile_id = v_uid and m.status <> 'cancelled'
    group by u.o, p.id
  ) x;

  return jsonb_build_object('items', v_items,
    'nextCursor', case when cardinality(v_ids) > v_limit then app.cursor_encode(to_jsonb(v_keys[v_limit])) end);
end
$$;
grant execute on function public.posts_list(uuid, public.post_category, timestamptz, text, int) to authenticated;

create or replace function public.post_get(p_id uuid) returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  p public.service_posts;
begin
  perform app.require_uid();
  select * into p from public.service_posts where id = p_id;
  if p.id is null then
    perform app.fail('post.not_found');
  end if;
  return app.post_json(p);
end
$$;
grant execute on function public.post_get(uuid) to authenticated;

create or replace function app.shift_position_check(x public.shifts, p_lat double precision, p_lng double precision)
returns double precision
language plpgsql stable security definer
set search_path = ''
as $$
declare
  p public.service_posts;
  s public.post_slots;
  v_distance double precision;
begin
  select * into p from public.service_posts where id = x.post_id;
  select * into s from public.post_slots where id = x.slot_id;
  if now() < s.starts_at - interval '30 minutes' or now() > s.ends_at + interval '30 minutes' then
    perform app.fail('shift.outside_window');
  end if;
  v_distance := app.haversine_m(p.lat, p.lng, p_lat, p_lng);
  if v_distance > p.radius_m then
    raise exception using errcode = 'P0001', message = 'shift.out_of_range', detail = 'lat',
      hint = round(v_distance)::text;
  end if;
  return v_distance;
end
$$;
grant execute on function app.shift_position_check(public.shifts, double precision, double precision) to authenticated;

create or replace function public.shifts_list(p_scope text default 'mine', p_cursor text default null, p_limit int default 20)
returns jsonb
language plpgsql stable security invoker
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  v_community uuid := (select community_id from public.profiles where id = v_uid);
  v_limit int := least(greatest(coalesce(p_limit, 20), 1), 50);
  v_key jsonb := app.cursor_decode(p_cursor, 2);
  v_after_at timestamptz;
  v_after_id uuid;
  v_ids uuid[];
  v_keys jsonb[];
begin
  if v_key is not null then
    v_after_at := app.cursor_ts(v_key, 0);
    v_after_id := app.cursor_uuid(v_key, 1);
  end if;
  if p_scope = 'to_confirm' then
    if v_community is null or not app.is_staff_of(v_community) then
      perform app.fail('auth.forbidden');
    end if;
    select coalesce(array_agg(q.id order by q.at, q.id), '{}'),
           coalesce(array_agg(jsonb_build_array(app.iso(q.at), q.id) order by q.at, q.id), '{}')
      into v_ids, v_keys
    from (
      select x.id, coalesce(x.check_out_at, x.closure_requested_at) as at
      from public.service_posts p join public.shifts x on x.post_id = p.id
      where p.community_id = v_community
        and (x.status = 'checked_out' or (x.status = 'checked_in' and x.closure_requested_at is not null))
        and (v_after_id is null or (coalesce(x.check_out_at, x.closure_requested_at), x.id) > (v_after_at, v_after_id))
      order by 2, 1
      limit v_limit + 1
    ) q;
  else
    select coalesce(array_agg(q.id order by q.at desc, q.id desc), '{}'),
           coalesce(array_agg(jsonb_build_array(app.iso(q.at), q.id) order by q.at desc, q.id desc), '{}')
      into v_ids, v_keys
    from (
      select x.id, s.starts_at as at
      from public.shifts x join public.post_slots s on s.id = x.slot_id
      where x.profile_id = v_uid
        and (v_after_id is null or (s.starts_at, x.id) < (v_after_at, v_after_id))
      order by 2 desc, 1 desc
      limit v_limit + 1
    ) q;
  end if;
  return jsonb_build_object('items', app.shifts_json(v_ids[1:v_limit]),
    'nextCursor', case when cardinality(v_ids) > v_limit then app.cursor_encode(to_jsonb(v_keys[v_limit])) end);
end
$$;
grant execute on function public.shifts_list(text, text, int) to authenticated;

-- responders: null for anyone but staff of the whistle's community (they see `responded`, the count); for staff the
-- people who answered, first first, with their volunteer kinds there and the phone masked like the members list.
-- Reads whistle_responses, profiles (display_name, phone) and profile_roles.
create or replace function app.whistle_json(w public.whistles) returns jsonb
language sql stable security definer
set search_path = ''
as $$
  select jsonb_build_object('id', w.id, 'communityId', w.community_id, 'title', w.title, 'category', w.category,
    'description', w.description, 'place', w.place, 'startsAt', app.iso(w.starts_at), 'headcount', w.headcount,
    'responded', w.responded, 'status', w.status,
    'answered', exists (select 1 from public.whistle_responses r where r.whistle_id = w.id and r.profile_id = (select auth.uid())),
    'createdAt', app.iso(w.created_at),
    'responders', case when app.is_staff_of(w.community_id) then coalesce((
      select jsonb_agg(jsonb_build_object(
          'profileId', r.profile_id, 'displayName', pr.display_name,
          'kinds', coalesce((select jsonb_agg(k.role order by k.role) from public.profile_roles k
                             where k.profile_id = r.profile_id and k.community_id = w.community_id
                               and k.role in ('party_member', 'talent')), '[]'::jsonb),
          'phoneMasked', app.mask_phone(pr.phone), 'respondedAt', app.iso(r.created_at))
        order by r.created_at, r.profile_id)
      from public.whistle_responses r join public.profiles pr on pr.id = r.profile_id
      where r.whistle_id = w.id), '[]'::jsonb) end)
$$;
grant execute on function app.whistle_json(public.whistles) to authenticated;

create or replace function public.whistles_list(p_community_id uuid default null, p_cursor text default null, p_limit int default 20)
returns jsonb
language plpgsql stable security invoker
set search_path = ''
as $$
declare
  v_community uuid := coalesce(p_community_id, (select community_id from public.profiles where id = app.require_uid()));
  v_limit int := least(greatest(coalesce(p_limit, 20), 1), 50);
  v_key jsonb := app.cursor_decode(p_cursor, 3);
  v_after_rank bigint;
  v_after_at timestamptz;
  v_after_id uuid;
  v_ids uuid[];
  v_keys jsonb[];
begin
  if v_key is not null then
    v_after_rank := app.cursor_bigint(v_key, 0);
    v_after_at := app.cursor_ts(v_key, 1);
    v_after_id := app.cursor_uuid(v_key, 2);
  end if;
  select coalesce(array_agg(q.id order by q.rank, q.starts_at, q.id), '{}'),
         coalesce(array_agg(jsonb_build_array(q.rank, app.iso(q.starts_at), q.id) order by q.rank, q.starts_at, q.id), '{}')
    into v_ids, v_keys
  from (
    select w.id, case when w.status = 'open' then 0 else 1 end as rank, w.starts_at
    from public.whistles w
    where w.community_id = v_community
      and (w.status = 'open' or (w.status = 'closed' and w.closed_at > now() - interval '1 day'))
      and (v_after_id is null
           or (case when w.status = 'open' then 0 else 1 end, w.starts_at, w.id) > (v_after_rank, v_after_at, v_after_id))
    order by 2, 3, 1
    limit v_limit + 1
  ) q;
  return jsonb_build_object('items', app.whistles_json(v_ids[1:v_limit]),
    'nextCursor', case when cardinality(v_ids) > v_limit then app.cursor_encode(to_jsonb(v_keys[v_limit])) end);
end
$$;
grant execute on function public.whistles_list(uuid, text, int) to authenticated;

create or replace function app.shifts_json(p_ids uuid[]) returns jsonb
language sql stable security definer
set search_path = ''
as $$
  select coalesce(jsonb_agg(jsonb_build_object(
      'id', x.id, 'postId', x.post_id, 'postTitle', p.title, 'category', p.category, 'slotId', x.slot_id,
      'startsAt', app.iso(s.starts_at), 'endsAt', app.iso(s.ends_at), 'profileId', x.profile_id,
      'volunteerName', pr.display_name,
      'status', x.status, 'lateCancel', x.late_cancel,
      'checkInAt', app.iso(x.check_in_at), 'checkInDistanceM', round(x.check_in_distance_m::numeric, 1),
      'checkOutAt', app.iso(x.check_out_at), 'checkOutDistanceM', round(x.check_out_distance_m::numeric, 1),
      'notes', x.notes, 'photos', to_jsonb(x.photos), 'verifiedMinutes', x.verified_minutes, 'beansPending', x.beans_pending,
      'rejectReason', x.reject_reason, 'place', p.place, 'lat', p.lat, 'lng', p.lng, 'radiusM', p.radius_m, 'beanRatePerHour', p.bean_rate_per_hour,
      'closure', case when x.closure_requested_at is not null then jsonb_build_object(
        'minutes', x.closure_minutes, 'note', x.closure_note, 'requestedAt', app.iso(x.closure_requested_at)) end)
    order by u.o), '[]'::jsonb)
  from unnest(p_ids) with ordinality u(id, o)
  join public.shifts x on x.id = u.id
  join public.service_posts p on p.id = x.post_id
  join public.post_slots s on s.id = x.slot_id
  left join public.profiles pr on pr.id = x.profile_id
  -- the shifts_select policy, for a builder that reads past it
  where x.profile_id = (select auth.uid()) or p.community_id = any ((select app.my_staff_community_ids())::uuid[])
$$;
grant execute on function app.shifts_json(uuid[]) to authenticated;

/** The whistles of a page in the order given, as app.whistle_json shows one; only those of the caller's communities. */
create or replace function app.whistles_json(p_ids uuid[]) returns jsonb
language sql stable security definer
set search_path = ''
as $$
  with page as (
    select w.*, u.o, w.community_id = any ((select app.my_staff_community_ids())::uuid[]) as staff
    from unnest(p_ids) with ordinality u(id, o)
    join public.whistles w on w.id = u.id
    where w.community_id = any ((select app.my_community_ids())::uuid[])
  ), responder as materialized (
    -- who answered, with their 双报到 kinds in the whistle's community: for staff of that community only
    select r.whistle_id, r.profile_id, r.created_at, pr.display_name, pr.phone,
      coalesce(jsonb_agg(k.role order by k.role) filter (where k.role is not null), '[]'::jsonb) as kinds
    from page w
    join public.whistle_responses r on r.whistle_id = w.id
    join public.profiles pr on pr.id = r.profile_id
    left join public.profile_roles k on k.profile_id = r.profile_id and k.community_id = w.community_id
      and k.role in ('party_member', 'talent')
    where w.staff
    group by r.whistle_id, r.profile_id, r.created_at, pr.display_name, pr.phone
  ), responders as materialized (
    select whistle_id, jsonb_agg(jsonb_build_object('profileId', profile_id, 'displayName', display_name, 'kinds', kinds,
        'phoneMasked', app.mask_phone(phone), 'respondedAt', app.iso(created_at)) order by created_at, profile_id) as list
    from responder group by whistle_id
  )
  select coalesce(jsonb_agg(jsonb_build_object('id', w.id, 'communityId', w.community_id, 'title', w.title, 'category', w.category,
      'description', w.description, 'place', w.place, 'startsAt', app.iso(w.starts_at), 'headcount', w.headcount,
      'responded', w.responded, 'status', w.status, 'answered', mine.whistle_id is not null,
      'createdAt', app.iso(w.created_at),
      'responders', case when w.staff then coalesce(rs.list, '[]'::jsonb) end)
    order by w.o), '[]'::jsonb)
  from page w
  left join public.whistle_responses mine on mine.whistle_id = w.id and mine.profile_id = (select auth.uid())
  left join responders rs on rs.whistle_id = w.id
$$;
grant execute on function app.whistles_json(uuid[]) to authenticated;

----------------------------------------------------------------------------------------------------
-- Write functions
----------------------------------------------------------------------------------------------------
create or replace function public.volunteer_register(
  p_kind public.volunteer_kind, p_work_unit text default null, p_party_org text default null, p_skills jsonb default '[]',
  p_micro_grid_id uuid default null, p_intro text default null
) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  v_community uuid;
  r public.volunteer_registrations;
begin
  select community_id into v_community from public.profiles where id = v_uid;
  if v_community is null then
    perform app.fail('need.no_community');
  end if;
  if p_micro_grid_id is not null then
    if not exists (select 1 from public.micro_grids m join public.grids g on g.id = m.grid_id where m.id = p_micro_grid_id and g.community_id = v_community) then
      perform app.fail('need.micro_grid_invalid', 'microGridId');
    end if;
    update public.profiles set micro_grid_id = p_micro_grid_id, updated_at = now() where id = v_uid;
  end if;
  if exists (select 1 from public.volunteer_registrations x where x.profile_id = v_uid and x.kind = p_kind and x.status <> 'rejected') then
    perform app.fail('volunteer.already_registered', 'kind');
  end if;
  if p_kind = 'party_member' and nullif(btrim(coalesce(p_work_unit, '')), '') is null then
    perform app.fail('volunteer.work_unit_required', 'workUnit');
  end if;
  insert into public.volunteer_registrations (profile_id, community_id, kind, source, work_unit, party_org, skills, intro)
  values (v_uid, v_community, p_kind, 'self', nullif(btrim(coalesce(p_work_unit, '')), ''), nullif(btrim(coalesce(p_party_org, '')), ''),
          array(select btrim(s) from jsonb_array_elements_text(coalesce(p_skills, '[]')) s where btrim(s) <> ''), nullif(btrim(coalesce(p_intro, '')), ''))
  returning * into r;
  return app.registration_json(r);
end
$$;
grant execute on function public.volunteer_register(public.volunteer_kind, text, text, jsonb, uuid, text) to authenticated;

-- 居民推荐 (a resident recommends a neighbour) or 组织发现 (staff add someone they found)
create or replace function public.volunteer_recommend(p_profile_id uuid, p_reason text, p_skills jsonb) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  v_community uuid;
  r public.volunteer_registrations;
begin
  select community_id into v_community from public.profiles where id = v_uid;
  if v_community is null or not exists (select 1 from public.profiles p where p.id = p_profile_id and p.community_id = v_community) then
    perform app.fail('volunteer.person_invalid', 'profileId');
  end if;
  if p_profile_id = v_uid then
    perform app.fail('volunteer.recommend_self', 'profileId');
  end if;
  if exists (select 1 from public.volunteer_registrations x where x.profile_id = p_profile_id and x.kind = 'talent' and x.status <> 'rejected') then
    perform app.fail('volunteer.already_registered', 'profileId');
  end if;
  insert into public.volunteer_registrations (profile_id, community_id, kind, source, skills, recommended_by, recommend_reason)
  values (p_profile_id, v_community, 'talent', (case when app.is_staff_of(v_community) then 'discovered' else 'recommended' end)::public.talent_source,
          array(select btrim(s) from jsonb_array_elements_text(coalesce(p_skills, '[]')) s where btrim(s) <> ''), v_uid, btrim(p_reason))
  returning * into r;
  return app.registration_json(r);
end
$$;
grant execute on function public.volunteer_recommend(uuid, text, jsonb) to authenticated;

create or replace function public.volunteer_review(p_id uuid, p_approve boolean, p_reason text default null) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  r public.volunteer_registrations;
begin
  select * into r from public.volunteer_registrations where id = p_id for update;
  if r.id is null or not app.is_staff_of(r.community_id) then
    perform app.fail('volunteer.not_found');
  end if;
  if r.profile_id = v_uid then
    perform app.fail('auth.forbidden');
  end if;
  if r.status <> 'pending' then
    perform app.fail('volunteer.already_reviewed');
  end if;
  if not p_approve and nullif(btrim(coalesce(p_reason, '')), '') is null then
    perform app.fail('volunteer.reason_required', 'reason');
  end if;
  update public.volunteer_registrations set status = case when p_approve then 'approved' else 'rejected' end::public.registration_status,
    reviewed_by = v_uid, reviewed_at = now(), review_reason = nullif(btrim(coalesce(p_reason, '')), '')
  where id = p_id returning * into r;
  if p_approve then
    insert into public.profile_roles (profile_id, role, community_id) values (r.profile_id, r.kind::text::public.app_role, r.community_id)
    on conflict do nothing;
  end if;
  insert into public.notifications (profile_id, kind, payload)
  values (r.profile_id, 'volunteer.review', jsonb_build_object('registrationId', r.id, 'kind', r.kind, 'approved', p_approve, 'reason', r.review_reason));
  return app.registration_json(r);
end
$$;
grant execute on function public.volunteer_review(uuid, boolean, text) to authenticated;

create or replace function public.post_create(
  p_title text, p_category public.post_category, p_lat double precision, p_lng double precision, p_radius_m int,
  p_bean_rate_per_hour int, p_slots jsonb, p_description text default null, p_place text default null
) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  v_community uuid := (select community_id from public.profiles where id = v_uid);
  p public.service_posts;
begin
  if v_community is null or not app.is_staff_of(v_community) then
    perform app.fail('auth.forbidden');
  end if;
  if jsonb_array_length(coalesce(p_slots, '[]')) = 0 then
    perform app.fail('post.slots_required', 'slots');
  end if;
  insert into public.service_posts (community_id, title, category, description, place, lat, lng, radius_m, bean_rate_per_hour, created_by)
  values (v_community, btrim(p_title), p_category, coalesce(btrim(p_description), ''), nullif(btrim(coalesce(p_place, '')), ''),
          p_lat, p_lng, p_radius_m, p_bean_rate_per_hour, v_uid)
  returning * into p;
  insert into public.post_slots (post_id, starts_at, ends_at, capacity)
  select p.id, (s->>'startsAt')::timestamptz, (s->>'endsAt')::timestamptz, (s->>'capacity')::int
  from jsonb_array_elements(p_slots) s;
  return app.post_json(p);
end
$$;
grant execute on function public.post_create(text, public.post_category, double precision, double precision, int, int, jsonb, text, text) to authenticated;

-- 认领岗位: approved party members and talents of the post's community; the slot row lock makes the
-- capacity check and the counter one step, so parallel claims never overfill it.
create or replace function public.shift_claim(p_post_id uuid, p_slot_id uuid) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  s public.post_slots;
  p public.service_posts;
  x public.shifts;
begin
  select * into s from public.post_slots where id = p_slot_id and post_id = p_post_id for update;
  if s.id is null then
    perform app.fail('post.slot_not_found', 'slotId');
  end if;
  select * into p from public.service_posts where id = s.post_id;
  if not app.is_volunteer_of(p.community_id) then
    perform app.fail('shift.not_volunteer');
  end if;
  if p.status <> 'open' or s.cancelled_at is not null then
    perform app.fail('post.cancelled', 'slotId');
  end if;
  if s.ends_at < now() then
    perform app.fail('shift.slot_past', 'slotId');
  end if;
  if exists (select 1 from public.shifts y where y.slot_id = s.id and y.profile_id = v_uid and y.status <> 'cancelled') then
    perform app.fail('shift.already_claimed', 'slotId');
  end if;
  if s.claimed >= s.capacity then
    perform app.fail('shift.slot_full', 'slotId');
  end if;
  update public.post_slots set claimed = claimed + 1 where id = s.id;
  insert into public.shifts (slot_id, post_id, profile_id) values (s.id, p.id, v_uid) returning * into x;
  insert into public.notifications (profile_id, kind, payload)
  values (v_uid, 'shift.claimed', jsonb_build_object('shiftId', x.id, 'postId', p.id, 'title', p.title, 'place', p.place,
    'at', app.iso(s.starts_at), 'endsAt', app.iso(s.ends_at)));
  return app.shift_json(x);
end
$$;
grant execute on function public.shift_claim(uuid, uuid) to authenticated;

create or replace function app.shift_for_owner(p_id uuid) returns public.shifts
language plpgsql security definer
set search_path = ''
as $$
declare
  x public.shifts;
begin
  select * into x from public.shifts where id = p_id for update;
  if x.id is null or x.profile_id <> (select auth.uid()) then
    perform app.fail('shift.not_found');
  end if;
  return x;
end
$$;

create or replace function public.shift_cancel(p_id uuid) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  x public.shifts := app.shift_for_owner(p_id);
  s public.post_slots;
begin
  if x.status <> 'claimed' then
    perform app.fail('shift.transition_invalid');
  end if;
  select * into s from public.post_slots where id = x.slot_id for update;
  if s.starts_at <= now() then
    perform app.fail('shift.already_started');
  end if;
  update public.post_slots set claimed = claimed - 1 where id = s.id;
  -- less than 2 hours before the start counts against integrity (the credit issue reads late_cancel)
  update public.shifts set status = 'cancelled', cancelled_at = now(), late_cancel = s.starts_at - now() < interval '2 hours'
  where id = p_id returning * into x;
  return app.shift_json(x);
end
$$;
grant execute on function public.shift_cancel(uuid) to authenticated;

create or replace function public.shift_check_in(p_id uuid, p_lat double precision, p_lng double precision) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  x public.shifts := app.shift_for_owner(p_id);
  v_distance double precision;
begin
  if x.status <> 'claimed' then
    perform app.fail('shift.transition_invalid');
  end if;
  v_distance := app.shift_position_check(x, p_lat, p_lng);
  update public.shifts set status = 'checked_in', check_in_at = now(), check_in_lat = p_lat, check_in_lng = p_lng,
    check_in_distance_m = v_distance where id = p_id returning * into x;
  return app.shift_json(x);
end
$$;
grant execute on function public.shift_check_in(uuid, double precision, double precision) to authenticated;

create or replace function public.shift_check_out(p_id uuid, p_lat double precision, p_lng double precision,
  p_notes text default null, p_photos jsonb default '[]') returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  x public.shifts := app.shift_for_owner(p_id);
  v_distance double precision;
  v_photos text[] := array(select jsonb_array_elements_text(coalesce(p_photos, '[]')));
begin
  if x.status <> 'checked_in' then
    perform app.fail('shift.transition_invalid');
  end if;
  if cardinality(v_photos) > 3 then
    perform app.fail('shift.too_many_photos', 'photos');
  end if;
  -- photos must be this volunteer's own uploads
  if exists (select 1 from unnest(v_photos) k where k not like 'shifts/' || x.profile_id::text || '/%') then
    perform app.fail('shift.photo_invalid', 'photos');
  end if;
  v_distance := app.shift_position_check(x, p_lat, p_lng);
  update public.shifts set status = 'checked_out', check_out_at = now(), check_out_lat = p_lat, check_out_lng = p_lng,
    check_out_distance_m = v_distance, notes = nullif(btrim(coalesce(p_notes, '')), ''), photos = v_photos
  where id = p_id returning * into x;
  return app.shift_json(x);
end
$$;
grant execute on function public.shift_check_out(uuid, double precision, double precision, text, jsonb) to authenticated;

-- Staff confirm the service record: verified time is check-in to check-out, capped at the slot's length;
-- the bean award waits for the beans ledger.
create or replace function public.shift_confirm(p_id uuid, p_approve boolean, p_reason text default null,
  p_minutes int default null) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  x public.shifts;
  p public.service_posts;
  s public.post_slots;
  v_minutes int;
  v_max int;
begin
  select * into x from public.shifts where id = p_id for update;
  select * into p from public.service_posts where id = x.post_id;
  if x.id is null or not app.is_staff_of(p.community_id) then
    perform app.fail('shift.not_found');
  end if;
  if x.profile_id = v_uid then
    perform app.fail('shift.confirm_own');
  end if;
  if x.status <> 'checked_out' then
    perform app.fail('shift.transition_invalid');
  end if;
  if p_approve is null then
    perform app.fail('request.invalid', 'approve');
  end if;
  if not p_approve and nullif(btrim(coalesce(p_reason, '')), '') is null then
    perform app.fail('volunteer.reason_required', 'reason');
  end if;
  select * into s from public.post_slots where id = x.slot_id;
  v_max := floor(extract(epoch from (s.ends_at - s.starts_at)) / 60)::int;
  v_minutes := coalesce(p_minutes,
    least(extract(epoch from (x.check_out_at - x.check_in_at)) / 60, extract(epoch from (s.ends_at - s.starts_at)) / 60)::int);
  -- 0 minutes (checked out at check-in) or adjusted minutes outside the slot: staff must give the verified minutes
  if p_approve and (v_minutes is null or v_minutes < 1 or v_minutes > v_max) then
    raise exception using errcode = 'P0001', message = 'shift.close_minutes_invalid', detail = 'minutes', hint = v_max::text;
  end if;
  update public.shifts set
    status = case when p_approve then 'confirmed' else 'rejected' end::public.shift_status,
    confirmed_by = v_uid, confirmed_at = now(),
    reject_reason = case when p_approve then null else btrim(p_reason) end,
    verified_minutes = case when p_approve then v_minutes end,
    beans_pending = case when p_approve then round(v_minutes / 60.0 * p.bean_rate_per_hour)::int end
  where id = p_id returning * into x;
  insert into public.notifications (profile_id, kind, payload)
  values (x.profile_id, case when p_approve then 'shift.confirmed' else 'shift.rejected' end,
    jsonb_build_object('shiftId', x.id, 'approved', p_approve, 'minutes', x.verified_minutes, 'postId', p.id, 'title', p.title,
      'at', app.iso(s.starts_at), 'beans', x.beans_pending, 'reason', x.reject_reason));
  return app.shift_json(x);
end
$$;
grant execute on function public.shift_confirm(uuid, boolean, text, int) to authenticated;

-- the reminder. A shift is reminded when its check-out window has closed, it
-- has no closure request yet, and a request is still possible (until 7 days after the slot, as shift_close_request).
-- Marking and telling are one statement, so a reminder is written exactly when the shift is marked.
create or replace function public.shifts_sweep() returns jsonb
language sql security definer
set search_path = ''
as $$
  with marked as (
    update public.shifts x set status = 'no_show'
    from public.post_slots s
    where s.id = x.slot_id and x.status = 'claimed' and s.ends_at + interval '30 minutes' < now()
    returning x.id, x.profile_id, x.post_id, s.starts_at
  ), told as (
    insert into public.notifications (profile_id, kind, payload)
    select m.profile_id, 'shift.no_show', jsonb_build_object('shiftId', m.id, 'postId', p.id, 'title', p.title,
      'at', app.iso(m.starts_at))
    from marked m join public.service_posts p on p.id = m.post_id
    returning 1
  ), missed as (
    update public.shifts x set checkout_reminded_at = now()
    from public.post_slots s
    where s.id = x.slot_id and x.status = 'checked_in' and x.check_out_at is null
      and x.closure_requested_at is null and x.checkout_reminded_at is null
      and s.ends_at + interval '30 minutes' < now() and now() <= s.ends_at + interval '7 days'
    returning x.id, x.profile_id, x.post_id, s.starts_at, s.ends_at
  ), reminded as (
    insert into public.notifications (profile_id, kind, payload)
    select m.profile_id, 'shift.checkout_missed', jsonb_build_object('shiftId', m.id, 'postId', p.id, 'title', p.title,
      'at', app.iso(m.starts_at), 'endsAt', app.iso(m.ends_at), 'until', app.iso(m.ends_at + interval '7 days'))
    from missed m join public.service_posts p on p.id = m.post_id
    returning 1
  )
  select jsonb_build_object('noShows', (select count(*) from marked), 'checkoutReminders', (select count(*) from missed))
$$;
grant execute on function public.shifts_sweep() to service_role;

create or replace function public.whistle_create(p_title text, p_place text, p_starts_at timestamptz, p_headcount int,
  p_category public.post_category default null, p_description text default null,
  p_lat double precision default null, p_lng double precision default null) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  v_community uuid := (select community_id from public.profiles where id = v_uid);
  w public.whistles;
begin
  if v_community is null or not app.is_staff_of(v_community) then
    perform app.fail('auth.forbidden');
  end if;
  insert into public.whistles (community_id, title, category, description, place, lat, lng, starts_at, headcount, created_by)
  values (v_community, btrim(p_title), p_category, nullif(btrim(coalesce(p_description, '')), ''), btrim(p_place), p_lat, p_lng,
          p_starts_at, p_headcount, v_uid)
  returning * into w;
  -- 社区吹哨: every approved volunteer of the community is called, through the outbox
  insert into public.notifications (profile_id, kind, payload)
  select distinct r.profile_id, 'whistle.call', jsonb_build_object('whistleId', w.id, 'title', w.title, 'place', w.place, 'at', app.iso(w.starts_at))
  from public.profile_roles r where r.community_id = v_community and r.role in ('party_member', 'talent');
  return app.whistle_json(w);
end
$$;
grant execute on function public.whistle_create(text, text, timestamptz, int, public.post_category, text, double precision, double precision) to authenticated;

create or replace function public.whistle_respond(p_id uuid) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  w public.whistles;
begin
  select * into w from public.whistles where id = p_id for update;
  if w.id is null then
    perform app.fail('whistle.not_found');
  end if;
  if not app.is_volunteer_of(w.community_id) then
    perform app.fail('shift.not_volunteer');
  end if;
  if exists (select 1 from public.whistle_responses r where r.whistle_id = p_id and r.profile_id = v_uid) then
    return app.whistle_json(w);
  end if;
  if w.status = 'closed' then
    perform app.fail('whistle.closed');
  end if;
  insert into public.whistle_responses (whistle_id, profile_id) values (p_id, v_uid);
  update public.whistles set responded = responded + 1,
    status = case when responded + 1 >= headcount then 'closed' else 'open' end,
    closed_at = case when responded + 1 >= headcount then now() end
  where id = p_id returning * into w;
  return app.whistle_json(w);
end
$$;
grant execute on function public.whistle_respond(uuid) to authenticated;

-- The post, locked, for staff of its community.
create or replace function app.post_for_manager(p_id uuid) returns public.service_posts
language plpgsql security definer
set search_path = ''
as $$
declare
  p public.service_posts;
begin
  select * into p from public.service_posts where id = p_id for update;
  if p.id is null then
    perform app.fail('post.not_found');
  end if;
  if not app.is_staff_of(p.community_id) then
    perform app.fail('auth.forbidden');
  end if;
  return p;
end
$$;

-- p_slots: [{ id, capacity }] for existing slots (never below what is claimed, under the slot's lock);
-- p_add_slots: [{ startsAt, endsAt, capacity }]. A new place is told to everyone holding a shift still to come.
create or replace function public.post_update(
  p_id uuid, p_title text default null, p_description text default null, p_place text default null,
  p_lat double precision default null, p_lng double precision default null, p_radius_m int default null,
  p_bean_rate_per_hour int default null, p_slots jsonb default null, p_add_slots jsonb default null,
  p_category public.post_category default null
) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  p public.service_posts := app.post_for_manager(p_id);
  v_old public.service_posts;
  s public.post_slots;
  v_item jsonb;
  v_capacity int;
  i int := 0;
begin
  if p.status <> 'open' then
    perform app.fail('post.cancelled');
  end if;
  for v_item in select e from jsonb_array_elements(coalesce(p_slots, '[]'::jsonb)) e loop
    select * into s from public.post_slots where id = (v_item->>'id')::uuid and post_id = p_id and cancelled_at is null for update;
    if s.id is null then
      perform app.fail('post.slot_not_found', 'slots.' || i || '.id');
    end if;
    v_capacity := (v_item->>'capacity')::int;
    if v_capacity is null or v_capacity not between 1 and 500 then
      perform app.fail('request.invalid', 'slots.' || i || '.capacity');
    end if;
    if v_capacity < s.claimed then
      raise exception using errcode = 'P0001', message = 'post.capacity_below_claimed', detail = 'slots.' || i || '.capacity',
        hint = s.claimed::text;
    end if;
    update public.post_slots set capacity = v_capacity where id = s.id;
    i := i + 1;
  end loop;
  i := 0;
  for v_item in select e from jsonb_array_elements(coalesce(p_add_slots, '[]'::jsonb)) e loop
    if (v_item->>'endsAt')::timestamptz <= now() then
      perform app.fail('post.slot_past', 'addSlots.' || i || '.endsAt');
    end if;
    if (v_item->>'endsAt')::timestamptz <= (v_item->>'startsAt')::timestamptz then
      perform app.fail('request.invalid', 'addSlots.' || i || '.endsAt');
    end if;
    insert into public.post_slots (post_id, starts_at, ends_at, capacity)
    values (p_id, (v_item->>'startsAt')::timestamptz, (v_item->>'endsAt')::timestamptz, (v_item->>'capacity')::int);
    i := i + 1;
  end loop;
  v_old := p;
  update public.service_posts set
    title = coalesce(btrim(p_title), title),
    category = coalesce(p_category, category),
    description = coalesce(btrim(p_description), description),
    place = case when p_place is null then place else nullif(btrim(p_place), '') end,
    lat = coalesce(p_lat, lat), lng = coalesce(p_lng, lng), radius_m = coalesce(p_radius_m, radius_m),
    bean_rate_per_hour = coalesce(p_bean_rate_per_hour, bean_rate_per_hour),
    updated_at = now()
  where id = p_id returning * into p;
  if p.place is distinct from v_old.place or p.lat <> v_old.lat or p.lng <> v_old.lng then
    insert into public.notifications (profile_id, kind, payload)
    select distinct sh.profile_id, 'post.changed', jsonb_build_object('postId', p.id, 'title', p.title, 'place', p.place)
    from public.shifts sh join public.post_slots sl on sl.id = sh.slot_id
    where sh.post_id = p_id and sh.status = 'claimed' and sl.ends_at > now();
  end if;
  return app.post_json(p);
end
$$;
grant execute on function public.post_update(uuid, text, text, text, double precision, double precision, int, int, jsonb, jsonb, public.post_category) to authenticated;

-- Cancelling a post cancels its slots that have not started. Everyone holding one of them is told, and their shift is
-- cancelled by the community: not a late cancellation, not a no-show (app.credit reads late_cancel and no_show only).
create or replace function public.post_cancel(p_id uuid, p_reason text) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  p public.service_posts := app.post_for_manager(p_id);
  v_reason text := nullif(btrim(coalesce(p_reason, '')), '');
  v_slot public.post_slots;
  v_freed int;
begin
  if p.status <> 'open' then
    perform app.fail('post.cancelled');
  end if;
  if v_reason is null or char_length(v_reason) not between 2 and 200 then
    perform app.fail('volunteer.reason_required', 'reason');
  end if;
  for v_slot in select * from public.post_slots
                where post_id = p_id and cancelled_at is null and starts_at > now() order by starts_at, id for update loop
    with freed as (
      update public.shifts sh set status = 'cancelled', cancelled_at = now(), late_cancel = false, cancelled_by_community = true
      where sh.slot_id = v_slot.id and sh.status = 'claimed'
      returning sh.id, sh.profile_id
    )
    insert into public.notifications (profile_id, kind, payload)
    select f.profile_id, 'post.cancelled', jsonb_build_object('postId', p.id, 'title', p.title, 'shiftId', f.id,
      'at', app.iso(v_slot.starts_at), 'reason', v_reason)
    from freed f;
    get diagnostics v_freed = row_count;
    update public.post_slots set claimed = claimed - v_freed, cancelled_at = now() where id = v_slot.id;
  end loop;
  update public.service_posts set status = 'cancelled', cancel_reason = v_reason, cancelled_at = now(), updated_at = now()
  where id = p_id returning * into p;
  return app.post_json(p);
end
$$;
grant execute on function public.post_cancel(uuid, text) to authenticated;

-- The volunteer (app.shift_for_owner: only the shift's own person) asks while the shift is checked in without a
-- check-out, until 7 days after the slot ended. The minutes can be no more than the slot's length, nor more than
-- has passed since check-in (a request made during the slot cannot claim time still to come).
create or replace function public.shift_close_request(p_id uuid, p_minutes int, p_note text) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  x public.shifts := app.shift_for_owner(p_id);
  s public.post_slots;
  v_max int;
begin
  if x.status <> 'checked_in' then
    perform app.fail('shift.transition_invalid');
  end if;
  if x.closure_requested_at is not null then
    perform app.fail('shift.close_already_requested');
  end if;
  select * into s from public.post_slots where id = x.slot_id;
  if now() > s.ends_at + interval '7 days' then
    perform app.fail('shift.close_window_passed');
  end if;
  v_max := greatest(0, floor(least(extract(epoch from (s.ends_at - s.starts_at)), extract(epoch from (now() - x.check_in_at))) / 60))::int;
  if p_minutes is null or p_minutes < 1 or p_minutes > v_max then
    raise exception using errcode = 'P0001', message = 'shift.close_minutes_invalid', detail = 'minutes', hint = v_max::text;
  end if;
  if nullif(btrim(coalesce(p_note, '')), '') is null then
    perform app.fail('shift.close_note_required', 'note');
  end if;
  if char_length(btrim(p_note)) > 300 then
    perform app.fail('shift.close_note_too_long', 'note');
  end if;
  update public.shifts set closure_minutes = p_minutes, closure_note = btrim(p_note), closure_requested_at = now()
  where id = p_id returning * into x;
  return app.shift_json(x);
end
$$;
grant execute on function public.shift_close_request(uuid, int, text) to authenticated;

-- Staff of the post's community decide, never on their own shift. Approving sets the verified minutes (the request's
-- unless staff adjust them, within the slot's length) and the pending beans exactly as shift_confirm does; the status
-- change to `confirmed` fires shifts_award, whose idempotency key 'shift:<id>' credits it once. The row lock and the
-- status check make a second decision (or one racing the first) a transition_invalid.
create or replace function public.shift_close_resolve(p_id uuid, p_approve boolean, p_minutes int default null,
  p_reason text default null) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  x public.shifts;
  p public.service_posts;
  s public.post_slots;
  v_minutes int;
  v_max int;
begin
  select * into x from public.shifts where id = p_id for update;
  select * into p from public.service_posts where id = x.post_id;
  if x.id is null or not app.is_staff_of(p.community_id) then
    perform app.fail('shift.not_found');
  end if;
  if x.profile_id = v_uid then
    perform app.fail('shift.confirm_own');
  end if;
  if x.status <> 'checked_in' or x.closure_requested_at is null then
    perform app.fail('shift.transition_invalid');
  end if;
  -- a null decision would fall through to a rejection without a reason
  if p_approve is null then
    perform app.fail('request.invalid', 'approve');
  end if;
  if not p_approve and nullif(btrim(coalesce(p_reason, '')), '') is null then
    perform app.fail('volunteer.reason_required', 'reason');
  end if;
  select * into s from public.post_slots where id = x.slot_id;
  v_max := floor(extract(epoch from (s.ends_at - s.starts_at)) / 60)::int;
  v_minutes := coalesce(p_minutes, x.closure_minutes);
  if p_approve and (v_minutes < 1 or v_minutes > v_max) then
    raise exception using errcode = 'P0001', message = 'shift.close_minutes_invalid', detail = 'minutes', hint = v_max::text;
  end if;
  update public.shifts set
    status = case when p_approve then 'confirmed' else 'rejected' end::public.shift_status,
    confirmed_by = v_uid, confirmed_at = now(),
    reject_reason = case when p_approve then null else btrim(p_reason) end,
    verified_minutes = case when p_approve then v_minutes end,
    beans_pending = case when p_approve then round(v_minutes / 60.0 * p.bean_rate_per_hour)::int end
  where id = p_id returning * into x;
  insert into public.notifications (profile_id, kind, payload)
  values (x.profile_id, case when p_approve then 'shift.confirmed' else 'shift.rejected' end,
    jsonb_build_object('shiftId', x.id, 'approved', p_approve, 'minutes', x.verified_minutes, 'postId', p.id, 'title', p.title,
      'at', app.iso(s.starts_at), 'beans', x.beans_pending, 'reason', x.reject_reason));
  return app.shift_json(x);
end
$$;
grant execute on function public.shift_close_resolve(uuid, boolean, int, text) to authenticated;

----------------------------------------------------------------------------------------------------
-- Triggers
----------------------------------------------------------------------------------------------------
create trigger communities_volunteer_defaults after insert on public.communities
  for each row execute function app.community_settings_row('community_volunteer_settings');
