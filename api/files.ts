import { createReadStream, existsSync } from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import path from 'node:path'
import { getContext } from './_lib/context'
import { send } from './_lib/http'

const TYPES: Record<string, string> = { '.jpg': 'image/jpeg', '.png': 'image/png', '.webp': 'image/webp' }

// Serves photos from local storage (development and self-hosting); on Supabase the bucket serves them.
export default async function handler(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const ctx = await getContext()
  const key = new URL(req.url ?? '/', 'http://x').searchParams.get('key') ?? ''
  const root = path.resolve(ctx.env.DATA_DIR, 'uploads')
  const file = path.resolve(root, key)
  if (req.method !== 'GET' || !/^shifts\/[0-9a-f-]{36}\/[0-9a-f-]{36}\.(jpg|png|webp)$/.test(key) || !file.startsWith(root + path.sep) || !existsSync(file)) {
    return send(res, 404, { error: { code: 'request.not_found', message: '图片不存在' } })
  }
  res.statusCode = 200
  res.setHeader('Content-Type', TYPES[path.extname(file)] ?? 'application/octet-stream')
  res.setHeader('Cache-Control', 'private, max-age=86400')
  createReadStream(file).pipe(res)
}
