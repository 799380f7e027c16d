import { z } from 'zod'

const flag = z.enum(['0', '1', 'true', 'false']).default('0').transform((v) => v === '1' || v === 'true')

/** Every setting of the server, validated once. A missing or bad one fails at start and is named. */
export const ZEnv = z
  .object({
    NODE_ENV: z.string().default('development'),
    /** Signs and verifies the API's JWTs; on Supabase it is the project's JWT secret (PostgREST checks it). */
    SUPABASE_JWT_SECRET: z.string().min(32, 'SUPABASE_JWT_SECRET must be at least 32 characters'),
    JWT_TTL_SECONDS: z.coerce.number().int().positive().default(7 * 24 * 3600),
    /** A real Postgres (tests, self-hosting). */
    DATABASE_URL: z.string().url().optional(),
    /** Supabase (production). */
    SUPABASE_URL: z.string().url().optional(),
    SUPABASE_ANON_KEY: z.string().min(1).optional(),
    SUPABASE_SERVICE_ROLE_KEY: z.string().min(1).optional(),
    /** Supabase Storage bucket for photos: private; /api/files checks access and redirects to a signed URL. */
    SUPABASE_STORAGE_BUCKET: z.string().regex(/^[a-z0-9-]{3,63}$/).default('service-records'),
    /** Embedded PGlite data directory (development). */
    DATA_DIR: z.string().default('.data'),
    AUTH_DEV_LOGIN: flag,
    WECHAT_APPID: z.string().min(1).optional(),
    WECHAT_SECRET: z.string().min(1).optional(),
    WECHAT_API_BASE: z.string().url().default('https://api.weixin.qq.com'),
    /** Which build a 小程序码 opens: release (正式版), trial (体验版) or develop (开发版). */
    WECHAT_ENV_VERSION: z.enum(['release', 'trial', 'develop']).default('release'),
    /** WeChat subscribe-message template for need status changes (fields thing1, phrase2, thing3, time4; all groups share them). */
    WECHAT_TEMPLATE_NEED_STATUS: z.string().min(1).optional(),
    /** Subscribe-message templates of the other groups (core/notify/templates.ts lists the kinds and fields of each). */
    WECHAT_TEMPLATE_SERVICE: z.string().min(1).optional(),
    WECHAT_TEMPLATE_MEETING: z.string().min(1).optional(),
    WECHAT_TEMPLATE_REDEMPTION: z.string().min(1).optional(),
    /** Shared with Vercel cron: it sends `Authorization: Bearer <CRON_SECRET>` to /api/cron/*. */
    CRON_SECRET: z.string().min(16, 'CRON_SECRET must be at least 16 characters').optional(),
    /** Largest accepted request body in bytes. */
    BODY_LIMIT_BYTES: z.coerce.number().int().positive().default(64 * 1024),
    /** A request body must have arrived completely within this many milliseconds (408 otherwise). */
    BODY_TIMEOUT_MS: z.coerce.number().int().positive().max(120_000).default(10_000),
  })
  .superRefine((e, ctx) => {
    if (e.SUPABASE_URL && !e.SUPABASE_ANON_KEY) {
      ctx.addIssue({ code: 'custom', path: ['SUPABASE_ANON_KEY'], message: 'required when SUPABASE_URL is set' })
    }
    // Demo login hands out any seeded person's token to anyone who asks: never where real people's data lives.
    if (e.AUTH_DEV_LOGIN && (e.NODE_ENV === 'production' || e.SUPABASE_URL)) {
      ctx.addIssue({
        code: 'custom',
        path: ['AUTH_DEV_LOGIN'],
        message: `must not be set when ${e.NODE_ENV === 'production' ? 'NODE_ENV=production' : 'SUPABASE_URL is set'} (demo login would let anyone act as any seeded person)`,
      })
    }
    if (e.SUPABASE_URL && !e.SUPABASE_SERVICE_ROLE_KEY) {
      ctx.addIssue({ code: 'custom', path: ['SUPABASE_SERVICE_ROLE_KEY'], message: 'required when SUPABASE_URL is set' })
    }
  })

export type Env = z.infer<typeof ZEnv>

export class EnvError extends Error {}

export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  // an empty variable counts as unset, as in most deployment dashboards
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''))
  const r = ZEnv.safeParse(cleaned)
  if (!r.success) {
    const lines = r.error.issues.map((i) => `  ${i.path.join('.') || '(env)'}: ${i.message}`)
    throw new EnvError(`Invalid server configuration:\n${lines.join('\n')}`)
  }
  return r.data
}

export function dbKind(env: Env): 'postgres' | 'supabase' | 'pglite' {
  if (env.DATABASE_URL) return 'postgres'
  if (env.SUPABASE_URL) return 'supabase'
  return 'pglite'
}
