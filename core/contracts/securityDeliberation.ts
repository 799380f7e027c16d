import { z } from 'zod'
import { ZUuid } from './common'
import { ZResolution } from './deliberation'
import { op } from './operation'

// ---------------------------------------------------------------------------------------------
// Issue 13 (security and integrity), deliberation: an action item is completed only when staff of the
// community accept its owner's report (the owner's 100% makes it 待验收); staff may return it with a reason.
// ---------------------------------------------------------------------------------------------

export const ZActionIdRequest = z.object({ id: ZUuid })
export const ZReturnActionRequest = z.object({
  id: ZUuid,
  reason: z.string({ error: '请填写退回原因' }).trim().min(2, { error: '退回原因至少 2 个字' }).max(200, { error: '退回原因最多 200 个字' }),
})

/** Operations added by issue 13 (security and integrity): deliberation. Spread into `ops` in ./api.ts. */
export const securityDeliberationOps = {
  acceptAction: op({
    id: 'acceptAction', method: 'POST', path: '/api/actions/{id}/accept', auth: 'required', tags: ['deliberation'],
    summary: '验收落实事项：责任人报告完成后，本社区工作者验收通过；全部事项验收后决议才算落实',
    request: ZActionIdRequest, response: ZResolution,
  }),
  returnAction: op({
    id: 'returnAction', method: 'POST', path: '/api/actions/{id}/return', auth: 'required', tags: ['deliberation'],
    summary: '退回落实事项：本社区工作者说明原因，事项回到进行中，责任人可见原因',
    request: ZReturnActionRequest, response: ZResolution,
  }),
}
