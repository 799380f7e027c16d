import type { StatsOverview } from '../../core/contracts'
import { api } from './client'

// 数据看板 (issue 12): the overview of a community (its staff, or the street's admin) or of a whole street (its admin).
// Days are `YYYY-MM-DD` (China time), both included; without them the last 30 days. A bad input fails here with the
// same field and Chinese message as the server's 400, before anything is sent.

export interface StatsScope {
  communityId?: string
  streetId?: string
}

export function getStatsOverview(scope: StatsScope, period: { from?: string; to?: string } = {}): Promise<StatsOverview> {
  return api.stats.statsOverview({
    query: {
      communityId: scope.communityId || undefined,
      streetId: scope.streetId || undefined,
      from: period.from || undefined,
      to: period.to || undefined,
    },
  })
}
