import type { AppRole, Profile } from '../../core/contracts'

/** Approved party members and talents hold these roles; only they may claim posts and answer whistles. */
export const VOLUNTEER_ROLES: readonly AppRole[] = ['party_member', 'talent']

export function isVolunteer(profile: Profile | null | undefined): boolean {
  return !!profile && profile.roles.some((r) => VOLUNTEER_ROLES.includes(r))
}
