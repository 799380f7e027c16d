import type { IncomingMessage, ServerResponse } from 'node:http'
import { buildOpenApi } from './_lib/openapi'
import { send } from './_lib/http'

let doc: Record<string, unknown> | null = null

export default async function handler(req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'GET') {
    res.setHeader('Allow', 'GET')
    return send(res, 405, { error: { code: 'request.method_not_allowed', message: '不支持该请求方式' } })
  }
  doc ??= buildOpenApi()
  send(res, 200, doc)
}
