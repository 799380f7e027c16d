import http from 'node:http'
import { listen } from '../../scripts/lib/api-server'

/**
 * A local HTTP stand-in for WeChat's auth.code2Session (GET /sns/jscode2session), speaking its shape:
 * 200 with `{ openid, session_key }` or 200 with `{ errcode, errmsg }`. Code `ok-<openid>` succeeds;
 * `used` is already consumed (40163); anything else is invalid (40029); `boom` answers 500.
 */
export async function startFakeWechat(appid: string, secret: string) {
  const requests: URL[] = []
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    requests.push(url)
    const reply = (status: number, body: unknown) => {
      res.statusCode = status
      res.setHeader('Content-Type', 'application/json')
      res.end(JSON.stringify(body))
    }
    if (req.method !== 'GET' || url.pathname !== '/sns/jscode2session') return reply(404, { errcode: 404, errmsg: 'not found' })
    const q = url.searchParams
    if (q.get('grant_type') !== 'authorization_code') return reply(200, { errcode: 40002, errmsg: 'invalid grant_type' })
    if (q.get('appid') !== appid || q.get('secret') !== secret) return reply(200, { errcode: 40013, errmsg: 'invalid appid' })
    const code = q.get('js_code') ?? ''
    if (code === 'boom') return reply(500, 'oops')
    if (code === 'used') return reply(200, { errcode: 40163, errmsg: 'code been used' })
    if (code.startsWith('ok-')) return reply(200, { openid: code.slice(3), session_key: 'c2Vzc2lvbg==' })
    return reply(200, { errcode: 40029, errmsg: 'invalid code' })
  })
  const port = await listen(server, 0)
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((r) => server.close(() => r())),
  }
}
