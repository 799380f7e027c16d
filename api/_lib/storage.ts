import { existsSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { DomainError } from '../../core/errors'
import type { Env } from './env'

/**
 * Where photos go: local disk in development, a PRIVATE Supabase Storage bucket in production. Either way a photo is
 * reached only through `/api/files`, which first asks the database whether the caller may see the record it belongs
 * to; then the local adapter streams the file and the Supabase adapter redirects to a URL signed for a few minutes.
 */
export interface Storage {
  put(key: string, bytes: Buffer, contentType: string): Promise<void>
  /** The app's URL of a photo: always `/api/files`, never the store's own. */
  url(key: string): string
  /** How `/api/files` hands out a photo the caller may see: a local file, or a short-lived signed URL; null if absent. */
  locate(key: string): Promise<{ file: string } | { redirect: string } | null>
}

/** How long a signed photo URL lasts: long enough to load the image, too short to be worth passing around. */
export const SIGNED_URL_SECONDS = 300

const filesUrl = (key: string) => `/api/files?key=${encodeURIComponent(key)}`

const KEY = /^[a-z0-9][a-z0-9/_.-]{0,199}$/

export function createLocalStorage(dir: string): Storage {
  return {
    async put(key, bytes) {
      if (!KEY.test(key) || key.includes('..')) throw new Error(`bad storage key ${key}`)
      const file = path.join(dir, key)
      await mkdir(path.dirname(file), { recursive: true })
      await writeFile(file, bytes)
    },
    url: filesUrl,
    async locate(key) {
      const root = path.resolve(dir)
      const file = path.resolve(root, key)
      if (!KEY.test(key) || key.includes('..') || !file.startsWith(root + path.sep) || !existsSync(file)) return null
      return { file }
    },
  }
}

/**
 * Supabase Storage REST with the service key: POST /storage/v1/object/<bucket>/<key> stores, and
 * POST /storage/v1/object/sign/<bucket>/<key> {expiresIn} answers {signedURL} for a private bucket.
 */
export function createSupabaseStorage(o: { url: string; serviceRoleKey: string; bucket: string; fetch?: typeof fetch }): Storage {
  const base = o.url.replace(/\/$/, '')
  const f = o.fetch ?? fetch
  return {
    async put(key, bytes, contentType) {
      if (!KEY.test(key) || key.includes('..')) throw new Error(`bad storage key ${key}`)
      const res = await f(`${base}/storage/v1/object/${o.bucket}/${key}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${o.serviceRoleKey}`, apikey: o.serviceRoleKey, 'Content-Type': contentType, 'x-upsert': 'false' },
        body: new Uint8Array(bytes),
        signal: AbortSignal.timeout(15_000),
      })
      if (!res.ok) throw new DomainError('upload.failed')
    },
    url: filesUrl,
    async locate(key) {
      if (!KEY.test(key) || key.includes('..')) return null
      const res = await f(`${base}/storage/v1/object/sign/${o.bucket}/${key}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${o.serviceRoleKey}`, apikey: o.serviceRoleKey, 'Content-Type': 'application/json' },
        body: JSON.stringify({ expiresIn: SIGNED_URL_SECONDS }),
        signal: AbortSignal.timeout(10_000),
      })
      if (res.status === 400 || res.status === 404) return null
      if (!res.ok) throw new DomainError('upload.unavailable')
      const { signedURL } = (await res.json()) as { signedURL?: string }
      if (typeof signedURL !== 'string' || !signedURL.startsWith('/')) throw new DomainError('upload.unavailable')
      // the answer is relative to the storage API (`/object/sign/<bucket>/<key>?token=…`)
      return { redirect: `${base}/storage/v1${signedURL}` }
    },
  }
}

export function createStorage(env: Env): Storage {
  if (env.SUPABASE_URL && env.SUPABASE_SERVICE_ROLE_KEY) {
    return createSupabaseStorage({ url: env.SUPABASE_URL, serviceRoleKey: env.SUPABASE_SERVICE_ROLE_KEY, bucket: env.SUPABASE_STORAGE_BUCKET })
  }
  return createLocalStorage(path.resolve(env.DATA_DIR, 'uploads'))
}

/** Image types by their first bytes: the declared content type must match what was sent. */
export function sniffImage(bytes: Buffer): 'image/jpeg' | 'image/png' | 'image/webp' | null {
  if (bytes.length > 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg'
  if (bytes.length > 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png'
  if (bytes.length > 12 && bytes.subarray(0, 4).toString('latin1') === 'RIFF' && bytes.subarray(8, 12).toString('latin1') === 'WEBP') return 'image/webp'
  return null
}
