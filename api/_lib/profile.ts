import type { Profile } from '../../core/contracts/auth'
import type { Context } from './context'
import { signToken } from './jwt'

/** Issues the API token for a profile just loaded from the database (roles come from there, never the request). */
export async function issueLogin(ctx: Context, profile: Profile): Promise<{ token: string; profile: Profile }> {
  const token = await signToken(
    ctx.env.SUPABASE_JWT_SECRET,
    { sub: profile.id, community_id: profile.communityId, app_roles: profile.roles },
    ctx.env.JWT_TTL_SECONDS,
  )
  return { token, profile }
}
