import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

// `npm run dev` as a newcomer runs it: PGlite in DATA_DIR, migrations + seed, demo login, clean stop.
const ROOT = path.resolve(__dirname, '../..')
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gongzhi-dev-'))

function startDev(): Promise<{ proc: ChildProcess; base: string; output: () => string }> {
  const proc = spawn(path.join(ROOT, 'node_modules/.bin/tsx'), ['scripts/dev.ts'], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dataDir, PORT: '0', DEV_SKIP_H5_BUILD: '1', DATABASE_URL: '', SUPABASE_URL: '', SUPABASE_JWT_SECRET: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`dev server did not start:\n${out}`)), 90_000)
    const onData = (b: Buffer) => {
      out += b.toString()
      const m = /running at (http:\/\/localhost:\d+)/.exec(out)
      if (m) {
        clearTimeout(timer)
        resolve({ proc, base: m[1], output: () => out })
      }
    }
    proc.stdout!.on('data', onData)
    proc.stderr!.on('data', onData)
    proc.on('exit', (code) => reject(new Error(`dev server exited ${code}:\n${out}`)))
  })
}

function stop(proc: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    proc.removeAllListeners('exit')
    proc.on('exit', (code) => resolve(code))
    proc.kill('SIGINT')
  })
}

async function json(base: string, method: string, p: string, body?: unknown, token?: string) {
  const r = await fetch(base + p, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  })
  return { status: r.status, body: await r.json() }
}

describe('npm run dev (embedded PGlite)', () => {
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

  it('serves the API with demo login, stops cleanly on Ctrl-C, and keeps data across restarts', async () => {
    const first = await startDev()
    const login = await json(first.base, 'POST', '/api/auth/dev', { handle: 'resident1' })
    expect(login.status).toBe(200)
    const created = await json(first.base, 'POST', '/api/needs', {
      title: '小区门口积水', description: '下雨后小区门口积水很深，老人出门不方便。', category: 'sanitation',
    }, login.body.token)
    expect(created.status).toBe(201)
    const code = await stop(first.proc)
    expect(code).toBe(0)
    expect(first.output()).toContain('stopped cleanly')

    const second = await startDev()
    try {
      // the same signing secret is kept in DATA_DIR, so the earlier token still works
      const mine = await json(second.base, 'GET', '/api/needs/mine', undefined, login.body.token)
      expect(mine.status).toBe(200)
      expect(mine.body.items.map((n: { id: string }) => n.id)).toContain(created.body.id)
    } finally {
      expect(await stop(second.proc)).toBe(0)
    }
  }, 180_000)
})
