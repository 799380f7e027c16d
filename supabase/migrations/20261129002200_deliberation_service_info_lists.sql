-- District scale for the deliberation, services and information lists (issue 14).
--
-- Every list here returns one keyset page (at most 50 rows, default 20) and an opaque `nextCursor`; a cursor that does
-- not decode, or whose parts do not cast, is refused naming `cursor` (app.cursor_decode and friends). Each page is
-- found by an index that already holds the list's order, so a call reads the page and one row more whatever the
-- size of the district, and the JSON of the page is built set-based: the names, counts and the caller's own marks
-- come from joins over the page, not from a function or a sub-select run once per row.
--
-- The sort key of each list ends in the row's id, so rows that tie on everything else (same score, same minute) are
-- told apart and a page boundary inside a tie never repeats or skips a row. With no cursor the key starts above
-- every row (a sentinel), so the first page and the next use one plan and the index condition, never an OR.
--
-- Who sees what is unchanged: the invoker functions still read through the policies (two of which now read the
-- caller's scope once per statement, as issue 13's do, instead of calling a function for every row), and the
-- definer projections (meetings_list, services_list, audit_list, departments_list) check their caller as before.

----------------------------------------------------------------------------------------------------
-- Indexes: each list's filter and order, newest (or highest) first
----------------------------------------------------------------------------------------------------
-- 议题: ready topics first, then by co-signatures, then newest
create index if not exists topics_community_page_idx
  on public.topics (community_id, (status = 'ready'), cosign_count, created_at, id);
-- 议事会: by start, cancelled ones never listed
create index if not exists meetings_community_page_idx
  on public.meetings (community_id, starts_at, id) where status <> 'cancelled';
-- the agenda of a page of meetings
create index if not exists meeting_topics_meeting_idx on public.meeting_topics (meeting_id, position);
-- 匹配建议: the open proposals of a community by score
create index if not exists match_proposals_open_page_idx
  on public.match_proposals (community_id, score, id) where status = 'open';

----------------------------------------------------------------------------------------------------
-- Policies that called a function for every row they were asked about now read the caller's scope once per
-- statement (an InitPlan), as the policies of issue 13 do. Same rows: `app.is_staff_of(c)` is `c` among the
-- caller's staff communities (staff or admin role, which a street admin holds in each community of the street).
----------------------------------------------------------------------------------------------------
drop policy if exists match_proposals_select on public.match_proposals;
create policy match_proposals_select on public.match_proposals for select to authenticated
  using (community_id = any ((select app.my_staff_community_ids())::uuid[]));

----------------------------------------------------------------------------------------------------
-- Names beside what people did
----------------------------------------------------------------------------------------------------
/**
 * The display names of the given people, for one page of a list at a time: a list shows who proposed a topic,
 * published a resource, wrote a notice or made an invitation, and that person may live in another community (a street
 * admin, a provider serving the community) whose members the reader cannot read (profiles_select). Names only.
 */
-- plpgsql rather than sql: a definer sql function is planned again on every call, a plpgsql one once per session
create or replace function app.display_names(p_ids uuid[]) returns table (id uuid, display_name text)
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return query select p.id, p.display_name from public.profiles p where p.id = any (p_ids);
end
$$;
revoke execute on function app.display_names(uuid[]) from public, anon;
grant execute on function app.display_names(uuid[]) to authenticated;

----------------------------------------------------------------------------------------------------
-- 议题 (topics_list): invoker; topics are public within their community (topics_select)
----------------------------------------------------------------------------------------------------
drop function if exists public.topics_list(uuid);
create function public.topics_list(p_community_id uuid default null, p_cursor text default null, p_limit int default 20)
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
        'status', x.status, 'cosigns', x.cosign_count, 'threshold', x.threshold, 'cosigned', c.topic_id is not null,
        'createdAt', app.iso(x.created_at)) order by x.n) filter (where x.n <= v_limit), '[]'::jsonb),
    'nextCursor', case when count(*) > v_limit then app.cursor_encode((array_agg(jsonb_build_array(
        (x.status = 'ready')::int, x.cosign_count, app.iso(x.created_at), x.id)) filter (where x.n = v_limit))[1]) end)
    into v_result
  from page x
  left join app.display_names(array(select p.proposer_id from page p)) pr on pr.id = x.proposer_id
  left join public.topic_cosigns c on c.topic_id = x.id and c.profile_id = v_uid;
  return v_result;
