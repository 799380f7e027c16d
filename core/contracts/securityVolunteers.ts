import { op } from './operation'
import { ZRequestShiftCloseRequest, ZResolveShiftCloseRequest, ZShift } from './volunteers'

/** Operations added by issue 13 (security and integrity): volunteers. Spread into `ops` in ./api.ts. */
export const securityVolunteersOps = {
  requestShiftClose: op({
    id: 'requestShiftClose', method: 'POST', path: '/api/shifts/{id}/close-request', auth: 'required', tags: ['volunteers'],
    summary: '申请补签退：忘记签退时，填写实际服务时长和说明，请社区工作者确认（时段结束后 7 天内）',
    request: ZRequestShiftCloseRequest, response: ZShift,
  }),
  resolveShiftClose: op({
    id: 'resolveShiftClose', method: 'POST', path: '/api/shifts/{id}/close-resolve', auth: 'required', tags: ['volunteers'],
    summary: '确认（可调整时长）或退回补签退申请（社区工作者）',
    request: ZResolveShiftCloseRequest, response: ZShift,
  }),
}
