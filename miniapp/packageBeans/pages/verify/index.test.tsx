import { cleanup, fireEvent, render, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { listRewards, verifyRedemption, type VerifyResult } from '../../../services/beans'
import { ApiError, NETWORK_ERROR_MESSAGE } from '../../../services/errors'
import { resetTaroMock } from '../../../testing/taroMock'
import { ME, REWARD_2, deferred, loginAs, reward, verified } from '../../testing/fixtures'
import { revealSpy } from '../../../testing/reveal'
import VerifyPage from './index'

vi.mock('@tarojs/taro', async () => (await import('../../../testing/taroMock')).taroModule)
vi.mock('../../../services/beans', () => ({ verifyRedemption: vi.fn(), listRewards: vi.fn() }))

const verify = vi.mocked(verifyRedemption)
const rewardsList = vi.mocked(listRewards)

beforeEach(() => {
  resetTaroMock()
  verify.mockReset()
  rewardsList.mockReset()
  rewardsList.mockResolvedValue({ items: [], nextCursor: null })
  loginAs(['unit'])
})
afterEach(cleanup)

function setup() {
  const { container } = render(<VerifyPage />)
  const q = <T extends Element = HTMLElement>(sel: string) => container.querySelector<T>(sel)
  const type = (value: string) => fireEvent.input(q<HTMLInputElement>('.verify-code input')!, { target: { value } })
  const ready = () => waitFor(() => expect(q('.verify-code input')).not.toBeNull())
  return { container, q, type, ready }
}

describe('核销 page', () => {
  it('a wrong code shows the server\'s message next to the field and keeps the code for fixing', async () => {
    verify.mockRejectedValue(new ApiError(404, 'redemption.code_invalid', '兑换码无效或已核销', 'code'))
    const f = setup()
    await f.ready()
    f.type('654321')
    fireEvent.click(f.q('.verify-submit')!)
    await waitFor(() => expect(f.q('.field-error.field-error-code')?.textContent).toBe('兑换码无效或已核销'))
    expect(verify).toHaveBeenCalledWith('654321')
    expect(f.q<HTMLInputElement>('.verify-code input')?.value).toBe('654321')
    expect(f.q('.verify-code')?.className).toContain('has-error')
    expect(f.q('.verify-result')).toBeNull()
    // editing clears the message
    f.type('65432')
    await waitFor(() => expect(f.q('.field-error-code')).toBeNull())
  })

  it('success shows the holder and the reward, and empties the box for the next person', async () => {
    const d = deferred<VerifyResult>()
    verify.mockReturnValue(d.promise)
    const f = setup()
    await f.ready()
    f.type('123456')
    fireEvent.click(f.q('.verify-submit')!)
    await waitFor(() => expect(f.q('.verify-submit')?.textContent).toContain('正在核销…'))
    fireEvent.click(f.q('.verify-submit')!)
    expect(verify).toHaveBeenCalledTimes(1)
    d.resolve(verified({ holderName: '周师傅', rewardTitle: '免费理发一次' }))
    await waitFor(() => expect(f.q('.verify-result')).not.toBeNull())
    expect(f.q('.verify-holder')?.textContent).toBe('周师傅')
    expect(f.q('.verify-reward')?.textContent).toBe('免费理发一次')
    expect(f.q('.verify-result')?.textContent).toContain('核销成功')
    await waitFor(() => expect(f.q<HTMLInputElement>('.verify-code input')?.value).toBe(''))
  })

  it('a failure without a field (network) is shown above the button', async () => {
    verify.mockRejectedValue(new ApiError(0, 'network', NETWORK_ERROR_MESSAGE))
    const f = setup()
    await f.ready()
    f.type('123456')
    fireEvent.click(f.q('.verify-submit')!)
    await waitFor(() => expect(f.q('.verify-form-error')?.textContent).toBe(NETWORK_ERROR_MESSAGE))
    expect(f.q('.field-error-code')).toBeNull()
    expect(f.q<HTMLInputElement>('.verify-code input')?.value).toBe('123456')
  })

  it('a resident is told who can verify instead of getting the form', async () => {
    loginAs(['resident'])
    const f = setup()
    await waitFor(() => expect(f.q('.verify-denied')).not.toBeNull())
    expect(f.q('.verify-submit')).toBeNull()
  })

  it('staff may verify too', async () => {
    loginAs(['staff'])
    const f = setup()
    await f.ready()
    expect(f.q('.verify-submit')).not.toBeNull()
  })

  it('a provider with several rewards may say which one the code is for; the choice is sent with the code', async () => {
    rewardsList.mockResolvedValue({
      items: [reward({ providerId: ME, title: '免费理发一次' }), reward({ id: REWARD_2, providerId: ME, title: '家电上门维修' }), reward({ id: 'x', title: '别家的项目' })],
      nextCursor: null,
    })
    verify.mockResolvedValue(verified())
    const f = setup()
    await f.ready()
    await waitFor(() => expect(f.container.querySelectorAll('.verify-reward-choice').length).toBe(2))
    // another provider's reward is not offered; nothing is chosen at first
    expect(f.q('.verify-rewards')?.textContent).not.toContain('别家的项目')
    expect(f.q('.verify-reward-any')?.getAttribute('aria-checked')).toBe('true')
    fireEvent.click(f.q('.verify-reward-1')!)
    expect(f.q('.verify-reward-1')?.getAttribute('role')).toBe('radio')
    expect(f.q('.verify-reward-1')?.getAttribute('aria-checked')).toBe('true')
    f.type('123456')
    fireEvent.click(f.q('.verify-submit')!)
    await waitFor(() => expect(verify).toHaveBeenCalledWith('123456', REWARD_2))
  })

  it('a provider with one reward is not asked; a wrong code brings the field into view', async () => {
    rewardsList.mockResolvedValue({ items: [reward({ providerId: ME })], nextCursor: null })
    verify.mockRejectedValue(new ApiError(404, 'redemption.code_invalid', '兑换码无效或已核销', 'code'))
    const spy = revealSpy()
    const f = setup()
    await f.ready()
    await waitFor(() => expect(rewardsList).toHaveBeenCalled())
    expect(f.q('.verify-rewards')).toBeNull()
    f.type('111111')
    fireEvent.click(f.q('.verify-submit')!)
    await waitFor(() => expect(f.q('.field-error-code')).not.toBeNull())
    await spy.revealed()
    expect(verify).toHaveBeenCalledWith('111111')
  })
})
