-- Issue 15 (needs): staff cannot close a need without telling the resident what was done; one story per need;
-- the 受理编号 on every need JSON and in the staff queue's search.
--
-- 1. 办理结果: moving a need to `resolved` by a person (staff, grid worker) requires a note of 5-500 characters (the
--    办理结果 the resident reads) and accepts up to 3 photos the caller uploaded (`shifts/<caller>/<uuid>.jpg`, as
--    POST /api/uploads/photo hands them out). The rule is in app.need_apply, the one place a need changes status, so
--    no path around the API skips it; the system's own resolutions (a project completed, a resolution carried out)
--    always write their note. Rejecting and escalating keep their required reason (need_status_edges).
-- 2. The detail JSON gains `refNo`, `outcome` (the latest 办理结果 / 未受理原因 / 上报原因 the resident should see as a
--    card), photos on the timeline, and `story`: every step of the need and of what it went to (service project and
--    its progress, deliberation topic, meeting, resolution) in time order, with the ids to link to, worded plainly for
--    residents and with the work terms for staff. Built inside need_get & co., which check the caller first.
-- 3. `refNo` in every list (app.needs_page_json, needs_similar, needs_claimable) and in the owner's notification.
-- 4. needs_list gains `p_q`: a 受理编号 or its prefix (HP-20261128), case-insensitive, or else a word of the title,
--    within the caller's queue scope only.

alter table public.need_events
  add column if not exists photos text[] not null default '{}'
    constraint need_events_photos_count check (cardinality(photos) <= 3);
comment on column public.need_events.photos is '办理结果 photos (storage keys) of a resolution step; read through /api/files.';

-- the data says what the function enforces: a person resolving writes a result
update public.need_status_edges set reason_required = true
where to_status = 'resolved' and actor in ('staff', 'grid_worker');

----------------------------------------------------------------------------------------------------
-- The one place a need changes status (from 20261122000200_needs_loop.sql) + the 办理结果 rule and photos
----------------------------------------------------------------------------------------------------
create or replace function app.need_apply(
  p_id uuid, p_to public.need_status, p_actors public.need_actor[], p_actor_id uuid, p_note text, p_photos text[]
) returns public.needs
language plpgsql security definer
set search_path = ''
as $$
declare
  n public.needs;
  v_from public.need_status;
  v_reason boolean;
  v_actor public.need_actor;
  v_note text := nullif(btrim(coalesce(p_note, '')), '');
  v_photos text[] := coalesce(p_photos, '{}');
  v_key text;
begin
  select * into n from public.needs where id = p_id for update;
  if n.id is null then
    perform app.fail('need.not_found');
  end if;
  v_from := n.status;
  select bool_or(e.reason_required) into v_reason
  from public.need_status_edges e
  where e.from_status = v_from and e.to_status = p_to and e.actor = any (p_actors);
  if v_reason is null then
    if exists (select 1 from public.need_status_edges e where e.from_status = v_from and e.to_status = p_to) then
      perform app.fail('auth.forbidden');
    end if;
    perform app.fail('need.transition_invalid', 'to');
  end if;
  v_actor := (select a from unnest(p_actors) a
              where exists (select 1 from public.need_status_edges e where e.from_status = v_from and e.to_status = p_to and e.actor = a)
              limit 1);
  -- 办理结果: a person closing the need tells the resident what was done
  if p_to = 'resolved' and v_actor <> 'system'
     and (v_note is null or char_length(v_note) not between 5 and 500) then
    perform app.fail('need.result_required', 'note');
  end if;
  if v_reason and v_note is null then
    perform app.fail('need.reason_required', 'note');
  end if;
  if cardinality(v_photos) > 0 then
    if p_to <> 'resolved' or cardinality(v_photos) > 3 then
      perform app.fail('need.photos_invalid', 'photos');
    end if;
    foreach v_key in array v_photos loop
      -- the caller's own uploads only (file_access shows a record's photos to whoever reads the record)
      if v_key is null or char_length(v_key) > 200
         or v_key !~ '^[a-z0-9][a-z0-9_-]{0,63}(/[a-z0-9][a-z0-9_-]{0,63}){0,3}\.(jpg|jpeg|png|webp)$'
         or p_actor_id is null or not starts_with(v_key, 'shifts/' || p_actor_id::text || '/') then
        perform app.fail('need.photos_invalid', 'photos');
      end if;
    end loop;
  end if;
  update public.needs set
    status = p_to,
    updated_at = now(),
    resolved_at = case when p_to = 'resolved' then now() else resolved_at end,
    evaluated_at = case when p_to = 'evaluated' then now() else evaluated_at end,
    closed_at = case when p_to = 'closed' then now() else closed_at end
  where id = p_id
  returning * into n;
  insert into public.need_events (need_id, from_status, to_status, actor_id, actor, note, photos)
  values (p_id, v_from, p_to, p_actor_id, v_actor, v_note, v_photos);
  perform app.need_notify(n, v_from, v_note);
  return n;
