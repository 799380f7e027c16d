import { z } from 'zod'
import {
  ZAwardBeansRequest,
  ZAwardBeansResponse,
  ZBeansMeRequest,
  ZBeansMeResponse,
  ZBeansReportRequest,
  ZBeansReportResponse,
  ZCancelRedemptionRequest,
  ZCreateRewardRequest,
  ZCredit,
  ZHonourRollRequest,
  ZHonourRollResponse,
  ZListRedemptionsRequest,
  ZListRedemptionsResponse,
  ZListRewardsRequest,
  ZListRewardsResponse,
  ZRedeemRequest,
  ZRedeemResponse,
  ZRedemption,
  ZReward,
  ZVerifyRedemptionRequest,
  ZVerifyRedemptionResponse,
  type Redemption,
  type Reward,
} from '../../core/contracts'
import { ApiError, parseInput } from './errors'
import { request } from './request'

// Golden beans (金豆), rewards (积分兑换, 核销) and community credit (社区信用): issue 6.
// Inputs are checked with the server's own contracts first, so a bad form never costs a round trip and a
// local failure looks exactly like the server's 400 (ApiError with the field).

export type BeansPage = z.infer<typeof ZBeansMeResponse>
export type BeanMovement = BeansPage['movements'][number]
export type AwardInput = z.input<typeof ZAwardBeansRequest>
export type AwardResult = z.infer<typeof ZAwardBeansResponse>
export type CreateRewardInput = z.input<typeof ZCreateRewardRequest>
export type RedeemResult = z.infer<typeof ZRedeemResponse>
export type VerifyResult = z.infer<typeof ZVerifyRedemptionResponse>
export type Credit = z.infer<typeof ZCredit>
export type BeansReport = z.infer<typeof ZBeansReportResponse>
export type HonourRollEntry = z.infer<typeof ZHonourRollResponse>['items'][number]
/** One keyset page of a list: pass `nextCursor` back for the next one (null: no more). */
export interface Page<T> {
  items: T[]
  nextCursor: string | null
}

const enc = encodeURIComponent

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{8,100}$/

function checkKey(key: string): void {
  if (!IDEMPOTENCY_KEY.test(key)) throw new ApiError(400, 'validation', '请求编号（Idempotency-Key）格式不正确', 'Idempotency-Key')
}

