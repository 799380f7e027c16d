-- Golden beans (金豆) and credit: a double-entry ledger that never loses a bean, earning rules, rewards with pickup
-- codes (核销), and community credit (社区信用). Treated like money: every invariant is enforced here.
--
-- * Pickup codes verify only for the reward's provider or staff of its community; wrong codes are counted and locked.
-- * Idempotency keys (app.idempotency_begin/finish): the same key with the same request replays the first answer;
--   with another request it is refused.
-- * app.credit returns the score and the terms of its explanation, which sum to the score; the API only formats them.

----------------------------------------------------------------------------------------------------
-- Types
----------------------------------------------------------------------------------------------------
create type public.bean_account_kind as enum ('person', 'pool', 'escrow', 'provider');

create type public.bean_transfer_kind as enum (
  'award_shift', 'award_manual', 'award_meeting', 'award_need', 'award_talent', 'redeem', 'settle', 'refund', 'reversal'
);

create type public.limit_period as enum ('day', 'week', 'month', 'once');

create type public.redemption_status as enum ('reserved', 'verified', 'cancelled', 'expired');

----------------------------------------------------------------------------------------------------
-- Tables
----------------------------------------------------------------------------------------------------
create table public.bean_accounts (
  id uuid primary key default gen_random_uuid(),
  kind public.bean_account_kind not null,
  -- person and provider accounts belong to a profile; pool and escrow accounts to a community
  profile_id uuid references public.profiles(id),
  community_id uuid references public.communities(id),
  balance bigint not null default 0,
  created_at timestamptz not null default now(),
  -- the issuing pool goes negative by what it has issued; every other account never does
  constraint bean_accounts_non_negative check (kind = 'pool' or balance >= 0),
  constraint bean_accounts_owner check (
    (kind in ('person', 'provider') and profile_id is not null and community_id is null)
    or (kind in ('pool', 'escrow') and community_id is not null and profile_id is null))
);
comment on table public.bean_accounts is 'Bean accounts: each person, each provider, each community''s issuing pool and redemption escrow. balance is kept in step with the movements for person and provider accounts; a pool''s or escrow''s balance is the sum of its movements, so awards and redemptions never queue on one hot row.';
create unique index bean_accounts_profile_kind on public.bean_accounts (kind, profile_id) where profile_id is not null;
create unique index bean_accounts_community_kind on public.bean_accounts (kind, community_id) where community_id is not null;
alter table public.bean_accounts enable row level security;
-- 光荣榜: what the opted-in members of a community received in a month (member → account, index only; account →
-- the month's transfers to it)
create index if not exists bean_accounts_person_idx on public.bean_accounts (profile_id) include (id) where kind = 'person';

create table public.bean_transfers (
  id uuid primary key default gen_random_uuid(),
  idempotency_key text not null unique check (char_length(idempotency_key) between 1 and 200),
  kind public.bean_transfer_kind not null,
  from_account uuid not null references public.bean_accounts(id),
  to_account uuid not null references public.bean_accounts(id),
  amount bigint not null check (amount > 0),
  reason text check (char_length(reason) <= 200),
  actor_id uuid references public.profiles(id),
  community_id uuid references public.communities(id),
  ref text,
  reverses uuid references public.bean_transfers(id),
  created_at timestamptz not null default now(),
  constraint bean_transfers_distinct check (from_account <> to_account)
);
comment on table public.bean_transfers is 'One transfer of beans; the same idempotency key twice returns the first transfer. Immutable; corrections are reversing transfers.';
create index bean_transfers_community_idx on public.bean_transfers (community_id, created_at);
create index bean_transfers_manual_idx on public.bean_transfers (actor_id, created_at) where kind = 'award_manual';
alter table public.bean_transfers enable row level security;
create index if not exists bean_transfers_to_account_idx on public.bean_transfers (to_account, created_at);

create table public.bean_movements (
  id bigint generated always as identity primary key,
  transfer_id uuid not null references public.bean_transfers(id),
  account_id uuid not null references public.bean_accounts(id),
  amount bigint not null check (amount <> 0),
  -- null on pool and escrow accounts, whose balance is the sum of their movements
  balance_after bigint,
  created_at timestamptz not null default now()
);
comment on table public.bean_movements is 'Two immutable movements per transfer, summing to zero (double entry).';
create index bean_movements_account_idx on public.bean_movements (account_id, id desc);
create index bean_movements_transfer_idx on public.bean_movements (transfer_id);
alter table public.bean_movements enable row level security;

create table public.bean_rules (
  community_id uuid primary key references public.communities(id) on delete cascade,
  meeting_attendance int not null default 5 check (meeting_attendance between 0 and 1000),
  need_rated int not null default 2 check (need_rated between 0 and 1000),
  talent_recommendation int not null default 10 check (talent_recommendation between 0 and 1000),
  manual_daily_cap int not null default 200 check (manual_daily_cap between 0 and 100000),
  updated_at timestamptz not null default now()
);
comment on table public.bean_rules is 'Earning rules per community (editable by admin); service hours earn the post''s rate per hour.';
alter table public.bean_rules enable row level security;

create table public.rewards (
  id uuid primary key default gen_random_uuid(),
  community_id uuid not null references public.communities(id),
  provider_id uuid not null references public.profiles(id),
  title text not null check (char_length(title) between 2 and 40),
  description text not null default '' check (char_length(description) <= 500),
  price_beans int not null check (price_beans between 1 and 1000000),
  -- remaining stock; a redemption takes one under the row lock and never below zero
  stock int not null check (stock >= 0),
  per_person_limit int check (per_person_limit between 1 and 1000),
  limit_period public.limit_period,
  valid_from timestamptz not null default now(),
  valid_until timestamptz,
  min_credit_level int not null default 0 check (min_credit_level between 0 and 4),
  status text not null default 'active' check (status in ('active', 'archived')),
  created_at timestamptz not null default now(),
  archived_at timestamptz,
  updated_at timestamptz not null default now(),
  constraint rewards_limit_pair check ((per_person_limit is null) = (limit_period is null)),
  constraint rewards_validity check (valid_until is null or valid_until > valid_from)
);
comment on table public.rewards is '积分兑换: a service or good offered for beans by a unit or the community, with stock and per-person limits.';
-- 积分兑换: a community's active rewards, newest first
create index rewards_community_active_idx on public.rewards (community_id, created_at desc, id desc) where status = 'active';
alter table public.rewards enable row level security;

create table public.redemptions (
  id uuid primary key default gen_random_uuid(),
  reward_id uuid not null references public.rewards(id),
  profile_id uuid not null references public.profiles(id),
  status public.redemption_status not null default 'reserved',
  code text not null check (code ~ '^[0-9]{6}$'),
  price_beans int not null,
  transfer_id uuid not null references public.bean_transfers(id),
  settle_transfer_id uuid references public.bean_transfers(id),
  expires_at timestamptz not null,
  verified_at timestamptz,
  verified_by uuid references public.profiles(id),
  cancelled_at timestamptz,
  created_at timestamptz not null default now()
);
comment on table public.redemptions is 'A redemption: beans held in escrow and a 6-digit pickup code until the provider verifies it (核销), or refunded.';
create unique index redemptions_live_code on public.redemptions (code) where status = 'reserved';
create unique index redemptions_transfer_idx on public.redemptions (transfer_id);
create index redemptions_profile_idx on public.redemptions (profile_id, reward_id, created_at);
alter table public.redemptions enable row level security;
-- 我的兑换: mine, newest first
create index if not exists redemptions_profile_created_idx on public.redemptions (profile_id, created_at desc, id desc);

----------------------------------------------------------------------------------------------------
-- Table grants
----------------------------------------------------------------------------------------------------
revoke all on public.bean_accounts, public.bean_transfers, public.bean_movements, public.bean_rules, public.rewards, public.redemptions
  from anon, authenticated;

grant select on public.bean_accounts, public.bean_transfers, public.bean_movements, public.bean_rules, public.rewards, public.redemptions
  to authenticated;

grant select, insert on public.bean_accounts, public.bean_transfers, public.bean_movements to service_role;

grant all on public.bean_rules, public.rewards, public.redemptions to service_role;

-- no role may rewrite history
revoke update, delete, truncate on public.bean_transfers, public.bean_movements from service_role;

-- pickup codes: the owner reads theirs through redemptions_mine; a provider who could read every code of their
-- reward would not need to guess them, so the column is not readable directly by anyone
revoke select on public.redemptions from authenticated;

grant select (id, reward_id, profile_id, status, price_beans, transfer_id, settle_transfer_id, expires_at, verified_at,
  verified_by, cancelled_at, created_at) on public.redemptions to authenticated;

----------------------------------------------------------------------------------------------------
-- Policies
----------------------------------------------------------------------------------------------------
create policy bean_accounts_select on public.bean_accounts for select to authenticated
  using (profile_id = (select auth.uid()) or (community_id is not null and app.is_staff_of(community_id)));

create policy bean_transfers_select on public.bean_transfers for select to authenticated
  using (exists (select 1 from public.bean_accounts a where a.id in (from_account, to_account) and a.profile_id = (select auth.uid()))
         or (community_id is not null and app.is_staff_of(community_id)));

create policy bean_movements_select on public.bean_movements for select to authenticated
  using (exists (select 1 from public.bean_accounts a where a.id = account_id and a.profile_id = (select auth.uid())));

create policy bean_rules_select on public.bean_rules for select to authenticated
  using (community_id = any ((select app.my_community_ids())::uuid[]));

create policy rewards_select on public.rewards for select to authenticated
  using (provider_id = (select auth.uid()) or community_id = any ((select app.my_community_ids())::uuid[]));

create policy redemptions_select on public.redemptions for select to authenticated
  using (profile_id = (select auth.uid()) or exists (select 1 from public.rewards r where r.id = reward_id
         and (r.provider_id = (select auth.uid()) or app.is_staff_of(r.community_id))));

----------------------------------------------------------------------------------------------------
-- Read functions
----------------------------------------------------------------------------------------------------
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

/**
 * The credit rule on its inputs: contribution 0..60 from beans earned (1 point per 10) and hours served (2 points per
 * hour), integrity 0..40 from 40 less 8 per no-show and 4 per late cancellation, plus 2 per star the average rating
 * differs from 3 (rounded half away from zero). Each term carries its label key, inputs and points; the caps are
 * terms too, so the points always sum to the score. The API and the mini-program only format these terms.
 */
create or replace function app.credit_terms(p_beans numeric, p_hours numeric, p_no_shows bigint, p_late_cancels bigint,
  p_rating numeric) returns jsonb
language sql immutable
set search_path = ''
as $$
  with p as (
    select floor(p_beans / 10.0)::int as beans_pts, floor(p_hours * 2)::int as hours_pts,
      (-8 * p_no_shows)::int as no_show_pts, (-4 * p_late_cancels)::int as late_pts,
      case when p_rating is null then 0 else round((p_rating - 3) * 2)::int end as rating_pts
  ), raw as (
    select p.*, beans_pts + hours_pts as contribution_raw, 40 + no_show_pts + late_pts + rating_pts as integrity_raw from p
  ), s as (
    select raw.*, least(60, contribution_raw) as contribution, greatest(0, least(40, integrity_raw)) as integrity from raw
  )
  select jsonb_build_object(
    'score', contribution + integrity,
    'level', case when contribution + integrity >= 80 then 4 when contribution + integrity >= 60 then 3
                  when contribution + integrity >= 40 then 2 else 1 end,
    'contribution', contribution, 'integrity', integrity,
    'terms', jsonb_build_array(
        jsonb_build_object('key', 'beans', 'part', 'contribution', 'inputs', jsonb_build_object('beans', p_beans), 'points', beans_pts),
        jsonb_build_object('key', 'hours', 'part', 'contribution', 'inputs', jsonb_build_object('hours', round(p_hours, 1)), 'points', hours_pts))
      || case when contribution <> contribution_raw then jsonb_build_array(jsonb_build_object('key', 'contribution_cap',
           'part', 'contribution', 'inputs', jsonb_build_object('max', 60), 'points', contribution - contribution_raw)) else '[]'::jsonb end
      || jsonb_build_array(
        jsonb_build_object('key', 'integrity_base', 'part', 'integrity', 'inputs', '{}'::jsonb, 'points', 40),
        jsonb_build_object('key', 'no_shows', 'part', 'integrity', 'inputs', jsonb_build_object('count', p_no_shows), 'points', no_show_pts),
        jsonb_build_object('key', 'late_cancels', 'part', 'integrity', 'inputs', jsonb_build_object('count', p_late_cancels), 'points', late_pts))
      || case when p_rating is not null then jsonb_build_array(jsonb_build_object('key', 'rating', 'part', 'integrity',
           'inputs', jsonb_build_object('avgRating', round(p_rating, 2)), 'points', rating_pts)) else '[]'::jsonb end
      || case when integrity <> integrity_raw then jsonb_build_array(jsonb_build_object('key', 'integrity_bounds',
           'part', 'integrity', 'inputs', jsonb_build_object('min', 0, 'max', 40), 'points', integrity - integrity_raw)) else '[]'::jsonb end)
  from s
$$;
grant execute on function app.credit_terms(numeric, numeric, bigint, bigint, numeric) to authenticated;

-- Kept as a plain invoker helper without its own search_path, as the foundation file says of read helpers.
create or replace function app.credit(p_profile uuid) returns jsonb
language sql stable
as $$
  with f as (
    select
      coalesce((select sum(t.amount) from public.bean_transfers t join public.bean_accounts a on a.id = t.to_account
                where a.kind = 'person' and a.profile_id = p_profile and t.kind::text like 'award%'
                  and t.created_at > now() - interval '12 months'), 0) as beans,
      coalesce((select sum(x.verified_minutes) / 60.0 from public.shifts x where x.profile_id = p_profile and x.status = 'confirmed'
                  and x.check_in_at > now() - interval '12 months'), 0) as hours,
      (select count(*) from public.shifts x where x.profile_id = p_profile and x.status = 'no_show'
         and x.claimed_at > now() - interval '12 months') as no_shows,
      (select count(*) from public.shifts x where x.profile_id = p_profile and x.late_cancel
         and x.cancelled_at > now() - interval '12 months') as late_cancels,
      (select avg(sp.rating) from public.service_projects sp join public.resources r on r.id = sp.resource_id
         where r.publisher_id = p_profile and sp.rating is not null and sp.updated_at > now() - interval '12 months') as rating
  )
  select app.credit_terms(f.beans, f.hours, f.no_shows, f.late_cancels, f.rating)
    || jsonb_build_object('inputs', jsonb_build_object('beans12m', f.beans, 'hours12m', round(f.hours::numeric, 1),
         'noShows', f.no_shows, 'lateCancels', f.late_cancels, 'avgRating', round(f.rating::numeric, 2)))
  from f
$$;
grant execute on function app.credit(uuid) to authenticated;

create or replace function public.credit_me() returns jsonb
language sql stable security definer
set search_path = ''
as $$ select app.credit(app.require_uid()) $$;
grant execute on function public.credit_me() to authenticated;
comment on function public.credit_me() is 'security definer: a person''s credit counts ratings of projects and shifts they may not read row by row.';

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
comment on function public.honour_roll(uuid, date, text, int) is 'security definer: sums the beans of opted-in volunteers over accounts only their owners may read (community checked inside).';

create or replace function app.reward_json(r public.rewards) returns jsonb
language sql stable
as $$
  select jsonb_build_object('id', r.id, 'communityId', r.community_id, 'providerId', r.provider_id,
    'providerName', app.profile_name(r.provider_id),
    'title', r.title, 'description', r.description, 'priceBeans', r.price_beans, 'stock', r.stock,
    'perPersonLimit', r.per_person_limit, 'limitPeriod', r.limit_period, 'validFrom', app.iso(r.valid_from),
    'validUntil', app.iso(r.valid_until), 'minCreditLevel', r.min_credit_level, 'status', r.status,
    'createdAt', app.iso(r.created_at))
$$;
grant execute on function app.reward_json(public.rewards) to authenticated;

create or replace function app.redemption_json(x public.redemptions) returns jsonb
language sql stable
as $$
  select jsonb_build_object('id', x.id, 'rewardId', x.reward_id, 'rewardTitle', r.title, 'profileId', x.profile_id,
    'status', x.status, 'code', case when x.profile_id = (select auth.uid()) then x.code end, 'priceBeans', x.price_beans,
    'expiresAt', app.iso(x.expires_at), 'verifiedAt', app.iso(x.verified_at), 'createdAt', app.iso(x.created_at))
  from public.rewards r where r.id = x.reward_id
$$;
grant execute on function app.redemption_json(public.redemptions) to authenticated;

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
comment on function public.redemptions_mine(text, int) is 'security definer: the holder reads the pickup codes of their own redemptions, a column no table exposes directly.';

-- Monthly figures for staff: issued (awards), redeemed (settled to providers), outstanding (held by people).
create or replace function public.beans_report(p_community_id uuid, p_month date) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
begin
  if not app.is_staff_of(p_community_id) then
    perform app.fail('auth.forbidden');
  end if;
  return jsonb_build_object(
    'communityId', p_community_id,
    'month', to_char(p_month, 'YYYY-MM'),
    'issued', coalesce((select sum(t.amount) from public.bean_transfers t where t.community_id = p_community_id
      and t.kind::text like 'award%' and t.created_at >= p_month and t.created_at < p_month + interval '1 month'), 0),
    'redeemed', coalesce((select sum(t.amount) from public.bean_transfers t where t.community_id = p_community_id
      and t.kind = 'settle' and t.created_at >= p_month and t.created_at < p_month + interval '1 month'), 0),
    'refunded', coalesce((select sum(t.amount) from public.bean_transfers t where t.community_id = p_community_id
      and t.kind = 'refund' and t.created_at >= p_month and t.created_at < p_month + interval '1 month'), 0),
    'outstanding', coalesce((select sum(a.balance) from public.bean_accounts a join public.profiles p on p.id = a.profile_id
      where a.kind = 'person' and p.community_id = p_community_id), 0),
    'inEscrow', coalesce((select sum(m.amount) from public.bean_movements m join public.bean_accounts a on a.id = m.account_id
                          where a.kind = 'escrow' and a.community_id = p_community_id), 0));
end
$$;
grant execute on function public.beans_report(uuid, date) to authenticated;
comment on function public.beans_report(uuid, date) is 'security definer: staff see their community''s bean totals, aggregates over accounts they may not read one by one.';

/**
 * The pickup code of a redemption, for its owner only (null for anyone else). Security definer so that read
 * functions running as the caller can show the owner's code while authenticated cannot select redemptions.code.
 */
create or replace function app.redemption_code(p_id uuid) returns text
language sql stable security definer
set search_path = ''
as $$ select x.code from public.redemptions x where x.id = p_id and x.profile_id = (select auth.uid()) $$;
grant execute on function app.redemption_code(uuid) to authenticated;

/** The pickup codes of a page of the caller's own redemptions (the code column is not selectable by anyone). */
create or replace function app.redemption_codes(p_ids uuid[]) returns table (id uuid, code text)
language sql stable security definer
set search_path = ''
as $$ select x.id, x.code from public.redemptions x where x.id = any (p_ids) and x.profile_id = (select auth.uid()) $$;
grant execute on function app.redemption_codes(uuid[]) to authenticated;

----------------------------------------------------------------------------------------------------
-- Write functions
----------------------------------------------------------------------------------------------------
-- Immutable for every role, the table owner included.
create or replace function app.bean_immutable() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  raise exception using errcode = 'P0001', message = 'bean.immutable';
end
$$;

-- Double entry, checked at commit: the movements of each transfer sum to zero.
-- security definer: it must see every movement, not just the caller's under RLS
create or replace function app.bean_transfer_balanced() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  if (select coalesce(sum(m.amount), 0) from public.bean_movements m where m.transfer_id = new.transfer_id) <> 0 then
    raise exception using errcode = 'P0001', message = 'bean.unbalanced';
  end if;
  return null;
end
$$;

create or replace function app.bean_account(p_kind public.bean_account_kind, p_profile uuid, p_community uuid) returns uuid
language plpgsql security definer
set search_path = ''
as $$
declare
  v_id uuid;
begin
  if p_kind in ('person', 'provider') then
    select id into v_id from public.bean_accounts where kind = p_kind and profile_id = p_profile;
    if v_id is null then
      insert into public.bean_accounts (kind, profile_id) values (p_kind, p_profile)
      on conflict (kind, profile_id) where profile_id is not null do nothing;
      select id into v_id from public.bean_accounts where kind = p_kind and profile_id = p_profile;
    end if;
  else
    select id into v_id from public.bean_accounts where kind = p_kind and community_id = p_community;
    if v_id is null then
      insert into public.bean_accounts (kind, community_id) values (p_kind, p_community)
      on conflict (kind, community_id) where community_id is not null do nothing;
      select id into v_id from public.bean_accounts where kind = p_kind and community_id = p_community;
    end if;
  end if;
  return v_id;
end
$$;

/**
 * The only way beans move. Idempotent on the key (a repeat returns the first transfer, and waits for a
 * concurrent first one to commit); locks both accounts in id order so transfers never deadlock; a person's
 * balance below zero fails the check constraint and becomes bean.insufficient.
 */
create or replace function app.transfer(
  p_key text, p_kind public.bean_transfer_kind, p_from uuid, p_to uuid, p_amount bigint, p_reason text,
  p_actor uuid, p_community uuid, p_ref text default null, p_reverses uuid default null
) returns public.bean_transfers
language plpgsql security definer
set search_path = ''
as $$
declare
  t public.bean_transfers;
  a record;
begin
  if p_amount is null or p_amount <= 0 then
    perform app.fail('bean.amount_invalid', 'amount');
  end if;
  insert into public.bean_transfers (idempotency_key, kind, from_account, to_account, amount, reason, actor_id, community_id, ref, reverses)
  values (p_key, p_kind, p_from, p_to, p_amount, p_reason, p_actor, p_community, p_ref, p_reverses)
  on conflict (idempotency_key) do nothing
  returning * into t;
  if t.id is null then
    select * into t from public.bean_transfers where idempotency_key = p_key;
    return t;
  end if;
  -- person and provider rows are locked in id order (no deadlocks); pool and escrow rows are not touched
  for a in select id from public.bean_accounts where id in (p_from, p_to) and kind in ('person', 'provider') order by id for update loop
  end loop;
  begin
    update public.bean_accounts set balance = balance - p_amount where id = p_from and kind in ('person', 'provider');
    update public.bean_accounts set balance = balance + p_amount where id = p_to and kind in ('person', 'provider');
  exception when check_violation then
    raise exception using errcode = 'P0001', message = 'bean.insufficient';
  end;
  insert into public.bean_movements (transfer_id, account_id, amount, balance_after)
  select t.id, p_from, -p_amount, case when kind in ('person', 'provider') then balance end from public.bean_accounts where id = p_from;
  insert into public.bean_movements (transfer_id, account_id, amount, balance_after)
  select t.id, p_to, p_amount, case when kind in ('person', 'provider') then balance end from public.bean_accounts where id = p_to;
  return t;
end
$$;

-- An award from the community's pool to a person.
create or replace function app.award(p_key text, p_kind public.bean_transfer_kind, p_profile uuid, p_community uuid,
  p_amount bigint, p_reason text, p_actor uuid, p_ref text) returns public.bean_transfers
language plpgsql security definer
set search_path = ''
as $$
begin
  if p_amount is null or p_amount <= 0 then
    return null;
  end if;
  return app.transfer(p_key, p_kind, app.bean_account('pool', null, p_community), app.bean_account('person', p_profile, null),
                      p_amount, p_reason, p_actor, p_community, p_ref);
end
$$;

-- A confirmed shift credits its pending award (verified hours × the post's rate).
create or replace function app.award_on_shift() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  if new.status = 'confirmed' and old.status is distinct from 'confirmed' and coalesce(new.beans_pending, 0) > 0 then
    perform app.award('shift:' || new.id, 'award_shift', new.profile_id,
      (select p.community_id from public.service_posts p where p.id = new.post_id), new.beans_pending,
      '志愿服务 ' || round(new.verified_minutes / 60.0, 1) || ' 小时', new.confirmed_by, new.id::text);
  end if;
  return new;
end
$$;

-- A need the resident raised that got resolved and rated.
create or replace function app.award_on_need() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  if new.status = 'evaluated' and old.status is distinct from 'evaluated' and new.created_by is not null and new.source = 'resident' then
    perform app.award('need:' || new.id, 'award_need', new.created_by, new.community_id,
      (select r.need_rated from public.bean_rules r where r.community_id = new.community_id), '需求办结并评价', null, new.id::text);
  end if;
  return new;
end
$$;

-- An approved talent recommendation rewards the resident who recommended.
create or replace function app.award_on_recommendation() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  if new.status = 'approved' and old.status = 'pending' and new.source = 'recommended' and new.recommended_by is not null then
    perform app.award('recommend:' || new.id, 'award_talent', new.recommended_by, new.community_id,
      (select r.talent_recommendation from public.bean_rules r where r.community_id = new.community_id), '推荐能人通过审核', new.reviewed_by, new.id::text);
  end if;
  return new;
end
$$;

-- Staff award by hand: audited, never to themselves, within a daily cap per staff member.
create or replace function public.beans_award(p_profile_id uuid, p_amount int, p_reason text, p_key text, p_request_hash text default null)
returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  v_community uuid := (select community_id from public.profiles where id = p_profile_id);
  v_cap int;
  v_today bigint;
  v_replay jsonb;
  t public.bean_transfers;
begin
  if v_community is null or not app.is_staff_of(v_community) then
    perform app.fail('auth.forbidden');
  end if;
  if p_profile_id = v_uid then
    perform app.fail('bean.award_self', 'profileId');
  end if;
  if p_amount is null or p_amount not between 1 and 10000 then
    perform app.fail('bean.amount_invalid', 'amount');
  end if;
  if nullif(btrim(coalesce(p_reason, '')), '') is null then
    perform app.fail('volunteer.reason_required', 'reason');
  end if;
  v_replay := app.idempotency_begin('beans.award', p_key, coalesce(p_request_hash,
    app.request_hash(jsonb_build_object('profileId', p_profile_id, 'amount', p_amount, 'reason', btrim(p_reason)))));
  if v_replay is not null then
    return v_replay;
  end if;
  -- serialises one staff member's awards so two at once cannot both slip under the cap
  perform pg_advisory_xact_lock(hashtext('beans_award:' || v_uid::text));
  select * into t from public.bean_transfers x where x.idempotency_key = 'manual:' || v_uid || ':' || p_key;
  if t.id is not null then
    -- a key used before keys were remembered here: its transfer still names the first request
    if t.amount <> p_amount or t.reason is distinct from btrim(p_reason)
       or t.to_account <> app.bean_account('person', p_profile_id, null) then
      perform app.fail('idempotency.key_reused', 'Idempotency-Key');
    end if;
  else
    select manual_daily_cap into v_cap from public.bean_rules where community_id = v_community;
    select coalesce(sum(x.amount), 0) into v_today from public.bean_transfers x
    where x.kind = 'award_manual' and x.actor_id = v_uid
      and x.created_at >= date_trunc('day', now() at time zone 'Asia/Shanghai') at time zone 'Asia/Shanghai';
    if v_today + p_amount > v_cap then
      perform app.fail('bean.daily_cap', 'amount');
    end if;
    t := app.award('manual:' || v_uid || ':' || p_key, 'award_manual', p_profile_id, v_community, p_amount, btrim(p_reason), v_uid, null);
  end if;
  return app.idempotency_finish('beans.award', p_key, jsonb_build_object('transferId', t.id, 'amount', t.amount, 'balance',
    (select a.balance from public.bean_accounts a where a.kind = 'person' and a.profile_id = p_profile_id)));
end
$$;
grant execute on function public.beans_award(uuid, int, text, text, text) to authenticated;

create or replace function public.honour_opt(p_opt_in boolean) returns jsonb
language sql security definer
set search_path = ''
as $$
  update public.profiles set honour_opt_in = p_opt_in, updated_at = now() where id = app.require_uid()
  returning jsonb_build_object('optIn', honour_opt_in)
$$;
grant execute on function public.honour_opt(boolean) to authenticated;

create or replace function public.reward_create(p_title text, p_price_beans int, p_stock int, p_description text default null,
  p_per_person_limit int default null, p_limit_period public.limit_period default null, p_valid_until timestamptz default null,
  p_min_credit_level int default 0) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  v_community uuid := (select community_id from public.profiles where id = v_uid);
  r public.rewards;
begin
  if v_community is null or not app.has_role(v_community, array['unit', 'staff', 'admin']::public.app_role[]) then
    perform app.fail('auth.forbidden');
  end if;
  if p_valid_until is not null and p_valid_until <= now() then
    perform app.fail('reward.validity_invalid', 'validUntil');
  end if;
  insert into public.rewards (community_id, provider_id, title, description, price_beans, stock, per_person_limit, limit_period,
    valid_until, min_credit_level)
  values (v_community, v_uid, btrim(p_title), coalesce(btrim(p_description), ''), p_price_beans, p_stock, p_per_person_limit,
    case when p_per_person_limit is not null then coalesce(p_limit_period, 'once') end, p_valid_until, coalesce(p_min_credit_level, 0))
  returning * into r;
  perform app.bean_account('provider', v_uid, null);
  return app.reward_json(r);
end
$$;
grant execute on function public.reward_create(text, int, int, text, int, public.limit_period, timestamptz, int) to authenticated;

/**
 * 兑换: the reward row lock orders every redemption of a reward, so stock never oversells; the transfer's
 * check constraint keeps the balance from going negative. The idempotency key replays the first answer to the same
 * request and refuses another request (idempotency.key_reused).
 */
create or replace function public.reward_redeem(p_reward_id uuid, p_key text, p_request_hash text default null) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  r public.rewards;
  x public.redemptions;
  t public.bean_transfers;
  v_key text := 'redeem:' || v_uid || ':' || p_key;
  v_used int;
  v_code text;
  v_replay jsonb;
begin
  if p_key is null or char_length(p_key) not between 8 and 100 then
    perform app.fail('bean.idempotency_key_required', 'Idempotency-Key');
  end if;
  v_replay := app.idempotency_begin('reward.redeem', p_key,
    coalesce(p_request_hash, app.request_hash(jsonb_build_object('id', p_reward_id))));
  if v_replay is not null then
    return v_replay;
  end if;
  -- a key used before keys were remembered here: its ledger transfer still names the first request
  select * into x from public.redemptions where transfer_id = (select id from public.bean_transfers where idempotency_key = v_key);
  if x.id is not null then
    if x.reward_id is distinct from p_reward_id then
      perform app.fail('idempotency.key_reused', 'Idempotency-Key');
    end if;
    return app.idempotency_finish('reward.redeem', p_key, app.redemption_json(x));
  end if;
  select * into r from public.rewards where id = p_reward_id for update;
  if r.id is null or r.status <> 'active' then
    perform app.fail('reward.not_found');
  end if;
  if not exists (select 1 from public.profiles p where p.id = v_uid and p.community_id = r.community_id) then
    perform app.fail('reward.not_found');
  end if;
  if now() < r.valid_from or (r.valid_until is not null and now() >= r.valid_until) then
    perform app.fail('reward.not_valid');
  end if;
  if r.stock <= 0 then
    perform app.fail('reward.out_of_stock');
  end if;
  if r.per_person_limit is not null then
    select count(*) into v_used from public.redemptions y
    where y.reward_id = r.id and y.profile_id = v_uid and y.status in ('reserved', 'verified')
      and (r.limit_period = 'once'
           or y.created_at >= date_trunc(r.limit_period::text, now() at time zone 'Asia/Shanghai') at time zone 'Asia/Shanghai');
    if v_used >= r.per_person_limit then
      perform app.fail('reward.limit_reached');
    end if;
  end if;
  if r.min_credit_level > 0 and (app.credit(v_uid)->>'level')::int < r.min_credit_level then
    perform app.fail('reward.credit_too_low');
  end if;
  t := app.transfer(v_key, 'redeem', app.bean_account('person', v_uid, null), app.bean_account('escrow', null, r.community_id),
                    r.price_beans, '兑换：' || r.title, v_uid, r.community_id, r.id::text);
  update public.rewards set stock = stock - 1 where id = r.id;
  for i in 1..10 loop
    v_code := lpad((floor(random() * 1000000))::int::text, 6, '0');
    begin
      insert into public.redemptions (reward_id, profile_id, code, price_beans, transfer_id, expires_at)
      values (r.id, v_uid, v_code, r.price_beans, t.id, least(coalesce(r.valid_until, now() + interval '30 days'), now() + interval '30 days'))
      returning * into x;
      exit;
    exception when unique_violation then
      -- another live redemption holds this code; draw again
    end;
  end loop;
  if x.id is null then
    raise exception 'could not allocate a pickup code';
  end if;
  return app.idempotency_finish('reward.redeem', p_key, app.redemption_json(x));
end
$$;
grant execute on function public.reward_redeem(uuid, text, text) to authenticated;

/**
 * 核销: the reward's provider (or staff of its community) verifies the code; escrow settles to the provider. Anyone
 * else gets redemption.code_invalid, as for a code that does not exist. A wrong code is counted per verifier and per
 * reward (per the verifier's community when no reward is named); the count must commit, so a wrong code is answered
 * as {"refused": …} (api/_lib/db/errors.ts throwIfRefused) instead of raising.
 */
create or replace function public.redemption_verify(p_code text, p_reward_id uuid default null) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  v_scope text;
  v_subject text;
  v_wait int;
  x public.redemptions;
  r public.rewards;
  t public.bean_transfers;
begin
  if p_reward_id is not null then
    v_scope := 'redemption.verify.reward';
    v_subject := p_reward_id::text;
  else
    v_scope := 'redemption.verify.community';
    v_subject := coalesce((select p.community_id::text from public.profiles p where p.id = v_uid), 'none');
  end if;
  -- one verifier's tries run one at a time, so a burst of guesses cannot all pass the guard before any is counted
  perform pg_advisory_xact_lock(hashtext('redemption_verify:' || v_uid::text));
  perform app.attempt_guard('redemption.verify.person', v_uid::text);
  perform app.attempt_guard(v_scope, v_subject);
  select y.* into x from public.redemptions y join public.rewards rr on rr.id = y.reward_id
  where y.code = p_code and y.status = 'reserved' and (p_reward_id is null or y.reward_id = p_reward_id)
    and (rr.provider_id = v_uid or app.is_staff_of(rr.community_id))
  for update of y;
  if x.id is null then
    v_wait := greatest(
      app.attempt_failed('redemption.verify.person', v_uid::text, 10, interval '10 minutes', interval '10 minutes'),
      app.attempt_failed(v_scope, v_subject, case when p_reward_id is not null then 20 else 50 end,
                         interval '10 minutes', interval '10 minutes'));
    if v_wait > 0 then
      return jsonb_build_object('refused', jsonb_build_object('code', 'attempt.too_many', 'hint', v_wait::text));
    end if;
    return jsonb_build_object('refused', jsonb_build_object('code', 'redemption.code_invalid', 'hint', null, 'field', 'code'));
  end if;
  select * into r from public.rewards where id = x.reward_id;
  if x.expires_at < now() then
    perform app.fail('redemption.expired', 'code');
  end if;
  t := app.transfer('settle:' || x.id, 'settle', app.bean_account('escrow', null, r.community_id),
                    app.bean_account('provider', r.provider_id, null), x.price_beans, '核销：' || r.title, v_uid, r.community_id, x.id::text);
  update public.redemptions set status = 'verified', verified_at = now(), verified_by = v_uid, settle_transfer_id = t.id
  where id = x.id returning * into x;
  insert into public.notifications (profile_id, kind, payload)
  values (x.profile_id, 'redemption.verified', jsonb_build_object('redemptionId', x.id, 'rewardId', r.id, 'title', r.title,
    'beans', x.price_beans, 'at', app.iso(x.verified_at)));
  return app.redemption_json(x) || jsonb_build_object('holderName', (select p.display_name from public.profiles p where p.id = x.profile_id));
end
$$;
grant execute on function public.redemption_verify(text, uuid) to authenticated;

create or replace function app.redemption_refund(x public.redemptions, p_status public.redemption_status, p_actor uuid) returns public.redemptions
language plpgsql security definer
set search_path = ''
as $$
declare
  r public.rewards;
begin
  select * into r from public.rewards where id = x.reward_id for update;
  perform app.transfer('refund:' || x.id, 'refund', app.bean_account('escrow', null, r.community_id),
                       app.bean_account('person', x.profile_id, null), x.price_beans,
                       case when p_status = 'expired' then '兑换过期退回：' else '取消兑换退回：' end || r.title, p_actor, r.community_id, x.id::text);
  update public.rewards set stock = stock + 1 where id = r.id;
  update public.redemptions set status = p_status, cancelled_at = now() where id = x.id returning * into x;
  -- the holder, unless they cancelled it themselves
  if p_actor is distinct from x.profile_id then
    insert into public.notifications (profile_id, kind, payload)
    values (x.profile_id, 'redemption.refunded', jsonb_build_object('redemptionId', x.id, 'rewardId', r.id, 'title', r.title,
      'beans', x.price_beans, 'reason', p_status));
  end if;
  return x;
end
$$;

create or replace function public.redemption_cancel(p_id uuid) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  x public.redemptions;
begin
  select * into x from public.redemptions where id = p_id for update;
  if x.id is null or not (x.profile_id = v_uid or exists (select 1 from public.rewards r where r.id = x.reward_id and app.is_staff_of(r.community_id))) then
    perform app.fail('redemption.not_found');
  end if;
  if x.status <> 'reserved' then
    perform app.fail('redemption.not_cancellable');
  end if;
  x := app.redemption_refund(x, 'cancelled', v_uid);
  return app.redemption_json(x);
end
$$;
grant execute on function public.redemption_cancel(uuid) to authenticated;

-- The cron: unverified redemptions past their expiry are refunded, once each.
create or replace function public.beans_sweep() returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  x public.redemptions;
  n int := 0;
begin
  for x in select * from public.redemptions where status = 'reserved' and expires_at < now() order by created_at for update skip locked loop
    perform app.redemption_refund(x, 'expired', null);
    n := n + 1;
  end loop;
  return jsonb_build_object('expired', n);
end
$$;
grant execute on function public.beans_sweep() to service_role;

create or replace function app.reward_for_manager(p_id uuid) returns public.rewards
language plpgsql security definer
set search_path = ''
as $$
declare
  r public.rewards;
begin
  select * into r from public.rewards where id = p_id for update;
  if r.id is null then
    perform app.fail('reward.not_found');
  end if;
  if not (r.provider_id = (select auth.uid()) or app.is_staff_of(r.community_id)) then
    perform app.fail('auth.forbidden');
  end if;
  return r;
end
$$;

-- The provider or staff of its community. Redemptions keep the price they were made at (redemptions.price_beans).
-- p_set_limit / p_set_valid_until say that a null means "remove" rather than "leave as it is".
create or replace function public.reward_update(
  p_id uuid, p_title text default null, p_description text default null, p_price_beans int default null,
  p_set_limit boolean default false, p_per_person_limit int default null, p_limit_period public.limit_period default null,
  p_set_valid_until boolean default false, p_valid_until timestamptz default null, p_min_credit_level int default null
) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  r public.rewards := app.reward_for_manager(p_id);
begin
  if r.status = 'archived' then
    perform app.fail('reward.archived');
  end if;
  if coalesce(p_set_valid_until, false) and p_valid_until is not null and (p_valid_until <= now() or p_valid_until <= r.valid_from) then
    perform app.fail('reward.validity_invalid', 'validUntil');
  end if;
  if p_price_beans is not null and p_price_beans not between 1 and 1000000 then
    perform app.fail('request.invalid', 'priceBeans');
  end if;
  if p_min_credit_level is not null and p_min_credit_level not between 0 and 4 then
    perform app.fail('request.invalid', 'minCreditLevel');
  end if;
  if coalesce(p_set_limit, false) and p_per_person_limit is not null and p_per_person_limit not between 1 and 1000 then
    perform app.fail('request.invalid', 'perPersonLimit.count');
  end if;
  update public.rewards set
    title = coalesce(btrim(p_title), title),
    description = coalesce(btrim(p_description), description),
    price_beans = coalesce(p_price_beans, price_beans),
    per_person_limit = case when coalesce(p_set_limit, false) then p_per_person_limit else per_person_limit end,
    limit_period = case when coalesce(p_set_limit, false)
                        then case when p_per_person_limit is not null then coalesce(p_limit_period, 'once') end
                        else limit_period end,
    valid_until = case when coalesce(p_set_valid_until, false) then p_valid_until else valid_until end,
    min_credit_level = coalesce(p_min_credit_level, min_credit_level),
    updated_at = now()
  where id = p_id returning * into r;
  return app.reward_json(r);
end
$$;
grant execute on function public.reward_update(uuid, text, text, int, boolean, int, public.limit_period, boolean, timestamptz, int) to authenticated;

-- 补充库存 under the reward's row lock, the same lock every redemption takes: parallel restocks all count.
create or replace function public.reward_restock(p_id uuid, p_add int) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  r public.rewards := app.reward_for_manager(p_id);
begin
  if r.status = 'archived' then
    perform app.fail('reward.archived');
  end if;
  if p_add is null or p_add not between 1 and 100000 then
    perform app.fail('request.invalid', 'add');
  end if;
  if r.stock::bigint + p_add > 1000000 then
    perform app.fail('reward.stock_too_large', 'add');
  end if;
  update public.rewards set stock = stock + p_add, updated_at = now() where id = p_id returning * into r;
  return app.reward_json(r);
end
$$;
grant execute on function public.reward_restock(uuid, int) to authenticated;

-- 下架: no longer listed or redeemable (rewards_list and reward_redeem read status = 'active'). Open redemptions stay
-- valid until verified, cancelled or expired (redemption_verify and the sweep do not look at the reward's status);
-- their holders are told.
create or replace function public.reward_archive(p_id uuid) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  r public.rewards := app.reward_for_manager(p_id);
begin
  if r.status = 'archived' then
    return app.reward_json(r);
  end if;
  update public.rewards set status = 'archived', archived_at = now(), updated_at = now() where id = p_id returning * into r;
  insert into public.notifications (profile_id, kind, payload)
  select x.profile_id, 'reward.archived', jsonb_build_object('rewardId', r.id, 'title', r.title, 'redemptionId', x.id,
    'expiresAt', app.iso(x.expires_at))
  from public.redemptions x where x.reward_id = p_id and x.status = 'reserved';
  return app.reward_json(r);
end
$$;
grant execute on function public.reward_archive(uuid) to authenticated;

----------------------------------------------------------------------------------------------------
-- Triggers
----------------------------------------------------------------------------------------------------
create trigger bean_movements_immutable before update or delete on public.bean_movements
  for each row execute function app.bean_immutable();

create trigger bean_transfers_immutable before update or delete on public.bean_transfers
  for each row execute function app.bean_immutable();

create constraint trigger bean_movements_balanced after insert on public.bean_movements
  deferrable initially deferred for each row execute function app.bean_transfer_balanced();

create trigger communities_bean_defaults after insert on public.communities
  for each row execute function app.community_settings_row('bean_rules');

create trigger shifts_award after update of status on public.shifts for each row execute function app.award_on_shift();

create trigger needs_award after update of status on public.needs for each row execute function app.award_on_need();

create trigger volunteer_registrations_award after update of status on public.volunteer_registrations
  for each row execute function app.award_on_recommendation();
