import type { z } from 'zod'
import { ops, type Post, type PostCategory, type Registration, type Shift, type VolunteerKind, type Whistle } from '../../core/contracts'
import { api, flat, type FlatInput } from './client'
import { fileUrl } from './request'

// Volunteers (issue 5): 双报到 and the talent pool, service posts, shifts with on-site check-in, whistles.
// Every call goes through the client derived from the contract (client.ts), which checks each part with the server's
// own schemas first: a bad form never costs a round trip, and a local failure looks exactly like the server's 400.

export type RegisterInput = z.input<typeof ops.registerVolunteer.body>
export type RecommendInput = z.input<typeof ops.recommendTalent.body>
export type CreatePostInput = z.input<typeof ops.createPost.body>
export type CreateWhistleInput = z.input<typeof ops.createWhistle.body>
export type UploadPhotoInput = z.input<typeof ops.uploadPhoto.body>
/** An action on a registration or a shift: its id and the action's body. */
export type ReviewInput = FlatInput<typeof ops.reviewVolunteer>
export type CheckOutInput = FlatInput<typeof ops.checkOut>
export type ConfirmShiftInput = FlatInput<typeof ops.confirmShift>
export type RequestShiftCloseInput = FlatInput<typeof ops.requestShiftClose>
export type ResolveShiftCloseInput = FlatInput<typeof ops.resolveShiftClose>
export type VolunteerMe = z.infer<typeof ops.volunteerMe.response>
export type Participation = z.infer<typeof ops.participation.response>
export type UploadedPhoto = z.infer<typeof ops.uploadPhoto.response>
/** One keyset page of a list: pass `nextCursor` back for the next one (null: no more). */
export interface Page<T> {
  items: T[]
  nextCursor: string | null
}

// --- registration and the talent pool --------------------------------------------------------------

/** 双报到 (party_member) or 能人自荐 (talent): waits for staff review. */
export const registerVolunteer = (input: RegisterInput): Promise<Registration> => api.volunteers.registerVolunteer({ body: input })

/** 居民推荐 (a resident) or 组织发现 (staff): puts someone else in the talent pool, pending review. */
export const recommendTalent = (input: RecommendInput): Promise<Registration> => api.volunteers.recommendTalent({ body: input })

export const reviewVolunteer = flat(ops.reviewVolunteer)

export interface VolunteerFilter {
  status?: Registration['status']
  kind?: VolunteerKind
  skill?: string
}

/** One page of the community's registrations, in the order they came. */
export const listVolunteers = (filter: VolunteerFilter = {}, cursor?: string): Promise<Page<Registration>> =>
  api.volunteers.listVolunteers({ query: { status: filter.status, kind: filter.kind, skill: filter.skill?.trim() || undefined, cursor } })

export const volunteerMe = (): Promise<VolunteerMe> => api.volunteers.volunteerMe()

export const participation = (communityId: string): Promise<Participation> => api.volunteers.participation({ query: { communityId } })

// --- the per-work-unit report (CSV) ------------------------------------------------------------------

/** The CSV text without the byte-order mark the server adds for Excel. */
export async function volunteerReport(communityId: string, year?: number): Promise<string> {
  const text = await api.volunteers.volunteerReport({ query: { communityId, year }, timeout: 20_000 })
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
export const listPosts = (filter: PostFilter = {}, cursor?: string): Promise<Page<Post>> =>
  api.volunteers.listPosts({ query: { communityId: filter.communityId, category: filter.category, from: filter.from, cursor } })

export const getPost = (id: string): Promise<Post> => api.volunteers.getPost({ params: { id } })

export const createPost = (input: CreatePostInput): Promise<Post> => api.volunteers.createPost({ body: input })

/** 认领: one place in a slot; the server refuses when full, already mine, or not an approved volunteer. */
export const claimSlot = (postId: string, slotId: string): Promise<Shift> =>
  api.volunteers.claimSlot({ params: { id: postId }, body: { slotId } })

// --- shifts ------------------------------------------------------------------------------------------

/** mine: my shifts, newest slot first; to_confirm: checked-out shifts waiting for staff, the longest waiting first. */
export const listShifts = (scope: 'mine' | 'to_confirm' = 'mine', cursor?: string): Promise<Page<Shift>> =>
  api.volunteers.listShifts({ query: { scope, cursor } })

export const cancelShift = (id: string): Promise<Shift> => api.volunteers.cancelShift({ params: { id } })

/** lat/lng in GCJ-02 (utils/geo.ts); the server checks the radius and the time window. */
export const checkIn = (id: string, at: { lat: number; lng: number }): Promise<Shift> =>
  api.volunteers.checkIn({ params: { id }, body: { lat: at.lat, lng: at.lng } })

export const checkOut = flat(ops.checkOut)

export const confirmShift = flat(ops.confirmShift)

/** 申请补签退: the volunteer forgot to check out; staff decide on the minutes. */
export const requestShiftClose = flat(ops.requestShiftClose)

/** Staff: confirm a 补签退 request (minutes left out = the volunteer's) or send it back with a reason. */
export const resolveShiftClose = flat(ops.resolveShiftClose)

export const uploadPhoto = (input: UploadPhotoInput): Promise<UploadedPhoto> => api.volunteers.uploadPhoto({ body: input, timeout: 60_000 })

/**
 * Where a stored photo can be seen (shifts carry storage keys; an upload's own answer carries its URL, which wins
 * when known).
 */
export const photoUrl = (key: string): string => fileUrl(key)

// --- whistles ----------------------------------------------------------------------------------------

/** One page of whistles: the open ones first (soonest first), then those closed within the day. */
export const listWhistles = (communityId?: string, cursor?: string): Promise<Page<Whistle>> =>
  api.volunteers.listWhistles({ query: { communityId, cursor } })

export const createWhistle = (input: CreateWhistleInput): Promise<Whistle> => api.volunteers.createWhistle({ body: input })

export const respondWhistle = (id: string): Promise<Whistle> => api.volunteers.respondWhistle({ params: { id } })
