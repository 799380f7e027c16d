import { z } from 'zod'
import {
  ZCreateNeedFullRequest,
  ZEvaluateNeedRequest,
  ZFollowNeedRequest,
  ZFollowNeedResponse,
  ZGetNeedRequest,
  ZGetSlaRulesRequest,
  ZListMyNeedsFullResponse,
  ZListMyNeedsRequest,
  ZListNeedsFullRequest,
  ZListNeedsFullResponse,
  ZNeedDetail,
  ZSimilarNeedsRequest,
  ZSimilarNeedsResponse,
  ZSlaRulesResponse,
  ZTransitionNeedRequest,
  ZTriageNeedRequest,
  type FollowNeedResponse,
  type NeedDetail,
  type NeedFull,
  type NeedSeverity,
  type NeedStatus,
  type NeedTrack,
  type SimilarNeed,
} from '../../core/contracts'
import { parseInput } from './errors'
import { request } from './request'

/** What a form hands over: the contract's input shape (numbers may still be typed text). */
export type CreateNeedInput = z.input<typeof ZCreateNeedFullRequest>
export type SlaRules = z.infer<typeof ZSlaRulesResponse>

const needPath = (id: string, rest = '') => `/api/needs/${encodeURIComponent(id)}${rest}`

/** Query string in one place: GET parameters are never left to each platform's request adapter. */
function withQuery(path: string, params: Record<string, string | number | boolean | undefined>): string {
  const parts = Object.entries(params)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
  return parts.length ? `${path}?${parts.join('&')}` : path
}

/** Validates with the same contract as the server, so a bad form never costs a round trip. */
export async function createNeed(input: CreateNeedInput): Promise<NeedDetail> {
  const body = parseInput(ZCreateNeedFullRequest, input)
  return request({ method: 'POST', path: '/api/needs', data: body, schema: ZNeedDetail })
}

/** 我的需求, newest first: one page (`cursor` from the previous page's `nextCursor`). */
export async function listMyNeeds(page: { cursor?: string; limit?: number } = {}): Promise<NeedPage> {
  const q = parseInput(ZListMyNeedsRequest, page)
  return request({ path: withQuery('/api/needs/mine', { cursor: q.cursor, limit: page.limit }), schema: ZListMyNeedsFullResponse })
}

export async function getNeed(id: string): Promise<NeedDetail> {
  parseInput(ZGetNeedRequest, { id })
  return request({ path: needPath(id), schema: ZNeedDetail })
}

export interface NeedQueueFilters {
  status?: NeedStatus
  track?: NeedTrack
  severity?: NeedSeverity
  gridId?: string
  overdue?: boolean
  order?: 'newest' | 'oldest'
  /** a 受理编号 or its start (HP-20261128), any case; else a piece of the title */
  q?: string
  cursor?: string
  limit?: number
}

export interface NeedPage {
  items: NeedFull[]
  nextCursor: string | null
}

/** The staff / grid worker queue (staff: their community; grid workers: their grids; anyone else: 403). */
export async function listNeeds(filters: NeedQueueFilters = {}): Promise<NeedPage> {
  const query = {
    status: filters.status,
    track: filters.track,
    severity: filters.severity,
    gridId: filters.gridId,
    overdue: filters.overdue === undefined ? undefined : filters.overdue ? 'true' : 'false',
    order: filters.order,
    q: filters.q?.trim() || undefined,
    cursor: filters.cursor,
    limit: filters.limit,
  }
  parseInput(ZListNeedsFullRequest, query)
  return request({ path: withQuery('/api/needs', query), schema: ZListNeedsFullResponse })
}

export interface TriageInput {
  track: NeedTrack
  severity: NeedSeverity
  handlerId?: string
  department?: string
  note?: string
}

export async function triageNeed(id: string, input: TriageInput): Promise<NeedDetail> {
  const { id: _id, ...body } = parseInput(ZTriageNeedRequest, { id, ...input })
  return request({ method: 'POST', path: needPath(id, '/triage'), data: body, schema: ZNeedDetail })
}

/** A step of the loop; 已解决 carries the 办理结果 (note) and optional photos (storage keys from uploadPhoto). */
export async function transitionNeed(id: string, to: NeedStatus, note?: string, photos?: string[]): Promise<NeedDetail> {
  const { id: _id, ...body } = parseInput(ZTransitionNeedRequest, {
    id, to, note: note || undefined, photos: photos && photos.length > 0 ? photos : undefined,
  })
  return request({ method: 'POST', path: needPath(id, '/transition'), data: body, schema: ZNeedDetail })
}

export async function evaluateNeed(id: string, rating: number, comment?: string): Promise<NeedDetail> {
  const { id: _id, ...body } = parseInput(ZEvaluateNeedRequest, { id, rating, comment: comment || undefined })
  return request({ method: 'POST', path: needPath(id, '/evaluate'), data: body, schema: ZNeedDetail })
}

export async function followNeed(id: string): Promise<FollowNeedResponse> {
  parseInput(ZFollowNeedRequest, { id })
  return request({ method: 'POST', path: needPath(id, '/follow'), schema: ZFollowNeedResponse })
}

export async function unfollowNeed(id: string): Promise<FollowNeedResponse> {
  parseInput(ZFollowNeedRequest, { id })
  return request({ method: 'DELETE', path: needPath(id, '/follow'), schema: ZFollowNeedResponse })
}

/** How many suggestions the submit form offers: the first page of the most similar. */
export const SIMILAR_SUGGESTIONS = 5

/** Open needs in the same micro-grid with a similar title (关注/+1 instead of filing again), the most similar first. */
export async function similarNeeds(microGridId: string, title: string): Promise<SimilarNeed[]> {
  const q = parseInput(ZSimilarNeedsRequest, { microGridId, title, limit: SIMILAR_SUGGESTIONS })
  const res = await request({ path: withQuery('/api/needs/similar', q), schema: ZSimilarNeedsResponse })
  return res.items
}

/** The community's SLA rules (staff only; others get a 403 and the triage form falls back to the defaults). */
export async function getSlaRules(communityId: string): Promise<SlaRules> {
  parseInput(ZGetSlaRulesRequest, { communityId })
  return request({ path: `/api/communities/${encodeURIComponent(communityId)}/sla`, schema: ZSlaRulesResponse })
}
