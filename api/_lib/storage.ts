import { existsSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { StorageApiError } from '@supabase/supabase-js'
import { DomainError } from '../../core/errors'
import { filePath } from '../../core/contracts/common'
import { createRequestClient } from './db/supabase'
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

const filesUrl = filePath

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

/** Milliseconds an upload and a signature may take before the request is abandoned. */
const UPLOAD_TIMEOUT_MS = 15_000
const SIGN_TIMEOUT_MS = 10_000

/**
 * Supabase Storage through supabase-js with the service key: `upload` POSTs /storage/v1/object/<bucket>/<key>, and
 * `createSignedUrl` POSTs /storage/v1/object/sign/<bucket>/<key> {expiresIn} for a private bucket.
 */
export function createSupabaseStorage(o: { url: string; serviceRoleKey: string; bucket: string; fetch?: typeof fetch }): Storage {
  // resolved as supabase-js resolves it (a URL normalises host case and default ports), so the prefix check below holds
  const storageApi = new URL('storage/v1', o.url.endsWith('/') ? o.url : `${o.url}/`).href
  // a client per operation, so each carries its own deadline in its fetch (storage-js takes no signal for these calls)
  const bucket = (timeoutMs: number) =>
    createRequestClient({ url: o.url, apiKey: o.serviceRoleKey, bearer: o.serviceRoleKey, fetch: withTimeout(o.fetch ?? fetch, timeoutMs) })
      .storage.from(o.bucket)
  return {
    async put(key, bytes, contentType) {
      if (!KEY.test(key) || key.includes('..')) throw new Error(`bad storage key ${key}`)
      const { error } = await bucket(UPLOAD_TIMEOUT_MS).upload(key, new Uint8Array(bytes), {
        contentType,
        upsert: false,
        // storage-js sends max-age=3600 by default; without the header (as before) Storage stores no-cache
        headers: { 'cache-control': 'no-cache' },
      })
      if (error) throw storageFailure(error, 'upload.failed')
    },
    url: filesUrl,
    async locate(key) {
      if (!KEY.test(key) || key.includes('..')) return null
      const { data, error } = await bucket(SIGN_TIMEOUT_MS).createSignedUrl(key, SIGNED_URL_SECONDS)
      if (error instanceof StorageApiError && (error.status === 400 || error.status === 404)) return null
      if (error) throw storageFailure(error, 'upload.unavailable')
      // Storage answers a path relative to its API (`/object/sign/<bucket>/<key>?token=…`), which storage-js prefixes
      if (!data.signedUrl.startsWith(`${storageApi}/`)) throw new DomainError('upload.unavailable')
      return { redirect: data.signedUrl }
    },
  }
}

/**
 * An answer from Storage that refuses becomes the DomainError `code`; a request that never got an answer (network,
 * timeout, a body that is not JSON) rethrows what fetch threw, an internal error as before storage-js.
 */
function storageFailure(error: Error, code: 'upload.failed' | 'upload.unavailable'): Error {
  if (error instanceof StorageApiError) return new DomainError(code)
  const original = (error as { originalError?: unknown }).originalError
  return original instanceof Error ? original : error
}

function withTimeout(f: typeof fetch, ms: number): typeof fetch {
  return (input, init) => f(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, AbortSignal.timeout(ms)]) : AbortSignal.timeout(ms) })
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
