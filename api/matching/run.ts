import { ops } from '../../core/contracts/api'
import { method, route } from '../_lib/http'
import { runMatchingPipeline } from './_pipeline'

// Two RPCs with core/matching's propose() between them (api/matching/_pipeline.ts): read the scope's open needs and
// the resources that reach them, propose (candidates, scores, exact b-matching, reasons), store the proposals. A
// community is run by its staff, a street by its admins (both checked in the database, app.matching_scope); timings
// per stage come back.
export default route({
  POST: method(ops.runMatching, async ({ input, ctx, claims }) =>
    runMatchingPipeline(ctx.db, claims!, input.communityId ? { communityId: input.communityId } : { streetId: input.streetId! }),
  ),
})
