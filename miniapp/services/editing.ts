import { z } from 'zod'
import {
  ZArchiveResourceRequest,
  ZArchiveRewardRequest,
  ZCancelMeetingRequest,
  ZCancelPostRequest,
  ZCommunitySettings,
  ZGetCommunitySettingsRequest,
  ZManagedPost,
  ZMeetingDetail,
  ZPutCommunitySettingsRequest,
  ZResource,
  ZRestockRewardRequest,
  ZReward,
  ZUpdateMeetingRequest,
  ZUpdatePostRequest,
  ZUpdateResourceRequest,
  ZUpdateRewardRequest,
  type CommunitySettings,
  type ManagedPost,
  type Resource,
  type Reward,
} from '../../core/contracts'
import { parseInput } from './errors'
import { request } from './request'

// Editing, cancelling, archiving and restocking (issue 11), and a community's settings. Inputs are checked with the
// server's contracts first, so a bad form never costs a round trip and a local failure looks like the server's 400.

export type UpdatePostInput = z.input<typeof ZUpdatePostRequest>
export type UpdateMeetingInput = z.input<typeof ZUpdateMeetingRequest>
export type UpdateResourceInput = z.input<typeof ZUpdateResourceRequest>
export type UpdateRewardInput = z.input<typeof ZUpdateRewardRequest>
export type PutSettingsInput = z.input<typeof ZPutCommunitySettingsRequest>
export type MeetingDetail = z.infer<typeof ZMeetingDetail>

const enc = encodeURIComponent

/** The body without the path parameter: the path names the object. */
function without<K extends string, T extends Record<K, unknown>>(key: K, o: T): Omit<T, K> {
  const { [key]: _drop, ...rest } = o
  return rest
}

export async function updatePost(input: UpdatePostInput): Promise<ManagedPost> {
  const body = parseInput(ZUpdatePostRequest, input)
  return request({ method: 'PATCH', path: `/api/posts/${enc(body.id)}`, data: without('id', body), schema: ZManagedPost })
}

/** Cancels the post's slots still to come; everyone holding one is told, with this reason. */
export async function cancelPost(id: string, reason: string): Promise<ManagedPost> {
  const body = parseInput(ZCancelPostRequest, { id, reason })
  return request({ method: 'POST', path: `/api/posts/${enc(body.id)}/cancel`, data: { reason: body.reason }, schema: ZManagedPost })
}

export async function updateMeeting(input: UpdateMeetingInput): Promise<MeetingDetail> {
  const body = parseInput(ZUpdateMeetingRequest, input)
  return request({ method: 'PATCH', path: `/api/meetings/${enc(body.id)}`, data: without('id', body), schema: ZMeetingDetail })
}

/** Frees every seat and the waitlist; everyone registered or waiting is told, with this reason. */
export async function cancelMeeting(id: string, reason: string): Promise<MeetingDetail> {
  const body = parseInput(ZCancelMeetingRequest, { id, reason })
  return request({ method: 'POST', path: `/api/meetings/${enc(body.id)}/cancel`, data: { reason: body.reason }, schema: ZMeetingDetail })
}

export async function updateResource(input: UpdateResourceInput): Promise<Resource> {
  const body = parseInput(ZUpdateResourceRequest, input)
  return request({ method: 'PATCH', path: `/api/resources/${enc(body.id)}`, data: without('id', body), schema: ZResource })
}

export async function archiveResource(id: string): Promise<Resource> {
  const body = parseInput(ZArchiveResourceRequest, { id })
  return request({ method: 'POST', path: `/api/resources/${enc(body.id)}/archive`, data: {}, schema: ZResource })
}

export async function updateReward(input: UpdateRewardInput): Promise<Reward> {
  const body = parseInput(ZUpdateRewardRequest, input)
  return request({ method: 'PATCH', path: `/api/rewards/${enc(body.id)}`, data: without('id', body), schema: ZReward })
}

export async function restockReward(id: string, add: number): Promise<Reward> {
  const body = parseInput(ZRestockRewardRequest, { id, add })
  return request({ method: 'POST', path: `/api/rewards/${enc(body.id)}/restock`, data: { add: body.add }, schema: ZReward })
}

/** No longer listed or redeemable; open redemptions stay valid and their holders are told. */
export async function archiveReward(id: string): Promise<Reward> {
  const body = parseInput(ZArchiveRewardRequest, { id })
  return request({ method: 'POST', path: `/api/rewards/${enc(body.id)}/archive`, data: {}, schema: ZReward })
}

export async function getCommunitySettings(communityId: string): Promise<CommunitySettings> {
  const q = parseInput(ZGetCommunitySettingsRequest, { communityId })
  return request({ path: `/api/communities/${enc(q.communityId)}/settings`, schema: ZCommunitySettings })
}

/** Any subset of the settings; what is left out stays as it is. */
export async function putCommunitySettings(input: PutSettingsInput): Promise<CommunitySettings> {
  const body = parseInput(ZPutCommunitySettingsRequest, input)
  return request({
    method: 'PUT', path: `/api/communities/${enc(body.communityId)}/settings`, data: without('communityId', body), schema: ZCommunitySettings,
  })
}
