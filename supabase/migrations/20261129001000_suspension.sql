-- Suspending and reinstating an account (停用账号 / 恢复账号). 20261129000400_plumbing.sql added
-- profiles.suspended_at and app.check_request(), which refuses every request of a suspended person at once; this is
-- the administrators' action that sets and clears it, with who did it and why, and every change in the audit log.
--
-- Who may: a street admin for people whose community is in their street, or an `admin`-role holder of the person's
-- community. A person's community is where they live (profiles.community_id); someone who lives nowhere in the system
-- belongs to the communities where they hold a role (all of which the caller must administer, so no admin can cut
-- someone off from a community they do not run), or, failing that, to the streets of their departments. Nobody
-- suspends themself (it could never be undone by them) or a street admin (the street's own administration would
-- lock itself out; that is a matter for the level above).

----------------------------------------------------------------------------------------------------
-- Who suspended and why
----------------------------------------------------------------------------------------------------
alter table public.profiles
  add column if not exists suspended_by uuid references public.profiles(id) on delete set null,
  add column if not exists suspended_reason text check (suspended_reason is null or char_length(suspended_reason) between 2 and 200);
-- by and why describe a suspension, so they exist only while there is one (a suspension set directly by an operator
-- may carry neither)
alter table public.profiles drop constraint if exists profiles_suspension_detail;
alter table public.profiles add constraint profiles_suspension_detail
  check (suspended_at is not null or (suspended_by is null and suspended_reason is null));
comment on column public.profiles.suspended_by is 'The administrator who suspended the account (member_suspend); cleared on reinstatement.';
comment on column public.profiles.suspended_reason is 'Why the account was suspended, for the people who manage the person; cleared on reinstatement.';
-- Moderation state is for the people who manage the person: the column grant of 20261129000900_read_model.sql lists
-- what `authenticated` may select from profiles, and these two are deliberately not added to it.

----------------------------------------------------------------------------------------------------
-- The person's communities, and whether the caller may suspend them
----------------------------------------------------------------------------------------------------
-- Where the person lives, or else every community where they hold a role.
create or replace function app.member_home_communities(p_id uuid) returns uuid[]
language sql stable security definer
set search_path = ''
as $$
  select case
    when p.community_id is not null then array[p.community_id]
    else coalesce((select array_agg(distinct r.community_id order by r.community_id) from public.profile_roles r
                   where r.profile_id = p.id), '{}')
  end
  from public.profiles p where p.id = p_id
$$;
grant execute on function app.member_home_communities(uuid) to authenticated;

-- True when the caller may suspend or reinstate the person (the rule at the top of this file). Also shown per member
-- (`canSuspend`) so the members page offers the action exactly where the server will accept it.
create or replace function app.can_suspend(p_id uuid) returns boolean
language plpgsql stable security definer
set search_path = ''
as $$
declare
  v_uid uuid := (select auth.uid());
  v_home uuid[];
  v_streets uuid[];
begin
  if v_uid is null or p_id is null or p_id = v_uid
     or exists (select 1 from public.street_admins a where a.profile_id = p_id) then
    return false;
  end if;
  v_home := coalesce(app.member_home_communities(p_id), '{}');
  if cardinality(v_home) > 0 then
    return not exists (
      select 1 from unnest(v_home) h(id) left join public.communities c on c.id = h.id
      where c.id is null
         or not (app.is_street_admin(c.street_id) or app.has_role(c.id, array['admin']::public.app_role[])));
  end if;
  -- a department member (职能部门) with no community: the admins of the department's street
  select coalesce(array_agg(distinct d.street_id), '{}') into v_streets
  from public.department_members m join public.departments d on d.id = m.department_id
  where m.profile_id = p_id;
  return cardinality(v_streets) > 0
     and not exists (select 1 from unnest(v_streets) s(id) where not app.is_street_admin(s.id));
end
$$;
grant execute on function app.can_suspend(uuid) to authenticated;

