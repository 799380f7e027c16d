import type { InboxPage } from '../../core/contracts'
import { INBOX_TAB_PAGES } from '../../core/inbox/describe'
import { api } from './client'

// 消息: the person's inbox (issue 12). Items are written by the server in the same transaction as each event; the title,
// body and the page to open come with them.

/** One page of the inbox, newest first, with the unread count of the whole inbox. */
export const listNotifications = (cursor?: string): Promise<InboxPage> =>
  api.inbox.listNotifications({ query: { cursor: cursor || undefined } })

/** Marks the given items read; returns what is left unread. */
export async function markNotificationsRead(ids: number[]): Promise<number> {
  return (await api.inbox.readNotifications({ body: { ids } })).unread
}

/** Marks every item read (全部已读); returns 0, or what arrived meanwhile. */
export async function markAllNotificationsRead(): Promise<number> {
  return (await api.inbox.readNotifications({ body: { all: true } })).unread
}

/** The unread count for the 消息 badge: the first page's `unread`. */
export async function unreadCount(): Promise<number> {
  return (await listNotifications()).unread
}

/** A tab page is opened with switchTab (no query string); any other page with navigateTo. */
export function isTabPage(link: string): boolean {
  return INBOX_TAB_PAGES.includes(link.split('?')[0])
}
