import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { DomainError } from '../../core/errors'
import type { Env } from './env'

/** Where photos of service records go: local disk in development, Supabase Storage in production. */
export interface Storage {
  put(key: string, bytes: Buffer, contentType: string): Promise<void>
  url(key: string): string
}

const KEY = /^[a-z0-9][a-z0-9/_.-]{0,199}$/

export function createLocalStorage(dir: string): Storage {
  return {
    async put(key, bytes) {
      if (!KEY.test(key) || key.includes('..')) throw new Error(`bad storage key ${key}`)
      const file = path.join(dir, key)
      await mkdir(path.dirname(file), { recursive: true })
      await writeFile(file, bytes)
    },
    url: (key) => `/api/files?key=${encodeURIComponent(key)}`,
  }
}

/** Supabase Storage REST: POST /storage/v1/object/<bucket>/<key> with the service key; a public bucket serves it. */
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
    url: (key) => `${base}/storage/v1/object/public/${o.bucket}/${key}`,
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