end
$$;
revoke execute on function public.topics_list(uuid, text, int) from public, anon;
grant execute on function public.topics_list(uuid, text, int) to authenticated;

----------------------------------------------------------------------------------------------------
-- 议事会 (meetings_list): definer projection, as before (no check-in code for residents; community checked inside)
----------------------------------------------------------------------------------------------------
drop function if exists public.meetings_list(uuid);
create function public.meetings_list(p_community_id uuid default null, p_cursor text default null, p_limit int default 20)
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
        'status', t.status, 'cosigns', t.cosign_count, 'threshold', t.threshold, 'cosigned', c.topic_id is not null,
        'createdAt', app.iso(t.created_at)) order by mt.position) as topics
    from page p
    join public.meeting_topics mt on mt.meeting_id = p.id
    join public.topics t on t.id = mt.topic_id
    left join public.profiles pr on pr.id = t.proposer_id
    left join public.topic_cosigns c on c.topic_id = t.id and c.profile_id = v_uid
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
-- 匹配建议 (matching_proposals): invoker, staff of the community only; highest score first, ties by id
----------------------------------------------------------------------------------------------------
drop function if exists public.matching_proposals(uuid);
create function public.matching_proposals(p_community_id uuid, p_cursor text default null, p_limit int default 20)
returns jsonb
language plpgsql stable security invoker
set search_path = ''
as $$
declare
  v_limit int := least(greatest(coalesce(p_limit, 20), 1), 50);
  v_key jsonb := app.cursor_decode(p_cursor, 2);
  v_score int := 2147483647;
  v_id uuid := 'ffffffff-ffff-ffff-ffff-ffffffffffff';
  v_result jsonb;
begin
  perform app.require_uid();
  if not (p_community_id = any (app.my_staff_community_ids())) then
    perform app.fail('auth.forbidden');
  end if;
  if v_key is not null then
    v_score := app.cursor_bigint(v_key, 0);
    v_id := app.cursor_uuid(v_key, 1);
  end if;
  with page as (
    select mp.*, row_number() over (order by mp.score desc, mp.id desc) as n
    from (
      select mp.* from public.match_proposals mp
      where mp.community_id = p_community_id and mp.status = 'open' and (mp.score, mp.id) < (v_score, v_id)
      order by mp.score desc, mp.id desc
      limit v_limit + 1
    ) mp
  )
  select jsonb_build_object(
    'items', coalesce(jsonb_agg(jsonb_build_object(
        'id', x.id, 'runId', x.run_id, 'needId', x.need_id, 'needTitle', n.title, 'needCategory', n.category,
        'resourceId', x.resource_id, 'resourceTitle', r.title, 'publisherName', coalesce(pr.display_name, ''),
        'score', x.score, 'reasons', to_jsonb(x.reasons), 'status', x.status) order by x.n) filter (where x.n <= v_limit), '[]'::jsonb),
    'nextCursor', case when count(*) > v_limit then app.cursor_encode((array_agg(jsonb_build_array(x.score, x.id))
        filter (where x.n = v_limit))[1]) end)
    into v_result
  from page x
  left join public.needs n on n.id = x.need_id
  left join public.resources r on r.id = x.resource_id
  left join app.display_names(array(select r2.publisher_id from page p join public.resources r2 on r2.id = p.resource_id)) pr
    on pr.id = r.publisher_id;
  return v_result;
end
$$;
revoke execute on function public.matching_proposals(uuid, text, int) from public, anon;
grant execute on function public.matching_proposals(uuid, text, int) to authenticated;

