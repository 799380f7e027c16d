-- Attempt limits for codes a person types (meeting check-in codes, reward pickup codes): a wrong code is counted
-- per person and per object, and once a count reaches its limit within the window further tries are refused with
-- 429 and the seconds to wait, until the lock ends. A refused try commits its count, so the functions that use
-- this answer `{"refused": {...}}` instead of raising (see api/_lib/db/errors.ts throwIfRefused).

create table public.code_attempts (
  scope text not null check (scope ~ '^[a-z_.]+$'),
  subject text not null,
  failures integer not null default 0 check (failures >= 0),
  window_started_at timestamptz not null default now(),
  locked_until timestamptz,
  primary key (scope, subject)
);
comment on table public.code_attempts is
  'Wrong tries of guessable codes per (scope, subject): e.g. (meeting.check_in.person, <profile>:<meeting>). Written only by SQL functions.';
alter table public.code_attempts enable row level security;
revoke all on public.code_attempts from anon, authenticated;
grant all on public.code_attempts to service_role;
-- no policy for anon or authenticated: nobody reads or writes this table directly

/** Raises attempt.too_many (hint: seconds to wait) while (scope, subject) is locked. */
create or replace function app.attempt_guard(p_scope text, p_subject text) returns void
language plpgsql stable security definer
set search_path = ''
as $$
declare
  v_until timestamptz;
begin
  select locked_until into v_until from public.code_attempts where scope = p_scope and subject = p_subject;
  if v_until is not null and v_until > now() then
    raise exception using errcode = 'P0001', message = 'attempt.too_many',
      hint = greatest(1, ceil(extract(epoch from v_until - now())))::bigint::text;
  end if;
end
$$;

/**
 * Counts one wrong try of (scope, subject); the count restarts when the window has passed. Reaching p_limit locks
 * the pair for p_lock. Returns the seconds until the lock ends (0 when not locked), for the refusal's hint.
 */
create or replace function app.attempt_failed(p_scope text, p_subject text, p_limit integer, p_window interval, p_lock interval)
returns integer
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  v public.code_attempts;
begin
  insert into public.code_attempts as a (scope, subject, failures, window_started_at)
  values (p_scope, p_subject, 1, now())
  on conflict (scope, subject) do update
    set failures = case when a.window_started_at < now() - p_window then 1 else a.failures + 1 end,
        window_started_at = case when a.window_started_at < now() - p_window then now() else a.window_started_at end
  returning * into v;
  if v.failures >= p_limit then
    update public.code_attempts set locked_until = now() + p_lock, failures = 0, window_started_at = now()
      where scope = p_scope and subject = p_subject;
    return greatest(1, ceil(extract(epoch from p_lock)))::integer;
  end if;
  return 0;
end
$$;

revoke all on function app.attempt_guard(text, text) from public;
revoke all on function app.attempt_failed(text, text, integer, interval, interval) from public;
