-- 街道吹哨 list at district scale (issue 14): 668 ms p99 at 300 req/s on the district seed. Its policies called
-- app.is_street_admin and app.street_whistle_called once per row of every street's whistles; now the caller's
-- streets and called whistles are computed once per statement (InitPlans), so the street's page comes from its index.

/** Street whistles (街道吹哨) that called one of the caller's departments. */
create or replace function app.my_called_whistle_ids() returns uuid[]
language plpgsql stable security definer
set search_path = ''
as $$
declare
  v uuid[];
begin
  select coalesce(array_agg(distinct t.whistle_id), '{}') into v
  from public.street_whistle_targets t join public.department_members m on m.department_id = t.department_id
  where m.profile_id = (select auth.uid());
  return v;
end
$$;
grant execute on function app.my_called_whistle_ids() to authenticated;

drop policy if exists street_whistles_select on public.street_whistles;
create policy street_whistles_select on public.street_whistles for select to authenticated
  using (street_id = any ((select app.my_admin_street_ids())::uuid[])
    or id = any ((select app.my_called_whistle_ids())::uuid[]));

drop policy if exists street_whistle_targets_select on public.street_whistle_targets;
create policy street_whistle_targets_select on public.street_whistle_targets for select to authenticated
  using (department_id = any ((select app.my_department_ids())::uuid[])
    or whistle_id = any ((select app.my_called_whistle_ids())::uuid[])
    or exists (select 1 from public.street_whistles w where w.id = whistle_id
               and w.street_id = any ((select app.my_admin_street_ids())::uuid[])));

create index if not exists street_whistle_targets_department_idx on public.street_whistle_targets (department_id, whistle_id);

-- The page itself: built in one statement over the page (the row builder app.street_whistle_json ran five queries
-- per whistle and one permission function per department called: 9 ms a page). Definer, like the builder was, to name
-- the department members who reported, who may live in no community the reader belongs to; scope checked first.
create or replace function public.street_whistles_list(p_street_id uuid default null, p_after_created_at timestamptz default null,
  p_after_id uuid default null, p_limit int default 20) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  v_street uuid := coalesce(p_street_id,
    (select a.street_id from public.street_admins a where a.profile_id = v_uid order by a.created_at, a.street_id limit 1));
  v_admin boolean := v_street is not null and app.is_street_admin(v_street);
  v_depts uuid[] := array(select m.department_id from public.department_members m where m.profile_id = v_uid);
  v_called uuid[] := app.my_called_whistle_ids();
  v_limit int := least(greatest(coalesce(p_limit, 20), 1), 50);
  v_items jsonb;
  v_more boolean;
begin
  if not v_admin and (cardinality(v_depts) = 0 or p_street_id is not null) then
    perform app.fail('auth.forbidden');
  end if;
  with page as (
    select w.*, row_number() over (order by w.created_at desc, w.id desc) as k
    from (
      select w.* from public.street_whistles w
      where (case when v_admin then w.street_id = v_street else w.id = any (v_called) end)
        and (p_after_created_at is null or (w.created_at, w.id) < (p_after_created_at, p_after_id))
      order by w.created_at desc, w.id desc
      limit v_limit + 1
    ) w
  )
  select coalesce(jsonb_agg(jsonb_build_object(
      'id', w.id, 'streetId', w.street_id, 'title', w.title, 'description', w.description,
      'needId', w.need_id, 'needTitle', n.title,
      'place', w.place, 'meetAt', app.iso(w.meet_at), 'status', w.status,
      'createdByName', cp.display_name,
      'createdAt', app.iso(w.created_at), 'closedAt', app.iso(w.closed_at),
      'targets', coalesce(tg.targets, '[]'::jsonb)) order by w.k) filter (where w.k <= v_limit), '[]'::jsonb),
    count(*) > v_limit
    into v_items, v_more
  from page w
  left join public.needs n on n.id = w.need_id
  left join public.profiles cp on cp.id = w.created_by
  left join lateral (
    select jsonb_agg(jsonb_build_object(
        'departmentId', t.department_id, 'departmentName', d.name,
        'reported', t.reported_at is not null, 'reportedAt', app.iso(t.reported_at),
        'reportedByName', rp.display_name,
        'attendee', t.attendee, 'arriveAt', app.iso(t.arrive_at), 'note', t.note,
        'late', t.reported_at is null and now() > w.meet_at,
        'mine', t.department_id = any (v_depts)) order by d.name) as targets
    from public.street_whistle_targets t join public.departments d on d.id = t.department_id
    left join public.profiles rp on rp.id = t.reported_by
    where t.whistle_id = w.id) tg on true;
  return jsonb_build_object('items', v_items, 'hasMore', v_more);
end
$$;
comment on function public.street_whistles_list is
  'security definer: names the department members who reported, who may live outside the reader''s communities (scope checked inside).';
