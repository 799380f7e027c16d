-- Exports (导出, issue 12): needs, service projects, volunteer hours, bean movements and resolutions of a community or
-- a whole street for a period, as rows for a spreadsheet. The CSV itself is written in TypeScript (core/exports);
-- this file decides who may export what and what a cell may hold.
--
-- Who: staff of the community or an admin of its street (app.can_manage_community) for a community; an admin of the
-- street (app.is_street_admin) for the street; everyone else gets auth.forbidden.
-- What: names, titles and labels, never an id (a spreadsheet goes around by e-mail and WeChat). Personal data only as
-- the screens show it to the same person: a need's contact phone masked like the members list (app.mask_phone);
-- addresses, resource contacts and check-in positions are left out.
-- Period: [from, to] as whole days in Beijing time, at most three years; at most 50,000 rows (export.too_many_rows,
-- counted before a row is built), so a request never holds a function instance for minutes.

-- 2026-11-28 09:30 in Beijing time: what a spreadsheet shows in a cell
create or replace function app.export_time(p_ts timestamptz) returns text
language sql immutable
set search_path = ''
as $$ select to_char(p_ts at time zone 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') $$;

create or replace function public.export_rows(
  p_kind text, p_community_id uuid, p_street_id uuid, p_from date, p_to date
) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
declare
  c_max_rows constant int := 50000;
  v_communities uuid[];
  v_start timestamptz;
  v_end timestamptz;
  v_count bigint;
  v_rows jsonb;
begin
  perform app.require_uid();
  if (p_community_id is null) = (p_street_id is null) then
    perform app.fail('export.scope_required', 'communityId');
  end if;
  if p_from is null then
    perform app.fail('export.period_invalid', 'from');
  end if;
  if p_to is null or p_to < p_from then
    perform app.fail('export.period_invalid', 'to');
  end if;
  if p_to >= (p_from + interval '3 years')::date then
    perform app.fail('export.period_too_long', 'to');
  end if;
  -- permission before anything about the data is read or counted
  if p_community_id is not null then
    if not app.can_manage_community(p_community_id) then
      perform app.fail('auth.forbidden');
    end if;
    v_communities := array[p_community_id];
  else
    if not app.is_street_admin(p_street_id) then
      perform app.fail('auth.forbidden');
    end if;
    v_communities := coalesce((select array_agg(c.id) from public.communities c where c.street_id = p_street_id), '{}');
  end if;
  v_start := p_from::timestamp at time zone 'Asia/Shanghai';
  v_end := (p_to + 1)::timestamp at time zone 'Asia/Shanghai';

  if p_kind = 'needs' then
    select count(*) into v_count from public.needs n
    where n.community_id = any (v_communities) and n.created_at >= v_start and n.created_at < v_end;
    if v_count > c_max_rows then
      perform app.fail('export.too_many_rows');
    end if;
    select coalesce(jsonb_agg(jsonb_build_object(
        'community', c.name,
        'createdAt', app.export_time(n.created_at),
        'title', n.title,
        'category', n.category,
        'source', n.source,
        'urgency', n.urgency,
        'track', n.track,
        'severity', n.severity,
        'status', n.status,
        'grid', g.name,
        'microGrid', m.name,
        'handler', h.display_name,
        'department', n.department,
        'dueAt', app.export_time(n.due_at),
        -- open and past its deadline now, or resolved after its deadline to resolve
        'overdue', case when n.due_at is null then null
                        else app.need_overdue(n) or (n.due_goal = 'resolve' and n.resolved_at > n.due_at) end,
        'resolvedAt', app.export_time(n.resolved_at),
        'rating', n.rating,
        'ratingComment', n.rating_comment,
        'contactName', coalesce(n.contact_name, o.display_name),
        'contactPhone', app.mask_phone(coalesce(n.contact_phone, o.phone))
      ) order by n.created_at, n.id), '[]'::jsonb) into v_rows
    from public.needs n
    join public.communities c on c.id = n.community_id
    left join public.micro_grids m on m.id = n.micro_grid_id
    left join public.grids g on g.id = m.grid_id
    left join public.profiles h on h.id = n.handler_id
    left join public.profiles o on o.id = n.created_by
    where n.community_id = any (v_communities) and n.created_at >= v_start and n.created_at < v_end;

  elsif p_kind = 'services' then
    select count(*) into v_count from public.service_projects p
    where p.community_id = any (v_communities) and p.created_at >= v_start and p.created_at < v_end;
    if v_count > c_max_rows then
      perform app.fail('export.too_many_rows');
    end if;
    select coalesce(jsonb_agg(jsonb_build_object(
        'community', c.name,
        'createdAt', app.export_time(p.created_at),
        'need', n.title,
        'category', n.category,
        'resource', r.title,
        'resourceKind', r.kind,
        'provider', u.display_name,
        'origin', p.origin,
        'status', p.status,
        'beneficiaries', p.beneficiaries,
        'completedAt', app.export_time(p.completed_at),
        'rating', p.rating,
        'ratingComment', p.rating_comment,
        'cancelReason', p.cancel_reason
      ) order by p.created_at, p.id), '[]'::jsonb) into v_rows
    from public.service_projects p
    join public.communities c on c.id = p.community_id
    join public.needs n on n.id = p.need_id
    join public.resources r on r.id = p.resource_id
    left join public.profiles u on u.id = r.publisher_id
    where p.community_id = any (v_communities) and p.created_at >= v_start and p.created_at < v_end;

  elsif p_kind = 'volunteer_hours' then
    -- verified service only: a confirmed shift, dated by its check-in (as volunteer_report counts a year)
    select count(*) into v_count from public.shifts x
    join public.service_posts sp on sp.id = x.post_id
    where sp.community_id = any (v_communities) and x.status = 'confirmed' and x.check_in_at >= v_start and x.check_in_at < v_end;
    if v_count > c_max_rows then
      perform app.fail('export.too_many_rows');
    end if;
    select coalesce(jsonb_agg(jsonb_build_object(
        'community', c.name,
        'name', pr.display_name,
        'workUnit', (select v.work_unit from public.volunteer_registrations v
                     where v.profile_id = x.profile_id and v.status = 'approved' and v.work_unit is not null
                     order by (v.community_id = sp.community_id) desc, v.created_at desc limit 1),
        'post', sp.title,
        'postCategory', sp.category,
        'slot', app.export_time(s.starts_at) || '–' || to_char(s.ends_at at time zone 'Asia/Shanghai', 'HH24:MI'),
        'checkIn', app.export_time(x.check_in_at),
        'checkOut', app.export_time(x.check_out_at),
        'minutes', x.verified_minutes
      ) order by x.check_in_at, x.id), '[]'::jsonb) into v_rows
    from public.shifts x
    join public.service_posts sp on sp.id = x.post_id
    join public.post_slots s on s.id = x.slot_id
    join public.communities c on c.id = sp.community_id
    join public.profiles pr on pr.id = x.profile_id
    where sp.community_id = any (v_communities) and x.status = 'confirmed' and x.check_in_at >= v_start and x.check_in_at < v_end;

  elsif p_kind = 'bean_movements' then
    -- both sides of each transfer of the community: the pool's issue is the person's award
    select count(*) into v_count from public.bean_movements bm
    join public.bean_transfers t on t.id = bm.transfer_id
    where t.community_id = any (v_communities) and bm.created_at >= v_start and bm.created_at < v_end;
    if v_count > c_max_rows then
      perform app.fail('export.too_many_rows');
    end if;
    select coalesce(jsonb_agg(jsonb_build_object(
        'community', c.name,
        'at', app.export_time(bm.created_at),
        'account', case a.kind when 'person' then pr.display_name
                               when 'provider' then pr.display_name || '（兑换商家）'
                               when 'pool' then '社区金豆池'
                               else '兑换暂存' end,
        'amount', bm.amount,
        'balanceAfter', bm.balance_after,
        'kind', t.kind,
        'reason', t.reason
      ) order by bm.id), '[]'::jsonb) into v_rows
    from public.bean_movements bm
    join public.bean_transfers t on t.id = bm.transfer_id
    join public.bean_accounts a on a.id = bm.account_id
    join public.communities c on c.id = t.community_id
    left join public.profiles pr on pr.id = a.profile_id
    where t.community_id = any (v_communities) and bm.created_at >= v_start and bm.created_at < v_end;

  elsif p_kind = 'resolutions' then
    select count(*) into v_count from public.resolutions r
    where r.community_id = any (v_communities) and r.created_at >= v_start and r.created_at < v_end;
    if v_count > c_max_rows then
      perform app.fail('export.too_many_rows');
    end if;
    select coalesce(jsonb_agg(jsonb_build_object(
        'community', c.name,
        'createdAt', app.export_time(r.created_at),
        'title', r.title,
        'meeting', mt.title,
        'meetingAt', app.export_time(mt.starts_at),
        'need', n.title,
        'status', r.status,
        'actions', (select count(*) from public.resolution_actions ra where ra.resolution_id = r.id),
        'done', (select count(*) from public.resolution_actions ra where ra.resolution_id = r.id and ra.done_at is not null),
        'progress', coalesce((select round(avg(ra.percent))::int from public.resolution_actions ra where ra.resolution_id = r.id), 0),
        'completedAt', app.export_time(r.completed_at),
        'rating', (select round(avg(x.rating)::numeric, 2) from public.resolution_ratings x where x.resolution_id = r.id),
        'ratings', (select count(*) from public.resolution_ratings x where x.resolution_id = r.id)
      ) order by r.created_at, r.id), '[]'::jsonb) into v_rows
    from public.resolutions r
    join public.communities c on c.id = r.community_id
    join public.meetings mt on mt.id = r.meeting_id
    left join public.needs n on n.id = r.need_id
    where r.community_id = any (v_communities) and r.created_at >= v_start and r.created_at < v_end;

  else
    perform app.fail('export.kind_invalid', 'kind');
  end if;
  return v_rows;
end
$$;
revoke execute on function public.export_rows(text, uuid, uuid, date, date) from public, anon;
grant execute on function public.export_rows(text, uuid, uuid, date, date) to authenticated;
