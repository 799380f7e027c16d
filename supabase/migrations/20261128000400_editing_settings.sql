-- Editing and settings (issue 11): edit, cancel, archive and restock posts, meetings, resources and rewards, each
-- keeping what people already hold (a claimed shift, a seat, an open redemption) and telling them through the outbox;
-- one settings page per community (co-sign threshold, yearly hours target, bean rules, SLA and the needs loop), every
-- change audited; the co-sign threshold is enforced when a topic is scheduled.

----------------------------------------------------------------------------------------------------
-- Columns
----------------------------------------------------------------------------------------------------
alter table public.service_posts
  add column if not exists status text not null default 'open' check (status in ('open', 'cancelled')),
  add column if not exists cancel_reason text check (cancel_reason is null or char_length(cancel_reason) between 2 and 200),
  add column if not exists cancelled_at timestamptz,
  add column if not exists updated_at timestamptz not null default now();
comment on column public.service_posts.status is 'open, or cancelled by staff (its slots that had not started are cancelled with it).';

alter table public.post_slots add column if not exists cancelled_at timestamptz;
comment on column public.post_slots.cancelled_at is 'Set when the post was cancelled before this slot started: it takes no more claims and is no longer shown.';

alter table public.shifts add column if not exists cancelled_by_community boolean not null default false;
comment on column public.shifts.cancelled_by_community is 'The community cancelled the post: never a late cancellation or no-show of the volunteer.';

alter table public.meetings
  add column if not exists cancel_reason text check (cancel_reason is null or char_length(cancel_reason) between 2 and 200),
  add column if not exists cancelled_at timestamptz,
  add column if not exists updated_at timestamptz not null default now();

alter table public.rewards
  add column if not exists archived_at timestamptz,
  add column if not exists updated_at timestamptz not null default now();

alter table public.resources add column if not exists archived_at timestamptz;

----------------------------------------------------------------------------------------------------
-- Posts
----------------------------------------------------------------------------------------------------
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

create or replace function public.posts_list(p_community_id uuid default null, p_category public.post_category default null,
  p_from timestamptz default null) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
declare
  v_community uuid := coalesce(p_community_id, (select community_id from public.profiles where id = app.require_uid()));
begin
  return coalesce((
    select jsonb_agg(app.post_json(p) order by (select min(s.starts_at) from public.post_slots s where s.post_id = p.id and s.cancelled_at is null))
    from public.service_posts p
    where p.community_id = v_community and p.status = 'open' and (p_category is null or p.category = p_category)
      and exists (select 1 from public.post_slots s where s.post_id = p.id and s.cancelled_at is null and s.ends_at >= coalesce(p_from, now()))
  ), '[]'::jsonb);
end
$$;

-- 认领岗位, as before, and a cancelled post or slot takes no claims (the slot lock orders this against post_cancel).
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
  return app.shift_json(x);
end
$$;

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

----------------------------------------------------------------------------------------------------
-- Meetings and the co-sign threshold
----------------------------------------------------------------------------------------------------
-- A topic residents raised goes on a meeting only with enough co-signatures (the community's threshold now, or it
-- became ready under an earlier one); a topic staff made from a 大家事 need is exempt.
create or replace function app.topic_schedulable(t public.topics) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select t.need_id is not null or t.status <> 'collecting'
      or t.cosign_count >= coalesce((select s.cosign_threshold from public.community_deliberation_settings s where s.community_id = t.community_id), t.threshold)
$$;

create or replace function app.topic_threshold_fail(t public.topics) returns void
language plpgsql security definer
set search_path = ''
as $$
begin
  raise exception using errcode = 'P0001', message = 'topic.below_threshold', detail = 'topicIds',
    hint = coalesce((select s.cosign_threshold from public.community_deliberation_settings s where s.community_id = t.community_id), t.threshold)::text;
end
$$;

-- A scheduled topic that is on no live meeting any more can be scheduled again.
create or replace function app.topic_release(p_topic uuid) returns void
language sql security definer
set search_path = ''
as $$
  update public.topics t set status = case when t.need_id is not null or t.cosign_count >= t.threshold then 'ready' else 'collecting' end
  where t.id = p_topic and t.status = 'scheduled'
    and not exists (select 1 from public.meeting_topics mt join public.meetings m on m.id = mt.meeting_id
                    where mt.topic_id = t.id and m.status <> 'cancelled')