/** Query strings carry only the parameters that are set: Taro would send `undefined` as text. */
function withQuery(path: string, params: Record<string, string | number | undefined>): string {
  const parts = Object.entries(params)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${enc(k)}=${enc(String(v))}`)
  return parts.length ? `${path}?${parts.join('&')}` : path
}

/** My balance and one page of movements, newest first; pass the previous page's nextCursor for the next. */
export async function getMyBeans(params: { cursor?: string; limit?: number } = {}): Promise<BeansPage> {
  const q = parseInput(ZBeansMeRequest, { cursor: params.cursor || undefined, limit: params.limit })
  return request({ path: withQuery('/api/beans/me', { cursor: q.cursor, limit: q.limit }), schema: ZBeansMeResponse })
}

/**
 * Staff award beans by hand with a reason (audited; never to themselves; a daily cap). With a key, resending
 * the same submission after a timeout awards once.
 */
export async function awardBeans(input: AwardInput, idempotencyKey?: string): Promise<AwardResult> {
  const body = parseInput(ZAwardBeansRequest, input)
  if (idempotencyKey !== undefined) checkKey(idempotencyKey)
  return request({
    method: 'POST', path: '/api/beans/award', data: body, schema: ZAwardBeansResponse,
    header: idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : undefined,
  })
}

export async function getBeansReport(communityId: string, month: string): Promise<BeansReport> {
  const q = parseInput(ZBeansReportRequest, { communityId, month })
  return request({ path: withQuery('/api/beans/report', q), schema: ZBeansReportResponse })
}

/** 光荣榜: most beans first; `limit` people a page (the server's default when left out). */
export async function getHonourRoll(communityId: string, month: string, params: { cursor?: string; limit?: number } = {}): Promise<Page<HonourRollEntry>> {
  const q = parseInput(ZHonourRollRequest, { communityId, month, cursor: params.cursor || undefined, limit: params.limit })
  return request({
    path: withQuery('/api/beans/honour-roll', { communityId: q.communityId, month: q.month, cursor: q.cursor, limit: params.limit === undefined ? undefined : q.limit }),
    schema: ZHonourRollResponse,
  })
}

/** One page of the rewards on offer, newest first; the caller's own community unless one is named. */
export async function listRewards(communityId?: string, cursor?: string): Promise<Page<Reward>> {
  const q = parseInput(ZListRewardsRequest, { communityId: communityId || undefined, cursor: cursor || undefined })
  return request({ path: withQuery('/api/rewards', { communityId: q.communityId, cursor: q.cursor }), schema: ZListRewardsResponse })
}

/** A reward on offer by id, looked up page by page (the list is the only read of rewards); null when not listed. */
export async function findReward(id: string, communityId?: string): Promise<Reward | null> {
  let cursor: string | undefined
  // a community offers tens of rewards: a bound keeps a vanished id from paging forever
  for (let i = 0; i < 20; i++) {
    const page = await listRewards(communityId, cursor)
    const found = page.items.find((r) => r.id === id)
    if (found) return found
    if (!page.nextCursor) return null
    cursor = page.nextCursor
  }
  return null
}

export async function createReward(input: CreateRewardInput): Promise<Reward> {
  const body = parseInput(ZCreateRewardRequest, input)
  return request({ method: 'POST', path: '/api/rewards', data: body, schema: ZReward })
}


/**
 * One key per 兑换 tap. Resending the same key returns the first redemption instead of a second debit,
 * so a retry after a timeout is always safe; the server refuses a key reused for another request (422), so a new
 * tap needs a new key. Math.random is enough: the server scopes keys per person and operation.
 */
export function newIdempotencyKey(prefix = 'redeem', now: number = Date.now()): string {
  const rand = Math.random().toString(36).slice(2, 12).padEnd(10, '0')
  return `${prefix}-${now.toString(36)}-${rand}`
}

export async function redeemReward(rewardId: string, idempotencyKey: string): Promise<RedeemResult> {
  const { id } = parseInput(ZRedeemRequest, { id: rewardId })
  checkKey(idempotencyKey)
  return request({
    method: 'POST', path: `/api/rewards/${enc(id)}/redeem`, data: {}, schema: ZRedeemResponse,
    header: { 'Idempotency-Key': idempotencyKey },
  })
}

/** One page of my redemptions, newest first. */
export async function listMyRedemptions(cursor?: string): Promise<Page<Redemption>> {
  const q = parseInput(ZListRedemptionsRequest, { cursor: cursor || undefined })
  return request({ path: withQuery('/api/redemptions', { cursor: q.cursor }), schema: ZListRedemptionsResponse })
}

/**
 * 核销: the reward's provider (or staff) enters the 6-digit pickup code, optionally naming the reward handed out.
 * Wrong codes are limited (then 429 with the seconds to wait, shown as the server's message).
 */
export async function verifyRedemption(code: string, rewardId?: string): Promise<VerifyResult> {
  const body = parseInput(ZVerifyRedemptionRequest, { code, rewardId })
  return request({ method: 'POST', path: '/api/redemptions/verify', data: body, schema: ZVerifyRedemptionResponse })
}

/** Cancels a reserved redemption; the beans come back and the stock is released. */
export async function cancelRedemption(id: string): Promise<Redemption> {
  const { id: rid } = parseInput(ZCancelRedemptionRequest, { id })
  return request({ method: 'POST', path: `/api/redemptions/${enc(rid)}/cancel`, data: {}, schema: ZRedemption })
}

export async function getMyCredit(): Promise<Credit> {
  return request({ path: '/api/credit/me', schema: ZCredit })
}
