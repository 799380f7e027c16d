-- 信息发布 (announcements), issue 12: staff publish notices to their community or one of its grids, the street admin
-- to the whole street or any community of it; residents read what is addressed to them on 首页 and in a list.
-- Writes go through the security definer functions below; reads of the table are governed by announcements_select,
-- which lets a person see exactly the live notices addressed to them plus the ones they may manage.

create type public.announcement_scope as enum ('street', 'community', 'grid');

create table public.announcements (
  id uuid primary key default gen_random_uuid(),
  scope public.announcement_scope not null,
  street_id uuid not null references public.streets(id),
  community_id uuid references public.communities(id),
  grid_id uuid references public.grids(id),
  title text not null check (char_length(title) between 2 and 60),
  body text not null check (char_length(body) between 1 and 5000),
  -- storage keys of photos the author uploaded (POST /api/uploads/photo)
  image_keys text[] not null default '{}' check (cardinality(image_keys) <= 3),
  pinned boolean not null default false,
  expires_at timestamptz,
  author_id uuid references public.profiles(id) on delete set null,
  created_at timestamptz not null default now(),
  withdrawn_at timestamptz,
  withdrawn_by uuid references public.profiles(id) on delete set null,
  constraint announcements_scope_ids check (
    (scope = 'street' and community_id is null and grid_id is null)
    or (scope = 'community' and community_id is not null and grid_id is null)
    or (scope = 'grid' and community_id is not null and grid_id is not null)
  )
);
comment on table public.announcements is '通知公告: a notice to a whole street, a community or one grid of it (the residents of its micro-grids). Never deleted: withdrawn (撤回) or expired notices leave the residents'' list and stay visible to those who manage them.';
-- a community's list: its own and its grids' notices, pinned first, newest first
create index announcements_community_idx on public.announcements (community_id, pinned desc, created_at desc, id desc);
create index announcements_street_idx on public.announcements (street_id, pinned desc, created_at desc, id desc) where scope = 'street';

alter table public.announcements enable row level security;
revoke all on public.announcements from anon, authenticated;
grant select on public.announcements to authenticated;
grant all on public.announcements to service_role;

----------------------------------------------------------------------------------------------------
-- Who a notice reaches, who manages it
----------------------------------------------------------------------------------------------------

-- The grids a person belongs to: the grid of their micro-grid (楼栋), and the grids they patrol as a grid worker.
create or replace function app.my_grid_ids() returns uuid[]
language sql stable security definer
set search_path = ''
as $$
  select coalesce(array_agg(distinct g), '{}') from (
    select m.grid_id as g from public.profiles p join public.micro_grids m on m.id = p.micro_grid_id where p.id = (select auth.uid())
    union all
    select a.grid_id from public.grid_assignments a where a.profile_id = (select auth.uid())
  ) x
$$;
grant execute on function app.my_grid_ids() to authenticated, service_role;

-- Addressed to the caller: their street's (they live or hold a role in a community of it), their community's, their grid's.
create or replace function app.announcement_addressed(
  p_scope public.announcement_scope, p_street uuid, p_community uuid, p_grid uuid
) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select case p_scope
    when 'street' then
      exists (select 1 from public.profiles p join public.communities c on c.id = p.community_id
              where p.id = (select auth.uid()) and c.street_id = p_street)
      or exists (select 1 from public.profile_roles r join public.communities c on c.id = r.community_id
                 where r.profile_id = (select auth.uid()) and c.street_id = p_street)
    when 'community' then app.is_member_of(p_community)
    when 'grid' then p_grid = any (app.my_grid_ids())
    else false
  end
$$;
grant execute on function app.announcement_addressed(public.announcement_scope, uuid, uuid, uuid) to authenticated, service_role;

