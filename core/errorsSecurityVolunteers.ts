import type { ErrorSpec } from './errors'

/** Issue 13 error codes: volunteers. */
export const SECURITY_VOLUNTEERS_ERRORS: Record<string, ErrorSpec> = {}
