/**
 * On-site check-in rules (地理位置签到). The database applies the same rules when it records a check-in;
 * this mirror lets the mini-program tell a volunteer how far they are before they try.
 */
export const EARTH_RADIUS_M = 6_371_008.8
/** check-in and check-out are accepted from 30 minutes before a slot starts until 30 minutes after it ends */
export const CHECK_WINDOW_MINUTES = 30
/** cancelling less than 2 hours before the start counts as a late cancellation (integrity) */
export const LATE_CANCEL_MINUTES = 120

export interface Point {
  lat: number
  lng: number
}

/** Great-circle distance in metres (haversine), as the server computes it. */
export function haversineM(a: Point, b: Point): number {
  const rad = Math.PI / 180
  const dLat = (b.lat - a.lat) * rad
  const dLng = (b.lng - a.lng) * rad
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)))
}

export function insideGeofence(post: Point & { radiusM: number }, at: Point): boolean {
  return haversineM(post, at) <= post.radiusM
}

export function insideCheckWindow(slot: { startsAt: string; endsAt: string }, now: Date): boolean {
  const t = now.getTime()
  const slack = CHECK_WINDOW_MINUTES * 60_000
  return t >= Date.parse(slot.startsAt) - slack && t <= Date.parse(slot.endsAt) + slack
}

export function isLateCancel(slot: { startsAt: string }, now: Date): boolean {
  return Date.parse(slot.startsAt) - now.getTime() < LATE_CANCEL_MINUTES * 60_000
}

/** 补签退 may be asked for until this many days after the slot ended (shift_close_request's rule). */
export const CLOSE_REQUEST_DAYS = 7

interface Closable {
  status: string
  startsAt: string
  endsAt: string
  checkInAt: string | null
  closure: unknown
}

/**
 * The most minutes a 补签退 can ask for now: the slot's length, or the time since check-in if shorter (as the
 * server bounds it, so a request made during the slot never claims time still to come).
 */
export function maxCloseMinutes(s: Closable, now: Date): number {
  if (!s.checkInAt) return 0
  const slot = Date.parse(s.endsAt) - Date.parse(s.startsAt)
  const served = now.getTime() - Date.parse(s.checkInAt)
  return Math.max(0, Math.floor(Math.min(slot, served) / 60_000))
}

/** Check-out needs the site and the window; after slot end + 30 minutes only a 补签退 can close the shift. */
export function checkOutMissed(s: Pick<Closable, 'status' | 'endsAt'>, now: Date): boolean {
  return s.status === 'checked_in' && now.getTime() > Date.parse(s.endsAt) + CHECK_WINDOW_MINUTES * 60_000
}

/** 申请补签退 is offered for a checked-in shift without a request, until CLOSE_REQUEST_DAYS after the slot ended. */
export function canRequestClose(s: Closable, now: Date): boolean {
  return s.status === 'checked_in' && !s.closure && now.getTime() <= Date.parse(s.endsAt) + CLOSE_REQUEST_DAYS * 86_400_000 && maxCloseMinutes(s, now) >= 1
}

/** "距岗位 1.2 公里" / "距岗位 85 米": how the check-in button explains itself. */
export function describeDistance(m: number): string {
  return m >= 1000 ? `${(m / 1000).toFixed(1)} 公里` : `${Math.round(m)} 米`
}
