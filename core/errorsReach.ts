import type { ErrorSpec } from './errors'

/** Error codes of the inbox, announcements, exports and statistics (issue 12). */
export const REACH_ERRORS: Record<string, ErrorSpec> = {}
