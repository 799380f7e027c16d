-- Deliberation integrity (issue 13, items 2a, 3 and 8):
-- 1. The meeting check-in code (6 digits) could be guessed at hundreds of tries a second, days before the meeting,
--    giving voting rights, beans and a `held` meeting. Check-in is now accepted only from 30 minutes before the start
--    to the meeting's end (meetings get an end), and wrong codes are limited per person and per meeting
--    (20261129000050_attempt_limits.sql). A wrong code is answered with {"refused": ...} so that its count commits.
-- 2. A vote that had read its motion open before staff closed it was stored after the result was decided. The vote
--    now holds the motion `for share` while it checks and inserts; motion_close already takes it `for update`, so a
--    vote either lands before the tally or waits and sees the motion closed.
-- 3. Abstention is a flag on the option (motion_options.abstain), no longer recognised by the label 弃权.
-- 4. An action item is completed only when staff of the community accept its owner's report: the owner's 100% makes
--    it `reported`; staff accept (done_at set, the resolution completes when every item is accepted) or return it
--    with a reason (back to in progress).

----------------------------------------------------------------------------------------------------
-- Meetings have an end
----------------------------------------------------------------------------------------------------
alter table public.meetings add column if not exists ends_at timestamptz;
update public.meetings set ends_at = starts_at + interval '2 hours' where ends_at is null;
alter table public.meetings alter column ends_at set not null;
alter table public.meetings add constraint meetings_ends_after_start check (ends_at > starts_at);
comment on column public.meetings.ends_at is 'When the meeting ends; check-in closes then (it opens 30 minutes before starts_at).';

-- Rows written without an end (older tools, fixtures) get the default length rather than failing.
create or replace function app.meeting_default_end() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.ends_at := coalesce(new.ends_at, new.starts_at + interval '2 hours');
  return new;
end
$$;
create trigger meetings_default_end before insert on public.meetings
  for each row execute function app.meeting_default_end();

-- The end a request asks for, or the default two hours; a meeting lasts at most a day, so check-in cannot stay open
-- for long.
create or replace function app.meeting_end(p_starts_at timestamptz, p_ends_at timestamptz) returns timestamptz
language plpgsql stable
set search_path = ''
as $$
declare
  v_end timestamptz := coalesce(p_ends_at, p_starts_at + interval '2 hours');
begin
  if v_end <= p_starts_at or v_end > p_starts_at + interval '24 hours' then
    perform app.fail('meeting.ends_invalid', 'endsAt');
  end if;
  return v_end;
end
$$;

-- (from 20261122000600_deliberation.sql; invoker since 20261122000700_list_performance.sql) + endsAt
create or replace function app.meeting_json(m public.meetings, p_detail boolean) returns jsonb
language sql stable
as $$
  select jsonb_build_object('id', m.id, 'communityId', m.community_id, 'title', m.title, 'form', m.form,
    'startsAt', app.iso(m.starts_at), 'endsAt', app.iso(m.ends_at), 'place', m.place, 'capacity', m.capacity, 'registered', m.registered,
    'waitlisted', (select count(*)::int from public.meeting_registrations r where r.meeting_id = m.id and r.status = 'waitlisted'),
    'status', m.status, 'minutes', m.minutes,
    'checkInCode', case when app.is_staff_of(m.community_id) then m.check_in_code end,
    'myStatus', (select r.status from public.meeting_registrations r where r.meeting_id = m.id and r.profile_id = (select auth.uid())),
    'myWaitlistPosition', (select (select count(*)::int + 1 from public.meeting_registrations q
          where q.meeting_id = m.id and q.status = 'waitlisted' and q.queued_at < me.queued_at)
        from public.meeting_registrations me
        where me.meeting_id = m.id and me.profile_id = (select auth.uid()) and me.status = 'waitlisted'),
    'checkedIn', exists (select 1 from public.meeting_registrations r where r.meeting_id = m.id and r.profile_id = (select auth.uid()) and r.checked_in_at is not null),
    'agenda', coalesce((select jsonb_agg(app.topic_json(t) order by mt.position) from public.meeting_topics mt join public.topics t on t.id = mt.topic_id where mt.meeting_id = m.id), '[]'::jsonb),
    'createdAt', app.iso(m.created_at))
  || case when p_detail then jsonb_build_object(
    'comments', coalesce((select jsonb_agg(jsonb_build_object('id', c.id, 'authorName', (select p.display_name from public.profiles p where p.id = c.author_id),
        'body', c.body, 'hidden', c.hidden, 'at', app.iso(c.created_at)) order by c.id)
      from public.meeting_comments c where c.meeting_id = m.id and (not c.hidden or app.is_staff_of(m.community_id))), '[]'::jsonb),
    'motions', coalesce((select jsonb_agg(app.motion_json(x) order by x.created_at) from public.motions x where x.meeting_id = m.id), '[]'::jsonb))
  else '{}'::jsonb end
