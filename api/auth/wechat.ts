import { ops } from '../../core/contracts/api'
import type { Profile } from '../../core/contracts/auth'
import { SERVICE_CLAIMS } from '../_lib/db/types'
import { method, route } from '../_lib/http'
import { issueLogin } from '../_lib/profile'

export default route({
  POST: method(ops.wechatLogin, async ({ input, ctx }) => {
    const session = await ctx.wechat.code2Session(input.code)
    const profile = await ctx.db.rpc<Profile>('auth_upsert_wechat', { p_openid: session.openid }, SERVICE_CLAIMS)
    return issueLogin(ctx, profile)
  }),
})
