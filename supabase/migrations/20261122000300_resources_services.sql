-- Resources (资源清单), matching runs and proposals, and service projects (服务清单) claimed from both sides.

create type public.resource_kind as enum ('party', 'administrative', 'social');
create type public.partner_type as enum ('red', 'property', 'public_welfare');
create type public.resource_period as enum ('week', 'month');
create type public.project_status as enum ('proposed', 'confirmed', 'in_progress', 'completed', 'evaluated', 'cancelled');
create type public.project_origin as enum ('proposal', 'unit_claim', 'community_claim');

-- how many resources a need may take (e.g. two volunteers)
alter table public.needs add column demand int not null default 1 check (demand between 1 and 20);

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
  updated_at timestamptz not null default now()
);
comment on table public.resources is '资源清单: what member units, party members, talents and staff offer; contact is for staff and matched parties only.';
create index resources_community_idx on public.resources (community_id, status);
create index resources_area_idx on public.resources using gin (area_community_ids);

create table public.match_runs (
  id uuid primary key default gen_random_uuid(),
  community_id uuid not null references public.communities(id),
  run_by uuid not null references public.profiles(id),
  stats jsonb not null,
  created_at timestamptz not null default now()
);
comment on table public.match_runs is 'One run of the matching engine over a community''s open needs and resources.';

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
create index service_projects_community_idx on public.service_projects (community_id, status, created_at desc);

create table public.service_progress (
  id bigint generated always as identity primary key,
  project_id uuid not null references public.service_projects(id) on delete cascade,
  author_id uuid references public.profiles(id),
  note text not null check (char_length(note) between 1 and 500),
  percent int check (percent between 0 and 100),
  created_at timestamptz not null default clock_timestamp()
);
comment on table public.service_progress is 'Progress notes of a service project (and its status changes).';

alter table public.resources enable row level security;
alter table public.match_runs enable row level security;
alter table public.match_proposals enable row level security;
alter table public.service_projects enable row level security;
alter table public.service_progress enable row level security;
revoke all on public.resources, public.match_runs, public.match_proposals, public.service_projects, public.service_progress from anon, authenticated;
grant select on public.resources, public.match_runs, public.match_proposals, public.service_projects, public.service_progress to authenticated;
grant all on public.resources, public.match_runs, public.match_proposals, public.service_projects, public.service_progress to service_role;
-- The tables hold contact data; people read through the RPCs, which shape what each may see.
create policy resources_select on public.resources for select to authenticated
  using (publisher_id = (select auth.uid()) or app.is_staff_of(community_id));
create policy match_runs_select on public.match_runs for select to authenticated using (app.is_staff_of(community_id));
create policy match_proposals_select on public.match_proposals for select to authenticated using (app.is_staff_of(community_id));
create policy service_projects_select on public.service_projects for select to authenticated using (true);
create policy service_progress_select on public.service_progress for select to authenticated using (true);

-- The loop of a need follows its service project.
insert into public.need_status_edges (from_status, to_status, actor, reason_required) values
  ('triaged', 'matched', 'system', false),
  ('in_progress', 'matched', 'system', false),
  ('matched', 'resolved', 'system', false)
on conflict do nothing;

----------------------------------------------------------------------------------------------------
-- Helpers
----------------------------------------------------------------------------------------------------
create or replace function app.resource_load(p_resource uuid) returns int
language sql stable
set search_path = ''
as $$
  select count(*)::int from public.service_projects p
  where p.resource_id = p_resource and p.status in ('proposed', 'confirmed', 'in_progress')
$$;

create or replace function app.resource_covers(r public.resources, n public.needs) returns boolean
language sql stable
set search_path = ''
as $$
  select n.category = any (r.categories)
    and (case when cardinality(r.area_community_ids) = 0 then r.community_id = n.community_id
              else n.community_id = any (r.area_community_ids) end)
    and (cardinality(r.area_grid_ids) = 0 or app.need_grid(n) = any (r.area_grid_ids))
$$;

create or replace function app.resource_json(r public.resources, p_contact boolean) returns jsonb
language sql stable security definer
set search_path = ''
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

create or replace function app.project_json(p public.service_projects, p_detail boolean) returns jsonb
language sql stable security definer
set search_path = ''
as $$
  with ctx as (
    select n.title as need_title, n.category as need_category, n.status as need_status, n.created_by as need_owner,
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
    'id', p.id, 'communityId', p.community_id, 'needId', p.need_id, 'needTitle', c.need_title,
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
  ) else '{}'::jsonb end
  from ctx c