$$;

-- (from 20261128001000_inbox.sql) + p_ends_at
drop function public.meeting_create(text, public.meeting_form, timestamptz, text, int, jsonb);
create function public.meeting_create(p_title text, p_form public.meeting_form, p_starts_at timestamptz, p_place text,
  p_capacity int, p_topic_ids jsonb default '[]', p_ends_at timestamptz default null) returns jsonb
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
  insert into public.meetings (community_id, title, form, starts_at, ends_at, place, capacity, check_in_code, created_by)
  values (v_community, btrim(p_title), p_form, p_starts_at, app.meeting_end(p_starts_at, p_ends_at), btrim(p_place), p_capacity,
          lpad((floor(random() * 1000000))::int::text, 6, '0'), v_uid)
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
grant execute on function public.meeting_create(text, public.meeting_form, timestamptz, text, int, jsonb, timestamptz) to authenticated;

-- (from 20261128000400_editing_settings.sql) + p_ends_at; a new start without a new end keeps the meeting's length
drop function public.meeting_update(uuid, text, public.meeting_form, timestamptz, text, int, jsonb);
create function public.meeting_update(p_id uuid, p_title text default null, p_form public.meeting_form default null,
  p_starts_at timestamptz default null, p_place text default null, p_capacity int default null, p_topic_ids jsonb default null,
  p_ends_at timestamptz default null)
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
  v_starts timestamptz;
  v_ends timestamptz;
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
  v_starts := coalesce(p_starts_at, m.starts_at);
  v_ends := app.meeting_end(v_starts, coalesce(p_ends_at, v_starts + (m.ends_at - m.starts_at)));
  v_old := m;
  update public.meetings set
    title = coalesce(btrim(p_title), title), form = coalesce(p_form, form), starts_at = v_starts, ends_at = v_ends,
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
grant execute on function public.meeting_update(uuid, text, public.meeting_form, timestamptz, text, int, jsonb, timestamptz) to authenticated;

----------------------------------------------------------------------------------------------------
-- Check-in: only in the meeting's window, wrong codes limited per person and per meeting
----------------------------------------------------------------------------------------------------
-- (from 20261122000600_deliberation.sql)
create or replace function public.meeting_check_in(p_id uuid, p_code text) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  m public.meetings;
  v_person text := v_uid::text || ':' || p_id::text;
  v_lock_person int;
  v_lock_meeting int;
  v_failures int;