----------------------------------------------------------------------------------------------------
-- 资源清单 (resources_list): invoker, same filters, at most 50 a page; the row JSON is built over the page
----------------------------------------------------------------------------------------------------
/**
 * The publisher's name and the current load (live projects) of the given resources, for a page of 资源清单: the
 * publisher of a resource that serves the caller's community lives in another community, whose people the caller
 * may not read, and a load counts projects of other communities. Only for resources the caller may read
 * (resources_select), one call per page.
 */
create or replace function app.resource_page_extras(p_ids uuid[]) returns table (id uuid, publisher_name text, load int)
language plpgsql stable security definer
set search_path = ''
as $$
declare
  v_uid uuid := auth.uid();
  v_mine uuid[] := app.my_community_ids();
begin
  return query
  select r.id, pr.display_name, coalesce(l.n, 0)::int
  from public.resources r
  left join public.profiles pr on pr.id = r.publisher_id
  left join (select p.resource_id, count(*) as n from public.service_projects p
             where p.resource_id = any (p_ids) and p.status in ('proposed', 'confirmed', 'in_progress')
             group by p.resource_id) l on l.resource_id = r.id
  where r.id = any (p_ids)
    and (r.publisher_id = v_uid or r.community_id = any (v_mine) or r.area_community_ids && v_mine);
end
$$;
revoke execute on function app.resource_page_extras(uuid[]) from public, anon;
grant execute on function app.resource_page_extras(uuid[]) to authenticated;

create or replace function public.resources_list(
  p_category public.need_category default null,
  p_community_id uuid default null,
  p_mine boolean default false,
  p_after_created_at timestamptz default null,
  p_after_id uuid default null,
  p_limit int default 20
) returns jsonb
language plpgsql stable security invoker
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  v_community uuid := coalesce(p_community_id, (select community_id from public.profiles where id = v_uid));
  v_limit int := least(greatest(coalesce(p_limit, 20), 1), 50);
  v_at timestamptz := coalesce(p_after_created_at, 'infinity');
  v_id uuid := coalesce(p_after_id, 'ffffffff-ffff-ffff-ffff-ffffffffffff');
  v_staff uuid[] := app.my_staff_community_ids();
  v_rows public.resources[];
  v_result jsonb;
begin
  if coalesce(p_mine, false) then
    select coalesce(array_agg(x order by x.created_at desc, x.id desc), '{}') into v_rows from (
      select r.* from public.resources r
      where r.publisher_id = v_uid and r.status = 'active'
        and (p_category is null or p_category = any (r.categories))
        and (r.created_at, r.id) < (v_at, v_id)
      order by r.created_at desc, r.id desc
      limit v_limit + 1) x;
  else
    -- the community's own resources and those serving it, each in its index's order, merged
    select coalesce(array_agg(x order by x.created_at desc, x.id desc), '{}') into v_rows from (
      select y.* from (
        (select r.* from public.resources r
         where r.community_id = v_community and r.status = 'active'
           and (p_category is null or p_category = any (r.categories))
           and (r.created_at, r.id) < (v_at, v_id)
         order by r.created_at desc, r.id desc
         limit v_limit + 1)
        union
        (select r.* from public.resources r
         where r.area_community_ids @> array[v_community] and r.status = 'active'
           and (p_category is null or p_category = any (r.categories))
           and (r.created_at, r.id) < (v_at, v_id)
         order by r.created_at desc, r.id desc
         limit v_limit + 1)
      ) y
      order by y.created_at desc, y.id desc
      limit v_limit + 1) x;
  end if;
  with page as (
    select (v_rows[o]).*, o as n from generate_series(1, least(cardinality(v_rows), v_limit)) o
  )
  select coalesce(jsonb_agg(jsonb_build_object(
      'id', x.id, 'title', x.title, 'description', x.description, 'kind', x.kind, 'partnerType', x.partner_type,
      'categories', to_jsonb(x.categories), 'capacity', x.capacity, 'period', x.period, 'load', coalesce(e.load, 0),
      'communityId', x.community_id, 'communityIds', to_jsonb(x.area_community_ids), 'gridIds', to_jsonb(x.area_grid_ids),
      'availability', x.availability, 'publisherId', x.publisher_id, 'publisherName', coalesce(e.publisher_name, ''),
      'status', x.status,
      'contactName', case when x.publisher_id = v_uid or x.community_id = any (v_staff) then x.contact_name end,
      'contactPhone', case when x.publisher_id = v_uid or x.community_id = any (v_staff) then x.contact_phone end,
      'mine', x.publisher_id = v_uid,
      'createdAt', app.iso(x.created_at)) order by x.n), '[]'::jsonb)
    into v_result
  from page x
  left join app.resource_page_extras(array(select p.id from page p)) e on e.id = x.id;
  return jsonb_build_object('items', v_result, 'hasMore', cardinality(v_rows) > v_limit);
