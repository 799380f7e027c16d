import type { Profile } from '../../../core/contracts'

/** A street administrator (街道管理员): publishes street-wide and into any community of their streets. */
export function isStreetAdmin(profile: Profile | null | undefined): boolean {
  return !!profile && (profile.adminStreetIds?.length ?? 0) > 0
}

/** Who sees 发布通知: staff of their community and street administrators (the server decides in the end). */
export function canPublish(profile: Profile | null | undefined): boolean {
  if (!profile) return false
  if (isStreetAdmin(profile)) return true
  return !!profile.communityId && profile.roles.some((r) => r === 'staff' || r === 'admin')
}
