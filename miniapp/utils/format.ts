/**
 * Times are shown in China Standard Time (UTC+8, no daylight saving) whatever the device's zone:
 * the communities, their staff and the SLA deadlines all run on Beijing time.
 */
const CST_OFFSET_MS = 8 * 60 * 60 * 1000

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n)
}

/** "11月22日 14:30"; the year is added when it is not the current year ("2023年11月22日 14:30"). */
export function formatDateTime(iso: string, now: Date = new Date()): string {
  const ms = Date.parse(iso)
  if (Number.isNaN(ms)) return iso
  const d = new Date(ms + CST_OFFSET_MS)
  const thisYear = new Date(now.getTime() + CST_OFFSET_MS).getUTCFullYear()
  const year = d.getUTCFullYear() === thisYear ? '' : `${d.getUTCFullYear()}年`
  return `${year}${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}`
}
