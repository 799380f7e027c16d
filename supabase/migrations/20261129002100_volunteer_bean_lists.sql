-- Volunteer and bean lists at district scale (issue 14): every list is keyset-paged (at most 50 a page, an opaque
-- `nextCursor` made by app.cursor_encode; a cursor that does not decode is refused naming `cursor`), each page is
-- built by one set-based statement (no row builder called per row, whose own statement would re-run the caller's
-- RLS scope every time), and each list has the index its order needs.
--
-- Lists stay `security invoker` (the policies decide who reads which row); honour_roll and redemptions_mine stay the
-- documented definer projections of 20261129000900_read_model.sql and check their caller themselves. Where a page
-- shows a field its reader may not select directly (a volunteer's name to staff of another community, a responder's
-- masked phone), one definer builder per page projects exactly the rows the invoker query already chose, and
-- re-checks who may see them.

----------------------------------------------------------------------------------------------------
-- Policies: the caller's staff communities once per statement (an InitPlan), not a role lookup per row
----------------------------------------------------------------------------------------------------
-- Same rows as before: app.is_staff_of(c) holds exactly for c in app.my_staff_community_ids() (street admins are
-- mirrored as admin in each community of their street).
drop policy if exists volunteer_registrations_select on public.volunteer_registrations;
create policy volunteer_registrations_select on public.volunteer_registrations for select to authenticated
  using (profile_id = (select auth.uid()) or community_id = any ((select app.my_staff_community_ids())::uuid[]));
-- positions are personal: a shift is visible to the volunteer and staff of the post's community
drop policy if exists shifts_select on public.shifts;
create policy shifts_select on public.shifts for select to authenticated
  using (profile_id = (select auth.uid())
    or post_id in (select p.id from public.service_posts p where p.community_id = any ((select app.my_staff_community_ids())::uuid[])));

----------------------------------------------------------------------------------------------------
-- Indexes each list's order needs
----------------------------------------------------------------------------------------------------
-- 工作纪实确认: a community's shifts waiting for staff, oldest first
create index if not exists shifts_to_confirm_idx on public.shifts (post_id, (coalesce(check_out_at, closure_requested_at)), id)
  where status = 'checked_out' or (status = 'checked_in' and closure_requested_at is not null);