end
$$;
revoke all on function app.need_apply(uuid, public.need_status, public.need_actor[], uuid, text, text[]) from public;

-- The five-argument form every other domain calls (services, deliberation, the SLA sweep): no photos.
create or replace function app.need_apply(
  p_id uuid, p_to public.need_status, p_actors public.need_actor[], p_actor_id uuid, p_note text
) returns public.needs
language sql security definer
set search_path = ''
as $$ select app.need_apply(p_id, p_to, p_actors, p_actor_id, p_note, null::text[]) $$;

-- (from 20261128001000_inbox.sql) + the 受理编号
create or replace function app.need_notify(n public.needs, p_from public.need_status, p_note text) returns void
language sql
set search_path = ''
as $$
  insert into public.notifications (profile_id, kind, payload)
  select n.created_by, 'need.status', jsonb_build_object(
    'needId', n.id, 'refNo', n.ref_no, 'title', n.title, 'from', p_from, 'to', n.status, 'note', p_note, 'at', app.iso(now()))
    || case when n.status = 'triaged' and n.due_at is not null
         then jsonb_build_object('dueAt', app.iso(n.due_at), 'dueGoal', n.due_goal) else '{}'::jsonb end
  where n.created_by is not null
$$;

----------------------------------------------------------------------------------------------------
-- need_transition (from 20261122000200_needs_loop.sql) + photos of the 办理结果
----------------------------------------------------------------------------------------------------
-- p_photos: a JSON array of storage keys (the gateways send arrays as jsonb)
drop function public.need_transition(uuid, public.need_status, text);
create function public.need_transition(p_id uuid, p_to public.need_status, p_note text default null, p_photos jsonb default null)
returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  n public.needs;
  v_settings public.community_need_settings;
  v_photos text[];
begin
  if p_photos is not null and jsonb_typeof(p_photos) <> 'null' then
    if jsonb_typeof(p_photos) <> 'array'
       or exists (select 1 from jsonb_array_elements(p_photos) x where jsonb_typeof(x) <> 'string') then
      perform app.fail('need.photos_invalid', 'photos');
    end if;
    v_photos := array(select jsonb_array_elements_text(p_photos));
  end if;
  select * into n from public.needs where id = p_id for update;
  if n.id is null or not app.need_visible(n) then
    perform app.fail('need.not_found');
  end if;
  if p_to = 'triaged' then
    perform app.fail('need.use_triage', 'to');
  end if;
  if p_to = 'evaluated' then
    perform app.fail('need.use_evaluate', 'to');
  end if;
  if n.status = 'resolved' and p_to = 'in_progress' then
    -- 重新办理: the owner, once, within the community's reopen window
    if n.created_by is distinct from v_uid then
      perform app.fail('auth.forbidden');
    end if;
    select * into v_settings from public.community_need_settings where community_id = n.community_id;
    if n.reopen_count >= 1 then
      perform app.fail('need.reopen_used');
    end if;
    if n.resolved_at < now() - make_interval(days => coalesce(v_settings.reopen_days, 7)) then
      perform app.fail('need.reopen_expired');
    end if;
    n := app.need_apply(p_id, p_to, array['owner']::public.need_actor[], v_uid, p_note, v_photos);
    update public.needs set reopen_count = reopen_count + 1, resolved_at = null where id = p_id returning * into n;
  else
    n := app.need_apply(p_id, p_to, app.need_actors(n), v_uid, p_note, v_photos);
  end if;
  return app.need_json(n, app.need_personal_visible(n), true);
