-- Volunteers: 双报到 registration of party members, the talent pool (能人库), service posts with slots,
-- claims under capacity, geofenced check-in/out, service records confirmed by staff, and the whistle (吹哨).

create type public.volunteer_kind as enum ('party_member', 'talent');
create type public.registration_status as enum ('pending', 'approved', 'rejected');
create type public.talent_source as enum ('self', 'recommended', 'discovered');
create type public.post_category as enum (
  'policy_talk', 'tutoring', 'appliance_repair', 'health_clinic', 'counseling', 'legal_advice',
  'security_patrol', 'environment', 'elderly_disabled_aid'
);
create type public.shift_status as enum ('claimed', 'cancelled', 'checked_in', 'checked_out', 'confirmed', 'rejected', 'no_show');

create table public.community_volunteer_settings (
  community_id uuid primary key references public.communities(id) on delete cascade,
  -- 在职党员 yearly service target in hours
  yearly_target_hours numeric(6, 1) not null default 12 check (yearly_target_hours between 0 and 1000)
);
comment on table public.community_volunteer_settings is 'Per-community volunteer rules: the yearly service target of registered party members.';
insert into public.community_volunteer_settings (community_id) select id from public.communities on conflict do nothing;

create or replace function app.community_volunteer_defaults() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  insert into public.community_volunteer_settings (community_id) values (new.id) on conflict do nothing;
  return new;
end
$$;
create trigger communities_volunteer_defaults after insert on public.communities
  for each row execute function app.community_volunteer_defaults();

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
  created_at timestamptz not null default now()
);
comment on table public.service_posts is '服务岗位: a volunteer post with a place, a check-in radius and a bean rate per hour.';

create table public.post_slots (
  id uuid primary key default gen_random_uuid(),
  post_id uuid not null references public.service_posts(id) on delete cascade,
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  capacity int not null check (capacity between 1 and 500),
  -- kept in step with live shifts under the slot's row lock; never above capacity
  claimed int not null default 0,
  constraint post_slots_order check (ends_at > starts_at),
  constraint post_slots_capacity check (claimed between 0 and capacity)
);
comment on table public.post_slots is 'A time slot of a post with its capacity; claimed never exceeds capacity.';
create index post_slots_post_idx on public.post_slots (post_id, starts_at);

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
  constraint shifts_confirm_needs_times check (status <> 'confirmed' or (check_in_at is not null and check_out_at is not null and verified_minutes is not null))
);
comment on table public.shifts is '一次服务: a volunteer''s claim of a slot, its check-in/out positions, the service record (工作纪实) and staff confirmation.';
create unique index shifts_one_live_per_slot on public.shifts (slot_id, profile_id) where status <> 'cancelled';
create index shifts_profile_idx on public.shifts (profile_id, claimed_at desc);

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

create table public.whistle_responses (
  whistle_id uuid not null references public.whistles(id) on delete cascade,
  profile_id uuid not null references public.profiles(id) on delete cascade,
  created_at timestamptz not null default now(),
  primary key (whistle_id, profile_id)
);
comment on table public.whistle_responses is '党员报到: who answered a whistle.';

alter table public.community_volunteer_settings enable row level security;
alter table public.volunteer_registrations enable row level security;
alter table public.service_posts enable row level security;
alter table public.post_slots enable row level security;
alter table public.shifts enable row level security;
alter table public.whistles enable row level security;
alter table public.whistle_responses enable row level security;
revoke all on public.community_volunteer_settings, public.volunteer_registrations, public.service_posts, public.post_slots,
  public.shifts, public.whistles, public.whistle_responses from anon, authenticated;
grant select on public.community_volunteer_settings, public.volunteer_registrations, public.service_posts, public.post_slots,
  public.shifts, public.whistles, public.whistle_responses to authenticated;
grant all on public.community_volunteer_settings, public.volunteer_registrations, public.service_posts, public.post_slots,
  public.shifts, public.whistles, public.whistle_responses to service_role;
create policy community_volunteer_settings_select on public.community_volunteer_settings for select to authenticated using (true);
create policy volunteer_registrations_select on public.volunteer_registrations for select to authenticated
  using (profile_id = (select auth.uid()) or app.is_staff_of(community_id));
create policy service_posts_select on public.service_posts for select to authenticated using (true);
create policy post_slots_select on public.post_slots for select to authenticated using (true);
-- positions are personal: a shift is visible to the volunteer and staff of the post's community
create policy shifts_select on public.shifts for select to authenticated
  using (profile_id = (select auth.uid()) or exists (select 1 from public.service_posts p where p.id = post_id and app.is_staff_of(p.community_id)));
