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
})
