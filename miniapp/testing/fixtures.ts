/**
 * Test data shared by every package (test-only): need-shaped builders that match the contracts (checked by zod in the
 * fixtures' own test), signing in the way the app does, and a promise a test settles by hand. Package fixtures build on
 * these, since weapp subpackages cannot import each other.
 */
import type { AppRole, NeedDetail, NeedEvent, NeedFull, NeedStoryItem, Person, Profile, SimilarNeed } from '../../core/contracts'
import { storage } from './taroMock'

export const IDS = {
  need: '6f1c1d52-8a0e-4a43-9b7c-0c6f1f2b9a01',
  community: '0b7f8f34-4f0e-4a43-9b7c-0c6f1f2b9a02',
  resident: '0b7f8f34-4f0e-4a43-9b7c-0c6f1f2b9a03',
  staff: '0b7f8f34-4f0e-4a43-9b7c-0c6f1f2b9a04',
  microGrid: '40000000-0000-4000-8000-0000000000a1',
} as const

const YEAR = new Date().getFullYear()
export const at = (monthDayTime: string) => `${YEAR}-${monthDayTime}`

/** Every need carries its 受理编号 (issue 15). */
export const REF_NO = 'HP-20261122-0001'

export function needFull(overrides: Partial<NeedFull> = {}): NeedFull {
  return {
    id: IDS.need,
    refNo: REF_NO,
    title: '三号楼楼道灯坏了',
    description: '三号楼二单元楼道灯坏了一个星期。',
    category: 'facility_repair',
    status: 'submitted',
    communityId: IDS.community,
    microGridId: IDS.microGrid,
    microGridName: '1号楼微网格',
    createdBy: IDS.resident,
    createdAt: at('11-22T06:30:00Z'),
    updatedAt: at('11-22T06:30:00Z'),
    source: 'resident',
    urgency: 'normal',
    peopleAffected: 1,
    windowFrom: null,
    windowTo: null,
    address: null,
    contactName: null,
    contactPhone: null,
    track: null,
    severity: null,
    handlerId: null,
    handlerName: null,
    department: null,
    dueAt: null,
    dueGoal: null,
    overdue: false,
    reopenCount: 0,
    resolvedAt: null,
    rating: null,
    ratingComment: null,
    followers: 0,
    following: false,
    ...overrides,
  }
}

export function event(overrides: Partial<NeedEvent> = {}): NeedEvent {
  return { id: 1, from: null, to: 'submitted', actor: 'owner', actorName: '张阿姨', note: null, at: at('11-22T06:30:00Z'), ...overrides }
}

export function needDetail(overrides: Partial<NeedDetail> = {}): NeedDetail {
  // a detail carries its outcome card and its story (issue 15)
  return { ...needFull(), timeline: [event()], actions: [], canTriage: false, outcome: null, story: [], ...overrides }
}

export function storyItem(overrides: Partial<NeedStoryItem> = {}): NeedStoryItem {
  return { kind: 'submitted', at: at('11-22T06:30:00Z'), title: '提交需求', detail: null, photos: [], actorName: '张阿姨', link: null, ...overrides }
}

export function profile(overrides: Partial<Profile> = {}): Profile {
  return {
    id: IDS.resident,
    handle: 'resident1',
    displayName: '张阿姨',
    communityId: IDS.community,
    communityName: 'A 社区',
    microGridId: IDS.microGrid,
    roles: ['resident'],
    ...overrides,
  }
}

export function similar(overrides: Partial<SimilarNeed> = {}): SimilarNeed {
  return {
    id: '6f1c1d52-8a0e-4a43-9b7c-0c6f1f2b9a11',
    refNo: 'HP-20261120-0003',
    title: '三号楼楼道灯不亮',
    category: 'facility_repair',
    status: 'submitted',
    followers: 2,
    following: false,
    mine: false,
    similarity: 0.6,
    createdAt: at('11-21T06:30:00Z'),
    ...overrides,
  }
}

/** A person as the person picker lists them (issue 11): found by name, never shown by id. */
export function person(overrides: Partial<Person> = {}): Person {
  return { id: IDS.staff, displayName: '陈主任', phoneMasked: '138****0004', microGridName: null, roles: ['staff'], ...overrides }
}

/** Signs a person in the way the app does: a token and the cached profile. */
export function signIn(who: Profile): void {
  storage.set('token', 'tok')
  storage.set('profile', JSON.stringify(who))
}

/** The three people of the street-level pages (admin, announcements): each package passes its own ids and street. */
export function signInAs(
  kind: 'street_admin' | 'staff' | 'resident',
  where: { id: string; streetId: string; streetName: string; communityId: string; communityName: string },
): void {
  const admin = kind === 'street_admin'
  signIn({
    id: where.id,
    handle: kind,
    displayName: admin ? '吴科长' : kind === 'staff' ? '陈主任' : '张阿姨',
    communityId: admin ? null : where.communityId,
    communityName: admin ? null : where.communityName,
    microGridId: null,
    streetId: where.streetId,
    streetName: where.streetName,
    roles: (admin ? ['admin'] : kind === 'staff' ? ['resident', 'staff'] : ['resident']) as AppRole[],
    adminStreetIds: admin ? [where.streetId] : [],
  })
}

/** A promise the test resolves or rejects when it chooses (to see a page while a request is in flight). */
export function deferred<T>() {
  let resolve!: (v: T) => void
  let reject!: (e: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}