----------------------------------------------------------------------------------------------------
-- The member as lists show it: now with whether the account is suspended
----------------------------------------------------------------------------------------------------
-- Live definition from 20261128000200_joining_people.sql; added `suspended`, `suspendedReason` (the why, like the
-- phone, only where the caller manages the person's own community) and `canSuspend`.
create or replace function app.member_json(p public.profiles, p_scope uuid[]) returns jsonb
language sql stable security definer
set search_path = ''
as $$
  select jsonb_build_object(
    'profileId', p.id,
    'displayName', p.display_name,
    'phoneMasked', case when p.community_id is not null and app.can_manage_community(p.community_id) then app.mask_phone(p.phone) end,
    'communityId', p.community_id,
    'communityName', (select c.name from public.communities c where c.id = p.community_id),
    'microGridId', p.micro_grid_id,
    'microGridName', (select m.name from public.micro_grids m where m.id = p.micro_grid_id),
    'roles', coalesce((select jsonb_agg(x.role order by x.role) from (
        select distinct r.role from public.profile_roles r where r.profile_id = p.id and r.community_id = any (p_scope)) x), '[]'::jsonb),
    'gridNames', coalesce((select jsonb_agg(g.name order by g.name) from public.grid_assignments a
        join public.grids g on g.id = a.grid_id where a.profile_id = p.id and g.community_id = any (p_scope)), '[]'::jsonb),
    'unitName', (select u.name from public.member_units u where u.profile_id = p.id and u.community_id = any (p_scope)
        order by u.created_at limit 1),
    'joinedAt', app.iso(coalesce(
        (select max(mv.moved_at) from public.community_moves mv
          where mv.profile_id = p.id and mv.to_community_id = p.community_id and p.community_id = any (p_scope)),
        (select min(r.created_at) from public.profile_roles r where r.profile_id = p.id and r.community_id = any (p_scope)),
        p.created_at)),
    'suspended', p.suspended_at is not null,
    'suspendedReason', case when p.suspended_at is not null and exists (
        select 1 from unnest(app.member_home_communities(p.id)) h(id) where app.can_manage_community(h.id))
      then p.suspended_reason end,
    'canSuspend', app.can_suspend(p.id)
  )
$$;

----------------------------------------------------------------------------------------------------
-- Suspend or reinstate
----------------------------------------------------------------------------------------------------
create or replace function public.member_suspend(p_profile_id uuid, p_suspend boolean, p_reason text default null) returns jsonb
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  v_target public.profiles;
  v_home uuid[];
  v_reason text := nullif(btrim(coalesce(p_reason, '')), '');
  v_community uuid;
  v_street uuid;
begin
  if p_suspend is null then
    perform app.fail('member.suspend_invalid', 'suspend');
  end if;
  -- someone who manages nothing is refused outright; a manager is told only about people they can see
  if cardinality(app.my_staff_community_ids()) = 0 then
    perform app.fail('auth.forbidden');
  end if;
  -- the row lock orders two administrators acting on the same person at once
  select * into v_target from public.profiles p where p.id = p_profile_id for update;
  v_home := coalesce(app.member_home_communities(v_target.id), '{}');
  if v_target.id is null or not (
    exists (select 1 from unnest(v_home) h(id) where app.can_manage_community(h.id))
    or exists (select 1 from public.profile_roles r where r.profile_id = v_target.id and app.can_manage_community(r.community_id))
    or exists (select 1 from public.department_members m join public.departments d on d.id = m.department_id
               where m.profile_id = v_target.id and app.is_street_admin(d.street_id))
  ) then
    perform app.fail('member.not_found', 'profileId');
  end if;
  if v_target.id = v_uid then
    perform app.fail('member.suspend_self');
  end if;
  if exists (select 1 from public.street_admins a where a.profile_id = v_target.id) then
    perform app.fail('member.suspend_street_admin');
  end if;
  if not app.can_suspend(v_target.id) then
    perform app.fail('member.suspend_forbidden');
  end if;
  -- suspending says why (the person is told it when they ask); reinstating may add a note for the log
  if (p_suspend or v_reason is not null) and (v_reason is null or char_length(v_reason) not between 2 and 200) then
    perform app.fail('member.reason_invalid', 'reason');
  end if;
  if p_suspend and v_target.suspended_at is not null then
    perform app.fail('member.already_suspended');
  end if;
  if not p_suspend and v_target.suspended_at is null then
    perform app.fail('member.not_suspended');
  end if;

  if p_suspend then
    update public.profiles set suspended_at = now(), suspended_by = v_uid, suspended_reason = v_reason, updated_at = now()
    where id = v_target.id returning * into v_target;
  else
    update public.profiles set suspended_at = null, suspended_by = null, suspended_reason = null, updated_at = now()
    where id = v_target.id returning * into v_target;
  end if;

  -- the entry belongs to the person's community (or, for a department member, their department's street)
  v_community := v_home[1];
  if v_community is null then
    select d.street_id into v_street from public.department_members m join public.departments d on d.id = m.department_id
    where m.profile_id = v_target.id and app.is_street_admin(d.street_id) order by d.street_id limit 1;
  end if;
  perform app.audit(case when p_suspend then 'member.suspended' else 'member.reinstated' end, v_community, v_target.id,
    case when v_reason is null then '{}'::jsonb else jsonb_build_object('reason', v_reason) end, v_street);

  return app.member_json(v_target, v_home);
end
$$;
grant execute on function public.member_suspend(uuid, boolean, text) to authenticated;
comment on function public.member_suspend(uuid, boolean, text) is
  'Suspends (with a reason) or reinstates an account: street admins for their street''s people, admin-role holders for their community''s; never oneself or a street admin. Audited as member.suspended / member.reinstated.';
