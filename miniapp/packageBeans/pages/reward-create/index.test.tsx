import { cleanup, fireEvent, render, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createReward } from '../../../services/beans'
import { Taro, resetTaroMock } from '../../../testing/taroMock'
import { loginAs, reward } from '../../testing/fixtures'
import CreateRewardPage from './index'

// Issue 15: after 发布兑换 the person lands on the reward catalogue, wherever the form was opened from.
vi.mock('@tarojs/taro', async () => (await import('../../../testing/taroMock')).taroModule)
vi.mock('../../../services/beans', async (orig) => ({ ...(await orig<object>()), createReward: vi.fn() }))

const REWARDS = '/packageBeans/pages/rewards/index'

beforeEach(() => {
  resetTaroMock()
  vi.mocked(createReward).mockReset()
  vi.mocked(createReward).mockResolvedValue(reward())
  loginAs(['unit'])
})
afterEach(cleanup)

async function publish() {
  const view = render(<CreateRewardPage />)
  const q = (sel: string) => view.container.querySelector<HTMLElement>(sel)
  await waitFor(() => expect(q('.reward-title input')).not.toBeNull())
  fireEvent.input(q('.reward-title input')!, { target: { value: '免费理发一次' } })
  fireEvent.input(q('.reward-price input')!, { target: { value: '30' } })
  fireEvent.input(q('.reward-stock input')!, { target: { value: '5' } })
  fireEvent.click(q('.reward-submit')!)
  await waitFor(() => expect(createReward).toHaveBeenCalledTimes(1))
}

describe('发布兑换 → the reward catalogue', () => {
  it('opened from 我的: replaced by the catalogue, not back to 我的', async () => {
    Taro.getCurrentPages.mockImplementation(() => [{ route: 'pages/mine/index' }, { route: 'packageBeans/pages/reward-create/index' }])
    await publish()
    await waitFor(() => expect(Taro.redirectTo).toHaveBeenCalledWith({ url: REWARDS }), { timeout: 2000 })
    expect(Taro.navigateBack).not.toHaveBeenCalled()
  })

  it('opened from the catalogue: back to it (it reloads on show)', async () => {
    Taro.getCurrentPages.mockImplementation(() => [{ route: 'packageBeans/pages/rewards/index' }, { route: 'packageBeans/pages/reward-create/index' }])
    await publish()
    await waitFor(() => expect(Taro.navigateBack).toHaveBeenCalledTimes(1), { timeout: 2000 })
    expect(Taro.redirectTo).not.toHaveBeenCalled()
  })

  it('opened directly (a shared link): the catalogue too', async () => {
    Taro.getCurrentPages.mockImplementation(() => [{ route: 'packageBeans/pages/reward-create/index' }])
    await publish()
    await waitFor(() => expect(Taro.redirectTo).toHaveBeenCalledWith({ url: REWARDS }), { timeout: 2000 })
  })
})
