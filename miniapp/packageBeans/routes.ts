/** Page URLs of the golden-bean flows (issue 6), kept apart from utils/routes.ts so features never collide. */
export const BEANS_ROUTES = {
  /** 金豆: balance, history, how to earn */
  beans: '/packageBeans/pages/beans/index',
  /** 兑换: the reward catalogue */
  rewards: '/packageBeans/pages/rewards/index',
  /** 我的兑换: pickup codes */
  redemptions: '/packageBeans/pages/redemptions/index',
  /** 核销: providers and staff verify a pickup code */
  verify: '/packageBeans/pages/verify/index',
  /** 信用: community credit */
  credit: '/packageBeans/pages/credit/index',
  /** 发放金豆 (staff); ?profileId= fills in the person */
  award: (profileId?: string) =>
    `/packageBeans/pages/award/index${profileId ? `?profileId=${encodeURIComponent(profileId)}` : ''}`,
  /** 发布兑换 (units, staff) */
  createReward: '/packageBeans/pages/reward-create/index',
} as const
