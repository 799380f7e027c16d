import type { ErrorSpec } from './errors'

/** Issue 13 error codes: beans. */
export const SECURITY_BEANS_ERRORS: Record<string, ErrorSpec> = {
  // the same Idempotency-Key sent with another request (supabase/migrations/20261201000500_beans.sql)
  'idempotency.key_reused': { status: 422, message: '这个请求编号已用于另一项操作，请刷新后重试' },
}
