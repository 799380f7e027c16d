import { z } from 'zod'
import {
  ZActionProgressRequest,
  ZAddActionRequest,
  ZCheckInMeetingRequest,
  ZComment,
  ZCommentRequest,
  ZCreateMeetingRequest,
  ZCreateMotionRequest,
  ZCreateTopicRequest,
  ZEvaluateResolutionRequest,
  ZListMeetingsRequest,
  ZListMeetingsResponse,
  ZListTopicsRequest,
  ZListTopicsResponse,
  ZMeeting,
  ZMeetingDetail,
  ZMeetingIdRequest,
  ZMetricsRequest,
  ZMetricsResponse,
  ZMinutesRequest,
  ZMotion,
  ZMotionIdRequest,
  ZRegisterMeetingRequest,
  ZResolution,
  ZResolutionIdRequest,
  ZSuperviseRequest,
  ZTopic,
  ZTopicIdRequest,
  ZVoteRequest,
  type Meeting,
  type Motion,
  type Resolution,
  type Topic,
} from '../../core/contracts'
import { ZActionIdRequest, ZReturnActionRequest } from '../../core/contracts/securityDeliberation'
import { parseInput } from './errors'
import { request } from './request'

// Deliberation (议事协商, issue 7): topics, meetings, motions, resolutions and the staff metrics.
// Inputs are checked with the server's own contracts first, so a local failure looks like the server's 400.

export type MeetingDetail = z.infer<typeof ZMeetingDetail>
export type MeetingComment = z.infer<typeof ZComment>
export type DeliberationMetrics = z.infer<typeof ZMetricsResponse>
export type CreateTopicInput = z.input<typeof ZCreateTopicRequest>
export type CreateMeetingInput = z.input<typeof ZCreateMeetingRequest>
export type CreateMotionInput = Omit<z.input<typeof ZCreateMotionRequest>, 'id'>
export type AddActionInput = Omit<z.input<typeof ZAddActionRequest>, 'id'>
export type { Meeting, Motion, Resolution, Topic }

const enc = encodeURIComponent

/** Only the query parameters that are set: Taro would send `undefined` as text. */
function query(params: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') out[k] = v
  return out
}

// ---- topics (议题) ----

/** Where a page starts (`nextCursor` of the page before) and how long it is (1..50, the server's default 20). */
export interface PageQuery {
  cursor?: string
  limit?: number
}

/** One page of a list; `nextCursor` is null on the last page. */
export interface Page<T> {
  items: T[]
  nextCursor: string | null
}

function pageQuery(params: Record<string, string | undefined>, page: PageQuery): Record<string, string> {
  return query({ ...params, cursor: page.cursor, limit: page.limit === undefined ? undefined : String(page.limit) })
}

/** One page of 议题: ready topics first, then by co-signatures, then newest. */
export async function listTopicsPage(filter: { communityId?: string } & PageQuery = {}): Promise<Page<Topic>> {
  const q = pageQuery({ communityId: filter.communityId }, filter)
  parseInput(ZListTopicsRequest, q)
  return request({ path: '/api/topics', data: q, schema: ZListTopicsResponse })
}

/** The first page of 50 议题 (ready ones first): what a picker such as 新建议事会's agenda offers. */
export async function listTopics(communityId?: string): Promise<Topic[]> {
  return (await listTopicsPage({ communityId, limit: 50 })).items
}

export async function createTopic(input: CreateTopicInput): Promise<Topic> {
  const body = parseInput(ZCreateTopicRequest, input)
  return request({ method: 'POST', path: '/api/topics', data: body, schema: ZTopic })
}

export async function cosignTopic(id: string): Promise<Topic> {
  const { id: topicId } = parseInput(ZTopicIdRequest, { id })
  return request({ method: 'POST', path: `/api/topics/${enc(topicId)}/cosign`, data: {}, schema: ZTopic })
}

// ---- meetings (议事会) ----

/** One page of 议事会, latest start first. */
export async function listMeetings(filter: { communityId?: string } & PageQuery = {}): Promise<Page<Meeting>> {
  const q = pageQuery({ communityId: filter.communityId }, filter)
  parseInput(ZListMeetingsRequest, q)
  return request({ path: '/api/meetings', data: q, schema: ZListMeetingsResponse })
}

export async function createMeeting(input: CreateMeetingInput): Promise<MeetingDetail> {
  const body = parseInput(ZCreateMeetingRequest, input)
  return request({ method: 'POST', path: '/api/meetings', data: body, schema: ZMeetingDetail })
}

function meetingId(id: string): string {
  return enc(parseInput(ZMeetingIdRequest, { id }).id)
}

export async function getMeeting(id: string): Promise<MeetingDetail> {
  return request({ path: `/api/meetings/${meetingId(id)}`, schema: ZMeetingDetail })
}

export async function registerMeeting(id: string, seat?: z.input<typeof ZRegisterMeetingRequest>['seat']): Promise<Meeting> {
  const body = parseInput(ZRegisterMeetingRequest, { id, seat })
  return request({ method: 'POST', path: `/api/meetings/${enc(body.id)}/register`, data: seat ? { seat: body.seat } : {}, schema: ZMeeting })
}

