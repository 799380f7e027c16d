-- Issue 15 (svcvol): a shift whose check-out equals its check-in (or rounds to 0 minutes) is never confirmed as
-- "0 分钟": staff give the minutes they verified (1 to the slot's length). Confirming may also adjust the minutes of
-- any checked-out shift within the same bounds; left out, the minutes are check-in to check-out capped at the slot,
-- as before. The refusal is shift.close_minutes_invalid on field `minutes` (400, "服务时长须在 1 到 N 分钟之间").
-- A service project carries its need's 受理编号 (needRefNo) so its page links back to the need.

-- (from 20261128001000_inbox.sql) + p_minutes; the three-argument form goes so that named calls stay unambiguous
drop function if exists public.shift_confirm(uuid, boolean, text);
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
revoke execute on function public.shift_confirm(uuid, boolean, text, int) from public, anon;
grant execute on function public.shift_confirm(uuid, boolean, text, int) to authenticated;

-- (from 20261129000300_services_integrity.sql) + needRefNo, the need's 受理编号
create or replace function app.project_json(p public.service_projects, p_detail boolean) returns jsonb
language sql stable security definer
set search_path = ''
as $$
  with ctx as (
    select n.title as need_title, n.category as need_category, n.status as need_status, n.created_by as need_owner,
           n.ref_no as need_ref_no,
           r.title as resource_title, r.publisher_id, r.contact_name, r.contact_phone,
           (select pr.display_name from public.profiles pr where pr.id = r.publisher_id) as publisher_name,
           mp.score, coalesce(mp.reasons, '{}') as reasons,
           app.is_staff_of(p.community_id) as is_staff,
           r.publisher_id = (select auth.uid()) as is_unit,
           n.created_by = (select auth.uid()) as is_owner
    from public.needs n, public.resources r
    left join public.match_proposals mp on mp.id = p.proposal_id
    where n.id = p.need_id and r.id = p.resource_id
  )
  select jsonb_build_object(
    'id', p.id, 'communityId', p.community_id, 'needId', p.need_id, 'needRefNo', c.need_ref_no, 'needTitle', c.need_title,
    'needCategory', c.need_category, 'needStatus', c.need_status, 'resourceId', p.resource_id,
    'resourceTitle', c.resource_title, 'publisherName', c.publisher_name, 'origin', p.origin, 'status', p.status,
    'score', c.score, 'reasons', to_jsonb(c.reasons),
    'unitConfirmed', p.unit_confirmed_at is not null, 'communityConfirmed', p.community_confirmed_at is not null,
    'beneficiaries', p.beneficiaries, 'rating', p.rating, 'ratingComment', p.rating_comment,
    'cancelReason', p.cancel_reason, 'createdAt', app.iso(p.created_at), 'updatedAt', app.iso(p.updated_at)
  ) || case when p_detail then jsonb_build_object(
    'progress', coalesce((select jsonb_agg(jsonb_build_object(
        'id', g.id, 'authorName', (select pr.display_name from public.profiles pr where pr.id = g.author_id),
        'note', g.note, 'percent', g.percent, 'at', app.iso(g.created_at)) order by g.id)
      from public.service_progress g where g.project_id = p.id), '[]'::jsonb),
    'canConfirm', p.status = 'proposed' and (
      (c.is_unit and p.unit_confirmed_at is null) or (c.is_staff and p.community_confirmed_at is null)),
    'canManage', p.status in ('proposed', 'confirmed', 'in_progress') and (c.is_unit or c.is_staff),
    'canEvaluate', p.status = 'completed' and c.is_owner,
    'contactName', case when c.is_staff or c.is_unit or c.is_owner then c.contact_name end,
    'contactPhone', case when c.is_staff or c.is_unit or c.is_owner then c.contact_phone end
  ) || (
    -- the accessor decides who may know where the need is and whom to call; detail only, never in lists
    select jsonb_build_object('needContactName', z.nc->>'contactName', 'needContactPhone', z.nc->>'contactPhone',
                              'needAddress', z.nc->>'address')
    from (select app.need_contact(p.need_id) as nc) z
  ) else '{}'::jsonb end
  from ctx c
$$;

-- (from 20261129002200_deliberation_service_info_lists.sql) + needRefNo
create or replace function public.services_list(p_community_id uuid default null, p_status public.project_status default null,
  p_after_created_at timestamptz default null, p_after_id uuid default null, p_limit integer default 20) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
declare
  v_community uuid := coalesce(p_community_id, (select community_id from public.profiles where id = app.require_uid()));
  v_limit int := least(greatest(coalesce(p_limit, 20), 1), 50);
  v_at timestamptz := coalesce(p_after_created_at, 'infinity');
  v_id uuid := coalesce(p_after_id, 'ffffffff-ffff-ffff-ffff-ffffffffffff');
  v_items jsonb;
  v_more boolean;
begin
  if v_community is null or not (v_community = any (app.my_community_ids())) then
    return jsonb_build_object('items', '[]'::jsonb, 'hasMore', false);
  end if;
  with page as (
    select p.*, row_number() over (order by p.created_at desc, p.id desc) as n
    from (
      select p.* from public.service_projects p
      where p.community_id = v_community and (p_status is null or p.status = p_status)
        and (p.created_at, p.id) < (v_at, v_id)
      order by p.created_at desc, p.id desc
      limit v_limit + 1
    ) p
  )
  select coalesce(jsonb_agg(jsonb_build_object(
      'id', x.id, 'communityId', x.community_id, 'needId', x.need_id, 'needRefNo', n.ref_no, 'needTitle', n.title,
      'needCategory', n.category, 'needStatus', n.status, 'resourceId', x.resource_id,
      'resourceTitle', r.title, 'publisherName', coalesce(pr.display_name, ''), 'origin', x.origin, 'status', x.status,
      'score', mp.score, 'reasons', to_jsonb(coalesce(mp.reasons, '{}')),
      'unitConfirmed', x.unit_confirmed_at is not null, 'communityConfirmed', x.community_confirmed_at is not null,
      'beneficiaries', x.beneficiaries, 'rating', x.rating, 'ratingComment', x.rating_comment,
      'cancelReason', x.cancel_reason, 'createdAt', app.iso(x.created_at), 'updatedAt', app.iso(x.updated_at))
      order by x.n) filter (where x.n <= v_limit), '[]'::jsonb),
    count(*) > v_limit
    into v_items, v_more
  from page x
  join public.needs n on n.id = x.need_id
  join public.resources r on r.id = x.resource_id
  left join public.profiles pr on pr.id = r.publisher_id
  left join public.match_proposals mp on mp.id = x.proposal_id;
  return jsonb_build_object('items', v_items, 'hasMore', v_more);
end
$$;
comment on function public.services_list is
  'security definer: the service list shows each project''s need by title and 受理编号, not the need itself (community checked inside).';

-- The shift carries its post's bean rate, so staff confirming see what the minutes will earn
-- (from 20261129000250_volunteers_integrity.sql) + beanRatePerHour
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

-- (from 20261129002100_volunteer_bean_lists.sql) + beanRatePerHour
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
