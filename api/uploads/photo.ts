import { randomUUID } from 'node:crypto'
import { ops } from '../../core/contracts/api'
import { DomainError } from '../../core/errors'
import { method, route } from '../_lib/http'
import { sniffImage } from '../_lib/storage'

const MAX_BYTES = 2 * 1024 * 1024
const EXT = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' } as const

// Keys are namespaced by the uploader, so a check-out can only attach the volunteer's own photos.
export default route({
  POST: method(ops.uploadPhoto, async ({ input, ctx, claims }) => {
    // the one endpoint that writes without an RPC: a suspended or deleted profile's token is refused here too
    await ctx.db.rpc('request_check', {}, claims!)
    const bytes = Buffer.from(input.dataBase64, 'base64')
    if (bytes.length > MAX_BYTES) throw new DomainError('request.too_large', '图片不能超过 2 MB', 'dataBase64')
    if (sniffImage(bytes) !== input.contentType) throw new DomainError('request.invalid', '图片内容与格式不符，请重新选择照片', 'dataBase64')
    const key = `shifts/${claims!.sub}/${randomUUID()}.${EXT[input.contentType]}`
    await ctx.storage.put(key, bytes, input.contentType)
    return { key, url: ctx.storage.url(key) }
  }),
})
