-- WeChat subscribe messages (订阅消息), issue 12.
--
-- A subscribe message is one-time: each "allow" a person taps in `wx.requestSubscribeMessage` lets the app send that
-- person exactly one message of that template. The mini-program asks at the moment someone does something that will
-- later produce a message (submitting a need, claiming a slot, registering for a meeting, redeeming) and reports what
-- was accepted; the sender spends one credit per message it hands to WeChat and skips (inbox only) without one.
-- Template groups and their fields: core/notify/templates.ts.
--
-- Delivery retries back off (1 min, 5 min, 30 min, 2 h, 6 h; failed after the 6th attempt) through `next_attempt_at`,
-- so a WeChat outage never makes the cron hammer it, and the event's own transaction only ever writes the outbox row.

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
revoke all on public.notification_subscriptions from anon, authenticated;
grant select on public.notification_subscriptions to authenticated;
grant all on public.notification_subscriptions to service_role;
create policy notification_subscriptions_select on public.notification_subscriptions for select to authenticated
  using (profile_id = (select auth.uid()));

alter table public.notifications add column next_attempt_at timestamptz not null default now();
comment on column public.notifications.next_attempt_at is 'A pending row is not claimed before this: retries back off (notification_mark).';
create index notifications_due_idx on public.notifications (next_attempt_at, id) where status = 'pending';

----------------------------------------------------------------------------------------------------
-- The person's side
----------------------------------------------------------------------------------------------------
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

----------------------------------------------------------------------------------------------------
-- The sender's side (service_role)
----------------------------------------------------------------------------------------------------
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

-- Outbox drain (from 20261122000200_needs_loop.sql): only rows that are due, and the row's time for the message.
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
