import type { z } from 'zod'
import { ops, type Announcement, type AnnouncementPage } from '../../core/contracts'
import { api } from './client'
import { photoUrl } from './volunteers'

// 信息发布 (announcements), issue 12. Each call is its operation in core/contracts (api.announcements.*): the input is
// checked with the operation's schemas first, so a bad form fails here exactly like the server's 400 (ApiError naming
// the field).

export type CreateAnnouncementInput = z.input<typeof ops.createAnnouncement.body>

const n = api.announcements

/** The notices of a community addressed to the caller, pinned first; `manage`: also expired and withdrawn ones. */
export function listAnnouncements(params: { communityId: string; cursor?: string; manage?: boolean }): Promise<AnnouncementPage> {
  return n.listAnnouncements({
    query: { communityId: params.communityId, cursor: params.cursor || undefined, manage: params.manage ? 'true' : undefined },
  })
}

export function getAnnouncement(id: string): Promise<Announcement> {
  return n.getAnnouncement({ params: { id } })
}

export function createAnnouncement(input: CreateAnnouncementInput): Promise<Announcement> {
  return n.createAnnouncement({ body: input })
}

export function withdrawAnnouncement(id: string): Promise<Announcement> {
  return n.withdrawAnnouncement({ params: { id } })
}

export function pinAnnouncement(id: string, pinned: boolean): Promise<Announcement> {
  return n.pinAnnouncement({ params: { id }, body: { pinned } })
}

/** Where a notice's photo can be seen: the same file service as every other upload. */
export function announcementImageUrl(key: string): string {
  return photoUrl(key)
}