end
$$;
revoke all on function public.need_transition(uuid, public.need_status, text, jsonb) from public, anon;
grant execute on function public.need_transition(uuid, public.need_status, text, jsonb) to authenticated;

----------------------------------------------------------------------------------------------------
-- The story of a need
----------------------------------------------------------------------------------------------------
-- Plain labels, the same as the mini-program's (core/contracts/needs.ts, services.ts, deliberation.ts)
create or replace function app.need_track_label(p public.need_track) returns text
language sql immutable
set search_path = ''
as $$ select case p when 'private' then '自家事' when 'shared' then '大家事' when 'public' then '公家事' end $$;

create or replace function app.need_severity_label(p public.need_severity) returns text
language sql immutable
set search_path = ''
as $$ select case p when 'general' then '一般' when 'major' then '重大' when 'complex' then '复杂' when 'escalated' then '疑难' end $$;

/**
 * Every step of a need and of what it went to, oldest first: its own timeline (need_events) and, linked, its service
 * projects with their progress notes and match reasons (never the score), the deliberation topic made from it, the
 * meetings that had that topic on the agenda and the resolution that carries it out. Each item:
 * {kind, at, title, detail, photos, actorName, link: {type: service|meeting|resolution|topic, id} | null}.
 * p_staff: the people handling it read the work terms (研判分类, 三事分流); residents read plain words.
 * Called only inside the needs RPCs, after they checked that the caller may see the need.
 */
