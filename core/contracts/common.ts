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

export const APP_ROLES = ['resident', 'party_member', 'talent', 'unit', 'grid_worker', 'staff', 'admin'] as const
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
}
