import { ops } from '../../core/contracts/api'
import { CREDIT_LEVELS, explainCredit, type CreditInputs } from '../../core/beans/credit'
import { method, route } from '../_lib/http'

interface DbCredit {
  score: number
  level: number
  contribution: number
  integrity: number
  inputs: { beans12m: number; hours12m: number | string; noShows: number; lateCancels: number; avgRating: number | string | null }
}

export default route({
  GET: method(ops.creditMe, async ({ ctx, claims }) => {
    const c = await ctx.db.rpc<DbCredit>('credit_me', {}, claims!)
    const inputs: CreditInputs = {
      beans12m: Number(c.inputs.beans12m), hours12m: Number(c.inputs.hours12m), noShows: c.inputs.noShows,
      lateCancels: c.inputs.lateCancels, avgRating: c.inputs.avgRating === null ? null : Number(c.inputs.avgRating),
    }
    return {
      ...c, inputs, levelName: CREDIT_LEVELS.find((l) => l.level === c.level)!.name, explanation: explainCredit(inputs),
    }
  }),
})
