-- Issue 15, measured: staff searching the queue by a 受理编号 prefix ran at 13 ms a call on the district database
-- (p50 1.1 s at 300 req/s, the one list over budget). needs_list runs as its caller, so RLS applies, and LIKE is not
-- leakproof: Postgres may not evaluate it before the policy, so needs_ref_no_key was never used and every need of
-- the community was read. starts_with() is leakproof and its planner support turns the prefix into a range on the
-- same text_pattern_ops index. A number is searched from its date on (HP-20261128, a day's needs at most): a shorter
-- start (HP-2026, a year of a community's needs, sorted whole for every page) is searched as title words instead.
-- Otherwise needs_list is as in 20261130000100_need_outcomes.sql.
create or replace function public.needs_list(
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
    -- a 受理编号 or its start (HP, HP-2026, HP-20261128-00…): letters, digits and dashes only, so no LIKE wildcard
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
