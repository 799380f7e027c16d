import { ops } from '../../core/contracts/api'
import type { Proposal } from '../../core/contracts/services'
import { buildInstance } from '../../core/matching/candidates'
import { solve } from '../../core/matching/solve'
import type { MatchNeed, MatchResource } from '../../core/matching/types'
import { method, route } from '../_lib/http'

import type { Candidate } from '../../core/matching/types'

function buildCandidatesIndex(cs: Candidate[]): [string, Candidate][] {
  return cs.map((c) => [`${c.need}|${c.resource}`, c])
}

type InputNeed = Omit<MatchNeed, 'urgency'> & { urgency: 'low' | 'normal' | 'high' | 'urgent' }

// Two RPCs with the pure engine between them: read the community's open needs and active resources
// (staff only), solve the b-matching exactly in TypeScript, store the proposals (staff only, again).
export default route({
  POST: method(ops.runMatching, async ({ input, ctx, claims }) => {
    const data = await ctx.db.rpc<{ needs: InputNeed[]; resources: MatchResource[] }>('matching_input', { p_community_id: input.communityId }, claims!)
    const needs: MatchNeed[] = data.needs.map((n) => ({ ...n, urgency: n.urgency === 'urgent' ? 'critical' : n.urgency }))
    const instance = buildInstance(needs, data.resources, new Date())
    const result = solve(instance)
    const byPair = new Map(buildCandidatesIndex(instance.candidates))
    const proposals = result.assignments.map((a) => {
      const c = byPair.get(`${a.need}|${a.resource}`)!
      return { need: a.need, resource: a.resource, score: c.score, reasons: c.reasons }
    })
    const stats = { totalScore: result.totalScore, optimal: result.optimal, ms: result.ms, needs: needs.length, resources: data.resources.length, candidates: instance.candidates.length }
    const stored = await ctx.db.rpc<{ runId: string; proposals: Proposal[] }>('matching_store', {
      p_community_id: input.communityId, p_proposals: proposals, p_stats: stats,
    }, claims!)
    return { runId: stored.runId, proposals: stored.proposals, ...stats, ms: Math.round(result.ms * 100) / 100 }
  }),
})