end
$$;
-- (the second branch is served by the GIN index on area_community_ids; 20261129002400 adds an active-only one)

----------------------------------------------------------------------------------------------------
-- 服务清单 (services_list): definer projection, as before; the row JSON over the page instead of project_json per row
----------------------------------------------------------------------------------------------------
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
      'id', x.id, 'communityId', x.community_id, 'needId', x.need_id, 'needTitle', n.title,
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
  'security definer: the service list shows each project''s need by title, not the need itself (community checked inside).';

----------------------------------------------------------------------------------------------------
-- The caller's scope, once per statement, for the policies below
----------------------------------------------------------------------------------------------------
/** Streets the caller administers (街道管理员). */
create or replace function app.my_admin_street_ids() returns uuid[]
language sql stable security definer
set search_path = ''
as $$
  select coalesce(array_agg(a.street_id), '{}') from public.street_admins a where a.profile_id = (select auth.uid())
$$;

/** Streets of the communities the caller belongs to (an announcement to the whole street reaches them). */
create or replace function app.my_street_ids() returns uuid[]
language sql stable security definer
set search_path = ''
as $$
  select coalesce(array_agg(distinct c.street_id), '{}') from public.communities c where c.id = any (app.my_community_ids())
$$;

/** Communities of the streets the caller administers (only a street admin invites a community's admin). */
create or replace function app.my_street_admin_community_ids() returns uuid[]
language sql stable security definer
set search_path = ''
as $$
  select coalesce(array_agg(c.id), '{}') from public.communities c
  join public.street_admins a on a.street_id = c.street_id where a.profile_id = (select auth.uid())
$$;
revoke execute on function app.my_admin_street_ids(), app.my_street_ids(), app.my_street_admin_community_ids() from public, anon;
grant execute on function app.my_admin_street_ids(), app.my_street_ids(), app.my_street_admin_community_ids() to authenticated;

-- announcements: the author; who may manage it (the street's admin for a street notice, else its community's staff
-- or street admin: app.announcement_manageable); and, while active, whom it is addressed to (app.announcement_addressed)
drop policy if exists announcements_select on public.announcements;
create policy announcements_select on public.announcements for select to authenticated
  using (author_id = (select auth.uid())
    or (scope = 'street' and street_id = any ((select app.my_admin_street_ids())::uuid[]))
    or (scope <> 'street' and community_id = any ((select app.my_staff_community_ids())::uuid[]))
    or (withdrawn_at is null and (expires_at is null or expires_at > now())
        and case scope
              when 'street' then street_id = any ((select app.my_street_ids())::uuid[])
              when 'community' then community_id = any ((select app.my_community_ids())::uuid[])
              else grid_id = any ((select app.my_grid_ids())::uuid[])
            end));

-- invitations: who accepted or made it, and who may invite that role (app.can_invite)
drop policy if exists invitations_select on public.invitations;
create policy invitations_select on public.invitations for select to authenticated
  using (accepted_by = (select auth.uid()) or created_by = (select auth.uid())
    or (role = 'admin' and community_id = any ((select app.my_street_admin_community_ids())::uuid[]))
    or (role in ('staff', 'grid_worker', 'unit') and community_id = any ((select app.my_staff_community_ids())::uuid[])));

----------------------------------------------------------------------------------------------------
-- 社区通知 (announcements_list): invoker; the community's notices and the street's, each read in its index's order
----------------------------------------------------------------------------------------------------
create index if not exists announcements_street_page_idx
  on public.announcements (street_id, pinned, created_at, id) where scope = 'street';
