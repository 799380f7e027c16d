-- Deliberation (议事协商): topics and co-signing, meetings with registration, waitlist and check-in, discussion,
-- motions and votes tallied in SQL, resolutions followed through 跟进-督查-评价, and the street's metrics.
--
-- * Check-in is accepted from 30 minutes before a meeting's start to its end, and wrong codes are limited per person
--   and per meeting (app.attempt_guard); a wrong code answers {"refused": ...} so that its count commits.
-- * A vote holds its motion `for share` while it checks and inserts; motion_close takes it `for update`, so a vote
--   lands before the tally or sees the motion closed.
-- * An action item is done only when staff other than its owner accept the owner's report (验收); staff hear of
--   each report in their inbox.
-- * A topic that came from a need names it by its 受理编号; the page links to the need only for readers who may open it.

----------------------------------------------------------------------------------------------------
-- Types
----------------------------------------------------------------------------------------------------
create type public.meeting_form as enum ('street_side', 'five_party', 'online');

create type public.motion_voters as enum ('attendees', 'residents');

create type public.motion_threshold as enum ('majority', 'two_thirds');

----------------------------------------------------------------------------------------------------
-- Tables
----------------------------------------------------------------------------------------------------
create table public.community_deliberation_settings (
  community_id uuid primary key references public.communities(id) on delete cascade,
  cosign_threshold int not null default 10 check (cosign_threshold between 1 and 10000)
);
comment on table public.community_deliberation_settings is 'How many co-signatures make a topic ready for a meeting (default 10).';
alter table public.community_deliberation_settings enable row level security;

create table public.topics (
  id uuid primary key default gen_random_uuid(),
  community_id uuid not null references public.communities(id),
  title text not null check (char_length(title) between 4 and 60),
  description text not null default '' check (char_length(description) <= 2000),
  proposer_id uuid not null references public.profiles(id),
  need_id uuid references public.needs(id),
  status text not null default 'collecting' check (status in ('collecting', 'ready', 'scheduled', 'decided', 'closed')),
  cosign_count int not null default 0 check (cosign_count >= 0),
  threshold int not null,
  created_at timestamptz not null default now()
);
comment on table public.topics is '议题: raised by a resident or made from a shared-track need; co-signed until ready for a meeting.';
create unique index topics_need_once on public.topics (need_id) where need_id is not null;
alter table public.topics enable row level security;
create index if not exists topics_community_page_idx
  on public.topics (community_id, (status = 'ready'), cosign_count, created_at, id);

create table public.topic_cosigns (
  topic_id uuid not null references public.topics(id) on delete cascade,
  profile_id uuid not null references public.profiles(id) on delete cascade,
  created_at timestamptz not null default now(),
  primary key (topic_id, profile_id)
);
comment on table public.topic_cosigns is '联名: one co-signature per resident per topic.';
alter table public.topic_cosigns enable row level security;

create table public.meetings (
  id uuid primary key default gen_random_uuid(),
  community_id uuid not null references public.communities(id),
  title text not null check (char_length(title) between 2 and 60),
  form public.meeting_form not null,
  starts_at timestamptz not null,
  place text not null check (char_length(place) between 2 and 100),
  capacity int not null check (capacity between 1 and 1000),
  registered int not null default 0,
  check_in_code text not null check (check_in_code ~ '^[0-9]{6}$'),
  minutes text check (char_length(minutes) <= 10000),
  status text not null default 'scheduled' check (status in ('scheduled', 'held', 'cancelled')),
  created_by uuid not null references public.profiles(id),
  created_at timestamptz not null default now(),
  cancel_reason text check (cancel_reason is null or char_length(cancel_reason) between 2 and 200),
  cancelled_at timestamptz,
  updated_at timestamptz not null default now(),
  ends_at timestamptz not null,
  constraint meetings_capacity check (registered between 0 and capacity),
  constraint meetings_ends_after_start check (ends_at > starts_at)
);
comment on table public.meetings is '议事会: 流动小板凳, 五方 or online; registered never exceeds capacity, the rest wait in line.';
comment on column public.meetings.ends_at is 'When the meeting ends; check-in closes then (it opens 30 minutes before starts_at).';
create index meetings_community_idx on public.meetings (community_id, starts_at);
-- 议事会: by start, cancelled ones never listed
create index meetings_community_page_idx
  on public.meetings (community_id, starts_at, id) where status <> 'cancelled';
alter table public.meetings enable row level security;

create table public.meeting_topics (
  meeting_id uuid not null references public.meetings(id) on delete cascade,
  topic_id uuid not null references public.topics(id),
  position int not null default 0,
  primary key (meeting_id, topic_id)
);
comment on table public.meeting_topics is 'The agenda of a meeting.';
alter table public.meeting_topics enable row level security;
-- the agenda of a page of meetings
create index if not exists meeting_topics_meeting_idx on public.meeting_topics (meeting_id, position);

