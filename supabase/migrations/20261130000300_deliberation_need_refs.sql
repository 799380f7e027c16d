-- Issue 15, one story per need (deliberation's side): a topic that came from a need (a 大家事 staff turned into a
-- topic), the meetings that put it on their agenda and the resolution voted on it name that need by its 受理编号
-- (needs.ref_no), never by its id: every topic JSON and every resolution JSON gains
--   needRefNo   the need's 受理编号, or null when the topic did not come from a need;
--   needVisible whether the reader may open the need itself (app.need_visible: its owner, the staff and workers who
--               handle it, its followers, its department), so the page links to it only then and shows the number
--               as plain text to everyone else.
-- The number is no personal data, but needs are not readable by the community (needs_select), so the invoker list
-- (topics_list) reads it through a definer helper that answers only for needs some topic of the caller's own
-- communities came from. The other builders already run inside definer functions (meeting_get, the writes).

----------------------------------------------------------------------------------------------------
-- The 受理编号 of the needs topics came from, for one page of topics at a time
----------------------------------------------------------------------------------------------------
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
revoke execute on function app.delib_need_refs(uuid[]) from public, anon;
grant execute on function app.delib_need_refs(uuid[]) to authenticated;
comment on function app.delib_need_refs(uuid[]) is
  'security definer: a topic names the need it came from by 受理编号, a need its readers may not read (topics of the caller''s communities only).';

----------------------------------------------------------------------------------------------------
-- One topic (create, co-sign, a meeting's agenda): (from 20261122000710_inline_builders.sql) + needRefNo, needVisible
----------------------------------------------------------------------------------------------------
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

----------------------------------------------------------------------------------------------------
-- 议题 (from 20261129002200_deliberation_service_info_lists.sql) + needRefNo, needVisible
----------------------------------------------------------------------------------------------------
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
revoke execute on function public.topics_list(uuid, text, int) from public, anon;
grant execute on function public.topics_list(uuid, text, int) to authenticated;

----------------------------------------------------------------------------------------------------

----------------------------------------------------------------------------------------------------
-- 议事会 (from 20261129002200_deliberation_service_info_lists.sql): the agenda's topics + needRefNo, needVisible
----------------------------------------------------------------------------------------------------
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
revoke execute on function public.meetings_list(uuid, text, int) from public, anon;
grant execute on function public.meetings_list(uuid, text, int) to authenticated;
comment on function public.meetings_list is
  'security definer: members see their community''s meetings without the staff-only check-in code (checked inside).';

----------------------------------------------------------------------------------------------------
-- 决议 (from 20261129000100_deliberation_integrity.sql) + needRefNo, needVisible
----------------------------------------------------------------------------------------------------
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
