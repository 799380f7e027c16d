import { ops } from '../../core/contracts/api'
import { ZCreditTerm } from '../../core/contracts/beans'
import { creditLevelName, explainCredit } from '../../core/beans/credit'
import { method, route } from '../_lib/http'

interface DbCredit {
  score: number
  level: number
  contribution: number
  integrity: number
  inputs: { beans12m: number | string; hours12m: number | string; noShows: number; lateCancels: number; avgRating: number | string | null }
  terms: unknown[]
}

// The database computes the score and its terms; this only names the level and words the terms.
export default route({
  GET: method(ops.creditMe, async ({ ctx, claims }) => {
    const c = await ctx.db.rpc<DbCredit>('credit_me', {}, claims!)
    const terms = c.terms.map((t) => ZCreditTerm.parse(t))
    const inputs = {
      beans12m: Number(c.inputs.beans12m), hours12m: Number(c.inputs.hours12m), noShows: Number(c.inputs.noShows),
      lateCancels: Number(c.inputs.lateCancels), avgRating: c.inputs.avgRating === null ? null : Number(c.inputs.avgRating),
    }
    return { ...c, inputs, terms, levelName: creditLevelName(c.level), explanation: explainCredit({ ...c, terms }) }
  }),
})
