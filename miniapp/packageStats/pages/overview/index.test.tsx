import { cleanup, fireEvent, render, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { StatsFigures, StatsOverview } from '../../../../core/contracts'
import { ApiError } from '../../../services/errors'
import { getStatsOverview } from '../../../services/stats'
import { resetTaroMock, router } from '../../../testing/taroMock'
import { COMMUNITY_A, STREET, loginAs } from '../../../packageAdmin/testing/fixtures'
import StatsOverviewPage, { duration, periodOf } from './index'

vi.mock('@tarojs/taro', async () => (await import('../../../testing/taroMock')).taroModule)
vi.mock('../../../services/stats', () => ({ getStatsOverview: vi.fn() }))
const get = vi.mocked(getStatsOverview)

const COMMUNITY_B = '20000000-0000-4000-8000-0000000000bb'

function figures(over: { needs?: number; overdue?: [number, number]; hours?: number; held?: number; notHeld?: number } = {}): StatsFigures {
  const band = { count: 0, share: 0 }
  const [withDeadline, overdue] = over.overdue ?? [0, 0]
  return {
    needs: {
      total: over.needs ?? 0,
      byStatus: [{ key: 'submitted', label: '已提交', count: over.needs ?? 0 }],
      byCategory: [{ key: 'parking', label: '停车', count: over.needs ?? 0 }],
      byTrack: [{ key: 'none', label: '未分流', count: over.needs ?? 0 }],
      byGrid: [{ key: 'g1', label: '第一网格', count: over.needs ?? 0 }],
      overdue: { withDeadline, overdue, rate: withDeadline ? overdue / withDeadline : null },
      firstResponse: { count: 1, medianMinutes: 45 },
      resolution: { count: 1, medianMinutes: 3000 },
      satisfaction: { rated: 2, average: 4.5, highShare: 1 },
    },
    services: { created: 1, byStatus: [{ key: 'completed', label: '已完成', count: 1 }], completed: 1, beneficiaries: 12 },
    volunteers: { hours: over.hours ?? 0, shifts: 2, volunteers: 2, participation: { residents: 10, targetHours: 12, bands: { core: band, active: band, general: { count: 10, share: 1 } }, ideal: { core: 0.1, active: 0.2, general: 0.7 } } },
    beans: { issued: 300, redeemed: 30, redemptions: 1 },
    deliberation: {
      meetingsHeld: over.held ?? 0,
      meetingsNotHeld: over.notHeld ?? 0,
      coverage: { covered: over.held ? 1 : 0, communities: 1, rate: over.held ? 1 : 0 },
      conversion: { passed: 2, completed: 1, rate: 0.5 },
    },
  }
}

function overview(over: Partial<StatsOverview> = {}): StatsOverview {
  return {
    scope: { kind: 'community', id: COMMUNITY_A, name: '和平社区' },
    period: { from: '2026-10-30', to: '2026-11-28' },
    totals: figures({ needs: 7, overdue: [4, 1], hours: 3.5, held: 1, notHeld: 2 }),
    communities: [],
    ...over,
  }
}

beforeEach(() => {
  resetTaroMock()
  get.mockReset()
})
afterEach(cleanup)

describe('数据看板 page', () => {
  it("staff see their community's figures and charts; a held-only coverage note; the period chips reload", async () => {
    loginAs('staff')
    get.mockResolvedValue(overview())
    const { container } = render(<StatsOverviewPage />)
    await waitFor(() => expect(container.querySelector('.stats-needs-total .stats-figure-value')?.textContent).toBe('7'))
    expect(get).toHaveBeenCalledWith({ communityId: COMMUNITY_A, streetId: undefined }, expect.objectContaining({ from: expect.any(String), to: expect.any(String) }))
    expect(container.querySelector('.stats-overdue .stats-figure-value')?.textContent).toBe('25%')
    expect(container.querySelector('.stats-first-response .stats-figure-value')?.textContent).toBe('45 分钟')
    expect(container.querySelector('.stats-resolution .stats-figure-value')?.textContent).toBe('2.1 天')
    expect(container.querySelector('.stats-meetings .stats-figure-hint')?.textContent).toContain('2 场未召开，不计入覆盖率')
    expect(container.querySelectorAll('.stats-chart').length).toBe(6)
    expect(container.querySelector('.stats-compare')).toBeNull()
    fireEvent.click(container.querySelector('.stats-period-year')!)
    await waitFor(() => expect(get).toHaveBeenCalledTimes(2))
    expect(get.mock.calls[1][1]?.from).toMatch(/^\d{4}-01-01$/)
  })

  it('the street administrator sees the street summed, then community by community', async () => {
    loginAs('street_admin')
    get.mockResolvedValue(overview({
      scope: { kind: 'street', id: STREET, name: '鼓楼街道' },
      communities: [
        { communityId: COMMUNITY_A, name: '和平社区', figures: figures({ needs: 5, hours: 2 }) },
        { communityId: COMMUNITY_B, name: '光明社区', figures: figures({ needs: 2, hours: 1.5 }) },
      ],
    }))
    const { container } = render(<StatsOverviewPage />)
    await waitFor(() => expect(container.querySelectorAll('.stats-compare-row')).toHaveLength(2))
    expect(get.mock.calls[0][0]).toEqual({ communityId: undefined, streetId: STREET })
    expect(container.querySelector('.stats-compare-row')?.textContent).toContain('和平社区5')
  })

  it('a refusal shows the reason with 重试', async () => {
    loginAs('staff')
    router.params = { communityId: COMMUNITY_A }
    get.mockRejectedValueOnce(new ApiError(403, 'auth.forbidden', '您没有权限进行此操作')).mockResolvedValueOnce(overview())
    const { container } = render(<StatsOverviewPage />)
    await waitFor(() => expect(container.querySelector('.stats-error')?.textContent).toContain('没有权限'))
    fireEvent.click(container.querySelector('.stats-retry')!)
    await waitFor(() => expect(container.querySelector('.stats-needs-total')).not.toBeNull())
  })

  it('periods and durations read as people say them', () => {
    const now = new Date('2026-11-28T03:00:00Z')
    expect(periodOf('month', now)).toEqual({ from: '2026-11-01', to: '2026-11-28' })
    expect(periodOf('year', now)).toEqual({ from: '2026-01-01', to: '2026-11-28' })
    expect(periodOf('30d', now)).toEqual({ from: '2026-10-30', to: '2026-11-28' })
    expect([duration(null), duration(30), duration(90), duration(4320)]).toEqual(['—', '30 分钟', '1.5 小时', '3 天'])
  })
})