$$;

-- As before, and the co-sign threshold is enforced for every topic on the agenda.
create or replace function public.meeting_create(p_title text, p_form public.meeting_form, p_starts_at timestamptz, p_place text,
  p_capacity int, p_topic_ids jsonb default '[]') returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  v_community uuid := (select community_id from public.profiles where id = v_uid);
  m public.meetings;
  t public.topics;
  v_topic uuid;
  i int := 0;
begin
  if v_community is null or not app.is_staff_of(v_community) then
    perform app.fail('auth.forbidden');
  end if;
  insert into public.meetings (community_id, title, form, starts_at, place, capacity, check_in_code, created_by)
  values (v_community, btrim(p_title), p_form, p_starts_at, btrim(p_place), p_capacity, lpad((floor(random() * 1000000))::int::text, 6, '0'), v_uid)
  returning * into m;
  for v_topic in select (jsonb_array_elements_text(coalesce(p_topic_ids, '[]')))::uuid loop
    select * into t from public.topics where id = v_topic and community_id = v_community for update;
    if t.id is null then
      perform app.fail('topic.not_found', 'topicIds');
    end if;
    if not app.topic_schedulable(t) then
      perform app.topic_threshold_fail(t);
    end if;
    insert into public.meeting_topics (meeting_id, topic_id, position) values (m.id, v_topic, i);
    update public.topics set status = 'scheduled' where id = v_topic and status in ('collecting', 'ready');
    i := i + 1;
  end loop;
  return app.meeting_json(m, true);
end
$$;

create or replace function app.meeting_for_manager(p_id uuid) returns public.meetings
language plpgsql security definer
set search_path = ''
as $$
declare
  m public.meetings;
begin
  select * into m from public.meetings where id = p_id for update;
  if m.id is null then
    perform app.fail('meeting.not_found');
  end if;
  if not app.is_staff_of(m.community_id) then
    perform app.fail('auth.forbidden');
  end if;
  return m;
end
$$;

-- Under the meeting's lock: a capacity below the registered count is refused, a raise seats the waitlist in the order
-- people queued; a new time or place is told to everyone registered or waiting; p_topic_ids replaces the agenda.
create or replace function public.meeting_update(p_id uuid, p_title text default null, p_form public.meeting_form default null,
  p_starts_at timestamptz default null, p_place text default null, p_capacity int default null, p_topic_ids jsonb default null)
returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  m public.meetings := app.meeting_for_manager(p_id);
  v_old public.meetings;
  v_next uuid;
  v_promoted int := 0;
  v_ids uuid[];
  v_topic uuid;
  t public.topics;
  i int := 0;
