/**
 * `npm run dev`: one command, one clickable app. The embedded database (PGlite, data in DATA_DIR),
 * migrations and demo seed applied, the API on http://localhost:PORT, and the H5 build served from
 * the same origin (built on first run if missing). Ctrl-C stops cleanly.
 */
import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { getContext } from '../api/_lib/context'
import { createApiServer, listen } from './lib/api-server'

const ROOT = path.resolve(__dirname, '..')

function devSecret(dataDir: string): string {
  const file = path.join(dataDir, 'dev-jwt-secret')
  if (existsSync(file)) return readFileSync(file, 'utf8').trim()
  const s = randomBytes(32).toString('hex')
  writeFileSync(file, s, { mode: 0o600 })
  return s
}

async function main() {
  const dataDir = path.resolve(ROOT, process.env.DATA_DIR || '.data')
  mkdirSync(dataDir, { recursive: true })
  process.env.DATA_DIR = dataDir
  // development defaults; anything set in the environment wins
  // (demo login is refused at start where real data lives: production or Supabase; then it stays off unless asked)
  if (process.env.NODE_ENV !== 'production' && !process.env.SUPABASE_URL) process.env.AUTH_DEV_LOGIN ||= '1'
  process.env.SUPABASE_JWT_SECRET ||= devSecret(dataDir)
  const port = Number(process.env.PORT || 3000)
  const host = process.env.HOST || '127.0.0.1'

  const h5 = path.join(ROOT, 'dist/h5')
  if (!existsSync(path.join(h5, 'index.html')) && process.env.DEV_SKIP_H5_BUILD !== '1') {
    console.log('[dev] 首次运行：正在构建 H5 页面（约 1 分钟）…')
    const r = spawnSync('npx', ['taro', 'build', '--type', 'h5'], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } })
    if (r.status !== 0) {
      console.error('[dev] H5 build failed; the API still starts. Run `npm run build:h5` to see why.')
    }
  }

  const t0 = Date.now()
  const ctx = await getContext()
  console.log(`[dev] database: ${ctx.db.kind}${ctx.db.kind === 'pglite' ? ` (${path.join(dataDir, 'pglite')})` : ''}, ready in ${Date.now() - t0} ms`)

  const server = createApiServer({ staticDir: existsSync(h5) ? h5 : undefined })
  const actual = await listen(server, port, host)
  console.log(`[dev] 共治 running at http://localhost:${actual}  (API: /api, OpenAPI: /api/openapi.json)`)
  console.log('[dev] demo login is on: pick a demo user on the login page. Ctrl-C to stop.')

  let stopping = false
  const stop = async (signal: string) => {
    if (stopping) return
    stopping = true
    console.log(`[dev] ${signal}: stopping…`)
    server.closeAllConnections?.()
    await new Promise<void>((r) => server.close(() => r()))
    await ctx.db.close()
    console.log('[dev] stopped cleanly')
    process.exit(0)
  }
  process.on('SIGINT', () => void stop('SIGINT'))
  process.on('SIGTERM', () => void stop('SIGTERM'))
}

main().catch((e) => {
  console.error('[dev] failed to start:', e instanceof Error ? e.message : e)
  process.exit(1)
})
