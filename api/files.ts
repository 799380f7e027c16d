import { createReadStream } from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import path from 'node:path'
import { isPhotoKey } from '../core/contracts/common'
import { DomainError } from '../core/errors'
import { getContext } from './_lib/context'
import { send, sendError } from './_lib/http'
import { verifyToken } from './_lib/jwt'

const TYPES: Record<string, string> = { '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.png': 'image/png', '.webp': 'image/webp' }

/**
 * The one way to a photo: streamed from local storage (development and self-hosting), or a redirect to a URL signed for
 * a few minutes on Supabase, whose bucket is private.
 *
 * A service record's photos show a volunteer at work (faces, homes): only the shift's volunteer, staff of the post's
 * community and the uploader may see them, a notice's images whoever may read the notice (public.file_access decides,
 * since a key names its uploader, not its record). Everyone else gets the same 404 as for a key that does not exist.
 * The token comes in the Authorization header or, because an <Image> in the mini-program or an <img> in H5 cannot
 * send headers, as `token` in the query.
 */
export default async function handler(req: IncomingMessage, res: ServerResponse): Promise<void> {
  // a stored file is never to be read as anything but the image type it is served as
  res.setHeader('X-Content-Type-Options', 'nosniff')
  const notFound = () => send(res, 404, { error: { code: 'request.not_found', message: '图片不存在' } })
  try {
    if (req.method !== 'GET') {
      res.setHeader('Allow', 'GET')
      return send(res, 405, { error: { code: 'request.method_not_allowed', message: '不支持该请求方式' } })
    }
    const ctx = await getContext()
    const params = new URL(req.url ?? '/', 'http://x').searchParams
    const key = params.get('key') ?? ''
    const header = req.headers.authorization
    const token = (typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header)?.[1] : undefined) ?? params.get('token') ?? ''
    if (!token) throw new DomainError('auth.required')
    const claims = await verifyToken(ctx.env.SUPABASE_JWT_SECRET, token)
    if (!isPhotoKey(key)) return notFound()
    if (!(await ctx.db.rpc<boolean>('file_access', { p_key: key }, claims))) return notFound()
    const found = await ctx.storage.locate(key)
    if (!found) return notFound()
    // per person (the URL carries their token): no shared cache may keep it
    if ('redirect' in found) {
      res.statusCode = 302
      res.setHeader('Location', found.redirect)
      res.setHeader('Cache-Control', 'private, no-store')
      res.end()
      return
    }
    res.statusCode = 200
    res.setHeader('Content-Type', TYPES[path.extname(found.file)] ?? 'application/octet-stream')
    res.setHeader('Cache-Control', 'private, max-age=3600')
    createReadStream(found.file).pipe(res)
  } catch (e) {
    sendError(res, e, '[files]')
  }
}