begin
  if m.status <> 'scheduled' then
    perform app.fail('meeting.not_editable');
  end if;
  if p_starts_at is not null and p_starts_at is distinct from m.starts_at and p_starts_at <= now() then
    perform app.fail('meeting.time_invalid', 'startsAt');
  end if;
  if p_capacity is not null and p_capacity < m.registered then
    raise exception using errcode = 'P0001', message = 'meeting.capacity_below_registered', detail = 'capacity', hint = m.registered::text;
  end if;
  v_old := m;
  update public.meetings set
    title = coalesce(btrim(p_title), title), form = coalesce(p_form, form), starts_at = coalesce(p_starts_at, starts_at),
    place = coalesce(btrim(p_place), place), capacity = coalesce(p_capacity, capacity), updated_at = now()
  where id = p_id returning * into m;
  if m.capacity > m.registered then
    for v_next in select r.profile_id from public.meeting_registrations r
                  where r.meeting_id = p_id and r.status = 'waitlisted'
                  order by r.queued_at, r.profile_id limit (m.capacity - m.registered) for update loop
      update public.meeting_registrations set status = 'registered' where meeting_id = p_id and profile_id = v_next;
      insert into public.notifications (profile_id, kind, payload)
      values (v_next, 'meeting.promoted', jsonb_build_object('meetingId', m.id, 'title', m.title, 'at', app.iso(m.starts_at), 'place', m.place));
      v_promoted := v_promoted + 1;
    end loop;
    if v_promoted > 0 then
      update public.meetings set registered = registered + v_promoted where id = p_id returning * into m;
    end if;
  end if;
  if m.starts_at is distinct from v_old.starts_at or m.place is distinct from v_old.place then
    insert into public.notifications (profile_id, kind, payload)
    select r.profile_id, 'meeting.changed', jsonb_build_object('meetingId', m.id, 'title', m.title, 'at', app.iso(m.starts_at),
      'place', m.place, 'previousAt', app.iso(v_old.starts_at), 'previousPlace', v_old.place)
    from public.meeting_registrations r where r.meeting_id = p_id and r.status in ('registered', 'waitlisted');
  end if;
  if p_topic_ids is not null then
    v_ids := array(select (jsonb_array_elements_text(p_topic_ids))::uuid);
    for v_topic in select mt.topic_id from public.meeting_topics mt where mt.meeting_id = p_id and not (mt.topic_id = any (v_ids)) loop
      delete from public.meeting_topics where meeting_id = p_id and topic_id = v_topic;
      perform app.topic_release(v_topic);
    end loop;
    foreach v_topic in array v_ids loop
      select * into t from public.topics where id = v_topic and community_id = m.community_id for update;
      if t.id is null then
        perform app.fail('topic.not_found', 'topicIds');
      end if;
      if exists (select 1 from public.meeting_topics mt where mt.meeting_id = p_id and mt.topic_id = v_topic) then
        update public.meeting_topics set position = i where meeting_id = p_id and topic_id = v_topic;
      else
        if not app.topic_schedulable(t) then
          perform app.topic_threshold_fail(t);
        end if;
        insert into public.meeting_topics (meeting_id, topic_id, position) values (p_id, v_topic, i);
        update public.topics set status = 'scheduled' where id = v_topic and status in ('collecting', 'ready');
      end if;
      i := i + 1;
    end loop;
  end if;
  return app.meeting_json(m, true);
end
$$;
grant execute on function public.meeting_update(uuid, text, public.meeting_form, timestamptz, text, int, jsonb) to authenticated;

-- Cancelling frees every seat and the waitlist, tells everyone who was registered or waiting (with the reason), and
-- puts its topics back where they can be scheduled again.
create or replace function public.meeting_cancel(p_id uuid, p_reason text) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  m public.meetings := app.meeting_for_manager(p_id);
  v_reason text := nullif(btrim(coalesce(p_reason, '')), '');
  v_topic uuid;
begin
  if m.status <> 'scheduled' then
    perform app.fail('meeting.not_editable');
  end if;
  if v_reason is null or char_length(v_reason) not between 2 and 200 then
    perform app.fail('volunteer.reason_required', 'reason');
  end if;
  insert into public.notifications (profile_id, kind, payload)
  select r.profile_id, 'meeting.cancelled', jsonb_build_object('meetingId', m.id, 'title', m.title, 'at', app.iso(m.starts_at),
    'place', m.place, 'reason', v_reason)
  from public.meeting_registrations r where r.meeting_id = p_id and r.status in ('registered', 'waitlisted');
  update public.meeting_registrations set status = 'withdrawn' where meeting_id = p_id and status in ('registered', 'waitlisted');
  update public.meetings set status = 'cancelled', registered = 0, cancel_reason = v_reason, cancelled_at = now(), updated_at = now()
  where id = p_id returning * into m;
  for v_topic in select mt.topic_id from public.meeting_topics mt where mt.meeting_id = p_id loop
    perform app.topic_release(v_topic);
  end loop;
  return app.meeting_json(m, true);
end
$$;
grant execute on function public.meeting_cancel(uuid, text) to authenticated;

----------------------------------------------------------------------------------------------------
-- Resources
----------------------------------------------------------------------------------------------------
create or replace function app.resource_for_manager(p_id uuid) returns public.resources
language plpgsql security definer
set search_path = ''
as $$
declare
  r public.resources;
begin
  select * into r from public.resources where id = p_id for update;
  if r.id is null then
    perform app.fail('resource.not_found');
  end if;
  if not (r.publisher_id = (select auth.uid()) or app.is_staff_of(r.community_id)) then
    perform app.fail('auth.forbidden');
  end if;
  return r;
end
$$;

-- The publisher or staff of its community. Capacity may go below the current load: projects already running continue,
-- the resource just takes no new ones until it has room.
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

