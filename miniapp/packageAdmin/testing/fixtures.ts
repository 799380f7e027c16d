/** Fixtures for the 管理 pages (issue 11). Test-only: imported by *.test.ts(x). Shapes follow core/contracts/admin.ts. */
import type { AuditEntry, Community, CommunityStructure, CreateInvitationResponse, Grid, Invitation, Member, MicroGrid, PartyOrg, Person } from '../../../core/contracts'
import { signInAs } from '../../testing/fixtures'

export { deferred } from '../../testing/fixtures'

export const STREET = '10000000-0000-4000-8000-000000000001'
export const COMMUNITY_A = '20000000-0000-4000-8000-00000000000a'
export const COMMUNITY_B = '20000000-0000-4000-8000-00000000000b'
export const GRID_1 = '30000000-0000-4000-8000-000000000001'
export const GRID_2 = '30000000-0000-4000-8000-000000000002'
export const MICRO_1 = '40000000-0000-4000-8000-0000000000a1'
export const ME = '50000000-0000-4000-8000-000000000010'
export const PERSON = '50000000-0000-4000-8000-000000000003'
export const INVITATION_ID = '60000000-0000-4000-8000-000000000001'
export const ORG_STREET = '70000000-0000-4000-8000-000000000001'
export const ORG_COMMUNITY = '70000000-0000-4000-8000-000000000002'
export const ORG_GRID = '70000000-0000-4000-8000-000000000003'
export const ORG_BUILDING = '70000000-0000-4000-8000-000000000004'

export const QR_SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 23 23" shape-rendering="crispEdges"><path fill="#ffffff" d="M0 0h23v23H0z"/></svg>'

/** Logs in as the app does (a token and the cached profile). */
export function loginAs(kind: 'street_admin' | 'staff' | 'resident'): void {
  signInAs(kind, { id: ME, streetId: STREET, streetName: '鼓楼街道', communityId: COMMUNITY_A, communityName: '和平社区' })
}

export function community(overrides: Partial<Community> = {}): Community {
  return {
    id: COMMUNITY_A,
    streetId: STREET,
    streetName: '鼓楼街道',
    name: '和平社区',
    code: '320106-01-A1-001',
    seq: 1,
    scale: 'general',
    function: 'urban',
    subtype: 'commercial_housing',
    branchSecretaryLeadsGrid: true,
    servicePhone: '025-84561234',
    refPrefix: 'HP',
    archived: false,
    archivedAt: null,
    gridCount: 2,
    microGridCount: 5,
    memberCount: 120,
    createdAt: '2024-11-01T02:00:00Z',
    ...overrides,
  }
}

export function microGrid(overrides: Partial<MicroGrid> = {}): MicroGrid {
  return { id: MICRO_1, gridId: GRID_1, name: '1号楼', households: 60, warnings: [], ...overrides }
}

export function grid(overrides: Partial<Grid> = {}): Grid {
  return {
    id: GRID_1,
    communityId: COMMUNITY_A,
    name: '第一网格',
    kind: 'comprehensive',
    households: 400,
    warnings: [],
    leaderName: '李书记',
    workerNames: ['赵网格'],
    ...overrides,
  }
}

export function structure(overrides: Partial<CommunityStructure> = {}): CommunityStructure {
  return { community: community(), grids: [{ ...grid(), microGrids: [microGrid()] }], ...overrides }
}

export function partyOrg(overrides: Partial<PartyOrg> = {}): PartyOrg {
  return {
    id: ORG_STREET,
    parentId: null,
    level: 'street_committee',
    name: '鼓楼街道党工委',
    streetId: STREET,
    communityId: null,
    gridId: null,
    gridName: null,
    microGridId: null,
    microGridName: null,
    secretaryId: null,
    secretaryName: null,
    ...overrides,
  }
}

export function partyTree(): PartyOrg[] {
  return [
    partyOrg({ secretaryId: ME, secretaryName: '吴科长' }),
    partyOrg({ id: ORG_COMMUNITY, parentId: ORG_STREET, level: 'community_committee', name: '和平社区党委', communityId: COMMUNITY_A }),
    partyOrg({ id: ORG_GRID, parentId: ORG_COMMUNITY, level: 'grid_branch', name: '第一网格党支部', communityId: COMMUNITY_A, gridId: GRID_1, gridName: '第一网格', secretaryId: PERSON, secretaryName: '李书记' }),
  ]
}

export function invitation(overrides: Partial<Invitation> = {}): Invitation {
  return {
    id: INVITATION_ID,
    code: 'ABCD2345',
    role: 'staff',
    communityId: COMMUNITY_A,
    communityName: '和平社区',
    gridId: null,
    gridName: null,
    unitName: null,
    partnerType: null,
    status: 'pending',
    expiresAt: '2024-11-29T02:00:00Z',
    createdAt: '2024-11-22T02:00:00Z',
    createdByName: '陈主任',
    acceptedByName: null,
    acceptedAt: null,
    ...overrides,
  }
}

export function created(overrides: Partial<CreateInvitationResponse> = {}): CreateInvitationResponse {
  return { ...invitation(), qrSvg: QR_SVG, link: '/packageJoin/pages/accept/index?code=ABCD2345', miniProgramCode: null, ...overrides }
}

export function member(overrides: Partial<Member> = {}): Member {
  return {
    profileId: PERSON,
    displayName: '张阿姨',
    phoneMasked: '138****0001',
    communityId: COMMUNITY_A,
    communityName: '和平社区',
    microGridId: MICRO_1,
    microGridName: '1号楼',
    roles: ['resident'],
    gridNames: [],
    unitName: null,
    joinedAt: '2024-11-02T02:00:00Z',
    suspended: false,
    suspendedReason: null,
    canSuspend: false,
    ...overrides,
  }
}

export function person(overrides: Partial<Person> = {}): Person {
  return { id: PERSON, displayName: '李书记', phoneMasked: '139****0002', microGridName: '1号楼', roles: ['resident', 'party_member'], ...overrides }
}

export function auditEntry(overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    id: '101',
    at: '2024-11-22T06:30:00Z',
    action: 'role.granted',
    actorName: '陈主任',
    communityId: COMMUNITY_A,
    communityName: '和平社区',
    targetName: '赵网格',
    detail: { role: 'grid_worker' },
    ...overrides,
  }
}

/** What the page passed to Taro.showModal (the mock takes no declared parameters). */
export function modalArgs(mock: { mock: { calls: unknown[][] } }, i = 0): { title?: string; content?: string; confirmText?: string } {
  return (mock.mock.calls[i]?.[0] ?? {}) as { title?: string; content?: string; confirmText?: string }
}
