-- Golden beans (金豆): a double-entry ledger that never loses a bean, earning rules, rewards with pickup codes,
-- and community credit (社区信用). Treated like money: every invariant is enforced here.

create type public.bean_account_kind as enum ('person', 'pool', 'escrow', 'provider');
create type public.bean_transfer_kind as enum (
  'award_shift', 'award_manual', 'award_meeting', 'award_need', 'award_talent', 'redeem', 'settle', 'refund', 'reversal'
);
create type public.limit_period as enum ('day', 'week', 'month', 'once');
create type public.redemption_status as enum ('reserved', 'verified', 'cancelled', 'expired');

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

-- Immutable for every role, the table owner included.
create or replace function app.bean_immutable() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  raise exception using errcode = 'P0001', message = 'bean.immutable';
end
$$;
create trigger bean_movements_immutable before update or delete on public.bean_movements
  for each row execute function app.bean_immutable();
create trigger bean_transfers_immutable before update or delete on public.bean_transfers
  for each row execute function app.bean_immutable();

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
create constraint trigger bean_movements_balanced after insert on public.bean_movements
  deferrable initially deferred for each row execute function app.bean_transfer_balanced();

create table public.bean_rules (
  community_id uuid primary key references public.communities(id) on delete cascade,
  meeting_attendance int not null default 5 check (meeting_attendance between 0 and 1000),
  need_rated int not null default 2 check (need_rated between 0 and 1000),
  talent_recommendation int not null default 10 check (talent_recommendation between 0 and 1000),
  manual_daily_cap int not null default 200 check (manual_daily_cap between 0 and 100000),
  updated_at timestamptz not null default now()
);
comment on table public.bean_rules is 'Earning rules per community (editable by admin); service hours earn the post''s rate per hour.';
insert into public.bean_rules (community_id) select id from public.communities on conflict do nothing;

create or replace function app.community_bean_defaults() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  insert into public.bean_rules (community_id) values (new.id) on conflict do nothing;
  return new;
end
$$;
create trigger communities_bean_defaults after insert on public.communities
  for each row execute function app.community_bean_defaults();

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
  constraint rewards_limit_pair check ((per_person_limit is null) = (limit_period is null)),
  constraint rewards_validity check (valid_until is null or valid_until > valid_from)
);
comment on table public.rewards is '积分兑换: a service or good offered for beans by a unit or the community, with stock and per-person limits.';

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

alter table public.profiles add column honour_opt_in boolean not null default false;

alter table public.bean_accounts enable row level security;
alter table public.bean_transfers enable row level security;
alter table public.bean_movements enable row level security;
alter table public.bean_rules enable row level security;
alter table public.rewards enable row level security;
alter table public.redemptions enable row level security;
revoke all on public.bean_accounts, public.bean_transfers, public.bean_movements, public.bean_rules, public.rewards, public.redemptions
  from anon, authenticated;
grant select on public.bean_accounts, public.bean_transfers, public.bean_movements, public.bean_rules, public.rewards, public.redemptions
  to authenticated;
grant select, insert on public.bean_accounts, public.bean_transfers, public.bean_movements to service_role;
grant all on public.bean_rules, public.rewards, public.redemptions to service_role;
-- no role may rewrite history
revoke update, delete, truncate on public.bean_transfers, public.bean_movements from service_role;
create policy bean_accounts_select on public.bean_accounts for select to authenticated
  using (profile_id = (select auth.uid()) or (community_id is not null and app.is_staff_of(community_id)));
create policy bean_transfers_select on public.bean_transfers for select to authenticated
  using (exists (select 1 from public.bean_accounts a where a.id in (from_account, to_account) and a.profile_id = (select auth.uid()))
         or (community_id is not null and app.is_staff_of(community_id)));
create policy bean_movements_select on public.bean_movements for select to authenticated
  using (exists (select 1 from public.bean_accounts a where a.id = account_id and a.profile_id = (select auth.uid())));
create policy bean_rules_select on public.bean_rules for select to authenticated using (true);
create policy rewards_select on public.rewards for select to authenticated using (true);
create policy redemptions_select on public.redemptions for select to authenticated
  using (profile_id = (select auth.uid()) or exists (select 1 from public.rewards r where r.id = reward_id
         and (r.provider_id = (select auth.uid()) or app.is_staff_of(r.community_id))));

----------------------------------------------------------------------------------------------------
-- The ledger core
----------------------------------------------------------------------------------------------------
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

----------------------------------------------------------------------------------------------------
-- Earning rules, applied where the earning happens
----------------------------------------------------------------------------------------------------
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
create trigger shifts_award after update of status on public.shifts for each row execute function app.award_on_shift();

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
create trigger needs_award after update of status on public.needs for each row execute function app.award_on_need();

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
create trigger volunteer_registrations_award after update of status on public.volunteer_registrations
  for each row execute function app.award_on_recommendation();

