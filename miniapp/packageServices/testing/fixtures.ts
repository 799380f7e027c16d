/** Fixtures for the component tests of the service flows (issue 4). Test-only: imported by *.test.tsx. */
import type { AppRole, Proposal, Resource, ServiceProject, ServiceProjectDetail } from '../../../core/contracts'
import { signIn } from '../../testing/fixtures'

export { deferred } from '../../testing/fixtures'

export const COMMUNITY_A = '20000000-0000-4000-8000-00000000000a'
export const PROJECT_ID = '7a1c1d52-8a0e-4a43-9b7c-0c6f1f2b9a01'
export const NEED_ID = '6f1c1d52-8a0e-4a43-9b7c-0c6f1f2b9a01'
export const RESOURCE_ID = '5e1c1d52-8a0e-4a43-9b7c-0c6f1f2b9a01'

/** Logs a person in the way the app does: a token and the cached profile. */
export function loginAs(roles: AppRole[], communityId: string | null = COMMUNITY_A): void {
  signIn({
    id: '0b7f8f34-4f0e-4a43-9b7c-0c6f1f2b9a03',
    handle: 'someone',
    displayName: '测试用户',
    communityId,
    communityName: communityId ? 'A 社区' : null,
    microGridId: null,
    roles,
  })
}


export function proposal(overrides: Partial<Proposal> = {}): Proposal {
  return {
    id: '8b1c1d52-8a0e-4a43-9b7c-0c6f1f2b9a01',
    runId: '9c1c1d52-8a0e-4a43-9b7c-0c6f1f2b9a01',
    needId: NEED_ID,
    needTitle: '3单元楼道灯不亮',
    needCategory: 'facility_repair',
    resourceId: RESOURCE_ID,
    resourceTitle: '水电维修队',
    publisherName: '红星物业',
    score: 8750,
    reasons: ['类别完全对口', '同一网格'],
    status: 'open',
    ...overrides,
  }
}

export function project(overrides: Partial<ServiceProject> = {}): ServiceProject {
  return {
    id: PROJECT_ID,
    communityId: COMMUNITY_A,
    needId: NEED_ID,
    needRefNo: 'HP-20241122-0007',
    needTitle: '3单元楼道灯不亮',
    needCategory: 'facility_repair',
    needStatus: 'triaged',
    resourceId: RESOURCE_ID,
    resourceTitle: '水电维修队',
    publisherName: '红星物业',
    origin: 'proposal',
    status: 'proposed',
    score: 8750,
    reasons: ['类别完全对口', '同一网格'],
    unitConfirmed: false,
    communityConfirmed: true,
    beneficiaries: null,
    rating: null,
    ratingComment: null,
    cancelReason: null,
    createdAt: '2024-11-22T06:30:00Z',
    updatedAt: '2024-11-22T06:30:00Z',
    ...overrides,
  }
}

export function detail(overrides: Partial<ServiceProjectDetail> = {}): ServiceProjectDetail {
  return {
    ...project(),
    progress: [],
    canConfirm: false,
    canManage: false,
    canEvaluate: false,
    contactName: null,
    contactPhone: null,
    needContactName: null,
    needContactPhone: null,
    needAddress: null,
    ...overrides,
  }
}

export function resource(overrides: Partial<Resource> = {}): Resource {
  return {
    id: RESOURCE_ID,
    title: '水电维修队',
    description: '上门维修水电',
    kind: 'social',
    partnerType: 'property',
    categories: ['facility_repair'],
    capacity: 5,
    period: 'month',
    load: 1,
    communityId: COMMUNITY_A,
    communityIds: [COMMUNITY_A],
    gridIds: [],
    availability: [],
    publisherId: '0b7f8f34-4f0e-4a43-9b7c-0c6f1f2b9a09',
    publisherName: '红星物业',
    status: 'active',
    contactName: null,
    contactPhone: null,
    mine: false,
    createdAt: '2024-11-22T06:30:00Z',
    ...overrides,
  }
}
