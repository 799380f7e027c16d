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