create index if not exists announcements_community_page_idx
  on public.announcements (community_id, pinned, created_at, id);

create or replace function public.announcements_list(
  p_community_id uuid, p_manage boolean default false, p_cursor text default null, p_limit int default 20
) returns jsonb
language plpgsql stable security invoker
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  v_limit int := least(greatest(coalesce(p_limit, 20), 1), 50);
  v_manage boolean := coalesce(p_manage, false);
  v_street uuid;
  v_manager boolean;
  v_street_admin boolean;
  v_grids uuid[];
  v_key jsonb;
  v_pinned boolean := true;
  v_at timestamptz := 'infinity';
  v_id uuid := 'ffffffff-ffff-ffff-ffff-ffffffffffff';
  v_rows public.announcements[];
  v_result jsonb;
begin
  select c.street_id into v_street from public.communities c where c.id = p_community_id;
  if v_street is null then
    perform app.fail('announcement.community_not_found', 'communityId');
  end if;
  v_manager := p_community_id = any (app.my_staff_community_ids());
  if v_manage and not v_manager then
    perform app.fail('announcement.manage_forbidden', 'manage');
  end if;
  if not v_manager and not app.is_member_of(p_community_id) then
    perform app.fail('announcement.not_member', 'communityId');
  end if;
  v_street_admin := v_street = any (app.my_admin_street_ids());
  v_grids := app.my_grid_ids();
  v_key := app.cursor_decode(p_cursor, 3);
  if v_key is not null then
    if app.cursor_bigint(v_key, 0) not in (0, 1) then
      perform app.fail('list.cursor_invalid', 'cursor');
    end if;
    v_pinned := app.cursor_bigint(v_key, 0) = 1;
    v_at := app.cursor_ts(v_key, 1);
    v_id := app.cursor_uuid(v_key, 2);
  end if;

  -- pinned first, then newest: the community's own and the street's, each from its index, merged
  select coalesce(array_agg(x order by x.pinned desc, x.created_at desc, x.id desc), '{}') into v_rows
  from (
    select y.* from (
      (select a.* from public.announcements a
       where a.community_id = p_community_id
         and (a.pinned, a.created_at, a.id) < (v_pinned, v_at, v_id)
         and case when v_manage then true
                  else a.withdrawn_at is null and (a.expires_at is null or a.expires_at > now())
                       and (a.scope <> 'grid' or v_manager or a.grid_id = any (v_grids)) end
       order by a.pinned desc, a.created_at desc, a.id desc
       limit v_limit + 1)
      union all
      (select a.* from public.announcements a
       where a.scope = 'street' and a.street_id = v_street
         and (a.pinned, a.created_at, a.id) < (v_pinned, v_at, v_id)
         and (v_manage and v_street_admin or (a.withdrawn_at is null and (a.expires_at is null or a.expires_at > now())))
       order by a.pinned desc, a.created_at desc, a.id desc
       limit v_limit + 1)
    ) y
    order by y.pinned desc, y.created_at desc, y.id desc
    limit v_limit + 1
  ) x;

  with page as (
    select (v_rows[o]).*, o as n from generate_series(1, least(cardinality(v_rows), v_limit)) o
  )
  select coalesce(jsonb_agg(jsonb_build_object(
      'id', x.id, 'scope', x.scope, 'streetId', x.street_id,
      'communityId', x.community_id, 'communityName', c.name,
      'gridId', x.grid_id, 'gridName', g.name,
      'title', x.title, 'body', x.body, 'images', to_jsonb(x.image_keys), 'pinned', x.pinned,
      'expiresAt', app.iso(x.expires_at), 'createdAt', app.iso(x.created_at), 'withdrawnAt', app.iso(x.withdrawn_at),
      'authorName', pr.display_name,
      'status', case when x.withdrawn_at is not null then 'withdrawn'
                     when x.expires_at is not null and x.expires_at <= now() then 'expired' else 'active' end,
      -- app.announcement_manageable: the street's admin for a street notice, the community's managers otherwise
      'canManage', x.author_id is not distinct from v_uid
                   or case when x.scope = 'street' then v_street_admin else v_manager end) order by x.n), '[]'::jsonb)
    into v_result
  from page x
  left join public.communities c on c.id = x.community_id
  left join public.grids g on g.id = x.grid_id
  left join app.display_names(array(select p.author_id from page p)) pr on pr.id = x.author_id;
  return jsonb_build_object(
    'items', v_result,
    'nextCursor', case when cardinality(v_rows) > v_limit then app.cursor_encode(jsonb_build_array(
      (v_rows[v_limit]).pinned::int, app.iso((v_rows[v_limit]).created_at), (v_rows[v_limit]).id)) end
  );
