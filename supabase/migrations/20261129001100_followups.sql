-- Follow-ups to the integrity work of issue 13:
-- 1. 验收 is a second pair of eyes: staff who own an action item can no longer accept their own report
--    (action.accept_own); another staff member of the community accepts it.
-- 2. Staff hear of a report: the owner's 100% (status `reported`) writes an `action.reported` inbox item to every staff
--    member of the resolution's community (the roles app.is_staff_of accepts, so exactly those who may accept it), in
--    the report's own transaction, so a report is never waiting unseen.
-- 3. A forgotten check-out is reminded once: the hourly shifts_sweep tells a volunteer whose checked-in shift's
--    check-out window (slot end + 30 minutes) has closed that 补签退 exists (`shift.checkout_missed`). The shift
--    remembers it was reminded (shifts.checkout_reminded_at), so the sweep never tells twice.
-- (Meeting end times need no SQL here: 20261129000100_deliberation_integrity.sql stores and checks them.)

----------------------------------------------------------------------------------------------------
-- 验收 never by the item's owner (from 20261129000100_deliberation_integrity.sql)
----------------------------------------------------------------------------------------------------
create or replace function public.action_accept(p_id uuid) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  a public.resolution_actions;
  r public.resolutions;
  n public.needs;
begin
  a := app.action_for_staff(p_id);
  select * into r from public.resolutions where id = a.resolution_id for update;
  -- acceptance checks the owner's report: the owner cannot be the one who checks it
  if a.owner_id = v_uid then
    perform app.fail('action.accept_own');
  end if;
  if a.status <> 'reported' then
    perform app.fail('action.not_reported');
  end if;
  update public.resolution_actions set status = 'done', done_at = now(), accepted_by = v_uid where id = p_id returning * into a;
  if not exists (select 1 from public.resolution_actions x where x.resolution_id = r.id and x.status <> 'done') then
    update public.resolutions set status = 'completed', completed_at = coalesce(completed_at, now()) where id = r.id returning * into r;
    select * into n from public.needs where id = r.need_id;
    if n.id is not null and n.status = 'in_deliberation' then
      perform app.need_apply(n.id, 'resolved', array['system']::public.need_actor[], null, '议事决议已落实：' || r.title);
    end if;
  end if;
  insert into public.notifications (profile_id, kind, payload)
  select distinct w.profile_id, 'resolution.progress', jsonb_build_object('resolutionId', r.id, 'title', r.title,
    'actionTitle', a.title, 'percent', a.percent, 'note', '已验收通过', 'completed', r.status = 'completed')
  from (
    select a.owner_id profile_id
    union
    select t.proposer_id from public.meeting_topics mt join public.topics t on t.id = mt.topic_id
    where mt.meeting_id = r.meeting_id
    union
    select s.author_id from public.resolution_supervisions s where s.resolution_id = r.id
  ) w
  where w.profile_id <> v_uid;
  return app.resolution_json(r);
end
$$;
grant execute on function public.action_accept(uuid) to authenticated;

----------------------------------------------------------------------------------------------------
-- A report tells the community's staff (from 20261129000100_deliberation_integrity.sql)
----------------------------------------------------------------------------------------------------
create or replace function public.action_progress_add(p_id uuid, p_note text, p_percent int) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  a public.resolution_actions;
  r public.resolutions;
begin
  select * into a from public.resolution_actions where id = p_id for update;
  if a.id is null then
    perform app.fail('resolution.not_found');
  end if;
  if a.owner_id <> v_uid then
    perform app.fail('resolution.not_owner');
  end if;
  if a.status = 'done' then
    perform app.fail('action.already_done');
  end if;
  select * into r from public.resolutions where id = a.resolution_id for update;
  insert into public.action_progress (action_id, author_id, note, percent) values (p_id, v_uid, btrim(p_note), p_percent);
  update public.resolution_actions set percent = p_percent, status = case when p_percent = 100 then 'reported' else 'in_progress' end
  where id = p_id;
  insert into public.notifications (profile_id, kind, payload)
  select distinct w.profile_id, 'resolution.progress', jsonb_build_object('resolutionId', r.id, 'title', r.title,
    'actionTitle', a.title, 'percent', p_percent, 'note', btrim(p_note), 'completed', r.status = 'completed')
  from (
    select t.proposer_id profile_id from public.meeting_topics mt join public.topics t on t.id = mt.topic_id
    where mt.meeting_id = r.meeting_id
    union
    select s.author_id from public.resolution_supervisions s where s.resolution_id = r.id
  ) w
  where w.profile_id <> v_uid;
  -- 待验收: those who may accept (staff or admin of the community, as app.is_staff_of) hear of every report, the
  -- reporter excepted (they cannot accept their own)
  if p_percent = 100 then
    insert into public.notifications (profile_id, kind, payload)
    select distinct k.profile_id, 'action.reported', jsonb_build_object('resolutionId', r.id, 'title', r.title,
      'actionId', a.id, 'actionTitle', a.title, 'ownerName', (select p.display_name from public.profiles p where p.id = v_uid),
      'note', btrim(p_note))
    from public.profile_roles k
    where k.community_id = r.community_id and k.role in ('staff', 'admin') and k.profile_id <> v_uid;
  end if;
  return app.resolution_json(r);
end
$$;
grant execute on function public.action_progress_add(uuid, text, int) to authenticated;

----------------------------------------------------------------------------------------------------
-- Forgotten check-out: one reminder per shift
----------------------------------------------------------------------------------------------------
alter table public.shifts add column if not exists checkout_reminded_at timestamptz;
comment on column public.shifts.checkout_reminded_at is
  'When shifts_sweep told the volunteer they had not checked out and may ask for 补签退; set once, so never told twice.';
-- the hourly sweep looks only at checked-in shifts not yet reminded
create index if not exists shifts_checkout_missed_idx on public.shifts (slot_id)
  where status = 'checked_in' and checkout_reminded_at is null and closure_requested_at is null;

-- (from 20261128001600_inbox_more.sql) + the reminder. A shift is reminded when its check-out window has closed, it
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
