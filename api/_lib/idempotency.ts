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
