-- More of the inbox (消息), issue 12 item 1: the events that still told nobody.
--
-- Each event function is replaced by its latest definition plus the insert, in the event's own transaction:
--   service.proposed   a service project opened (matching accepted or a claim): the resident whose need it is, and the
--                      resource publisher when the community side opened it (their turn to confirm); never the actor
--   service.confirmed  both sides confirmed: the resident, and the publisher when the community confirmed last
--   shift.claimed      the volunteer, confirming the slot's time and place
--   shift.no_show      the volunteer, from the shifts cron
--   motion.opened      those who may vote: the community's residents or the meeting's registered attendees (capped)
--   redemption.refunded the holder, on a staff cancel or on expiry (not when they cancelled it themselves)

----------------------------------------------------------------------------------------------------
-- Service projects (from 20261122000300_resources_services.sql)
----------------------------------------------------------------------------------------------------
create or replace function app.project_open(
  p_need uuid, p_resource uuid, p_origin public.project_origin, p_proposal uuid, p_unit_side boolean, p_actor uuid
) returns public.service_projects
language plpgsql security definer
set search_path = ''
as $$
declare
  n public.needs;
  r public.resources;
  p public.service_projects;
begin
  select * into n from public.needs where id = p_need for update;
  select * into r from public.resources where id = p_resource for update;
  if n.id is null then
    perform app.fail('need.not_found', 'needId');
  end if;
  if r.id is null or r.status <> 'active' then
    perform app.fail('resource.not_found', 'resourceId');
  end if;
  if n.status not in ('triaged', 'in_progress', 'matched') then
    perform app.fail('service.need_not_open', 'needId');
  end if;
  if not app.resource_covers(r, n) then
    perform app.fail('service.not_covered', 'resourceId');
  end if;
  if exists (select 1 from public.service_projects x where x.need_id = p_need and x.resource_id = p_resource and x.status <> 'cancelled') then
    perform app.fail('service.duplicate');
  end if;
  if (select count(*) from public.service_projects x where x.need_id = p_need and x.status <> 'cancelled') >= n.demand then
    perform app.fail('service.need_full');
  end if;
  if app.resource_load(p_resource) >= r.capacity then
    perform app.fail('service.resource_full');
  end if;
  insert into public.service_projects (community_id, need_id, resource_id, origin, proposal_id, created_by,
    unit_confirmed_at, community_confirmed_at)
  values (n.community_id, p_need, p_resource, p_origin, p_proposal, p_actor,
    case when p_unit_side then now() end, case when not p_unit_side then now() end)
  returning * into p;
  insert into public.service_progress (project_id, author_id, note)
  values (p.id, p_actor, case p_origin when 'proposal' then '社区采纳匹配建议，等待资源方确认'
                                       when 'unit_claim' then '资源方认领需求，等待社区确认'
                                       else '社区为居民认领资源，等待资源方确认' end);
  -- 匹配提议: the resident whose need it is; the publisher when the community side proposed it (their turn to confirm)
  insert into public.notifications (profile_id, kind, payload)
  select y.profile_id, 'service.proposed', jsonb_build_object('projectId', p.id, 'needId', n.id, 'title', n.title,
    'resourceTitle', r.title, 'origin', p.origin, 'side', y.side)
  from (values (n.created_by, 'owner'), (case when not p_unit_side then r.publisher_id end, 'provider')) y(profile_id, side)
  where y.profile_id is not null and y.profile_id is distinct from p_actor
    and not (y.side = 'provider' and y.profile_id = n.created_by);
  return p;
end
$$;

create or replace function public.service_confirm(p_id uuid) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  l record;
  p public.service_projects;
  n public.needs;
