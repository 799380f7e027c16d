import type { Profile } from '../../core/contracts/auth'
import type { Context } from './context'
import { signToken } from './jwt'

/** Issues the API token for a profile just loaded from the database (roles come from there, never the request). */
export async function issueLogin(ctx: Context, profile: Profile): Promise<{ token: string; profile: Profile }> {
  // a suspended account gets no new token (its old ones are refused by app.check_request on every call)
  await ctx.db.rpc('request_check', {}, { role: 'authenticated', sub: profile.id, aud: 'authenticated' })
  const token = await signToken(
    ctx.env.SUPABASE_JWT_SECRET,
    { sub: profile.id, community_id: profile.communityId, app_roles: profile.roles },
    ctx.env.JWT_TTL_SECONDS,
  )
  return { token, profile }
}
