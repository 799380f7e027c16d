import type { z } from 'zod'
import {
  ops,
  type FollowNeedResponse,
  type NeedDetail,
  type NeedFull,
  type NeedSeverity,
  type NeedStatus,
  type NeedTrack,
  type SimilarNeed,
} from '../../core/contracts'
import { api } from './client'

// Needs, the closed loop (issue 3). Every call goes through the client derived from the contract (client.ts), which
// checks each part with the server's own schemas first: a bad form never costs a round trip.

/** What a form hands over: the contract's input shape (numbers may still be typed text). */
export type CreateNeedInput = z.input<typeof ops.createNeed.body>
export type TriageInput = z.input<typeof ops.triageNeed.body>
export type SlaRules = z.infer<typeof ops.getSlaRules.response>

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

export const createNeed = (input: CreateNeedInput): Promise<NeedDetail> => api.needs.createNeed({ body: input })

/** 我的需求, newest first: one page (`cursor` from the previous page's `nextCursor`). */
export const listMyNeeds = (page: { cursor?: string; limit?: number } = {}): Promise<NeedPage> =>
  api.needs.listMyNeeds({ query: { cursor: page.cursor, limit: page.limit } })

export const getNeed = (id: string): Promise<NeedDetail> => api.needs.getNeed({ params: { id } })

/** The staff / grid worker queue (staff: their community; grid workers: their grids; anyone else: 403). */
export async function listNeeds(filters: NeedQueueFilters = {}): Promise<NeedPage> {
  return api.needs.listNeeds({
    query: {
      status: filters.status,
      track: filters.track,
      severity: filters.severity,
      gridId: filters.gridId,
      overdue: filters.overdue === undefined ? undefined : filters.overdue ? 'true' : 'false',
      order: filters.order,
      q: filters.q?.trim() || undefined,
      cursor: filters.cursor,
      limit: filters.limit,
    },
  })
}

export const triageNeed = (id: string, input: TriageInput): Promise<NeedDetail> =>
  api.needs.triageNeed({ params: { id }, body: input })

/** A step of the loop; 已解决 carries the 办理结果 (note) and optional photos (storage keys from uploadPhoto). */
export const transitionNeed = (id: string, to: NeedStatus, note?: string, photos?: string[]): Promise<NeedDetail> =>
  api.needs.transitionNeed({ params: { id }, body: { to, note: note || undefined, photos: photos?.length ? photos : undefined } })

export const evaluateNeed = (id: string, rating: number, comment?: string): Promise<NeedDetail> =>
  api.needs.evaluateNeed({ params: { id }, body: { rating, comment: comment || undefined } })

export const followNeed = (id: string): Promise<FollowNeedResponse> => api.needs.followNeed({ params: { id } })

export const unfollowNeed = (id: string): Promise<FollowNeedResponse> => api.needs.unfollowNeed({ params: { id } })

/** How many suggestions the submit form offers: the first page of the most similar. */
export const SIMILAR_SUGGESTIONS = 5

/** Open needs in the same micro-grid with a similar title (关注/+1 instead of filing again), the most similar first. */
export async function similarNeeds(microGridId: string, title: string): Promise<SimilarNeed[]> {
  const res = await api.needs.similarNeeds({ query: { microGridId, title: title.trim(), limit: SIMILAR_SUGGESTIONS } })
  return res.items
}

/** The community's SLA rules (staff only; others get a 403 and the triage form falls back to the defaults). */
export const getSlaRules = (communityId: string): Promise<SlaRules> => api.needs.getSlaRules({ params: { communityId } })