create or replace function app.need_story(n public.needs, p_staff boolean) returns jsonb
language sql stable
set search_path = ''
as $$
  select coalesce(jsonb_agg(s.item order by s.at, s.src, s.k), '[]'::jsonb)
  from (
    -- the need's own steps
    select e.created_at as at, 1 as src, e.id as k, jsonb_build_object(
      'kind', x.kind,
      'at', app.iso(e.created_at),
      'title', case x.kind
        when 'submitted' then '提交需求'
        when 'triaged' then case when p_staff then '研判分类' else '社区已受理' end
        when 'routed' then case when p_staff then '街道交办' else '已转交职能部门' end
        when 'answered' then '部门答复'
        when 'in_progress' then case when p_staff then '开始办理' else '正在办理' end
        when 'reopened' then '重新办理'
        when 'resolved' then '已解决'
        when 'evaluated' then '居民评价'
        when 'closed' then '已办结'
        when 'rejected' then '未受理'
        when 'escalated' then case when p_staff then '上报上级' else '已上报街道' end
        when 'in_deliberation' then case when p_staff then '提交议事' else '交给居民议事' end
        when 'matched' then '已匹配服务'
        else '进展' end,
      'detail', case
        when x.kind = 'resolved' then coalesce('办理结果：' || e.note, null)
        when x.kind = 'rejected' then coalesce('原因：' || e.note, null)
        when x.kind = 'escalated' then coalesce('原因：' || e.note, null)
        when x.kind = 'reopened' then coalesce('原因：' || e.note, null)
        when x.kind = 'submitted' and not p_staff then null
        else e.note end,
      'photos', to_jsonb(e.photos),
      'actorName', case when e.actor = 'system' then null else (select p.display_name from public.profiles p where p.id = e.actor_id) end,
      'link', case when x.kind = 'in_deliberation' then
          (select jsonb_build_object('type', 'topic', 'id', t.id) from public.topics t where t.need_id = n.id limit 1)
        end
    ) as item
    from public.need_events e
    cross join lateral (select case
      when e.from_status is null then 'submitted'
      when e.actor = 'department' then 'answered'
      when e.from_status = e.to_status and e.note like '街道转%' then 'routed'
      when e.to_status = 'triaged' then 'triaged'
      when e.from_status = 'resolved' and e.to_status = 'in_progress' then 'reopened'
      else e.to_status::text end as kind) x
    where e.need_id = n.id
      -- the service project below says it with its link
      and not (e.actor = 'system' and e.to_status = 'matched')
    union all
    -- the service projects it went to, with the reasons of the match that proposed them
    select sp.created_at, 2, 0, jsonb_build_object(
      'kind', 'service',
      'at', app.iso(sp.created_at),
      'title', '服务项目：' || r.title,
      'detail', concat_ws('；',
        '状态：' || case sp.status when 'proposed' then '待双方确认' when 'confirmed' then '已确认' when 'in_progress' then '服务中'
          when 'completed' then '已完成' when 'evaluated' then '已评价' when 'cancelled' then '已取消' end,
        case when sp.status = 'cancelled' then '取消原因：' || sp.cancel_reason end,
        case when cardinality(mp.reasons) > 0 then '匹配理由：' || array_to_string(mp.reasons, '、') end),
      'photos', '[]'::jsonb,
      'actorName', null,
      'link', jsonb_build_object('type', 'service', 'id', sp.id))
    from public.service_projects sp
    join public.resources r on r.id = sp.resource_id
    left join public.match_proposals mp on mp.id = sp.proposal_id
    where sp.need_id = n.id
    union all
    select g.created_at, 3, g.id, jsonb_build_object(
      'kind', 'service_progress',
      'at', app.iso(g.created_at),
      'title', '服务进展',
      'detail', g.note || coalesce('（完成 ' || g.percent || '%）', ''),
      'photos', '[]'::jsonb,
      'actorName', (select p.display_name from public.profiles p where p.id = g.author_id),
      'link', jsonb_build_object('type', 'service', 'id', g.project_id))
    from public.service_progress g
    join public.service_projects sp on sp.id = g.project_id
    where sp.need_id = n.id
    union all
    -- the deliberation it went to: the topic, its meetings, the resolution
    select t.created_at, 4, 0, jsonb_build_object(
      'kind', 'topic',
      'at', app.iso(t.created_at),
      'title', '议题：' || t.title,
      'detail', case t.status when 'collecting' then '正在征集居民联名' when 'ready' then '等待安排议事会'
        when 'scheduled' then '已安排议事会' when 'decided' then '已形成决议' when 'closed' then '议题已结束' end,
      'photos', '[]'::jsonb,
      'actorName', null,
      'link', jsonb_build_object('type', 'topic', 'id', t.id))
    from public.topics t
    where t.need_id = n.id
    union all
    select m.starts_at, 5, 0, jsonb_build_object(
      'kind', 'meeting',
      'at', app.iso(m.starts_at),
      'title', '议事会：' || m.title,
      'detail', case m.status when 'cancelled' then '议事会已取消' when 'held' then '已召开 · ' || m.place else '地点：' || m.place end,
      'photos', '[]'::jsonb,
      'actorName', null,
      'link', jsonb_build_object('type', 'meeting', 'id', m.id))
    from public.topics t
    join public.meeting_topics mt on mt.topic_id = t.id
    join public.meetings m on m.id = mt.meeting_id
    where t.need_id = n.id
    union all
    select rs.created_at, 6, 0, jsonb_build_object(
      'kind', 'resolution',
      'at', app.iso(rs.created_at),
      'title', '议事决议：' || rs.title,
      'detail', case rs.status when 'completed' then '决议已落实' else '决议正在落实' end,
      'photos', '[]'::jsonb,
      'actorName', null,
      'link', jsonb_build_object('type', 'resolution', 'id', rs.id))
    from public.resolutions rs
    where rs.need_id = n.id
  ) s
