import type { z } from 'zod'
import { ops, type Meeting, type Motion, type Resolution, type Topic } from '../../core/contracts'
import { api } from './client'

// Deliberation (议事协商, issue 7): topics, meetings, motions, resolutions and the staff metrics.
// Each call is its operation in core/contracts (api.deliberation.*): inputs are checked with the server's own schemas
// before sending, so a local failure looks like the server's 400.

export type MeetingDetail = z.output<typeof ops.getMeeting.response>
export type MeetingComment = z.output<typeof ops.commentMeeting.response>
export type DeliberationMetrics = z.output<typeof ops.deliberationMetrics.response>
export type CreateTopicInput = z.input<typeof ops.createTopic.body>
export type CreateMeetingInput = z.input<typeof ops.createMeeting.body>
export type CreateMotionInput = z.input<typeof ops.createMotion.body>
export type AddActionInput = z.input<typeof ops.addAction.body>
export type { Meeting, Motion, Resolution, Topic }

const d = api.deliberation

/** Where a page starts (`nextCursor` of the page before) and how long it is (1..50, the server's default 20). */
interface PageQuery {
  cursor?: string
  limit?: number
}

// ---- topics (议题) ----

/** One page of 议题: ready topics first, then by co-signatures, then newest. */
export function listTopicsPage(filter: { communityId?: string } & PageQuery = {}) {
  return d.listTopics({ query: { communityId: filter.communityId || undefined, cursor: filter.cursor || undefined, limit: filter.limit } })
}

/** The first page of 50 议题 (ready ones first): what a picker such as 新建议事会's agenda offers. */
export async function listTopics(communityId?: string): Promise<Topic[]> {
  return (await listTopicsPage({ communityId, limit: 50 })).items
}

export function createTopic(input: CreateTopicInput): Promise<Topic> {
  return d.createTopic({ body: input })
}

export function cosignTopic(id: string): Promise<Topic> {
  return d.cosignTopic({ params: { id } })
}

// ---- meetings (议事会) ----

/** One page of 议事会, latest start first. */
export function listMeetings(filter: { communityId?: string } & PageQuery = {}) {
  return d.listMeetings({ query: { communityId: filter.communityId || undefined, cursor: filter.cursor || undefined, limit: filter.limit } })
}

export function createMeeting(input: CreateMeetingInput): Promise<MeetingDetail> {
  return d.createMeeting({ body: input })
}

export function getMeeting(id: string): Promise<MeetingDetail> {
  return d.getMeeting({ params: { id } })
}

export function registerMeeting(id: string, seat?: z.input<typeof ops.registerMeeting.body>['seat']): Promise<Meeting> {
  return d.registerMeeting({ params: { id }, body: { seat } })
}

export function withdrawMeeting(id: string): Promise<Meeting> {
  return d.withdrawMeeting({ params: { id } })
}

export function checkInMeeting(id: string, code: string): Promise<Meeting> {
  return d.checkInMeeting({ params: { id }, body: { code } })
}

export function commentMeeting(id: string, text: string): Promise<MeetingComment> {
  return d.commentMeeting({ params: { id }, body: { body: text } })
}

export function minutesMeeting(id: string, minutes: string): Promise<MeetingDetail> {
  return d.minutesMeeting({ params: { id }, body: { minutes } })
}

// ---- motions (表决) ----

export function createMotion(meeting: string, input: CreateMotionInput): Promise<Motion> {
  return d.createMotion({ params: { id: meeting }, body: input })
}

export function voteMotion(id: string, optionId: string): Promise<Motion> {
  return d.voteMotion({ params: { id }, body: { optionId } })
}

export function closeMotion(id: string): Promise<Motion> {
  return d.closeMotion({ params: { id } })
}

// ---- resolutions (决议: 跟进-督查-评价) ----

export function getResolution(id: string): Promise<Resolution> {
  return d.getResolution({ params: { id } })
}

export function addAction(resolution: string, input: AddActionInput): Promise<Resolution> {
  return d.addAction({ params: { id: resolution }, body: input })
}

export function actionProgress(action: string, note: string, percent: number): Promise<Resolution> {
  return d.actionProgress({ params: { id: action }, body: { note, percent } })
}

/** 验收 (staff): the owner's report is accepted; the resolution completes when every item is accepted. */
export function acceptAction(action: string): Promise<Resolution> {
  return d.acceptAction({ params: { id: action } })
}

/** 退回 (staff): the item goes back to in progress with the reason its owner reads. */
export function returnAction(action: string, reason: string): Promise<Resolution> {
  return d.returnAction({ params: { id: action }, body: { reason } })
}

export function superviseResolution(resolution: string, note: string): Promise<Resolution> {
  return d.superviseResolution({ params: { id: resolution }, body: { note } })
}

export function evaluateResolution(resolution: string, rating: number, comment?: string): Promise<Resolution> {
  return d.evaluateResolution({ params: { id: resolution }, body: { rating, comment: comment || undefined } })
}

// ---- metrics (覆盖率 / 成果转化率), staff ----

export function deliberationMetrics(streetId: string, quarter: string): Promise<DeliberationMetrics> {
  return d.deliberationMetrics({ query: { streetId, quarter } })
}

/** "2026Q4" for a moment in Beijing time. */
export function quarterOf(now: Date = new Date()): string {
  const day = new Date(now.getTime() + 8 * 3_600_000)
  return `${day.getUTCFullYear()}Q${Math.floor(day.getUTCMonth() / 3) + 1}`
}
