import { cleanup, fireEvent, render, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { verifyRedemption, type VerifyResult } from '../../../services/beans'
import { ApiError, NETWORK_ERROR_MESSAGE } from '../../../services/errors'
import { resetTaroMock } from '../../../testing/taroMock'
import { deferred, loginAs, verified } from '../../testing/fixtures'
import VerifyPage from './index'

vi.mock('@tarojs/taro', async () => (await import('../../../testing/taroMock')).taroModule)
vi.mock('../../../services/beans', () => ({ verifyRedemption: vi.fn() }))

const verify = vi.mocked(verifyRedemption)

beforeEach(() => {
  resetTaroMock()
  verify.mockReset()
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
})
