-- Resources (资源清单), matching runs and proposals, and service projects (服务清单) claimed from both sides.
--
-- * Reach by approval: a resource's service area may name only communities its publisher serves by approval
--   (app.publisher_serves); app.resource_covers re-checks it at every use, since an approval may be withdrawn later.
-- * Matching covers one community (its staff) or a whole street (a street admin). matching_run_input hands the
--   solver the open needs and reachable resources in one total order (created_at, id), so ties break the same way
--   every run; matching_run_store accepts only valid candidates, scores in the engine's 0..MAX_SCORE and its reason
--   phrases, and no more pairs than the remaining demand / capacity, or refuses the whole run naming the pair.
-- * A need's demand and a resource's capacity are enforced under row locks (app.project_lock, app.project_open).
-- * The need's contact goes to the provider only once both sides have confirmed, through app.need_contact.

----------------------------------------------------------------------------------------------------
-- Types
----------------------------------------------------------------------------------------------------
create type public.resource_kind as enum ('party', 'administrative', 'social');

create type public.partner_type as enum ('red', 'property', 'public_welfare');

create type public.resource_period as enum ('week', 'month');

create type public.project_status as enum ('proposed', 'confirmed', 'in_progress', 'completed', 'evaluated', 'cancelled');

create type public.project_origin as enum ('proposal', 'unit_claim', 'community_claim');

