-- SLA rules are community settings (issue 11): the staff of the community edit them, on the settings page
-- (community_settings_put) and through PUT /api/communities/{id}/sla alike, and each change is audited.

create or replace function public.sla_rule_set(p_community_id uuid, p_severity public.need_severity, p_minutes int, p_goal public.sla_goal)
returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_before public.sla_rules;
begin
  if not app.can_manage_community(p_community_id) then
    perform app.fail('auth.forbidden');
  end if;
  if p_minutes is null or p_minutes not between 1 and 525600 then
    perform app.fail('sla.minutes_invalid', 'minutes');
  end if;
  select * into v_before from public.sla_rules where community_id = p_community_id and severity = p_severity for update;
  update public.sla_rules set minutes = p_minutes, goal = p_goal, updated_at = now(), updated_by = (select auth.uid())
  where community_id = p_community_id and severity = p_severity;
  if v_before.minutes is distinct from p_minutes or v_before.goal is distinct from p_goal then
    perform app.audit('settings.updated', p_community_id, null,
      jsonb_build_object('sla', jsonb_build_object('severity', p_severity, 'minutes', p_minutes, 'goal', p_goal)));
  end if;
  return public.sla_rules_get(p_community_id);
end
$$;
grant execute on function public.sla_rule_set(uuid, public.need_severity, int, public.sla_goal) to authenticated;