begin
  select * into m from public.meetings where id = p_id;
  if m.id is null or not exists (select 1 from public.meeting_registrations r where r.meeting_id = p_id and r.profile_id = v_uid and r.status = 'registered') then
    perform app.fail('meeting.not_registered');
  end if;
  -- outside the window even the right code is refused, so guessing there learns nothing
  if now() < m.starts_at - interval '30 minutes' or now() > m.ends_at then
    perform app.fail('meeting.check_in_closed');
  end if;
  perform app.attempt_guard('meeting.check_in.person', v_person);
  perform app.attempt_guard('meeting.check_in.meeting', p_id::text);
  if p_code is distinct from m.check_in_code then
    -- counted, so the answer must not raise (that would roll the count back)
    v_lock_person := app.attempt_failed('meeting.check_in.person', v_person, 5, interval '10 minutes', interval '10 minutes');
    v_lock_meeting := app.attempt_failed('meeting.check_in.meeting', p_id::text, 30, interval '10 minutes', interval '5 minutes');
    if greatest(v_lock_person, v_lock_meeting) > 0 then
      return jsonb_build_object('refused', jsonb_build_object('code', 'attempt.too_many', 'hint', greatest(v_lock_person, v_lock_meeting)::text));
    end if;
    select a.failures into v_failures from public.code_attempts a where a.scope = 'meeting.check_in.person' and a.subject = v_person;
    return jsonb_build_object('refused', jsonb_build_object('code', 'meeting.check_in_code_invalid', 'field', 'code',
      'hint', greatest(5 - coalesce(v_failures, 0), 1)::text));
  end if;
  update public.meeting_registrations set checked_in_at = coalesce(checked_in_at, now()) where meeting_id = p_id and profile_id = v_uid;
  update public.meetings set status = 'held' where id = p_id and status = 'scheduled';
  -- attendance earns beans (the community's rule), once per meeting
  perform app.award('meeting:' || p_id || ':' || v_uid, 'award_meeting', v_uid, m.community_id,
    (select r.meeting_attendance from public.bean_rules r where r.community_id = m.community_id), '参加议事：' || m.title, null, p_id::text);
  select * into m from public.meetings where id = p_id;
  return app.meeting_json(m, false);
end
$$;
grant execute on function public.meeting_check_in(uuid, text) to authenticated;

----------------------------------------------------------------------------------------------------
-- Abstention is a flag on the option
----------------------------------------------------------------------------------------------------
alter table public.motion_options add column if not exists abstain boolean not null default false;
comment on column public.motion_options.abstain is 'An abstention: counts toward the quorum, not toward the pass threshold.';
-- before this column the option labelled 弃权 was the abstention
update public.motion_options set abstain = true where label = '弃权';
-- the first option is the one that passes the motion (同意): it cannot be an abstention
alter table public.motion_options add constraint motion_options_first_not_abstain check (not (abstain and position = 0));

-- (from 20261122000600_deliberation.sql; invoker since 20261122000700_list_performance.sql): abstentions by flag
create or replace function app.motion_tally(p_motion uuid) returns jsonb
language sql stable
as $$
  with counts as (
    select o.id, o.label, o.position, o.abstain, count(v.profile_id)::int as votes
    from public.motion_options o left join public.votes v on v.option_id = o.id
    where o.motion_id = p_motion group by o.id, o.label, o.position, o.abstain
  ), totals as (
    select coalesce(sum(votes), 0)::int as cast_votes,
           coalesce(sum(votes) filter (where not abstain), 0)::int as counted,
           coalesce((select votes from counts where position = 0), 0)::int as yes
    from counts
  )
  select jsonb_build_object(
    'options', coalesce((select jsonb_agg(jsonb_build_object('id', id, 'label', label, 'abstain', abstain, 'votes', votes) order by position) from counts), '[]'::jsonb),
    'cast', cast_votes, 'counted', counted, 'yes', yes)
  from totals
$$;

-- (from 20261122000600_deliberation.sql; invoker since 20261122000700_list_performance.sql) + abstain per option
create or replace function app.motion_json(m public.motions) returns jsonb
language sql stable
as $$
  select jsonb_build_object('id', m.id, 'meetingId', m.meeting_id, 'title', m.title, 'voters', m.voters, 'quorum', m.quorum,
    'threshold', m.threshold, 'hideResults', m.hide_results, 'opensAt', app.iso(m.opens_at), 'closesAt', app.iso(m.closes_at),
    'status', m.status, 'result', m.result,
    'options', (select jsonb_agg(jsonb_build_object('id', o.id, 'label', o.label, 'abstain', o.abstain) order by o.position) from public.motion_options o where o.motion_id = m.id),
    'myVote', (select v.option_id from public.votes v where v.motion_id = m.id and v.profile_id = (select auth.uid())),
    'tally', case when m.status = 'closed' or not m.hide_results
                  or app.is_staff_of((select x.community_id from public.meetings x where x.id = m.meeting_id))
                  then app.motion_tally(m.id) end,
    'resolutionId', (select r.id from public.resolutions r where r.motion_id = m.id))
$$;

-- (from 20261128001600_inbox_more.sql): an option is a label, or {"label": ..., "abstain": true|false}
create or replace function public.motion_create(p_meeting_id uuid, p_title text, p_options jsonb, p_voters public.motion_voters,
  p_quorum int, p_threshold public.motion_threshold, p_closes_at timestamptz default null, p_hide_results boolean default false) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  m public.meetings;
  x public.motions;
begin
  select * into m from public.meetings where id = p_meeting_id;
  if m.id is null or not app.is_staff_of(m.community_id) then
    perform app.fail('auth.forbidden');
  end if;
  if jsonb_typeof(p_options) is distinct from 'array' or jsonb_array_length(p_options) not between 2 and 10 then
    perform app.fail('motion.options_invalid', 'options');
  end if;
  if exists (
    select 1 from jsonb_array_elements(p_options) with ordinality o(v, n)
    where not (
      (jsonb_typeof(o.v) = 'string' and char_length(btrim(o.v #>> '{}')) between 1 and 20)
      or (jsonb_typeof(o.v) = 'object' and jsonb_typeof(o.v -> 'label') = 'string'
          and char_length(btrim(o.v ->> 'label')) between 1 and 20
          and coalesce(jsonb_typeof(o.v -> 'abstain'), 'boolean') = 'boolean'
          -- the first option passes the motion
          and not (o.n = 1 and coalesce((o.v ->> 'abstain')::boolean, false))))
  ) then
    perform app.fail('motion.options_invalid', 'options');
  end if;
  if p_closes_at is not null and p_closes_at <= now() then
    perform app.fail('motion.window_invalid', 'closesAt');
  end if;
  insert into public.motions (meeting_id, title, voters, quorum, threshold, closes_at, hide_results)
  values (p_meeting_id, btrim(p_title), p_voters, p_quorum, p_threshold, p_closes_at, coalesce(p_hide_results, false))
  returning * into x;
  insert into public.motion_options (motion_id, label, position, abstain)
  select x.id,
    btrim(case when jsonb_typeof(o.v) = 'string' then o.v #>> '{}' else o.v ->> 'label' end),
    (o.n - 1)::int,
    jsonb_typeof(o.v) = 'object' and coalesce((o.v ->> 'abstain')::boolean, false)
  from jsonb_array_elements(p_options) with ordinality o(v, n);
  -- 表决开始: those who may vote — the community's residents, or the meeting's registered attendees (they vote once
  -- checked in) — capped at 2000 rows so one motion cannot flood the outbox of a very large community
  insert into public.notifications (profile_id, kind, payload)
  select e.profile_id, 'motion.opened', jsonb_build_object('motionId', x.id, 'meetingId', m.id, 'title', x.title,
    'meetingTitle', m.title, 'voters', x.voters, 'closesAt', app.iso(x.closes_at))
  from (
    select distinct r.profile_id from public.profile_roles r
    where x.voters = 'residents' and r.community_id = m.community_id and r.role = 'resident'
    union
    select g.profile_id from public.meeting_registrations g
    where x.voters = 'attendees' and g.meeting_id = m.id and g.status = 'registered'
    order by 1
    limit 2000
  ) e;
  return app.motion_json(x);
end
$$;

----------------------------------------------------------------------------------------------------
-- Votes hold the motion while they check and insert
----------------------------------------------------------------------------------------------------
-- (from 20261122000600_deliberation.sql): `for share` conflicts with motion_close's `for update`, so a vote either
-- commits before the close tallies or waits for it and then reads the motion closed.
create or replace function public.motion_vote(p_id uuid, p_option_id uuid) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  x public.motions;
  m public.meetings;
begin
  select * into x from public.motions where id = p_id for share;
  select * into m from public.meetings where id = x.meeting_id;
  if x.id is null or not exists (select 1 from public.profiles p where p.id = v_uid and p.community_id = m.community_id) then
    perform app.fail('motion.not_found');
  end if;
  if x.status <> 'open' or now() < x.opens_at or (x.closes_at is not null and now() >= x.closes_at) then
    perform app.fail('motion.closed');
  end if;
  if x.voters = 'attendees' and not exists (select 1 from public.meeting_registrations r
      where r.meeting_id = m.id and r.profile_id = v_uid and r.checked_in_at is not null) then
    perform app.fail('motion.not_attendee');
  end if;
  if x.voters = 'residents' and not app.is_resident_of(m.community_id) then
    perform app.fail('motion.not_resident');
  end if;
  if not exists (select 1 from public.motion_options o where o.id = p_option_id and o.motion_id = p_id) then
    perform app.fail('motion.option_invalid', 'optionId');
  end if;
  begin
    insert into public.votes (motion_id, profile_id, option_id) values (p_id, v_uid, p_option_id);
  exception when unique_violation then
    perform app.fail('motion.already_voted');
  end;
  return app.motion_json(x);
end
$$;
grant execute on function public.motion_vote(uuid, uuid) to authenticated;

----------------------------------------------------------------------------------------------------
-- Action items: the owner reports, staff accept or return
----------------------------------------------------------------------------------------------------
alter table public.resolution_actions
  add column if not exists status text not null default 'in_progress' check (status in ('in_progress', 'reported', 'done')),
  add column if not exists return_reason text check (return_reason is null or char_length(return_reason) between 2 and 200),
  add column if not exists returned_at timestamptz,
  add column if not exists accepted_by uuid references public.profiles(id);
-- items completed before this change (the owner's 100% completed them) stay completed
update public.resolution_actions set status = 'done' where done_at is not null;
alter table public.resolution_actions add constraint resolution_actions_done check ((status = 'done') = (done_at is not null));
-- rows written with a done_at and no status (older tools, fixtures) are accepted items, as they were before
create or replace function app.resolution_action_default_status() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if new.done_at is not null and new.status = 'in_progress' then
    new.status := 'done';
  end if;
  return new;
end
$$;
create trigger resolution_actions_default_status before insert on public.resolution_actions
  for each row execute function app.resolution_action_default_status();
comment on column public.resolution_actions.status is
  'in_progress → reported (the owner''s 100%) → done (staff accepted; done_at set), or back to in_progress with return_reason.';

-- (from 20261122000600_deliberation.sql; invoker since 20261122000700_list_performance.sql) + status, doneAt, returnReason
create or replace function app.resolution_json(r public.resolutions) returns jsonb
language sql stable
as $$
  select jsonb_build_object('id', r.id, 'motionId', r.motion_id, 'meetingId', r.meeting_id, 'communityId', r.community_id,
    'title', r.title, 'needId', r.need_id, 'status', r.status, 'createdAt', app.iso(r.created_at), 'completedAt', app.iso(r.completed_at),
    'progress', coalesce((select round(avg(a.percent))::int from public.resolution_actions a where a.resolution_id = r.id), 0),
    'actions', coalesce((select jsonb_agg(jsonb_build_object('id', a.id, 'title', a.title,
        'ownerName', (select p.display_name from public.profiles p where p.id = a.owner_id), 'ownerId', a.owner_id,
        'dueAt', app.iso(a.due_at), 'percent', a.percent, 'status', a.status, 'doneAt', app.iso(a.done_at),
        'returnReason', a.return_reason, 'returnedAt', app.iso(a.returned_at),
        -- a report waiting for staff is not the owner's delay
        'overdue', a.status = 'in_progress' and a.due_at < now(),
        'progress', coalesce((select jsonb_agg(jsonb_build_object('note', g.note, 'percent', g.percent, 'at', app.iso(g.created_at)) order by g.id)
          from public.action_progress g where g.action_id = a.id), '[]'::jsonb)) order by a.due_at)
      from public.resolution_actions a where a.resolution_id = r.id), '[]'::jsonb),
    'supervisions', coalesce((select jsonb_agg(jsonb_build_object('note', s.note,
        'authorName', (select p.display_name from public.profiles p where p.id = s.author_id), 'at', app.iso(s.created_at)) order by s.id)
      from public.resolution_supervisions s where s.resolution_id = r.id), '[]'::jsonb),
    'rating', (select round(avg(x.rating)::numeric, 2) from public.resolution_ratings x where x.resolution_id = r.id),
    'ratings', (select count(*)::int from public.resolution_ratings x where x.resolution_id = r.id),
    'myRating', (select x.rating from public.resolution_ratings x where x.resolution_id = r.id and x.profile_id = (select auth.uid())))
$$;

-- (from 20261128001000_inbox.sql): 跟进 by the owner; 100% reports the item to staff, it no longer completes it
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
  return app.resolution_json(r);
end
$$;
grant execute on function public.action_progress_add(uuid, text, int) to authenticated;

/** The action under lock, for staff of its resolution's community only (the resolution is locked first by the caller). */
create or replace function app.action_for_staff(p_id uuid) returns public.resolution_actions
language plpgsql security definer
set search_path = ''
as $$
declare
  a public.resolution_actions;
begin
  select * into a from public.resolution_actions where id = p_id for update;
  if a.id is null then
    perform app.fail('action.not_found');
  end if;
  if not app.is_staff_of((select r.community_id from public.resolutions r where r.id = a.resolution_id)) then
    perform app.fail('auth.forbidden');
  end if;
  return a;
end
$$;
revoke all on function app.action_for_staff(uuid) from public;

-- 验收: staff accept the owner's report; when every item is accepted the resolution completes and its need resolves.
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

-- 退回: staff send the report back with the reason the owner reads; the item is in progress again.
create or replace function public.action_return(p_id uuid, p_reason text) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  a public.resolution_actions;
  r public.resolutions;
  v_reason text := nullif(btrim(coalesce(p_reason, '')), '');
begin
  a := app.action_for_staff(p_id);
  select * into r from public.resolutions where id = a.resolution_id for update;
  if a.status <> 'reported' then
    perform app.fail('action.not_reported');
  end if;
  if v_reason is null or char_length(v_reason) not between 2 and 200 then
    perform app.fail('action.reason_required', 'reason');
  end if;
  update public.resolution_actions set status = 'in_progress', return_reason = v_reason, returned_at = now() where id = p_id returning * into a;
  insert into public.notifications (profile_id, kind, payload)
  select a.owner_id, 'resolution.progress', jsonb_build_object('resolutionId', r.id, 'title', r.title,
    'actionTitle', a.title, 'percent', a.percent, 'note', '被退回：' || v_reason, 'completed', false)
  where a.owner_id <> v_uid;
  return app.resolution_json(r);
end
$$;
grant execute on function public.action_return(uuid, text) to authenticated;