-- Staff award by hand: audited, never to themselves, within a daily cap per staff member.
create or replace function public.beans_award(p_profile_id uuid, p_amount int, p_reason text, p_key text) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  v_community uuid := (select community_id from public.profiles where id = p_profile_id);
  v_cap int;
  v_today bigint;
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
  -- serialises one staff member's awards so two at once cannot both slip under the cap
  perform pg_advisory_xact_lock(hashtext('beans_award:' || v_uid::text));
  if exists (select 1 from public.bean_transfers x where x.idempotency_key = 'manual:' || v_uid || ':' || p_key) then
    t := (select x from public.bean_transfers x where x.idempotency_key = 'manual:' || v_uid || ':' || p_key);
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
  return jsonb_build_object('transferId', t.id, 'amount', t.amount, 'balance',
    (select a.balance from public.bean_accounts a where a.kind = 'person' and a.profile_id = p_profile_id));
end
$$;
grant execute on function public.beans_award(uuid, int, text, text) to authenticated;

create or replace function public.beans_me(p_before bigint default null, p_limit int default 20) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  v_account uuid := (select id from public.bean_accounts where kind = 'person' and profile_id = v_uid);
  v_limit int := least(greatest(coalesce(p_limit, 20), 1), 100);
  v_items jsonb;
begin
  select coalesce(jsonb_agg(jsonb_build_object('id', m.id, 'amount', m.amount, 'balanceAfter', m.balance_after,
      'kind', t.kind, 'reason', t.reason, 'at', app.iso(m.created_at)) order by m.id desc), '[]'::jsonb) into v_items
  from (select * from public.bean_movements m where m.account_id = v_account and (p_before is null or m.id < p_before)
        order by m.id desc limit v_limit + 1) m
  join public.bean_transfers t on t.id = m.transfer_id;
  return jsonb_build_object(
    'balance', coalesce((select balance from public.bean_accounts where id = v_account), 0),
    'items', coalesce((select jsonb_agg(e order by o) from jsonb_array_elements(v_items) with ordinality x(e, o) where o <= v_limit), '[]'::jsonb),
    'hasMore', jsonb_array_length(v_items) > v_limit);
end
$$;
grant execute on function public.beans_me(bigint, int) to authenticated;

----------------------------------------------------------------------------------------------------
-- Community credit (社区信用): contribution (0..60) + integrity (0..40); see core/beans/credit.ts
----------------------------------------------------------------------------------------------------
create or replace function app.credit(p_profile uuid) returns jsonb
language sql stable security definer
set search_path = ''
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
  ), s as (
    select f.*,
      least(60, floor(f.beans / 10.0) + floor(f.hours * 2))::int as contribution,
      greatest(0, least(40, 40 - 8 * f.no_shows - 4 * f.late_cancels
        + case when f.rating is null then 0 else round((f.rating - 3) * 2) end))::int as integrity
    from f
  )
  select jsonb_build_object(
    'score', contribution + integrity,
    'level', case when contribution + integrity >= 80 then 4 when contribution + integrity >= 60 then 3
                  when contribution + integrity >= 40 then 2 else 1 end,
    'contribution', contribution, 'integrity', integrity,
    'inputs', jsonb_build_object('beans12m', beans, 'hours12m', round(hours::numeric, 1), 'noShows', no_shows,
                                 'lateCancels', late_cancels, 'avgRating', round(rating::numeric, 2)))
  from s
$$;

create or replace function public.credit_me() returns jsonb
language sql stable security definer
set search_path = ''
as $$ select app.credit(app.require_uid()) $$;
grant execute on function public.credit_me() to authenticated;

create or replace function public.honour_roll(p_community_id uuid, p_month date) returns jsonb
language sql stable security definer
set search_path = ''
as $$
  select coalesce(jsonb_agg(jsonb_build_object('displayName', x.display_name, 'beans', x.beans) order by x.beans desc, x.display_name), '[]'::jsonb)
  from (
    select p.display_name, sum(t.amount) as beans
    from public.bean_transfers t
    join public.bean_accounts a on a.id = t.to_account and a.kind = 'person'
    join public.profiles p on p.id = a.profile_id
    where p.community_id = p_community_id and p.honour_opt_in and t.kind::text like 'award%'
      and t.created_at >= p_month and t.created_at < p_month + interval '1 month'
    group by p.id, p.display_name
    order by beans desc limit 10
  ) x
$$;
grant execute on function public.honour_roll(uuid, date) to authenticated;

create or replace function public.honour_opt(p_opt_in boolean) returns jsonb
language sql security definer
set search_path = ''
as $$
  update public.profiles set honour_opt_in = p_opt_in, updated_at = now() where id = app.require_uid()
  returning jsonb_build_object('optIn', honour_opt_in)
$$;
grant execute on function public.honour_opt(boolean) to authenticated;