$$;

/** What the resident should read first: the 办理结果 of a resolved need, the reason it was not accepted or escalated. */
create or replace function app.need_outcome(n public.needs) returns jsonb
language sql stable
set search_path = ''
as $$
  select jsonb_build_object(
    'kind', o.kind, 'note', e.note, 'photos', to_jsonb(e.photos), 'at', app.iso(e.created_at),
    'actor', e.actor,
    'actorName', case when e.actor = 'system' then null else (select p.display_name from public.profiles p where p.id = e.actor_id) end)
  from (select case when n.status in ('resolved', 'evaluated', 'closed') then 'resolved'
                    when n.status = 'rejected' then 'rejected'
                    when n.status = 'escalated' then 'escalated' end as kind) o
  cross join lateral (
    select e.* from public.need_events e
    where e.need_id = n.id and e.to_status::text = o.kind and e.from_status is distinct from e.to_status
    order by e.id desc limit 1) e
  where o.kind is not null
$$;

-- (from 20261122000710_inline_builders.sql) + photos on the timeline, the outcome card and the story
create or replace function app.need_detail_json(n public.needs) returns jsonb
language sql stable
as $$
  select jsonb_build_object(
    'timeline', coalesce((
      select jsonb_agg(jsonb_build_object(
        'id', e.id, 'from', e.from_status, 'to', e.to_status, 'actor', e.actor,
        'actorName', case when e.actor = 'system' then null else (select p.display_name from public.profiles p where p.id = e.actor_id) end,
        'note', e.note, 'photos', to_jsonb(e.photos), 'at', app.iso(e.created_at)) order by e.id)
      from public.need_events e where e.need_id = n.id), '[]'::jsonb),
    'actions', coalesce((
      select jsonb_agg(distinct x.to_status::text)
      from public.need_status_edges x
      where x.from_status = n.status and x.actor = any (app.need_actors(n)) and x.to_status <> 'triaged'), '[]'::jsonb),
    'canTriage', n.status in ('submitted', 'triaged') and app.need_actors(n) && array['staff', 'grid_worker']::public.need_actor[],
    'outcome', app.need_outcome(n),
    'story', app.need_story(n,
      app.need_actors(n) && array['staff', 'grid_worker']::public.need_actor[]
      or (n.department_id is not null and app.is_department_member(n.department_id))
      or app.is_street_admin((select c.street_id from public.communities c where c.id = n.community_id)))
  )
$$;

-- (from 20261128001500_departments.sql) + refNo
create or replace function app.need_json(n public.needs, p_personal boolean, p_detail boolean) returns jsonb
language sql stable
as $$
  select jsonb_build_object(
    'id', n.id,
    'refNo', n.ref_no,
    'title', n.title,
    'description', n.description,
    'category', n.category,
    'status', n.status,
    'communityId', n.community_id,
    'microGridId', n.micro_grid_id,
    'microGridName', app.micro_grid_name(n.micro_grid_id),
    'createdBy', n.created_by,
    'source', n.source,
    'urgency', n.urgency,
    'peopleAffected', n.people_affected,
    'windowFrom', app.iso(n.window_from),
    'windowTo', app.iso(n.window_to),
    'address', case when p_personal then n.address end,
    'contactName', case when p_personal then n.contact_name end,
    'contactPhone', case when p_personal then n.contact_phone end,
    'track', n.track,
    'severity', n.severity,
    'handlerId', n.handler_id,
    'handlerName', app.profile_name(n.handler_id),
    'department', n.department,
    'departmentId', n.department_id,
    'departmentName', app.department_name(n.department_id),
    'departmentDueAt', app.iso(n.department_due_at),
    'departmentAnswer', n.department_answer,
    'departmentAnsweredAt', app.iso(n.department_answered_at),
    'dueAt', app.iso(n.due_at),
    'dueGoal', n.due_goal,
    'overdue', app.need_overdue(n),
    'reopenCount', n.reopen_count,
    'resolvedAt', app.iso(n.resolved_at),
    'rating', n.rating,
    'ratingComment', n.rating_comment,
    'followers', n.follower_count,
    'following', app.need_following(n.id),
    'createdAt', app.iso(n.created_at),
    'updatedAt', app.iso(n.updated_at)
  ) || case when p_detail then app.need_detail_json(n) || jsonb_build_object('canAnswer',
         n.department_id is not null and n.status in ('triaged', 'in_progress', 'escalated') and app.is_department_member(n.department_id))
       else '{}'::jsonb end