-- 下架: no longer listed, matched or claimable (every one of those reads status = 'active'); its open proposals are
-- dismissed; service projects already agreed continue.
create or replace function public.resource_archive(p_id uuid) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  r public.resources := app.resource_for_manager(p_id);
begin
  if r.status <> 'archived' then
    update public.resources set status = 'archived', archived_at = now(), updated_at = now() where id = p_id returning * into r;
    update public.match_proposals set status = 'dismissed' where resource_id = p_id and status = 'open';
  end if;
  return app.resource_json(r, true);
end
$$;
grant execute on function public.resource_archive(uuid) to authenticated;

----------------------------------------------------------------------------------------------------
-- Rewards
----------------------------------------------------------------------------------------------------
create or replace function app.reward_for_manager(p_id uuid) returns public.rewards
language plpgsql security definer
set search_path = ''
as $$
declare
  r public.rewards;
begin
  select * into r from public.rewards where id = p_id for update;
  if r.id is null then
    perform app.fail('reward.not_found');
  end if;
  if not (r.provider_id = (select auth.uid()) or app.is_staff_of(r.community_id)) then
    perform app.fail('auth.forbidden');
  end if;
  return r;
end
$$;

-- The provider or staff of its community. Redemptions keep the price they were made at (redemptions.price_beans).
-- p_set_limit / p_set_valid_until say that a null means "remove" rather than "leave as it is".
create or replace function public.reward_update(
  p_id uuid, p_title text default null, p_description text default null, p_price_beans int default null,
  p_set_limit boolean default false, p_per_person_limit int default null, p_limit_period public.limit_period default null,
  p_set_valid_until boolean default false, p_valid_until timestamptz default null, p_min_credit_level int default null
) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  r public.rewards := app.reward_for_manager(p_id);
begin
  if r.status = 'archived' then
    perform app.fail('reward.archived');
  end if;
  if coalesce(p_set_valid_until, false) and p_valid_until is not null and (p_valid_until <= now() or p_valid_until <= r.valid_from) then
    perform app.fail('reward.validity_invalid', 'validUntil');
  end if;
  if p_price_beans is not null and p_price_beans not between 1 and 1000000 then
    perform app.fail('request.invalid', 'priceBeans');
  end if;
  if p_min_credit_level is not null and p_min_credit_level not between 0 and 4 then
    perform app.fail('request.invalid', 'minCreditLevel');
  end if;
  if coalesce(p_set_limit, false) and p_per_person_limit is not null and p_per_person_limit not between 1 and 1000 then
    perform app.fail('request.invalid', 'perPersonLimit.count');
  end if;
  update public.rewards set
    title = coalesce(btrim(p_title), title),
    description = coalesce(btrim(p_description), description),
    price_beans = coalesce(p_price_beans, price_beans),
    per_person_limit = case when coalesce(p_set_limit, false) then p_per_person_limit else per_person_limit end,
    limit_period = case when coalesce(p_set_limit, false)
                        then case when p_per_person_limit is not null then coalesce(p_limit_period, 'once') end
                        else limit_period end,
    valid_until = case when coalesce(p_set_valid_until, false) then p_valid_until else valid_until end,
    min_credit_level = coalesce(p_min_credit_level, min_credit_level),
    updated_at = now()
  where id = p_id returning * into r;
  return app.reward_json(r);
end
$$;
grant execute on function public.reward_update(uuid, text, text, int, boolean, int, public.limit_period, boolean, timestamptz, int) to authenticated;

-- 补充库存 under the reward's row lock, the same lock every redemption takes: parallel restocks all count.
create or replace function public.reward_restock(p_id uuid, p_add int) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  r public.rewards := app.reward_for_manager(p_id);
begin
  if r.status = 'archived' then
    perform app.fail('reward.archived');
  end if;
  if p_add is null or p_add not between 1 and 100000 then
    perform app.fail('request.invalid', 'add');
  end if;
  if r.stock::bigint + p_add > 1000000 then
    perform app.fail('reward.stock_too_large', 'add');
  end if;
  update public.rewards set stock = stock + p_add, updated_at = now() where id = p_id returning * into r;
  return app.reward_json(r);
end
$$;
grant execute on function public.reward_restock(uuid, int) to authenticated;

