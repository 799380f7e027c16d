import type { Post, Shift } from '../../../core/contracts'
import { haversineM, type Point } from '../../../core/volunteers/rules'

// Posts list rules: which slots a date filter shows, the order, and the words for places and hours.
// Days are Beijing days (UTC+8, no daylight saving), like every time the app shows.

export type DateRange = 'today' | 'week' | 'all'
export const DATE_RANGE_LABELS: Record<DateRange, string> = { today: '今天', week: '本周', all: '全部' }

const DAY_MS = 86_400_000
const CST_MS = 8 * 3_600_000

/** The end (exclusive) of the range in Beijing time; null for 全部. 本周 ends at Sunday midnight. */
export function rangeEnd(range: DateRange, now: Date): number | null {
  if (range === 'all') return null
  const t = now.getTime()
  const startOfToday = Math.floor((t + CST_MS) / DAY_MS) * DAY_MS - CST_MS
  if (range === 'today') return startOfToday + DAY_MS
  const weekday = new Date(t + CST_MS).getUTCDay() // 0 = Sunday
  const daysLeft = (7 - weekday) % 7
  return startOfToday + (daysLeft + 1) * DAY_MS
}

export type Slot = Post['slots'][number]

/** Slots not yet over that start before the range ends, earliest first. */
export function visibleSlots(post: Post, range: DateRange, now: Date): Slot[] {
  const end = rangeEnd(range, now)
  const t = now.getTime()
  return post.slots
    .filter((s) => Date.parse(s.endsAt) >= t && (end === null || Date.parse(s.startsAt) < end))
    .sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt))
}

export interface ListedPost {
  post: Post
  slots: Slot[]
  /** metres from the person, when their position is known */
  distanceM: number | null
}

export type PostOrder = 'time' | 'distance'

/** The posts with at least one slot in range; by the first such slot's start, or nearest first. */
export function arrangePosts(posts: Post[], opts: { range: DateRange; now: Date; here: Point | null; order: PostOrder }): ListedPost[] {
  const { range, now, here, order } = opts
  const listed = posts
    .map((post) => ({ post, slots: visibleSlots(post, range, now), distanceM: here ? haversineM(here, post) : null }))
    .filter((x) => x.slots.length > 0)
  const start = (x: ListedPost) => Date.parse(x.slots[0].startsAt)
  return listed.sort((a, b) => {
    if (order === 'distance' && a.distanceM !== null && b.distanceM !== null && a.distanceM !== b.distanceM) return a.distanceM - b.distanceM
    return start(a) - start(b) || a.post.title.localeCompare(b.post.title)
  })
}

export function remaining(slot: Slot): number {
  return Math.max(0, slot.capacity - slot.claimed)
}

/** "1 小时", "1 小时 30 分钟", "45 分钟": verified service time. */
export function formatMinutes(minutes: number): string {
  const m = Math.max(0, Math.round(minutes))
  if (m < 60) return `${m} 分钟`
  const h = Math.floor(m / 60)
  const rest = m % 60
  return rest ? `${h} 小时 ${rest} 分钟` : `${h} 小时`
}

/** 3 → "3", 3.5 → "3.5": hours as the server rounds them (one decimal). */
export function formatHours(hours: number): string {
  return String(Math.round(hours * 10) / 10)
}

const ACTIVE: ReadonlyArray<Shift['status']> = ['checked_in', 'claimed']

/** Ongoing and upcoming first (soonest first), then the history as the server sends it (newest first). */
export function orderShifts(items: Shift[]): Shift[] {
  const active = items
    .filter((s) => ACTIVE.includes(s.status))
    .sort((a, b) => ACTIVE.indexOf(a.status) - ACTIVE.indexOf(b.status) || Date.parse(a.startsAt) - Date.parse(b.startsAt))
  return [...active, ...items.filter((s) => !ACTIVE.includes(s.status))]
}
