import { cleanup, fireEvent, render, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { deliberationMetrics } from '../../../services/deliberation'
import { ApiError } from '../../../services/errors'
import { profile, signIn } from '../../../testing/fixtures'
import { resetTaroMock, storage } from '../../../testing/taroMock'
import { D, metrics } from '../../testing/fixtures'
import MetricsPage from './index'

vi.mock('@tarojs/taro', async () => (await import('../../../testing/taroMock')).taroModule)
vi.mock('../../../services/deliberation', async (orig) => ({ ...(await orig<object>()), deliberationMetrics: vi.fn() }))

beforeEach(() => {
  resetTaroMock()
  vi.mocked(deliberationMetrics).mockReset()
  signIn(profile({ roles: ['staff'], streetId: D.street, streetName: '和平街道' }))
})
afterEach(cleanup)

describe('metrics page', () => {
  it('shows coverage and conversion rates with the lists behind them, for the person’s street and this quarter', async () => {
    vi.mocked(deliberationMetrics).mockResolvedValue(metrics())
    const { container } = render(<MetricsPage />)
    await waitFor(() => expect(container.querySelector('.metrics-coverage')).not.toBeNull())
    const q = (sel: string) => container.querySelector<HTMLElement>(sel)
    expect(q('.metrics-coverage-rate')?.textContent).toBe('50%')
    expect(q('.metrics-coverage')?.textContent).toContain('1 / 2 个')
    const communities = Array.from(container.querySelectorAll('.metrics-community')).map((e) => e.textContent)
    expect(communities).toEqual(['A 社区已开展', 'B 社区未开展'])
    expect(q('.metrics-conversion-rate')?.textContent).toBe('33.3%')
    const rows = Array.from(container.querySelectorAll('.metrics-resolution')).map((e) => e.textContent)
    expect(rows).toEqual(['加装充电桩（A 社区）已落实', '修缮凉亭（A 社区）落实中'])
    expect(deliberationMetrics).toHaveBeenCalledWith(D.street, expect.stringMatching(/^\d{4}Q[1-4]$/))
  })

  it('switches quarter and shows an error with 重试', async () => {
    vi.mocked(deliberationMetrics).mockResolvedValueOnce(metrics()).mockRejectedValueOnce(new ApiError(403, 'forbidden', '您没有权限进行这个操作')).mockResolvedValueOnce(metrics())
    const { container } = render(<MetricsPage />)
    await waitFor(() => expect(container.querySelector('.metrics-coverage')).not.toBeNull())
    const chips = container.querySelectorAll('.chip')
    expect(chips).toHaveLength(2)
    fireEvent.click(chips[1])
    await waitFor(() => expect(container.querySelector('.metrics-error')?.textContent).toContain('没有权限'))
    const prevQuarter = vi.mocked(deliberationMetrics).mock.calls[1][1]
    expect(prevQuarter).not.toBe(vi.mocked(deliberationMetrics).mock.calls[0][1])
    fireEvent.click(container.querySelector('.metrics-retry')!)
    await waitFor(() => expect(container.querySelector('.metrics-coverage')).not.toBeNull())
    expect(vi.mocked(deliberationMetrics).mock.calls[2][1]).toBe(prevQuarter)
  })

  it('without a street says so and asks nothing', () => {
    storage.set('profile', JSON.stringify(profile({ roles: ['staff'], streetId: null })))
    const { container } = render(<MetricsPage />)
    expect(container.querySelector('.metrics-no-street')).not.toBeNull()
    expect(deliberationMetrics).not.toHaveBeenCalled()
  })
})