export async function withdrawMeeting(id: string): Promise<Meeting> {
  return request({ method: 'POST', path: `/api/meetings/${meetingId(id)}/withdraw`, data: {}, schema: ZMeeting })
}

export async function checkInMeeting(id: string, code: string): Promise<Meeting> {
  const body = parseInput(ZCheckInMeetingRequest, { id, code })
  return request({ method: 'POST', path: `/api/meetings/${enc(body.id)}/check-in`, data: { code: body.code }, schema: ZMeeting })
}

export async function commentMeeting(id: string, text: string): Promise<MeetingComment> {
  const body = parseInput(ZCommentRequest, { id, body: text })
  return request({ method: 'POST', path: `/api/meetings/${enc(body.id)}/comments`, data: { body: body.body }, schema: ZComment })
}

export async function minutesMeeting(id: string, minutes: string): Promise<MeetingDetail> {
  const body = parseInput(ZMinutesRequest, { id, minutes })
  return request({ method: 'POST', path: `/api/meetings/${enc(body.id)}/minutes`, data: { minutes: body.minutes }, schema: ZMeetingDetail })
}

// ---- motions (表决) ----

export async function createMotion(meeting: string, input: CreateMotionInput): Promise<Motion> {
  const { id, ...body } = parseInput(ZCreateMotionRequest, { ...input, id: meeting })
  return request({ method: 'POST', path: `/api/meetings/${enc(id)}/motions`, data: body, schema: ZMotion })
}

export async function voteMotion(id: string, optionId: string): Promise<Motion> {
  const body = parseInput(ZVoteRequest, { id, optionId })
  return request({ method: 'POST', path: `/api/motions/${enc(body.id)}/vote`, data: { optionId: body.optionId }, schema: ZMotion })
}

export async function closeMotion(id: string): Promise<Motion> {
  const body = parseInput(ZMotionIdRequest, { id })
  return request({ method: 'POST', path: `/api/motions/${enc(body.id)}/close`, data: {}, schema: ZMotion })
}

// ---- resolutions (决议: 跟进-督查-评价) ----

function resolutionId(id: string): string {
  return enc(parseInput(ZResolutionIdRequest, { id }).id)
}

export async function getResolution(id: string): Promise<Resolution> {
  return request({ path: `/api/resolutions/${resolutionId(id)}`, schema: ZResolution })
}

export async function addAction(resolution: string, input: AddActionInput): Promise<Resolution> {
  const { id, ...body } = parseInput(ZAddActionRequest, { ...input, id: resolution })
  return request({ method: 'POST', path: `/api/resolutions/${enc(id)}/actions`, data: body, schema: ZResolution })
}

export async function actionProgress(action: string, note: string, percent: number): Promise<Resolution> {
  const { id, ...body } = parseInput(ZActionProgressRequest, { id: action, note, percent })
  return request({ method: 'POST', path: `/api/actions/${enc(id)}/progress`, data: body, schema: ZResolution })
}

/** 验收 (staff): the owner's report is accepted; the resolution completes when every item is accepted. */
export async function acceptAction(action: string): Promise<Resolution> {
  const { id } = parseInput(ZActionIdRequest, { id: action })
  return request({ method: 'POST', path: `/api/actions/${enc(id)}/accept`, data: {}, schema: ZResolution })
}

/** 退回 (staff): the item goes back to in progress with the reason its owner reads. */
export async function returnAction(action: string, reason: string): Promise<Resolution> {
  const { id, ...body } = parseInput(ZReturnActionRequest, { id: action, reason })
  return request({ method: 'POST', path: `/api/actions/${enc(id)}/return`, data: body, schema: ZResolution })
}

export async function superviseResolution(resolution: string, note: string): Promise<Resolution> {
  const { id, ...body } = parseInput(ZSuperviseRequest, { id: resolution, note })
  return request({ method: 'POST', path: `/api/resolutions/${enc(id)}/supervise`, data: body, schema: ZResolution })
}

export async function evaluateResolution(resolution: string, rating: number, comment?: string): Promise<Resolution> {
  const { id, ...body } = parseInput(ZEvaluateResolutionRequest, { id: resolution, rating, comment: comment || undefined })
  return request({ method: 'POST', path: `/api/resolutions/${enc(id)}/evaluate`, data: body, schema: ZResolution })
}

// ---- metrics (覆盖率 / 成果转化率), staff ----

export async function deliberationMetrics(streetId: string, quarter: string): Promise<DeliberationMetrics> {
  const q = parseInput(ZMetricsRequest, { streetId, quarter })
  return request({ path: '/api/deliberation/metrics', data: q, schema: ZMetricsResponse })
}

/** "2026Q4" for a moment in Beijing time. */
export function quarterOf(now: Date = new Date()): string {
  const d = new Date(now.getTime() + 8 * 3_600_000)
  return `${d.getUTCFullYear()}Q${Math.floor(d.getUTCMonth() / 3) + 1}`
}
