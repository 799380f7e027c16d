import { cleanup, fireEvent, render, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { me as refreshProfile } from '../../../services/auth'
import { registerVolunteer, volunteerMe } from '../../../services/volunteers'
import { resetTaroMock } from '../../../testing/taroMock'
import { loginAs, me, registration } from '../../testing/fixtures'
import RegisterPage from './index'

vi.mock('@tarojs/taro', async () => (await import('../../../testing/taroMock')).taroModule)
vi.mock('../../../services/auth', () => ({ me: vi.fn() }))
vi.mock('../../../services/volunteers', () => ({ volunteerMe: vi.fn(), registerVolunteer: vi.fn() }))

beforeEach(() => {
  resetTaroMock()
  vi.mocked(refreshProfile).mockReset().mockReturnValue(new Promise(() => undefined))
  vi.mocked(volunteerMe).mockReset()
  vi.mocked(registerVolunteer).mockReset()
  loginAs(['resident'])
})
afterEach(cleanup)

describe('志愿者报到 page', () => {
  it('lists my registrations with status and the reason of a rejection; a rejected kind can be registered again', async () => {
    vi.mocked(volunteerMe).mockResolvedValue(
      me({ registrations: [registration({ kind: 'talent', status: 'rejected', reviewReason: '请补充特长说明', workUnit: null, partyOrg: null })] }),
    )
    const { container } = render(<RegisterPage />)
    await waitFor(() => expect(container.querySelector('.register-item')).not.toBeNull())
    expect(container.querySelector('.register-status')?.textContent).toBe('未通过')
    expect(container.querySelector('.register-review-reason')?.textContent).toBe('未通过原因：请补充特长说明')
    expect(container.querySelector('.register-kind-talent')?.className).not.toContain('is-disabled')
  })

  it('a new registration appears as 待审核 after submitting', async () => {
    vi.mocked(volunteerMe).mockResolvedValue(me())
    vi.mocked(registerVolunteer).mockResolvedValue(registration())
    const { container } = render(<RegisterPage />)
    await waitFor(() => expect(container.querySelector('.register-kind-party_member')).not.toBeNull())
    expect(container.querySelector('.register-item')).toBeNull()
    fireEvent.click(container.querySelector('.register-kind-party_member')!)
    await waitFor(() => expect(container.querySelector('.register-work-unit input')).not.toBeNull())
    fireEvent.input(container.querySelector('.register-work-unit input')!, { target: { value: '市第一医院' } })
    fireEvent.click(container.querySelector('.register-submit')!)
    await waitFor(() => expect(container.querySelector('.register-status')?.textContent).toBe('待审核'))
    expect(container.querySelector('.register-kind-party_member')?.className).toContain('is-disabled')
  })
})
