-- Notifications: the in-app inbox (消息) over the outbox (public.notifications, in the foundation file: every event
-- writes one row per person in its own transaction), the WeChat sender's claim and mark with back-off, subscribe
-- message credits, and announcements (信息发布) to a street, a community or a grid.

----------------------------------------------------------------------------------------------------
-- Types
----------------------------------------------------------------------------------------------------
create type public.announcement_scope as enum ('street', 'community', 'grid');

----------------------------------------------------------------------------------------------------
-- Tables
----------------------------------------------------------------------------------------------------
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
create index if not exists announcements_image_keys_idx on public.announcements using gin (image_keys);
create index if not exists announcements_street_page_idx
  on public.announcements (street_id, pinned, created_at, id) where scope = 'street';
create index if not exists announcements_community_page_idx
  on public.announcements (community_id, pinned, created_at, id);

create table public.notification_subscriptions (
  profile_id uuid not null references public.profiles(id) on delete cascade,
  template_group text not null check (template_group in ('need_status', 'service', 'meeting', 'redemption')),
  -- WeChat keeps its own count per template; ours is capped so a scripted client cannot bank thousands
  credits int not null default 0 check (credits between 0 and 20),
  accepted_at timestamptz,
  rejected_at timestamptz,
  updated_at timestamptz not null default now(),
  primary key (profile_id, template_group)
);
comment on table public.notification_subscriptions is 'Per person and template group: how many one-time WeChat subscribe messages they have allowed and not yet received.';
alter table public.notification_subscriptions enable row level security;

----------------------------------------------------------------------------------------------------
-- Table grants
----------------------------------------------------------------------------------------------------
revoke all on public.announcements from anon, authenticated;

grant select on public.announcements to authenticated;

grant all on public.announcements to service_role;

revoke all on public.notification_subscriptions from anon, authenticated;

grant select on public.notification_subscriptions to authenticated;

grant all on public.notification_subscriptions to service_role;

----------------------------------------------------------------------------------------------------
-- Policies
----------------------------------------------------------------------------------------------------
create policy announcements_select on public.announcements for select to authenticated
  using (author_id = (select auth.uid())
    or (scope = 'street' and street_id = any ((select app.my_admin_street_ids())::uuid[]))
    or (scope <> 'street' and community_id = any ((select app.my_staff_community_ids())::uuid[]))
    or (withdrawn_at is null and (expires_at is null or expires_at > now())
        and case scope
              when 'street' then street_id = any ((select app.my_street_ids())::uuid[])
              when 'community' then community_id = any ((select app.my_community_ids())::uuid[])
              else grid_id = any ((select app.my_grid_ids())::uuid[])
            end));

create policy notification_subscriptions_select on public.notification_subscriptions for select to authenticated
  using (profile_id = (select auth.uid()));

----------------------------------------------------------------------------------------------------
-- Read functions
----------------------------------------------------------------------------------------------------
create or replace function public.notifications_list(p_cursor text default null, p_limit int default 20) returns jsonb
language plpgsql stable security invoker
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  v_limit int := least(greatest(coalesce(p_limit, 20), 1), 50);
  v_key jsonb := app.cursor_decode(p_cursor, 1);
  v_after bigint := 9223372036854775807;
  v_result jsonb;
begin
  if v_key is not null then
    v_after := app.cursor_bigint(v_key, 0);
  end if;
  with page as (
    select n.*, row_number() over (order by n.id desc) as k
    from (
      select n.* from public.notifications n
      where n.profile_id = v_uid and n.id < v_after
      order by n.id desc
      limit v_limit + 1
    ) n
  )
  select jsonb_build_object(
    'items', coalesce(jsonb_agg(jsonb_build_object(
        'id', r.id, 'kind', r.kind, 'payload', r.payload, 'createdAt', app.iso(r.created_at), 'readAt', app.iso(r.read_at))
        order by r.k) filter (where r.k <= v_limit), '[]'::jsonb),
    'unread', (select count(*) from public.notifications n where n.profile_id = v_uid and n.read_at is null),
    'nextCursor', case when count(*) > v_limit then app.cursor_encode(jsonb_build_array(max(r.id) filter (where r.k = v_limit))) end)
    into v_result
  from page r;
  return v_result;
