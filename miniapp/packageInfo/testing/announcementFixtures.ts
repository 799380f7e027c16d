/** Fixtures for the 信息发布 pages (issue 12). Test-only. Shapes follow core/contracts/announcements.ts. */
import type { Announcement } from '../../../core/contracts'
import { signInAs } from '../../testing/fixtures'

export { deferred } from '../../testing/fixtures'

export const STREET = '10000000-0000-4000-8000-000000000001'
export const COMMUNITY_A = '20000000-0000-4000-8000-00000000000a'
export const GRID_1 = '30000000-0000-4000-8000-0000000000a1'
export const GRID_2 = '30000000-0000-4000-8000-0000000000a2'
export const ANN_1 = '80000000-0000-4000-8000-000000000001'
export const ANN_2 = '80000000-0000-4000-8000-000000000002'
export const ANN_3 = '80000000-0000-4000-8000-000000000003'
export const ANN_4 = '80000000-0000-4000-8000-000000000004'
export const ME = '50000000-0000-4000-8000-000000000004'
export const IMAGE_KEY = `shifts/${ME}/00000000-0000-4000-8000-000000000001.jpg`

export function loginAs(kind: 'street_admin' | 'staff' | 'resident'): void {
  signInAs(kind, { id: ME, streetId: STREET, streetName: '幸福街道', communityId: COMMUNITY_A, communityName: '和平社区' })
}

export function announcement(overrides: Partial<Announcement> = {}): Announcement {
  return {
    id: ANN_1,
    scope: 'community',
    streetId: STREET,
    communityId: COMMUNITY_A,
    communityName: '和平社区',
    gridId: null,
    gridName: null,
    title: '停水通知',
    body: '明天上午 8 点到 12 点停水。\n请提前储水。',
    images: [],
    pinned: false,
    expiresAt: null,
    createdAt: '2024-11-22T02:00:00.000000Z',
    withdrawnAt: null,
    authorName: '陈主任',
    status: 'active',
    canManage: false,
    ...overrides,
  }
}

