import type { ErrorSpec } from './errors'

/** Issue 13 error codes: beans. */
export const SECURITY_BEANS_ERRORS: Record<string, ErrorSpec> = {}
