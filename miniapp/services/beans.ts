import type { z } from 'zod'
import { ops, type Redemption, type Reward } from '../../core/contracts'
import { api } from './client'
import { ApiError } from './errors'

// Golden beans (金豆), rewards (积分兑换, 核销) and community credit (社区信用): issue 6.
// Every call goes through the client derived from the contract (client.ts), which checks each part with the server's
// own schemas first, so a bad form never costs a round trip and a local failure looks exactly like the server's 400.

export type BeansPage = z.infer<typeof ops.beansMe.response>
export type BeanMovement = BeansPage['movements'][number]
export type AwardInput = z.input<typeof ops.awardBeans.body>
export type AwardResult = z.infer<typeof ops.awardBeans.response>
export type CreateRewardInput = z.input<typeof ops.createReward.body>
export type RedeemResult = z.infer<typeof ops.redeemReward.response>
export type VerifyResult = z.infer<typeof ops.verifyRedemption.response>
export type Credit = z.infer<typeof ops.creditMe.response>
export type BeansReport = z.infer<typeof ops.beansReport.response>
export type HonourRollEntry = z.infer<typeof ops.honourRoll.response>['items'][number]
/** One keyset page of a list: pass `nextCursor` back for the next one (null: no more). */
export interface Page<T> {
  items: T[]
  nextCursor: string | null
}

/** The movements per page when none is asked for: always sent, so every first page is the same request. */
const BEANS_PAGE_DEFAULT = 20

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{8,100}$/

function checkKey(key: string): void {
  if (!IDEMPOTENCY_KEY.test(key)) throw new ApiError(400, 'validation', '请求编号（Idempotency-Key）格式不正确', 'Idempotency-Key')
}

/** My balance and one page of movements, newest first; pass the previous page's nextCursor for the next. */
export const getMyBeans = (params: { cursor?: string; limit?: number } = {}): Promise<BeansPage> =>
  api.beans.beansMe({ query: { cursor: params.cursor || undefined, limit: params.limit ?? BEANS_PAGE_DEFAULT } })

/**
 * Staff award beans by hand with a reason (audited; never to themselves; a daily cap). With a key, resending
 * the same submission after a timeout awards once.
 */
export async function awardBeans(input: AwardInput, idempotencyKey?: string): Promise<AwardResult> {
  if (idempotencyKey !== undefined) checkKey(idempotencyKey)
  return api.beans.awardBeans({ body: input, header: idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : undefined })
}

export const getBeansReport = (communityId: string, month: string): Promise<BeansReport> =>
  api.beans.beansReport({ query: { communityId, month } })

/** 光荣榜: most beans first; `limit` people a page (the server's default when left out). */
export const getHonourRoll = (communityId: string, month: string, params: { cursor?: string; limit?: number } = {}): Promise<Page<HonourRollEntry>> =>
  api.beans.honourRoll({ query: { communityId, month, cursor: params.cursor || undefined, limit: params.limit } })

/** One page of the rewards on offer, newest first; the caller's own community unless one is named. */
export const listRewards = (communityId?: string, cursor?: string): Promise<Page<Reward>> =>
  api.beans.listRewards({ query: { communityId: communityId || undefined, cursor: cursor || undefined } })

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

export const createReward = (input: CreateRewardInput): Promise<Reward> => api.beans.createReward({ body: input })

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
  checkKey(idempotencyKey)
  return api.beans.redeemReward({ params: { id: rewardId }, header: { 'Idempotency-Key': idempotencyKey } })
}

/** One page of my redemptions, newest first. */
export const listMyRedemptions = (cursor?: string): Promise<Page<Redemption>> =>
  api.beans.myRedemptions({ query: { cursor: cursor || undefined } })

/**
 * 核销: the reward's provider (or staff) enters the 6-digit pickup code, optionally naming the reward handed out.
 * Wrong codes are limited (then 429 with the seconds to wait, shown as the server's message).
 */
export const verifyRedemption = (code: string, rewardId?: string): Promise<VerifyResult> =>
  api.beans.verifyRedemption({ body: { code, rewardId } })

/** Cancels a reserved redemption; the beans come back and the stock is released. */
export const cancelRedemption = (id: string): Promise<Redemption> => api.beans.cancelRedemption({ params: { id } })

export const getMyCredit = (): Promise<Credit> => api.beans.creditMe()
