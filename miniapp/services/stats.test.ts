import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { StatsFigures, StatsOverview } from '../../core/contracts'
import { ok, resetSignedIn, sent } from '../testing/requests'
import { Taro } from '../testing/taroMock'
import { getStatsOverview } from './stats'

vi.mock('@tarojs/taro', async () => (await import('../testing/taroMock')).taroModule)

const COMMUNITY = '20000000-0000-4000-8000-00000000000a'
const STREET = '10000000-0000-4000-8000-000000000001'

beforeEach(resetSignedIn)

const band = { count: 0, share: 0 }
const figures: StatsFigures = {
  needs: {
    total: 1, byStatus: [{ key: 'submitted', label: '已提交', count: 1 }], byCategory: [], byTrack: [], byGrid: [],
    overdue: { withDeadline: 0, overdue: 0, rate: null }, firstResponse: { count: 0, medianMinutes: null },
    resolution: { count: 0, medianMinutes: null }, satisfaction: { rated: 0, average: null, highShare: null },
  },
  services: { created: 0, byStatus: [], completed: 0, beneficiaries: 0 },
  volunteers: { hours: 0, shifts: 0, volunteers: 0, participation: { residents: 0, targetHours: 12, bands: { core: band, active: band, general: band }, ideal: { core: 0.1, active: 0.2, general: 0.7 } } },
  beans: { issued: 0, redeemed: 0, redemptions: 0 },
  deliberation: { meetingsHeld: 0, meetingsNotHeld: 0, coverage: { covered: 0, communities: 1, rate: 0 }, conversion: { passed: 0, completed: 0, rate: null } },
}
const overview: StatsOverview = {
  scope: { kind: 'community', id: COMMUNITY, name: '和平社区' }, period: { from: '2026-09-01', to: '2026-09-30' }, totals: figures, communities: [],
}

describe('services/stats', () => {
  it('asks for one community and a period, and validates the answer', async () => {
    ok(overview)
    expect(await getStatsOverview({ communityId: COMMUNITY }, { from: '2026-09-01', to: '2026-09-30' })).toEqual(overview)
    expect(sent()).toMatchObject({ url: `/api/stats/overview?communityId=${COMMUNITY}&from=2026-09-01&to=2026-09-30`, method: 'GET' })
    await getStatsOverview({ streetId: STREET })
    expect(sent(1).url).toBe(`/api/stats/overview?streetId=${STREET}`)
    ok({ ...overview, totals: { ...figures, needs: { ...figures.needs, total: -1 } } })
    await expect(getStatsOverview({ communityId: COMMUNITY })).rejects.toMatchObject({ code: 'bad_response' })
  })

  it('refuses what the server would refuse, naming the field, without sending', async () => {
    await expect(getStatsOverview({})).rejects.toMatchObject({ status: 400, field: 'communityId' })
    await expect(getStatsOverview({ communityId: COMMUNITY, streetId: STREET })).rejects.toMatchObject({ field: 'communityId' })
    await expect(getStatsOverview({ communityId: COMMUNITY }, { from: '0000-01-01', to: '2026-01-01' })).rejects.toMatchObject({ field: 'from' })
    await expect(getStatsOverview({ communityId: COMMUNITY }, { from: '2026-09-02', to: '2026-09-01' })).rejects.toMatchObject({ field: 'to', message: '结束日期不能早于开始日期' })
    expect(Taro.request).not.toHaveBeenCalled()
  })
})