$$;

----------------------------------------------------------------------------------------------------
-- Resources
----------------------------------------------------------------------------------------------------
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
  insert into public.resources (community_id, publisher_id, title, description, kind, partner_type, categories, capacity, period,
    area_community_ids, area_grid_ids, availability, contact_name, contact_phone)
  values (v_community, v_uid, btrim(p_title), coalesce(btrim(p_description), ''), p_kind, p_partner_type,
    array(select distinct jsonb_array_elements_text(p_categories)::public.need_category), p_capacity, coalesce(p_period, 'month'),
    v_communities, v_grids, coalesce(p_availability, '[]'), btrim(p_contact_name), p_contact_phone)
  returning * into r;
  return app.resource_json(r, true);
end
$$;
grant execute on function public.resource_create(text, text, public.resource_kind, public.partner_type, jsonb, int,
  public.resource_period, jsonb, jsonb, jsonb, text, text) to authenticated;

create or replace function public.resources_list(p_category public.need_category default null, p_community_id uuid default null,
  p_mine boolean default false) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  v_community uuid := coalesce(p_community_id, (select community_id from public.profiles where id = v_uid));
begin
  return coalesce((
    select jsonb_agg(app.resource_json(r, r.publisher_id = v_uid or app.is_staff_of(r.community_id)) order by r.created_at desc)
    from public.resources r
    where r.status = 'active'
      and (p_category is null or p_category = any (r.categories))
      and (case when coalesce(p_mine, false) then r.publisher_id = v_uid
                else r.community_id = v_community or v_community = any (r.area_community_ids) end)
  ), '[]'::jsonb);
end
$$;
grant execute on function public.resources_list(public.need_category, uuid, boolean) to authenticated;

----------------------------------------------------------------------------------------------------
-- Matching: input for the engine, and storing its proposals (the handler solves in TypeScript between)
----------------------------------------------------------------------------------------------------
create or replace function public.matching_input(p_community_id uuid) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
begin
  if not app.is_staff_of(p_community_id) then
    perform app.fail('auth.forbidden');
  end if;
  return jsonb_build_object(
    'needs', coalesce((
      select jsonb_agg(jsonb_build_object(
        'id', n.id, 'title', n.title, 'category', n.category, 'communityId', n.community_id, 'gridId', app.need_grid(n),
        'microGridId', n.micro_grid_id, 'urgency', n.urgency, 'createdAt', app.iso(n.created_at),
        'window', case when n.window_from is not null and n.window_to is not null
                       then jsonb_build_object('from', app.iso(n.window_from), 'to', app.iso(n.window_to)) end,
        'demand', greatest(n.demand - (select count(*) from public.service_projects p
                                         where p.need_id = n.id and p.status <> 'cancelled'), 0)))
      from public.needs n
      where n.community_id = p_community_id and n.status in ('triaged', 'in_progress')), '[]'::jsonb),
    'resources', coalesce((
      select jsonb_agg(jsonb_build_object(
        'id', r.id, 'title', r.title, 'categories', to_jsonb(r.categories),
        'serviceArea', jsonb_build_object(
          'communityIds', case when cardinality(r.area_community_ids) = 0 then jsonb_build_array(r.community_id) else to_jsonb(r.area_community_ids) end,
          'gridIds', to_jsonb(r.area_grid_ids)),
        'availability', r.availability, 'capacity', r.capacity, 'currentLoad', app.resource_load(r.id),
        'communityId', r.community_id,
        'gridId', (select m.grid_id from public.profiles pr join public.micro_grids m on m.id = pr.micro_grid_id where pr.id = r.publisher_id),
        'microGridId', (select pr.micro_grid_id from public.profiles pr where pr.id = r.publisher_id)))
      from public.resources r
      where r.status = 'active' and (r.community_id = p_community_id or p_community_id = any (r.area_community_ids))), '[]'::jsonb)
  );
end
$$;
grant execute on function public.matching_input(uuid) to authenticated;