begin
  select * into l from app.project_lock(p_id);
  p := l.p;
  if not (l.is_staff or l.is_unit) then
    perform app.fail('auth.forbidden');
  end if;
  if p.status <> 'proposed' then
    perform app.fail('service.transition_invalid');
  end if;
  update public.service_projects set
    unit_confirmed_at = case when l.is_unit then coalesce(unit_confirmed_at, now()) else unit_confirmed_at end,
    community_confirmed_at = case when l.is_staff then coalesce(community_confirmed_at, now()) else community_confirmed_at end,
    updated_at = now()
  where id = p_id returning * into p;
  if p.unit_confirmed_at is not null and p.community_confirmed_at is not null then
    update public.service_projects set status = 'confirmed' where id = p_id returning * into p;
    -- 匹配成立: the resident, and the publisher when the community side was the one confirming now
    insert into public.notifications (profile_id, kind, payload)
    select y.profile_id, 'service.confirmed', jsonb_build_object('projectId', p.id, 'needId', nn.id, 'title', nn.title,
      'resourceTitle', r.title, 'side', y.side)
    from public.needs nn, public.resources r,
      lateral (values (nn.created_by, 'owner'), (r.publisher_id, 'provider')) y(profile_id, side)
    where nn.id = p.need_id and r.id = p.resource_id
      and y.profile_id is not null and y.profile_id is distinct from v_uid
      and not (y.side = 'provider' and y.profile_id = nn.created_by);
    insert into public.service_progress (project_id, author_id, note) values (p_id, v_uid, '双方确认，服务项目成立');
    select * into n from public.needs where id = p.need_id;
    if n.status in ('triaged', 'in_progress') then
      perform app.need_apply(n.id, 'matched', array['system']::public.need_actor[], null, '已匹配服务：' ||
        (select r.title from public.resources r where r.id = p.resource_id));
    end if;
  end if;
  return app.project_json(p, true);
end
$$;

----------------------------------------------------------------------------------------------------
-- Shifts (shift_claim from 20261128000400_editing_settings.sql, shifts_sweep from 20261122000400_volunteers.sql)
----------------------------------------------------------------------------------------------------
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
  insert into public.notifications (profile_id, kind, payload)
  values (v_uid, 'shift.claimed', jsonb_build_object('shiftId', x.id, 'postId', p.id, 'title', p.title, 'place', p.place,
    'at', app.iso(s.starts_at), 'endsAt', app.iso(s.ends_at)));
  return app.shift_json(x);
end
$$;

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
  )
  select jsonb_build_object('noShows', (select count(*) from marked))
$$;

----------------------------------------------------------------------------------------------------
-- Motions (from 20261122000600_deliberation.sql)
----------------------------------------------------------------------------------------------------
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
  if jsonb_array_length(coalesce(p_options, '[]')) not between 2 and 10 then
    perform app.fail('motion.options_invalid', 'options');
  end if;
  if p_closes_at is not null and p_closes_at <= now() then
    perform app.fail('motion.window_invalid', 'closesAt');
  end if;
  insert into public.motions (meeting_id, title, voters, quorum, threshold, closes_at, hide_results)
  values (p_meeting_id, btrim(p_title), p_voters, p_quorum, p_threshold, p_closes_at, coalesce(p_hide_results, false))
  returning * into x;
  insert into public.motion_options (motion_id, label, position)
  select x.id, btrim(o.value), (o.ordinality - 1)::int from jsonb_array_elements_text(p_options) with ordinality o;
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
-- Redemptions refunded (from 20261122000500_beans.sql)
----------------------------------------------------------------------------------------------------
create or replace function app.redemption_refund(x public.redemptions, p_status public.redemption_status, p_actor uuid) returns public.redemptions
language plpgsql security definer
set search_path = ''
as $$
declare
  r public.rewards;
begin
  select * into r from public.rewards where id = x.reward_id for update;
  perform app.transfer('refund:' || x.id, 'refund', app.bean_account('escrow', null, r.community_id),
                       app.bean_account('person', x.profile_id, null), x.price_beans,
                       case when p_status = 'expired' then '兑换过期退回：' else '取消兑换退回：' end || r.title, p_actor, r.community_id, x.id::text);
  update public.rewards set stock = stock + 1 where id = r.id;
  update public.redemptions set status = p_status, cancelled_at = now() where id = x.id returning * into x;
  -- the holder, unless they cancelled it themselves
  if p_actor is distinct from x.profile_id then
    insert into public.notifications (profile_id, kind, payload)
    values (x.profile_id, 'redemption.refunded', jsonb_build_object('redemptionId', x.id, 'rewardId', r.id, 'title', r.title,
      'beans', x.price_beans, 'reason', p_status));
  end if;
  return x;
end
$$;
