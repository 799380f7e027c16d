-- Keyset paging for 资源清单 (`resources_list`) and 服务清单 (`services_list`), as the needs queue has.
--
-- Both lists returned every row, building each row's JSON (`app.resource_json`, `app.project_json`): on the
-- community-scale seed of `npm run bench:api` that is 325 resources (43 ms) and 143 projects (22 ms) per call,
-- which saturates the endpoints far below 300 req/s. Now a call returns one page, newest first by
-- (created_at, id), and builds JSON only for the rows it returns. The cursor is the last row's (created_at, id):
-- rows with an equal created_at are told apart by id, so a page boundary never repeats or skips a row.
--
-- Filters and permissions are unchanged: active resources of the caller's (or the given) community or serving it,
-- or only the caller's own with p_mine; contact fields for staff of the resource's community and its publisher;
-- projects of the caller's (or the given) community, public part only.
--
-- Result: { "items": [...], "hasMore": bool }; the handler turns hasMore and the last item into `nextCursor`.

drop function public.resources_list(public.need_category, uuid, boolean);
create function public.resources_list(
  p_category public.need_category default null,
  p_community_id uuid default null,
  p_mine boolean default false,
  p_after_created_at timestamptz default null,
  p_after_id uuid default null,
  p_limit int default 20
) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  v_community uuid := coalesce(p_community_id, (select community_id from public.profiles where id = v_uid));
  v_limit int := least(greatest(coalesce(p_limit, 20), 1), 100);
  v_items jsonb;
  v_more boolean;
begin
  -- one row past the page says whether there is a next one; JSON is built for the page's rows only
  select coalesce(jsonb_agg(app.resource_json(x.r, (x.r).publisher_id = v_uid or app.is_staff_of((x.r).community_id)) order by x.n)
           filter (where x.n <= v_limit), '[]'::jsonb),
         count(*) > v_limit
    into v_items, v_more
  from (
    select r, row_number() over (order by r.created_at desc, r.id desc) as n
    from public.resources r
    where r.status = 'active'
      and (p_category is null or p_category = any (r.categories))
      -- `@>` rather than `= any` so the GIN index on area_community_ids can serve the second branch
      and (case when coalesce(p_mine, false) then r.publisher_id = v_uid
                else r.community_id = v_community or r.area_community_ids @> array[v_community] end)
      and (p_after_created_at is null or (r.created_at, r.id) < (p_after_created_at, p_after_id))
    order by r.created_at desc, r.id desc
    limit v_limit + 1
  ) x;
  return jsonb_build_object('items', v_items, 'hasMore', v_more);
end
$$;
revoke execute on function public.resources_list(public.need_category, uuid, boolean, timestamptz, uuid, int) from public, anon;
grant execute on function public.resources_list(public.need_category, uuid, boolean, timestamptz, uuid, int) to authenticated;

drop function public.services_list(uuid, public.project_status);
create function public.services_list(
  p_community_id uuid default null,
  p_status public.project_status default null,
  p_after_created_at timestamptz default null,
  p_after_id uuid default null,
  p_limit int default 20
) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
declare
  v_community uuid := coalesce(p_community_id, (select community_id from public.profiles where id = app.require_uid()));
  v_limit int := least(greatest(coalesce(p_limit, 20), 1), 100);
  v_items jsonb;
  v_more boolean;
begin
  select coalesce(jsonb_agg(app.project_json(x.p, false) order by x.n) filter (where x.n <= v_limit), '[]'::jsonb),
         count(*) > v_limit
    into v_items, v_more
  from (
    select p, row_number() over (order by p.created_at desc, p.id desc) as n
    from public.service_projects p
    where p.community_id = v_community and (p_status is null or p.status = p_status)
      and (p_after_created_at is null or (p.created_at, p.id) < (p_after_created_at, p_after_id))
    order by p.created_at desc, p.id desc
    limit v_limit + 1
  ) x;
  return jsonb_build_object('items', v_items, 'hasMore', v_more);
end
$$;
revoke execute on function public.services_list(uuid, public.project_status, timestamptz, uuid, int) from public, anon;
grant execute on function public.services_list(uuid, public.project_status, timestamptz, uuid, int) to authenticated;

-- 资源清单 pages: a community's active resources newest first, read in index order and stopped after one page
-- (replaces resources_community_idx (community_id, status), of which it is an extension)
create index resources_community_page_idx on public.resources (community_id, status, created_at desc, id desc);
drop index public.resources_community_idx;
comment on index public.resources_community_page_idx is 'resources_list: a community''s resources by status, newest first, keyset (created_at, id).';

-- 资源清单 with mine=true: a publisher's own resources newest first
create index resources_publisher_page_idx on public.resources (publisher_id, created_at desc, id desc) where status = 'active';
comment on index public.resources_publisher_page_idx is 'resources_list mine=true: a publisher''s active resources, newest first, keyset (created_at, id).';

-- 服务清单 pages without a status filter: all of a community's projects newest first
create index service_projects_community_page_idx on public.service_projects (community_id, created_at desc, id desc);
comment on index public.service_projects_community_page_idx is 'services_list: a community''s projects newest first, keyset (created_at, id).';

-- 服务清单 pages with a status filter (replaces service_projects_community_idx (community_id, status, created_at desc),
-- of which it is an extension: the id makes the order total for the keyset)
create index service_projects_community_status_page_idx on public.service_projects (community_id, status, created_at desc, id desc);
drop index public.service_projects_community_idx;
comment on index public.service_projects_community_status_page_idx is 'services_list with status: a community''s projects in one status newest first, keyset (created_at, id).';