create table public.meeting_registrations (
  meeting_id uuid not null references public.meetings(id) on delete cascade,
  profile_id uuid not null references public.profiles(id) on delete cascade,
  status text not null check (status in ('registered', 'waitlisted', 'withdrawn')),
  seat text check (seat in ('residents', 'units', 'property', 'owners_committee', 'community')),
  queued_at timestamptz not null default clock_timestamp(),
  checked_in_at timestamptz,
  primary key (meeting_id, profile_id)
);
comment on table public.meeting_registrations is 'Registration and waitlist; a withdrawal promotes the first in line.';
create index meeting_registrations_queue on public.meeting_registrations (meeting_id, queued_at) where status = 'waitlisted';
alter table public.meeting_registrations enable row level security;

create table public.meeting_comments (
  id bigint generated always as identity primary key,
  meeting_id uuid not null references public.meetings(id) on delete cascade,
  author_id uuid not null references public.profiles(id),
  body text not null check (char_length(body) between 1 and 1000),
  hidden boolean not null default false,
  created_at timestamptz not null default now()
);
comment on table public.meeting_comments is 'Pre-meeting discussion; staff may hide a comment (moderation).';
alter table public.meeting_comments enable row level security;

create table public.motions (
  id uuid primary key default gen_random_uuid(),
  meeting_id uuid not null references public.meetings(id) on delete cascade,
  title text not null check (char_length(title) between 2 and 100),
  voters public.motion_voters not null,
  quorum int not null check (quorum between 1 and 100000),
  threshold public.motion_threshold not null,
  hide_results boolean not null default false,
  opens_at timestamptz not null default now(),
  closes_at timestamptz,
  status text not null default 'open' check (status in ('open', 'closed')),
  result text check (result in ('passed', 'failed', 'no_quorum')),
  created_at timestamptz not null default now(),
  constraint motions_window check (closes_at is null or closes_at > opens_at)
);
comment on table public.motions is '表决: a motion with options, who may vote, a quorum and a pass threshold.';
alter table public.motions enable row level security;

create table public.motion_options (
  id uuid primary key default gen_random_uuid(),
  motion_id uuid not null references public.motions(id) on delete cascade,
  label text not null check (char_length(label) between 1 and 20),
  position int not null,
  abstain boolean not null default false,
  unique (motion_id, position),
  -- the first option is the one that passes the motion (同意): it cannot be an abstention
  constraint motion_options_first_not_abstain check (not (abstain and position = 0))
);
comment on table public.motion_options is 'Options of a motion; the first is the one that passes it (同意).';
comment on column public.motion_options.abstain is 'An abstention: counts toward the quorum, not toward the pass threshold.';
alter table public.motion_options enable row level security;

create table public.votes (
  motion_id uuid not null references public.motions(id) on delete cascade,
  profile_id uuid not null references public.profiles(id),
  option_id uuid not null references public.motion_options(id),
  created_at timestamptz not null default now(),
  -- one person, one vote per motion
  primary key (motion_id, profile_id)
);
comment on table public.votes is 'One vote per person per motion (primary key), safe under concurrency.';
alter table public.votes enable row level security;

create table public.resolutions (
  id uuid primary key default gen_random_uuid(),
  motion_id uuid not null unique references public.motions(id),
  meeting_id uuid not null references public.meetings(id),
  community_id uuid not null references public.communities(id),
  title text not null,
  need_id uuid references public.needs(id),
  status text not null default 'in_progress' check (status in ('in_progress', 'completed')),
  created_at timestamptz not null default now(),
  completed_at timestamptz
);
comment on table public.resolutions is '决议: a passed motion, carried out through action items and judged by residents.';
alter table public.resolutions enable row level security;
create index if not exists resolutions_community_idx on public.resolutions (community_id, created_at);

create table public.resolution_actions (
  id uuid primary key default gen_random_uuid(),
  resolution_id uuid not null references public.resolutions(id) on delete cascade,
  title text not null check (char_length(title) between 2 and 100),
  owner_id uuid not null references public.profiles(id),
  due_at timestamptz not null,
  percent int not null default 0 check (percent between 0 and 100),
  done_at timestamptz,
  created_at timestamptz not null default now(),
  status text not null default 'in_progress' check (status in ('in_progress', 'reported', 'done')),
  return_reason text check (return_reason is null or char_length(return_reason) between 2 and 200),
  returned_at timestamptz,
  accepted_by uuid references public.profiles(id),
  constraint resolution_actions_done check ((status = 'done') = (done_at is not null))
);
comment on table public.resolution_actions is 'An action item of a resolution with its owner and deadline.';
comment on column public.resolution_actions.status is
  'in_progress → reported (the owner''s 100%) → done (staff accepted; done_at set), or back to in_progress with return_reason.';
alter table public.resolution_actions enable row level security;

create table public.action_progress (
  id bigint generated always as identity primary key,
  action_id uuid not null references public.resolution_actions(id) on delete cascade,
  author_id uuid not null references public.profiles(id),
  note text not null check (char_length(note) between 1 and 500),
  percent int not null check (percent between 0 and 100),
  created_at timestamptz not null default now()
);
comment on table public.action_progress is '跟进: progress posted by the owner of an action.';
alter table public.action_progress enable row level security;

