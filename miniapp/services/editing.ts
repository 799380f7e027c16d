import type { z } from 'zod'
import { ops, type CommunitySettings, type ManagedPost, type Resource, type Reward } from '../../core/contracts'
import { api } from './client'

// Editing, cancelling, archiving and restocking (issue 11), and a community's settings. Each call is its operation in
// core/contracts: a bad form never costs a round trip, and a local failure looks like the server's 400.
// An edit form's input carries the id of what it edits; the service puts it in the path and sends the rest.

export type UpdatePostInput = { id: string } & z.input<typeof ops.updatePost.body>
export type UpdateMeetingInput = { id: string } & z.input<typeof ops.updateMeeting.body>
export type UpdateResourceInput = { id: string } & z.input<typeof ops.updateResource.body>
export type UpdateRewardInput = { id: string } & z.input<typeof ops.updateReward.body>
export type PutSettingsInput = { communityId: string } & z.input<typeof ops.putCommunitySettings.body>
export type MeetingDetail = z.output<typeof ops.updateMeeting.response>

const e = api.editing

export function updatePost({ id, ...body }: UpdatePostInput): Promise<ManagedPost> {
  return e.updatePost({ params: { id }, body })
}

/** Cancels the post's slots still to come; everyone holding one is told, with this reason. */
export function cancelPost(id: string, reason: string): Promise<ManagedPost> {
  return e.cancelPost({ params: { id }, body: { reason } })
}

export function updateMeeting({ id, ...body }: UpdateMeetingInput): Promise<MeetingDetail> {
  return e.updateMeeting({ params: { id }, body })
}

/** Frees every seat and the waitlist; everyone registered or waiting is told, with this reason. */
export function cancelMeeting(id: string, reason: string): Promise<MeetingDetail> {
  return e.cancelMeeting({ params: { id }, body: { reason } })
}

export function updateResource({ id, ...body }: UpdateResourceInput): Promise<Resource> {
  return e.updateResource({ params: { id }, body })
}

export function archiveResource(id: string): Promise<Resource> {
  return e.archiveResource({ params: { id } })
}

export function updateReward({ id, ...body }: UpdateRewardInput): Promise<Reward> {
  return e.updateReward({ params: { id }, body })
}

export function restockReward(id: string, add: number): Promise<Reward> {
  return e.restockReward({ params: { id }, body: { add } })
}

/** No longer listed or redeemable; open redemptions stay valid and their holders are told. */
export function archiveReward(id: string): Promise<Reward> {
  return e.archiveReward({ params: { id } })
}

export function getCommunitySettings(communityId: string): Promise<CommunitySettings> {
  return e.getCommunitySettings({ params: { communityId } })
}

/** Any subset of the settings; what is left out stays as it is. */
export function putCommunitySettings({ communityId, ...body }: PutSettingsInput): Promise<CommunitySettings> {
  return e.putCommunitySettings({ params: { communityId }, body })
}
