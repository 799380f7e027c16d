-- Golden beans integrity (issue 13 items 2b, 6 and 8):
--   1. Pickup codes (核销): a code verifies only for its reward's provider or staff of the reward's community, and wrong
--      codes are counted per verifier and per reward (or per community when no reward is named), then locked (429).
--      The owner's code is read through app.redemption_code, so redemptions.code need not be readable by authenticated.
--   2. Idempotency keys: one table remembers, per person and operation, each key with the request it came with and the
--      first answer. The same key with the same request replays that answer; with another request it is refused (422).
--   3. Credit: app.credit returns the score and the terms of its explanation (label key, inputs, points), which sum to
--      the score; the API and the mini-program only format those terms.

----------------------------------------------------------------------------------------------------
-- Idempotency keys
----------------------------------------------------------------------------------------------------
create table public.idempotency_keys (
  profile_id uuid not null references public.profiles(id) on delete cascade,
  operation text not null check (operation ~ '^[a-z_.]+$'),
  key text not null check (char_length(key) between 1 and 200),
  request_hash text not null check (char_length(request_hash) between 1 and 200),
  response jsonb,
  created_at timestamptz not null default now(),
  primary key (profile_id, operation, key)
);
comment on table public.idempotency_keys is
  'Idempotency-Key of each keyed write, per (person, operation): the request it came with (hash) and the first answer, replayed to a retry. Written only by SQL functions.';
alter table public.idempotency_keys enable row level security;
revoke all on public.idempotency_keys from anon, authenticated;
grant all on public.idempotency_keys to service_role;
-- no policy for anon or authenticated: nobody reads or writes this table directly

/** The hash of a request as SQL sees it, for callers that do not send the API's hash (direct RPC, scripts). */
create or replace function app.request_hash(p_request jsonb) returns text
language sql immutable
set search_path = ''
as $$ select 'sql:' || encode(pg_catalog.sha256(convert_to(p_request::text, 'UTF8')), 'hex') $$;

/**
 * Claims (caller, operation, key) for this transaction. Returns null when the key is new (go ahead, then call
 * app.idempotency_finish with the answer); the first answer when the same request was made before; raises
 * idempotency.key_reused (422) when the key came with another request. A concurrent first use of the key holds the
 * primary key until it commits, so a retry waits here and then sees its answer (or, if it rolled back, goes ahead).
 */
create or replace function app.idempotency_begin(p_operation text, p_key text, p_request_hash text) returns jsonb
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  k public.idempotency_keys;
begin
  if p_key is null or char_length(p_key) not between 1 and 200 then
    perform app.fail('bean.idempotency_key_required', 'Idempotency-Key');
  end if;
  insert into public.idempotency_keys (profile_id, operation, key, request_hash)
  values (v_uid, p_operation, p_key, p_request_hash)
  on conflict do nothing
  returning * into k;
  if k.profile_id is not null then
    return null;
  end if;
  select * into k from public.idempotency_keys where profile_id = v_uid and operation = p_operation and key = p_key;
  if k.request_hash is distinct from p_request_hash or k.response is null then
    perform app.fail('idempotency.key_reused', 'Idempotency-Key');
  end if;
  return k.response;
end
$$;

create or replace function app.idempotency_finish(p_operation text, p_key text, p_response jsonb) returns jsonb
language sql volatile security definer
set search_path = ''
as $$
  update public.idempotency_keys set response = p_response
  where profile_id = (select auth.uid()) and operation = p_operation and key = p_key;
  select p_response;
$$;

revoke all on function app.request_hash(jsonb) from public;
revoke all on function app.idempotency_begin(text, text, text) from public;
revoke all on function app.idempotency_finish(text, text, jsonb) from public;

----------------------------------------------------------------------------------------------------
-- Redemptions: keyed (from 20261122000500_beans.sql), codes for their owner only
----------------------------------------------------------------------------------------------------
/**
 * The pickup code of a redemption, for its owner only (null for anyone else). Security definer so that read
 * functions running as the caller can show the owner's code while authenticated cannot select redemptions.code.
 */
create or replace function app.redemption_code(p_id uuid) returns text
language sql stable security definer
set search_path = ''
as $$ select x.code from public.redemptions x where x.id = p_id and x.profile_id = (select auth.uid()) $$;
revoke all on function app.redemption_code(uuid) from public;
grant execute on function app.redemption_code(uuid) to authenticated;

drop function public.reward_redeem(uuid, text);
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

drop function public.redemption_verify(text);
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

-- Reads only the columns a caller may select and the code through app.redemption_code, so it keeps working as
-- security invoker once authenticated may no longer select redemptions.code.
create or replace function public.redemptions_mine() returns jsonb
language sql stable security definer
set search_path = ''
as $$
  select coalesce(jsonb_agg(jsonb_build_object('id', x.id, 'rewardId', x.reward_id, 'rewardTitle', r.title,
      'profileId', x.profile_id, 'status', x.status, 'code', app.redemption_code(x.id), 'priceBeans', x.price_beans,
      'expiresAt', app.iso(x.expires_at), 'verifiedAt', app.iso(x.verified_at), 'createdAt', app.iso(x.created_at))
    order by x.created_at desc), '[]'::jsonb)
  from public.redemptions x join public.rewards r on r.id = x.reward_id
  where x.profile_id = (select auth.uid())
$$;
grant execute on function public.redemptions_mine() to authenticated;

----------------------------------------------------------------------------------------------------
-- Manual awards: keyed (from 20261122000500_beans.sql)
----------------------------------------------------------------------------------------------------
drop function public.beans_award(uuid, int, text, text);
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

----------------------------------------------------------------------------------------------------
-- Community credit (社区信用), computed once (from 20261122000500_beans.sql)
----------------------------------------------------------------------------------------------------
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

-- pure arithmetic: callable by credit_me should it run as the caller
grant execute on function app.credit_terms(numeric, numeric, bigint, bigint, numeric) to authenticated;

-- Kept as a plain invoker helper without its own search_path, as 20261122000700_list_performance.sql made it.
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
