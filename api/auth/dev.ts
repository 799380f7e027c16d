import { randomUUID } from 'node:crypto'
import { ops } from '../../core/contracts/api'
import { NEWCOMER_HANDLE } from '../../core/contracts/auth'
import type { Profile } from '../../core/contracts/auth'
import { DomainError } from '../../core/errors'
import { SERVICE_CLAIMS } from '../_lib/db/types'
import { method, route } from '../_lib/http'
import { issueLogin } from '../_lib/profile'

export default route({
  POST: method(ops.devLogin, async ({ input, ctx }) => {
    // Exists only where explicitly enabled (local development, H5 demo); elsewhere it is not there at all.
    if (!ctx.env.AUTH_DEV_LOGIN) throw new DomainError('auth.dev_login_disabled')
    // 新用户: what a first WeChat login does (a fresh profile, no community), for trying 居民入驻 in the browser
    const profile =
      input.handle === NEWCOMER_HANDLE
        ? await ctx.db.rpc<Profile>('auth_upsert_wechat', { p_openid: `dev-newcomer-${randomUUID()}` }, SERVICE_CLAIMS)
        : await ctx.db.rpc<Profile>('auth_profile_by_handle', { p_handle: input.handle }, SERVICE_CLAIMS)
    return issueLogin(ctx, profile)
  }),
})
