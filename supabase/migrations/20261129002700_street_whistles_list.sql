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
