import { ops } from '../../core/contracts/api'
import { TEMPLATE_GROUPS, type TemplateGroup } from '../../core/contracts/subscriptions'
import type { Context } from '../_lib/context'
import { method, route, sqlArgs } from '../_lib/http'
import { templateIds } from '../_lib/notify'

// The template ids come from the server's configuration (one place: the environment), so the mini-program needs no
// rebuild when a template is changed in the WeChat console.
function answer(ctx: Context, credits: Partial<Record<TemplateGroup, number>>) {
  return {
    templates: templateIds(ctx.env),
    credits: Object.fromEntries(TEMPLATE_GROUPS.map((g) => [g, credits[g] ?? 0])) as Record<TemplateGroup, number>,
  }
}

export default route({
  GET: method(ops.getSubscriptions, async ({ ctx, claims }) => answer(ctx, await ctx.db.rpc('subscriptions_get', {}, claims!))),
  POST: method(ops.recordSubscriptions, async ({ input, ctx, claims }) =>
    answer(ctx, await ctx.db.rpc('subscriptions_record', sqlArgs(input), claims!)),
  ),
})
