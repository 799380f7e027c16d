import type { ErrorSpec } from './errors'

/** Issue 13 error codes: plumbing. */
export const SECURITY_PLUMBING_ERRORS: Record<string, ErrorSpec> = {}