----------------------------------------------------------------------------------------------------
-- Rewards and redemptions
----------------------------------------------------------------------------------------------------
create or replace function app.reward_json(r public.rewards) returns jsonb
language sql stable security definer
set search_path = ''
as $$
  select jsonb_build_object('id', r.id, 'communityId', r.community_id, 'providerId', r.provider_id,
    'providerName', (select p.display_name from public.profiles p where p.id = r.provider_id),
    'title', r.title, 'description', r.description, 'priceBeans', r.price_beans, 'stock', r.stock,
    'perPersonLimit', r.per_person_limit, 'limitPeriod', r.limit_period, 'validFrom', app.iso(r.valid_from),
    'validUntil', app.iso(r.valid_until), 'minCreditLevel', r.min_credit_level, 'status', r.status,
    'createdAt', app.iso(r.created_at))
$$;

create or replace function app.redemption_json(x public.redemptions) returns jsonb
language sql stable security definer
set search_path = ''
as $$
  select jsonb_build_object('id', x.id, 'rewardId', x.reward_id, 'rewardTitle', r.title, 'profileId', x.profile_id,
    'status', x.status, 'code', case when x.profile_id = (select auth.uid()) then x.code end, 'priceBeans', x.price_beans,
    'expiresAt', app.iso(x.expires_at), 'verifiedAt', app.iso(x.verified_at), 'createdAt', app.iso(x.created_at))
  from public.rewards r where r.id = x.reward_id
$$;

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

create or replace function public.rewards_list(p_community_id uuid default null) returns jsonb
language sql stable security definer
set search_path = ''
as $$
  select coalesce(jsonb_agg(app.reward_json(r) order by r.created_at desc), '[]'::jsonb)
  from public.rewards r
  where r.community_id = coalesce(p_community_id, (select community_id from public.profiles where id = (select auth.uid())))
    and r.status = 'active' and (r.valid_until is null or r.valid_until > now())
$$;
grant execute on function public.rewards_list(uuid) to authenticated;

/**
 * 兑换: the reward row lock orders every redemption of a reward, so stock never oversells; the transfer's
 * check constraint keeps the balance from going negative. Repeating the idempotency key returns the first.
 */
create or replace function public.reward_redeem(p_reward_id uuid, p_key text) returns jsonb
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
begin
  if p_key is null or char_length(p_key) not between 8 and 100 then
    perform app.fail('bean.idempotency_key_required', 'Idempotency-Key');
  end if;
  select * into x from public.redemptions where transfer_id = (select id from public.bean_transfers where idempotency_key = v_key);
  if x.id is not null then
    return app.redemption_json(x);
  end if;
  select * into r from public.rewards where id = p_reward_id for update;
  if r.id is null or r.status <> 'active' then
    perform app.fail('reward.not_found');
  end if;
  if not exists (select 1 from public.profiles p where p.id = v_uid and p.community_id = r.community_id) then
    perform app.fail('reward.not_found');
  end if;
  -- a retry that raced the first attempt waits on the reward lock and finds it here
  select * into x from public.redemptions where transfer_id = (select id from public.bean_transfers where idempotency_key = v_key);
  if x.id is not null then
    return app.redemption_json(x);
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
  return app.redemption_json(x);
end
$$;
grant execute on function public.reward_redeem(uuid, text) to authenticated;

-- 核销: the reward's provider (or staff of its community) verifies the code; escrow settles to the provider.
create or replace function public.redemption_verify(p_code text) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  x public.redemptions;
  r public.rewards;
  t public.bean_transfers;
begin
  select y.* into x from public.redemptions y join public.rewards rr on rr.id = y.reward_id
  where y.code = p_code and y.status = 'reserved' and (rr.provider_id = v_uid or app.is_staff_of(rr.community_id))
  for update of y;
  if x.id is null then
    perform app.fail('redemption.code_invalid', 'code');
  end if;
  select * into r from public.rewards where id = x.reward_id;
  if x.expires_at < now() then
    perform app.fail('redemption.expired', 'code');
  end if;
  t := app.transfer('settle:' || x.id, 'settle', app.bean_account('escrow', null, r.community_id),
                    app.bean_account('provider', r.provider_id, null), x.price_beans, '核销：' || r.title, v_uid, r.community_id, x.id::text);
  update public.redemptions set status = 'verified', verified_at = now(), verified_by = v_uid, settle_transfer_id = t.id
  where id = x.id returning * into x;
  return app.redemption_json(x) || jsonb_build_object('holderName', (select p.display_name from public.profiles p where p.id = x.profile_id));
end
$$;
grant execute on function public.redemption_verify(text) to authenticated;

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

create or replace function public.redemptions_mine() returns jsonb
language sql stable security definer
set search_path = ''
as $$
  select coalesce(jsonb_agg(app.redemption_json(x) order by x.created_at desc), '[]'::jsonb)
  from public.redemptions x where x.profile_id = (select auth.uid())
$$;
grant execute on function public.redemptions_mine() to authenticated;

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
