-- Issue 13, request plumbing: a suspended or deleted profile's token stops working at once (checked in the same round
-- trip as the claims, on every path), photos are served only to those who may see their record, and duplicate
-- suggestions no longer fail on needs without an owner.

----------------------------------------------------------------------------------------------------
-- Suspended and deleted profiles
----------------------------------------------------------------------------------------------------
alter table public.profiles add column if not exists suspended_at timestamptz;
comment on column public.profiles.suspended_at is 'Set by an administrator to suspend the account: every request under its token is refused (auth.suspended) until cleared.';

-- Raises unless the caller of a person token (role authenticated) has a profile that is not suspended. Called before
-- each RPC: by the postgres and PGlite gateways in the same statement that sets the claims (app.begin_request), and on
-- Supabase by PostgREST as its db-pre-request function (see the end of this file). One primary-key lookup.
-- security definer: the check must not depend on what the profiles policies let the caller see.
create or replace function app.check_request() returns void
language plpgsql stable security definer
set search_path = ''
as $$
declare
  v_claims jsonb := nullif(current_setting('request.jwt.claims', true), '')::jsonb;
  v_suspended timestamptz;
begin
  -- anon and service_role (cron, logins) carry no person
  if coalesce(v_claims ->> 'role', '') <> 'authenticated' then
    return;
  end if;
  select p.suspended_at into v_suspended from public.profiles p where p.id = (select auth.uid());
  if not found then
    raise exception using errcode = 'P0001', message = 'auth.profile_missing';
  end if;
  if v_suspended is not null then
    raise exception using errcode = 'P0001', message = 'auth.suspended';
  end if;
end
$$;
-- PostgREST runs the pre-request function as the request's role, anon included; usage on app makes only what is
-- granted to anon callable (every app function revokes execute from public by default).
grant usage on schema app to anon;
grant execute on function app.check_request() to anon, authenticated, service_role;

-- The gateways' first statement of each transaction: the role and claims PostgREST would set, then the check. Not
-- security definer (a definer function may not change the role); only the connecting user calls it.
create or replace function app.begin_request(p_role text, p_claims text) returns void
language plpgsql volatile
set search_path = ''
as $$
begin
  if p_role not in ('anon', 'authenticated', 'service_role') then
    raise exception 'invalid role %', p_role;
  end if;
  perform set_config('request.jwt.claims', p_claims, true);
  perform set_config('role', p_role, true);
  perform app.check_request();
end
$$;
revoke all on function app.begin_request(text, text) from public, anon, authenticated, service_role;

-- The same check as an RPC: a login (which runs as service_role) asks it under the person's claims before handing
-- out a token, and it holds on Supabase whether or not the pre-request setting is in place.
create or replace function public.request_check() returns boolean
language plpgsql stable security definer
set search_path = ''
as $$
begin
  perform app.require_uid();
  perform app.check_request();
  return true;
end
$$;
grant execute on function public.request_check() to authenticated;

-- On Supabase PostgREST connects as `authenticator`; this makes it call the check before every request.
do $$
begin
  if exists (select 1 from pg_roles where rolname = 'authenticator') then
    execute 'alter role authenticator set pgrst.db_pre_request = ''app.check_request''';
    -- PostgREST re-reads its in-database configuration on this notification
    perform pg_notify('pgrst', 'reload config');
  end if;
end
$$;

----------------------------------------------------------------------------------------------------
-- Who may see a stored photo
----------------------------------------------------------------------------------------------------
-- Keys are `shifts/<uploader>/<uuid>.<ext>`: they name the uploader, not the record, so the record is found by key.
create index if not exists shifts_photos_idx on public.shifts using gin (photos);
create index if not exists announcements_image_keys_idx on public.announcements using gin (image_keys);

-- True when the caller may see the photo: its uploader; for a service record (shift) its volunteer and staff of the
-- post's community; for a notice's image whoever may read the notice (the announcements_select rule).
create or replace function public.file_access(p_key text) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select (select auth.uid()) is not null and (
    starts_with(p_key, 'shifts/' || (select auth.uid())::text || '/')
    or exists (
      select 1 from public.shifts s join public.service_posts p on p.id = s.post_id
      where s.photos @> array[p_key]
        and (s.profile_id = (select auth.uid()) or app.is_staff_of(p.community_id))
    )
    or exists (
      select 1 from public.announcements a
      where a.image_keys @> array[p_key]
        and (a.author_id = (select auth.uid())
          or app.announcement_manageable(a.scope, a.street_id, a.community_id)
          or (a.withdrawn_at is null and (a.expires_at is null or a.expires_at > now())
              and app.announcement_addressed(a.scope, a.street_id, a.community_id, a.grid_id)))
    )
  )
$$;
grant execute on function public.file_access(text) to authenticated;

----------------------------------------------------------------------------------------------------
-- Duplicate suggestions: a need without an owner (hotline, on behalf by name and phone) made `mine` null, which the
-- response contract refuses (a 500 on every suggestion list that contained one). Live definition from
-- 20261122000200_needs_loop.sql; only `mine` changed.
----------------------------------------------------------------------------------------------------
create or replace function public.needs_similar(p_micro_grid_id uuid, p_title text, p_limit int default 5) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  v_community uuid;
  v_grams text := app.cjk_grams(p_title);
begin
  select community_id into v_community from public.profiles where id = v_uid;
  if v_community is null or not exists (
    select 1 from public.micro_grids m join public.grids g on g.id = m.grid_id
    where m.id = p_micro_grid_id and g.community_id = v_community
  ) then
    perform app.fail('need.micro_grid_invalid', 'microGridId');
  end if;
  return coalesce((
    select jsonb_agg(jsonb_build_object(
      'id', s.id, 'title', s.title, 'category', s.category, 'status', s.status, 'followers', s.follower_count,
      'following', exists (select 1 from public.need_followers f where f.need_id = s.id and f.profile_id = v_uid),
      'mine', s.created_by is not distinct from v_uid, 'similarity', round(s.sim::numeric, 3), 'createdAt', app.iso(s.created_at)
    ) order by s.sim desc, s.created_at desc)
    from (
      select n.*, extensions.similarity(n.title_grams, v_grams) as sim
      from public.needs n
      where n.micro_grid_id = p_micro_grid_id
        and n.status in ('submitted', 'triaged', 'in_progress', 'escalated', 'in_deliberation', 'matched')
        and extensions.similarity(n.title_grams, v_grams) >= 0.2
      order by sim desc, n.created_at desc
      limit least(greatest(coalesce(p_limit, 5), 1), 20)
    ) s
  ), '[]'::jsonb);
end
$$;
grant execute on function public.needs_similar(uuid, text, int) to authenticated;
