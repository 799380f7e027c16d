import { cleanup, fireEvent, render, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { me } from '../../services/auth'
import { profile } from '../../testing/fixtures'
import { Taro, resetTaroMock, storage } from '../../testing/taroMock'
import MinePage from './index'

vi.mock('@tarojs/taro', async () => (await import('../../testing/taroMock')).taroModule)
vi.mock('../../services/auth', () => ({ me: vi.fn(), logout: vi.fn() }))

beforeEach(() => {
  resetTaroMock()
  const p = profile({ roles: ['resident', 'party_member'] })
  storage.set('token', 'tok')
  storage.set('profile', JSON.stringify(p))
  vi.mocked(me).mockReset().mockResolvedValue(p)
})
afterEach(cleanup)

describe('我的', () => {
  it('shows the roles and opens 我的服务 and 志愿者报到', async () => {
    const { container } = render(<MinePage />)
    await waitFor(() => expect(me).toHaveBeenCalled())
    expect(Array.from(container.querySelectorAll('.mine-role')).map((e) => e.textContent)).toEqual(['居民', '在职党员'])
    fireEvent.click(container.querySelector('.mine-shifts')!)
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packageVolunteers/pages/shifts/index' })
    fireEvent.click(container.querySelector('.mine-register')!)
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packageVolunteers/pages/register/index' })
  })

  it('opens the bean pages; a resident has no provider or award entries', async () => {
    const { container } = render(<MinePage />)
    await waitFor(() => expect(me).toHaveBeenCalled())
    const cases: Array<[string, string]> = [
      ['.mine-beans-balance', '/packageBeans/pages/beans/index'],
      ['.mine-rewards', '/packageBeans/pages/rewards/index'],
      ['.mine-redemptions', '/packageBeans/pages/redemptions/index'],
      ['.mine-credit', '/packageBeans/pages/credit/index'],
    ]
    for (const [sel, url] of cases) {
      fireEvent.click(container.querySelector(sel)!)
      expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url })
    }
    expect(container.querySelector('.mine-verify')).toBeNull()
    expect(container.querySelector('.mine-award')).toBeNull()
  })

  it('a unit verifies codes and publishes rewards but does not award beans', async () => {
    const p = profile({ roles: ['unit'] })
    storage.set('profile', JSON.stringify(p))
    vi.mocked(me).mockResolvedValue(p)
    const { container } = render(<MinePage />)
    await waitFor(() => expect(me).toHaveBeenCalled())
    fireEvent.click(container.querySelector('.mine-verify')!)
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packageBeans/pages/verify/index' })
    fireEvent.click(container.querySelector('.mine-create-reward')!)
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packageBeans/pages/reward-create/index' })
    expect(container.querySelector('.mine-award')).toBeNull()
  })

  it('staff also award beans', async () => {
    const p = profile({ roles: ['staff'] })
    storage.set('profile', JSON.stringify(p))
    vi.mocked(me).mockResolvedValue(p)
    const { container } = render(<MinePage />)
    await waitFor(() => expect(me).toHaveBeenCalled())
    fireEvent.click(container.querySelector('.mine-award')!)
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packageBeans/pages/award/index' })
  })
})
