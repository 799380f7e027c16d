import type { z } from 'zod'
import { ops, type CommunitySettings, type ManagedPost, type Resource, type Reward } from '../../core/contracts'
import { api, flat, type FlatInput } from './client'

// Editing, cancelling, archiving and restocking (issue 11), and a community's settings. Each call is its operation in
// core/contracts: a bad form never costs a round trip, and a local failure looks like the server's 400.
// An edit form's input carries the id of what it edits; the service puts it in the path and sends the rest.

export type UpdatePostInput = FlatInput<typeof ops.updatePost>
export type UpdateMeetingInput = FlatInput<typeof ops.updateMeeting>
export type UpdateResourceInput = FlatInput<typeof ops.updateResource>
export type UpdateRewardInput = FlatInput<typeof ops.updateReward>
export type PutSettingsInput = FlatInput<typeof ops.putCommunitySettings>
export type MeetingDetail = z.output<typeof ops.updateMeeting.response>

const e = api.editing

export const updatePost = flat(ops.updatePost)

/** Cancels the post's slots still to come; everyone holding one is told, with this reason. */
export function cancelPost(id: string, reason: string): Promise<ManagedPost> {
  return e.cancelPost({ params: { id }, body: { reason } })
}

export const updateMeeting = flat(ops.updateMeeting)

/** Frees every seat and the waitlist; everyone registered or waiting is told, with this reason. */
export function cancelMeeting(id: string, reason: string): Promise<MeetingDetail> {
  return e.cancelMeeting({ params: { id }, body: { reason } })
}

export const updateResource = flat(ops.updateResource)

export function archiveResource(id: string): Promise<Resource> {
  return e.archiveResource({ params: { id } })
}

export const updateReward = flat(ops.updateReward)

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
export const putCommunitySettings = flat(ops.putCommunitySettings)
