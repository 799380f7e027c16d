-- Volunteers integrity (issue 13 item 8).
--   补签退: a volunteer who checked in but forgot to check out asks staff to close the shift with the minutes served;
--           staff of the post's community confirm (with adjusted minutes: beans as for any confirmed shift, once,
--           through the shifts_award trigger) or reject with a reason the volunteer reads.
--   党员报到: staff of a whistle's community see who answered it; everyone else only the count.
-- Before this, a checked-in shift whose check-out window (slot end + 30 minutes) passed stayed `checked_in` for good:
-- shift_check_out refused it (outside_window), shift_confirm wanted `checked_out`, and shifts_sweep only looks at
-- `claimed` shifts. The request is kept on the shift itself (one request per shift, never reopened once decided).

alter table public.shifts
  add column closure_minutes int check (closure_minutes >= 1),
  add column closure_note text check (char_length(closure_note) <= 300),
  add column closure_requested_at timestamptz,
  add constraint shifts_closure_complete check ((closure_requested_at is null) = (closure_minutes is null) and (closure_requested_at is null) = (closure_note is null));
comment on column public.shifts.closure_minutes is '补签退: the minutes the volunteer says they served when they forgot to check out (at most the slot''s length).';
comment on column public.shifts.closure_note is '补签退: the volunteer''s account of the forgotten check-out, shown to staff.';
comment on column public.shifts.closure_requested_at is '补签退: when the volunteer asked staff to close the shift; a shift confirmed this way has no check-out time.';

-- A shift closed by staff on request has no check-out position or time (none was taken): its verified minutes come
-- from the decision, so a confirmed shift needs either a check-out or a closure request.
alter table public.shifts drop constraint shifts_confirm_needs_times;
alter table public.shifts add constraint shifts_confirm_needs_times check (
  status <> 'confirmed' or (check_in_at is not null and verified_minutes is not null and (check_out_at is not null or closure_requested_at is not null)));

create index if not exists shifts_closure_open_idx on public.shifts (closure_requested_at) where status = 'checked_in' and closure_requested_at is not null;

----------------------------------------------------------------------------------------------------
-- The shift as every RPC returns it, now with the closure request (from 20261122000400_volunteers.sql)
----------------------------------------------------------------------------------------------------
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
    'rejectReason', x.reject_reason, 'place', p.place, 'lat', p.lat, 'lng', p.lng, 'radiusM', p.radius_m,
    'closure', case when x.closure_requested_at is not null then jsonb_build_object(
      'minutes', x.closure_minutes, 'note', x.closure_note, 'requestedAt', app.iso(x.closure_requested_at)) end)
  from public.service_posts p, public.post_slots s
  where p.id = x.post_id and s.id = x.slot_id
$$;

----------------------------------------------------------------------------------------------------
-- 补签退
----------------------------------------------------------------------------------------------------
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

-- 工作纪实确认 lists the closure requests beside the checked-out shifts (from 20261122000400_volunteers.sql)
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
    return coalesce((select jsonb_agg(app.shift_json(x) order by coalesce(x.check_out_at, x.closure_requested_at), x.id)
      from public.shifts x join public.service_posts p on p.id = x.post_id
      where p.community_id = v_community
        and (x.status = 'checked_out' or (x.status = 'checked_in' and x.closure_requested_at is not null))), '[]'::jsonb);
  end if;
  return coalesce((select jsonb_agg(app.shift_json(x) order by s.starts_at desc)
    from public.shifts x join public.post_slots s on s.id = x.slot_id
    where x.profile_id = v_uid), '[]'::jsonb);
end
$$;

----------------------------------------------------------------------------------------------------
-- The whistle with its responders for staff (from 20261122000400_volunteers.sql)
----------------------------------------------------------------------------------------------------
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
