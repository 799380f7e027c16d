import Taro from '@tarojs/taro'
import { z } from 'zod'
import {
  ZCheckInRequest,
  ZCheckOutRequest,
  ZClaimSlotRequest,
  ZConfirmShiftRequest,
  ZCreatePostRequest,
  ZCreateWhistleRequest,
  ZGetPostRequest,
  ZListPostsRequest,
  ZListPostsResponse,
  ZListShiftsRequest,
  ZListShiftsResponse,
  ZListVolunteersRequest,
  ZListVolunteersResponse,
  ZListWhistlesRequest,
  ZListWhistlesResponse,
  ZParticipationRequest,
  ZParticipationResponse,
  ZPost,
  ZRecommendTalentRequest,
  ZRegisterVolunteerRequest,
  ZRegistration,
  ZReportRequest,
  ZRequestShiftCloseRequest,
  ZResolveShiftCloseRequest,
  ZRespondWhistleRequest,
  ZReviewVolunteerRequest,
  ZShift,
  ZShiftIdRequest,
  ZUploadPhotoRequest,
  ZUploadPhotoResponse,
  ZVolunteerMe,
  ZWhistle,
  type Post,
  type PostCategory,
  type Registration,
  type Shift,
  type VolunteerKind,
  type Whistle,
} from '../../core/contracts'
import { apiErrorFromNetwork, apiErrorFromResponse, parseInput } from './errors'
import { buildUrl, request } from './request'
import { clearSession, getToken, redirectToLogin } from './session'

// Volunteers (issue 5): 双报到 and the talent pool, service posts, shifts with on-site check-in, whistles.
// Inputs are checked with the server's own contracts first: a bad form never costs a round trip, and a
// local failure looks exactly like the server's 400 (ApiError with the field).

export type RegisterInput = z.input<typeof ZRegisterVolunteerRequest>
export type RecommendInput = z.input<typeof ZRecommendTalentRequest>
export type ReviewInput = z.input<typeof ZReviewVolunteerRequest>
export type CreatePostInput = z.input<typeof ZCreatePostRequest>
export type CheckOutInput = z.input<typeof ZCheckOutRequest>
export type ConfirmShiftInput = z.input<typeof ZConfirmShiftRequest>
export type RequestShiftCloseInput = z.input<typeof ZRequestShiftCloseRequest>
export type ResolveShiftCloseInput = z.input<typeof ZResolveShiftCloseRequest>
export type CreateWhistleInput = z.input<typeof ZCreateWhistleRequest>
export type UploadPhotoInput = z.input<typeof ZUploadPhotoRequest>
export type VolunteerMe = z.infer<typeof ZVolunteerMe>
export type Participation = z.infer<typeof ZParticipationResponse>
export type UploadedPhoto = z.infer<typeof ZUploadPhotoResponse>
/** One keyset page of a list: pass `nextCursor` back for the next one (null: no more). */
export interface Page<T> {
  items: T[]
  nextCursor: string | null
}

const enc = encodeURIComponent

/** Query strings carry only the parameters that are set: Taro would send `undefined` as text. */
function query(params: Record<string, string | number | undefined>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') out[k] = String(v)
  return out
}

// --- registration and the talent pool --------------------------------------------------------------

/** 双报到 (party_member) or 能人自荐 (talent): waits for staff review. */
export async function registerVolunteer(input: RegisterInput): Promise<Registration> {
  const body = parseInput(ZRegisterVolunteerRequest, input)
  return request({ method: 'POST', path: '/api/volunteers/register', data: body, schema: ZRegistration })
}

/** 居民推荐 (a resident) or 组织发现 (staff): puts someone else in the talent pool, pending review. */
export async function recommendTalent(input: RecommendInput): Promise<Registration> {
  const body = parseInput(ZRecommendTalentRequest, input)
  return request({ method: 'POST', path: '/api/volunteers/recommend', data: body, schema: ZRegistration })
}

export async function reviewVolunteer(input: ReviewInput): Promise<Registration> {
  const { id, ...body } = parseInput(ZReviewVolunteerRequest, input)
  return request({ method: 'POST', path: `/api/volunteers/${enc(id)}/review`, data: body, schema: ZRegistration })
}

export interface VolunteerFilter {
  status?: Registration['status']
  kind?: VolunteerKind
  skill?: string
}