create table public.resolution_supervisions (
  id bigint generated always as identity primary key,
  resolution_id uuid not null references public.resolutions(id) on delete cascade,
  author_id uuid not null references public.profiles(id),
  note text not null check (char_length(note) between 1 and 500),
  created_at timestamptz not null default now()
);
comment on table public.resolution_supervisions is '督查: supervision notes by staff or resident representatives.';
alter table public.resolution_supervisions enable row level security;

create table public.resolution_ratings (
  resolution_id uuid not null references public.resolutions(id) on delete cascade,
  profile_id uuid not null references public.profiles(id),
  rating smallint not null check (rating between 1 and 5),
  comment text check (char_length(comment) <= 500),
  created_at timestamptz not null default now(),
  primary key (resolution_id, profile_id)
);
comment on table public.resolution_ratings is '评价: each resident of the community rates a completed resolution once.';
alter table public.resolution_ratings enable row level security;

----------------------------------------------------------------------------------------------------
-- Table grants
----------------------------------------------------------------------------------------------------
do $$
declare
  t text;
begin
  foreach t in array array['community_deliberation_settings', 'topics', 'topic_cosigns', 'meetings', 'meeting_topics',
    'meeting_registrations', 'meeting_comments', 'motions', 'motion_options', 'votes', 'resolutions', 'resolution_actions',
    'action_progress', 'resolution_supervisions', 'resolution_ratings'] loop
    execute format('revoke all on public.%I from anon, authenticated', t);
    execute format('grant select on public.%I to authenticated', t);
    execute format('grant all on public.%I to service_role', t);
  end loop;
end
$$;

----------------------------------------------------------------------------------------------------
-- Policies
----------------------------------------------------------------------------------------------------
create policy community_deliberation_settings_select on public.community_deliberation_settings for select to authenticated
  using (community_id = any ((select app.my_community_ids())::uuid[]));

create policy topics_select on public.topics for select to authenticated
  using (proposer_id = (select auth.uid()) or community_id = any ((select app.my_community_ids())::uuid[]));

create policy topic_cosigns_select on public.topic_cosigns for select to authenticated using (profile_id = (select auth.uid()));

create policy meetings_select on public.meetings for select to authenticated
  using (community_id = any ((select app.my_staff_community_ids())::uuid[]));

create policy meeting_topics_select on public.meeting_topics for select to authenticated
  using (exists (select 1 from public.meetings m where m.id = meeting_topics.meeting_id));

create policy meeting_registrations_select on public.meeting_registrations for select to authenticated
  using (profile_id = (select auth.uid()) or exists (select 1 from public.meetings m where m.id = meeting_id and app.is_staff_of(m.community_id)));

create policy meeting_comments_select on public.meeting_comments for select to authenticated
  using (author_id = (select auth.uid())
    or exists (select 1 from public.meetings m where m.id = meeting_comments.meeting_id));

create policy motions_select on public.motions for select to authenticated
  using (exists (select 1 from public.meetings m where m.id = motions.meeting_id));

create policy motion_options_select on public.motion_options for select to authenticated
  using (exists (select 1 from public.motions x where x.id = motion_options.motion_id));

create policy votes_select on public.votes for select to authenticated using (profile_id = (select auth.uid()));

create policy resolutions_select on public.resolutions for select to authenticated
  using (community_id = any ((select app.my_community_ids())::uuid[]));

create policy resolution_actions_select on public.resolution_actions for select to authenticated
  using (owner_id = (select auth.uid())
    or exists (select 1 from public.resolutions r where r.id = resolution_actions.resolution_id));

create policy action_progress_select on public.action_progress for select to authenticated
  using (exists (select 1 from public.resolution_actions a where a.id = action_progress.action_id));

create policy resolution_supervisions_select on public.resolution_supervisions for select to authenticated
  using (exists (select 1 from public.resolutions r where r.id = resolution_supervisions.resolution_id));

create policy resolution_ratings_select on public.resolution_ratings for select to authenticated using (profile_id = (select auth.uid()));

----------------------------------------------------------------------------------------------------
-- Read functions
----------------------------------------------------------------------------------------------------
create or replace function app.topic_cosigned(p_topic uuid) returns boolean
language sql stable
as $$ select exists (select 1 from public.topic_cosigns c where c.topic_id = p_topic and c.profile_id = auth.uid()) $$;
grant execute on function app.topic_cosigned(uuid) to authenticated;

create or replace function app.delib_need_refs(p_ids uuid[]) returns table (id uuid, ref_no text, visible boolean)
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return query
    select n.id, n.ref_no, app.need_visible(n)
    from public.needs n
    where n.id = any (p_ids)
      and exists (select 1 from public.topics t where t.need_id = n.id and t.community_id = any (app.my_community_ids()));
end
$$;
grant execute on function app.delib_need_refs(uuid[]) to authenticated;
comment on function app.delib_need_refs(uuid[]) is 'security definer: a topic names the need it came from by 受理编号, a need its readers may not read (topics of the caller''s communities only).';

