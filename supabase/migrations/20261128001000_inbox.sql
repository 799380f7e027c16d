-- The in-app inbox (消息), issue 12.
--
-- The inbox is the outbox: every event that concerns a person already writes one `public.notifications` row per person
-- in the event's own transaction (the WeChat sender drains the same rows through status/attempts). A person reads their
-- rows through the unchanged `notifications_select` policy and marks them read here; `read_at` is theirs, the delivery
-- columns stay the sender's.
--
-- Events that did not notify anyone yet get their rows below, by replacing each event's function with its latest
-- definition plus the insert: shift confirmed or rejected (now with the post and the reason), invitation accepted
-- (the inviter), redemption verified (the holder), meeting scheduled (proposers and co-signers of its topics), vote
-- result (everyone who voted), resolution progress (proposers of its topics and its supervisors). A need's status change
-- now also carries the deadline set at triage.

alter table public.notifications add column read_at timestamptz;
comment on column public.notifications.read_at is 'When the person opened or marked the item in the inbox (消息); null = unread. Not the delivery status.';
-- the unread badge counts these on every page view
create index notifications_unread_idx on public.notifications (profile_id) where read_at is null;

----------------------------------------------------------------------------------------------------
-- Reading the inbox
----------------------------------------------------------------------------------------------------
-- security invoker: `notifications_select` (profile_id = auth.uid()) is what keeps a person to their own rows; the
-- explicit filter lets the (profile_id, id desc) index serve the page. The cursor helpers run as the caller.
grant execute on function app.fail(text, text) to authenticated;
grant execute on function app.iso(timestamptz) to authenticated;
grant execute on function app.cursor_encode(jsonb) to authenticated;
grant execute on function app.cursor_decode(text, int) to authenticated;
grant execute on function app.cursor_bigint(jsonb, int) to authenticated;

create or replace function public.notifications_list(p_cursor text default null, p_limit int default 20) returns jsonb
language plpgsql stable security invoker
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  v_limit int := least(greatest(coalesce(p_limit, 20), 1), 20);
  v_key jsonb := app.cursor_decode(p_cursor, 1);
  v_after bigint;
  v_rows public.notifications[];
begin
  if v_key is not null then
    v_after := app.cursor_bigint(v_key, 0);
  end if;
  select coalesce(array_agg(x order by x.id desc), '{}') into v_rows
  from (
    select n.* from public.notifications n
    where n.profile_id = v_uid and (v_after is null or n.id < v_after)
    order by n.id desc
    limit v_limit + 1
  ) x;
  return jsonb_build_object(
    'items', coalesce((
      select jsonb_agg(jsonb_build_object(
        'id', r.id, 'kind', r.kind, 'payload', r.payload, 'createdAt', app.iso(r.created_at), 'readAt', app.iso(r.read_at))
        order by r.id desc)
      from (select (v_rows[o]).* from generate_series(1, least(cardinality(v_rows), v_limit)) o) r), '[]'::jsonb),
    'unread', (select count(*) from public.notifications n where n.profile_id = v_uid and n.read_at is null),
    'nextCursor', case when cardinality(v_rows) > v_limit then app.cursor_encode(jsonb_build_array((v_rows[v_limit]).id)) end
  );
end
$$;
grant execute on function public.notifications_list(text, int) to authenticated;

-- Marks the caller's own items read (the given ids, or all of them); ids of someone else's items are ignored, never
-- an error that would tell whether they exist. Returns the unread count left. The ids come as a jsonb array of
-- integers, as every array argument does through the gateway (it sends arrays as JSON).
create or replace function public.notifications_read(p_ids jsonb default null, p_all boolean default false) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  v_all boolean := coalesce(p_all, false);
  v_ids bigint[];
