/** Fixtures for the 信息发布 pages (issue 12). Test-only. Shapes follow core/contracts/announcements.ts. */
import type { Announcement, AppRole } from '../../../core/contracts'
import { storage } from '../../testing/taroMock'

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
  storage.set('token', 'tok')
  storage.set('profile', JSON.stringify({
    id: ME,
    handle: kind,
    displayName: kind === 'street_admin' ? '吴科长' : kind === 'staff' ? '陈主任' : '张阿姨',
    communityId: kind === 'street_admin' ? null : COMMUNITY_A,
    communityName: kind === 'street_admin' ? null : '和平社区',
    microGridId: null,
    streetId: STREET,
    streetName: '幸福街道',
    roles: (kind === 'street_admin' ? ['admin'] : kind === 'staff' ? ['resident', 'staff'] : ['resident']) as AppRole[],
    adminStreetIds: kind === 'street_admin' ? [STREET] : [],
  }))
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

export function deferred<T>() {
  let resolve!: (v: T) => void
  let reject!: (e: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}
