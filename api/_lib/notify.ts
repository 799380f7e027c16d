import { NEED_STATUS_LABELS, type NeedStatus } from '../../core/contracts/needs'
import type { Context } from './context'
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
}

export type SendResult = { status: 'sent' | 'skipped' | 'failed' | 'retry'; error?: string }

/** Delivers one outbox item. The WeChat adapter below is the production one; others may follow (SMS). */
export interface Notifier {
  send(item: OutboxItem): Promise<SendResult>
}

/** Drains up to `limit` pending notifications; safe to run from several places at once (rows are claimed). */
export async function drainOutbox(ctx: Pick<Context, 'db'>, notifier: Notifier, limit: number) {
  const counts = { sent: 0, skipped: 0, failed: 0, retry: 0 }
  const batch = await ctx.db.rpc<OutboxItem[]>('notifications_claim', { p_limit: limit }, SERVICE_CLAIMS)
  for (const item of batch) {
    let r: SendResult
    try {
      r = await notifier.send(item)
    } catch (e) {
      r = { status: 'retry', error: e instanceof Error ? e.message : String(e) }
    }
    counts[r.status]++
    await ctx.db.rpc('notification_mark', { p_id: item.id, p_status: r.status === 'retry' ? 'pending' : r.status, p_error: r.error ?? null }, SERVICE_CLAIMS)
  }
  return counts
}

/** WeChat subscribe-message field limits: thing ≤ 20 characters, phrase ≤ 5. */
function clip(s: string, n: number): string {
  const chars = [...s]
  return chars.length <= n ? s : chars.slice(0, n - 1).join('') + '…'
}

function beijingTime(iso: string): string {
  const d = new Date(Date.parse(iso) + 8 * 3600_000)
  const p = (x: number) => String(x).padStart(2, '0')
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`
}

/** The subscribe message for a need status change: thing1 title, phrase2 new status, thing3 note, time4 time. */
export function needStatusMessage(item: OutboxItem, templateId: string) {
  const p = item.payload as { needId: string; title: string; to: NeedStatus; note?: string | null; at: string }
  return {
    touser: item.openid,
    template_id: templateId,
    page: `packageNeeds/pages/detail/index?id=${p.needId}`,
    miniprogram_state: 'formal',
    lang: 'zh_CN',
    data: {
      thing1: { value: clip(p.title, 20) },
      phrase2: { value: clip(NEED_STATUS_LABELS[p.to] ?? p.to, 5) },
      thing3: { value: clip(p.note || '点击查看办理进度', 20) },
      time4: { value: beijingTime(p.at) },
    },
  }
}

/**
 * WeChat subscribe messages (`POST /cgi-bin/message/subscribe/send`) with a cached access token
 * (`GET /cgi-bin/token`). A person who has not subscribed (43101) or has no openid (demo users) is skipped.
 */
export function createWechatNotifier(
  env: Pick<Env, 'WECHAT_APPID' | 'WECHAT_SECRET' | 'WECHAT_API_BASE' | 'WECHAT_TEMPLATE_NEED_STATUS'>,
  tokens: AccessTokens = createAccessTokens(env),
): Notifier {
  const base = env.WECHAT_API_BASE
  const accessToken = (force = false) => tokens.get(force)

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
    async send(item) {
      if (item.kind !== 'need.status') return { status: 'skipped', error: `no template for ${item.kind}` }
      if (!env.WECHAT_APPID || !env.WECHAT_SECRET || !env.WECHAT_TEMPLATE_NEED_STATUS) return { status: 'skipped', error: 'wechat not configured' }
      if (!item.openid) return { status: 'skipped', error: 'no openid' }
      const message = needStatusMessage(item, env.WECHAT_TEMPLATE_NEED_STATUS)
      let r = await post(message, await accessToken())
      if (r.errcode === 40001 || r.errcode === 42001 || r.errcode === 40014) r = await post(message, await accessToken(true))
      if (r.errcode === 0) return { status: 'sent' }
      if (r.errcode === 43101) return { status: 'skipped', error: 'user has not subscribed' }
      // 47003 bad data, 40003 bad openid, 40037 bad template: retrying will not help
      if ([47003, 40003, 40037].includes(r.errcode)) return { status: 'failed', error: `${r.errcode} ${r.errmsg}` }
      return { status: 'retry', error: `${r.errcode} ${r.errmsg}` }
    },
  }
}
