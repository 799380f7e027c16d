import { renderTemplate, TEMPLATE_GROUP_ENV, TEMPLATE_GROUPS, type TemplateGroup } from '../../core/notify/templates'
import type { Context } from './context'
import type { Gateway } from './db/types'
import { SERVICE_CLAIMS } from './db/types'
import type { Env } from './env'
import { createAccessTokens, type AccessTokens } from './wechat'

export interface OutboxItem {
  id: number
  profileId: string
  openid: string | null
  kind: string
  payload: Record<string, unknown>
  attempts: number
  /** when the event happened (the row's time); the message's time field for events without one of their own */
  createdAt?: string
}

export type SendResult = { status: 'sent' | 'skipped' | 'failed' | 'retry'; error?: string }

/**
 * A person's one-time subscribe-message allowances (public.notification_subscriptions): `take` spends one before a
 * send (false = none), `giveBack` returns it when WeChat did not deliver, `clear` zeroes a group WeChat says is empty.
 */
export interface SubscriptionCredits {
  take(profileId: string, group: TemplateGroup): Promise<boolean>
  giveBack(profileId: string, group: TemplateGroup): Promise<void>
  clear(profileId: string, group: TemplateGroup): Promise<void>
}

export function dbCredits(db: Gateway): SubscriptionCredits {
  const call = (profileId: string, group: TemplateGroup, op: 'take' | 'give_back' | 'clear') =>
    db.rpc<boolean>('subscription_credit', { p_profile_id: profileId, p_group: group, p_op: op }, SERVICE_CLAIMS)
  return {
    take: async (id, g) => (await call(id, g, 'take')) === true,
    giveBack: async (id, g) => void (await call(id, g, 'give_back')),
    clear: async (id, g) => void (await call(id, g, 'clear')),
  }
}

/** Delivers one outbox item. The WeChat adapter below is the production one; others may follow (SMS). */
export interface Notifier {
  send(item: OutboxItem, credits: SubscriptionCredits): Promise<SendResult>
}

/**
 * Drains up to `limit` due notifications; safe to run from several places at once (rows are claimed). Runs from the
 * cron, never inside an event's request: a slow or failing WeChat delays messages, not the event. A `retry` goes
 * back to pending with a later `next_attempt_at` (notification_mark backs off, and fails it after 6 attempts).
 */
export async function drainOutbox(ctx: Pick<Context, 'db'>, notifier: Notifier, limit: number) {
  const counts = { sent: 0, skipped: 0, failed: 0, retry: 0 }
  const credits = dbCredits(ctx.db)
  const batch = await ctx.db.rpc<OutboxItem[]>('notifications_claim', { p_limit: limit }, SERVICE_CLAIMS)
  for (const item of batch) {
    let r: SendResult
    try {
      r = await notifier.send(item, credits)
    } catch (e) {
      r = { status: 'retry', error: e instanceof Error ? e.message : String(e) }
    }
    counts[r.status]++
    await ctx.db.rpc('notification_mark', { p_id: item.id, p_status: r.status === 'retry' ? 'pending' : r.status, p_error: r.error ?? null }, SERVICE_CLAIMS)
  }
  return counts
}

type TemplateEnv = Partial<Pick<Env, (typeof TEMPLATE_GROUP_ENV)[TemplateGroup]>>

/** The configured template id per group (null where none is set): what the mini-program asks the person to allow. */
export function templateIds(env: TemplateEnv): Record<TemplateGroup, string | null> {
  return Object.fromEntries(TEMPLATE_GROUPS.map((g) => [g, env[TEMPLATE_GROUP_ENV[g]] ?? null])) as Record<TemplateGroup, string | null>
}

const STALE_TOKEN = new Set([40001, 42001, 40014])
// 47003 bad data, 40003 bad openid, 40037 bad template: retrying will not help
const FINAL = new Set([47003, 40003, 40037])

/**
 * WeChat subscribe messages (`POST /cgi-bin/message/subscribe/send`) with the shared access token
 * (`GET /cgi-bin/token`, refreshed once when WeChat calls it stale). Skipped, with the reason kept on the row (the
 * inbox still has it): a kind without a template, WeChat or the group's template not configured, no openid (demo
 * users), no allowance left (credits), or WeChat saying the person has none (43101).
 */
export function createWechatNotifier(
  env: Pick<Env, 'WECHAT_APPID' | 'WECHAT_SECRET' | 'WECHAT_API_BASE'> & TemplateEnv,
  tokens: AccessTokens = createAccessTokens(env),
): Notifier {
  const base = env.WECHAT_API_BASE
  const ids = templateIds(env)

  async function post(message: unknown, tok: string) {
    const url = new URL('/cgi-bin/message/subscribe/send', base)
    url.searchParams.set('access_token', tok)
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(message),
      signal: AbortSignal.timeout(5000),
    })
    return (await res.json()) as { errcode: number; errmsg: string }
  }

  return {
    async send(item, credits) {
      const m = renderTemplate(item.kind, item.payload, item.createdAt ?? new Date().toISOString())
      if (!m) return { status: 'skipped', error: `no template for ${item.kind}` }
      const templateId = ids[m.group]
      if (!env.WECHAT_APPID || !env.WECHAT_SECRET || !templateId) return { status: 'skipped', error: `wechat not configured (${m.group})` }
      if (!item.openid) return { status: 'skipped', error: 'no openid' }
      if (!(await credits.take(item.profileId, m.group))) return { status: 'skipped', error: `not subscribed (${m.group}): no allowance left` }
      const message = { touser: item.openid, template_id: templateId, page: m.page, miniprogram_state: 'formal', lang: 'zh_CN', data: m.data }
      let r: { errcode: number; errmsg: string }
      try {
        r = await post(message, await tokens.get())
        if (STALE_TOKEN.has(r.errcode)) r = await post(message, await tokens.get(true))
      } catch (e) {
        await credits.giveBack(item.profileId, m.group)
        return { status: 'retry', error: e instanceof Error ? e.message : String(e) }
      }
      if (r.errcode === 0) return { status: 'sent' }
      if (r.errcode === 43101) {
        await credits.clear(item.profileId, m.group)
        return { status: 'skipped', error: 'user has not subscribed (43101)' }
      }
      // not delivered: the person's allowance at WeChat is unspent, so ours is too
      await credits.giveBack(item.profileId, m.group)
      if (FINAL.has(r.errcode)) return { status: 'failed', error: `${r.errcode} ${r.errmsg}` }
      return { status: 'retry', error: `${r.errcode} ${r.errmsg}` }
    },
  }
}
