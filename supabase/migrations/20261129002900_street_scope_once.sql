-- One rule for "manages in this street". …2600 wrote it as app.my_managed_street_ids() (the caller's streets, once per
-- statement) for the party tree and its policy, beside the older per-street predicate app.manages_in_street; the
-- predicate is now that set, so the two cannot drift. app.can_read_party_org, whose only users (the party_orgs
-- policy and party_orgs_list) …2600 replaced, is dropped.
create or replace function app.manages_in_street(p_street uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select coalesce(p_street = any (app.my_managed_street_ids()), false)
$$;

drop function if exists app.can_read_party_org(uuid, uuid);