end
$$;
grant execute on function public.notifications_list(text, int) to authenticated;

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

create or replace function app.announcement_status(a public.announcements) returns text
language sql stable
set search_path = ''
as $$
  select case when a.withdrawn_at is not null then 'withdrawn'
              when a.expires_at is not null and a.expires_at <= now() then 'expired'
              else 'active' end
$$;
grant execute on function app.announcement_status(public.announcements) to authenticated;

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
grant execute on function app.announcement_json(public.announcements) to authenticated;

-- What a person of the community sees: live notices of the street, the community and their grids (a manager of the
-- community: all its grids), pinned first, newest first. p_manage (staff of the community, admins of its street): also
-- the expired and withdrawn ones of the community, for housekeeping (street notices in every state only for admins of
-- the street). Keyset paged on (pinned, created_at, id), at most 20 a page.
create or replace function public.announcements_list(
  p_community_id uuid, p_manage boolean default false, p_cursor text default null, p_limit int default 20
) returns jsonb
language plpgsql stable security invoker
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  v_limit int := least(greatest(coalesce(p_limit, 20), 1), 50);
  v_manage boolean := coalesce(p_manage, false);
  v_street uuid;
  v_manager boolean;
  v_street_admin boolean;
  v_grids uuid[];
  v_key jsonb;
  v_pinned boolean := true;
  v_at timestamptz := 'infinity';
  v_id uuid := 'ffffffff-ffff-ffff-ffff-ffffffffffff';
  v_rows public.announcements[];
  v_result jsonb;
begin
  select c.street_id into v_street from public.communities c where c.id = p_community_id;
  if v_street is null then
    perform app.fail('announcement.community_not_found', 'communityId');
  end if;
  v_manager := p_community_id = any (app.my_staff_community_ids());
  if v_manage and not v_manager then
    perform app.fail('announcement.manage_forbidden', 'manage');
  end if;
  if not v_manager and not app.is_member_of(p_community_id) then
    perform app.fail('announcement.not_member', 'communityId');
  end if;
  v_street_admin := v_street = any (app.my_admin_street_ids());
  v_grids := app.my_grid_ids();
  v_key := app.cursor_decode(p_cursor, 3);
  if v_key is not null then
    if app.cursor_bigint(v_key, 0) not in (0, 1) then
      perform app.fail('list.cursor_invalid', 'cursor');
    end if;
    v_pinned := app.cursor_bigint(v_key, 0) = 1;
    v_at := app.cursor_ts(v_key, 1);
    v_id := app.cursor_uuid(v_key, 2);
  end if;

  -- pinned first, then newest: the community's own and the street's, each from its index, merged
  select coalesce(array_agg(x order by x.pinned desc, x.created_at desc, x.id desc), '{}') into v_rows
  from (
    select y.* from (
      (select a.* from public.announcements a
       where a.community_id = p_community_id
         and (a.pinned, a.created_at, a.id) < (v_pinned, v_at, v_id)
         and case when v_manage then true
                  else a.withdrawn_at is null and (a.expires_at is null or a.expires_at > now())
                       and (a.scope <> 'grid' or v_manager or a.grid_id = any (v_grids)) end
       order by a.pinned desc, a.created_at desc, a.id desc
       limit v_limit + 1)
      union all
      (select a.* from public.announcements a
       where a.scope = 'street' and a.street_id = v_street
         and (a.pinned, a.created_at, a.id) < (v_pinned, v_at, v_id)
         and (v_manage and v_street_admin or (a.withdrawn_at is null and (a.expires_at is null or a.expires_at > now())))
       order by a.pinned desc, a.created_at desc, a.id desc
       limit v_limit + 1)
    ) y
    order by y.pinned desc, y.created_at desc, y.id desc
    limit v_limit + 1
  ) x;

  with page as (
    select (v_rows[o]).*, o as n from generate_series(1, least(cardinality(v_rows), v_limit)) o
  )
  select coalesce(jsonb_agg(jsonb_build_object(
      'id', x.id, 'scope', x.scope, 'streetId', x.street_id,
      'communityId', x.community_id, 'communityName', c.name,
      'gridId', x.grid_id, 'gridName', g.name,
      'title', x.title, 'body', x.body, 'images', to_jsonb(x.image_keys), 'pinned', x.pinned,
      'expiresAt', app.iso(x.expires_at), 'createdAt', app.iso(x.created_at), 'withdrawnAt', app.iso(x.withdrawn_at),
      'authorName', pr.display_name,
      'status', case when x.withdrawn_at is not null then 'withdrawn'
                     when x.expires_at is not null and x.expires_at <= now() then 'expired' else 'active' end,
      -- app.announcement_manageable: the street's admin for a street notice, the community's managers otherwise
      'canManage', x.author_id is not distinct from v_uid
                   or case when x.scope = 'street' then v_street_admin else v_manager end) order by x.n), '[]'::jsonb)
    into v_result
  from page x
  left join public.communities c on c.id = x.community_id
  left join public.grids g on g.id = x.grid_id
  left join app.display_names(array(select p.author_id from page p)) pr on pr.id = x.author_id;
  return jsonb_build_object(
    'items', v_result,
    'nextCursor', case when cardinality(v_rows) > v_limit then app.cursor_encode(jsonb_build_array(
      (v_rows[v_limit]).pinned::int, app.iso((v_rows[v_limit]).created_at), (v_rows[v_limit]).id)) end
  );
