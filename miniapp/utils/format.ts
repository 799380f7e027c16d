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

/** "11月22日" in Beijing time (for date chips and same-day ranges). */
export function formatDate(iso: string, now: Date = new Date()): string {
  const full = formatDateTime(iso, now)
  return full.replace(/ \d{2}:\d{2}$/, '')
}

const GOAL_WORDS = { resolve: '办结', plan: '拿出方案', report: '上报' } as const

/** "应于 11月22日 15:30 前办结" (the SLA goal decides the last word). */
export function formatDue(dueAt: string, goal: keyof typeof GOAL_WORDS | null, now: Date = new Date()): string {
  return `应于 ${formatDateTime(dueAt, now)} 前${GOAL_WORDS[goal ?? 'resolve']}`
}

/** "11月23日 08:00–12:00" for a window within one day, else both ends in full. */
export function formatWindow(from: string | null, to: string | null, now: Date = new Date()): string {
  if (from && to) {
    const a = formatDateTime(from, now)
    const b = formatDateTime(to, now)
    const [dayA, timeA] = [a.slice(0, a.lastIndexOf(' ')), a.slice(a.lastIndexOf(' ') + 1)]
    const [dayB, timeB] = [b.slice(0, b.lastIndexOf(' ')), b.slice(b.lastIndexOf(' ') + 1)]
    return dayA === dayB ? `${dayA} ${timeA}–${timeB}` : `${a} 至 ${b}`
  }
  if (from) return `${formatDateTime(from, now)} 以后`
  if (to) return `${formatDateTime(to, now)} 以前`
  return ''
}

/** The Beijing calendar date `days` after today's, as "YYYY-MM-DD" (for building +08:00 timestamps). */
export function beijingDay(days: number, now: Date = new Date()): string {
  const d = new Date(now.getTime() + CST_OFFSET_MS + days * 86_400_000)
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`
}

/**
 * What residents call the place a micro-grid (微网格) stands for: the building or the small estate.
 * "微网格" is the office's word; residents say 楼栋. "1号楼微网格" → "1号楼", "阳光小区（微网格）" → "阳光小区";
 * a name that is nothing but the word gives null.
 */
export function buildingName(microGridName: string | null | undefined): string | null {
  if (!microGridName) return null
  const name = microGridName
    .trim()
    .replace(/[（(]\s*微?网格\s*[)）]$/, '')
    .replace(/[\s·\-—_]*微?网格$/, '')
    .trim()
  return name === '' ? null : name
}

/**
 * Where a person lives, in the words of a resident: "和平社区 · 1号楼" (never 微网格). Only the community when there
 * is no building, only the building without a community, '' with neither (the caller says 尚未加入社区).
 */
export function placeLabel(communityName: string | null | undefined, microGridName?: string | null): string {
  const community = communityName?.trim() || ''
  const building = buildingName(microGridName)
  if (community && building) return `${community} · ${building}`
  return community || building || ''
}

/**
 * A phone number as people read it off a notice: a mobile in 3-4-4 ("138 0013 8000"), a landline with its area
 * code apart ("010-6512 3456"); a number already written with hyphens keeps them.
 */
export function formatPhone(phone: string): string {
  const p = phone.trim()
  if (p.includes('-')) return p
  if (/^1\d{10}$/.test(p)) return `${p.slice(0, 3)} ${p.slice(3, 7)} ${p.slice(7)}`
  const area = /^(0(?:10|2\d|[3-9]\d{2}))(\d{7,8})$/.exec(p)
  if (area) {
    const local = area[2]
    const cut = local.length - 4
    return `${area[1]}-${local.slice(0, cut)} ${local.slice(cut)}`
  }
  return p
}

/** For a screen reader: one digit at a time ("0 1 0 6 5 …"), never "six billion five hundred …". */
export function phoneForSpeech(phone: string): string {
  return phone.replace(/\D/g, '').split('').join(' ')
}
