import { z } from 'zod'
import { op } from './operation'
import { ZCursorParam, ZTimestamp, ZUuid, zIsoDateTime, zMonth, ZIdParams } from './common'

// ---------------------------------------------------------------------------------------------
// Golden beans (金豆), rewards and community credit (issue 6)
// ---------------------------------------------------------------------------------------------

export const BEAN_TRANSFER_KIND_LABELS = {
  award_shift: '志愿服务', award_manual: '社区奖励', award_meeting: '参加议事', award_need: '需求办结评价',
  award_talent: '推荐能人', redeem: '兑换', settle: '核销结算', refund: '退回', reversal: '冲正',
} as const
export type BeanTransferKind = keyof typeof BEAN_TRANSFER_KIND_LABELS

export const ZBeanMovement = z.object({
  id: z.number().int(),
  amount: z.number().int(),
  balanceAfter: z.number().int(),
  kind: z.enum(Object.keys(BEAN_TRANSFER_KIND_LABELS) as [BeanTransferKind, ...BeanTransferKind[]]),
  reason: z.string().nullable(),
  at: z.string(),
})
/**
 * Keyset paging (issue 14): an opaque cursor from the last page's `nextCursor`, and at most 50 rows a page
 * (default 20). A cursor the server did not hand out is a 400 naming `cursor`.
 */
const ZPageQuery = {
  cursor: ZCursorParam.optional(),
  limit: z.coerce.number({ error: '每页条数必须是数字' }).int({ error: '每页条数必须是整数' })
    .min(1, { error: '每页至少 1 条' }).max(50, { error: '每页最多 50 条' }).default(20),
}
const ZNextCursor = z.string().nullable()

export const ZBeansMeRequest = z.object({ ...ZPageQuery })
/** The balance and one page of movements, newest first. */
export const ZBeansMeResponse = z.object({ balance: z.number().int(), movements: z.array(ZBeanMovement), nextCursor: ZNextCursor })

export const ZAwardBeansRequest = z.object({
  profileId: ZUuid,
  amount: z.number({ error: '金豆数量必须是数字' }).int({ error: '金豆数量必须是整数' }).min(1, { error: '至少发放 1 个金豆' }).max(10000, { error: '一次最多发放 10000 个金豆' }),
  reason: z.string({ error: '请填写发放理由' }).trim().min(2, { error: '发放理由至少 2 个字' }).max(200),
})
export const ZAwardBeansResponse = z.object({ transferId: ZUuid, amount: z.number().int(), balance: z.number().int() })

export const LIMIT_PERIODS = ['day', 'week', 'month', 'once'] as const
export const LIMIT_PERIOD_LABELS = { day: '每天', week: '每周', month: '每月', once: '每人限' } as const

export const ZCreateRewardRequest = z.object({
  title: z.string({ error: '请填写名称' }).trim().min(2, { error: '名称至少 2 个字' }).max(40, { error: '名称最多 40 个字' }),
  description: z.string().trim().max(500).optional(),
  priceBeans: z.number({ error: '所需金豆必须是数字' }).int().min(1, { error: '至少需要 1 个金豆' }).max(1000000),
  stock: z.number({ error: '库存必须是数字' }).int().min(0, { error: '库存不能为负数' }).max(100000),
  perPersonLimit: z.object({
    count: z.number().int().min(1, { error: '次数至少为 1' }).max(1000),
    period: z.enum(LIMIT_PERIODS, { error: '限制周期只能是每天、每周、每月或总共' }),
  }).optional(),
  validUntil: zIsoDateTime().optional(),
  minCreditLevel: z.number().int().min(0).max(4).optional(),
})
export const ZReward = z.object({
  id: ZUuid,
  communityId: ZUuid,
  providerId: ZUuid,
  providerName: z.string(),
  title: z.string(),
  description: z.string(),
  priceBeans: z.number().int(),
  stock: z.number().int(),
  perPersonLimit: z.number().int().nullable(),
  limitPeriod: z.enum(LIMIT_PERIODS).nullable(),
  validFrom: z.string(),
  validUntil: z.string().nullable(),
  minCreditLevel: z.number().int(),
  status: z.enum(['active', 'archived']),
  createdAt: ZTimestamp,
})
export type Reward = z.infer<typeof ZReward>
export const ZListRewardsRequest = z.object({ communityId: ZUuid.optional(), ...ZPageQuery })
/** Active rewards still valid, newest first. */
export const ZListRewardsResponse = z.object({ items: z.array(ZReward), nextCursor: ZNextCursor })

export const ZRedemption = z.object({
  id: ZUuid,
  rewardId: ZUuid,
  rewardTitle: z.string(),
  profileId: ZUuid,
  status: z.enum(['reserved', 'verified', 'cancelled', 'expired']),
  /** the pickup code: only for the person who redeemed */
  code: z.string().nullable(),
  priceBeans: z.number().int(),
  expiresAt: z.string(),
  verifiedAt: z.string().nullable(),
  createdAt: ZTimestamp,
})
export type Redemption = z.infer<typeof ZRedemption>
export const ZRedeemResponse = ZRedemption.extend({ qrSvg: z.string().nullable() })
export const ZVerifyRedemptionRequest = z.object({
  code: z.string({ error: '请输入 6 位兑换码' }).trim().regex(/^[0-9]{6}$/, { error: '请输入 6 位数字兑换码' }),
  /** the reward being handed out, when the provider picked it: wrong codes then count against that reward */
  rewardId: ZUuid.optional(),
})
export const ZVerifyRedemptionResponse = ZRedemption.extend({ holderName: z.string() })
export const ZListRedemptionsRequest = z.object({ ...ZPageQuery })
/** Mine, newest first. */
export const ZListRedemptionsResponse = z.object({ items: z.array(ZRedemption), nextCursor: ZNextCursor })