/** One page of the community's registrations, in the order they came. */
export async function listVolunteers(filter: VolunteerFilter = {}, cursor?: string): Promise<Page<Registration>> {
  const q = query({ status: filter.status, kind: filter.kind, skill: filter.skill?.trim(), cursor })
  parseInput(ZListVolunteersRequest, q)
  return request({ path: '/api/volunteers', data: q, schema: ZListVolunteersResponse })
}

export async function volunteerMe(): Promise<VolunteerMe> {
  return request({ path: '/api/volunteers/me', schema: ZVolunteerMe })
}

export async function participation(communityId: string): Promise<Participation> {
  const q = parseInput(ZParticipationRequest, { communityId })
  return request({ path: '/api/volunteers/participation', data: q, schema: ZParticipationResponse })
}

// --- the per-work-unit report (CSV) ------------------------------------------------------------------

/**
 * GET returning text: request() always asks for JSON, and Taro's H5 request turns a body that is not JSON
 * into null, so the CSV needs `dataType: 'text'`. Same header, errors and 401 handling as request().
 */
async function requestText(path: string, data: Record<string, string>): Promise<string> {
  const header: Record<string, string> = {}
  const token = getToken()
  if (token) header.Authorization = `Bearer ${token}`
  let res: { statusCode: number; data: unknown }
  try {
    res = await Taro.request({ url: buildUrl(path), method: 'GET', data, header, timeout: 20_000, dataType: 'text', responseType: 'text' })
  } catch (err) {
    throw apiErrorFromNetwork(err)
  }
  if (res.statusCode >= 200 && res.statusCode < 300) return typeof res.data === 'string' ? res.data : ''
  let body: unknown = res.data
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body)
    } catch {
      // not an error body: apiErrorFromResponse falls back to the status
    }
  }
  const error = apiErrorFromResponse(res.statusCode, body)
  if (res.statusCode === 401) {
    clearSession()
    redirectToLogin()
  }
  throw error
}

/** The CSV text without the byte-order mark the server adds for Excel. */
export async function volunteerReport(communityId: string, year?: number): Promise<string> {
  const q = parseInput(ZReportRequest, { communityId, year })
  const text = await requestText('/api/volunteers/report', query({ communityId: q.communityId, year: q.year }))
  return text.replace(/^\uFEFF/, '')
}

/** RFC 4180 rows (quoted fields, doubled quotes, CRLF or LF), for showing the report on the page. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"'
        i++
      } else if (c === '"') quoted = false
      else field += c
    } else if (c === '"') quoted = true
    else if (c === ',') {
      row.push(field)
      field = ''
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++
      row.push(field)
      rows.push(row)
      row = []
      field = ''
    } else field += c
  }
  if (field !== '' || row.length > 0) {
    row.push(field)
    rows.push(row)
  }
  return rows
}

/**
 * H5: saves the CSV as a file (with the BOM back, so Excel reads the Chinese). Returns false where a page
 * cannot download (weapp), and the caller shows the rows instead.
 */
export function downloadCsv(text: string, filename: string): boolean {
  if (process.env.TARO_ENV !== 'h5' || typeof document === 'undefined' || typeof URL.createObjectURL !== 'function') return false
  const blob = new Blob(['\uFEFF', text], { type: 'text/csv;charset=utf-8' })
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = filename
  a.style.display = 'none'
  document.body.appendChild(a)
  a.click()
  document.body.removeChild(a)
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
  return true
}

// --- posts and slots ---------------------------------------------------------------------------------

export interface PostFilter {
  communityId?: string
  category?: PostCategory
  /** ISO time; posts with a slot ending after it (the server's default: now) */
  from?: string
}

/** One page of open posts, the soonest next slot first. */
export async function listPosts(filter: PostFilter = {}, cursor?: string): Promise<Page<Post>> {
  const q = query({ communityId: filter.communityId, category: filter.category, from: filter.from, cursor })
  parseInput(ZListPostsRequest, q)
  return request({ path: '/api/posts', data: q, schema: ZListPostsResponse })
}

export async function getPost(id: string): Promise<Post> {
  const { id: pid } = parseInput(ZGetPostRequest, { id })
  return request({ path: `/api/posts/${enc(pid)}`, schema: ZPost })
}

export async function createPost(input: CreatePostInput): Promise<Post> {
  const body = parseInput(ZCreatePostRequest, input)
  return request({ method: 'POST', path: '/api/posts', data: body, schema: ZPost })
}