-- 下架: no longer listed or redeemable (rewards_list and reward_redeem read status = 'active'). Open redemptions stay
-- valid until verified, cancelled or expired (redemption_verify and the sweep do not look at the reward's status);
-- their holders are told.
create or replace function public.reward_archive(p_id uuid) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  r public.rewards := app.reward_for_manager(p_id);
begin
  if r.status = 'archived' then
    return app.reward_json(r);
  end if;
  update public.rewards set status = 'archived', archived_at = now(), updated_at = now() where id = p_id returning * into r;
  insert into public.notifications (profile_id, kind, payload)
  select x.profile_id, 'reward.archived', jsonb_build_object('rewardId', r.id, 'title', r.title, 'redemptionId', x.id,
    'expiresAt', app.iso(x.expires_at))
  from public.redemptions x where x.reward_id = p_id and x.status = 'reserved';
  return app.reward_json(r);
end
$$;
grant execute on function public.reward_archive(uuid) to authenticated;

----------------------------------------------------------------------------------------------------
-- Community settings
----------------------------------------------------------------------------------------------------
create or replace function app.community_settings_json(p_community uuid) returns jsonb
language sql stable security definer
set search_path = ''
as $$
  select jsonb_build_object(
    'communityId', c.id,
    'communityName', c.name,
    'cosignThreshold', coalesce((select s.cosign_threshold from public.community_deliberation_settings s where s.community_id = c.id), 10),
    'yearlyTargetHours', coalesce((select s.yearly_target_hours from public.community_volunteer_settings s where s.community_id = c.id), 12),
    'beanRules', coalesce((select jsonb_build_array(
        jsonb_build_object('rule', 'meeting_attendance', 'beans', b.meeting_attendance),
        jsonb_build_object('rule', 'need_rated', 'beans', b.need_rated),
        jsonb_build_object('rule', 'talent_recommendation', 'beans', b.talent_recommendation),
        jsonb_build_object('rule', 'manual_daily_cap', 'beans', b.manual_daily_cap))
      from public.bean_rules b where b.community_id = c.id), '[]'::jsonb),
    'sla', coalesce((select jsonb_agg(jsonb_build_object('severity', r.severity, 'minutes', r.minutes, 'goal', r.goal) order by r.severity)
      from public.sla_rules r where r.community_id = c.id), '[]'::jsonb),
    'needLoop', coalesce((select jsonb_build_object('escalateGraceMinutes', s.escalate_grace_minutes, 'autoCloseDays', s.auto_close_days,
        'reopenDays', s.reopen_days) from public.community_need_settings s where s.community_id = c.id),
      jsonb_build_object('escalateGraceMinutes', 60, 'autoCloseDays', 7, 'reopenDays', 7)))
  from public.communities c where c.id = p_community
$$;

-- Staff of the community and admins of its street.
create or replace function public.community_settings_get(p_community_id uuid) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
begin
  perform app.require_uid();
  if not app.can_manage_community(p_community_id) then
    perform app.fail('auth.forbidden');
  end if;
  return app.community_settings_json(p_community_id);
end
$$;
grant execute on function public.community_settings_get(uuid) to authenticated;

-- Any subset of the settings; what is left out stays. One audit entry per change, with each changed part before and after.
create or replace function public.community_settings_put(
  p_community_id uuid, p_cosign_threshold int default null, p_yearly_target_hours numeric default null,
  p_bean_rules jsonb default null, p_sla jsonb default null, p_need_loop jsonb default null
) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  v_before jsonb;
  v_after jsonb;
  v_changes jsonb;
  v_item jsonb;
  v_rule text;
  v_beans int;
  v_max int;
  v_minutes int;
  i int := 0;
begin
  if not app.can_manage_community(p_community_id) then
    perform app.fail('auth.forbidden');
  end if;
  -- one change at a time per community, so the audit's before and after are exact
  perform 1 from public.communities where id = p_community_id for update;
  v_before := app.community_settings_json(p_community_id);

  if p_cosign_threshold is not null then
    if p_cosign_threshold not between 1 and 10000 then
      perform app.fail('settings.value_invalid', 'cosignThreshold');
    end if;
    insert into public.community_deliberation_settings (community_id, cosign_threshold) values (p_community_id, p_cosign_threshold)
    on conflict (community_id) do update set cosign_threshold = excluded.cosign_threshold;
    -- topics still collecting count toward the new threshold; those that already have enough are ready
    update public.topics set threshold = p_cosign_threshold,
      status = case when cosign_count >= p_cosign_threshold then 'ready' else 'collecting' end
    where community_id = p_community_id and status = 'collecting';
  end if;

  if p_yearly_target_hours is not null then
    if p_yearly_target_hours < 0 or p_yearly_target_hours > 1000 then
      perform app.fail('settings.value_invalid', 'yearlyTargetHours');
    end if;
    insert into public.community_volunteer_settings (community_id, yearly_target_hours) values (p_community_id, round(p_yearly_target_hours, 1))
    on conflict (community_id) do update set yearly_target_hours = excluded.yearly_target_hours;
  end if;

  if p_bean_rules is not null then
    insert into public.bean_rules (community_id) values (p_community_id) on conflict do nothing;
    for v_item in select e from jsonb_array_elements(p_bean_rules) e loop
      v_rule := v_item->>'rule';
      v_beans := (v_item->>'beans')::int;
      v_max := case v_rule when 'manual_daily_cap' then 100000 else 1000 end;
      if v_beans is null or v_beans < 0 or v_beans > v_max then
        perform app.fail('settings.value_invalid', 'beanRules.' || i || '.beans');
      end if;
      case v_rule
        when 'meeting_attendance' then update public.bean_rules set meeting_attendance = v_beans, updated_at = now() where community_id = p_community_id;
        when 'need_rated' then update public.bean_rules set need_rated = v_beans, updated_at = now() where community_id = p_community_id;
        when 'talent_recommendation' then update public.bean_rules set talent_recommendation = v_beans, updated_at = now() where community_id = p_community_id;
        when 'manual_daily_cap' then update public.bean_rules set manual_daily_cap = v_beans, updated_at = now() where community_id = p_community_id;
        else perform app.fail('settings.value_invalid', 'beanRules.' || i || '.rule');
      end case;
      i := i + 1;
    end loop;
  end if;

  if p_sla is not null then
    i := 0;
    for v_item in select e from jsonb_array_elements(p_sla) e loop
      v_minutes := (v_item->>'minutes')::int;
      if v_minutes is null or v_minutes not between 1 and 525600 then
        perform app.fail('settings.value_invalid', 'sla.' || i || '.minutes');
      end if;
      insert into public.sla_rules (community_id, severity, minutes, goal, updated_at, updated_by)
      values (p_community_id, (v_item->>'severity')::public.need_severity, v_minutes, (v_item->>'goal')::public.sla_goal, now(), v_uid)
      on conflict (community_id, severity) do update set minutes = excluded.minutes, goal = excluded.goal,
        updated_at = excluded.updated_at, updated_by = excluded.updated_by;
      i := i + 1;
    end loop;
  end if;

  if p_need_loop is not null then
    if (p_need_loop->>'escalateGraceMinutes')::int not between 0 and 43200 then
      perform app.fail('settings.value_invalid', 'needLoop.escalateGraceMinutes');
    end if;
    if (p_need_loop->>'autoCloseDays')::int not between 1 and 90 then
      perform app.fail('settings.value_invalid', 'needLoop.autoCloseDays');
    end if;
    if (p_need_loop->>'reopenDays')::int not between 1 and 90 then
      perform app.fail('settings.value_invalid', 'needLoop.reopenDays');
    end if;
    insert into public.community_need_settings (community_id) values (p_community_id) on conflict do nothing;
    update public.community_need_settings set
      escalate_grace_minutes = coalesce((p_need_loop->>'escalateGraceMinutes')::int, escalate_grace_minutes),
      auto_close_days = coalesce((p_need_loop->>'autoCloseDays')::int, auto_close_days),
      reopen_days = coalesce((p_need_loop->>'reopenDays')::int, reopen_days)
    where community_id = p_community_id;
  end if;

  v_after := app.community_settings_json(p_community_id);
  select jsonb_object_agg(k, jsonb_build_object('from', v_before->k, 'to', v_after->k)) into v_changes
  from unnest(array['cosignThreshold', 'yearlyTargetHours', 'beanRules', 'sla', 'needLoop']) k
  where v_before->k is distinct from v_after->k;
  if v_changes is not null then
    perform app.audit('settings.updated', p_community_id, null, v_changes);
  end if;
  return v_after;
end
$$;
grant execute on function public.community_settings_put(uuid, int, numeric, jsonb, jsonb, jsonb) to authenticated;
