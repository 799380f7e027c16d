import { z } from 'zod'
import { ZCursorParam, ZTimestamp } from './common'
import { op } from './operation'

// ---------------------------------------------------------------------------------------------
// 消息: the in-app inbox (issue 12). Every row is written by the event's own SQL function, in its transaction
// (public.notifications); the text and the page to open come from core/inbox/describe.ts.
// ---------------------------------------------------------------------------------------------

/** Inbox items per page (the SQL function caps it too). */
export const INBOX_PAGE_SIZE = 20
/** At most this many ids per "mark read" request. */
export const INBOX_READ_MAX_IDS = 100

export const ZInboxItem = z.object({
  id: z.number().int(),
  /** stable machine kind (`need.status`, `meeting.cancelled`, …): for icons and tests, never shown */
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  /** the mini-program page the item is about; null when there is nothing to open */
  link: z.string().nullable(),
  createdAt: ZTimestamp,
  readAt: ZTimestamp.nullable(),
})
export type InboxItem = z.infer<typeof ZInboxItem>

export const ZListNotificationsRequest = z.object({
  cursor: ZCursorParam.optional(),
  /** rows a page: 1 to 50, INBOX_PAGE_SIZE when left out */
  limit: z.coerce.number({ error: '每页条数必须是数字' }).int({ error: '每页条数必须是整数' })
    .min(1, { error: '每页至少 1 条' }).max(50, { error: '每页最多 50 条' }).optional(),
})
export const ZListNotificationsResponse = z.object({
  items: z.array(ZInboxItem),
  /** unread items in the whole inbox, not only on this page: the badge */
  unread: z.number().int().min(0),
  nextCursor: z.string().nullable(),
})
export type InboxPage = z.infer<typeof ZListNotificationsResponse>

const ZNotificationId = z.number({ error: '消息编号必须是数字' }).int({ error: '消息编号必须是整数' }).positive({ error: '消息编号不正确' })

/** Exactly one of: the ids of items to mark read, or `all: true` for the whole inbox. */
export const ZReadNotificationsRequest = z
  .object({
    ids: z
      .array(ZNotificationId, { error: '请选择要标记为已读的消息' })
      .min(1, { error: '请选择要标记为已读的消息' })
      .max(INBOX_READ_MAX_IDS, { error: `一次最多标记 ${INBOX_READ_MAX_IDS} 条消息` })
      .optional(),
    all: z.literal(true, { error: 'all 只能是 true' }).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.all && v.ids !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['all'], message: '请选择“全部已读”或指定消息，不能同时选择' })
    } else if (!v.all && v.ids === undefined) {
      ctx.addIssue({ code: 'custom', path: ['ids'], message: '请选择要标记为已读的消息' })
    }
  })
export type ReadNotificationsRequest = z.input<typeof ZReadNotificationsRequest>
export const ZReadNotificationsResponse = z.object({ unread: z.number().int().min(0) })

export const inboxOps = {
  listNotifications: op({
    id: 'listNotifications', method: 'GET', path: '/api/notifications', auth: 'required', tags: ['inbox'],
    summary: '我的消息（最新在前，每页默认 20 条、最多 50 条），以及未读条数',
    query: ZListNotificationsRequest, responses: { 200: ZListNotificationsResponse },
  }),
  readNotifications: op({
    id: 'readNotifications', method: 'POST', path: '/api/notifications/read', auth: 'required', tags: ['inbox'],
    summary: '标记消息为已读：指定 ids（最多 100 条）或 all: true；只会标记自己的消息',
    body: ZReadNotificationsRequest, responses: { 200: ZReadNotificationsResponse },
  }),
} as const
