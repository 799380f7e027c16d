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
