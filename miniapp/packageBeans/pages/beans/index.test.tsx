import { cleanup, fireEvent, render, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { getMyBeans } from '../../../services/beans'
import { ApiError, NETWORK_ERROR_MESSAGE } from '../../../services/errors'
import { Taro, resetTaroMock, triggerReachBottom } from '../../../testing/taroMock'
import { deferred, loginAs, movement } from '../../testing/fixtures'
import BeansPage from './index'

vi.mock('@tarojs/taro', async () => (await import('../../../testing/taroMock')).taroModule)
vi.mock('../../../services/beans', () => ({ getMyBeans: vi.fn() }))

const beans = vi.mocked(getMyBeans)

beforeEach(() => {
  resetTaroMock()
  beans.mockReset()
  loginAs(['talent'])
})
afterEach(cleanup)

function setup() {
  const { container } = render(<BeansPage />)
  const q = (sel: string) => container.querySelector<HTMLElement>(sel)
  const all = (sel: string) => Array.from(container.querySelectorAll<HTMLElement>(sel))
  return { container, q, all }
}

const first = {
  balance: 70,
  movements: [
    movement({ id: 12, amount: -30, balanceAfter: 70, kind: 'redeem', reason: '兑换：免费理发一次', at: '2024-11-23T02:00:00Z' }),
    movement({ id: 11, amount: 100, balanceAfter: 100, kind: 'award_manual', reason: '帮助社区搬运物资' }),
  ],
  nextCursor: '11',
}

describe('金豆 page', () => {
  it('shows the balance big and the history with signed, coloured amounts and kind labels', async () => {
    beans.mockResolvedValue({ ...first, nextCursor: null })
    const f = setup()
    expect(f.q('.beans-loading')).not.toBeNull()
    await waitFor(() => expect(f.q('.beans-balance')?.textContent).toBe('70'))
    expect(beans).toHaveBeenCalledWith()
    const rows = f.all('.beans-item')
    expect(rows).toHaveLength(2)
    expect(rows[0].querySelector('.beans-kind')?.textContent).toBe('兑换')
    expect(rows[0].querySelector('.beans-amount')?.textContent).toBe('−30')
    expect(rows[0].querySelector('.beans-amount')?.className).toContain('amount-minus')
    expect(rows[0].querySelector('.beans-reason')?.textContent).toBe('兑换：免费理发一次')
    expect(rows[0].querySelector('.beans-after')?.textContent).toBe('余额 70')
    expect(rows[1].querySelector('.beans-kind')?.textContent).toBe('社区奖励')
    expect(rows[1].querySelector('.beans-amount')?.textContent).toBe('+100')
    expect(rows[1].querySelector('.beans-amount')?.className).toContain('amount-plus')
    // no next page: no 加载更多
    expect(f.q('.beans-more')).toBeNull()
    expect(f.q('.beans-how')?.textContent).toContain('如何获得金豆')
    expect(f.q('.beans-how')?.textContent).toContain('志愿服务')
  })

  it('加载更多 fetches the next page with the cursor and appends it, once per tap', async () => {
    beans.mockResolvedValueOnce(first)
    const d = deferred<Awaited<ReturnType<typeof getMyBeans>>>()
    beans.mockReturnValueOnce(d.promise)
    const f = setup()
    await waitFor(() => expect(f.q('.beans-more')).not.toBeNull())
    fireEvent.click(f.q('.beans-more')!)
    await waitFor(() => expect(f.q('.beans-more')?.textContent).toBe('正在加载…'))
    fireEvent.click(f.q('.beans-more')!)
    triggerReachBottom()
    expect(beans).toHaveBeenCalledTimes(2)
    expect(beans).toHaveBeenLastCalledWith({ cursor: '11' })
    d.resolve({ balance: 70, movements: [movement({ id: 10, amount: 5, balanceAfter: 0, kind: 'award_shift', reason: null })], nextCursor: null })
    await waitFor(() => expect(f.all('.beans-item')).toHaveLength(3))
    expect(f.all('.beans-kind').map((e) => e.textContent)).toEqual(['兑换', '社区奖励', '志愿服务'])
    expect(f.q('.beans-more')).toBeNull()
  })

  it('a failed next page keeps the list and says why; 加载更多 tries again', async () => {
    beans.mockResolvedValueOnce(first).mockRejectedValueOnce(new ApiError(0, 'network', NETWORK_ERROR_MESSAGE))
    const f = setup()
    await waitFor(() => expect(f.q('.beans-more')).not.toBeNull())
    fireEvent.click(f.q('.beans-more')!)
    await waitFor(() => expect(f.q('.beans-more-error')?.textContent).toBe(NETWORK_ERROR_MESSAGE))
    expect(f.all('.beans-item')).toHaveLength(2)
    beans.mockResolvedValueOnce({ balance: 70, movements: [movement({ id: 9 })], nextCursor: null })
    fireEvent.click(f.q('.beans-more')!)
    await waitFor(() => expect(f.all('.beans-item')).toHaveLength(3))
    expect(f.q('.beans-more-error')).toBeNull()
  })

  it('scrolling to the bottom loads the next page too', async () => {
    beans.mockResolvedValueOnce(first).mockResolvedValueOnce({ balance: 70, movements: [movement({ id: 9 })], nextCursor: null })
    const f = setup()
    await waitFor(() => expect(f.q('.beans-more')).not.toBeNull())
    triggerReachBottom()
    await waitFor(() => expect(f.all('.beans-item')).toHaveLength(3))
  })

  it('empty history: explains how to start', async () => {
    beans.mockResolvedValue({ balance: 0, movements: [], nextCursor: null })
    const f = setup()
    await waitFor(() => expect(f.q('.beans-empty')).not.toBeNull())
    expect(f.q('.beans-balance')?.textContent).toBe('0')
  })

  it('error with 重试', async () => {
    beans.mockRejectedValueOnce(new ApiError(500, 'server_error', '服务暂时不可用，请稍后再试')).mockResolvedValueOnce(first)
    const f = setup()
    await waitFor(() => expect(f.q('.beans-error')?.textContent).toContain('服务暂时不可用'))
    fireEvent.click(f.q('.beans-retry')!)
    await waitFor(() => expect(f.q('.beans-balance')?.textContent).toBe('70'))
  })

  it('links: rewards for everyone, 核销 and 发放 only for the roles that may', async () => {
    beans.mockResolvedValue(first)
    let f = setup()
    await waitFor(() => expect(f.q('.beans-go-rewards')).not.toBeNull())
    expect(f.q('.beans-go-verify')).toBeNull()
    expect(f.q('.beans-go-award')).toBeNull()
    fireEvent.click(f.q('.beans-go-rewards')!)
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packageBeans/pages/rewards/index' })
    cleanup()
    loginAs(['staff'])
    f = setup()
    await waitFor(() => expect(f.q('.beans-go-award')).not.toBeNull())
    expect(f.q('.beans-go-verify')).not.toBeNull()
    fireEvent.click(f.q('.beans-go-award')!)
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packageBeans/pages/award/index' })
  })
})
