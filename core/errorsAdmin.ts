import type { ErrorSpec } from './errors'

/** Error codes of joining, administration, invitations, members and the person picker (issue 11). */
export const ADMIN_ERRORS: Record<string, ErrorSpec> = {
  'phone.unavailable': { status: 502, message: '微信服务暂时不可用，请稍后再试' },
  'phone.code_invalid': { status: 400, message: '手机号授权已失效，请重新点击“绑定手机号”' },
  'me.name_invalid': { status: 400, message: '称呼需要 1 到 20 个字' },
}