begin
  if v_all and p_ids is not null then
    perform app.fail('request.invalid', 'all');
  end if;
  if not v_all then
    if p_ids is null or jsonb_typeof(p_ids) <> 'array' or jsonb_array_length(p_ids) not between 1 and 100
       or exists (select 1 from jsonb_array_elements(p_ids) e
                  where jsonb_typeof(e) <> 'number' or e::text !~ '^[0-9]{1,18}$') then
      perform app.fail('request.invalid', 'ids');
    end if;
    v_ids := array(select e::text::bigint from jsonb_array_elements(p_ids) e);
  end if;
  update public.notifications set read_at = now()
  where profile_id = v_uid and read_at is null and (v_all or id = any (v_ids));
  return jsonb_build_object('unread', (select count(*) from public.notifications n where n.profile_id = v_uid and n.read_at is null));
end
$$;
grant execute on function public.notifications_read(jsonb, boolean) to authenticated;

----------------------------------------------------------------------------------------------------
-- Needs: the deadline set at triage travels with the status change (from 20261122000200_needs_loop.sql)
----------------------------------------------------------------------------------------------------
create or replace function app.need_notify(n public.needs, p_from public.need_status, p_note text) returns void
language sql
set search_path = ''
as $$
  insert into public.notifications (profile_id, kind, payload)
  select n.created_by, 'need.status', jsonb_build_object(
    'needId', n.id, 'title', n.title, 'from', p_from, 'to', n.status, 'note', p_note, 'at', app.iso(now()))
    || case when n.status = 'triaged' and n.due_at is not null
         then jsonb_build_object('dueAt', app.iso(n.due_at), 'dueGoal', n.due_goal) else '{}'::jsonb end
  where n.created_by is not null
$$;

----------------------------------------------------------------------------------------------------
-- Shifts: confirmed or rejected, with the post and the reason (from 20261122000400_volunteers.sql)
----------------------------------------------------------------------------------------------------
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
  values (x.profile_id, case when p_approve then 'shift.confirmed' else 'shift.rejected' end,
    jsonb_build_object('shiftId', x.id, 'approved', p_approve, 'minutes', x.verified_minutes, 'postId', p.id, 'title', p.title,
      'at', app.iso(s.starts_at), 'beans', x.beans_pending, 'reason', x.reject_reason));
  return app.shift_json(x);
end
$$;

----------------------------------------------------------------------------------------------------
-- Invitations: the inviter learns that the code was used (from 20261128000200_joining_people.sql)
----------------------------------------------------------------------------------------------------
create or replace function public.invitation_accept(p_code text) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  v_inv public.invitations;
  v_community public.communities;
  v_home uuid;
  v_unit uuid;
begin
  select community_id into v_home from public.profiles where id = v_uid for update;
  if not found then
    perform app.fail('auth.profile_missing');
  end if;
  select * into v_inv from public.invitations where code = upper(btrim(p_code)) for update;
  if v_inv.id is null then
    perform app.fail('invitation.not_found', 'code');
  end if;
  if v_inv.accepted_at is not null then
    perform app.fail('invitation.used', 'code');
  end if;
  if v_inv.revoked_at is not null then
    perform app.fail('invitation.revoked', 'code');
  end if;
  if v_inv.expires_at <= now() then
    perform app.fail('invitation.expired', 'code');
  end if;
  select * into v_community from public.communities where id = v_inv.community_id;
  if v_community.archived_at is not null then
    perform app.fail('invitation.community_archived', 'code');
  end if;

  if v_inv.role = 'admin' then
    -- a street admin: the mirror trigger grants `admin` in every community of the street
    insert into public.street_admins (profile_id, street_id) values (v_uid, v_community.street_id) on conflict do nothing;
  end if;
  insert into public.profile_roles (profile_id, role, community_id) values (v_uid, v_inv.role, v_inv.community_id)
  on conflict do nothing;
  if v_inv.role = 'grid_worker' then
    insert into public.grid_assignments (profile_id, grid_id) values (v_uid, v_inv.grid_id) on conflict do nothing;
  end if;
  if v_inv.role = 'unit' then
    -- a second account of a unit already on file joins that unit
    insert into public.member_units (community_id, name, partner_type, profile_id)
    values (v_inv.community_id, v_inv.unit_name, v_inv.partner_type, v_uid)
    on conflict (community_id, name) do nothing
    returning id into v_unit;
    if v_unit is null then
      update public.member_units set profile_id = coalesce(profile_id, v_uid), partner_type = coalesce(partner_type, v_inv.partner_type)
      where community_id = v_inv.community_id and name = v_inv.unit_name
      returning id into v_unit;
    end if;
  end if;
  -- without a home community the invited person starts in this one, so a new staff member sees its queue at once
  if v_home is null then
    update public.profiles set community_id = v_inv.community_id, updated_at = now() where id = v_uid;
    insert into public.community_moves (profile_id, from_community_id, to_community_id, moved_by)
    values (v_uid, null, v_inv.community_id, v_uid);
  end if;

  update public.invitations set accepted_by = v_uid, accepted_at = now(), unit_id = v_unit where id = v_inv.id;
  perform app.audit('invitation.accepted', v_inv.community_id, v_uid, jsonb_build_object('role', v_inv.role, 'invitationId', v_inv.id));
  perform app.audit('role.granted', v_inv.community_id, v_uid,
    jsonb_build_object('role', v_inv.role, 'via', 'invitation')
    || case when v_inv.role = 'unit' then jsonb_build_object('unitName', v_inv.unit_name) else '{}'::jsonb end);
  insert into public.notifications (profile_id, kind, payload)
  select v_inv.created_by, 'invitation.accepted', jsonb_build_object('invitationId', v_inv.id, 'role', v_inv.role,
    'communityId', v_inv.community_id, 'communityName', v_community.name, 'unitName', v_inv.unit_name,
    'name', (select p.display_name from public.profiles p where p.id = v_uid))
  where v_inv.created_by is not null and v_inv.created_by <> v_uid;
  return jsonb_build_object(
    'role', v_inv.role, 'communityId', v_inv.community_id, 'communityName', v_community.name, 'unitId', v_unit,
    'profile', app.profile_json(v_uid, true));
