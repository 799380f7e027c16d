import type { ErrorSpec } from './errors'

/** Issue 13 error codes: volunteers (补签退 in 20261201000400_volunteers.sql). */
export const SECURITY_VOLUNTEERS_ERRORS: Record<string, ErrorSpec> = {
  // {hint} = the most minutes this shift can be credited (the slot's length, or the time since check-in if shorter)
  'shift.close_minutes_invalid': { status: 400, message: '服务时长须在 1 到 {hint} 分钟之间' },
  'shift.close_note_required': { status: 400, message: '请说明忘记签退的情况' },
  'shift.close_note_too_long': { status: 400, message: '说明最多 300 个字' },
  'shift.close_already_requested': { status: 409, message: '已经申请过补签退，请等待社区工作者确认' },
  'shift.close_window_passed': { status: 409, message: '已超过补签退期限（时段结束后 7 天内可以申请）' },
}