end
$$;

----------------------------------------------------------------------------------------------------
-- 我的消息 (notifications_list): pages of up to 50 (was 20)
----------------------------------------------------------------------------------------------------
create or replace function public.notifications_list(p_cursor text default null, p_limit int default 20) returns jsonb
language plpgsql stable security invoker
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  v_limit int := least(greatest(coalesce(p_limit, 20), 1), 50);
  v_key jsonb := app.cursor_decode(p_cursor, 1);
  v_after bigint := 9223372036854775807;
  v_result jsonb;
begin
  if v_key is not null then
    v_after := app.cursor_bigint(v_key, 0);
  end if;
  with page as (
    select n.*, row_number() over (order by n.id desc) as k
    from (
      select n.* from public.notifications n
      where n.profile_id = v_uid and n.id < v_after
      order by n.id desc
      limit v_limit + 1
    ) n
  )
  select jsonb_build_object(
    'items', coalesce(jsonb_agg(jsonb_build_object(
        'id', r.id, 'kind', r.kind, 'payload', r.payload, 'createdAt', app.iso(r.created_at), 'readAt', app.iso(r.read_at))
        order by r.k) filter (where r.k <= v_limit), '[]'::jsonb),
    'unread', (select count(*) from public.notifications n where n.profile_id = v_uid and n.read_at is null),
    'nextCursor', case when count(*) > v_limit then app.cursor_encode(jsonb_build_array(max(r.id) filter (where r.k = v_limit))) end)
    into v_result
  from page r;
  return v_result;
end
$$;

----------------------------------------------------------------------------------------------------
-- 操作日志 (audit_list): definer, as before; each community's (or street's) entries from its own index, merged,
-- so a page reads its rows and not the whole log; names joined over the page
----------------------------------------------------------------------------------------------------
-- ascending, so that a backward scan serves the row comparisons above (the descending ones they replace cannot)
create index if not exists audit_log_community_page_idx on public.audit_log (community_id, id);
create index if not exists audit_log_street_page_idx on public.audit_log (street_id, id);
drop index if exists public.audit_log_community_idx;
drop index if exists public.audit_log_street_idx;

create or replace function public.audit_list(
  p_community_id uuid default null, p_street_id uuid default null, p_cursor text default null, p_limit int default 20
) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  v_limit int := least(greatest(coalesce(p_limit, 20), 1), 50);
  v_communities uuid[];
  v_streets uuid[];
  v_home uuid;
  v_key jsonb;
  v_after bigint := 9223372036854775807;
  v_rows public.audit_log[];
  v_result jsonb;
