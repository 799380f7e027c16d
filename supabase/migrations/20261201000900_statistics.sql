-- Statistics: the street's and a community's overview (stats_overview), computed in one read.

----------------------------------------------------------------------------------------------------
-- Read functions
----------------------------------------------------------------------------------------------------
-- security definer with the permission checked first: every figure is then one set-based pass per table over the
-- scope's communities, instead of a policy function evaluated on each row read.
-- Each aggregate is grouped by `grouping sets ((community), ())`: the per-community rows feed the street's
-- comparison, the empty set gives the scope's totals (medians and shares cannot be summed from the parts).
create or replace function public.stats_overview(p_community_id uuid, p_street_id uuid, p_from timestamptz, p_to timestamptz) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
declare
  v_to timestamptz := coalesce(p_to, now());
  v_from timestamptz := coalesce(p_from, coalesce(p_to, now()) - interval '30 days');
  -- the key of the totals row (grouping sets give it a null community)
  v_all constant uuid := '00000000-0000-0000-0000-000000000000';
  v_street boolean := p_street_id is not null;
  v_scope jsonb;
  v_figures jsonb;
begin
  perform app.require_uid();
  if (p_community_id is null) = (p_street_id is null) then
    perform app.fail('stats.scope_invalid', 'communityId');
  end if;
  if v_from > v_to then
    perform app.fail('stats.period_invalid', 'to');
  end if;
  if v_to > v_from + interval '3 years' then
    perform app.fail('stats.period_too_long', 'to');
  end if;
  if v_street then
    if not app.is_street_admin(p_street_id) then
      perform app.fail('auth.forbidden');
    end if;
    select jsonb_build_object('kind', 'street', 'id', s.id, 'name', s.name) into v_scope from public.streets s where s.id = p_street_id;
  else
    if not app.can_manage_community(p_community_id) then
      perform app.fail('auth.forbidden');
    end if;
    select jsonb_build_object('kind', 'community', 'id', c.id, 'name', c.name) into v_scope from public.communities c where c.id = p_community_id;
  end if;
  if v_scope is null then
    perform app.fail('auth.forbidden');
  end if;

  with sc as (
    -- the scope: the community, or the street's communities that were not archived before the period began
    select c.id, c.name, c.seq from public.communities c
    where (not v_street and c.id = p_community_id)
       or (v_street and c.street_id = p_street_id and (c.archived_at is null or c.archived_at > v_from))
  ), keys as (
    select id as k, name, seq from sc
    union all select v_all, null, 0
  ), scn as (
    select coalesce(sc.id, v_all) as k, count(*)::int as communities from sc group by grouping sets ((sc.id), ())
  ),
  -- needs -------------------------------------------------------------------------------------
  n as (
    select x.id, x.community_id as cid, x.status, x.category, x.track, m.grid_id, x.created_at, x.created_by,
           x.due_at, x.resolved_at, x.rating
    from public.needs x left join public.micro_grids m on m.id = x.micro_grid_id
    where x.community_id in (select id from sc) and x.created_at >= v_from and x.created_at < v_to
  ), ev as (
    select n.id,
      extract(epoch from min(e.created_at) filter (
        where e.from_status is not null and e.actor <> 'system' and e.actor_id is distinct from n.created_by) - n.created_at) / 60.0 as response_min,
      extract(epoch from min(e.created_at) filter (where e.to_status = 'resolved') - n.created_at) / 60.0 as resolution_min
    from n join public.need_events e on e.need_id = n.id
    group by n.id, n.created_by, n.created_at
  ), nf as (
    select coalesce(n.cid, v_all) as k,
      count(*)::int as total,
      count(*) filter (where n.due_at is not null and n.status <> 'rejected')::int as with_deadline,
      count(*) filter (where n.due_at is not null and n.status <> 'rejected' and (
        (n.status in ('resolved', 'evaluated', 'closed') and n.resolved_at > n.due_at)
        or (n.status not in ('resolved', 'evaluated', 'closed') and now() > n.due_at)))::int as overdue,
      count(ev.response_min)::int as responded,
      percentile_cont(0.5) within group (order by ev.response_min) as response_median,
      count(ev.resolution_min)::int as resolved,
      percentile_cont(0.5) within group (order by ev.resolution_min) as resolution_median,
      count(n.rating)::int as rated,
      avg(n.rating) as rating_avg,
      count(*) filter (where n.rating >= 4)::int as rated_high
    from n left join ev on ev.id = n.id
    group by grouping sets ((n.cid), ())
  ), n_status as (
    select k, jsonb_object_agg(key, c) as obj from (
      select coalesce(n.cid, v_all) as k, n.status::text as key, count(*)::int as c from n group by grouping sets ((n.cid, n.status), (n.status))
    ) s group by k
  ), n_category as (
    select k, jsonb_object_agg(key, c) as obj from (
      select coalesce(n.cid, v_all) as k, n.category::text as key, count(*)::int as c from n group by grouping sets ((n.cid, n.category), (n.category))
    ) s group by k
  ), n_track as (
    -- `none`: not yet triaged (三事分流 not decided)
    select k, jsonb_object_agg(key, c) as obj from (
      select coalesce(n.cid, v_all) as k, coalesce(n.track::text, 'none') as key, count(*)::int as c from n
      group by grouping sets ((n.cid, coalesce(n.track::text, 'none')), (coalesce(n.track::text, 'none')))
    ) s group by k
  ), grid_counts as (
    select n.grid_id, count(*)::int as c from n where n.grid_id is not null group by n.grid_id
  ), no_grid as (
    select coalesce(n.cid, v_all) as k, count(*)::int as c from n where n.grid_id is null group by grouping sets ((n.cid), ())
  ), grid_rows as (
    -- every grid of the scope, with zero where no need was raised; in a street the label names the community too
    select g.community_id as cid, g.id, g.name, sc.name as community, sc.seq, coalesce(gc.c, 0) as c
    from public.grids g join sc on sc.id = g.community_id left join grid_counts gc on gc.grid_id = g.id
  ), n_grid as (
    select k, coalesce(jsonb_agg(jsonb_build_object('key', id, 'label', label, 'count', c) order by seq, label, id), '[]'::jsonb) as arr from (
      select cid as k, id::text as id, name as label, c, seq from grid_rows
      union all
      select v_all, id::text, case when v_street then community || ' ' || name else name end, c, seq from grid_rows
    ) s group by k
  ),
  -- service projects --------------------------------------------------------------------------
  sp as (
    select p.id, p.community_id as cid, p.status, p.created_at, p.completed_at, p.beneficiaries
    from public.service_projects p
    where p.id in (
      select x.id from public.service_projects x where x.community_id in (select id from sc) and x.created_at >= v_from and x.created_at < v_to
      union
      select x.id from public.service_projects x where x.community_id in (select id from sc) and x.completed_at >= v_from and x.completed_at < v_to)
  ), spf as (
    select coalesce(sp.cid, v_all) as k,
      count(*) filter (where sp.created_at >= v_from and sp.created_at < v_to)::int as created,
      count(*) filter (where sp.completed_at >= v_from and sp.completed_at < v_to and sp.status in ('completed', 'evaluated'))::int as completed,
      coalesce(sum(sp.beneficiaries) filter (where sp.completed_at >= v_from and sp.completed_at < v_to and sp.status in ('completed', 'evaluated')), 0)::int as beneficiaries
    from sp group by grouping sets ((sp.cid), ())
  ), sp_status as (
    select k, jsonb_object_agg(key, c) as obj from (
      select coalesce(sp.cid, v_all) as k, sp.status::text as key, count(*)::int as c from sp
      where sp.created_at >= v_from and sp.created_at < v_to group by grouping sets ((sp.cid, sp.status), (sp.status))
    ) s group by k
  ),
  -- volunteers --------------------------------------------------------------------------------
  sh as (
    select sp2.community_id as cid, s.profile_id, s.verified_minutes
    from public.service_posts sp2 join public.shifts s on s.post_id = sp2.id
    where sp2.community_id in (select id from sc) and s.status = 'confirmed' and s.check_in_at >= v_from and s.check_in_at < v_to
  ), shf as (
    select coalesce(sh.cid, v_all) as k, coalesce(sum(sh.verified_minutes), 0)::bigint as minutes, count(*)::int as shifts,
      count(distinct sh.profile_id)::int as volunteers
    from sh group by grouping sets ((sh.cid), ())
  ), res as (
    select p.id, p.community_id as cid from public.profiles p
    where p.community_id in (select id from sc)
      and exists (select 1 from public.profile_roles r where r.profile_id = p.id and r.community_id = p.community_id and r.role = 'resident')
  ), res_hours as (
    select s.profile_id, sum(s.verified_minutes) / 60.0 as hours from public.shifts s
    where s.profile_id in (select id from res) and s.status = 'confirmed'
      and s.check_in_at >= v_to - interval '12 months' and s.check_in_at < v_to
    group by s.profile_id
  ), banded as (
    select res.cid, t.yearly_target_hours as target,
      case when coalesce(h.hours, 0) > 0 and coalesce(h.hours, 0) >= coalesce(t.yearly_target_hours, 12) then 'core'
           when coalesce(h.hours, 0) > 0 then 'active' else 'general' end as band
    from res left join res_hours h on h.profile_id = res.id
    left join public.community_volunteer_settings t on t.community_id = res.cid
  ), bf as (
    select coalesce(b.cid, v_all) as k, count(*)::int as residents,
      count(*) filter (where band = 'core')::int as core,
      count(*) filter (where band = 'active')::int as active,
      count(*) filter (where band = 'general')::int as general
    from banded b group by grouping sets ((b.cid), ())
  ), targets as (
    -- one target when every community of the row shares it, else null
    select coalesce(t.community_id, v_all) as k, case when min(t.yearly_target_hours) = max(t.yearly_target_hours) then min(t.yearly_target_hours) end as target
    from public.community_volunteer_settings t where t.community_id in (select id from sc)
    group by grouping sets ((t.community_id), ())
  ),
  -- beans -------------------------------------------------------------------------------------
  bt as (
    select t.community_id as cid, t.kind, t.amount, o.kind as reversed_kind
    from public.bean_transfers t left join public.bean_transfers o on o.id = t.reverses
    where t.community_id in (select id from sc) and t.created_at >= v_from and t.created_at < v_to
  ), btf as (
    select coalesce(bt.cid, v_all) as k,
      (coalesce(sum(bt.amount) filter (where bt.kind::text like 'award%'), 0)
        - coalesce(sum(bt.amount) filter (where bt.kind = 'reversal' and bt.reversed_kind::text like 'award%'), 0))::bigint as issued,
      coalesce(sum(bt.amount) filter (where bt.kind = 'settle'), 0)::bigint as redeemed,
      count(*) filter (where bt.kind = 'settle')::int as redemptions
    from bt group by grouping sets ((bt.cid), ())
  ),
  -- deliberation ------------------------------------------------------------------------------
  mt as (
    select m.community_id as cid, m.status from public.meetings m
    where m.community_id in (select id from sc) and m.starts_at >= v_from and m.starts_at < v_to
  ), mtf as (
    select coalesce(mt.cid, v_all) as k,
      count(*) filter (where mt.status = 'held')::int as held,
      count(*) filter (where mt.status = 'scheduled')::int as scheduled,
      count(distinct mt.cid) filter (where mt.status = 'held')::int as covered
    from mt group by grouping sets ((mt.cid), ())
  ), rs as (
    select r.community_id as cid, r.status from public.resolutions r
    where r.community_id in (select id from sc) and r.created_at >= v_from and r.created_at < v_to
  ), rsf as (
    select coalesce(rs.cid, v_all) as k, count(*)::int as passed, count(*) filter (where rs.status = 'completed')::int as completed
    from rs group by grouping sets ((rs.cid), ())
  ),
  figures as (
    select keys.k, keys.name, keys.seq, jsonb_build_object(
      'needs', jsonb_build_object(
        'total', coalesce(nf.total, 0),
        'byStatus', coalesce(n_status.obj, '{}'::jsonb),
        'byCategory', coalesce(n_category.obj, '{}'::jsonb),
        'byTrack', coalesce(n_track.obj, '{}'::jsonb),
        'byGrid', coalesce(n_grid.arr, '[]'::jsonb)
          || case when coalesce(no_grid.c, 0) > 0 then jsonb_build_array(jsonb_build_object('key', 'none', 'label', '未定位网格', 'count', no_grid.c)) else '[]'::jsonb end,
        'overdue', jsonb_build_object('withDeadline', coalesce(nf.with_deadline, 0), 'overdue', coalesce(nf.overdue, 0),
          'rate', round(nf.overdue::numeric / nullif(nf.with_deadline, 0), 3)),
        'firstResponse', jsonb_build_object('count', coalesce(nf.responded, 0), 'medianMinutes', round(nf.response_median::numeric, 1)),
        'resolution', jsonb_build_object('count', coalesce(nf.resolved, 0), 'medianMinutes', round(nf.resolution_median::numeric, 1)),
        'satisfaction', jsonb_build_object('rated', coalesce(nf.rated, 0), 'average', round(nf.rating_avg, 2),
          'highShare', round(nf.rated_high::numeric / nullif(nf.rated, 0), 3))),
      'services', jsonb_build_object(
        'created', coalesce(spf.created, 0),
        'byStatus', coalesce(sp_status.obj, '{}'::jsonb),
        'completed', coalesce(spf.completed, 0),
        'beneficiaries', coalesce(spf.beneficiaries, 0)),
      'volunteers', jsonb_build_object(
        'hours', round(coalesce(shf.minutes, 0) / 60.0, 1),
        'shifts', coalesce(shf.shifts, 0),
        'volunteers', coalesce(shf.volunteers, 0),
        'participation', jsonb_build_object(
          'residents', coalesce(bf.residents, 0),
          'targetHours', targets.target,
          'bands', jsonb_build_object(
            'core', jsonb_build_object('count', coalesce(bf.core, 0), 'share', coalesce(round(bf.core::numeric / nullif(bf.residents, 0), 3), 0)),
            'active', jsonb_build_object('count', coalesce(bf.active, 0), 'share', coalesce(round(bf.active::numeric / nullif(bf.residents, 0), 3), 0)),
            'general', jsonb_build_object('count', coalesce(bf.general, 0), 'share', coalesce(round(bf.general::numeric / nullif(bf.residents, 0), 3), 0))),
          'ideal', jsonb_build_object('core', 0.1, 'active', 0.2, 'general', 0.7))),
      'beans', jsonb_build_object(
        'issued', coalesce(btf.issued, 0),
        'redeemed', coalesce(btf.redeemed, 0),
        'redemptions', coalesce(btf.redemptions, 0)),
      'deliberation', jsonb_build_object(
        'meetingsHeld', coalesce(mtf.held, 0),
        'meetingsNotHeld', coalesce(mtf.scheduled, 0),
        'coverage', jsonb_build_object('covered', coalesce(mtf.covered, 0), 'communities', coalesce(scn.communities, 0),
          'rate', round(coalesce(mtf.covered, 0)::numeric / nullif(scn.communities, 0), 3)),
        'conversion', jsonb_build_object('passed', coalesce(rsf.passed, 0), 'completed', coalesce(rsf.completed, 0),
          'rate', round(rsf.completed::numeric / nullif(rsf.passed, 0), 3)))
    ) as f
    from keys
    left join scn on scn.k = keys.k
    left join nf on nf.k = keys.k
    left join n_status on n_status.k = keys.k
    left join n_category on n_category.k = keys.k
    left join n_track on n_track.k = keys.k
    left join n_grid on n_grid.k = keys.k
    left join no_grid on no_grid.k = keys.k
    left join spf on spf.k = keys.k
    left join sp_status on sp_status.k = keys.k
    left join shf on shf.k = keys.k
    left join bf on bf.k = keys.k
    left join targets on targets.k = keys.k
    left join btf on btf.k = keys.k
    left join mtf on mtf.k = keys.k
    left join rsf on rsf.k = keys.k
  )
  select jsonb_build_object(
    'totals', (select f from figures where k = v_all),
    'communities', case when v_street then coalesce((select jsonb_agg(jsonb_build_object('communityId', k, 'name', name, 'figures', f) order by seq, name)
                                                     from figures where k <> v_all), '[]'::jsonb)
                        else '[]'::jsonb end)
  into v_figures;

  return jsonb_build_object('scope', v_scope, 'from', app.iso(v_from), 'to', app.iso(v_to)) || v_figures;
end
$$;
grant execute on function public.stats_overview(uuid, uuid, timestamptz, timestamptz) to authenticated;
comment on function public.stats_overview(uuid, uuid, timestamptz, timestamptz) is 'security definer: aggregate counts over rows the reader may not see one by one (scope checked inside).';

----------------------------------------------------------------------------------------------------
-- Reference data
----------------------------------------------------------------------------------------------------
-- Nothing for anon, anywhere. On Supabase the API roles are granted every new table by default; this file comes
-- last, so the revoke covers every table above.
revoke all on all tables in schema public from anon;

-- nothing for anon, anywhere
revoke all on all tables in schema public from anon;
