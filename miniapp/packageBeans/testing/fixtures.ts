/** Fixtures for the component tests of the golden-bean pages (issue 6). Test-only: imported by *.test.ts(x). */
import type { AppRole, Redemption, Reward } from '../../../core/contracts'
import type { BeanMovement, Credit, RedeemResult, VerifyResult } from '../../services/beans'
import { signIn } from '../../testing/fixtures'

export { deferred } from '../../testing/fixtures'

export const COMMUNITY_A = '20000000-0000-4000-8000-00000000000a'
export const ME = '50000000-0000-4000-8000-000000000008'
export const UNIT = '50000000-0000-4000-8000-000000000009'
export const REWARD_ID = '3a1c1d52-8a0e-4a43-9b7c-0c6f1f2b9a01'
export const REWARD_2 = '3a1c1d52-8a0e-4a43-9b7c-0c6f1f2b9a02'
export const REDEMPTION_ID = '4b1c1d52-8a0e-4a43-9b7c-0c6f1f2b9a01'

/** A tiny but real SVG like the server's (qrcode's output starts the same way). */
export const QR_SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 23 23" shape-rendering="crispEdges"><path fill="#ffffff" d="M0 0h23v23H0z"/></svg>'

/** Logs a person in the way the app does: a token and the cached profile. */
export function loginAs(roles: AppRole[], communityId: string | null = COMMUNITY_A): void {
  signIn({ id: ME, handle: 'talent1', displayName: '周师傅', communityId, communityName: communityId ? 'A 社区' : null, microGridId: null, roles })
}


export function movement(overrides: Partial<BeanMovement> = {}): BeanMovement {
  return { id: 10, amount: 100, balanceAfter: 100, kind: 'award_manual', reason: '帮助社区搬运物资', at: '2024-11-22T06:30:00Z', ...overrides }
}

export function reward(overrides: Partial<Reward> = {}): Reward {
  return {
    id: REWARD_ID,
    communityId: COMMUNITY_A,
    providerId: UNIT,
    providerName: '红星物业',
    title: '免费理发一次',
    description: '周三下午在物业活动室',
    priceBeans: 30,
    stock: 5,
    perPersonLimit: null,
    limitPeriod: null,
    validFrom: '2024-11-01T00:00:00Z',
    validUntil: null,
    minCreditLevel: 0,
    status: 'active',
    createdAt: '2024-11-01T00:00:00Z',
    ...overrides,
  }
}

export function redemption(overrides: Partial<Redemption> = {}): Redemption {
  return {
    id: REDEMPTION_ID,
    rewardId: REWARD_ID,
    rewardTitle: '免费理发一次',
    profileId: ME,
    status: 'reserved',
    code: '123456',
    priceBeans: 30,
    expiresAt: '2024-12-22T06:30:00Z',
    verifiedAt: null,
    createdAt: '2024-11-22T06:30:00Z',
    ...overrides,
  }
}

export function redeemed(overrides: Partial<RedeemResult> = {}): RedeemResult {
  return { ...redemption(), qrSvg: QR_SVG, ...overrides }
}

export function verified(overrides: Partial<VerifyResult> = {}): VerifyResult {
  return { ...redemption({ status: 'verified', code: null, verifiedAt: '2024-11-23T02:00:00Z' }), holderName: '周师傅', ...overrides }
}

export function credit(overrides: Partial<Credit> = {}): Credit {
  return {
    score: 62,
    level: 3,
    levelName: '优秀',
    contribution: 30,
    integrity: 32,
    inputs: { beans12m: 200, hours12m: 5, noShows: 1, lateCancels: 0, avgRating: 3 },
    terms: [
      { key: 'beans', part: 'contribution', inputs: { beans: 200 }, points: 20 },
      { key: 'hours', part: 'contribution', inputs: { hours: 5 }, points: 10 },
      { key: 'integrity_base', part: 'integrity', inputs: {}, points: 40 },
      { key: 'no_shows', part: 'integrity', inputs: { count: 1 }, points: -8 },
      { key: 'late_cancels', part: 'integrity', inputs: { count: 0 }, points: 0 },
      { key: 'rating', part: 'integrity', inputs: { avgRating: 3 }, points: 0 },
    ],
    explanation: [
      '贡献分 30/60：近 12 个月获得 200 个金豆（每 10 个计 1 分）+20 分，服务 5 小时（每小时计 2 分）+10 分',
      '诚信分 32/40：基础分 +40 分，未到岗 1 次（每次扣 8 分）−8 分，临时取消 0 次（每次扣 4 分）0 分，收到的服务评价平均 3 星（比 3 星每高或低 1 星，加或减 2 分）0 分',
      '总分 62，等级「优秀」（40 分良好，60 分优秀，80 分模范）',
    ],
    ...overrides,
  }
}