begin
  if p_community_id is not null then
    if not app.can_manage_community(p_community_id) then
      perform app.fail('auth.forbidden');
    end if;
    v_communities := array[p_community_id];
  elsif p_street_id is not null then
    if not app.is_street_admin(p_street_id) then
      perform app.fail('auth.forbidden');
    end if;
    v_streets := array[p_street_id];
  else
    select array_agg(a.street_id) into v_streets from public.street_admins a where a.profile_id = v_uid;
    if v_streets is null then
      select community_id into v_home from public.profiles where id = v_uid;
      if v_home is null or not app.is_staff_of(v_home) then
        perform app.fail('auth.forbidden');
      end if;
      v_communities := array[v_home];
    end if;
  end if;
  v_key := app.cursor_decode(p_cursor, 1);
  if v_key is not null then
    v_after := app.cursor_bigint(v_key, 0);
  end if;
  if v_communities is not null then
    select coalesce(array_agg(x order by x.id desc), '{}') into v_rows from (
      select l.* from unnest(v_communities) k(id)
      -- a range over (community_id, id), not `community_id = k and id < after`: then only the (community_id, id)
      -- index holds the order, and the planner cannot walk the primary key past every other community's entries
      cross join lateral (select l.* from public.audit_log l
                          where (l.community_id, l.id) < (k.id, v_after) and (l.community_id, l.id) > (k.id, 0)
                          order by l.community_id desc, l.id desc limit v_limit + 1) l
      order by l.id desc limit v_limit + 1) x;
  else
    select coalesce(array_agg(x order by x.id desc), '{}') into v_rows from (
      select l.* from unnest(v_streets) k(id)
      cross join lateral (select l.* from public.audit_log l
                          where (l.street_id, l.id) < (k.id, v_after) and (l.street_id, l.id) > (k.id, 0)
                          order by l.street_id desc, l.id desc limit v_limit + 1) l
      order by l.id desc limit v_limit + 1) x;
  end if;
  with page as (
    select (v_rows[o]).*, o as n from generate_series(1, least(cardinality(v_rows), v_limit)) o
  )
  select coalesce(jsonb_agg(jsonb_build_object(
      'id', r.id::text, 'at', app.iso(r.created_at), 'action', r.action,
      'actorName', actor.display_name, 'communityId', r.community_id, 'communityName', c.name,
      'targetName', target.display_name, 'detail', r.detail) order by r.n), '[]'::jsonb)
    into v_result
  from page r
  left join public.profiles actor on actor.id = r.actor_id
  left join public.communities c on c.id = r.community_id
  left join public.profiles target on target.id = r.target_profile_id;
  return jsonb_build_object(
    'items', v_result,
    'nextCursor', case when cardinality(v_rows) > v_limit then app.cursor_encode(jsonb_build_array((v_rows[v_limit]).id)) end
  );
end
$$;
comment on function public.audit_list is
  'security definer: the audit log names people who may since have moved to another community (scope checked inside).';

----------------------------------------------------------------------------------------------------
-- 邀请 (invitations_list): invoker; the row JSON over the page
----------------------------------------------------------------------------------------------------
create or replace function public.invitations_list(p_community_id uuid, p_cursor text default null, p_limit int default 20) returns jsonb
language plpgsql stable security invoker
set search_path = ''
as $$
declare
  v_limit int := least(greatest(coalesce(p_limit, 20), 1), 50);
  v_key jsonb;
  v_at timestamptz := 'infinity';
  v_id uuid := 'ffffffff-ffff-ffff-ffff-ffffffffffff';
  v_admin boolean;
  v_result jsonb;
begin
  perform app.require_uid();
  if not (p_community_id = any (app.my_staff_community_ids())) then
    perform app.fail('auth.forbidden');
  end if;
  v_key := app.cursor_decode(p_cursor, 2);
  if v_key is not null then
    v_at := app.cursor_ts(v_key, 0);
    v_id := app.cursor_uuid(v_key, 1);
  end if;
  v_admin := p_community_id = any (app.my_street_admin_community_ids());
  with page as (
    select i.*, row_number() over (order by i.created_at desc, i.id desc) as n
    from (
      select i.* from public.invitations i
      where i.community_id = p_community_id and (i.role <> 'admin' or v_admin)
        and (i.created_at, i.id) < (v_at, v_id)
      order by i.created_at desc, i.id desc
      limit v_limit + 1
    ) i
  )
  select jsonb_build_object(
    'items', coalesce(jsonb_agg(jsonb_build_object(
        'id', i.id, 'code', i.code, 'role', i.role, 'communityId', i.community_id, 'communityName', c.name,
        'gridId', i.grid_id, 'gridName', g.name, 'unitName', i.unit_name, 'partnerType', i.partner_type,
        'status', case when i.accepted_at is not null then 'accepted' when i.revoked_at is not null then 'revoked'
                       when i.expires_at <= now() then 'expired' else 'pending' end, 'expiresAt', app.iso(i.expires_at), 'createdAt', app.iso(i.created_at),
        'createdByName', cb.display_name, 'acceptedByName', ab.display_name, 'acceptedAt', app.iso(i.accepted_at))
        order by i.n) filter (where i.n <= v_limit), '[]'::jsonb),
    'nextCursor', case when count(*) > v_limit then app.cursor_encode((array_agg(jsonb_build_array(
        app.iso(i.created_at), i.id)) filter (where i.n = v_limit))[1]) end)
    into v_result
  from page i
  join public.communities c on c.id = i.community_id
  left join public.grids g on g.id = i.grid_id
  left join app.display_names(array(select p.created_by from page p)) cb on cb.id = i.created_by
  left join app.display_names(array(select p.accepted_by from page p)) ab on ab.id = i.accepted_by;
  return v_result;
