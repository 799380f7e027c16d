import type { AppRole, Profile } from '../../core/contracts'

const HANDLER_ROLES: readonly AppRole[] = ['staff', 'admin', 'grid_worker']

function hasAny(profile: Profile | null | undefined, roles: readonly AppRole[]): boolean {
  return !!profile && profile.roles.some((r) => roles.includes(r))
}

/** Staff, admins and grid workers triage and handle needs: they get the queue and the action buttons. */
export function canHandleNeeds(profile: Profile | null | undefined): boolean {
  return hasAny(profile, HANDLER_ROLES)
}

/** Grid workers and staff may enter a need for someone else (代办) or from patrol (巡查发现). */
export function canSubmitForOthers(profile: Profile | null | undefined): boolean {
  return hasAny(profile, ['grid_worker', 'staff', 'admin'])
}

export function isStaff(profile: Profile | null | undefined): boolean {
  return hasAny(profile, ['staff', 'admin'])
}

/** 街道管理员: administers one or more streets (may have no community of their own). */
export function isStreetAdmin(profile: Profile | null | undefined): boolean {
  return !!profile && (profile.adminStreetIds?.length ?? 0) > 0
}

/** Staff and street administrators get the 管理 entry. */
export function canManage(profile: Profile | null | undefined): boolean {
  return isStaff(profile) || isStreetAdmin(profile)
}

/** A person who belongs nowhere yet and runs no street: they are sent to 加入社区. (An admin role alone also counts
 * as running something: an administrator is never pushed into joining a community as a resident.) */
export function needsCommunity(profile: Profile | null | undefined): boolean {
  return !!profile && !profile.communityId && !isStreetAdmin(profile) && !profile.roles.includes('admin')
}

/** 138****0001: a phone number as lists and 我的 show it. */
export function maskPhone(phone: string | null | undefined): string {
  const digits = (phone ?? '').trim()
  if (digits.length < 7) return digits
  return `${digits.slice(0, 3)}****${digits.slice(-4)}`
}