----------------------------------------------------------------------------------------------------
-- Tables
----------------------------------------------------------------------------------------------------
create table public.resources (
  id uuid primary key default gen_random_uuid(),
  community_id uuid not null references public.communities(id),
  publisher_id uuid not null references public.profiles(id),
  title text not null check (char_length(title) between 2 and 40),
  description text not null default '' check (char_length(description) <= 1000),
  kind public.resource_kind not null,
  partner_type public.partner_type,
  categories public.need_category[] not null check (cardinality(categories) between 1 and 12),
  capacity int not null check (capacity between 1 and 1000),
  period public.resource_period not null default 'month',
  area_community_ids uuid[] not null default '{}',
  area_grid_ids uuid[] not null default '{}',
  availability jsonb not null default '[]' check (jsonb_typeof(availability) = 'array'),
  contact_name text not null check (char_length(contact_name) between 1 and 40),
  contact_phone text not null check (contact_phone ~ '^[0-9]{7,15}$'),
  status text not null default 'active' check (status in ('active', 'paused', 'archived')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  archived_at timestamptz
);
comment on table public.resources is '资源清单: what member units, party members, talents and staff offer; contact is for staff and matched parties only.';
create index resources_area_idx on public.resources using gin (area_community_ids);
-- 资源清单 pages: a community's active resources newest first, read in index order and stopped after one page
create index resources_community_page_idx on public.resources (community_id, status, created_at desc, id desc);
comment on index public.resources_community_page_idx is 'resources_list: a community''s resources by status, newest first, keyset (created_at, id).';
-- 资源清单 with mine=true: a publisher's own resources newest first
create index resources_publisher_page_idx on public.resources (publisher_id, created_at desc, id desc) where status = 'active';
comment on index public.resources_publisher_page_idx is 'resources_list mine=true: a publisher''s active resources, newest first, keyset (created_at, id).';
-- the active resources per home community in the matching run's total order (created_at, id)
create index resources_active_matching_idx on public.resources (community_id, created_at, id)
  where status = 'active';
create index resources_active_area_idx on public.resources using gin (area_community_ids)
  where status = 'active';
alter table public.resources enable row level security;

create table public.match_runs (
  id uuid primary key default gen_random_uuid(),
  community_id uuid not null references public.communities(id),
  run_by uuid not null references public.profiles(id),
  stats jsonb not null,
  created_at timestamptz not null default now(),
  street_run_id uuid
);
comment on table public.match_runs is 'One run of the matching engine over a community''s open needs and resources.';
comment on column public.match_runs.street_run_id is
  'Set when the run was part of a street run (one row per community of the street, all with the same id); null for a community run.';
alter table public.match_runs enable row level security;

create table public.match_proposals (
  id uuid primary key default gen_random_uuid(),
  run_id uuid not null references public.match_runs(id) on delete cascade,
  community_id uuid not null references public.communities(id),
  need_id uuid not null references public.needs(id),
  resource_id uuid not null references public.resources(id),
  score int not null check (score between 0 and 10000),
  reasons text[] not null default '{}',
  status text not null default 'open' check (status in ('open', 'accepted', 'dismissed', 'superseded')),
  created_at timestamptz not null default now(),
  unique (run_id, need_id, resource_id)
);
comment on table public.match_proposals is 'A need-resource pair the engine proposes, with its score and the reasons shown to staff.';
create index match_proposals_open_idx on public.match_proposals (community_id) where status = 'open';
alter table public.match_proposals enable row level security;
-- 匹配建议: the open proposals of a community by score
create index if not exists match_proposals_open_page_idx
  on public.match_proposals (community_id, score, id) where status = 'open';

create table public.service_projects (
  id uuid primary key default gen_random_uuid(),
  community_id uuid not null references public.communities(id),
  need_id uuid not null references public.needs(id),
  resource_id uuid not null references public.resources(id),
  origin public.project_origin not null,
  proposal_id uuid references public.match_proposals(id),
  status public.project_status not null default 'proposed',
  unit_confirmed_at timestamptz,
  community_confirmed_at timestamptz,
  beneficiaries int check (beneficiaries between 0 and 100000),
  rating smallint check (rating between 1 and 5),
  rating_comment text check (char_length(rating_comment) <= 500),
  cancel_reason text check (char_length(cancel_reason) <= 500),
  created_by uuid not null references public.profiles(id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  completed_at timestamptz,
  constraint service_projects_cancel_reason check (status <> 'cancelled' or cancel_reason is not null),
  constraint service_projects_confirmed check (status in ('proposed', 'cancelled') or (unit_confirmed_at is not null and community_confirmed_at is not null)),
  constraint service_projects_rating check (rating is null or status = 'evaluated')
);
comment on table public.service_projects is '服务项目: a need and a resource joined after matching or a two-way claim and both sides'' confirmation (协商).';
-- one live project per pair
create unique index service_projects_pair_live on public.service_projects (need_id, resource_id) where status <> 'cancelled';
alter table public.service_projects enable row level security;
-- resource_load's lookup: the live projects of one resource (without it every call scans all projects)
create index if not exists service_projects_resource_live on public.service_projects (resource_id)
  where status in ('proposed', 'confirmed', 'in_progress');
-- 服务清单 pages without a status filter: all of a community's projects newest first
create index service_projects_community_page_idx on public.service_projects (community_id, created_at desc, id desc);
comment on index public.service_projects_community_page_idx is 'services_list: a community''s projects newest first, keyset (created_at, id).';
-- 服务清单 pages with a status filter (replaces service_projects_community_idx (community_id, status, created_at desc),
-- of which it is an extension: the id makes the order total for the keyset)
create index service_projects_community_status_page_idx on public.service_projects (community_id, status, created_at desc, id desc);
comment on index public.service_projects_community_status_page_idx is 'services_list with status: a community''s projects in one status newest first, keyset (created_at, id).';
create index if not exists service_projects_completed_idx on public.service_projects (community_id, completed_at) where completed_at is not null;
-- the live projects of the scope's needs, counted per need (service_projects_community_idx leads with status)
create index if not exists service_projects_need_live on public.service_projects (community_id, need_id)
  where status <> 'cancelled';

create table public.service_progress (
  id bigint generated always as identity primary key,
  project_id uuid not null references public.service_projects(id) on delete cascade,
  author_id uuid references public.profiles(id),
  note text not null check (char_length(note) between 1 and 500),
  percent int check (percent between 0 and 100),
  created_at timestamptz not null default clock_timestamp()
);
comment on table public.service_progress is 'Progress notes of a service project (and its status changes).';
alter table public.service_progress enable row level security;

----------------------------------------------------------------------------------------------------
-- Table grants
----------------------------------------------------------------------------------------------------
revoke all on public.resources, public.match_runs, public.match_proposals, public.service_projects, public.service_progress from anon, authenticated;

grant select on public.resources, public.match_runs, public.match_proposals, public.service_projects, public.service_progress to authenticated;

grant all on public.resources, public.match_runs, public.match_proposals, public.service_projects, public.service_progress to service_role;

----------------------------------------------------------------------------------------------------
-- Policies
----------------------------------------------------------------------------------------------------
create policy resources_select on public.resources for select to authenticated
  using (publisher_id = (select auth.uid())
    or community_id = any ((select app.my_community_ids())::uuid[])
    or area_community_ids && (select app.my_community_ids())::uuid[]);

create policy match_runs_select on public.match_runs for select to authenticated using (app.is_staff_of(community_id));

create policy match_proposals_select on public.match_proposals for select to authenticated
  using (community_id = any ((select app.my_staff_community_ids())::uuid[]));

create policy service_projects_select on public.service_projects for select to authenticated
  using (community_id = any ((select app.my_community_ids())::uuid[])
    or exists (select 1 from public.resources r where r.id = service_projects.resource_id and r.publisher_id = (select auth.uid()))
    or exists (select 1 from public.needs n where n.id = service_projects.need_id and n.created_by = (select auth.uid())));

create policy service_progress_select on public.service_progress for select to authenticated
  using (exists (select 1 from public.service_projects p where p.id = service_progress.project_id));

----------------------------------------------------------------------------------------------------
-- Read functions
----------------------------------------------------------------------------------------------------
create or replace function app.resource_load(p_resource uuid) returns int
language plpgsql stable
as $$
begin
  return (select count(*)::int from public.service_projects p
          where p.resource_id = p_resource and p.status in ('proposed', 'confirmed', 'in_progress'));
end
$$;
grant execute on function app.resource_load(uuid) to authenticated;

create or replace function app.publisher_serves(p_publisher uuid, p_community uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (
    select 1 from public.profile_roles x
    where x.profile_id = p_publisher and x.community_id = p_community
      and x.role in ('unit', 'party_member', 'talent', 'staff', 'admin'))
$$;
grant execute on function app.publisher_serves(uuid, uuid) to authenticated, service_role;
comment on function app.publisher_serves(uuid, uuid) is 'True when the person holds, in the community, a role that may publish resources: the approval a service area needs.';

-- the publisher must serve the need's community by approval
create or replace function app.resource_covers(r public.resources, n public.needs) returns boolean
language sql stable
set search_path = ''
as $$
  select n.category = any (r.categories)
    and (case when cardinality(r.area_community_ids) = 0 then r.community_id = n.community_id
              else n.community_id = any (r.area_community_ids) end)
    and (cardinality(r.area_grid_ids) = 0 or app.need_grid(n) = any (r.area_grid_ids))
    and app.publisher_serves(r.publisher_id, n.community_id)
$$;
grant execute on function app.resource_covers(public.resources, public.needs) to authenticated;

create or replace function app.resource_json(r public.resources, p_contact boolean) returns jsonb
language sql stable
as $$
  select jsonb_build_object(
    'id', r.id, 'title', r.title, 'description', r.description, 'kind', r.kind, 'partnerType', r.partner_type,
    'categories', to_jsonb(r.categories), 'capacity', r.capacity, 'period', r.period, 'load', app.resource_load(r.id),
    'communityId', r.community_id, 'communityIds', to_jsonb(r.area_community_ids), 'gridIds', to_jsonb(r.area_grid_ids),
    'availability', r.availability, 'publisherId', r.publisher_id,
    'publisherName', (select p.display_name from public.profiles p where p.id = r.publisher_id),
    'status', r.status,
    'contactName', case when p_contact then r.contact_name end,
    'contactPhone', case when p_contact then r.contact_phone end,
    'mine', r.publisher_id = (select auth.uid()),
    'createdAt', app.iso(r.created_at)
  )
$$;
grant execute on function app.resource_json(public.resources, boolean) to authenticated;

-- Who to reach for a need and where, for those who may know it: the need's owner, staff of its community, and the
-- provider (the resource's publisher) of a project for the need that both sides have confirmed and that is not
-- cancelled. Anyone else gets null. For a need with an owner the contact columns are empty (need_create stores them
-- only for hotline needs without one), so the owner's own name and phone stand in: the provider must be able to call.
create or replace function app.need_contact(p_need_id uuid) returns jsonb
language sql stable security definer
set search_path = ''
as $$
  select jsonb_build_object(
    'contactName', coalesce(n.contact_name, o.display_name),
    'contactPhone', coalesce(n.contact_phone, o.phone),
    'address', n.address)
  from public.needs n
  left join public.profiles o on o.id = n.created_by
  where n.id = p_need_id
    and (select auth.uid()) is not null
    and (n.created_by = (select auth.uid())
      or app.is_staff_of(n.community_id)
      or exists (
        select 1 from public.service_projects p
        join public.resources r on r.id = p.resource_id
        where p.need_id = n.id and r.publisher_id = (select auth.uid())
          and p.status in ('confirmed', 'in_progress', 'completed', 'evaluated')))
$$;
grant execute on function app.need_contact(uuid) to authenticated;
comment on function app.need_contact(uuid) is 'The need''s contact name, phone and address for its owner, staff of its community and the provider of a confirmed service project; null for anyone else.';

create or replace function app.project_json(p public.service_projects, p_detail boolean) returns jsonb
language sql stable security definer
set search_path = ''
as $$
  with ctx as (
    select n.title as need_title, n.category as need_category, n.status as need_status, n.created_by as need_owner,
           n.ref_no as need_ref_no,
           r.title as resource_title, r.publisher_id, r.contact_name, r.contact_phone,
           (select pr.display_name from public.profiles pr where pr.id = r.publisher_id) as publisher_name,
           mp.score, coalesce(mp.reasons, '{}') as reasons,
           app.is_staff_of(p.community_id) as is_staff,
           r.publisher_id = (select auth.uid()) as is_unit,
           n.created_by = (select auth.uid()) as is_owner
    from public.needs n, public.resources r
    left join public.match_proposals mp on mp.id = p.proposal_id
    where n.id = p.need_id and r.id = p.resource_id
  )
  select jsonb_build_object(
    'id', p.id, 'communityId', p.community_id, 'needId', p.need_id, 'needRefNo', c.need_ref_no, 'needTitle', c.need_title,
    'needCategory', c.need_category, 'needStatus', c.need_status, 'resourceId', p.resource_id,
    'resourceTitle', c.resource_title, 'publisherName', c.publisher_name, 'origin', p.origin, 'status', p.status,
    'score', c.score, 'reasons', to_jsonb(c.reasons),
    'unitConfirmed', p.unit_confirmed_at is not null, 'communityConfirmed', p.community_confirmed_at is not null,
    'beneficiaries', p.beneficiaries, 'rating', p.rating, 'ratingComment', p.rating_comment,
    'cancelReason', p.cancel_reason, 'createdAt', app.iso(p.created_at), 'updatedAt', app.iso(p.updated_at)
  ) || case when p_detail then jsonb_build_object(
    'progress', coalesce((select jsonb_agg(jsonb_build_object(
        'id', g.id, 'authorName', (select pr.display_name from public.profiles pr where pr.id = g.author_id),
        'note', g.note, 'percent', g.percent, 'at', app.iso(g.created_at)) order by g.id)
      from public.service_progress g where g.project_id = p.id), '[]'::jsonb),
    'canConfirm', p.status = 'proposed' and (
      (c.is_unit and p.unit_confirmed_at is null) or (c.is_staff and p.community_confirmed_at is null)),
    'canManage', p.status in ('proposed', 'confirmed', 'in_progress') and (c.is_unit or c.is_staff),
    'canEvaluate', p.status = 'completed' and c.is_owner,
    'contactName', case when c.is_staff or c.is_unit or c.is_owner then c.contact_name end,
    'contactPhone', case when c.is_staff or c.is_unit or c.is_owner then c.contact_phone end
  ) || (
    -- the accessor decides who may know where the need is and whom to call; detail only, never in lists
    select jsonb_build_object('needContactName', z.nc->>'contactName', 'needContactPhone', z.nc->>'contactPhone',
                              'needAddress', z.nc->>'address')
    from (select app.need_contact(p.need_id) as nc) z
  ) else '{}'::jsonb end
  from ctx c
$$;
grant execute on function app.project_json(public.service_projects, boolean) to authenticated;

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
grant execute on function public.resources_list(public.need_category, uuid, boolean, timestamptz, uuid, int) to authenticated;

-- needs:     [[id, title, category, communityId, gridId, microGridId, urgency, createdAt, windowFrom, windowTo, demand]]
--            (times as epoch milliseconds: no text formatting per row)
-- resources: [[id, title, publisherName, categories, communityIds, gridIds, availability, capacity, currentLoad,
--              homeCommunityId, homeGridId, homeMicroGridId]]
-- demand is what the need can still take (demand − its live projects); currentLoad is app.resource_load's count.
create or replace function public.matching_run_input(p_community_id uuid, p_street_id uuid) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
declare
  v_scope uuid[] := app.matching_scope(p_community_id, p_street_id);
begin
  return (
    with n as (
      select n.* from public.needs n
      where n.community_id = any (v_scope) and n.status in ('triaged', 'in_progress')
    ), live as (
      select p.need_id, count(*)::int as c from public.service_projects p
      where p.community_id = any (v_scope) and p.status <> 'cancelled' and p.need_id in (select id from n)
      group by p.need_id
    ), r as (
      select r.* from public.resources r
      where r.status = 'active' and (r.community_id = any (v_scope) or r.area_community_ids && v_scope)
    ), reach as (
      -- the named communities (or the home) in scope where the publisher holds a publishing role (app.publisher_serves)
      select r.id, array_agg(c.c order by c.c) as communities
      from r
      cross join lateral unnest(case when cardinality(r.area_community_ids) = 0 then array[r.community_id]
                                     else r.area_community_ids end) as c(c)
      where c.c = any (v_scope)
        and exists (select 1 from public.profile_roles x
                    where x.profile_id = r.publisher_id and x.community_id = c.c
                      and x.role in ('unit', 'party_member', 'talent', 'staff', 'admin'))
      group by r.id
    ), grid_reach as (
      select r.id, array_agg(g.id order by g.id) as grids
      from r join reach on reach.id = r.id
      cross join lateral unnest(r.area_grid_ids) as a(g)
      join public.grids g on g.id = a.g and g.community_id = any (reach.communities)
      where cardinality(r.area_grid_ids) > 0
      group by r.id
    ), load as (
      select p.resource_id, count(*)::int as c from public.service_projects p
      where p.status in ('proposed', 'confirmed', 'in_progress') and p.resource_id in (select id from reach)
      group by p.resource_id
    )
    select jsonb_build_object(
      'communities', to_jsonb(v_scope),
      'needs', coalesce((
        select jsonb_agg(jsonb_build_array(
          n.id, n.title, n.category, n.community_id, m.grid_id, n.micro_grid_id, n.urgency,
          extract(epoch from n.created_at) * 1000,
          case when n.window_from is not null and n.window_to is not null then extract(epoch from n.window_from) * 1000 end,
          case when n.window_from is not null and n.window_to is not null then extract(epoch from n.window_to) * 1000 end,
          greatest(n.demand - coalesce(live.c, 0), 0)) order by n.created_at, n.id)
        from n
        left join public.micro_grids m on m.id = n.micro_grid_id
        left join live on live.need_id = n.id), '[]'::jsonb),
      'resources', coalesce((
        select jsonb_agg(jsonb_build_array(
          r.id, r.title, pub.display_name, to_jsonb(r.categories),
          case when cardinality(r.area_grid_ids) = 0 then to_jsonb(reach.communities) else '[]'::jsonb end,
          coalesce(to_jsonb(gr.grids), '[]'::jsonb), r.availability, r.capacity, coalesce(load.c, 0),
          r.community_id, pub.grid_id, pub.micro_grid_id) order by r.created_at, r.id)
        from r
        join reach on reach.id = r.id
        left join grid_reach gr on gr.id = r.id
        left join load on load.resource_id = r.id
        -- the publisher by its key (limit 1 keeps it an index lookup: a hash join would read all profiles of the district)
        left join lateral (select pr.display_name, pr.micro_grid_id, pm.grid_id from public.profiles pr
                           left join public.micro_grids pm on pm.id = pr.micro_grid_id where pr.id = r.publisher_id limit 1) pub on true
        -- a resource limited to grids reaches only those of its reachable communities
        where cardinality(r.area_grid_ids) = 0 or gr.grids is not null), '[]'::jsonb)
    )
  );
end
$$;
grant execute on function public.matching_run_input(uuid, uuid) to authenticated;
comment on function public.matching_run_input(uuid, uuid) is 'security definer: staff and street admins match resources published by units and volunteers, whose rows and roles RLS does not show them; app.matching_scope checks the caller first.';

-- the community-only view of matching_run_input, in the object
-- shape it always had, and security invoker (the definer it calls does the checking and the reading); a resource limited to grids lists its reachable grids and no community (so "community or
-- grid" in core/matching/candidates.ts reads the same rule as app.resource_covers).
create or replace function public.matching_input(p_community_id uuid) returns jsonb
language sql stable security invoker
set search_path = ''
as $$
  with v as (select public.matching_run_input(p_community_id, null) as v)
  select jsonb_build_object(
    'needs', coalesce((
      select jsonb_agg(jsonb_build_object(
        'id', x->0, 'title', x->1, 'category', x->2, 'communityId', x->3, 'gridId', x->4, 'microGridId', x->5,
        'urgency', x->6, 'createdAt', app.iso(to_timestamp((x->>7)::float8 / 1000)),
        'window', case when jsonb_typeof(x->8) = 'number' then jsonb_build_object(
          'from', app.iso(to_timestamp((x->>8)::float8 / 1000)), 'to', app.iso(to_timestamp((x->>9)::float8 / 1000))) end,
        'demand', x->10) order by o)
      from v, jsonb_array_elements(v.v->'needs') with ordinality e(x, o)), '[]'::jsonb),
    'resources', coalesce((
      select jsonb_agg(jsonb_build_object(
        'id', x->0, 'title', x->1, 'categories', x->3,
        'serviceArea', jsonb_build_object('communityIds', x->4, 'gridIds', x->5),
        'availability', x->6, 'capacity', x->7, 'currentLoad', x->8,
        'communityId', x->9, 'gridId', x->10, 'microGridId', x->11) order by o)
      from v, jsonb_array_elements(v.v->'resources') with ordinality e(x, o)), '[]'::jsonb))
$$;
grant execute on function public.matching_input(uuid) to authenticated;
comment on function public.matching_input(uuid) is 'The object-shaped view of matching_run_input for one community; runs as the caller (matching_run_input checks the caller and reads as definer).';

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
grant execute on function public.matching_proposals(uuid, text, int) to authenticated;

create function public.needs_claimable(
  p_after_created_at timestamptz default null,
  p_after_id uuid default null,
  p_limit int default 20
) returns jsonb
language sql stable security definer
set search_path = ''
as $$
  with lim as (
    select least(greatest(coalesce(p_limit, 20), 1), 50) as n
  ), r as (
    select r.id, r.created_at, r.categories, r.area_grid_ids, c.community_id
    from public.resources r
    cross join lateral (select distinct u from unnest(case when cardinality(r.area_community_ids) = 0
                          then array[r.community_id] else r.area_community_ids end) u) c(community_id)
    where r.publisher_id = (select auth.uid()) and r.status = 'active'
      and exists (select 1 from public.profile_roles x
                  where x.profile_id = r.publisher_id and x.community_id = c.community_id
                    and x.role in ('unit', 'party_member', 'talent', 'staff', 'admin'))
  ), cand as materialized (
    -- the open needs of the communities reached, each read once (not once per resource)
    select n.id, n.created_at, n.demand, n.category, n.community_id, m.grid_id
    from public.needs n
    left join public.micro_grids m on m.id = n.micro_grid_id
    where n.community_id in (select r.community_id from r)
      and n.status in ('triaged', 'in_progress', 'matched')
      and (n.created_at, n.id) > (coalesce(p_after_created_at, '-infinity'), coalesce(p_after_id, '00000000-0000-0000-0000-000000000000'))
  ), unmet as materialized (
    -- less those at their demand: the live projects of the candidates, read once and grouped per need
    select c.*, coalesce(l.taken_by, '{}') as taken_by from cand c
    left join (select p.need_id, array_agg(p.resource_id) as taken_by from public.service_projects p
               where p.status <> 'cancelled' and p.need_id in (select c2.id from cand c2)
               group by p.need_id) l on l.need_id = c.id
    where coalesce(cardinality(l.taken_by), 0) < c.demand
  ), pairs as (
    -- each with the resources that reach it and have not taken it yet
    select c.id, c.created_at, r.id as resource_id, r.created_at as resource_created_at
    from unmet c
    join r on r.community_id = c.community_id and c.category = any (r.categories)
      and (cardinality(r.area_grid_ids) = 0 or c.grid_id = any (r.area_grid_ids))
    where not (r.id = any (c.taken_by))
  ), page as (
    select x.id, x.created_at, jsonb_agg(x.resource_id order by x.resource_created_at, x.resource_id) as resource_ids
    from pairs x
    group by x.id, x.created_at
    order by x.created_at, x.id
    limit (select n + 1 from lim)
  ), numbered as (
    select p.*, row_number() over (order by p.created_at, p.id) as k from page p
  )
  select jsonb_build_object(
    'items', coalesce(jsonb_agg(jsonb_build_object(
        'id', n.id, 'title', n.title, 'category', n.category, 'status', n.status,
        'microGridName', m.name, 'urgency', n.urgency,
        'createdAt', pg_catalog.to_char(n.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
        'resourceIds', x.resource_ids) order by x.k) filter (where x.k <= (select n from lim)), '[]'::jsonb),
    'hasMore', count(*) > (select n from lim))
  from numbered x
  join public.needs n on n.id = x.id
  left join public.micro_grids m on m.id = n.micro_grid_id
$$;
grant execute on function public.needs_claimable(timestamptz, uuid, int) to authenticated;
comment on function public.needs_claimable(timestamptz, uuid, int) is 'security definer: units and volunteers see open needs of the communities they serve, without contact or address.';

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
      'id', x.id, 'communityId', x.community_id, 'needId', x.need_id, 'needRefNo', n.ref_no, 'needTitle', n.title,
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
grant execute on function public.services_list(uuid, public.project_status, timestamptz, uuid, int) to authenticated;
comment on function public.services_list(uuid, public.project_status, timestamptz, uuid, int) is 'security definer: the service list shows each project''s need by title and 受理编号, not the need itself (community checked inside).';

create or replace function public.service_get(p_id uuid) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
declare
  p public.service_projects;
begin
  perform app.require_uid();
  select * into p from public.service_projects where id = p_id;
  if p.id is null or not (p.community_id = any (app.my_community_ids())
      or exists (select 1 from public.resources r where r.id = p.resource_id and r.publisher_id = (select auth.uid()))
      or exists (select 1 from public.needs n where n.id = p.need_id and n.created_by = (select auth.uid()))) then
    perform app.fail('service.not_found');
  end if;
  return app.project_json(p, true);
end
$$;
grant execute on function public.service_get(uuid) to authenticated;
comment on function public.service_get(uuid) is 'security definer: a project shows its need by title, not the need itself (who may read it is checked inside).';

-- A reason phrase the engine can produce (core/matching/score.ts REASON_TEXTS and waitingReason).
create or replace function app.matching_reason_known(p_reason text) returns boolean
language sql immutable
set search_path = ''
as $$
  select p_reason in ('紧急需求', '较急需求', '同一微网格', '同一网格', '同一社区', '专业对口', '可提供此类服务', '服务方负荷低', '服务方负荷较高')
      or p_reason ~ '^已等待 [1-9][0-9]{0,3} 天$'
$$;
grant execute on function app.matching_reason_known(text) to authenticated;

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
grant execute on function app.resource_page_extras(uuid[]) to authenticated;

-- Exactly one of the two; staff of the community, or an admin of the street. Not definer: the role checks are.
create or replace function app.matching_scope(p_community_id uuid, p_street_id uuid) returns uuid[]
language plpgsql stable
set search_path = ''
as $$
begin
  if p_community_id is not null and p_street_id is not null then
    perform app.fail('request.invalid', 'streetId');
  elsif p_community_id is null and p_street_id is null then
    perform app.fail('request.invalid', 'communityId');
  end if;
  if p_community_id is not null then
    if not app.is_staff_of(p_community_id) then
      perform app.fail('auth.forbidden');
    end if;
    return array[p_community_id];
  end if;
  if not app.is_street_admin(p_street_id) then
    perform app.fail('auth.forbidden');
  end if;
  return array(select c.id from public.communities c where c.street_id = p_street_id and c.archived_at is null order by c.id);
end
$$;
grant execute on function app.matching_scope(uuid, uuid) to authenticated;

----------------------------------------------------------------------------------------------------
-- Write functions
----------------------------------------------------------------------------------------------------
-- the service area only where the publisher serves by approval
create or replace function public.resource_create(
  p_title text, p_description text, p_kind public.resource_kind, p_partner_type public.partner_type,
  p_categories jsonb, p_capacity int, p_period public.resource_period, p_community_ids jsonb, p_grid_ids jsonb,
  p_availability jsonb, p_contact_name text, p_contact_phone text
) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  v_community uuid;
  v_communities uuid[] := array(select jsonb_array_elements_text(coalesce(p_community_ids, '[]'))::uuid);
  v_grids uuid[] := array(select jsonb_array_elements_text(coalesce(p_grid_ids, '[]'))::uuid);
  r public.resources;
begin
  -- a unit's or volunteer's home community is where its roles are; a unit serving A holds its role in A
  select p.community_id into v_community from public.profiles p where p.id = v_uid;
  if v_community is null or not app.has_role(v_community, array['unit', 'party_member', 'talent', 'staff', 'admin']::public.app_role[]) then
    perform app.fail('auth.forbidden');
  end if;
  if p_partner_type is not null and not app.has_role(v_community, array['unit']::public.app_role[]) then
    perform app.fail('resource.partner_only_units', 'partnerType');
  end if;
  if exists (select 1 from unnest(v_grids) g where not exists (
      select 1 from public.grids x where x.id = g and x.community_id = any (coalesce(nullif(v_communities, '{}'), array[v_community])))) then
    perform app.fail('resource.grid_invalid', 'gridIds');
  end if;
  if exists (select 1 from unnest(v_communities) c where not exists (select 1 from public.communities x where x.id = c)) then
    perform app.fail('resource.community_invalid', 'communityIds');
  end if;
  -- naming a community is a claim to serve it: only where an approval says so (otherwise its needs become claimable)
  if exists (select 1 from unnest(v_communities) c where not app.publisher_serves(v_uid, c)) then
    perform app.fail('resource.area_not_served', 'communityIds');
  end if;
  insert into public.resources (community_id, publisher_id, title, description, kind, partner_type, categories, capacity, period,
    area_community_ids, area_grid_ids, availability, contact_name, contact_phone)
  values (v_community, v_uid, btrim(p_title), coalesce(btrim(p_description), ''), p_kind, p_partner_type,
    array(select distinct jsonb_array_elements_text(p_categories)::public.need_category), p_capacity, coalesce(p_period, 'month'),
    v_communities, v_grids, coalesce(p_availability, '[]'), btrim(p_contact_name), p_contact_phone)
  returning * into r;
  return app.resource_json(r, true);
end
$$;
grant execute on function public.resource_create(text, text, public.resource_kind, public.partner_type, jsonb, int, public.resource_period, jsonb, jsonb, jsonb, text, text) to authenticated;

-- a community run through matching_run_store, which checks every
-- pair; the answer keeps its shape: the run and the community's open proposals, now their first page
-- (matching_proposals is paged).
create or replace function public.matching_store(p_community_id uuid, p_proposals jsonb, p_stats jsonb) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v jsonb := public.matching_run_store(p_community_id, null, p_proposals, p_stats);
begin
  return jsonb_build_object('runId', v->'runId', 'proposals', public.matching_proposals(p_community_id, null, 50)->'items');
end
$$;
grant execute on function public.matching_store(uuid, jsonb, jsonb) to authenticated;

-- The one place a project is created: locks the need then the resource (always in that order) and
-- enforces the need's demand and the resource's capacity, so parallel claims cannot overfill either.
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

create or replace function public.matching_accept(p_id uuid) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  mp public.match_proposals;
  p public.service_projects;
begin
  select * into mp from public.match_proposals where id = p_id for update;
  if mp.id is null or not app.is_staff_of(mp.community_id) then
    perform app.fail('proposal.not_found');
  end if;
  if mp.status <> 'open' then
    perform app.fail('proposal.closed');
  end if;
  p := app.project_open(mp.need_id, mp.resource_id, 'proposal', mp.id, false, v_uid);
  update public.match_proposals set status = 'accepted' where id = p_id;
  return app.project_json(p, true);
end
$$;
grant execute on function public.matching_accept(uuid) to authenticated;

-- no existence oracle: a need the caller may not see (another
-- community's) answers exactly as one that does not exist, before any other check can tell them apart. The caller
-- sees a need when app.need_visible says so (staff, its grid worker, owner, follower, department) or when they hold a
-- publishing role in its community (app.publisher_serves: the units and volunteers who may claim there).
create or replace function public.service_claim(p_need_id uuid, p_resource_id uuid) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  v_publisher uuid;
  v_community uuid;
  n public.needs;
  p public.service_projects;
begin
  select * into n from public.needs where id = p_need_id;
  v_community := n.community_id;
  if v_community is null or not (app.need_visible(n) or app.publisher_serves(v_uid, v_community)) then
    perform app.fail('need.not_found', 'needId');
  end if;
  select publisher_id into v_publisher from public.resources where id = p_resource_id;
  if v_publisher = v_uid then
    p := app.project_open(p_need_id, p_resource_id, 'unit_claim', null, true, v_uid);
  elsif app.is_staff_of(v_community) then
    p := app.project_open(p_need_id, p_resource_id, 'community_claim', null, false, v_uid);
  else
    perform app.fail('auth.forbidden');
  end if;
  return app.project_json(p, true);
end
$$;
grant execute on function public.service_claim(uuid, uuid) to authenticated;

create or replace function app.project_lock(p_id uuid, out p public.service_projects, out is_staff boolean, out is_unit boolean, out is_owner boolean)
language plpgsql security definer
set search_path = ''
as $$
begin
  select * into p from public.service_projects where id = p_id for update;
  if p.id is null then
    perform app.fail('service.not_found');
  end if;
  is_staff := app.is_staff_of(p.community_id);
  is_unit := exists (select 1 from public.resources r where r.id = p.resource_id and r.publisher_id = (select auth.uid()));
  is_owner := exists (select 1 from public.needs n where n.id = p.need_id and n.created_by = (select auth.uid()));
end
$$;

-- 协商: the other side confirms; with both sides confirmed the project is on and the need is matched.
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
grant execute on function public.service_confirm(uuid) to authenticated;

create or replace function public.service_transition(p_id uuid, p_to public.project_status, p_note text default null,
  p_beneficiaries int default null) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  l record;
  p public.service_projects;
  n public.needs;
  v_note text := nullif(btrim(coalesce(p_note, '')), '');
begin
  select * into l from app.project_lock(p_id);
  p := l.p;
  if not (l.is_staff or l.is_unit) then
    perform app.fail('auth.forbidden');
  end if;
  if not ((p.status = 'confirmed' and p_to = 'in_progress')
       or (p.status in ('confirmed', 'in_progress') and p_to = 'completed')
       or (p.status in ('proposed', 'confirmed', 'in_progress') and p_to = 'cancelled')) then
    perform app.fail('service.transition_invalid', 'to');
  end if;
  if p_to = 'cancelled' and v_note is null then
    perform app.fail('service.reason_required', 'note');
  end if;
  update public.service_projects set
    status = p_to, updated_at = now(),
    cancel_reason = case when p_to = 'cancelled' then v_note else cancel_reason end,
    beneficiaries = case when p_to = 'completed' then coalesce(p_beneficiaries, beneficiaries) else beneficiaries end,
    completed_at = case when p_to = 'completed' then now() else completed_at end
  where id = p_id returning * into p;
  insert into public.service_progress (project_id, author_id, note, percent)
  values (p_id, v_uid, case p_to when 'in_progress' then '开始服务' when 'completed' then '服务完成'
                                 else '取消：' end || coalesce(case when p_to = 'cancelled' then v_note else '' end, ''),
          case when p_to = 'completed' then 100 end);
  if p_to = 'completed' then
    select * into n from public.needs where id = p.need_id;
    if n.status = 'matched' then
      perform app.need_apply(n.id, 'resolved', array['system']::public.need_actor[], null, '服务项目已完成');
    end if;
  end if;
  return app.project_json(p, true);
end
$$;
grant execute on function public.service_transition(uuid, public.project_status, text, int) to authenticated;

create or replace function public.service_progress_add(p_id uuid, p_note text, p_percent int default null) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  l record;
begin
  select * into l from app.project_lock(p_id);
  if not (l.is_staff or l.is_unit) then
    perform app.fail('auth.forbidden');
  end if;
  if (l.p).status not in ('confirmed', 'in_progress') then
    perform app.fail('service.transition_invalid');
  end if;
  insert into public.service_progress (project_id, author_id, note, percent) values (p_id, v_uid, btrim(p_note), p_percent);
  update public.service_projects set updated_at = now() where id = p_id;
  return app.project_json((select x from public.service_projects x where x.id = p_id), true);
end
$$;
grant execute on function public.service_progress_add(uuid, text, int) to authenticated;

create or replace function public.service_evaluate(p_id uuid, p_rating int, p_comment text default null) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  l record;
  p public.service_projects;
begin
  select * into l from app.project_lock(p_id);
  if not l.is_owner then
    perform app.fail('auth.forbidden');
  end if;
  if p_rating is null or p_rating not between 1 and 5 then
    perform app.fail('need.rating_invalid', 'rating');
  end if;
  if (l.p).status <> 'completed' then
    perform app.fail('service.not_completed');
  end if;
  update public.service_projects set status = 'evaluated', rating = p_rating,
    rating_comment = nullif(btrim(coalesce(p_comment, '')), ''), updated_at = now()
  where id = p_id returning * into p;
  insert into public.service_progress (project_id, author_id, note) values (p_id, v_uid, '居民评价 ' || p_rating || ' 星');
  return app.project_json(p, true);
end
$$;
grant execute on function public.service_evaluate(uuid, int, text) to authenticated;

create or replace function app.resource_for_manager(p_id uuid) returns public.resources
language plpgsql security definer
set search_path = ''
as $$
declare
  r public.resources;
begin
  select * into r from public.resources where id = p_id for update;
  if r.id is null then
    perform app.fail('resource.not_found');
  end if;
  if not (r.publisher_id = (select auth.uid()) or app.is_staff_of(r.community_id)) then
    perform app.fail('auth.forbidden');
  end if;
  return r;
end
$$;

-- a new service area only where the publisher (not the editor: staff
-- editing a unit's resource cannot widen the unit's reach) serves by approval
create or replace function public.resource_update(
  p_id uuid, p_title text default null, p_description text default null, p_kind public.resource_kind default null,
  p_partner_type public.partner_type default null, p_clear_partner_type boolean default false, p_categories jsonb default null,
  p_capacity int default null, p_period public.resource_period default null, p_community_ids jsonb default null,
  p_grid_ids jsonb default null, p_availability jsonb default null, p_contact_name text default null, p_contact_phone text default null
) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  r public.resources := app.resource_for_manager(p_id);
  v_communities uuid[];
  v_grids uuid[];
begin
  if r.status = 'archived' then
    perform app.fail('resource.archived');
  end if;
  v_communities := case when p_community_ids is null then r.area_community_ids
                        else array(select jsonb_array_elements_text(p_community_ids)::uuid) end;
  v_grids := case when p_grid_ids is null then r.area_grid_ids else array(select jsonb_array_elements_text(p_grid_ids)::uuid) end;
  if p_partner_type is not null and not exists (select 1 from public.profile_roles x
      where x.profile_id = r.publisher_id and x.community_id = r.community_id and x.role = 'unit') then
    perform app.fail('resource.partner_only_units', 'partnerType');
  end if;
  if exists (select 1 from unnest(v_communities) c where not exists (select 1 from public.communities x where x.id = c)) then
    perform app.fail('resource.community_invalid', 'communityIds');
  end if;
  -- only a new area is checked, so an edit of the title still works after an approval is withdrawn (the stale
  -- community is then simply not reached: app.resource_covers checks again at every use)
  if p_community_ids is not null and exists (select 1 from unnest(v_communities) c where not app.publisher_serves(r.publisher_id, c)) then
    perform app.fail('resource.area_not_served', 'communityIds');
  end if;
  if exists (select 1 from unnest(v_grids) g where not exists (
      select 1 from public.grids x where x.id = g and x.community_id = any (coalesce(nullif(v_communities, '{}'), array[r.community_id])))) then
    perform app.fail('resource.grid_invalid', 'gridIds');
  end if;
  if p_contact_phone is not null and p_contact_phone !~ '^[0-9]{7,15}$' then
    perform app.fail('request.invalid', 'contactPhone');
  end if;
  if p_categories is not null and jsonb_array_length(p_categories) = 0 then
    perform app.fail('request.invalid', 'categories');
  end if;
  update public.resources set
    title = coalesce(btrim(p_title), title),
    description = coalesce(btrim(p_description), description),
    kind = coalesce(p_kind, kind),
    partner_type = case when p_clear_partner_type then null else coalesce(p_partner_type, partner_type) end,
    categories = case when p_categories is null then categories
                      else array(select distinct jsonb_array_elements_text(p_categories)::public.need_category) end,
    capacity = coalesce(p_capacity, capacity),
    period = coalesce(p_period, period),
    area_community_ids = v_communities,
    area_grid_ids = v_grids,
    availability = coalesce(p_availability, availability),
    contact_name = coalesce(btrim(p_contact_name), contact_name),
    contact_phone = coalesce(p_contact_phone, contact_phone),
    updated_at = now()
  where id = p_id returning * into r;
  return app.resource_json(r, true);
end
$$;
grant execute on function public.resource_update(uuid, text, text, public.resource_kind, public.partner_type, boolean, jsonb, int, public.resource_period, jsonb, jsonb, jsonb, text, text) to authenticated;

-- 下架: no longer listed, matched or claimable (every one of those reads status = 'active'); its open proposals are
-- dismissed; service projects already agreed continue.
create or replace function public.resource_archive(p_id uuid) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  r public.resources := app.resource_for_manager(p_id);
begin
  if r.status <> 'archived' then
    update public.resources set status = 'archived', archived_at = now(), updated_at = now() where id = p_id returning * into r;
    update public.match_proposals set status = 'dismissed' where resource_id = p_id and status = 'open';
  end if;
  return app.resource_json(r, true);
end
$$;
grant execute on function public.resource_archive(uuid) to authenticated;

-- the same checks, set-based, for a community or a
-- street. p_proposals: [{ need, resource, score, reasons: [...] }]. A pair is valid when it is what
-- matching_run_input + the engine could propose now: the need is in the scope and open (triaged or in progress), the
-- resource is active and covers the need (app.resource_covers: category, area, grid, and its publisher serves the
-- need's community), their times overlap, no live project joins them yet; no pair twice; and no need / resource
-- appears in more pairs than its remaining demand / capacity. The first bad pair by position is reported, with the
-- check the per-pair loop would have failed first (shape, score, reasons, duplicate, validity, allocation), and
-- nothing is written. Then the open proposals of the scope are superseded, one run is written per community of the
-- scope and every proposal in one insert. Returns { runId, runs: [{ communityId, runId }], ids } with ids in the
-- order of p_proposals; runId is the community's run, or for a street the street_run_id its runs share.
create or replace function public.matching_run_store(p_community_id uuid, p_street_id uuid, p_proposals jsonb, p_stats jsonb)
returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  v_scope uuid[] := app.matching_scope(p_community_id, p_street_id);
  v_items jsonb := coalesce(p_proposals, '[]');
  v_bad record;
  v_street_run uuid;
  v_out jsonb;
  c_uuid constant text := '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
  c_max_score constant int := 10000; -- core/matching/score.ts MAX_SCORE
begin
  if jsonb_typeof(v_items) <> 'array' or jsonb_array_length(v_items) > 10000 * greatest(cardinality(v_scope), 1) then
    perform app.fail('request.invalid', 'proposals');
  end if;
  if p_stats is not null and jsonb_typeof(p_stats) <> 'object' then
    perform app.fail('request.invalid', 'stats');
  end if;

  -- each part computed once (materialized): the shape of every item, then each distinct reason text checked once
  with e as materialized (
    select (e.i - 1)::int as i, e.x,
      coalesce(jsonb_typeof(e.x) = 'object'
        and jsonb_typeof(e.x->'need') = 'string' and (e.x->>'need') ~ c_uuid
        and jsonb_typeof(e.x->'resource') = 'string' and (e.x->>'resource') ~ c_uuid, false) as well_formed,
      case when jsonb_typeof(e.x->'reasons') = 'array' then e.x->'reasons' else '[]'::jsonb end as reasons
    from jsonb_array_elements(v_items) with ordinality e(x, i)
  ), reason as materialized (
    select y.t, app.matching_reason_known(y.t) as known
    from (select distinct r #>> '{}' as t from e, jsonb_array_elements(e.reasons) r where jsonb_typeof(r) = 'string') y
  ), bad_reason as (
    select distinct e.i from e cross join lateral jsonb_array_elements(e.reasons) r
    left join reason on reason.t = r #>> '{}'
    where jsonb_typeof(r) <> 'string' or not reason.known
  ), s as materialized (
    select e.i, e.x,
      case
        when not e.well_formed then 'pair'
        when jsonb_typeof(e.x->'score') is distinct from 'number' then 'score'
        when (e.x->>'score')::numeric <> trunc((e.x->>'score')::numeric)
          or (e.x->>'score')::numeric < 0 or (e.x->>'score')::numeric > c_max_score then 'score'
        when e.x ? 'reasons' and jsonb_typeof(e.x->'reasons') <> 'null' and (
             jsonb_typeof(e.x->'reasons') <> 'array' or jsonb_array_length(e.x->'reasons') > 10
             or e.i in (select i from bad_reason)) then 'reasons'
      end as shape
    from e
  ), p as materialized (
    select s.i, s.x, s.shape,
      case when s.shape is null or s.shape <> 'pair' then (s.x->>'need')::uuid end as need_id,
      case when s.shape is null or s.shape <> 'pair' then (s.x->>'resource')::uuid end as resource_id
    from s
  ), w as (
    select p.*,
      row_number() over (partition by p.need_id, p.resource_id order by p.i) as dup,
      row_number() over (partition by p.need_id order by p.i) as need_nth,
      row_number() over (partition by p.resource_id order by p.i) as res_nth
    from p
  ), need_live as (
    select x.need_id, count(*)::int as c from public.service_projects x
    where x.status <> 'cancelled' and x.need_id in (select need_id from p)
    group by x.need_id
  ), res_load as (
    select x.resource_id, count(*)::int as c from public.service_projects x
    where x.status in ('proposed', 'confirmed', 'in_progress') and x.resource_id in (select resource_id from p)
    group by x.resource_id
  ), serves as (
    -- app.publisher_serves, for every publisher of the proposed resources at once
    select distinct x.profile_id, x.community_id from public.profile_roles x
    where x.role in ('unit', 'party_member', 'talent', 'staff', 'admin')
      and x.profile_id in (select r.publisher_id from public.resources r where r.id in (select resource_id from p))
  ), pair_live as (
    select x.need_id, x.resource_id from public.service_projects x
    where x.status <> 'cancelled' and x.need_id in (select need_id from p)
  ), c as (
    select w.i, w.x, w.need_id, w.resource_id,
      case
        when w.shape = 'pair' then 'matching.pair_invalid'
        when w.shape = 'score' then 'matching.score_invalid'
        when w.shape = 'reasons' then 'matching.reason_invalid'
        when w.dup > 1 then 'matching.pair_duplicate'
        when n.id is null or r.id is null
          or not (n.community_id = any (v_scope)) or n.status not in ('triaged', 'in_progress')
          or r.status <> 'active'
          -- app.resource_covers(r, n), written out so that it is joins instead of three function
          -- calls per pair: category, area (named communities, else the home), grid, and the publisher serves the
          -- need's community by approval (app.publisher_serves' roles)
          or not (n.category = any (r.categories)
            and case when cardinality(r.area_community_ids) = 0 then r.community_id = n.community_id
                     else n.community_id = any (r.area_community_ids) end
            and (cardinality(r.area_grid_ids) = 0 or coalesce(m.grid_id = any (r.area_grid_ids), false))
            and ps.profile_id is not null)
          or not (jsonb_array_length(r.availability) = 0 or exists (
            select 1 from jsonb_array_elements(r.availability) a
            where (a->>'from')::timestamptz < coalesce(case when n.window_from is not null then n.window_to end, 'infinity')
              and coalesce(case when n.window_to is not null then n.window_from end, now()) < (a->>'to')::timestamptz))
          or exists (select 1 from pair_live l where l.need_id = w.need_id and l.resource_id = w.resource_id)
          then 'matching.pair_invalid'
        when w.need_nth > n.demand - coalesce(nl.c, 0) then 'matching.over_allocated'
        when w.res_nth > r.capacity - coalesce(rl.c, 0) then 'matching.over_allocated'
      end as code
    from w
    left join public.needs n on n.id = w.need_id
    left join public.resources r on r.id = w.resource_id
    left join public.micro_grids m on m.id = n.micro_grid_id
    left join serves ps on ps.profile_id = r.publisher_id and ps.community_id = n.community_id
    left join need_live nl on nl.need_id = w.need_id
    left join res_load rl on rl.resource_id = w.resource_id
  )
  select c.i, c.x, c.code, c.need_id, c.resource_id into v_bad from c where c.code is not null order by c.i limit 1;

  if v_bad.code is not null then
    if v_bad.code in ('matching.score_invalid') then
      perform app.fail(v_bad.code, format('proposals[%s].score', v_bad.i));
    elsif v_bad.code = 'matching.reason_invalid' then
      perform app.fail(v_bad.code, format('proposals[%s].reasons', v_bad.i));
    end if;
    raise exception using errcode = 'P0001', message = v_bad.code, detail = format('proposals[%s]', v_bad.i),
      hint = format('需求 %s / 资源 %s', coalesce(left(v_bad.x->>'need', 40), '?'), coalesce(left(v_bad.x->>'resource', 40), '?'));
  end if;

  update public.match_proposals set status = 'superseded' where community_id = any (v_scope) and status = 'open';
  if p_street_id is not null then
    v_street_run := gen_random_uuid();
  end if;
  with runs as (
    insert into public.match_runs (community_id, run_by, stats, street_run_id)
    select s.c, v_uid,
           coalesce(p_stats, '{}') || jsonb_build_object('scope', case when p_street_id is null then 'community' else 'street' end)
             || case when p_street_id is null then '{}'::jsonb else jsonb_build_object('streetId', p_street_id) end,
           v_street_run
    from unnest(v_scope) with ordinality s(c, o)
    order by s.o
    returning id, community_id
  ), items as (
    select gen_random_uuid() as id, (e.i - 1)::int as i, (e.x->>'need')::uuid as need_id, (e.x->>'resource')::uuid as resource_id,
           (e.x->>'score')::numeric::int as score,
           array(select jsonb_array_elements_text(case when jsonb_typeof(e.x->'reasons') = 'array' then e.x->'reasons' else '[]' end)) as reasons
    from jsonb_array_elements(v_items) with ordinality e(x, i)
  ), ins as (
    insert into public.match_proposals (id, run_id, community_id, need_id, resource_id, score, reasons)
    select it.id, runs.id, n.community_id, it.need_id, it.resource_id, it.score, it.reasons
    from items it
    join public.needs n on n.id = it.need_id
    join runs on runs.community_id = n.community_id
    order by it.i
    returning id
  )
  select jsonb_build_object(
    'runId', coalesce(v_street_run, (select id from runs limit 1)),
    'runs', (select jsonb_agg(jsonb_build_object('communityId', runs.community_id, 'runId', runs.id) order by runs.community_id) from runs),
    'ids', coalesce((select jsonb_agg(it.id order by it.i) from items it), '[]'::jsonb),
    'stored', (select count(*) from ins))
  into v_out;
  return v_out;
end
$$;
grant execute on function public.matching_run_store(uuid, uuid, jsonb, jsonb) to authenticated;

----------------------------------------------------------------------------------------------------
-- Reference data
----------------------------------------------------------------------------------------------------
-- The loop of a need follows its service project.
insert into public.need_status_edges (from_status, to_status, actor, reason_required) values
  ('triaged', 'matched', 'system', false),
  ('in_progress', 'matched', 'system', false),
  ('matched', 'resolved', 'system', false);
