import { createHash } from 'node:crypto'
import { DomainError } from '../../core/errors'
import type { ApiRequest } from './http'

/** The `Idempotency-Key` request header (8..100 visible characters), required or optional. */
export function idempotencyKey(req: ApiRequest, required: boolean): string | undefined {
  const raw = req.headers['idempotency-key']
  const key = Array.isArray(raw) ? raw[0] : raw
  if (key === undefined || key === '') {
    if (required) throw new DomainError('bean.idempotency_key_required', undefined, 'Idempotency-Key')
    return undefined
  }
  if (!/^[\x21-\x7e]{8,100}$/.test(key)) throw new DomainError('bean.idempotency_key_required', '请求编号（Idempotency-Key）格式不正确', 'Idempotency-Key')
  return key
}

/** JSON with object keys sorted at every level, so the same request always reads the same. */
export function stableJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null'
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`
}

/**
 * What a keyed write remembers of its request (`p_request_hash`): the SHA-256 of the parsed input (path and body as
 * validated, so formatting and stripped fields do not count). The database refuses the same key with another hash
 * (idempotency.key_reused, 422) and replays the first answer to the same one.
 */
export function requestHash(input: unknown): string {
  return createHash('sha256').update(stableJson(input)).digest('hex')
}
