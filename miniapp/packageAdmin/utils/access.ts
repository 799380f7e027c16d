import type { Profile } from '../../../core/contracts'

/** A street administrator (街道管理员): runs one or more streets and all their communities. */
export function isStreetAdmin(profile: Profile | null | undefined): boolean {
  return !!profile && (profile.adminStreetIds?.length ?? 0) > 0
}

/** Community staff (社区工作者) manage their own community; street administrators every community of their streets. */
export function canManage(profile: Profile | null | undefined): boolean {
  if (!profile) return false
  if (isStreetAdmin(profile)) return true
  return !!profile.communityId && profile.roles.some((r) => r === 'staff' || r === 'admin')
}

/** The street the administrator works on by default: the profile's street when it is theirs, else their first. */
export function homeStreetId(profile: Profile | null | undefined): string | undefined {
  const ids = profile?.adminStreetIds ?? []
  if (profile?.streetId && ids.includes(profile.streetId)) return profile.streetId
  return ids[0]
}
