import { cleanup, fireEvent, render, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { whistle } from '../packageVolunteers/testing/fixtures'
import { WhistleBanner } from './WhistleBanner'

vi.mock('@tarojs/taro', async () => (await import('../testing/taroMock')).taroModule)
vi.mock('../services/volunteers', () => ({ respondWhistle: vi.fn() }))

afterEach(cleanup)

describe('社区吹哨 banner: who answered', () => {
  it('staff (the server sends them the responders) see names, kinds and masked phones under the count', () => {
    const w = whistle({
      responded: 2,
      responders: [
        { profileId: '50000000-0000-4000-8000-000000000007', displayName: '孙先生', kinds: ['party_member'], phoneMasked: '138****0007', respondedAt: '2026-11-28T02:00:00.000000Z' },
        { profileId: '50000000-0000-4000-8000-000000000008', displayName: '周师傅', kinds: ['party_member', 'talent'], phoneMasked: null, respondedAt: '2026-11-28T02:05:00.000000Z' },
      ],
    })
    const { container } = render(<WhistleBanner whistles={[w]} canRespond={false} onChange={vi.fn()} />)
    const rows = Array.from(container.querySelectorAll('.whistle-responder'))
    expect(rows).toHaveLength(2)
    expect(rows[0].querySelector('.whistle-responder-name')?.textContent).toBe('孙先生')
    expect(rows[0].querySelector('.whistle-responder-kind')?.textContent).toBe('在职党员')
    expect(rows[0].querySelector('.whistle-responder-phone')?.textContent).toBe('138****0007')
    expect(rows[1].querySelector('.whistle-responder-kind')?.textContent).toBe('在职党员、社区能人')
    expect(rows[1].querySelector('.whistle-responder-phone')).toBeNull()
    expect(container.querySelector('.whistle-count')?.textContent).toBe('已响应 2 / 需要 5 人')
  })

  it('everyone else sees only the count', () => {
    const { container } = render(<WhistleBanner whistles={[whistle({ responded: 2, responders: null })]} canRespond onChange={vi.fn()} />)
    expect(container.querySelector('.whistle-count')?.textContent).toBe('已响应 2 / 需要 5 人')
    expect(container.querySelector('.whistle-responders')).toBeNull()
  })
})

describe('社区吹哨 banner: answering', () => {
  it('响应 is a real button showing progress; a refusal is announced', async () => {
    const { respondWhistle } = await import('../services/volunteers')
    const { ApiError } = await import('../services/errors')
    let fail: (e: unknown) => void = () => undefined
    vi.mocked(respondWhistle).mockImplementationOnce(() => new Promise((_r, j) => (fail = j)))
    const { container } = render(<WhistleBanner whistles={[whistle({ responded: 0, responders: null })]} canRespond onChange={vi.fn()} />)
    const button = container.querySelector('.whistle-respond')!
    expect(button.textContent).toBe('我来响应')
    fireEvent.click(button)
    await waitFor(() => expect(container.querySelector('.whistle-respond')?.textContent).toBe('正在响应…'))
    expect(container.querySelector('.whistle-respond')?.hasAttribute('disabled')).toBe(true)
    fail(new ApiError(409, 'whistle.closed', '人数已满'))
    await waitFor(() => expect(container.querySelector('.whistle-error')?.textContent).toBe('人数已满'))
    expect(container.querySelector('.whistle-error')?.getAttribute('role')).toBe('alert')
    expect(container.querySelector('.whistle-respond')?.textContent).toBe('我来响应')
  })
})