create policy whistles_select on public.whistles for select to authenticated using (true);
create policy whistle_responses_select on public.whistle_responses for select to authenticated
  using (profile_id = (select auth.uid()) or exists (select 1 from public.whistles w where w.id = whistle_id and app.is_staff_of(w.community_id)));

----------------------------------------------------------------------------------------------------
-- Helpers
----------------------------------------------------------------------------------------------------
create or replace function app.haversine_m(lat1 double precision, lng1 double precision, lat2 double precision, lng2 double precision)
returns double precision
language sql immutable parallel safe
set search_path = ''
as $$
  select 2 * 6371008.8 * asin(least(1, sqrt(
    power(sin(radians(lat2 - lat1) / 2), 2) + cos(radians(lat1)) * cos(radians(lat2)) * power(sin(radians(lng2 - lng1) / 2), 2))))
$$;

create or replace function app.is_volunteer_of(p_community uuid) returns boolean
language sql stable
set search_path = ''
as $$ select app.has_role(p_community, array['party_member', 'talent']::public.app_role[]) $$;

create or replace function app.registration_json(r public.volunteer_registrations) returns jsonb
language sql stable security definer
set search_path = ''
as $$
  select jsonb_build_object(
    'id', r.id, 'profileId', r.profile_id, 'displayName', (select p.display_name from public.profiles p where p.id = r.profile_id),
    'communityId', r.community_id, 'kind', r.kind, 'status', r.status, 'source', r.source, 'workUnit', r.work_unit,
    'partyOrg', r.party_org, 'skills', to_jsonb(r.skills), 'intro', r.intro,
    'recommendedByName', (select p.display_name from public.profiles p where p.id = r.recommended_by),
    'recommendReason', r.recommend_reason, 'reviewReason', r.review_reason, 'createdAt', app.iso(r.created_at))
$$;

create or replace function app.post_json(p public.service_posts) returns jsonb
language sql stable security definer
set search_path = ''
as $$
  select jsonb_build_object(
    'id', p.id, 'communityId', p.community_id, 'title', p.title, 'category', p.category, 'description', p.description,
    'place', p.place, 'lat', p.lat, 'lng', p.lng, 'radiusM', p.radius_m, 'beanRatePerHour', p.bean_rate_per_hour,
    'createdAt', app.iso(p.created_at),
    'slots', coalesce((select jsonb_agg(jsonb_build_object(
        'id', s.id, 'startsAt', app.iso(s.starts_at), 'endsAt', app.iso(s.ends_at), 'capacity', s.capacity, 'claimed', s.claimed,
        'mine', exists (select 1 from public.shifts x where x.slot_id = s.id and x.profile_id = (select auth.uid()) and x.status <> 'cancelled'))
      order by s.starts_at) from public.post_slots s where s.post_id = p.id), '[]'::jsonb))
$$;

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
    'rejectReason', x.reject_reason, 'place', p.place, 'lat', p.lat, 'lng', p.lng, 'radiusM', p.radius_m)
  from public.service_posts p, public.post_slots s
  where p.id = x.post_id and s.id = x.slot_id
$$;

----------------------------------------------------------------------------------------------------
-- Registration and the talent pool
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

create or replace function public.volunteers_list(p_status public.registration_status default null, p_kind public.volunteer_kind default null,
  p_skill text default null) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
declare
  v_community uuid := (select community_id from public.profiles where id = app.require_uid());
begin
  if v_community is null or not app.is_staff_of(v_community) then
    perform app.fail('auth.forbidden');
  end if;
  return coalesce((
    select jsonb_agg(app.registration_json(r) order by r.created_at)
    from public.volunteer_registrations r
    where r.community_id = v_community and (p_status is null or r.status = p_status) and (p_kind is null or r.kind = p_kind)
      and (p_skill is null or exists (select 1 from unnest(r.skills) s where s ilike '%' || p_skill || '%'))
  ), '[]'::jsonb);
end
$$;
grant execute on function public.volunteers_list(public.registration_status, public.volunteer_kind, text) to authenticated;

create or replace function public.volunteer_me() returns jsonb
language sql stable security definer
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

----------------------------------------------------------------------------------------------------
-- Posts, slots and shifts
----------------------------------------------------------------------------------------------------
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

create or replace function public.posts_list(p_community_id uuid default null, p_category public.post_category default null,
  p_from timestamptz default null) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
declare
  v_community uuid := coalesce(p_community_id, (select community_id from public.profiles where id = app.require_uid()));
