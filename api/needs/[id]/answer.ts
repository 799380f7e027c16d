import { ops } from '../../../core/contracts/api'
import { method, route } from '../../_lib/http'

export default route({
  POST: method(ops.answerNeed, async ({ input, ctx, claims }) =>
    ctx.db.rpc('need_department_answer', { p_id: input.id, p_answer: input.answer }, claims!),
  ),
})
