import type http from 'node:http'
import { expect } from 'vitest'
import { loadEnv } from '../../api/_lib/env'
import { createContext, setContext } from '../../api/_lib/context'
import { createApiServer, listen } from '../../scripts/lib/api-server'
import { postgresDatabase } from './db'
import { startFakeWechat } from './fake-wechat'

export const TEST_SECRET = 'test-secret-test-secret-test-secret-0123'
export const TEST_CRON_SECRET = 'cron-secret-cron-secret'

export interface TestApi {
  base: string
  dbUrl: string
  /** superuser SQL on the test database, for arranging scenes (time travel) and checking outcomes */
  sql<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>
  wechat: Awaited<ReturnType<typeof startFakeWechat>>
  call(method: string, path: string, opts?: { token?: string; body?: unknown; raw?: string; headers?: Record<string, string> }): Promise<{ status: number; body: any; headers: Headers }>
  login(handle: string): Promise<string>
  close(): Promise<void>
}

/** The dev server's handlers over real HTTP, on the postgres adapter against a fresh database. */
export async function startTestApi(label: string, envOverrides: Record<string, string> = {}, opts: { staticDir?: string } = {}): Promise<TestApi> {
  const wechat = await startFakeWechat('wx-test-app', 'wx-test-secret')
  const { url, gateway } = await postgresDatabase(label)
  const env = loadEnv({
    SUPABASE_JWT_SECRET: TEST_SECRET,
    DATABASE_URL: url,
    AUTH_DEV_LOGIN: '1',
    WECHAT_APPID: 'wx-test-app',
    WECHAT_SECRET: 'wx-test-secret',
    WECHAT_TEMPLATE_NEED_STATUS: 'tmpl-need-status',
    CRON_SECRET: TEST_CRON_SECRET,
    WECHAT_API_BASE: wechat.baseUrl,
    ...envOverrides,
  })
  setContext(await createContext(env, gateway))
  const server: http.Server = createApiServer({ staticDir: opts.staticDir })
  const port = await listen(server, 0)
  const base = `http://127.0.0.1:${port}`
  const { default: postgres } = await import('postgres')
  const raw = postgres(url, { max: 2, onnotice: () => {} })
  const api: TestApi = {
    base,
    dbUrl: url,
    sql: async (text, params = []) => (await raw.unsafe(text, params as never[])) as never[],
    wechat,
    async call(method, path, opts = {}) {
      const headers: Record<string, string> = { ...(opts.headers ?? {}) }
      if (opts.token) headers.Authorization = `Bearer ${opts.token}`
      let body: string | undefined
      if (opts.raw !== undefined) body = opts.raw
      else if (opts.body !== undefined) body = JSON.stringify(opts.body)
      if (body !== undefined && !headers['Content-Type']) headers['Content-Type'] = 'application/json'
      const res = await fetch(base + path, { method, headers, body })
      const text = await res.text()
      let parsed: unknown = text
      try {
        parsed = JSON.parse(text)
      } catch {}
      return { status: res.status, body: parsed, headers: res.headers }
    },
    async login(handle) {
      const r = await api.call('POST', '/api/auth/dev', { body: { handle } })
      if (r.status !== 200) throw new Error(`login ${handle} failed: ${r.status} ${JSON.stringify(r.body)}`)
      return r.body.token as string
    },
    async close() {
      await new Promise<void>((r) => server.close(() => r()))
      await gateway.close()
      await raw.end()
      await wechat.close()
      setContext(null)
    },
  }
  return api
}

/** A page of a keyset-paged list, as the API answers it. */
export type ListPage = { items: unknown[]; nextCursor: string | null }

/**
 * Follows nextCursor from the first page of `path` to the last; checks every page is 200 and within the limit, and
 * every row (by `key`, its id unless said) comes once. Returns the keys in order and the number of pages.
 */
export async function walkPages(
  api: TestApi, path: string, token: string, limit: number, parse: (b: unknown) => ListPage,
  key: (x: never) => string | number = (x) => (x as { id: string | number }).id,
): Promise<{ ids: (string | number)[]; pages: number }> {
  const ids: (string | number)[] = []
  let cursor: string | null = null
  let pages = 0
  do {
    const sep = path.includes('?') ? '&' : '?'
    const r = await api.call('GET', `${path}${sep}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`, { token })
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    const page = parse(r.body)
    expect(page.items.length).toBeLessThanOrEqual(limit)
    ids.push(...page.items.map((x) => key(x as never)))
    cursor = page.nextCursor
    pages++
  } while (cursor && pages < 100)
  expect(new Set(ids).size, path).toBe(ids.length)
  return { ids, pages }
}