end
$$;

----------------------------------------------------------------------------------------------------
-- Redemptions: the holder learns the pickup was verified (from 20261122000500_beans.sql)
----------------------------------------------------------------------------------------------------
create or replace function public.redemption_verify(p_code text) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  x public.redemptions;
  r public.rewards;
  t public.bean_transfers;
begin
  select y.* into x from public.redemptions y join public.rewards rr on rr.id = y.reward_id
  where y.code = p_code and y.status = 'reserved' and (rr.provider_id = v_uid or app.is_staff_of(rr.community_id))
  for update of y;
  if x.id is null then
    perform app.fail('redemption.code_invalid', 'code');
  end if;
  select * into r from public.rewards where id = x.reward_id;
  if x.expires_at < now() then
    perform app.fail('redemption.expired', 'code');
  end if;
  t := app.transfer('settle:' || x.id, 'settle', app.bean_account('escrow', null, r.community_id),
                    app.bean_account('provider', r.provider_id, null), x.price_beans, '核销：' || r.title, v_uid, r.community_id, x.id::text);
  update public.redemptions set status = 'verified', verified_at = now(), verified_by = v_uid, settle_transfer_id = t.id
  where id = x.id returning * into x;
  insert into public.notifications (profile_id, kind, payload)
  values (x.profile_id, 'redemption.verified', jsonb_build_object('redemptionId', x.id, 'rewardId', r.id, 'title', r.title,
    'beans', x.price_beans, 'at', app.iso(x.verified_at)));
  return app.redemption_json(x) || jsonb_build_object('holderName', (select p.display_name from public.profiles p where p.id = x.profile_id));
end
$$;

----------------------------------------------------------------------------------------------------
-- Meetings: the residents behind its topics learn it is scheduled (from 20261128000400_editing_settings.sql)
----------------------------------------------------------------------------------------------------
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
  -- who raised or co-signed a topic on the agenda is told once, whatever the number of topics
  insert into public.notifications (profile_id, kind, payload)
  select w.profile_id, 'meeting.scheduled', jsonb_build_object('meetingId', m.id, 'title', m.title, 'at', app.iso(m.starts_at),
    'place', m.place, 'topicTitle', (select t2.title from public.meeting_topics mt2 join public.topics t2 on t2.id = mt2.topic_id
                                    where mt2.meeting_id = m.id and t2.id = any (w.topics) order by mt2.position limit 1))
  from (
    select s.profile_id, array_agg(s.topic_id) topics from (
      select t3.proposer_id profile_id, t3.id topic_id from public.meeting_topics mt join public.topics t3 on t3.id = mt.topic_id
      where mt.meeting_id = m.id
      union
      select c.profile_id, c.topic_id from public.meeting_topics mt join public.topic_cosigns c on c.topic_id = mt.topic_id
      where mt.meeting_id = m.id
    ) s
    where s.profile_id <> v_uid
    group by s.profile_id
  ) w;
  return app.meeting_json(m, true);
