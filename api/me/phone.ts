import { ops } from '../../core/contracts/api'
import { SERVICE_CLAIMS } from '../_lib/db/types'
import { method, route } from '../_lib/http'

// WeChat vouches for the number; only then is it stored, on the profile of the verified token. The storing
// function is service-role only, so nobody can call it with a number of their choosing.
export default route({
  POST: method(ops.bindPhone, async ({ input, ctx, claims }) => {
    const phone = await ctx.wechat.getPhoneNumber(input.code)
    return ctx.db.rpc('phone_bind', { p_profile_id: claims!.sub, p_phone: phone }, SERVICE_CLAIMS)
  }),
})