end
$$;
grant execute on function public.announcements_list(uuid, boolean, text, int) to authenticated;

-- One notice, exactly when the table's policy lets the caller see it (announcements_select).
create or replace function public.announcement_get(p_id uuid) returns jsonb
language plpgsql stable
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

-- security invoker: the select policy keeps a person to their own rows
create or replace function public.subscriptions_get() returns jsonb
language plpgsql stable security invoker
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
begin
  return coalesce((
    select jsonb_object_agg(s.template_group, s.credits)
    from public.notification_subscriptions s where s.profile_id = v_uid), '{}'::jsonb);
end
$$;
grant execute on function public.subscriptions_get() to authenticated;

----------------------------------------------------------------------------------------------------
-- Write functions
----------------------------------------------------------------------------------------------------
-- Outbox drain only rows that are due, and the row's time for the message.
create or replace function public.notifications_claim(p_limit int default 50) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v jsonb;
begin
  with picked as (
    select id from public.notifications
    where (status = 'pending' and next_attempt_at <= now()) or (status = 'sending' and locked_until < now())
    order by id
    limit least(greatest(coalesce(p_limit, 50), 1), 500)
    for update skip locked
  ), upd as (
    update public.notifications x set status = 'sending', attempts = attempts + 1, locked_until = now() + interval '5 minutes'
    from picked where x.id = picked.id
    returning x.*
  )
  select coalesce(jsonb_agg(jsonb_build_object(
    'id', upd.id, 'profileId', upd.profile_id, 'openid', p.wechat_openid, 'kind', upd.kind, 'payload', upd.payload,
    'attempts', upd.attempts, 'createdAt', app.iso(upd.created_at)) order by upd.id), '[]'::jsonb) into v
  from upd join public.profiles p on p.id = upd.profile_id;
  return v;
end
$$;
grant execute on function public.notifications_claim(int) to service_role;

-- `pending` from the sender means "try again later": after 1 min, 5 min, 30 min, 2 h, 6 h; the 6th failure is final.
create or replace function public.notification_mark(p_id bigint, p_status text, p_error text default null) returns void
language plpgsql security definer
set search_path = ''
as $$
begin
  if p_status not in ('sent', 'skipped', 'failed', 'pending') then
    perform app.fail('request.invalid', 'status');
  end if;
  update public.notifications
  set status = case when p_status = 'pending' and attempts >= 6 then 'failed' else p_status end,
      last_error = left(p_error, 500), locked_until = null,
      sent_at = case when p_status = 'sent' then now() end,
      next_attempt_at = case when p_status = 'pending'
        then now() + (array[interval '1 minute', interval '5 minutes', interval '30 minutes', interval '2 hours', interval '6 hours'])[least(greatest(attempts, 1), 5)]
        else next_attempt_at end
  where id = p_id;
end
$$;
grant execute on function public.notification_mark(bigint, text, text) to service_role;

