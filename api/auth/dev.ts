import { ops } from '../../core/contracts/api'
import type { Profile } from '../../core/contracts/auth'
import { DomainError } from '../../core/errors'
import { SERVICE_CLAIMS } from '../_lib/db/types'
import { method, route } from '../_lib/http'
import { issueLogin } from '../_lib/profile'

export default route({
  POST: method(ops.devLogin, async ({ input, ctx }) => {
    // Exists only where explicitly enabled (local development, H5 demo); elsewhere it is not there at all.
    if (!ctx.env.AUTH_DEV_LOGIN) throw new DomainError('auth.dev_login_disabled')
    const profile = await ctx.db.rpc<Profile>('auth_profile_by_handle', { p_handle: input.handle }, SERVICE_CLAIMS)
    return issueLogin(ctx, profile)
  }),
})