-- Withdraw and pin: street notices by an admin of the street; community and grid notices by staff of the community or
-- an admin of its street. (The author may always act on their own notice: checked beside this.)
create or replace function app.announcement_manageable(p_scope public.announcement_scope, p_street uuid, p_community uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select case when p_scope = 'street' then app.is_street_admin(p_street) else app.can_manage_community(p_community) end
$$;
grant execute on function app.announcement_manageable(public.announcement_scope, uuid, uuid) to authenticated, service_role;

create policy announcements_select on public.announcements for select to authenticated
  using (
    author_id = (select auth.uid())
    or app.announcement_manageable(scope, street_id, community_id)
    or (withdrawn_at is null and (expires_at is null or expires_at > now())
        and app.announcement_addressed(scope, street_id, community_id, grid_id))
  );

create or replace function app.announcement_status(a public.announcements) returns text
language sql stable
set search_path = ''
as $$
  select case when a.withdrawn_at is not null then 'withdrawn'
              when a.expires_at is not null and a.expires_at <= now() then 'expired'
              else 'active' end
$$;

-- camelCase, matching ZAnnouncement in core/contracts/announcements.ts
create or replace function app.announcement_json(a public.announcements) returns jsonb
language sql stable security definer
set search_path = ''
as $$
  select jsonb_build_object(
    'id', a.id, 'scope', a.scope, 'streetId', a.street_id,
    'communityId', a.community_id, 'communityName', (select c.name from public.communities c where c.id = a.community_id),
    'gridId', a.grid_id, 'gridName', (select g.name from public.grids g where g.id = a.grid_id),
    'title', a.title, 'body', a.body, 'images', to_jsonb(a.image_keys), 'pinned', a.pinned,
    'expiresAt', app.iso(a.expires_at), 'createdAt', app.iso(a.created_at), 'withdrawnAt', app.iso(a.withdrawn_at),
    'authorName', (select p.display_name from public.profiles p where p.id = a.author_id),
    'status', app.announcement_status(a),
    'canManage', a.author_id = (select auth.uid()) or app.announcement_manageable(a.scope, a.street_id, a.community_id))
$$;

----------------------------------------------------------------------------------------------------
-- Publishing, withdrawing, pinning
----------------------------------------------------------------------------------------------------
-- street: an admin of the street (the street of p_community_id, or p_street_id); community and grid: staff of the
-- community or an admin of its street. Images must be photos the author uploaded themself.
create or replace function public.announcement_create(
  p_scope public.announcement_scope, p_title text, p_body text,
  p_community_id uuid default null, p_grid_id uuid default null, p_street_id uuid default null,
  p_images jsonb default '[]', p_pinned boolean default false, p_expires_at timestamptz default null
) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  v_community public.communities;
  v_street uuid;
  v_title text := btrim(coalesce(p_title, ''));
  v_body text := btrim(coalesce(p_body, ''));
  v_images text[];
  v_a public.announcements;
begin
  if p_scope is null then
    perform app.fail('announcement.scope_invalid', 'scope');
  end if;
  -- permission first: nothing about the request is answered to someone who may not publish there
  if p_community_id is not null then
    select * into v_community from public.communities where id = p_community_id;
  end if;
  if p_scope = 'street' then
    v_street := coalesce(p_street_id, v_community.street_id);
    if v_street is null or not app.is_street_admin(v_street)
       or (p_community_id is not null and v_community.street_id is distinct from v_street) then
      perform app.fail('announcement.street_admin_only', 'scope');
    end if;
  else
    if p_community_id is null then
      perform app.fail('announcement.community_required', 'communityId');
    end if;
    if v_community.id is null or not app.can_manage_community(p_community_id) then
      perform app.fail('announcement.publish_forbidden', 'communityId');
    end if;
    if v_community.archived_at is not null then
      perform app.fail('announcement.community_archived', 'communityId');
    end if;
    v_street := v_community.street_id;
    if p_scope = 'grid' and (p_grid_id is null or not exists (
      select 1 from public.grids g where g.id = p_grid_id and g.community_id = p_community_id)) then
      perform app.fail('announcement.grid_invalid', 'gridId');
    end if;
  end if;
  if char_length(v_title) not between 2 and 60 or v_title ~ '[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]' then
    perform app.fail('announcement.title_invalid', 'title');
  end if;
  if char_length(v_body) not between 1 and 5000 or v_body ~ '[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]' then
    perform app.fail('announcement.body_invalid', 'body');
  end if;
  if p_images is not null and jsonb_typeof(p_images) <> 'array' then
    perform app.fail('announcement.images_invalid', 'images');
  end if;
  v_images := array(select jsonb_array_elements_text(coalesce(p_images, '[]')));
  if cardinality(v_images) > 3 or exists (
    select 1 from unnest(v_images) k
    where k is null or k !~ ('^shifts/' || v_uid::text || '/[0-9a-f-]{36}\.(jpg|png|webp)$')) then
    perform app.fail('announcement.images_invalid', 'images');
  end if;
  if p_expires_at is not null and (p_expires_at <= now() or p_expires_at > now() + interval '366 days') then
    perform app.fail('announcement.expiry_invalid', 'expiresAt');
  end if;

  insert into public.announcements (scope, street_id, community_id, grid_id, title, body, image_keys, pinned, expires_at, author_id)
  values (p_scope, v_street,
          case when p_scope = 'street' then null else p_community_id end,
          case when p_scope = 'grid' then p_grid_id end,
          v_title, v_body, v_images, coalesce(p_pinned, false), p_expires_at, v_uid)
  returning * into v_a;
  perform app.audit('announcement.published', v_a.community_id, null,
    jsonb_build_object('announcementId', v_a.id, 'scope', v_a.scope, 'title', v_a.title)
    || case when v_a.grid_id is not null then jsonb_build_object('gridId', v_a.grid_id) else '{}'::jsonb end,
    v_street);
  return app.announcement_json(v_a);
end
$$;
grant execute on function public.announcement_create(public.announcement_scope, text, text, uuid, uuid, uuid, jsonb, boolean, timestamptz) to authenticated;

-- The notice, locked, for someone who may withdraw or pin it; one they may not manage but may read is refused as
-- forbidden, one they may not read does not exist for them.
create or replace function app.announcement_for_update(p_id uuid) returns public.announcements
language plpgsql security definer
set search_path = ''
as $$
declare
  v_a public.announcements;
begin
  select * into v_a from public.announcements where id = p_id for update;
  if v_a.id is null then
    perform app.fail('announcement.not_found', 'id');
  end if;
  if v_a.author_id is distinct from (select auth.uid()) and not app.announcement_manageable(v_a.scope, v_a.street_id, v_a.community_id) then
    if v_a.withdrawn_at is null and (v_a.expires_at is null or v_a.expires_at > now())
       and app.announcement_addressed(v_a.scope, v_a.street_id, v_a.community_id, v_a.grid_id) then
      perform app.fail('announcement.manage_forbidden');
    end if;
    perform app.fail('announcement.not_found', 'id');
  end if;
  return v_a;
end
$$;

create or replace function public.announcement_withdraw(p_id uuid) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  v_a public.announcements := app.announcement_for_update(p_id);
begin
  if v_a.withdrawn_at is null then
    update public.announcements set withdrawn_at = now(), withdrawn_by = v_uid, pinned = false where id = p_id returning * into v_a;
    perform app.audit('announcement.withdrawn', v_a.community_id, null,
      jsonb_build_object('announcementId', v_a.id, 'scope', v_a.scope, 'title', v_a.title), v_a.street_id);
  end if;
  return app.announcement_json(v_a);
end
$$;
grant execute on function public.announcement_withdraw(uuid) to authenticated;

create or replace function public.announcement_pin(p_id uuid, p_pinned boolean) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_a public.announcements;
begin
  perform app.require_uid();
  v_a := app.announcement_for_update(p_id);
  if p_pinned is null then
    perform app.fail('request.invalid', 'pinned');
  end if;
  if v_a.withdrawn_at is not null then
    perform app.fail('announcement.withdrawn', 'id');
  end if;
  if v_a.pinned is distinct from p_pinned then
    update public.announcements set pinned = p_pinned where id = p_id returning * into v_a;
    perform app.audit(case when p_pinned then 'announcement.pinned' else 'announcement.unpinned' end, v_a.community_id, null,
      jsonb_build_object('announcementId', v_a.id, 'scope', v_a.scope, 'title', v_a.title), v_a.street_id);
  end if;
  return app.announcement_json(v_a);
end
$$;
grant execute on function public.announcement_pin(uuid, boolean) to authenticated;

----------------------------------------------------------------------------------------------------
-- Reading
----------------------------------------------------------------------------------------------------
-- What a person of the community sees: live notices of the street, the community and their grids (a manager of the
-- community: all its grids), pinned first, newest first. p_manage (staff of the community, admins of its street): also
-- the expired and withdrawn ones of the community, for housekeeping (street notices in every state only for admins of
-- the street). Keyset paged on (pinned, created_at, id), at most 20 a page.
create or replace function public.announcements_list(
  p_community_id uuid, p_manage boolean default false, p_cursor text default null, p_limit int default 20
) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
declare
  v_limit int := least(greatest(coalesce(p_limit, 20), 1), 20);
  v_street uuid;
  v_manager boolean;
  v_street_admin boolean;
  v_grids uuid[];
  v_key jsonb;
  v_after_pinned int;
  v_after_at timestamptz;
  v_after_id uuid;
  v_rows public.announcements[];
begin
  perform app.require_uid();
  select c.street_id into v_street from public.communities c where c.id = p_community_id;
  if v_street is null then
    perform app.fail('announcement.community_not_found', 'communityId');
  end if;
  v_manager := app.can_manage_community(p_community_id);
  if coalesce(p_manage, false) and not v_manager then
    perform app.fail('announcement.manage_forbidden', 'manage');
  end if;
  if not v_manager and not app.is_member_of(p_community_id) then
    perform app.fail('announcement.not_member', 'communityId');
  end if;
  v_street_admin := app.is_street_admin(v_street);
  v_grids := app.my_grid_ids();
  v_key := app.cursor_decode(p_cursor, 3);
  if v_key is not null then
    v_after_pinned := app.cursor_bigint(v_key, 0);
    if v_after_pinned not in (0, 1) then
      perform app.fail('list.cursor_invalid', 'cursor');
    end if;
    v_after_at := app.cursor_ts(v_key, 1);
    v_after_id := app.cursor_uuid(v_key, 2);
  end if;

  select coalesce(array_agg(x order by x.pinned desc, x.created_at desc, x.id desc), '{}') into v_rows
  from (
    select a.* from public.announcements a
    where (a.community_id = p_community_id or (a.scope = 'street' and a.street_id = v_street))
      and case
        when coalesce(p_manage, false) then
          a.scope <> 'street' or v_street_admin or (a.withdrawn_at is null and (a.expires_at is null or a.expires_at > now()))
        else
          a.withdrawn_at is null and (a.expires_at is null or a.expires_at > now())
          and (a.scope <> 'grid' or v_manager or a.grid_id = any (v_grids))
      end
      and (v_after_id is null or (a.pinned::int, a.created_at, a.id) < (v_after_pinned, v_after_at, v_after_id))
    order by a.pinned desc, a.created_at desc, a.id desc
    limit v_limit + 1
  ) x;
  return jsonb_build_object(
    'items', coalesce((select jsonb_agg(app.announcement_json(v_rows[o]) order by o) from generate_series(1, least(cardinality(v_rows), v_limit)) o), '[]'::jsonb),
    'nextCursor', case when cardinality(v_rows) > v_limit then app.cursor_encode(jsonb_build_array(
      (v_rows[v_limit]).pinned::int, app.iso((v_rows[v_limit]).created_at), (v_rows[v_limit]).id)) end
  );
end
$$;
grant execute on function public.announcements_list(uuid, boolean, text, int) to authenticated;

-- One notice, exactly when the table's policy lets the caller see it (announcements_select).
create or replace function public.announcement_get(p_id uuid) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  v_a public.announcements;
begin
  select * into v_a from public.announcements a where a.id = p_id;
  if v_a.id is null or not (
    v_a.author_id = v_uid
    or app.announcement_manageable(v_a.scope, v_a.street_id, v_a.community_id)
    or (v_a.withdrawn_at is null and (v_a.expires_at is null or v_a.expires_at > now())
        and app.announcement_addressed(v_a.scope, v_a.street_id, v_a.community_id, v_a.grid_id))
  ) then
    perform app.fail('announcement.not_found', 'id');
  end if;
  return app.announcement_json(v_a);
end
$$;
grant execute on function public.announcement_get(uuid) to authenticated;