create or replace function app.topic_json(t public.topics) returns jsonb
language sql stable
as $$
  select jsonb_build_object('id', t.id, 'communityId', t.community_id, 'title', t.title, 'description', t.description,
    'proposerName', app.profile_name(t.proposer_id), 'needId', t.need_id,
    'needRefNo', nr.ref_no, 'needVisible', coalesce(nr.visible, false),
    'status', t.status, 'cosigns', t.cosign_count, 'threshold', t.threshold,
    'cosigned', app.topic_cosigned(t.id),
    'createdAt', app.iso(t.created_at))
  from (select 1) one
  left join app.delib_need_refs(case when t.need_id is null then '{}'::uuid[] else array[t.need_id] end) nr on true
$$;
grant execute on function app.topic_json(public.topics) to authenticated;

-- abstentions by flag
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
grant execute on function app.motion_tally(uuid) to authenticated;

create or replace function app.motion_decide(p_quorum int, p_threshold public.motion_threshold, p_cast int, p_counted int, p_yes int)
returns text
language sql immutable
as $$
  select case
    when p_cast < p_quorum then 'no_quorum'
    when p_threshold = 'majority' and p_yes * 2 > p_counted then 'passed'
    when p_threshold = 'two_thirds' and p_yes * 3 >= p_counted * 2 and p_counted > 0 then 'passed'
    else 'failed' end
$$;
grant execute on function app.motion_decide(int, public.motion_threshold, int, int, int) to authenticated;

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
grant execute on function app.motion_json(public.motions) to authenticated;

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
grant execute on function app.meeting_json(public.meetings, boolean) to authenticated;

