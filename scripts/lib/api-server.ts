import { createReadStream, existsSync, readdirSync, statSync } from 'node:fs'
import http, { type IncomingMessage, type ServerResponse } from 'node:http'
import path from 'node:path'
import { send, type ApiRequest } from '../../api/_lib/http'

/**
 * A local stand-in for Vercel's routing of `api/`: one file per endpoint, `[name]` segments become
 * `req.query.name`, `index.ts` serves its folder, static segments win over dynamic ones. Optionally
 * serves a static H5 build from the same origin with an index.html fallback.
 */
export const API_DIR = path.resolve(__dirname, '../../api')

interface RouteEntry {
  pattern: RegExp
  params: string[]
  file: string
  dynamic: number
}

type Handler = (req: ApiRequest, res: ServerResponse) => Promise<void> | void

export function discoverRoutes(dir = API_DIR): RouteEntry[] {
  const out: RouteEntry[] = []
  const walk = (d: string, prefix: string[]) => {
    for (const name of readdirSync(d)) {
      const full = path.join(d, name)
      if (name.startsWith('_') || name.startsWith('.')) continue
      if (statSync(full).isDirectory()) {
        walk(full, [...prefix, name])
        continue
      }
      if (!name.endsWith('.ts') || name.endsWith('.test.ts') || name.endsWith('.d.ts')) continue
      const base = name.slice(0, -3)
      const segs = base === 'index' ? prefix : [...prefix, base]
      const params: string[] = []
      const rx = segs
        .map((s) => {
          const m = /^\[(\w+)\]$/.exec(s)
          if (m) {
            params.push(m[1])
            return '([^/]+)'
          }
          return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
        })
        .join('/')
      out.push({ pattern: new RegExp(`^/api${rx ? '/' + rx : ''}/?$`), params, file: full, dynamic: params.length })
    }
  }
  walk(dir, [])
  return out.sort((a, b) => a.dynamic - b.dynamic)
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8', '.png': 'image/png', '.jpg': 'image/jpeg', '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon', '.woff2': 'font/woff2', '.ttf': 'font/ttf', '.map': 'application/json',
}

/**
 * Node's defaults let a client hold a request open for 5 minutes (requestTimeout) and send its headers for 60 s: a few
 * slow clients could tie up the server. Headers must arrive within 15 s and a whole request within 60 s (the largest
 * body, a 3 MB photo, gets 40 s from route(); every other body 10 s); idle keep-alive connections close after 5 s.
 */
export const SERVER_TIMEOUTS = { headersTimeout: 15_000, requestTimeout: 60_000, keepAliveTimeout: 5_000 } as const

export function createApiServer(opts: { staticDir?: string } = {}): http.Server {
  const server = createServer(opts)
  server.headersTimeout = SERVER_TIMEOUTS.headersTimeout
  server.requestTimeout = SERVER_TIMEOUTS.requestTimeout
  server.keepAliveTimeout = SERVER_TIMEOUTS.keepAliveTimeout
  return server
}

function createServer(opts: { staticDir?: string }): http.Server {
  const routes = discoverRoutes()
  const loaded = new Map<string, Promise<Handler>>()
  const load = (file: string) => {
    let p = loaded.get(file)
    if (!p) {
      p = import(file).then((m) => (m.default?.default ?? m.default) as Handler)
      loaded.set(file, p)
    }
    return p
  }
  return http.createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    try {
      if (url.pathname === '/api' || url.pathname.startsWith('/api/')) {
        for (const r of routes) {
          const m = r.pattern.exec(url.pathname)
          if (!m) continue
          const query: Record<string, string> = Object.fromEntries(url.searchParams)
          let badParam: string | null = null
          r.params.forEach((p, i) => {
            try {
              query[p] = decodeURIComponent(m[i + 1])
            } catch {
              // broken percent-encoding (as Vercel answers it: the request is refused, not crashed on)
              badParam ??= p
            }
          })
          if (badParam) return send(res, 400, { error: { code: 'request.invalid', message: '地址格式不正确', field: badParam } })
          ;(req as ApiRequest).query = query
          const h = await load(r.file)
          await h(req as ApiRequest, res)
          return
        }
        return send(res, 404, { error: { code: 'request.not_found', message: '接口不存在' } })
      }
      if (opts.staticDir && (req.method === 'GET' || req.method === 'HEAD')) return serveStatic(opts.staticDir, url.pathname, res)
      send(res, 404, { error: { code: 'request.not_found', message: '页面不存在' } })
    } catch (e) {
      console.error('[server]', e)
      if (!res.headersSent) send(res, 500, { error: { code: 'internal', message: '系统开小差了，请稍后再试' } })
    }
  })
}

function serveStatic(root: string, pathname: string, res: ServerResponse) {
  const safe = path.normalize(decodeURIComponent(pathname)).replace(/^(\.\.[/\\])+/, '')
  let file = path.join(root, safe)
  if (!file.startsWith(root) || !existsSync(file) || statSync(file).isDirectory()) {
    // single-page app: unknown paths get index.html
    file = path.join(root, 'index.html')
  }
  if (!existsSync(file)) return send(res, 404, { error: { code: 'request.not_found', message: '页面不存在' } })
  const ext = path.extname(file)
  res.statusCode = 200
  res.setHeader('Content-Type', MIME[ext] ?? 'application/octet-stream')
  res.setHeader('Cache-Control', ext === '.html' ? 'no-cache' : 'public, max-age=3600')
  createReadStream(file).pipe(res)
}

export function listen(server: http.Server, port: number, host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      const a = server.address()
      resolve(typeof a === 'object' && a ? a.port : port)
    })
  })
}
