import {
  ops,
  type Announcement,
  type AnnouncementPage,
  type CreateAnnouncementRequest,
} from '../../core/contracts'
import { callOp } from './joining'
import { photoUrl } from './volunteers'

// 信息发布 (announcements), issue 12. Every call goes through its operation in core/contracts (callOp): the input is
// checked with op.request first, so a bad form fails here exactly like the server's 400 (ApiError naming the field).

/** The notices of a community addressed to the caller, pinned first; `manage`: also expired and withdrawn ones. */
export async function listAnnouncements(params: { communityId: string; cursor?: string; manage?: boolean }): Promise<AnnouncementPage> {
  return callOp(ops.listAnnouncements, {
    communityId: params.communityId,
    cursor: params.cursor || undefined,
    manage: params.manage ? 'true' : undefined,
  })
}

export async function getAnnouncement(id: string): Promise<Announcement> {
  return callOp(ops.getAnnouncement, { id })
}

export async function createAnnouncement(input: CreateAnnouncementRequest): Promise<Announcement> {
  return callOp(ops.createAnnouncement, input)
}

export async function withdrawAnnouncement(id: string): Promise<Announcement> {
  return callOp(ops.withdrawAnnouncement, { id })
}

export async function pinAnnouncement(id: string, pinned: boolean): Promise<Announcement> {
  return callOp(ops.pinAnnouncement, { id, pinned })
}

/** Where a notice's photo can be seen: the same file service as every other upload. */
export function announcementImageUrl(key: string): string {
  return photoUrl(key)
}