create or replace function app.resolution_json(r public.resolutions) returns jsonb
language sql stable
as $$
  select jsonb_build_object('id', r.id, 'motionId', r.motion_id, 'meetingId', r.meeting_id, 'communityId', r.community_id,
    'title', r.title, 'needId', r.need_id,
    'needRefNo', (select nr.ref_no from app.delib_need_refs(array[r.need_id]) nr),
    'needVisible', coalesce((select nr.visible from app.delib_need_refs(array[r.need_id]) nr), false), 'status', r.status, 'createdAt', app.iso(r.created_at), 'completedAt', app.iso(r.completed_at),
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
grant execute on function app.resolution_json(public.resolutions) to authenticated;

create or replace function public.topics_list(p_community_id uuid default null, p_cursor text default null, p_limit int default 20)
returns jsonb
language plpgsql stable security invoker
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  v_community uuid := coalesce(p_community_id, (select p.community_id from public.profiles p where p.id = v_uid));
  v_limit int := least(greatest(coalesce(p_limit, 20), 1), 50);
  v_key jsonb := app.cursor_decode(p_cursor, 4);
  -- above every row: the first page
  v_ready boolean := true;
  v_cosigns int := 2147483647;
  v_at timestamptz := 'infinity';
  v_id uuid := 'ffffffff-ffff-ffff-ffff-ffffffffffff';
  v_result jsonb;
begin
  if v_key is not null then
    if app.cursor_bigint(v_key, 0) not in (0, 1) then
      perform app.fail('list.cursor_invalid', 'cursor');
    end if;
    v_ready := app.cursor_bigint(v_key, 0) = 1;
    v_cosigns := app.cursor_bigint(v_key, 1);
    v_at := app.cursor_ts(v_key, 2);
    v_id := app.cursor_uuid(v_key, 3);
  end if;
  with page as (
    select t.*, row_number() over (order by (t.status = 'ready') desc, t.cosign_count desc, t.created_at desc, t.id desc) as n
    from (
      select t.* from public.topics t
      where t.community_id = v_community
        and ((t.status = 'ready'), t.cosign_count, t.created_at, t.id) < (v_ready, v_cosigns, v_at, v_id)
      order by (t.status = 'ready') desc, t.cosign_count desc, t.created_at desc, t.id desc
      limit v_limit + 1
    ) t
  )
  select jsonb_build_object(
    'items', coalesce(jsonb_agg(jsonb_build_object('id', x.id, 'communityId', x.community_id, 'title', x.title,
        'description', x.description, 'proposerName', coalesce(pr.display_name, ''), 'needId', x.need_id,
        'needRefNo', nr.ref_no, 'needVisible', coalesce(nr.visible, false),
        'status', x.status, 'cosigns', x.cosign_count, 'threshold', x.threshold, 'cosigned', c.topic_id is not null,
        'createdAt', app.iso(x.created_at)) order by x.n) filter (where x.n <= v_limit), '[]'::jsonb),
    'nextCursor', case when count(*) > v_limit then app.cursor_encode((array_agg(jsonb_build_array(
        (x.status = 'ready')::int, x.cosign_count, app.iso(x.created_at), x.id)) filter (where x.n = v_limit))[1]) end)
    into v_result
  from page x
  left join app.display_names(array(select p.proposer_id from page p)) pr on pr.id = x.proposer_id
  left join public.topic_cosigns c on c.topic_id = x.id and c.profile_id = v_uid
  left join app.delib_need_refs(array(select p.need_id from page p where p.need_id is not null)) nr on nr.id = x.need_id;
  return v_result;
end
$$;
grant execute on function public.topics_list(uuid, text, int) to authenticated;

-- 议事会 the agenda's topics + needRefNo, needVisible
create or replace function public.meetings_list(p_community_id uuid default null, p_cursor text default null, p_limit int default 20)
returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  v_community uuid := coalesce(p_community_id, (select p.community_id from public.profiles p where p.id = v_uid));
  v_limit int := least(greatest(coalesce(p_limit, 20), 1), 50);
  v_key jsonb := app.cursor_decode(p_cursor, 2);
  v_at timestamptz := 'infinity';
  v_id uuid := 'ffffffff-ffff-ffff-ffff-ffffffffffff';
  v_staff boolean;
  v_result jsonb;
begin
  if v_key is not null then
    v_at := app.cursor_ts(v_key, 0);
    v_id := app.cursor_uuid(v_key, 1);
  end if;
  if v_community is null or not (v_community = any (app.my_community_ids())) then
    return jsonb_build_object('items', '[]'::jsonb, 'nextCursor', null);
  end if;
  v_staff := v_community = any (app.my_staff_community_ids());
  with page as (
    select m.*, row_number() over (order by m.starts_at desc, m.id desc) as n
    from (
      select m.* from public.meetings m
      where m.community_id = v_community and m.status <> 'cancelled' and (m.starts_at, m.id) < (v_at, v_id)
      order by m.starts_at desc, m.id desc
      limit v_limit + 1
    ) m
  ),
  -- the waiting line of each meeting, and the caller's place in it
  line as (
    select q.meeting_id, count(*)::int as waitlisted,
           count(*) filter (where q.queued_at < me.queued_at)::int + 1 as my_position
    from page p
    join public.meeting_registrations q on q.meeting_id = p.id and q.status = 'waitlisted'
    left join public.meeting_registrations me on me.meeting_id = p.id and me.profile_id = v_uid and me.status = 'waitlisted'
    group by q.meeting_id
  ),
  agenda as (
    select mt.meeting_id, jsonb_agg(jsonb_build_object('id', t.id, 'communityId', t.community_id, 'title', t.title,
        'description', t.description, 'proposerName', coalesce(pr.display_name, ''), 'needId', t.need_id,
        'needRefNo', nd.ref_no, 'needVisible', nd.id is not null and app.need_visible(nd),
        'status', t.status, 'cosigns', t.cosign_count, 'threshold', t.threshold, 'cosigned', c.topic_id is not null,
        'createdAt', app.iso(t.created_at)) order by mt.position) as topics
    from page p
    join public.meeting_topics mt on mt.meeting_id = p.id
    join public.topics t on t.id = mt.topic_id
    left join public.profiles pr on pr.id = t.proposer_id
    left join public.topic_cosigns c on c.topic_id = t.id and c.profile_id = v_uid
    left join public.needs nd on nd.id = t.need_id
    where p.n <= v_limit
    group by mt.meeting_id
  )
  select jsonb_build_object(
    'items', coalesce(jsonb_agg(jsonb_build_object('id', x.id, 'communityId', x.community_id, 'title', x.title,
        'form', x.form, 'startsAt', app.iso(x.starts_at), 'endsAt', app.iso(x.ends_at), 'place', x.place,
        'capacity', x.capacity, 'registered', x.registered, 'waitlisted', coalesce(l.waitlisted, 0),
        'status', x.status, 'minutes', x.minutes,
        'checkInCode', case when v_staff then x.check_in_code end,
        'myStatus', r.status,
        'myWaitlistPosition', case when r.status = 'waitlisted' then l.my_position end,
        'checkedIn', r.checked_in_at is not null,
        'agenda', coalesce(a.topics, '[]'::jsonb),
        'createdAt', app.iso(x.created_at)) order by x.n) filter (where x.n <= v_limit), '[]'::jsonb),
    'nextCursor', case when count(*) > v_limit then app.cursor_encode((array_agg(jsonb_build_array(
        app.iso(x.starts_at), x.id)) filter (where x.n = v_limit))[1]) end)
    into v_result
  from page x
  left join line l on l.meeting_id = x.id
  left join agenda a on a.meeting_id = x.id
  left join public.meeting_registrations r on r.meeting_id = x.id and r.profile_id = v_uid;
  return v_result;
end
$$;
grant execute on function public.meetings_list(uuid, text, int) to authenticated;
comment on function public.meetings_list(uuid, text, int) is 'security definer: members see their community''s meetings without the staff-only check-in code (checked inside).';

-- A meeting is read by the members of its community (and staff and street admins), by nobody else: before this,
-- anyone logged in could read any community's meeting with its comments and motions.
create or replace function public.meeting_get(p_id uuid) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
declare
  m public.meetings;
begin
  perform app.require_uid();
  select * into m from public.meetings where id = p_id;
  if m.id is null or not (m.community_id = any (app.my_community_ids())) then
    perform app.fail('meeting.not_found');
  end if;
  return app.meeting_json(m, true);
end
$$;
grant execute on function public.meeting_get(uuid) to authenticated;
comment on function public.meeting_get(uuid) is 'security definer: members see a meeting of their community without its staff-only check-in code (checked inside).';

-- A resolution shows its tally and its residents' average rating: counts over votes and ratings each person may
-- read only for themself. It is read by the members of its community, by nobody else.
create or replace function public.resolution_get(p_id uuid) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
declare
  r public.resolutions;
begin
  perform app.require_uid();
  select * into r from public.resolutions where id = p_id;
  if r.id is null or not (r.community_id = any (app.my_community_ids())) then
    perform app.fail('resolution.not_found');
  end if;
  return app.resolution_json(r);
end
$$;
grant execute on function public.resolution_get(uuid) to authenticated;
comment on function public.resolution_get(uuid) is 'security definer: a resolution shows vote and rating counts over rows each person reads only for themself (community checked inside).';

-- Coverage: communities of the street with a meeting in the quarter; conversion: completed / passed resolutions.
create or replace function public.deliberation_metrics(p_street_id uuid, p_quarter_start date) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
declare
  v_end date := (p_quarter_start + interval '3 months')::date;
begin
  if not exists (select 1 from public.communities c where c.street_id = p_street_id and app.is_staff_of(c.id)) then
    perform app.fail('auth.forbidden');
  end if;
  return (
    with cs as (
      select c.id, c.name, exists (select 1 from public.meetings m where m.community_id = c.id and m.status = 'held'
        and m.starts_at >= p_quarter_start and m.starts_at < v_end) as covered
      from public.communities c where c.street_id = p_street_id
    ), rs as (
      select r.id, r.title, r.status, c.name as community from public.resolutions r join public.communities c on c.id = r.community_id
      where c.street_id = p_street_id and r.created_at >= p_quarter_start and r.created_at < v_end
    )
    select jsonb_build_object(
      'streetId', p_street_id, 'quarterStart', p_quarter_start,
      'coverage', jsonb_build_object('covered', (select count(*) filter (where covered) from cs), 'communities', (select count(*) from cs),
        'rate', round(coalesce((select count(*) filter (where covered)::numeric / nullif(count(*), 0) from cs), 0), 3),
        'list', coalesce((select jsonb_agg(jsonb_build_object('communityId', id, 'name', name, 'covered', covered) order by name) from cs), '[]'::jsonb)),
      'conversion', jsonb_build_object('completed', (select count(*) filter (where status = 'completed') from rs), 'passed', (select count(*) from rs),
        'rate', round(coalesce((select count(*) filter (where status = 'completed')::numeric / nullif(count(*), 0) from rs), 0), 3),
        'list', coalesce((select jsonb_agg(jsonb_build_object('resolutionId', id, 'title', title, 'status', status, 'community', community) order by title) from rs), '[]'::jsonb)))
  );
end
$$;
grant execute on function public.deliberation_metrics(uuid, date) to authenticated;
comment on function public.deliberation_metrics(uuid, date) is 'security definer: aggregate counts over rows the reader may not see one by one (scope checked inside).';

-- A topic residents raised goes on a meeting only with enough co-signatures (the community's threshold now, or it
-- became ready under an earlier one); a topic staff made from a 大家事 need is exempt.
create or replace function app.topic_schedulable(t public.topics) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select t.need_id is not null or t.status <> 'collecting'
      or t.cosign_count >= coalesce((select s.cosign_threshold from public.community_deliberation_settings s where s.community_id = t.community_id), t.threshold)
$$;
grant execute on function app.topic_schedulable(public.topics) to authenticated;

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
grant execute on function app.meeting_end(timestamptz, timestamptz) to authenticated;

----------------------------------------------------------------------------------------------------
-- Write functions
----------------------------------------------------------------------------------------------------
create or replace function public.topic_create(p_title text, p_description text default null, p_need_id uuid default null) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  v_community uuid := (select community_id from public.profiles where id = v_uid);
  n public.needs;
  t public.topics;
begin
  if v_community is null then
    perform app.fail('need.no_community');
  end if;
  if p_need_id is not null then
    -- staff turn a shared-track need (大家事) into a topic; the need moves to in_deliberation
    select * into n from public.needs where id = p_need_id for update;
    if n.id is null or n.community_id <> v_community or not app.is_staff_of(v_community) then
      perform app.fail('need.not_found', 'needId');
    end if;
    if n.track is distinct from 'shared' or n.status not in ('triaged', 'in_progress') then
      perform app.fail('topic.need_not_shared', 'needId');
    end if;
  elsif not app.is_resident_of(v_community) and not app.is_staff_of(v_community) then
    perform app.fail('auth.forbidden');
  end if;
  insert into public.topics (community_id, title, description, proposer_id, need_id, threshold)
  values (v_community, btrim(p_title), coalesce(btrim(p_description), ''), v_uid, p_need_id,
          (select s.cosign_threshold from public.community_deliberation_settings s where s.community_id = v_community))
  returning * into t;
  if n.id is not null then
    perform app.need_apply(n.id, 'in_deliberation', array['staff']::public.need_actor[], v_uid, '转为议题：' || t.title);
  end if;
  return app.topic_json(t);
end
$$;
grant execute on function public.topic_create(text, text, uuid) to authenticated;

create or replace function public.topic_cosign(p_id uuid) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  t public.topics;
  v_added int;
begin
  select * into t from public.topics where id = p_id for update;
  if t.id is null or not app.is_resident_of(t.community_id) then
    perform app.fail('topic.not_found');
  end if;
  if t.proposer_id = v_uid then
    perform app.fail('topic.cosign_own');
  end if;
  insert into public.topic_cosigns (topic_id, profile_id) values (p_id, v_uid) on conflict do nothing;
  get diagnostics v_added = row_count;
  update public.topics set cosign_count = cosign_count + v_added,
    status = case when status = 'collecting' and cosign_count + v_added >= threshold then 'ready' else status end
  where id = p_id returning * into t;
  return app.topic_json(t);
end
$$;
grant execute on function public.topic_cosign(uuid) to authenticated;

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

-- Registration: a seat while there is room (the meeting row lock keeps `registered` ≤ capacity), else the waitlist.
create or replace function public.meeting_register(p_id uuid, p_seat text default null) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  m public.meetings;
  v_status text;
begin
  select * into m from public.meetings where id = p_id for update;
  if m.id is null or not exists (select 1 from public.profiles p where p.id = v_uid and p.community_id = m.community_id) then
    perform app.fail('meeting.not_found');
  end if;
  -- people may still sign up at the venue while the meeting runs
  if m.status = 'cancelled' or m.starts_at < now() - interval '3 hours' then
    perform app.fail('meeting.closed');
  end if;
  select status into v_status from public.meeting_registrations where meeting_id = p_id and profile_id = v_uid;
  if v_status in ('registered', 'waitlisted') then
    return app.meeting_json(m, false);
  end if;
  v_status := case when m.registered < m.capacity then 'registered' else 'waitlisted' end;
  insert into public.meeting_registrations (meeting_id, profile_id, status, seat)
  values (p_id, v_uid, v_status, p_seat)
  on conflict (meeting_id, profile_id) do update set status = excluded.status, seat = excluded.seat, queued_at = clock_timestamp();
  if v_status = 'registered' then
    update public.meetings set registered = registered + 1 where id = p_id returning * into m;
  end if;
  return app.meeting_json(m, false);
end
$$;
grant execute on function public.meeting_register(uuid, text) to authenticated;

create or replace function public.meeting_withdraw(p_id uuid) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  m public.meetings;
  v_status text;
  v_next uuid;
begin
  select * into m from public.meetings where id = p_id for update;
  select status into v_status from public.meeting_registrations where meeting_id = p_id and profile_id = v_uid;
  if m.id is null or v_status is null or v_status = 'withdrawn' then
    perform app.fail('meeting.not_registered');
  end if;
  update public.meeting_registrations set status = 'withdrawn' where meeting_id = p_id and profile_id = v_uid;
  if v_status = 'registered' then
    -- the first in line takes the freed seat
    select profile_id into v_next from public.meeting_registrations
    where meeting_id = p_id and status = 'waitlisted' order by queued_at limit 1 for update;
    if v_next is not null then
      update public.meeting_registrations set status = 'registered' where meeting_id = p_id and profile_id = v_next;
      insert into public.notifications (profile_id, kind, payload)
      values (v_next, 'meeting.promoted', jsonb_build_object('meetingId', p_id, 'title', m.title, 'at', app.iso(m.starts_at)));
    else
      update public.meetings set registered = registered - 1 where id = p_id;
    end if;
  end if;
  select * into m from public.meetings where id = p_id;
  return app.meeting_json(m, false);
end
$$;
grant execute on function public.meeting_withdraw(uuid) to authenticated;

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

create or replace function public.meeting_comment(p_id uuid, p_body text) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  m public.meetings;
  c public.meeting_comments;
begin
  select * into m from public.meetings where id = p_id;
  if m.id is null or not exists (select 1 from public.profiles p where p.id = v_uid and p.community_id = m.community_id) then
    perform app.fail('meeting.not_found');
  end if;
  insert into public.meeting_comments (meeting_id, author_id, body) values (p_id, v_uid, btrim(p_body)) returning * into c;
  return jsonb_build_object('id', c.id, 'authorName', (select display_name from public.profiles where id = v_uid), 'body', c.body,
    'hidden', c.hidden, 'at', app.iso(c.created_at));
end
$$;
grant execute on function public.meeting_comment(uuid, text) to authenticated;

create or replace function public.meeting_comment_hide(p_comment_id bigint, p_hidden boolean) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  c public.meeting_comments;
begin
  select * into c from public.meeting_comments where id = p_comment_id;
  if c.id is null or not app.is_staff_of((select m.community_id from public.meetings m where m.id = c.meeting_id)) then
    perform app.fail('auth.forbidden');
  end if;
  update public.meeting_comments set hidden = p_hidden where id = p_comment_id returning * into c;
  return jsonb_build_object('id', c.id, 'hidden', c.hidden);
end
$$;
grant execute on function public.meeting_comment_hide(bigint, boolean) to authenticated;

create or replace function public.meeting_minutes(p_id uuid, p_minutes text) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  m public.meetings;
begin
  select * into m from public.meetings where id = p_id for update;
  if m.id is null or not app.is_staff_of(m.community_id) then
    perform app.fail('auth.forbidden');
  end if;
  update public.meetings set minutes = btrim(p_minutes), status = 'held' where id = p_id returning * into m;
  return app.meeting_json(m, true);
end
$$;
grant execute on function public.meeting_minutes(uuid, text) to authenticated;

-- an option is a label, or {"label": ..., "abstain": true|false}
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
grant execute on function public.motion_create(uuid, text, jsonb, public.motion_voters, int, public.motion_threshold, timestamptz, boolean) to authenticated;

-- `for share` conflicts with motion_close's `for update`, so a vote either
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

-- Closing tallies in SQL and decides; a passed motion becomes a resolution (linked to the agenda's need, if any).
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
grant execute on function public.motion_close(uuid) to authenticated;

create or replace function public.resolution_action_add(p_id uuid, p_title text, p_owner_id uuid, p_due_at timestamptz) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  r public.resolutions;
begin
  select * into r from public.resolutions where id = p_id for update;
  if r.id is null or not app.is_staff_of(r.community_id) then
    perform app.fail('auth.forbidden');
  end if;
  if not exists (select 1 from public.profiles p where p.id = p_owner_id and p.community_id = r.community_id)
     and not exists (select 1 from public.profile_roles x where x.profile_id = p_owner_id and x.community_id = r.community_id) then
    perform app.fail('resolution.owner_invalid', 'ownerId');
  end if;
  insert into public.resolution_actions (resolution_id, title, owner_id, due_at) values (p_id, btrim(p_title), p_owner_id, p_due_at);
  update public.resolutions set status = 'in_progress', completed_at = null where id = p_id returning * into r;
  return app.resolution_json(r);
end
$$;
grant execute on function public.resolution_action_add(uuid, text, uuid, timestamptz) to authenticated;

-- 跟进: only the action's owner posts progress; when every action is done the resolution completes and its need resolves.
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

create or replace function public.resolution_supervise(p_id uuid, p_note text) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  r public.resolutions;
begin
  select * into r from public.resolutions where id = p_id;
  -- staff, or a resident representative: someone who checked in at the meeting that passed it
  if r.id is null or not (app.is_staff_of(r.community_id) or exists (select 1 from public.meeting_registrations x
      where x.meeting_id = r.meeting_id and x.profile_id = v_uid and x.checked_in_at is not null)) then
    perform app.fail('auth.forbidden');
  end if;
  insert into public.resolution_supervisions (resolution_id, author_id, note) values (p_id, v_uid, btrim(p_note));
  return app.resolution_json(r);
end
$$;
grant execute on function public.resolution_supervise(uuid, text) to authenticated;

create or replace function public.resolution_evaluate(p_id uuid, p_rating int, p_comment text default null) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  r public.resolutions;
begin
  select * into r from public.resolutions where id = p_id;
  if r.id is null or not app.is_resident_of(r.community_id) then
    perform app.fail('resolution.not_found');
  end if;
  if r.status <> 'completed' then
    perform app.fail('resolution.not_completed');
  end if;
  if p_rating is null or p_rating not between 1 and 5 then
    perform app.fail('need.rating_invalid', 'rating');
  end if;
  begin
    insert into public.resolution_ratings (resolution_id, profile_id, rating, comment) values (p_id, v_uid, p_rating, nullif(btrim(coalesce(p_comment, '')), ''));
  exception when unique_violation then
    perform app.fail('resolution.already_rated');
  end;
  return app.resolution_json(r);
end
$$;
grant execute on function public.resolution_evaluate(uuid, int, text) to authenticated;

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

----------------------------------------------------------------------------------------------------
-- Triggers
----------------------------------------------------------------------------------------------------
create trigger communities_deliberation_defaults after insert on public.communities
  for each row execute function app.community_settings_row('community_deliberation_settings');

create trigger meetings_default_end before insert on public.meetings
  for each row execute function app.meeting_default_end();

create trigger resolution_actions_default_status before insert on public.resolution_actions
  for each row execute function app.resolution_action_default_status();

----------------------------------------------------------------------------------------------------
-- Reference data
----------------------------------------------------------------------------------------------------
-- The loop of a need follows its resolution.
insert into public.need_status_edges (from_status, to_status, actor, reason_required) values
  ('triaged', 'in_deliberation', 'system', false),
  ('in_deliberation', 'resolved', 'system', false);
