import { dbKind, loadEnv, type Env } from './env'
import type { Gateway } from './db/types'
import { createPostgresGateway } from './db/postgres'
import { createSupabaseGateway } from './db/supabase'
import { createAccessTokens, createWechatClient, type WechatClient } from './wechat'
import { createWechatNotifier, type Notifier } from './notify'
import { createStorage, type Storage } from './storage'

/** What every handler needs: validated settings, the database gateway, and the WeChat client. */
export interface Context {
  env: Env
  db: Gateway
  wechat: WechatClient
  notifier: Notifier
  storage: Storage
}

let current: Promise<Context> | null = null

export async function createContext(env: Env, db?: Gateway): Promise<Context> {
  // one access-token cache per process: WeChat invalidates the old token whenever a new one is issued
  const tokens = createAccessTokens(env)
  return {
    env,
    db: db ?? (await createGateway(env)),
    wechat: createWechatClient(env, tokens),
    notifier: createWechatNotifier(env, tokens),
    storage: createStorage(env),
  }
}

export async function createGateway(env: Env): Promise<Gateway> {
  switch (dbKind(env)) {
    case 'postgres':
      return createPostgresGateway(env.DATABASE_URL!)
    case 'supabase':
      return createSupabaseGateway({
        url: env.SUPABASE_URL!,
        anonKey: env.SUPABASE_ANON_KEY!,
        serviceRoleKey: env.SUPABASE_SERVICE_ROLE_KEY!,
        jwtSecret: env.SUPABASE_JWT_SECRET,
      })
    case 'pglite': {
      // The embedded database is for development only; its migrations run here on first use.
      const { openPglite, createPgliteGateway } = await import('./db/pglite')
      const { migrate } = await import('./db/migrate')
      const path = await import('node:path')
      const pg = await openPglite(path.join(env.DATA_DIR, 'pglite'))
      await migrate(
        { exec: async (s) => void (await pg.exec(s)), query: async (s, p) => (await pg.query(s, p)).rows as never[] },
        { seed: true },
      )
      return createPgliteGateway(pg)
    }
  }
}

/** The process-wide context, built on first use from process.env (fails naming any bad setting). */
export function getContext(): Promise<Context> {
  if (!current) {
    current = createContext(loadEnv()).catch((e) => {
      current = null
      throw e
    })
  }
  return current
}

/** Used by the dev server and tests to run handlers on a context they built. */
export function setContext(ctx: Context | null): void {
  current = ctx ? Promise.resolve(ctx) : null
}