end
$$;

----------------------------------------------------------------------------------------------------
-- Votes: everyone who voted learns the result (from 20261122000600_deliberation.sql)
----------------------------------------------------------------------------------------------------
create or replace function public.motion_close(p_id uuid) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  x public.motions;
  m public.meetings;
  v_tally jsonb;
  v_result text;
  v_need uuid;
  v_resolution uuid;
begin
  select * into x from public.motions where id = p_id for update;
  select * into m from public.meetings where id = x.meeting_id;
  if x.id is null or not app.is_staff_of(m.community_id) then
    perform app.fail('auth.forbidden');
  end if;
  if x.status = 'closed' then
    return app.motion_json(x);
  end if;
  -- votes are final once the motion is locked: a vote arriving now waits and then sees it closed
  v_tally := app.motion_tally(p_id);
  v_result := app.motion_decide(x.quorum, x.threshold, (v_tally->>'cast')::int, (v_tally->>'counted')::int, (v_tally->>'yes')::int);
  update public.motions set status = 'closed', result = v_result, closes_at = coalesce(least(closes_at, now()), now()) where id = p_id returning * into x;
  if v_result = 'passed' then
    select t.need_id into v_need from public.meeting_topics mt join public.topics t on t.id = mt.topic_id
    where mt.meeting_id = m.id and t.need_id is not null order by mt.position limit 1;
    insert into public.resolutions (motion_id, meeting_id, community_id, title, need_id)
    values (x.id, m.id, m.community_id, x.title, v_need)
    returning id into v_resolution;
    update public.topics set status = 'decided' where id in (select topic_id from public.meeting_topics where meeting_id = m.id);
  end if;
  insert into public.notifications (profile_id, kind, payload)
  select v.profile_id, 'motion.closed', jsonb_build_object('motionId', x.id, 'meetingId', m.id, 'title', x.title,
    'meetingTitle', m.title, 'result', v_result, 'resolutionId', v_resolution)
  from public.votes v where v.motion_id = p_id;
  return app.motion_json(x);
end
$$;

----------------------------------------------------------------------------------------------------
-- Resolutions: progress reaches the residents who raised its topics and those supervising it
-- (from 20261122000600_deliberation.sql)
----------------------------------------------------------------------------------------------------
create or replace function public.action_progress_add(p_id uuid, p_note text, p_percent int) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  a public.resolution_actions;
  r public.resolutions;
  n public.needs;
begin
  select * into a from public.resolution_actions where id = p_id for update;
  if a.id is null then
    perform app.fail('resolution.not_found');
  end if;
  if a.owner_id <> v_uid then
    perform app.fail('resolution.not_owner');
  end if;
  select * into r from public.resolutions where id = a.resolution_id for update;
  insert into public.action_progress (action_id, author_id, note, percent) values (p_id, v_uid, btrim(p_note), p_percent);
  update public.resolution_actions set percent = p_percent, done_at = case when p_percent = 100 then coalesce(done_at, now()) end where id = p_id;
  if not exists (select 1 from public.resolution_actions x where x.resolution_id = r.id and x.percent < 100) then
    update public.resolutions set status = 'completed', completed_at = coalesce(completed_at, now()) where id = r.id returning * into r;
    select * into n from public.needs where id = r.need_id;
    if n.id is not null and n.status = 'in_deliberation' then
      perform app.need_apply(n.id, 'resolved', array['system']::public.need_actor[], null, '议事决议已落实：' || r.title);
    end if;
  end if;
  select * into r from public.resolutions where id = r.id;
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
  return app.resolution_json(r);
end
$$;