-- p_proposals: [{ need, resource, score, reasons: [...] }]; earlier open proposals of the community are superseded.
create or replace function public.matching_store(p_community_id uuid, p_proposals jsonb, p_stats jsonb) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  v_run uuid;
begin
  if not app.is_staff_of(p_community_id) then
    perform app.fail('auth.forbidden');
  end if;
  update public.match_proposals set status = 'superseded' where community_id = p_community_id and status = 'open';
  insert into public.match_runs (community_id, run_by, stats) values (p_community_id, v_uid, coalesce(p_stats, '{}')) returning id into v_run;
  insert into public.match_proposals (run_id, community_id, need_id, resource_id, score, reasons)
  select v_run, p_community_id, (x->>'need')::uuid, (x->>'resource')::uuid, (x->>'score')::int,
         array(select jsonb_array_elements_text(coalesce(x->'reasons', '[]')))
  from jsonb_array_elements(coalesce(p_proposals, '[]')) x
  -- only pairs that are still valid: both in this community's lists
  where exists (select 1 from public.needs n where n.id = (x->>'need')::uuid and n.community_id = p_community_id)
    and exists (select 1 from public.resources r where r.id = (x->>'resource')::uuid and r.status = 'active');
  return jsonb_build_object('runId', v_run, 'proposals', public.matching_proposals(p_community_id));
end
$$;
grant execute on function public.matching_store(uuid, jsonb, jsonb) to authenticated;

create or replace function public.matching_proposals(p_community_id uuid) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
begin
  if not app.is_staff_of(p_community_id) then
    perform app.fail('auth.forbidden');
  end if;
  return coalesce((
    select jsonb_agg(jsonb_build_object(
      'id', mp.id, 'runId', mp.run_id, 'needId', mp.need_id, 'needTitle', n.title, 'needCategory', n.category,
      'resourceId', mp.resource_id, 'resourceTitle', r.title,
      'publisherName', (select pr.display_name from public.profiles pr where pr.id = r.publisher_id),
      'score', mp.score, 'reasons', to_jsonb(mp.reasons), 'status', mp.status) order by mp.score desc, mp.id)
    from public.match_proposals mp
    join public.needs n on n.id = mp.need_id
    join public.resources r on r.id = mp.resource_id
    where mp.community_id = p_community_id and mp.status = 'open'), '[]'::jsonb);
end
$$;
grant execute on function public.matching_proposals(uuid) to authenticated;

----------------------------------------------------------------------------------------------------
-- Service projects
----------------------------------------------------------------------------------------------------
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

-- 双向认领: a unit claims a need for its own resource, or staff claim a resource for a resident's need.
create or replace function public.service_claim(p_need_id uuid, p_resource_id uuid) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  v_publisher uuid;
  v_community uuid;
  p public.service_projects;
begin
  select publisher_id into v_publisher from public.resources where id = p_resource_id;
  select community_id into v_community from public.needs where id = p_need_id;
  if v_community is null then
    perform app.fail('need.not_found', 'needId');
  end if;
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

create or replace function public.needs_claimable() returns jsonb
language sql stable security definer
set search_path = ''
as $$
  select coalesce(jsonb_agg(x order by x->>'createdAt'), '[]'::jsonb) from (
    select jsonb_build_object(
      'id', n.id, 'title', n.title, 'category', n.category, 'status', n.status,
      'microGridName', (select m.name from public.micro_grids m where m.id = n.micro_grid_id),
      'urgency', n.urgency, 'createdAt', app.iso(n.created_at),
      'resourceIds', jsonb_agg(r.id order by r.created_at)) as x
    from public.needs n
    join public.resources r on r.publisher_id = (select auth.uid()) and r.status = 'active' and app.resource_covers(r, n)
    where n.status in ('triaged', 'in_progress', 'matched')
      and (select count(*) from public.service_projects p where p.need_id = n.id and p.status <> 'cancelled') < n.demand
      and not exists (select 1 from public.service_projects p where p.need_id = n.id and p.resource_id = r.id and p.status <> 'cancelled')
    group by n.id
  ) s
$$;
grant execute on function public.needs_claimable() to authenticated;

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

create or replace function public.services_list(p_community_id uuid default null, p_status public.project_status default null) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
declare
  v_community uuid := coalesce(p_community_id, (select community_id from public.profiles where id = app.require_uid()));
begin
  return coalesce((
    select jsonb_agg(app.project_json(p, false) order by p.created_at desc)
    from public.service_projects p
    where p.community_id = v_community and (p_status is null or p.status = p_status)
  ), '[]'::jsonb);
end
$$;
grant execute on function public.services_list(uuid, public.project_status) to authenticated;

create or replace function public.service_get(p_id uuid) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
declare
  p public.service_projects;
begin
  perform app.require_uid();
  select * into p from public.service_projects where id = p_id;
  if p.id is null then
    perform app.fail('service.not_found');
  end if;
  return app.project_json(p, true);
end
$$;
grant execute on function public.service_get(uuid) to authenticated;
