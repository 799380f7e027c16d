/**
 * Calendar days `YYYY-MM-DD` as the community office counts them: China time (UTC+8, no daylight saving), whatever
 * the device's clock or the server's time zone. Shared by the statistics and export contracts and the mini-program.
 */

/** Today in China. */
export function chinaToday(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10)
}

/** `YYYY-MM-DD` plus `days` (may be negative). */
export function addDays(day: string, days: number): string {
  const [y, m, d] = day.split('-').map(Number)
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10)
}

/** A day that exists (no 2026-02-30) in the years minYear..maxYear. */
export function isCalendarDay(s: string, minYear: number, maxYear: number): boolean {
  const [y, m, d] = s.split('-').map(Number)
  if (y < minYear || y > maxYear) return false
  const t = new Date(Date.UTC(y, m - 1, d))
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d
}

/** The last day a period starting on `from` may end on: the day before the same date `years` later. */
export function lastDayWithin(from: string, years: number): string {
  const [y, m, d] = from.split('-').map(Number)
  const t = new Date(Date.UTC(y + years, m - 1, d))
  // 29 February + n years rolls over to 1 March; Postgres' `+ interval 'n years'` clamps to 28 February
  if (t.getUTCDate() !== d) t.setUTCDate(0)
  t.setUTCDate(t.getUTCDate() - 1)
  return t.toISOString().slice(0, 10)
}