-- Marks the caller's own items read (the given ids, or all of them); ids of someone else's items are ignored, never
-- an error that would tell whether they exist. Returns the unread count left. The ids come as a jsonb array of
-- integers, as every array argument does through the gateway (it sends arrays as JSON).
create or replace function public.notifications_read(p_ids jsonb default null, p_all boolean default false) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  v_all boolean := coalesce(p_all, false);
  v_ids bigint[];
begin
  if v_all and p_ids is not null then
    perform app.fail('request.invalid', 'all');
  end if;
  if not v_all then
    if p_ids is null or jsonb_typeof(p_ids) <> 'array' or jsonb_array_length(p_ids) not between 1 and 100
       or exists (select 1 from jsonb_array_elements(p_ids) e
                  where jsonb_typeof(e) <> 'number' or e::text !~ '^[0-9]{1,18}$') then
      perform app.fail('request.invalid', 'ids');
    end if;
    v_ids := array(select e::text::bigint from jsonb_array_elements(p_ids) e);
  end if;
  update public.notifications set read_at = now()
  where profile_id = v_uid and read_at is null and (v_all or id = any (v_ids));
  return jsonb_build_object('unread', (select count(*) from public.notifications n where n.profile_id = v_uid and n.read_at is null));
end
$$;
grant execute on function public.notifications_read(jsonb, boolean) to authenticated;

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

-- One tap's result: each accepted group gains a credit (capped at 20); a rejected one is remembered, credits kept
-- (earlier allowances are still valid at WeChat).
create or replace function public.subscriptions_record(p_accepted jsonb, p_rejected jsonb default '[]'::jsonb) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  v_groups constant text[] := array['need_status', 'service', 'meeting', 'redemption'];
begin
  if p_accepted is null or jsonb_typeof(p_accepted) <> 'array'
     or exists (select 1 from jsonb_array_elements(p_accepted) e where jsonb_typeof(e) <> 'string' or not (e #>> '{}' = any (v_groups))) then
    perform app.fail('request.invalid', 'accepted');
  end if;
  if p_rejected is not null and (jsonb_typeof(p_rejected) <> 'array'
     or exists (select 1 from jsonb_array_elements(p_rejected) e where jsonb_typeof(e) <> 'string' or not (e #>> '{}' = any (v_groups)))) then
    perform app.fail('request.invalid', 'rejected');
  end if;
  insert into public.notification_subscriptions as s (profile_id, template_group, credits, accepted_at)
  select v_uid, g, 1, now() from (select distinct e #>> '{}' g from jsonb_array_elements(p_accepted) e) a
  on conflict (profile_id, template_group) do update
    set credits = least(s.credits + 1, 20), accepted_at = now(), updated_at = now();
  insert into public.notification_subscriptions as s (profile_id, template_group, rejected_at)
  select v_uid, g, now() from (select distinct e #>> '{}' g from jsonb_array_elements(coalesce(p_rejected, '[]'::jsonb)) e) r
  where not (r.g = any (array(select e #>> '{}' from jsonb_array_elements(p_accepted) e)))
  on conflict (profile_id, template_group) do update set rejected_at = now(), updated_at = now();
  return public.subscriptions_get();
end
$$;
grant execute on function public.subscriptions_record(jsonb, jsonb) to authenticated;

-- take: spend one credit before sending (false = none left); give_back: WeChat did not deliver (busy, network), so the
-- allowance is still there; clear: WeChat says the person has none (43101), so ours are stale.
create or replace function public.subscription_credit(p_profile_id uuid, p_group text, p_op text) returns boolean
language plpgsql security definer
set search_path = ''
as $$
declare
  v_n int;
begin
  if p_op = 'take' then
    update public.notification_subscriptions set credits = credits - 1, updated_at = now()
    where profile_id = p_profile_id and template_group = p_group and credits > 0;
  elsif p_op = 'give_back' then
    update public.notification_subscriptions set credits = least(credits + 1, 20), updated_at = now()
    where profile_id = p_profile_id and template_group = p_group;
  elsif p_op = 'clear' then
    update public.notification_subscriptions set credits = 0, updated_at = now()
    where profile_id = p_profile_id and template_group = p_group;
  else
    perform app.fail('request.invalid', 'op');
  end if;
  get diagnostics v_n = row_count;
  return v_n > 0;
end
$$;
grant execute on function public.subscription_credit(uuid, text, text) to service_role;