/** The labels of the credit terms app.credit returns (supabase/migrations/20261201000500_beans.sql). */
export const CREDIT_TERM_KEYS = ['beans', 'hours', 'contribution_cap', 'integrity_base', 'no_shows', 'late_cancels', 'rating', 'integrity_bounds'] as const
/** One term of the score as the database computed it: the points of all terms sum to the score. */
export const ZCreditTerm = z.object({
  key: z.enum(CREDIT_TERM_KEYS),
  part: z.enum(['contribution', 'integrity']),
  inputs: z.record(z.string(), z.number()),
  points: z.number().int(),
})
export type CreditTerm = z.infer<typeof ZCreditTerm>
export const ZCredit = z.object({
  score: z.number().int(),
  level: z.number().int(),
  levelName: z.string(),
  contribution: z.number().int(),
  integrity: z.number().int(),
  inputs: z.object({
    beans12m: z.number(),
    hours12m: z.number(),
    noShows: z.number().int(),
    lateCancels: z.number().int(),
    avgRating: z.number().nullable(),
  }),
  terms: z.array(ZCreditTerm),
  /** the terms in words, one line per part and one for the total */
  explanation: z.array(z.string()),
})

export const ZBeansReportRequest = z.object({
  communityId: ZUuid,
  month: zMonth(),
})
export const ZBeansReportResponse = z.object({
  communityId: ZUuid,
  month: z.string(),
  issued: z.number().int(),
  redeemed: z.number().int(),
  refunded: z.number().int(),
  outstanding: z.number().int(),
  inEscrow: z.number().int(),
})
export const ZHonourRollRequest = z.object({ communityId: ZUuid, month: ZBeansReportRequest.shape.month, ...ZPageQuery })
/** Most beans first; ties by name. */
export const ZHonourRollResponse = z.object({ items: z.array(z.object({ displayName: z.string(), beans: z.number().int() })), nextCursor: ZNextCursor })

export const beansOps = {
  beansMe: op({
    id: 'beansMe', method: 'GET', path: '/api/beans/me', auth: 'required', tags: ['beans'],
    summary: '我的金豆：余额与流水（分页）',
    query: ZBeansMeRequest, responses: { 200: ZBeansMeResponse },
  }),
  awardBeans: op({
    id: 'awardBeans', method: 'POST', path: '/api/beans/award', auth: 'required', tags: ['beans'],
    summary: '手动发放金豆（社区工作者；须说明理由，不能发给自己，每日有上限；可带 Idempotency-Key）',
    body: ZAwardBeansRequest, responses: { 201: ZAwardBeansResponse },
  }),
  beansReport: op({
    id: 'beansReport', method: 'GET', path: '/api/beans/report', auth: 'required', tags: ['beans'],
    summary: '月度金豆报表：发放、兑换、余额（社区工作者）',
    query: ZBeansReportRequest, responses: { 200: ZBeansReportResponse },
  }),
  honourRoll: op({
    id: 'honourRoll', method: 'GET', path: '/api/beans/honour-roll', auth: 'required', tags: ['beans'],
    summary: '本月光荣榜（本人同意公开的居民）',
    query: ZHonourRollRequest, responses: { 200: ZHonourRollResponse },
  }),
  listRewards: op({
    id: 'listRewards', method: 'GET', path: '/api/rewards', auth: 'required', tags: ['beans'],
    summary: '可兑换的服务和物品',
    query: ZListRewardsRequest, responses: { 200: ZListRewardsResponse },
  }),
  createReward: op({
    id: 'createReward', method: 'POST', path: '/api/rewards', auth: 'required', tags: ['beans'],
    summary: '发布兑换项目（驻区单位、社区工作者）',
    body: ZCreateRewardRequest, responses: { 201: ZReward },
  }),
  redeemReward: op({
    id: 'redeemReward', method: 'POST', path: '/api/rewards/{id}/redeem', auth: 'required', tags: ['beans'],
    summary: '兑换（须带 Idempotency-Key 请求头；返回 6 位兑换码和二维码）',
    params: ZIdParams, responses: { 201: ZRedeemResponse },
  }),
  myRedemptions: op({
    id: 'myRedemptions', method: 'GET', path: '/api/redemptions', auth: 'required', tags: ['beans'],
    summary: '我的兑换记录',
    query: ZListRedemptionsRequest, responses: { 200: ZListRedemptionsResponse },
  }),
  verifyRedemption: op({
    id: 'verifyRedemption', method: 'POST', path: '/api/redemptions/verify', auth: 'required', tags: ['beans'],
    summary: '核销兑换码（兑换项目的提供方）',
    body: ZVerifyRedemptionRequest, responses: { 200: ZVerifyRedemptionResponse },
  }),
  cancelRedemption: op({
    id: 'cancelRedemption', method: 'POST', path: '/api/redemptions/{id}/cancel', auth: 'required', tags: ['beans'],
    summary: '取消兑换，退回金豆',
    params: ZIdParams, responses: { 200: ZRedemption },
  }),
  creditMe: op({
    id: 'creditMe', method: 'GET', path: '/api/credit/me', auth: 'required', tags: ['beans'],
    summary: '我的社区信用（贡献 + 诚信）及计算说明',
    responses: { 200: ZCredit },
  }),
  cronBeans: op({
    id: 'cronBeans', method: 'GET', path: '/api/cron/beans', auth: 'cron', tags: ['cron'],
    summary: '定时任务：过期未核销的兑换退回金豆',
    responses: { 200: z.object({ expired: z.number().int() }) },
  }),
} as const
