import type { ErrorSpec } from './errors'

/** Issue 13 error codes: deliberation. */
export const SECURITY_DELIBERATION_ERRORS: Record<string, ErrorSpec> = {}