-- 能人库 / 报到审核: a community's registrations in the order they came
create index if not exists volunteer_registrations_community_created_idx on public.volunteer_registrations (community_id, created_at, id);
-- 吹哨: the open ones and those closed within the day
create index if not exists whistles_community_live_idx on public.whistles (community_id, status, closed_at);
-- 积分兑换: a community's active rewards, newest first
create index if not exists rewards_community_active_idx on public.rewards (community_id, created_at desc, id desc) where status = 'active';
-- 我的兑换: mine, newest first
create index if not exists redemptions_profile_created_idx on public.redemptions (profile_id, created_at desc, id desc);
-- 光荣榜: what the opted-in members of a community received in a month (member → account, index only; account →
-- the month's transfers to it)
create index if not exists bean_accounts_person_idx on public.bean_accounts (profile_id) include (id) where kind = 'person';
create index if not exists bean_transfers_to_account_idx on public.bean_transfers (to_account, created_at);

----------------------------------------------------------------------------------------------------
-- Row builders for a whole page (definer: fields the reader may see but not select directly)
----------------------------------------------------------------------------------------------------
/** The shifts of a page in the order given, as app.shift_json shows one; only those the caller may see. */
create or replace function app.shifts_json(p_ids uuid[]) returns jsonb
language sql stable security definer
set search_path = ''
as $$
  select coalesce(jsonb_agg(jsonb_build_object(
      'id', x.id, 'postId', x.post_id, 'postTitle', p.title, 'category', p.category, 'slotId', x.slot_id,
      'startsAt', app.iso(s.starts_at), 'endsAt', app.iso(s.ends_at), 'profileId', x.profile_id,
      'volunteerName', pr.display_name,
      'status', x.status, 'lateCancel', x.late_cancel,
      'checkInAt', app.iso(x.check_in_at), 'checkInDistanceM', round(x.check_in_distance_m::numeric, 1),
      'checkOutAt', app.iso(x.check_out_at), 'checkOutDistanceM', round(x.check_out_distance_m::numeric, 1),
      'notes', x.notes, 'photos', to_jsonb(x.photos), 'verifiedMinutes', x.verified_minutes, 'beansPending', x.beans_pending,
      'rejectReason', x.reject_reason, 'place', p.place, 'lat', p.lat, 'lng', p.lng, 'radiusM', p.radius_m,
      'closure', case when x.closure_requested_at is not null then jsonb_build_object(
        'minutes', x.closure_minutes, 'note', x.closure_note, 'requestedAt', app.iso(x.closure_requested_at)) end)
    order by u.o), '[]'::jsonb)
  from unnest(p_ids) with ordinality u(id, o)
  join public.shifts x on x.id = u.id
  join public.service_posts p on p.id = x.post_id
  join public.post_slots s on s.id = x.slot_id
  left join public.profiles pr on pr.id = x.profile_id
  -- the shifts_select policy, for a builder that reads past it
  where x.profile_id = (select auth.uid()) or p.community_id = any ((select app.my_staff_community_ids())::uuid[])
$$;
grant execute on function app.shifts_json(uuid[]) to authenticated;

/** The whistles of a page in the order given, as app.whistle_json shows one; only those of the caller's communities. */
create or replace function app.whistles_json(p_ids uuid[]) returns jsonb
language sql stable security definer
set search_path = ''
as $$
  with page as (
    select w.*, u.o, w.community_id = any ((select app.my_staff_community_ids())::uuid[]) as staff
    from unnest(p_ids) with ordinality u(id, o)
    join public.whistles w on w.id = u.id
    where w.community_id = any ((select app.my_community_ids())::uuid[])
  ), responder as materialized (
    -- who answered, with their 双报到 kinds in the whistle's community: for staff of that community only
    select r.whistle_id, r.profile_id, r.created_at, pr.display_name, pr.phone,
      coalesce(jsonb_agg(k.role order by k.role) filter (where k.role is not null), '[]'::jsonb) as kinds
    from page w
    join public.whistle_responses r on r.whistle_id = w.id
    join public.profiles pr on pr.id = r.profile_id
    left join public.profile_roles k on k.profile_id = r.profile_id and k.community_id = w.community_id
      and k.role in ('party_member', 'talent')
    where w.staff
    group by r.whistle_id, r.profile_id, r.created_at, pr.display_name, pr.phone
  ), responders as materialized (
    select whistle_id, jsonb_agg(jsonb_build_object('profileId', profile_id, 'displayName', display_name, 'kinds', kinds,
        'phoneMasked', app.mask_phone(phone), 'respondedAt', app.iso(created_at)) order by created_at, profile_id) as list
    from responder group by whistle_id
  )
  select coalesce(jsonb_agg(jsonb_build_object('id', w.id, 'communityId', w.community_id, 'title', w.title, 'category', w.category,
      'description', w.description, 'place', w.place, 'startsAt', app.iso(w.starts_at), 'headcount', w.headcount,
      'responded', w.responded, 'status', w.status, 'answered', mine.whistle_id is not null,
      'createdAt', app.iso(w.created_at),
      'responders', case when w.staff then coalesce(rs.list, '[]'::jsonb) end)
    order by w.o), '[]'::jsonb)
  from page w
  left join public.whistle_responses mine on mine.whistle_id = w.id and mine.profile_id = (select auth.uid())
  left join responders rs on rs.whistle_id = w.id
$$;
grant execute on function app.whistles_json(uuid[]) to authenticated;

----------------------------------------------------------------------------------------------------
-- 服务岗位: open posts with a slot not yet over, the soonest first
----------------------------------------------------------------------------------------------------
-- Ordered by each post's next slot after `from` (default now). The cursor carries that `from`, so the order of later
-- pages does not move while time passes or slots end.
drop function if exists public.posts_list(uuid, public.post_category, timestamptz);
create or replace function public.posts_list(p_community_id uuid default null, p_category public.post_category default null,
  p_from timestamptz default null, p_cursor text default null, p_limit int default 20) returns jsonb
language plpgsql stable security invoker
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  v_community uuid := coalesce(p_community_id, (select community_id from public.profiles where id = v_uid));
  v_limit int := least(greatest(coalesce(p_limit, 20), 1), 50);
  v_key jsonb := app.cursor_decode(p_cursor, 3);
  v_from timestamptz := coalesce(p_from, now());
  v_after_at timestamptz;
  v_after_id uuid;
  v_ids uuid[];
  v_keys jsonb[];
  v_items jsonb;
begin
  if v_key is not null then
    v_from := app.cursor_ts(v_key, 0);
    v_after_at := app.cursor_ts(v_key, 1);
    v_after_id := app.cursor_uuid(v_key, 2);
  end if;
  select coalesce(array_agg(q.id order by q.next_at, q.id), '{}'),
         coalesce(array_agg(jsonb_build_array(app.iso(v_from), app.iso(q.next_at), q.id) order by q.next_at, q.id), '{}')
    into v_ids, v_keys
  from (
    select s.post_id as id, min(s.starts_at) as next_at
    from public.service_posts p join public.post_slots s on s.post_id = p.id
    where p.community_id = v_community and p.status = 'open' and (p_category is null or p.category = p_category)
      and s.cancelled_at is null and s.ends_at >= v_from
    group by s.post_id
    having v_after_id is null or (min(s.starts_at), s.post_id) > (v_after_at, v_after_id)
    order by 2, 1
    limit v_limit + 1
  ) q;

  -- one pass: each post of the page with its slots, and whether the caller holds a place in each
  select coalesce(jsonb_agg(x.post order by x.o), '[]'::jsonb) into v_items
  from (
    select u.o, jsonb_build_object(
        'id', p.id, 'communityId', p.community_id, 'title', p.title, 'category', p.category, 'description', p.description,
        'place', p.place, 'lat', p.lat, 'lng', p.lng, 'radiusM', p.radius_m, 'beanRatePerHour', p.bean_rate_per_hour,
        'status', p.status, 'cancelReason', p.cancel_reason, 'createdAt', app.iso(p.created_at),
        'slots', coalesce(jsonb_agg(jsonb_build_object('id', s.id, 'startsAt', app.iso(s.starts_at), 'endsAt', app.iso(s.ends_at),
            'capacity', s.capacity, 'claimed', s.claimed, 'mine', m.id is not null) order by s.starts_at, s.id)
          filter (where s.id is not null), '[]'::jsonb)) as post
    from unnest(v_ids[1:v_limit]) with ordinality u(id, o)
    join public.service_posts p on p.id = u.id
    left join public.post_slots s on s.post_id = p.id and s.cancelled_at is null
    -- at most one live shift per person and slot (shifts_one_live_per_slot)
    left join public.shifts m on m.slot_id = s.id and m.profile_id = v_uid and m.status <> 'cancelled'
    group by u.o, p.id
  ) x;

  return jsonb_build_object('items', v_items,
    'nextCursor', case when cardinality(v_ids) > v_limit then app.cursor_encode(to_jsonb(v_keys[v_limit])) end);
end
$$;
grant execute on function public.posts_list(uuid, public.post_category, timestamptz, text, int) to authenticated;

----------------------------------------------------------------------------------------------------
-- 我的服务 (newest slot first) and 工作纪实确认 (oldest waiting first)
----------------------------------------------------------------------------------------------------
drop function if exists public.shifts_list(text);
create or replace function public.shifts_list(p_scope text default 'mine', p_cursor text default null, p_limit int default 20)
returns jsonb
language plpgsql stable security invoker
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  v_community uuid := (select community_id from public.profiles where id = v_uid);
  v_limit int := least(greatest(coalesce(p_limit, 20), 1), 50);
  v_key jsonb := app.cursor_decode(p_cursor, 2);
  v_after_at timestamptz;
  v_after_id uuid;
  v_ids uuid[];
  v_keys jsonb[];
begin
  if v_key is not null then
    v_after_at := app.cursor_ts(v_key, 0);
    v_after_id := app.cursor_uuid(v_key, 1);
  end if;
  if p_scope = 'to_confirm' then
    if v_community is null or not app.is_staff_of(v_community) then
      perform app.fail('auth.forbidden');
    end if;
    select coalesce(array_agg(q.id order by q.at, q.id), '{}'),
           coalesce(array_agg(jsonb_build_array(app.iso(q.at), q.id) order by q.at, q.id), '{}')
      into v_ids, v_keys
    from (
      select x.id, coalesce(x.check_out_at, x.closure_requested_at) as at
      from public.service_posts p join public.shifts x on x.post_id = p.id
      where p.community_id = v_community
        and (x.status = 'checked_out' or (x.status = 'checked_in' and x.closure_requested_at is not null))
        and (v_after_id is null or (coalesce(x.check_out_at, x.closure_requested_at), x.id) > (v_after_at, v_after_id))
      order by 2, 1
      limit v_limit + 1
    ) q;
  else
    select coalesce(array_agg(q.id order by q.at desc, q.id desc), '{}'),
           coalesce(array_agg(jsonb_build_array(app.iso(q.at), q.id) order by q.at desc, q.id desc), '{}')
      into v_ids, v_keys
    from (
      select x.id, s.starts_at as at
      from public.shifts x join public.post_slots s on s.id = x.slot_id
      where x.profile_id = v_uid
        and (v_after_id is null or (s.starts_at, x.id) < (v_after_at, v_after_id))
      order by 2 desc, 1 desc
      limit v_limit + 1
    ) q;
  end if;
  return jsonb_build_object('items', app.shifts_json(v_ids[1:v_limit]),
    'nextCursor', case when cardinality(v_ids) > v_limit then app.cursor_encode(to_jsonb(v_keys[v_limit])) end);
end
$$;
grant execute on function public.shifts_list(text, text, int) to authenticated;

----------------------------------------------------------------------------------------------------
-- 能人库 / 报到审核: the community's registrations in the order they came (staff)
----------------------------------------------------------------------------------------------------
drop function if exists public.volunteers_list(public.registration_status, public.volunteer_kind, text);
create or replace function public.volunteers_list(p_status public.registration_status default null, p_kind public.volunteer_kind default null,
  p_skill text default null, p_cursor text default null, p_limit int default 20) returns jsonb
language plpgsql stable security invoker
set search_path = ''
as $$
declare
  v_community uuid := (select community_id from public.profiles where id = app.require_uid());
  v_limit int := least(greatest(coalesce(p_limit, 20), 1), 50);
  v_key jsonb := app.cursor_decode(p_cursor, 2);
  v_after_at timestamptz;
  v_after_id uuid;
  v_ids uuid[];
  v_keys jsonb[];
  v_items jsonb;
begin
  if v_community is null or not app.is_staff_of(v_community) then
    perform app.fail('auth.forbidden');
  end if;
  if v_key is not null then
    v_after_at := app.cursor_ts(v_key, 0);
    v_after_id := app.cursor_uuid(v_key, 1);
  end if;
  select coalesce(array_agg(q.id order by q.created_at, q.id), '{}'),
         coalesce(array_agg(jsonb_build_array(app.iso(q.created_at), q.id) order by q.created_at, q.id), '{}')
    into v_ids, v_keys
  from (
    select r.id, r.created_at
    from public.volunteer_registrations r
    where r.community_id = v_community and (p_status is null or r.status = p_status) and (p_kind is null or r.kind = p_kind)
      and (p_skill is null or exists (select 1 from unnest(r.skills) s where s ilike '%' || p_skill || '%'))
      and (v_after_id is null or (r.created_at, r.id) > (v_after_at, v_after_id))
    order by r.created_at, r.id
    limit v_limit + 1
  ) q;

  select coalesce(jsonb_agg(jsonb_build_object(
      'id', r.id, 'profileId', r.profile_id, 'displayName', pr.display_name,
      'communityId', r.community_id, 'kind', r.kind, 'status', r.status, 'source', r.source, 'workUnit', r.work_unit,
      'partyOrg', r.party_org, 'skills', to_jsonb(r.skills), 'intro', r.intro,
      'recommendedByName', rb.display_name,
      'recommendReason', r.recommend_reason, 'reviewReason', r.review_reason, 'createdAt', app.iso(r.created_at))
    order by u.o), '[]'::jsonb)
    into v_items
  from unnest(v_ids[1:v_limit]) with ordinality u(id, o)
  join public.volunteer_registrations r on r.id = u.id
  left join public.profiles pr on pr.id = r.profile_id
  left join public.profiles rb on rb.id = r.recommended_by;

  return jsonb_build_object('items', v_items,
    'nextCursor', case when cardinality(v_ids) > v_limit then app.cursor_encode(to_jsonb(v_keys[v_limit])) end);
end
$$;
grant execute on function public.volunteers_list(public.registration_status, public.volunteer_kind, text, text, int) to authenticated;

----------------------------------------------------------------------------------------------------
-- 吹哨: open whistles first (soonest first), then those closed within the day
----------------------------------------------------------------------------------------------------
drop function if exists public.whistles_list(uuid);
create or replace function public.whistles_list(p_community_id uuid default null, p_cursor text default null, p_limit int default 20)
returns jsonb
language plpgsql stable security invoker
set search_path = ''
as $$
declare
  v_community uuid := coalesce(p_community_id, (select community_id from public.profiles where id = app.require_uid()));
  v_limit int := least(greatest(coalesce(p_limit, 20), 1), 50);
  v_key jsonb := app.cursor_decode(p_cursor, 3);
  v_after_rank bigint;
  v_after_at timestamptz;
  v_after_id uuid;
  v_ids uuid[];
  v_keys jsonb[];
begin
  if v_key is not null then
    v_after_rank := app.cursor_bigint(v_key, 0);
    v_after_at := app.cursor_ts(v_key, 1);
    v_after_id := app.cursor_uuid(v_key, 2);
  end if;
  select coalesce(array_agg(q.id order by q.rank, q.starts_at, q.id), '{}'),
         coalesce(array_agg(jsonb_build_array(q.rank, app.iso(q.starts_at), q.id) order by q.rank, q.starts_at, q.id), '{}')
    into v_ids, v_keys
  from (
    select w.id, case when w.status = 'open' then 0 else 1 end as rank, w.starts_at
    from public.whistles w
    where w.community_id = v_community
      and (w.status = 'open' or (w.status = 'closed' and w.closed_at > now() - interval '1 day'))
      and (v_after_id is null
           or (case when w.status = 'open' then 0 else 1 end, w.starts_at, w.id) > (v_after_rank, v_after_at, v_after_id))
    order by 2, 3, 1
    limit v_limit + 1
  ) q;
  return jsonb_build_object('items', app.whistles_json(v_ids[1:v_limit]),
    'nextCursor', case when cardinality(v_ids) > v_limit then app.cursor_encode(to_jsonb(v_keys[v_limit])) end);
end
$$;
grant execute on function public.whistles_list(uuid, text, int) to authenticated;

----------------------------------------------------------------------------------------------------
-- 积分兑换: the community's active rewards, newest first
----------------------------------------------------------------------------------------------------
drop function if exists public.rewards_list(uuid);
create or replace function public.rewards_list(p_community_id uuid default null, p_cursor text default null, p_limit int default 20)
returns jsonb
language plpgsql stable security invoker
set search_path = ''
as $$
declare
  v_community uuid := coalesce(p_community_id, (select community_id from public.profiles where id = app.require_uid()));
  v_limit int := least(greatest(coalesce(p_limit, 20), 1), 50);
  v_key jsonb := app.cursor_decode(p_cursor, 2);
  v_after_at timestamptz;
  v_after_id uuid;
  v_items jsonb[];
  v_keys jsonb[];
begin
  if v_key is not null then
    v_after_at := app.cursor_ts(v_key, 0);
    v_after_id := app.cursor_uuid(v_key, 1);
  end if;
  select coalesce(array_agg(jsonb_build_object('id', r.id, 'communityId', r.community_id, 'providerId', r.provider_id,
        'providerName', coalesce(pr.display_name, ''),
        'title', r.title, 'description', r.description, 'priceBeans', r.price_beans, 'stock', r.stock,
        'perPersonLimit', r.per_person_limit, 'limitPeriod', r.limit_period, 'validFrom', app.iso(r.valid_from),
        'validUntil', app.iso(r.valid_until), 'minCreditLevel', r.min_credit_level, 'status', r.status,
        'createdAt', app.iso(r.created_at)) order by r.created_at desc, r.id desc), '{}'),
         coalesce(array_agg(jsonb_build_array(app.iso(r.created_at), r.id) order by r.created_at desc, r.id desc), '{}')
    into v_items, v_keys
  from (
    select r.* from public.rewards r
    where r.community_id = v_community and r.status = 'active' and (r.valid_until is null or r.valid_until > now())
      and (v_after_id is null or (r.created_at, r.id) < (v_after_at, v_after_id))
    order by r.created_at desc, r.id desc
    limit v_limit + 1
  ) r
  left join public.profiles pr on pr.id = r.provider_id;
  return jsonb_build_object('items', to_jsonb(v_items[1:v_limit]),
    'nextCursor', case when cardinality(v_items) > v_limit then app.cursor_encode(to_jsonb(v_keys[v_limit])) end);
end
$$;
grant execute on function public.rewards_list(uuid, text, int) to authenticated;

----------------------------------------------------------------------------------------------------
-- 我的兑换: mine, newest first, with the pickup codes
----------------------------------------------------------------------------------------------------
/** The pickup codes of a page of the caller's own redemptions (the code column is not selectable by anyone). */
create or replace function app.redemption_codes(p_ids uuid[]) returns table (id uuid, code text)
language sql stable security definer
set search_path = ''
as $$ select x.id, x.code from public.redemptions x where x.id = any (p_ids) and x.profile_id = (select auth.uid()) $$;
revoke all on function app.redemption_codes(uuid[]) from public;
grant execute on function app.redemption_codes(uuid[]) to authenticated;

-- Reads no column a person may not select (the codes come from app.redemption_codes, one call a page), so it shows
-- the same whether it runs as definer, as documented, or as its caller.
drop function if exists public.redemptions_mine();
create or replace function public.redemptions_mine(p_cursor text default null, p_limit int default 20) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  v_limit int := least(greatest(coalesce(p_limit, 20), 1), 50);
  v_key jsonb := app.cursor_decode(p_cursor, 2);
  v_after_at timestamptz;
  v_after_id uuid;
  v_ids uuid[];
  v_keys jsonb[];
  v_items jsonb;
begin
  if v_key is not null then
    v_after_at := app.cursor_ts(v_key, 0);
    v_after_id := app.cursor_uuid(v_key, 1);
  end if;
  select coalesce(array_agg(q.id order by q.created_at desc, q.id desc), '{}'),
         coalesce(array_agg(jsonb_build_array(app.iso(q.created_at), q.id) order by q.created_at desc, q.id desc), '{}')
    into v_ids, v_keys
  from (
    -- only the caller's own
    select x.id, x.created_at from public.redemptions x
    where x.profile_id = v_uid and (v_after_id is null or (x.created_at, x.id) < (v_after_at, v_after_id))
    order by x.created_at desc, x.id desc
    limit v_limit + 1
  ) q;

  select coalesce(jsonb_agg(jsonb_build_object('id', x.id, 'rewardId', x.reward_id, 'rewardTitle', r.title,
      'profileId', x.profile_id, 'status', x.status, 'code', c.code, 'priceBeans', x.price_beans,
      'expiresAt', app.iso(x.expires_at), 'verifiedAt', app.iso(x.verified_at), 'createdAt', app.iso(x.created_at))
    order by u.o), '[]'::jsonb)
    into v_items
  from unnest(v_ids[1:v_limit]) with ordinality u(id, o)
  join public.redemptions x on x.id = u.id
  join public.rewards r on r.id = x.reward_id
  left join app.redemption_codes(v_ids[1:v_limit]) c on c.id = x.id;

  return jsonb_build_object('items', v_items,
    'nextCursor', case when cardinality(v_ids) > v_limit then app.cursor_encode(to_jsonb(v_keys[v_limit])) end);
end
$$;
grant execute on function public.redemptions_mine(text, int) to authenticated;
comment on function public.redemptions_mine(text, int) is
  'security definer: the holder reads the pickup codes of their own redemptions, a column no table exposes directly.';

----------------------------------------------------------------------------------------------------
-- 我的金豆: balance and movements, newest first
----------------------------------------------------------------------------------------------------
drop function if exists public.beans_me(bigint, int);
create or replace function public.beans_me(p_cursor text default null, p_limit int default 20) returns jsonb
language plpgsql stable security invoker
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  v_account uuid;
  v_balance bigint;
  v_limit int := least(greatest(coalesce(p_limit, 20), 1), 50);
  v_key jsonb := app.cursor_decode(p_cursor, 1);
  v_before bigint;
  v_items jsonb[];
  v_ids bigint[];
begin
  if v_key is not null then
    v_before := app.cursor_bigint(v_key, 0);
  end if;
  select id, balance into v_account, v_balance from public.bean_accounts where kind = 'person' and profile_id = v_uid;
  select coalesce(array_agg(jsonb_build_object('id', m.id, 'amount', m.amount, 'balanceAfter', m.balance_after,
        'kind', t.kind, 'reason', t.reason, 'at', app.iso(m.created_at)) order by m.id desc), '{}'),
         coalesce(array_agg(m.id order by m.id desc), '{}')
    into v_items, v_ids
  from (
    select m.* from public.bean_movements m
    where m.account_id = v_account and (v_before is null or m.id < v_before)
    order by m.id desc
    limit v_limit + 1
  ) m
  join public.bean_transfers t on t.id = m.transfer_id;
  return jsonb_build_object('balance', coalesce(v_balance, 0), 'items', to_jsonb(v_items[1:v_limit]),
    'nextCursor', case when cardinality(v_ids) > v_limit then app.cursor_encode(jsonb_build_array(v_ids[v_limit])) end);
end
$$;
grant execute on function public.beans_me(text, int) to authenticated;

----------------------------------------------------------------------------------------------------
-- 光荣榜: opted-in members of a community by beans awarded in a month, most first
----------------------------------------------------------------------------------------------------
drop function if exists public.honour_roll(uuid, date);
-- A page is some thousand index probes (the community's opted-in members, their accounts, their month's transfers):
-- starting parallel workers for it costs more than it saves when many people ask at once.
create or replace function public.honour_roll(p_community_id uuid, p_month date, p_cursor text default null, p_limit int default 20)
returns jsonb
language plpgsql stable security definer
set search_path = ''
set max_parallel_workers_per_gather = 0
as $$
declare
  v_limit int := least(greatest(coalesce(p_limit, 20), 1), 50);
  v_key jsonb := app.cursor_decode(p_cursor, 3);
  v_after_beans bigint;
  v_after_name text;
  v_after_id uuid;
  v_items jsonb[];
  v_keys jsonb[];
begin
  perform app.require_uid();
  if v_key is not null then
    v_after_beans := app.cursor_bigint(v_key, 0);
    v_after_name := v_key ->> 1;
    v_after_id := app.cursor_uuid(v_key, 2);
  end if;
  -- members of the community only (this function reads past the policies)
  if not (p_community_id = any (app.my_community_ids())) then
    return jsonb_build_object('items', '[]'::jsonb, 'nextCursor', null);
  end if;
  select coalesce(array_agg(jsonb_build_object('displayName', x.display_name, 'beans', x.beans) order by x.beans desc, x.display_name, x.id), '{}'),
         coalesce(array_agg(jsonb_build_array(x.beans, x.display_name, x.id) order by x.beans desc, x.display_name, x.id), '{}')
    into v_items, v_keys
  from (
    select p.id, p.display_name, sum(t.amount) as beans
    from public.profiles p
    join public.bean_accounts a on a.profile_id = p.id and a.kind = 'person'
    join public.bean_transfers t on t.to_account = a.id
    where p.community_id = p_community_id and p.honour_opt_in
      and t.kind in ('award_shift', 'award_manual', 'award_meeting', 'award_need', 'award_talent')
      and t.created_at >= p_month and t.created_at < p_month + interval '1 month'
    group by p.id, p.display_name
    having v_after_id is null or (-sum(t.amount), p.display_name, p.id) > (-v_after_beans, v_after_name, v_after_id)
    order by 3 desc, 2, 1
    limit v_limit + 1
  ) x;
  return jsonb_build_object('items', to_jsonb(v_items[1:v_limit]),
    'nextCursor', case when cardinality(v_items) > v_limit then app.cursor_encode(to_jsonb(v_keys[v_limit])) end);
end
$$;
grant execute on function public.honour_roll(uuid, date, text, int) to authenticated;
comment on function public.honour_roll(uuid, date, text, int) is
  'security definer: sums the beans of opted-in volunteers over accounts only their owners may read (community checked inside).';