begin
  return coalesce((
    select jsonb_agg(app.post_json(p) order by (select min(s.starts_at) from public.post_slots s where s.post_id = p.id))
    from public.service_posts p
    where p.community_id = v_community and (p_category is null or p.category = p_category)
      and exists (select 1 from public.post_slots s where s.post_id = p.id and s.ends_at >= coalesce(p_from, now()))
  ), '[]'::jsonb);
end
$$;
grant execute on function public.posts_list(uuid, public.post_category, timestamptz) to authenticated;

create or replace function public.post_get(p_id uuid) returns jsonb
language plpgsql stable security definer
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
create or replace function public.shift_confirm(p_id uuid, p_approve boolean, p_reason text default null) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  x public.shifts;
  p public.service_posts;
  s public.post_slots;
  v_minutes int;
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
  if not p_approve and nullif(btrim(coalesce(p_reason, '')), '') is null then
    perform app.fail('volunteer.reason_required', 'reason');
  end if;
  select * into s from public.post_slots where id = x.slot_id;
  v_minutes := least(extract(epoch from (x.check_out_at - x.check_in_at)) / 60, extract(epoch from (s.ends_at - s.starts_at)) / 60)::int;
  update public.shifts set
    status = case when p_approve then 'confirmed' else 'rejected' end::public.shift_status,
    confirmed_by = v_uid, confirmed_at = now(),
    reject_reason = case when p_approve then null else btrim(p_reason) end,
    verified_minutes = case when p_approve then v_minutes end,
    beans_pending = case when p_approve then round(v_minutes / 60.0 * p.bean_rate_per_hour)::int end
  where id = p_id returning * into x;
  insert into public.notifications (profile_id, kind, payload)
  values (x.profile_id, 'shift.confirmed', jsonb_build_object('shiftId', x.id, 'approved', p_approve, 'minutes', x.verified_minutes));
  return app.shift_json(x);
end
$$;
grant execute on function public.shift_confirm(uuid, boolean, text) to authenticated;

create or replace function public.shifts_list(p_scope text default 'mine') returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  v_community uuid := (select community_id from public.profiles where id = v_uid);
begin
  if p_scope = 'to_confirm' then
    if v_community is null or not app.is_staff_of(v_community) then
      perform app.fail('auth.forbidden');
    end if;
    return coalesce((select jsonb_agg(app.shift_json(x) order by x.check_out_at)
      from public.shifts x join public.service_posts p on p.id = x.post_id
      where p.community_id = v_community and x.status = 'checked_out'), '[]'::jsonb);
  end if;
  return coalesce((select jsonb_agg(app.shift_json(x) order by s.starts_at desc)
    from public.shifts x join public.post_slots s on s.id = x.slot_id
    where x.profile_id = v_uid), '[]'::jsonb);
end
$$;
grant execute on function public.shifts_list(text) to authenticated;

-- The cron: a claimed shift whose slot ended more than 30 minutes ago without a check-in is a no-show.
create or replace function public.shifts_sweep() returns jsonb
language sql security definer
set search_path = ''
as $$
  with marked as (
    update public.shifts x set status = 'no_show'
    from public.post_slots s
    where s.id = x.slot_id and x.status = 'claimed' and s.ends_at + interval '30 minutes' < now()
    returning x.id
  )
  select jsonb_build_object('noShows', (select count(*) from marked))
$$;
grant execute on function public.shifts_sweep() to service_role;

----------------------------------------------------------------------------------------------------
-- The whistle
----------------------------------------------------------------------------------------------------
create or replace function app.whistle_json(w public.whistles) returns jsonb
language sql stable security definer
set search_path = ''
as $$
  select jsonb_build_object('id', w.id, 'communityId', w.community_id, 'title', w.title, 'category', w.category,
    'description', w.description, 'place', w.place, 'startsAt', app.iso(w.starts_at), 'headcount', w.headcount,
    'responded', w.responded, 'status', w.status,
    'answered', exists (select 1 from public.whistle_responses r where r.whistle_id = w.id and r.profile_id = (select auth.uid())),
    'createdAt', app.iso(w.created_at))
$$;

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

create or replace function public.whistles_list(p_community_id uuid default null) returns jsonb
language sql stable security definer
set search_path = ''
as $$
  select coalesce(jsonb_agg(app.whistle_json(w) order by w.status, w.starts_at), '[]'::jsonb)
  from public.whistles w
  where w.community_id = coalesce(p_community_id, (select community_id from public.profiles where id = (select auth.uid())))
    and (w.status = 'open' or w.closed_at > now() - interval '1 day')
$$;
grant execute on function public.whistles_list(uuid) to authenticated;
