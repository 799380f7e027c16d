import { ops } from '../../core/contracts/api'
import type { z } from 'zod'
import type { ZBeanMovement } from '../../core/contracts/beans'
import { method, route, sqlArgs } from '../_lib/http'

export default route({
  GET: method(ops.beansMe, async ({ input, ctx, claims }) => {
    const page = await ctx.db.rpc<{ balance: number; items: z.infer<typeof ZBeanMovement>[]; nextCursor: string | null }>('beans_me', sqlArgs(input), claims!)
    return { balance: page.balance, movements: page.items, nextCursor: page.nextCursor }
  }),
})
