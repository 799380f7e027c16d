-- A person names themself (issue 11): a first WeChat login is '微信用户' until they say who they are.

create or replace function public.me_update(p_display_name text) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := app.require_uid();
  v_name text := btrim(p_display_name);
begin
  if v_name is null or char_length(v_name) not between 1 and 20 then
    perform app.fail('me.name_invalid', 'displayName');
  end if;
  update public.profiles set display_name = v_name, updated_at = now() where id = v_uid;
  if not found then
    perform app.fail('auth.profile_missing');
  end if;
  return app.profile_json(v_uid, true);
end
$$;
grant execute on function public.me_update(text) to authenticated;