end
$$;

----------------------------------------------------------------------------------------------------
-- 职能部门 (departments_list): definer, as before; the open count of every department in one grouped read
----------------------------------------------------------------------------------------------------
-- what a department still has to answer: the open count of the list
create index if not exists needs_department_open_idx on public.needs (department_id)
  where status in ('triaged', 'in_progress', 'escalated') and department_answered_at is null;

create or replace function public.departments_list(p_street_id uuid default null, p_include_archived boolean default false) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  v_street uuid := p_street_id;
  v_admin boolean;
  v_mine uuid[];
begin
  if v_street is null then
    v_street := coalesce(
      (select a.street_id from public.street_admins a where a.profile_id = v_uid order by a.created_at, a.street_id limit 1),
      (select c.street_id from public.profiles p join public.communities c on c.id = p.community_id where p.id = v_uid),
      (select d.street_id from public.department_members m join public.departments d on d.id = m.department_id
       where m.profile_id = v_uid order by m.created_at limit 1));
  end if;
  v_admin := v_street is not null and v_street = any (app.my_admin_street_ids());
  v_mine := app.my_department_ids();
  if not v_admin
     and not exists (select 1 from public.communities c where c.street_id = v_street and c.id = any (app.my_staff_community_ids()))
     and not exists (select 1 from public.departments d where d.id = any (v_mine) and d.street_id = v_street) then
    perform app.fail('auth.forbidden');
  end if;
  return jsonb_build_object('items', coalesce((
    select jsonb_agg(jsonb_build_object(
        'id', d.id, 'streetId', d.street_id, 'name', d.name,
        'contactName', case when v_admin or d.id = any (v_mine) then d.contact_name end,
        'contactPhone', case when v_admin or d.id = any (v_mine) then d.contact_phone end,
        'archived', d.archived_at is not null, 'archivedAt', app.iso(d.archived_at),
        'members', case when v_admin or d.id = any (v_mine) then coalesce(m.members, '[]'::jsonb) else '[]'::jsonb end,
        'openCount', coalesce(o.n, 0),
        'createdAt', app.iso(d.created_at)) order by d.archived_at nulls first, d.name)
    from public.departments d
    left join lateral (
      select jsonb_agg(jsonb_build_object('profileId', dm.profile_id, 'displayName', p.display_name) order by dm.created_at, dm.profile_id) as members
      from public.department_members dm join public.profiles p on p.id = dm.profile_id
      where dm.department_id = d.id and (v_admin or d.id = any (v_mine))) m on true
    left join (
      select n.department_id, count(*) as n from public.needs n
      where n.department_id in (select x.id from public.departments x where x.street_id = v_street)
        and n.status in ('triaged', 'in_progress', 'escalated') and n.department_answered_at is null
      group by n.department_id) o on o.department_id = d.id
    where d.street_id = v_street and (coalesce(p_include_archived, false) or d.archived_at is null)
  ), '[]'::jsonb));
end
$$;
comment on function public.departments_list is
  'security definer: staff route needs to their street''s departments by name; contacts only for the street admin (checked inside).';