$$;

----------------------------------------------------------------------------------------------------
-- Lists: refNo (from 20261129002000_needs_lists.sql)
----------------------------------------------------------------------------------------------------
create or replace function app.needs_page_json(p_rows public.needs[], p_personal text) returns jsonb
language sql stable
set search_path = ''
as $$
  select coalesce(jsonb_agg(jsonb_build_object(
    'id', n.id,
    'refNo', n.ref_no,
    'title', n.title,
    'description', n.description,
    'category', n.category,
    'status', n.status,
    'communityId', n.community_id,
    'microGridId', n.micro_grid_id,
    'microGridName', m.name,
    'createdBy', n.created_by,
    'source', n.source,
    'urgency', n.urgency,
    'peopleAffected', n.people_affected,
    'windowFrom', pg_catalog.to_char(n.window_from at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    'windowTo', pg_catalog.to_char(n.window_to at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    'address', case when x.personal then n.address end,
    'contactName', case when x.personal then n.contact_name end,
    'contactPhone', case when x.personal then n.contact_phone end,
    'track', n.track,
    'severity', n.severity,
    'handlerId', n.handler_id,
    'handlerName', h.display_name,
    'department', n.department,
    'departmentId', n.department_id,
    'departmentName', d.name,
    'departmentDueAt', pg_catalog.to_char(n.department_due_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    'departmentAnswer', n.department_answer,
    'departmentAnsweredAt', pg_catalog.to_char(n.department_answered_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    'dueAt', pg_catalog.to_char(n.due_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    'dueGoal', n.due_goal,
    -- app.need_overdue, inline
    'overdue', n.due_at is not null and now() > n.due_at and case n.due_goal
                 when 'resolve' then n.status in ('triaged', 'in_progress')
                 when 'plan' then n.status = 'triaged'
                 when 'report' then n.status in ('triaged', 'in_progress')
                 else false end,
    'reopenCount', n.reopen_count,
    'resolvedAt', pg_catalog.to_char(n.resolved_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    'rating', n.rating,
    'ratingComment', n.rating_comment,
    'followers', n.follower_count,
    'following', f.need_id is not null,
    'createdAt', pg_catalog.to_char(n.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    'updatedAt', pg_catalog.to_char(n.updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
  ) order by n.ordinality), '[]'::jsonb)
  from unnest(p_rows) with ordinality n
  left join public.micro_grids m on m.id = n.micro_grid_id
  left join public.profiles h on h.id = n.handler_id
  left join app.department_names(array(
    select distinct y.department_id from unnest(p_rows) y where y.department_id is not null)) d on d.id = n.department_id
  left join public.need_followers f on f.need_id = n.id and f.profile_id = (select auth.uid())
  -- the caller's staff roles (street admins hold admin in each community of their street), as app.is_staff_of
  left join (select distinct r.community_id from public.profile_roles r
             where p_personal = 'owner_or_staff' and r.profile_id = (select auth.uid()) and r.role in ('staff', 'admin')) s
    on s.community_id = n.community_id
  cross join lateral (select case p_personal
    when 'all' then true
    when 'none' then false
    else n.created_by = (select auth.uid()) or s.community_id is not null
  end as personal) x
$$;

-- The staff / grid worker queue (from 20261129002000_needs_lists.sql) + p_q: a 受理编号 or its prefix
-- (case-insensitive), else a piece of the title. Only within the caller's scope, like every other filter.
drop function public.needs_list(public.need_status, public.need_track, public.need_severity, uuid, boolean, boolean,
  timestamptz, uuid, int);
create function public.needs_list(
  p_status public.need_status default null,
  p_track public.need_track default null,
  p_severity public.need_severity default null,
  p_grid_id uuid default null,
  p_overdue boolean default null,
  p_oldest_first boolean default false,
  p_after_created_at timestamptz default null,
  p_after_id uuid default null,
  p_limit int default 20,
  p_q text default null
) returns jsonb
language plpgsql stable security invoker
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  v_community uuid;
  v_staff boolean;
  v_grids uuid[];
  v_mgs uuid[];
  v_limit int := least(greatest(coalesce(p_limit, 20), 1), 50);
  v_dir text := case when p_oldest_first then 'asc' else 'desc' end;
  v_where text := '';
  v_sql text;
  v_rows public.needs[];
  v_q text := nullif(btrim(coalesce(p_q, '')), '');
  v_ref text;
  c_overdue constant text := '(n.due_at is not null and now() > n.due_at and case n.due_goal'
    || ' when ''resolve'' then n.status in (''triaged'', ''in_progress'') when ''plan'' then n.status = ''triaged'''
    || ' when ''report'' then n.status in (''triaged'', ''in_progress'') else false end)';
begin
  select community_id into v_community from public.profiles where id = v_uid;
  v_staff := v_community is not null and app.is_staff_of(v_community);
  if not v_staff then
    select array_agg(a.grid_id) into v_grids from public.grid_assignments a
    join public.grids g on g.id = a.grid_id
    where a.profile_id = v_uid and app.has_role(g.community_id, array['grid_worker']::public.app_role[]);
    if v_grids is null then
      perform app.fail('auth.forbidden');
    end if;
    v_mgs := array(select m.id from public.micro_grids m
                   where m.grid_id = any (v_grids) and (p_grid_id is null or m.grid_id = p_grid_id));
  elsif p_grid_id is not null then
    v_mgs := array(select m.id from public.micro_grids m join public.grids g on g.id = m.grid_id
                   where m.grid_id = p_grid_id and g.community_id = v_community);
  end if;
  if v_q is not null and char_length(v_q) > 40 then
    perform app.fail('need.query_invalid', 'q');
  end if;

  if p_status is not null then v_where := v_where || ' and n.status = $3'; end if;
  if p_track is not null then v_where := v_where || ' and n.track = $4'; end if;
  if p_severity is not null then v_where := v_where || ' and n.severity = $5'; end if;
  if p_overdue then
    v_where := v_where || ' and n.status in (''submitted'', ''triaged'', ''in_progress'', ''resolved'', ''escalated'','
      || ' ''in_deliberation'', ''matched'') and ' || c_overdue;
  elsif not p_overdue then
    v_where := v_where || ' and not ' || c_overdue;
  end if;
  if v_q is not null then
    -- A 受理编号 from its date on (HP-20261128, a day's needs at most, to HP-20261128-0042); a shorter start (HP-2026,
    -- a year of needs, sorted whole for every page) is looked for in titles. starts_with(), not LIKE: this function
    -- runs as its caller under RLS, where only a leakproof condition may use needs_ref_no_key (LIKE read every need
    -- of the community: 13 ms a call on the district database, over budget at 300 req/s).
    if v_q ~ '^[A-Za-z][A-Za-z0-9]{1,7}-[0-9]{8}(-[0-9]{0,10})?$' then
      v_ref := upper(v_q);
      v_where := v_where || ' and starts_with(n.ref_no, $9)';
    else
      v_where := v_where || ' and strpos(n.title, $10) > 0';
    end if;
  end if;
  if p_after_created_at is not null or p_after_id is not null then
    v_where := v_where || format(' and (n.created_at, n.id) %s ($6, $7)', case when p_oldest_first then '>' else '<' end);
  end if;

  if v_mgs is null then
    v_sql := format('select n from public.needs n where n.community_id = $1%s order by n.created_at %s, n.id %s limit $8',
      v_where, v_dir, v_dir);
  else
    v_sql := format('select x.n from unnest($2::uuid[]) g(mg) cross join lateral ('
      || 'select n, n.created_at, n.id from public.needs n where n.micro_grid_id = g.mg%s'
      || ' order by n.created_at %s, n.id %s limit $8) x order by x.created_at %s, x.id %s limit $8',
      v_where, v_dir, v_dir, v_dir, v_dir);
  end if;
  execute format('select array(%s)', v_sql) into v_rows
    using v_community, v_mgs, p_status, p_track, p_severity, p_after_created_at, p_after_id, v_limit + 1, v_ref, v_q;
  return jsonb_build_object(
    'items', app.needs_page_json(v_rows[1:v_limit], case when v_staff then 'all' else 'none' end),
    'hasMore', cardinality(v_rows) > v_limit);
end
$$;
revoke execute on function public.needs_list(public.need_status, public.need_track, public.need_severity, uuid, boolean, boolean,
  timestamptz, uuid, int, text) from public, anon;
grant execute on function public.needs_list(public.need_status, public.need_track, public.need_severity, uuid, boolean, boolean,
  timestamptz, uuid, int, text) to authenticated;

-- 相似需求 (from 20261129002000_needs_lists.sql) + refNo
create or replace function public.needs_similar(
  p_micro_grid_id uuid,
  p_title text,
  p_after_similarity numeric default null,
  p_after_created_at timestamptz default null,
  p_after_id uuid default null,
  p_limit int default 20
) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  v_community uuid;
  v_grams text := app.cjk_grams(p_title);
  v_limit int := least(greatest(coalesce(p_limit, 20), 1), 50);
  v_rows jsonb;
begin
  select community_id into v_community from public.profiles where id = v_uid;
  if v_community is null or not exists (
    select 1 from public.micro_grids m join public.grids g on g.id = m.grid_id
    where m.id = p_micro_grid_id and g.community_id = v_community
  ) then
    perform app.fail('need.micro_grid_invalid', 'microGridId');
  end if;
  select coalesce(jsonb_agg(jsonb_build_object(
      'id', s.id, 'refNo', s.ref_no, 'title', s.title, 'category', s.category, 'status', s.status, 'followers', s.follower_count,
      'following', f.need_id is not null,
      'mine', s.created_by is not distinct from v_uid, 'similarity', s.sim, 'createdAt', app.iso(s.created_at)
    ) order by s.sim desc, s.created_at desc, s.id desc), '[]'::jsonb)
    into v_rows
  from (
    select n.id, n.ref_no, n.title, n.category, n.status, n.follower_count, n.created_by, n.created_at,
           round(extensions.similarity(n.title_grams, v_grams)::numeric, 3) as sim
    from public.needs n
    where n.micro_grid_id = p_micro_grid_id
      and n.status in ('submitted', 'triaged', 'in_progress', 'escalated', 'in_deliberation', 'matched')
      and extensions.similarity(n.title_grams, v_grams) >= 0.2
      and (round(extensions.similarity(n.title_grams, v_grams)::numeric, 3), n.created_at, n.id)
          < (coalesce(p_after_similarity, 2), coalesce(p_after_created_at, 'infinity'), coalesce(p_after_id, 'ffffffff-ffff-ffff-ffff-ffffffffffff'))
    order by sim desc, n.created_at desc, n.id desc
    limit v_limit + 1
  ) s
  left join public.need_followers f on f.need_id = s.id and f.profile_id = v_uid;
  return jsonb_build_object(
    'items', coalesce((select jsonb_agg(e order by o) from jsonb_array_elements(v_rows) with ordinality t(e, o) where o <= v_limit), '[]'::jsonb),
    'hasMore', jsonb_array_length(v_rows) > v_limit);
end
$$;
