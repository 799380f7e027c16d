import { z } from 'zod'

// Default validation messages in Simplified Chinese; contracts override them with field-specific text.
z.config(z.locales.zhCN())

/** Body of every error response: a stable code for programs, a Chinese message for people. */
export const ZErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    field: z.string().optional(),
  }),
})
export type ErrorBody = z.infer<typeof ZErrorBody>

export const ZUuid = z.uuid({ error: '编号格式不正确' })

/** The path parameters most operations take: `/…/{id}` and `/communities/{communityId}/…`. */
export const ZIdParams = z.object({ id: ZUuid })
export const ZCommunityIdParams = z.object({ communityId: ZUuid })
export const ZTimestamp = z.string()

export const APP_ROLES = ['resident', 'party_member', 'talent', 'unit', 'grid_worker', 'staff', 'admin', 'department'] as const
export const ZAppRole = z.enum(APP_ROLES)
export type AppRole = z.infer<typeof ZAppRole>

export const APP_ROLE_LABELS: Record<AppRole, string> = {
  resident: '居民',
  party_member: '在职党员',
  talent: '社区能人',
  unit: '驻区单位',
  grid_worker: '网格员',
  staff: '社区工作者',
  admin: '管理员',
  department: '职能部门',
}

/** Control characters (NUL and friends) never belong in what a person types; Postgres refuses NUL outright. */
const CONTROL_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/

/** Free text typed by a person: trimmed, within bounds, no control characters. */
export function zText(label: string, min: number, max: number) {
  return z
    .string({ error: `请填写${label}` })
    .trim()
    .min(min, { error: min <= 1 ? `请填写${label}` : `${label}至少 ${min} 个字` })
    .max(max, { error: `${label}最多 ${max} 个字` })
    .refine((s) => !CONTROL_CHARS.test(s), { error: `${label}包含不能识别的字符` })
}

export function hasControlChars(s: string): boolean {
  return CONTROL_CHARS.test(s)
}

/** An opaque keyset cursor as handed out in `nextCursor`. */
export const ZCursorParam = z.string().max(200, { error: '分页参数不正确' }).regex(/^[A-Za-z0-9_-]+$/, { error: '分页参数不正确' })

/**
 * Years a date may name. Postgres refuses year 0000 outright (a 500 before this bound) and nothing in a community's
 * life is planned before 2000 or after 2099; the statistics and export days use the same range.
 */
export const YEAR_MIN = 2000
export const YEAR_MAX = 2099

function yearInRange(y: number): boolean {
  return Number.isInteger(y) && y >= YEAR_MIN && y <= YEAR_MAX
}

/** An ISO 8601 instant `YYYY-MM-DDTHH:MM:SS(.fff)(Z|±HH:MM)` that exists and names a year 2000-2099. */
export function isIsoDateTimeInRange(s: string): boolean {
  const ms = Date.parse(s)
  return Number.isFinite(ms) && yearInRange(Number(s.slice(0, 4))) && yearInRange(new Date(ms).getUTCFullYear())
}

/** The one date-time schema of requests: ISO with an offset, a real calendar day (zod checks that), years bounded. */
export function zIsoDateTime(error = '时间格式不正确') {
  return z.iso
    .datetime({ offset: true, error })
    .refine(isIsoDateTimeInRange, { error: `时间需在 ${YEAR_MIN} 年至 ${YEAR_MAX} 年之间` })
}

/** A month `YYYY-MM` in the years 2000-2099. */
export function zMonth(error = '月份格式应为 YYYY-MM') {
  return z
    .string({ error: '请提供月份，如 2026-11' })
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error })
    .refine((s) => yearInRange(Number(s.slice(0, 4))), { error: `月份需在 ${YEAR_MIN} 年至 ${YEAR_MAX} 年之间` })
}

/** A quarter `YYYYQn` in the years 2000-2099. */
export function zQuarter(error = '季度格式应为 2026Q4') {
  return z
    .string({ error: '请提供季度，如 2026Q4' })
    .regex(/^\d{4}Q[1-4]$/, { error })
    .refine((s) => yearInRange(Number(s.slice(0, 4))), { error: `季度需在 ${YEAR_MIN} 年至 ${YEAR_MAX} 年之间` })
}

/**
 * A photo's storage key as POST /api/uploads/photo hands it out (`shifts/<uploader>/<uuid>.jpg`): lower-case
 * segments of letters, digits, `-` and `_`, one extension on the last. That leaves no way to write `..`, a leading
 * `/`, a backslash or a percent escape, so a key can never climb out of the uploads folder or the bucket.
 */
const PHOTO_KEY = /^[a-z0-9][a-z0-9_-]{0,63}(\/[a-z0-9][a-z0-9_-]{0,63}){0,3}\.(jpg|jpeg|png|webp)$/

export function zPhotoKey(error = '照片编号不正确，请重新上传') {
  return z.string({ error }).max(200, { error }).regex(PHOTO_KEY, { error })
}

export function isPhotoKey(s: string): boolean {
  return s.length <= 200 && PHOTO_KEY.test(s)
}

/**
 * Where a stored photo is seen: the files endpoint streams bytes (or redirects to a signed URL), so it is no JSON
 * operation of the registry; the server builds photo links and the mini-program adds its token with this one path.
 */
export const FILES_PATH = '/api/files'
export const filePath = (key: string): string => `${FILES_PATH}?key=${encodeURIComponent(key)}`
