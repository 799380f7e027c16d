import { describe, expect, it } from 'vitest'
import { dbKind, EnvError, loadEnv } from './env'

const secret = 'x'.repeat(32)

describe('loadEnv', () => {
  it('fails naming a missing secret', () => {
    expect(() => loadEnv({})).toThrow(EnvError)
    expect(() => loadEnv({})).toThrow(/SUPABASE_JWT_SECRET/)
  })
  it('names the Supabase keys that must accompany SUPABASE_URL', () => {
    expect(() => loadEnv({ SUPABASE_JWT_SECRET: secret, SUPABASE_URL: 'https://x.supabase.co' })).toThrow(/SUPABASE_ANON_KEY[\s\S]*SUPABASE_SERVICE_ROLE_KEY/)
  })
  it('treats empty variables as unset and applies defaults', () => {
    const e = loadEnv({ SUPABASE_JWT_SECRET: secret, WECHAT_APPID: '', AUTH_DEV_LOGIN: '' })
    expect(e.WECHAT_APPID).toBeUndefined()
    expect(e.AUTH_DEV_LOGIN).toBe(false)
    expect(e.WECHAT_API_BASE).toBe('https://api.weixin.qq.com')
  })
  it('picks the database adapter from the settings', () => {
    expect(dbKind(loadEnv({ SUPABASE_JWT_SECRET: secret }))).toBe('pglite')
    expect(dbKind(loadEnv({ SUPABASE_JWT_SECRET: secret, DATABASE_URL: 'postgres://u:p@localhost/db' }))).toBe('postgres')
    expect(dbKind(loadEnv({ SUPABASE_JWT_SECRET: secret, SUPABASE_URL: 'https://x.supabase.co', SUPABASE_ANON_KEY: 'a', SUPABASE_SERVICE_ROLE_KEY: 's' }))).toBe('supabase')
  })
  it('AUTH_DEV_LOGIN accepts 1/true only as on', () => {
    expect(loadEnv({ SUPABASE_JWT_SECRET: secret, AUTH_DEV_LOGIN: '1' }).AUTH_DEV_LOGIN).toBe(true)
    expect(loadEnv({ SUPABASE_JWT_SECRET: secret, AUTH_DEV_LOGIN: 'true' }).AUTH_DEV_LOGIN).toBe(true)
    expect(() => loadEnv({ SUPABASE_JWT_SECRET: secret, AUTH_DEV_LOGIN: 'yes' })).toThrow(/AUTH_DEV_LOGIN/)
  })
  it('refuses AUTH_DEV_LOGIN in production or next to Supabase, naming it (issue 13)', () => {
    const supabase = { SUPABASE_URL: 'https://x.supabase.co', SUPABASE_ANON_KEY: 'a', SUPABASE_SERVICE_ROLE_KEY: 's' }
    expect(() => loadEnv({ SUPABASE_JWT_SECRET: secret, AUTH_DEV_LOGIN: '1', NODE_ENV: 'production' })).toThrow(/AUTH_DEV_LOGIN[^\n]*NODE_ENV=production/)
    expect(() => loadEnv({ SUPABASE_JWT_SECRET: secret, AUTH_DEV_LOGIN: 'true', ...supabase })).toThrow(/AUTH_DEV_LOGIN[^\n]*SUPABASE_URL/)
    // off is fine anywhere; on is fine for development and tests on a local database
    expect(loadEnv({ SUPABASE_JWT_SECRET: secret, AUTH_DEV_LOGIN: '0', NODE_ENV: 'production', ...supabase }).AUTH_DEV_LOGIN).toBe(false)
    expect(loadEnv({ SUPABASE_JWT_SECRET: secret, AUTH_DEV_LOGIN: '1', NODE_ENV: 'test', DATABASE_URL: 'postgres://u:p@localhost/db' }).AUTH_DEV_LOGIN).toBe(true)
  })
  it('bounds how long a request body may take to arrive', () => {
    expect(loadEnv({ SUPABASE_JWT_SECRET: secret }).BODY_TIMEOUT_MS).toBe(10_000)
    expect(() => loadEnv({ SUPABASE_JWT_SECRET: secret, BODY_TIMEOUT_MS: '0' })).toThrow(/BODY_TIMEOUT_MS/)
  })
})
