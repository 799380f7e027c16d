-- Issue 15: a short human 受理编号 for every need, and the community office's service phone.
--
-- 受理编号 (ref_no) is <community prefix>-<Beijing date>-<sequence of that community that day>, e.g.
-- HP-20261128-0042: what a resident reads out on the phone and staff type into the search. The prefix
-- is the community's own (communities.ref_prefix, unique, 2-8 capitals and digits, set by staff; a new
-- community gets SQ<n> until they choose one). The number is allocated in the need's own insert by a
-- per-community, per-day counter row (insert … on conflict do update: concurrent inserts queue on that
-- row, so no two needs share a number and none is skipped).

create sequence if not exists app.community_ref_seq;

alter table public.communities
  add column if not exists ref_prefix text,
  add column if not exists service_phone text;

update public.communities set ref_prefix = 'SQ' || nextval('app.community_ref_seq') where ref_prefix is null;

alter table public.communities
  alter column ref_prefix set default ('SQ' || nextval('app.community_ref_seq')),
  alter column ref_prefix set not null,
  add constraint communities_ref_prefix_format check (ref_prefix ~ '^[A-Z][A-Z0-9]{1,7}$'),
  add constraint communities_ref_prefix_key unique (ref_prefix),
  -- a landline or mobile as dialled: digits with optional -, at most 20 characters
  add constraint communities_service_phone_format check (service_phone is null or service_phone ~ '^[0-9][0-9-]{4,18}[0-9]$');

comment on column public.communities.ref_prefix is '受理编号的前缀 (e.g. HP): unique, capitals and digits.';
comment on column public.communities.service_phone is '社区服务电话: public, shown to residents as 打电话给社区.';

create table public.need_ref_counters (
  community_id uuid not null references public.communities(id) on delete cascade,
  day date not null,
  last_seq int not null check (last_seq > 0),
  primary key (community_id, day)
);
comment on table public.need_ref_counters is 'The last 受理编号 sequence used per community and Beijing day; written only by app.next_need_ref.';
alter table public.need_ref_counters enable row level security;
revoke all on public.need_ref_counters from anon, authenticated;

create or replace function app.format_need_ref(p_prefix text, p_day date, p_seq int) returns text
language sql immutable
set search_path = ''
as $$
  select p_prefix || '-' || to_char(p_day, 'YYYYMMDD') || '-' || case when p_seq < 10000 then lpad(p_seq::text, 4, '0') else p_seq::text end
$$;

create or replace function app.next_need_ref(p_community_id uuid, p_at timestamptz) returns text
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_day date := (p_at at time zone 'Asia/Shanghai')::date;
  v_seq int;
  v_prefix text;
begin
  select c.ref_prefix into v_prefix from public.communities c where c.id = p_community_id;
  insert into public.need_ref_counters as r (community_id, day, last_seq) values (p_community_id, v_day, 1)
  on conflict (community_id, day) do update set last_seq = r.last_seq + 1
  returning r.last_seq into v_seq;
  return app.format_need_ref(v_prefix, v_day, v_seq);
end
$$;
revoke all on function app.next_need_ref(uuid, timestamptz) from public;
revoke all on function app.format_need_ref(text, date, int) from public;

alter table public.needs add column if not exists ref_no text;

-- Existing needs, numbered in the order they were created.
with numbered as (
  select n.id, n.community_id, (n.created_at at time zone 'Asia/Shanghai')::date as day,
    row_number() over (partition by n.community_id, (n.created_at at time zone 'Asia/Shanghai')::date order by n.created_at, n.id) as seq
  from public.needs n
  where n.ref_no is null
)
update public.needs n set ref_no = app.format_need_ref(c.ref_prefix, x.day, x.seq::int)
from numbered x join public.communities c on c.id = x.community_id
where n.id = x.id;

insert into public.need_ref_counters (community_id, day, last_seq)
select n.community_id, (n.created_at at time zone 'Asia/Shanghai')::date, count(*)::int
from public.needs n
group by 1, 2
on conflict (community_id, day) do update set last_seq = greatest(public.need_ref_counters.last_seq, excluded.last_seq);

create or replace function app.needs_set_ref_no() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if new.ref_no is null then
    new.ref_no := app.next_need_ref(new.community_id, coalesce(new.created_at, now()));
  end if;
  return new;
end
$$;
revoke all on function app.needs_set_ref_no() from public;

create trigger needs_set_ref_no before insert on public.needs
  for each row execute function app.needs_set_ref_no();

alter table public.needs alter column ref_no set not null;
-- text_pattern_ops: the same index answers staff's exact and prefix searches (HP-20261128-%).
create unique index needs_ref_no_key on public.needs (ref_no text_pattern_ops);
comment on column public.needs.ref_no is '受理编号: <community prefix>-<Beijing date>-<sequence>, shown instead of the id.';
