import type { ErrorSpec } from './errors'

/** Issue 13 error codes: services. */
export const SECURITY_SERVICES_ERRORS: Record<string, ErrorSpec> = {}