/** 认领: one place in a slot; the server refuses when full, already mine, or not an approved volunteer. */
export async function claimSlot(postId: string, slotId: string): Promise<Shift> {
  const { id, ...body } = parseInput(ZClaimSlotRequest, { id: postId, slotId })
  return request({ method: 'POST', path: `/api/posts/${enc(id)}/claim`, data: body, schema: ZShift })
}

// --- shifts ------------------------------------------------------------------------------------------

/** mine: my shifts, newest slot first; to_confirm: checked-out shifts waiting for staff, the longest waiting first. */
export async function listShifts(scope: 'mine' | 'to_confirm' = 'mine', cursor?: string): Promise<Page<Shift>> {
  const q = parseInput(ZListShiftsRequest, { scope, cursor })
  return request({ path: '/api/shifts', data: query({ scope: q.scope, cursor: q.cursor }), schema: ZListShiftsResponse })
}

export async function cancelShift(id: string): Promise<Shift> {
  const { id: sid } = parseInput(ZShiftIdRequest, { id })
  return request({ method: 'POST', path: `/api/shifts/${enc(sid)}/cancel`, data: {}, schema: ZShift })
}

/** lat/lng in GCJ-02 (utils/geo.ts); the server checks the radius and the time window. */
export async function checkIn(id: string, at: { lat: number; lng: number }): Promise<Shift> {
  const { id: sid, ...body } = parseInput(ZCheckInRequest, { id, lat: at.lat, lng: at.lng })
  return request({ method: 'POST', path: `/api/shifts/${enc(sid)}/check-in`, data: body, schema: ZShift })
}

export async function checkOut(input: CheckOutInput): Promise<Shift> {
  const { id, ...body } = parseInput(ZCheckOutRequest, input)
  return request({ method: 'POST', path: `/api/shifts/${enc(id)}/check-out`, data: body, schema: ZShift })
}

export async function confirmShift(input: ConfirmShiftInput): Promise<Shift> {
  const { id, ...body } = parseInput(ZConfirmShiftRequest, input)
  return request({ method: 'POST', path: `/api/shifts/${enc(id)}/confirm`, data: body, schema: ZShift })
}

/** 申请补签退: the volunteer forgot to check out; staff decide on the minutes. */
export async function requestShiftClose(input: RequestShiftCloseInput): Promise<Shift> {
  const { id, ...body } = parseInput(ZRequestShiftCloseRequest, input)
  return request({ method: 'POST', path: `/api/shifts/${enc(id)}/close-request`, data: body, schema: ZShift })
}

/** Staff: confirm a 补签退 request (minutes left out = the volunteer's) or send it back with a reason. */
export async function resolveShiftClose(input: ResolveShiftCloseInput): Promise<Shift> {
  const { id, ...body } = parseInput(ZResolveShiftCloseRequest, input)
  return request({ method: 'POST', path: `/api/shifts/${enc(id)}/close-resolve`, data: body, schema: ZShift })
}

export async function uploadPhoto(input: UploadPhotoInput): Promise<UploadedPhoto> {
  const body = parseInput(ZUploadPhotoRequest, input)
  return request({ method: 'POST', path: '/api/uploads/photo', data: body, schema: ZUploadPhotoResponse, timeout: 60_000 })
}

/**
 * Where a stored photo can be seen. Shifts carry storage keys; the local storage adapter serves them at
 * /api/files (development, self-hosting). An upload's own answer carries its URL, which wins when known.
 */
export function photoUrl(key: string): string {
  // an <Image> cannot send the Authorization header; /api/files shows a record's photo only to who may see the record
  const token = getToken()
  return buildUrl(`/api/files?key=${enc(key)}${token ? `&token=${enc(token)}` : ''}`)
}

// --- whistles ----------------------------------------------------------------------------------------

/** One page of whistles: the open ones first (soonest first), then those closed within the day. */
export async function listWhistles(communityId?: string, cursor?: string): Promise<Page<Whistle>> {
  const q = query({ communityId, cursor })
  parseInput(ZListWhistlesRequest, q)
  return request({ path: '/api/whistles', data: q, schema: ZListWhistlesResponse })
}

export async function createWhistle(input: CreateWhistleInput): Promise<Whistle> {
  const body = parseInput(ZCreateWhistleRequest, input)
  return request({ method: 'POST', path: '/api/whistles', data: body, schema: ZWhistle })
}

export async function respondWhistle(id: string): Promise<Whistle> {
  const { id: wid } = parseInput(ZRespondWhistleRequest, { id })
  return request({ method: 'POST', path: `/api/whistles/${enc(wid)}/respond`, data: {}, schema: ZWhistle })
}
