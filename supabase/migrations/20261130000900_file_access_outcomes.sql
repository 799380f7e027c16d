-- Issue 15: the photos of a 办理结果 (need_events.photos) are seen by whoever may see the need — the resident
-- first of all — as the need's own page shows them. Otherwise as before (20261129000400_plumbing.sql).
create index if not exists need_events_photos_idx on public.need_events using gin (photos);

create or replace function public.file_access(p_key text) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select (select auth.uid()) is not null and (
    starts_with(p_key, 'shifts/' || (select auth.uid())::text || '/')
    or exists (
      select 1 from public.shifts s join public.service_posts p on p.id = s.post_id
      where s.photos @> array[p_key]
        and (s.profile_id = (select auth.uid()) or app.is_staff_of(p.community_id))
    )
    or exists (
      select 1 from public.announcements a
      where a.image_keys @> array[p_key]
        and (a.author_id = (select auth.uid())
          or app.announcement_manageable(a.scope, a.street_id, a.community_id)
          or (a.withdrawn_at is null and (a.expires_at is null or a.expires_at > now())
              and app.announcement_addressed(a.scope, a.street_id, a.community_id, a.grid_id)))
    )
    or exists (
      select 1 from public.need_events e join public.needs n on n.id = e.need_id
      where e.photos @> array[p_key] and app.need_visible(n)
    )
  )
$$;
grant execute on function public.file_access(text) to authenticated;
comment on function public.file_access(text) is
  'security definer: answers only true/false for one storage key, by the rules written out above (uploader, shift, notice, need), so /api/files can decide without the caller reading those tables whole.';
