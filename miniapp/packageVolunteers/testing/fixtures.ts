/** Fixtures for the component tests of the volunteer flows (issue 5). Test-only: imported by *.test.tsx. */
import type { AppRole, Post, Registration, Shift, Whistle } from '../../../core/contracts'
import type { Participation, VolunteerMe } from '../../services/volunteers'
import { signIn } from '../../testing/fixtures'

export { deferred } from '../../testing/fixtures'

export const COMMUNITY_A = '20000000-0000-4000-8000-00000000000a'
export const ME_ID = '50000000-0000-4000-8000-000000000007'
export const POST_ID = '7a1c1d52-8a0e-4a43-9b7c-0c6f1f2b9b01'
export const SLOT_ID = '7a1c1d52-8a0e-4a43-9b7c-0c6f1f2b9b02'
export const SLOT_ID_2 = '7a1c1d52-8a0e-4a43-9b7c-0c6f1f2b9b03'
export const SHIFT_ID = '7a1c1d52-8a0e-4a43-9b7c-0c6f1f2b9b04'
export const REG_ID = '7a1c1d52-8a0e-4a43-9b7c-0c6f1f2b9b05'
export const WHISTLE_ID = '7a1c1d52-8a0e-4a43-9b7c-0c6f1f2b9b06'
export const MICRO_GRID = '40000000-0000-4000-8000-0000000000a2'
export const SITE = { lat: 32.0416, lng: 118.7784 }

/** Logs a person in the way the app does: a token and the cached profile. */
export function loginAs(roles: AppRole[], overrides: { microGridId?: string | null; communityId?: string | null } = {}): void {
  const communityId = overrides.communityId === undefined ? COMMUNITY_A : overrides.communityId
  signIn({
    id: ME_ID,
    handle: 'party1',
    displayName: '孙先生',
    communityId,
    communityName: communityId ? 'A 社区' : null,
    microGridId: overrides.microGridId === undefined ? MICRO_GRID : overrides.microGridId,
    roles,
  })
}


/** An ISO time `minutes` from now. */
export const inMinutes = (minutes: number, now = Date.now()) => new Date(now + minutes * 60_000).toISOString()

export function slot(overrides: Partial<Post['slots'][number]> = {}): Post['slots'][number] {
  return { id: SLOT_ID, startsAt: inMinutes(180), endsAt: inMinutes(300), capacity: 5, claimed: 2, mine: false, ...overrides }
}

export function post(overrides: Partial<Post> = {}): Post {
  return {
    id: POST_ID,
    communityId: COMMUNITY_A,
    title: '健康义诊',
    category: 'health_clinic',
    description: '为老人测量血压、血糖',
    place: '社区服务中心一楼',
    lat: SITE.lat,
    lng: SITE.lng,
    radiusM: 200,
    beanRatePerHour: 12,
    slots: [slot()],
    createdAt: inMinutes(-600),
    ...overrides,
  }
}

export function shift(overrides: Partial<Shift> = {}): Shift {
  return {
    id: SHIFT_ID,
    postId: POST_ID,
    postTitle: '健康义诊',
    category: 'health_clinic',
    slotId: SLOT_ID,
    startsAt: inMinutes(-10),
    endsAt: inMinutes(60),
    profileId: ME_ID,
    volunteerName: '孙先生',
    status: 'claimed',
    lateCancel: false,
    checkInAt: null,
    checkInDistanceM: null,
    checkOutAt: null,
    checkOutDistanceM: null,
    notes: null,
    photos: [],
    verifiedMinutes: null,
    beansPending: null,
    rejectReason: null,
    place: '社区服务中心一楼',
    lat: SITE.lat,
    lng: SITE.lng,
    radiusM: 200,
    closure: null,
    ...overrides,
  }
}

export function registration(overrides: Partial<Registration> = {}): Registration {
  return {
    id: REG_ID,
    profileId: ME_ID,
    displayName: '孙先生',
    communityId: COMMUNITY_A,
    kind: 'party_member',
    status: 'pending',
    source: 'self',
    workUnit: '市第一医院',
    partyOrg: '市第一医院党委',
    skills: ['健康咨询'],
    intro: null,
    recommendedByName: null,
    recommendReason: null,
    reviewReason: null,
    createdAt: inMinutes(-60),
    ...overrides,
  }
}

export function me(overrides: Partial<VolunteerMe> = {}): VolunteerMe {
  return { registrations: [], year: new Date().getFullYear(), hoursThisYear: 3, targetHours: 12, shiftsThisYear: 2, ...overrides }
}

export function whistle(overrides: Partial<Whistle> = {}): Whistle {
  return {
    id: WHISTLE_ID,
    communityId: COMMUNITY_A,
    title: '防汛巡查',
    category: 'security_patrol',
    description: null,
    place: '和平河堤',
    startsAt: inMinutes(30),
    headcount: 5,
    responded: 2,
    status: 'open',
    answered: false,
    createdAt: inMinutes(-5),
    responders: null,
    ...overrides,
  }
}

export function bands(overrides: Partial<Participation> = {}): Participation {
  return {
    residents: 200,
    targetHours: 12,
    bands: { core: { count: 10, share: 0.05 }, active: { count: 30, share: 0.15 }, general: { count: 160, share: 0.8 } },
    ideal: { core: 0.1, active: 0.2, general: 0.7 },
    ...overrides,
  }
}
