import type { ErrorSpec } from './errors'

/** Issue 13 error codes: deliberation. */
export const SECURITY_DELIBERATION_ERRORS: Record<string, ErrorSpec> = {
  // check-in only in the meeting's window (20261201000600_deliberation.sql)
  'meeting.check_in_closed': { status: 409, message: '签到时间为会议开始前 30 分钟至会议结束' },
  // {hint} = wrong tries left before a ten-minute pause
  'meeting.check_in_code_invalid': { status: 400, message: '签到码不正确，请看现场公布的 6 位签到码（还可再试 {hint} 次）' },
  'meeting.ends_invalid': { status: 400, message: '结束时间要晚于开始时间，且会议不超过 24 小时' },
  // action items: the owner reports, staff accept or return
  'action.not_found': { status: 404, message: '没有找到这个落实事项' },
  'action.not_reported': { status: 409, message: '责任人还没有报告完成，暂不能验收或退回' },
  'action.already_done': { status: 409, message: '这个事项已验收通过，不能再更新进展' },
  'action.reason_required': { status: 400, message: '请填写退回原因（2 到 200 个字）' },
  // 验收 is a check of the owner's report by someone else (20261201000600_deliberation.sql)
  'action.accept_own': { status: 409, message: '不能验收自己负责的事项，请由其他社区工作者验收' },
}
