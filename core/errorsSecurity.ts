import type { ErrorSpec } from './errors'
import { SECURITY_DELIBERATION_ERRORS } from './errorsSecurityDeliberation'
import { SECURITY_BEANS_ERRORS } from './errorsSecurityBeans'
import { SECURITY_VOLUNTEERS_ERRORS } from './errorsSecurityVolunteers'
import { SECURITY_SERVICES_ERRORS } from './errorsSecurityServices'
import { SECURITY_PLUMBING_ERRORS } from './errorsSecurityPlumbing'

/** Error codes added by the security and integrity work (issue 13). */
export const SECURITY_ERRORS: Record<string, ErrorSpec> = {
  // attempt limits on guessable codes (20261201000100_foundation.sql); {hint} = seconds to wait
  'attempt.too_many': { status: 429, message: '尝试次数过多，请 {hint} 秒后再试' },
  ...SECURITY_DELIBERATION_ERRORS,
  ...SECURITY_BEANS_ERRORS,
  ...SECURITY_VOLUNTEERS_ERRORS,
  ...SECURITY_SERVICES_ERRORS,
  ...SECURITY_PLUMBING_ERRORS,
}
