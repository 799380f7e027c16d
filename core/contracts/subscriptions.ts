import { z } from 'zod'
import { op } from './operation'

// ---------------------------------------------------------------------------------------------
// WeChat subscribe messages (订阅消息, issue 12). Each "allow" a person taps in wx.requestSubscribeMessage lets the
// server send one message of that template; the mini-program reports the taps here by template group (it maps the
// template ids it asked for back to groups with `templates` from GET). Groups, kinds and fields:
// core/notify/templates.ts. Registered in ./api.ts through `subscriptionOps`.
// ---------------------------------------------------------------------------------------------

/** Template groups: one WeChat template each (core/notify/templates.ts maps event kinds to them). */
export const TEMPLATE_GROUPS = ['need_status', 'service', 'meeting', 'redemption'] as const
export type TemplateGroup = (typeof TEMPLATE_GROUPS)[number]

/** A person may bank at most this many allowances per group (the SQL table checks the same). */
export const SUBSCRIPTION_MAX_CREDITS = 20

export const ZTemplateGroup = z.enum(TEMPLATE_GROUPS, { error: '消息类别不正确' })

const groupList = (label: string) =>
  z
    .array(ZTemplateGroup, { error: `${label}必须是消息类别的列表` })
    .max(TEMPLATE_GROUPS.length * 2, { error: `${label}的消息类别过多` })

export const ZSubscriptionsResponse = z.object({
  /** the configured template id per group; null = not configured, so not asked for */
  templates: z.record(ZTemplateGroup, z.string().nullable()),
  /** allowances left per group (a group never allowed is 0) */
  credits: z.record(ZTemplateGroup, z.number().int().min(0)),
})
export type SubscriptionsResponse = z.infer<typeof ZSubscriptionsResponse>


export const ZRecordSubscriptionsRequest = z.object({
  accepted: groupList('允许的消息'),
  rejected: groupList('拒绝的消息').optional(),
})
export type RecordSubscriptionsRequest = z.input<typeof ZRecordSubscriptionsRequest>

export const subscriptionOps = {
  getSubscriptions: op({
    id: 'getSubscriptions', method: 'GET', path: '/api/me/subscriptions', auth: 'required', tags: ['inbox'],
    summary: '微信订阅消息：各类消息的模板编号（未配置为 null）和我剩余可接收的条数',
    responses: { 200: ZSubscriptionsResponse },
  }),
  recordSubscriptions: op({
    id: 'recordSubscriptions', method: 'POST', path: '/api/me/subscriptions', auth: 'required', tags: ['inbox'],
    summary: '记录一次订阅授权的结果：每个允许的类别可多接收一条微信消息（每类最多 20 条）',
    body: ZRecordSubscriptionsRequest, responses: { 200: ZSubscriptionsResponse },
  }),
} as const
